//! Semantic evidence: how close the meanings of a bead's two sides are, by the sentence encoder.
//!
//! Each sentence is embedded once (cached by a hash of its text, so `batch` and re-runs in one
//! process embed a sentence only once); a window of consecutive sentences is the sum of its
//! sentences' token-state sums, so every bead shape the search tries is scored without another
//! forward pass. The bead's similarity is the cosine of its two window vectors.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use crate::embed::Encoder;

/// The encoder and its cache of sentence vectors, shared by every alignment of an aligner.
#[derive(Debug)]
pub struct SemanticModel {
    encoder: Encoder,
    cache: Mutex<HashMap<u64, Arc<[f32]>>>,
    disk: Option<std::path::PathBuf>,
    /// Weight of the semantic term per sentence of the bead.
    pub weight: f32,
    /// The cosine a bead must beat to gain from the semantic term.
    pub neutral: f32,
}

fn key(text: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

impl SemanticModel {
    /// Wraps a loaded encoder, with the default weights.
    pub fn new(encoder: Encoder) -> SemanticModel {
        SemanticModel { encoder, cache: Mutex::new(HashMap::new()), disk: None, weight: 4.0, neutral: 0.80 }
    }

    /// Also keeps the vectors in `file` (records of a u64 text hash and the vector), read now
    /// and appended to after each embedding, so re-runs embed nothing twice. The file is only a
    /// cache: if it cannot be read or written, sentences are embedded as without it.
    pub fn with_disk_cache(mut self, file: std::path::PathBuf) -> SemanticModel {
        let dim = self.encoder.dim();
        let rec = 8 + 4 * dim;
        if let Ok(bytes) = std::fs::read(&file) {
            if bytes.len() % rec != 0 {
                // Not whole records (an interrupted write): start the cache afresh.
                let _ = std::fs::remove_file(&file);
                self.disk = Some(file);
                return self;
            }
            let cache = self.cache.get_mut().unwrap_or_else(|e| e.into_inner());
            for r in bytes.chunks_exact(rec) {
                let k = u64::from_le_bytes(r[..8].try_into().unwrap_or_default());
                let v: Vec<f32> =
                    r[8..].chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
                cache.insert(k, Arc::from(v));
            }
        }
        self.disk = Some(file);
        self
    }

    fn append(&self, records: &[(u64, &[f32])]) {
        let Some(path) = &self.disk else { return };
        let mut buf = Vec::with_capacity(records.len() * (8 + 4 * self.encoder.dim()));
        for (k, v) in records {
            buf.extend_from_slice(&k.to_le_bytes());
            v.iter().for_each(|x| buf.extend_from_slice(&x.to_le_bytes()));
        }
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        use std::io::Write;
        // Whole records only: one write of the full buffer to a file opened for appending.
        if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
            let _ = f.write_all(&buf);
        }
    }

    /// The token-state sums of `texts`, from the cache where present; embeds only the rest.
    fn sums(&self, texts: &[&str]) -> Vec<Arc<[f32]>> {
        let keys: Vec<u64> = texts.iter().map(|t| key(t)).collect();
        let missing: Vec<(u64, &str)> = {
            let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            let mut seen = std::collections::HashSet::new();
            keys.iter()
                .zip(texts)
                .filter(|(k, _)| !cache.contains_key(k) && seen.insert(**k))
                .map(|(k, t)| (*k, *t))
                .collect()
        };
        if !missing.is_empty() {
            let texts: Vec<&str> = missing.iter().map(|m| m.1).collect();
            let v = self.encoder.token_sums(&texts);
            let records: Vec<(u64, &[f32])> =
                missing.iter().enumerate().map(|(i, (k, _))| (*k, v.row(i))).collect();
            self.append(&records);
            let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            for (k, r) in records {
                cache.insert(k, Arc::from(r));
            }
        }
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        keys.iter()
            .map(|k| cache.get(k).cloned().unwrap_or_else(|| Arc::from(vec![0.0; self.encoder.dim()])))
            .collect()
    }

    /// Sentences embedded so far.
    pub fn cached(&self) -> usize {
        self.cache.lock().map(|c| c.len()).unwrap_or(0)
    }

    /// The evidence for one pair of documents.
    pub fn sides(&self, src: &[&str], tgt: &[&str]) -> Semantic {
        let both: Vec<&str> = src.iter().chain(tgt).copied().collect();
        let mut sums = self.sums(&both);
        let tgt_sums = sums.split_off(src.len());
        Semantic {
            dim: self.encoder.dim(),
            src: sums,
            tgt: tgt_sums,
            weight: self.weight,
            neutral: self.neutral,
        }
    }
}

/// Sentence vectors of one document pair.
#[derive(Debug, Clone)]
pub struct Semantic {
    dim: usize,
    src: Vec<Arc<[f32]>>,
    tgt: Vec<Arc<[f32]>>,
    /// Weight of the term per sentence of the bead.
    pub weight: f32,
    /// The cosine a bead must beat to gain.
    pub neutral: f32,
}

impl Semantic {
    /// Cosine between the windows `src[s0..s1]` and `tgt[t0..t1]` (0 for an empty side).
    pub fn similarity(&self, s0: usize, s1: usize, t0: usize, t1: usize) -> f32 {
        let (src, tgt) = (&self.src[s0..s1], &self.tgt[t0..t1]);
        let (mut dot, mut na, mut nb) = (0f32, 0f32, 0f32);
        for i in 0..self.dim {
            let a: f32 = src.iter().map(|v| v[i]).sum();
            let b: f32 = tgt.iter().map(|v| v[i]).sum();
            dot += a * b;
            na += a * a;
            nb += b * b;
        }
        let (na, nb) = (na.sqrt(), nb.sqrt());
        if na > 0.0 && nb > 0.0 { dot / (na * nb) } else { 0.0 }
    }

    /// The bead-score term: `weight × (cosine − neutral)` per sentence of the bead (half a
    /// sentence per side, as the lexical term counts).
    pub fn score(&self, s0: usize, s1: usize, t0: usize, t1: usize) -> f32 {
        let n = (s1 - s0 + t1 - t0) as f32 / 2.0;
        self.weight * (self.similarity(s0, s1, t0, t1) - self.neutral) * n
    }
}
