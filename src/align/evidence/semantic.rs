//! Semantic evidence: how close in meaning a bead's two sides are, by the sentence encoder.
//!
//! **What.** A bead `src[s0..s1] ↔ tgt[t0..t1]` is scored by the cosine of the encoder's vectors
//! of its two sides, each side embedded as ONE text: its sentences joined (Chinese without a
//! space, English with one), as Bertalign does. A merged window is not the sum of its sentences'
//! vectors: attention runs across the sentence boundary, and the joined text of the right window
//! is closer to the other side than any part of it, which is what decides 1-2 against 1-1 + 0-1.
//!
//! **How much.** e5's cosines are compressed (random pairs about 0.77, true beads about 0.85 on
//! MAC-Dev), and some windows are close to everything. So the term is a *margin*, as in Bertalign:
//! the cosine less the mean of each window's [`SemanticParams::margin_k`] best cosines with single
//! sentences of the other side near the path, times [`SemanticParams::weight`], once per bead.
//!
//! **Where.** Only in the sentence-level pass that runs after the lexical search, inside a window
//! of [`SemanticParams::window`] columns around the lexical path (`Needed::of` lists the
//! windows that pass can touch; nothing else is embedded). Windows hold 1 to
//! [`SemanticParams::max_src`] source and 1 to [`SemanticParams::max_tgt`] target sentences.
//!
//! **Cost.** Embedding dominates (a forward pass per window); the DP itself adds a dot product
//! per bead. Vectors are cached by a SHA-256 of the window's text in memory (shared by every
//! alignment of one [`SemanticModel`], so `batch` and `--corrections` re-runs embed a window once)
//! and optionally on disk ([`SemanticModel::with_disk_cache`]), so re-runs embed nothing.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use super::BeadEvidence;
use crate::align::search::{Span, Window};
use crate::embed::Encoder;

/// How semantic similarity enters the bead score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SemanticParams {
    /// Weight of `cosine − neutral`, per sentence of the bead (half per side).
    pub weight: f32,
    /// The cosine a bead must beat to gain from the semantic term.
    pub neutral: f32,
    /// Most source sentences in one window.
    pub max_src: usize,
    /// Most target sentences in one window.
    pub max_tgt: usize,
    /// Columns either side of the lexical path the semantic pass searches.
    pub window: usize,
    /// Neighbours of the margin: a window's cosine is counted above the mean of its `margin_k`
    /// best cosines with single sentences of the other side near the path (0: plain cosine).
    pub margin_k: usize,
    /// Whether the term counts once per sentence of the bead (half per side), or once per bead.
    pub per_sentence: bool,
}

impl Default for SemanticParams {
    fn default() -> Self {
        SemanticParams {
            weight: 100.0,
            neutral: 0.0,
            max_src: 3,
            max_tgt: 4,
            window: 8,
            margin_k: 4,
            per_sentence: false,
        }
    }
}

/// Counters of what the model did, over its lifetime.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SemanticCounts {
    /// Windows asked for (after de-duplication within one request).
    pub windows: u64,
    /// Windows that were embedded (the rest came from the cache).
    pub embedded: u64,
    /// Nanoseconds spent embedding.
    pub embed_nanos: u64,
}

type Key = [u8; 16];

fn key(text: &str) -> Key {
    let d = Sha256::digest(text.as_bytes());
    let mut k = [0u8; 16];
    k.copy_from_slice(&d[..16]);
    k
}

/// The encoder and its cache of window vectors, shared by every alignment of an aligner.
#[derive(Debug)]
pub struct SemanticModel {
    encoder: Encoder,
    cache: Mutex<HashMap<Key, Arc<[f32]>>>,
    disk: Option<PathBuf>,
    /// How the similarity is scored.
    pub params: SemanticParams,
    windows: AtomicU64,
    embedded: AtomicU64,
    embed_nanos: AtomicU64,
}

impl SemanticModel {
    /// Wraps a loaded encoder, with the default parameters and an empty in-memory cache.
    pub fn new(encoder: Encoder) -> SemanticModel {
        SemanticModel {
            encoder,
            cache: Mutex::new(HashMap::new()),
            disk: None,
            params: SemanticParams::default(),
            windows: AtomicU64::new(0),
            embedded: AtomicU64::new(0),
            embed_nanos: AtomicU64::new(0),
        }
    }

    /// Also keeps the vectors in `file` (records of a 16-byte text hash and the vector), read now
    /// and appended to after each embedding, so re-runs embed nothing twice. The file is only a
    /// cache: when it cannot be read or written, windows are embedded as without it; a torn last
    /// record (an interrupted write) is ignored.
    pub fn with_disk_cache(mut self, file: PathBuf) -> SemanticModel {
        let rec = 16 + 4 * self.encoder.dim();
        if let Ok(bytes) = std::fs::read(&file) {
            let cache = self.cache.get_mut().unwrap_or_else(|e| e.into_inner());
            for r in bytes.chunks_exact(rec) {
                let mut k = [0u8; 16];
                k.copy_from_slice(&r[..16]);
                let v: Vec<f32> =
                    r[16..].chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
                if v.iter().all(|x| x.is_finite()) {
                    cache.insert(k, Arc::from(v));
                }
            }
            if bytes.len() % rec != 0 {
                // Cut the torn tail so later appends stay aligned to whole records.
                if let Ok(f) = std::fs::OpenOptions::new().write(true).open(&file) {
                    let _ = f.set_len((bytes.len() - bytes.len() % rec) as u64);
                }
            }
        }
        self.disk = Some(file);
        self
    }

    /// What the model did so far.
    pub fn counts(&self) -> SemanticCounts {
        SemanticCounts {
            windows: self.windows.load(Ordering::Relaxed),
            embedded: self.embedded.load(Ordering::Relaxed),
            embed_nanos: self.embed_nanos.load(Ordering::Relaxed),
        }
    }

    /// Vectors held in memory.
    pub fn cached(&self) -> usize {
        self.cache.lock().map(|c| c.len()).unwrap_or(0)
    }

    fn append(&self, records: &[(Key, Arc<[f32]>)]) {
        let Some(path) = &self.disk else { return };
        let mut buf = Vec::with_capacity(records.len() * (16 + 4 * self.encoder.dim()));
        for (k, v) in records {
            buf.extend_from_slice(k);
            v.iter().for_each(|x| buf.extend_from_slice(&x.to_le_bytes()));
        }
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        use std::io::Write;
        // One write of whole records to a file opened for appending.
        if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
            let _ = f.write_all(&buf);
        }
    }

    /// Unit vectors of `texts` as passages, from the cache where present; embeds only the rest.
    pub fn vectors(&self, texts: &[String]) -> Vec<Arc<[f32]>> {
        let keys: Vec<Key> = texts.iter().map(|t| key(t)).collect();
        let missing: Vec<(Key, &str)> = {
            let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            let mut seen = HashSet::new();
            keys.iter()
                .zip(texts)
                .filter(|(k, _)| !cache.contains_key(*k) && seen.insert(**k))
                .map(|(k, t)| (*k, t.as_str()))
                .collect()
        };
        self.windows.fetch_add(keys.iter().collect::<HashSet<_>>().len() as u64, Ordering::Relaxed);
        if !missing.is_empty() {
            let t0 = std::time::Instant::now();
            let todo: Vec<&str> = missing.iter().map(|m| m.1).collect();
            let v = self.encoder.embed_passages(&todo);
            self.embed_nanos.fetch_add(t0.elapsed().as_nanos() as u64, Ordering::Relaxed);
            self.embedded.fetch_add(missing.len() as u64, Ordering::Relaxed);
            let records: Vec<(Key, Arc<[f32]>)> =
                missing.iter().enumerate().map(|(i, (k, _))| (*k, Arc::from(v.row(i)))).collect();
            self.append(&records);
            let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            cache.extend(records);
        }
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        keys.iter()
            .map(|k| cache.get(k).cloned().unwrap_or_else(|| Arc::from(vec![0.0; self.encoder.dim()])))
            .collect()
    }

    /// The vectors of the windows `need` lists, for one pair of documents.
    pub(crate) fn windows(
        &self,
        src: &[&str],
        tgt: &[&str],
        src_zh: bool,
        need: &Needed,
        win: &Window,
    ) -> Windows {
        let p = self.params;
        let join = |doc: &[&str], s0: usize, a: usize, zh: bool| -> String {
            let sep = if zh { "" } else { " " };
            doc[s0..s0 + a].iter().map(|s| s.trim()).collect::<Vec<_>>().join(sep)
        };
        let mut texts = Vec::new();
        let mut at = Vec::new();
        for (side, doc, marks, max, zh) in
            [(0, src, &need.src, p.max_src, src_zh), (1, tgt, &need.tgt, p.max_tgt, false)]
        {
            for (idx, &m) in marks.iter().enumerate() {
                if m {
                    let (s0, a) = (idx / max, idx % max + 1);
                    texts.push(join(doc, s0, a, zh));
                    at.push((side, idx));
                }
            }
        }
        let vecs = self.vectors(&texts);
        let mut w = Windows {
            max_src: p.max_src,
            max_tgt: p.max_tgt,
            src: vec![None; need.src.len()],
            tgt: vec![None; need.tgt.len()],
            src_base: vec![0.0; need.src.len()],
            tgt_base: vec![0.0; need.tgt.len()],
            params: p,
        };
        for ((side, idx), v) in at.into_iter().zip(vecs) {
            if side == 0 {
                w.src[idx] = Some(v);
            } else {
                w.tgt[idx] = Some(v);
            }
        }
        if p.margin_k > 0 {
            w.margins(win);
        }
        w
    }
}

/// Window vectors are evidence of the sentence level only: at a coarse level they say nothing.
impl BeadEvidence for Windows {
    fn score(&self, s0: usize, s1: usize, t0: usize, t1: usize, block: f32) -> f32 {
        if block == 1.0 { Windows::score(self, Span { s0, s1, t0, t1 }) } else { 0.0 }
    }

    fn coarsen(&self, _factor: usize) -> Box<dyn BeadEvidence + '_> {
        Box::new(Silent)
    }
}

/// No evidence (what window vectors say about blocks).
struct Silent;

impl BeadEvidence for Silent {
    fn score(&self, _: usize, _: usize, _: usize, _: usize, _: f32) -> f32 {
        0.0
    }

    fn coarsen(&self, _factor: usize) -> Box<dyn BeadEvidence + '_> {
        Box::new(Silent)
    }
}

/// Which windows a search will ask for: `src[s0 * max_src + a - 1]` for `src[s0..s0 + a]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Needed {
    pub src: Vec<bool>,
    pub tgt: Vec<bool>,
}

impl Needed {
    /// The windows of every bead of `shapes` the dynamic programme can score inside `win` on an
    /// `n × m` table (the cells it visits and their predecessors inside the window).
    pub fn of(win: &Window, shapes: &[(usize, usize)], n: usize, m: usize, p: &SemanticParams) -> Needed {
        let mut need = Needed { src: vec![false; n * p.max_src], tgt: vec![false; m * p.max_tgt] };
        for i in 0..=n {
            for j in win.lo[i]..=win.hi[i] {
                for &(a, b) in shapes {
                    if a == 0 || b == 0 || a > i || b > j || a > p.max_src || b > p.max_tgt {
                        continue;
                    }
                    let (pi, pj) = (i - a, j - b);
                    if pj < win.lo[pi] || pj > win.hi[pi] {
                        continue;
                    }
                    need.src[pi * p.max_src + a - 1] = true;
                    need.tgt[pj * p.max_tgt + b - 1] = true;
                }
            }
        }
        need
    }

    /// Windows marked on each side.
    pub fn count(&self) -> (usize, usize) {
        (self.src.iter().filter(|&&x| x).count(), self.tgt.iter().filter(|&&x| x).count())
    }
}

/// The window vectors of one pair of documents.
#[derive(Debug, Clone)]
pub(crate) struct Windows {
    max_src: usize,
    max_tgt: usize,
    src: Vec<Option<Arc<[f32]>>>,
    tgt: Vec<Option<Arc<[f32]>>>,
    /// Margin baselines: the mean of each window's best cosines with the other side's single
    /// sentences near the path (0 without a margin).
    src_base: Vec<f32>,
    tgt_base: Vec<f32>,
    pub params: SemanticParams,
}

fn dot(x: &[f32], y: &[f32]) -> f32 {
    x.iter().zip(y).map(|(p, q)| p * q).sum()
}

/// The mean of the `k` largest values (of all when fewer).
fn top_mean(v: &mut [f32], k: usize) -> f32 {
    if v.is_empty() {
        return 0.0;
    }
    let k = k.min(v.len());
    v.sort_unstable_by(|a, b| b.total_cmp(a));
    v[..k].iter().sum::<f32>() / k as f32
}

impl Windows {
    /// Fills the margin baselines: each window against the single sentences of the other side
    /// the window lets it meet.
    fn margins(&mut self, win: &Window) {
        let (ms, mt, k) = (self.max_src, self.max_tgt, self.params.margin_k);
        let n = win.lo.len() - 1;
        let m = win.hi[n];
        // rows each column is visited on (both bounds never decrease)
        let mut row_lo = vec![usize::MAX; m + 1];
        let mut row_hi = vec![0usize; m + 1];
        for i in 0..=n {
            for j in win.lo[i]..=win.hi[i] {
                row_lo[j] = row_lo[j].min(i);
                row_hi[j] = row_hi[j].max(i);
            }
        }
        let mut buf = Vec::new();
        for idx in 0..self.src.len() {
            let Some(x) = &self.src[idx] else { continue };
            let (s0, a) = (idx / ms, idx % ms + 1);
            let (c0, c1) = (win.lo[s0], win.hi[(s0 + a).min(n)].min(m.saturating_sub(1)));
            buf.clear();
            buf.extend(
                (c0..=c1).filter_map(|t| self.tgt.get(t * mt).and_then(|v| v.as_ref()).map(|y| dot(x, y))),
            );
            self.src_base[idx] = top_mean(&mut buf, k);
        }
        for idx in 0..self.tgt.len() {
            let Some(y) = &self.tgt[idx] else { continue };
            let (t0, b) = (idx / mt, idx % mt + 1);
            let (r0, r1) = (row_lo[t0], row_hi[(t0 + b).min(m)].min(n.saturating_sub(1)));
            if r0 == usize::MAX {
                continue;
            }
            buf.clear();
            buf.extend(
                (r0..=r1).filter_map(|s| self.src.get(s * ms).and_then(|v| v.as_ref()).map(|x| dot(x, y))),
            );
            self.tgt_base[idx] = top_mean(&mut buf, k);
        }
    }

    /// Cosine of the two sides of `sp` (less the margin baselines), when both windows were
    /// embedded.
    pub fn cosine(&self, sp: Span) -> Option<f32> {
        let (a, b) = (sp.s1 - sp.s0, sp.t1 - sp.t0);
        if a == 0 || b == 0 || a > self.max_src || b > self.max_tgt {
            return None;
        }
        let (i, j) = (sp.s0 * self.max_src + a - 1, sp.t0 * self.max_tgt + b - 1);
        let x = self.src.get(i)?.as_ref()?;
        let y = self.tgt.get(j)?.as_ref()?;
        Some(dot(x, y) - (self.src_base[i] + self.tgt_base[j]) / 2.0)
    }

    /// The bead-score term: `weight × (cosine − neutral)` per sentence of the bead (half a
    /// sentence per side, as the lexical term counts); 0 when the bead has no vectors.
    pub fn score(&self, sp: Span) -> f32 {
        match self.cosine(sp) {
            Some(c) => {
                let n =
                    if self.params.per_sentence { (sp.s1 - sp.s0 + sp.t1 - sp.t0) as f32 / 2.0 } else { 1.0 };
                self.params.weight * (c - self.params.neutral) * n
            }
            None => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::format::ModelFile;

    fn tiny_encoder() -> Encoder {
        Encoder::from_file(&ModelFile::toy(3), std::path::Path::new("tiny.bin")).unwrap()
    }

    fn texts(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn vectors_are_embedded_once_then_served_from_memory_and_disk() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c").join("windows.bin");
        let model = SemanticModel::new(tiny_encoder()).with_disk_cache(file.clone());
        let first = model.vectors(&texts(&["猫。", "the cat", "猫。"]));
        assert_eq!(model.counts().embedded, 2, "a text asked twice is embedded once");
        assert_eq!(&*first[0], &*first[2]);
        let norm: f32 = first[1].iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-4, "{norm}");
        model.vectors(&texts(&["the cat"]));
        assert_eq!(model.counts().embedded, 2);
        // a new process (a new model over the same file) embeds nothing it already has
        let again = SemanticModel::new(tiny_encoder()).with_disk_cache(file.clone());
        let second = again.vectors(&texts(&["猫。", "the cat", "cats"]));
        assert_eq!(again.counts().embedded, 1);
        assert_eq!(&*second[0], &*first[0]);
        assert_eq!(&*second[1], &*first[1]);
        // a torn last record (an interrupted write) is dropped, the whole ones kept
        let len = std::fs::metadata(&file).unwrap().len();
        let f = std::fs::OpenOptions::new().write(true).open(&file).unwrap();
        f.set_len(len - 7).unwrap();
        let torn = SemanticModel::new(tiny_encoder()).with_disk_cache(file.clone());
        assert_eq!(torn.cached(), 2);
        torn.vectors(&texts(&["cats"]));
        assert_eq!(torn.counts().embedded, 1);
        assert_eq!(SemanticModel::new(tiny_encoder()).with_disk_cache(file).cached(), 3);
    }

    #[test]
    fn needed_windows_follow_the_search_window_and_the_size_limits() {
        let p = SemanticParams { max_src: 2, max_tgt: 3, ..SemanticParams::default() };
        let shapes = crate::align::cost::shapes(5);
        let (n, m) = (10, 12);
        let full = Needed::of(&Window::full(n, m), &shapes, n, m, &p);
        // every window that fits in the documents: 10 + 9 source, 12 + 11 + 10 target
        assert_eq!(full.count(), (19, 33));
        let path: Vec<Span> =
            (0..n).map(|i| Span { s0: i, s1: i + 1, t0: i * m / n, t1: (i + 1) * m / n }).collect();
        // a window of the shapes the search may use: no 3-sentence source window is needed
        let small: Vec<(usize, usize)> = shapes.iter().copied().filter(|&(a, _)| a <= 1).collect();
        let narrow = Needed::of(&Window::around(&path, 1, n, m, 0), &small, n, m, &p);
        assert_eq!(narrow.count().0, 10, "only single source sentences");
        assert!(narrow.src.iter().enumerate().all(|(i, &x)| x == (i % 2 == 0)));
        // a window the search cannot reach has no vector, and no score
        let model = SemanticModel { params: p, ..SemanticModel::new(tiny_encoder()) };
        let src = ["猫。"; 10];
        let tgt = ["the cat."; 12];
        let win = Window::around(&path, 1, n, m, 0);
        let w = model.windows(&src, &tgt, true, &narrow, &win);
        assert!(w.cosine(Span { s0: 0, s1: 1, t0: 0, t1: 1 }).is_some());
        assert_eq!(w.cosine(Span { s0: 0, s1: 2, t0: 0, t1: 1 }), None, "not needed, not embedded");
        assert_eq!(w.cosine(Span { s0: 0, s1: 3, t0: 0, t1: 1 }), None, "3 source sentences > max_src");
        assert_eq!(w.cosine(Span { s0: 0, s1: 1, t0: 0, t1: 0 }), None);
        assert_eq!(w.score(Span { s0: 0, s1: 2, t0: 0, t1: 1 }), 0.0);
    }

    #[test]
    fn margin_baselines_lower_a_hub_window() {
        let p = SemanticParams { margin_k: 2, ..SemanticParams::default() };
        let model = SemanticModel { params: p, ..SemanticModel::new(tiny_encoder()) };
        let src = ["猫。", "文。", "猫文。"];
        let tgt = ["the cat.", "cats.", "a b c."];
        let win = Window::full(3, 3);
        let shapes = crate::align::cost::shapes(5);
        let need = Needed::of(&win, &shapes, 3, 3, &p);
        let with = model.windows(&src, &tgt, true, &need, &win);
        let plain = SemanticModel {
            params: SemanticParams { margin_k: 0, ..p },
            ..SemanticModel::new(tiny_encoder())
        }
        .windows(&src, &tgt, true, &need, &win);
        let sp = Span { s0: 0, s1: 1, t0: 0, t1: 1 };
        let (a, b) = (with.cosine(sp).unwrap(), plain.cosine(sp).unwrap());
        // the baseline is a mean of cosines with the other side, themselves at most 1
        assert!(a < b && b - a <= 1.0 + 1e-5, "{a} {b}");
    }
}
