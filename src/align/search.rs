//! The search: dynamic programming over bead shapes, coarse to fine.
//!
//! **What it does.** When the whole table is small (`n·m ≤ Params::full_dp_cells`, a chapter of a
//! novel) the dynamic programme runs over every cell: the best path under the score, nothing
//! pruned. Otherwise both documents are *downsampled*: consecutive sentences are merged into
//! blocks of 2, 4, 8 … sentences (the evidence of a block is the union of its sentences' units and
//! matches, so nothing is re-tokenised), until both sides have at most `Params::coarse_top`
//! blocks. That small problem is solved over every cell; its path is projected onto the next finer
//! level (each block becomes its sentences), widened by `Params::search_window` columns either
//! side, and the dynamic programme runs again inside that window only. This repeats down to the
//! sentences. It is the recursive downsampling of Vecalign (Thompson & Koehn 2019), on lexical
//! coverage and length instead of sentence embeddings.
//!
//! **Why.** The earlier design put a band around a chain of confident 1-1 anchors and widened it
//! when the path touched its edge. Its cost and its quality both depended on the anchors: with
//! thin evidence (length only, jargon, a poor lexicon, short repetitive verses) there were few
//! anchors, the band widened three times, and the path could still leave the diagonal. Here the
//! coarse levels see blocks, whose lengths and vocabularies are far more distinctive than single
//! sentences' (Gale–Church on blocks of 64 sentences is nearly exact), so the region the fine
//! levels search comes from all the evidence, with no precondition on any of it.
//!
//! **What it costs.** Level `k` has `n/2^k` rows and a window of about `2·window + 2^slope`
//! columns; every level does about the same work (fewer, larger blocks), so time and memory are
//! `O(n · w · log n)` with a constant `w`, whatever the evidence. The price is the usual one of
//! pruning: a fine path that strays more than `window` sentences from the projected coarse path is
//! not found. Coarse levels use the small shapes only (`Params::coarse_max_bead`); the sentence
//! level uses every shape of [`super::cost::shapes`].

use super::cost::{self, Params};
use super::evidence::coverage::{self, PairRows};
use super::evidence::length;
use super::evidence::{BeadEvidence, Match, Side};

/// A bead as sentence ranges: source `s0..s1`, target `t0..t1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub s0: usize,
    pub s1: usize,
    pub t0: usize,
    pub t1: usize,
}

/// What one level of the search did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct LevelStats {
    /// The pass (1 = first, 2 = re-alignment with learnt word pairs).
    pub pass: u8,
    /// Sentences per block at this level (1 = sentences).
    pub block: usize,
    /// Rows (source blocks) and columns (target blocks) of the table.
    pub rows: usize,
    /// Columns of the table.
    pub cols: usize,
    /// Whether every cell was searched.
    pub full: bool,
    /// Cells inside the window.
    pub cells: u64,
    /// The widest row of the window, in columns.
    pub max_width: usize,
    /// Beads scored (cells × shapes that fit).
    pub beads_scored: u64,
}

/// What the search did: one entry per level and pass, finest last within a pass.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SearchStats {
    /// Every level of every pass, in the order they ran.
    pub levels: Vec<LevelStats>,
    /// Passes run (2 when the re-alignment pass ran).
    pub passes: u8,
    /// Word pairs learnt from the first pass (0 when no second pass ran).
    pub learnt_pairs: usize,
    /// Windows (of either side) the semantic pass scored with vectors (0 without a model).
    pub semantic_windows: usize,
}

impl SearchStats {
    /// Cells evaluated over all levels and passes.
    pub fn cells(&self) -> u64 {
        self.levels.iter().map(|l| l.cells).sum()
    }

    /// Beads scored over all levels and passes.
    pub fn beads_scored(&self) -> u64 {
        self.levels.iter().map(|l| l.beads_scored).sum()
    }
}

/// Everything the bead score needs, with prefix sums for lengths and weights.
pub(crate) struct Scorer<'a> {
    pub src: &'a Side,
    pub tgt: &'a Side,
    pub params: Params,
    pub lexical: bool,
    /// Target characters per source character.
    pub ratio: f32,
    /// Sentences per block (1 at the sentence level): per-sentence terms (lexical coverage,
    /// the cost of leaving text unaligned) count this many times, so a coarse level weighs its
    /// evidence as the sentences it stands for.
    pub block: f32,
    src_len: Vec<f32>,
    tgt_len: Vec<f32>,
    src_w: Vec<f32>,
    tgt_w: Vec<f32>,
    /// Paragraph breaks: `src_break[s]` is true when sentence `s` ends a paragraph (both sides
    /// must be informative, or these stay empty).
    src_break: Vec<bool>,
    tgt_break: Vec<bool>,
    /// Evidence kinds that score whole beads from facts of their own ([`BeadEvidence`]), added
    /// to every paired bead's score.
    pub extra: Vec<Box<dyn BeadEvidence + 'a>>,
    /// Chance coverage by the other side's size in sentences, `(source, target)` (see
    /// [`coverage::chance_table`]); empty when not estimated (and at the coarse levels).
    pub chance: (Vec<f32>, Vec<f32>),
}

/// Paragraph ends per sentence, or `None` when the numbers say nothing (every sentence its own
/// paragraph, as with `--presegmented`, or one paragraph for all).
fn breaks(para: Option<&[usize]>, n: usize) -> Option<Vec<bool>> {
    let p = para?;
    if p.len() != n || n < 2 {
        return None;
    }
    let b: Vec<bool> = (0..n).map(|s| s + 1 == n || p[s + 1] != p[s]).collect();
    let count = b.iter().filter(|&&x| x).count();
    (count > 1 && count < n).then_some(b)
}

fn prefix(v: &[f32]) -> Vec<f32> {
    let mut out = Vec::with_capacity(v.len() + 1);
    let mut acc = 0.0f64;
    out.push(0.0);
    for &x in v {
        acc += x as f64;
        out.push(acc as f32);
    }
    out
}

impl<'a> Scorer<'a> {
    pub fn new(src: &'a Side, tgt: &'a Side, params: Params, lexical: bool) -> Self {
        let (src_len, tgt_len) = (prefix(&src.len), prefix(&tgt.len));
        let ls = *src_len.last().unwrap_or(&0.0);
        let lt = *tgt_len.last().unwrap_or(&0.0);
        let ratio = if ls > 0.0 && lt > 0.0 { lt / ls } else { 1.0 };
        Scorer {
            src,
            tgt,
            params,
            lexical,
            ratio,
            block: 1.0,
            src_len,
            tgt_len,
            src_w: prefix(&src.total_w),
            tgt_w: prefix(&tgt.total_w),
            src_break: Vec::new(),
            tgt_break: Vec::new(),
            extra: Vec::new(),
            chance: (Vec::new(), Vec::new()),
        }
    }

    /// Uses paragraph numbers as evidence when both sides have informative ones: beads that
    /// run across a paragraph end, or end a paragraph on one side only, pay for it.
    pub fn paragraphs(&mut self, src: Option<&[usize]>, tgt: Option<&[usize]>) {
        if let (Some(a), Some(b)) = (breaks(src, self.src.n()), breaks(tgt, self.tgt.n())) {
            self.src_break = a;
            self.tgt_break = b;
        }
    }

    fn paragraph_cost(&self, sp: Span) -> f32 {
        if self.src_break.is_empty() || sp.s1 == sp.s0 || sp.t1 == sp.t0 {
            return 0.0;
        }
        let inner = (sp.s0..sp.s1 - 1).filter(|&s| self.src_break[s]).count()
            + (sp.t0..sp.t1 - 1).filter(|&t| self.tgt_break[t]).count();
        let mismatch = self.src_break[sp.s1 - 1] != self.tgt_break[sp.t1 - 1];
        self.params.paragraph * (inner as f32 + if mismatch { 0.5 } else { 0.0 })
    }

    pub fn lengths(&self, sp: Span) -> (f32, f32) {
        (self.src_len[sp.s1] - self.src_len[sp.s0], self.tgt_len[sp.t1] - self.tgt_len[sp.t0])
    }

    /// The lexical similarity of a bead (needs the pair rows of its source sentences).
    pub fn similarity(&self, rows: &PairRows, sp: Span) -> Option<f32> {
        let (cz, ce) = rows.covered(self.src, self.tgt, sp.s0, sp.s1, sp.t0, sp.t1);
        let tz = self.src_w[sp.s1] - self.src_w[sp.s0];
        let te = self.tgt_w[sp.t1] - self.tgt_w[sp.t0];
        coverage::similarity(cz, tz, ce, te)
    }

    /// The score of a bead (higher is better), or `None` when `prev` plus the score cannot
    /// exceed `beat` whatever the length fit, or with the length cost at its lower bound
    /// ([`length::length_cost_lower_bound`], no logarithm): the search then skips the exact
    /// length cost, the dearest term (a length cost is never below [`LENGTH_COST_FLOOR`] nor its
    /// bound, so skipping is exact and the path the same). Bead-level kinds (`extra`) have no
    /// bound: with any, nothing is skipped.
    pub fn score_above(&self, rows: &PairRows, sp: Span, prev: f32, beat: f32) -> Option<f32> {
        let (a, b) = (sp.s1 - sp.s0, sp.t1 - sp.t0);
        let prior = self.params.shape_cost(a, b);
        if a == 0 || b == 0 {
            return Some(-prior * self.block);
        }
        let lex = if self.lexical {
            let k = self.params.chance;
            let at = |v: &[f32], i: usize| v.get(i).or(v.last()).copied().unwrap_or(0.0);
            let chance = (k * at(&self.chance.0, b), k * at(&self.chance.1, a));
            let share = (self.params.neutral, self.params.share_prior);
            rows.coverage_sum(self.src, self.tgt, sp.s0, sp.s1, sp.t0, sp.t1, share, chance)
        } else {
            0.0
        };
        let lexical = self.params.lexical * lex * self.block;
        let paragraph = self.paragraph_cost(sp);
        let w = self.params.length;
        // a margin for rounding: skipping must never change which bead wins
        let loses = |len_floor: f32| {
            let bound = prev + (lexical - w * len_floor - prior - paragraph);
            bound + 1e-3 + 1e-5 * bound.abs() <= beat
        };
        let bounded = w >= 0.0 && beat > f32::NEG_INFINITY && self.extra.is_empty();
        if bounded && loses(LENGTH_COST_FLOOR) {
            return None;
        }
        let (ls, lt) = self.lengths(sp);
        let variance = self.params.length_variance * self.block;
        // then with a cheap lower bound of this bead's length cost, before the exact one
        if bounded && w > 0.0 && loses(length::length_cost_lower_bound(ls, lt, self.ratio, variance)) {
            return None;
        }
        let len = length::length_cost(ls, lt, self.ratio, variance);
        let mut total = lexical - w * len - prior - paragraph;
        for e in &self.extra {
            total += e.score(sp.s0, sp.s1, sp.t0, sp.t1, self.block);
        }
        Some(total)
    }
}

/// A lower bound of [`length::length_cost`]: the tail cost of a perfect fit is 0, and the erfc
/// approximation behind it errs by far less than this.
pub(crate) const LENGTH_COST_FLOOR: f32 = -1e-4;

/// The cells the dynamic programme may visit: for each row `i` (0..=n, source sentences
/// consumed) the target columns `lo[i]..=hi[i]`. Both bounds never decrease, the first row starts
/// at column 0, the last ends at column `m`, and consecutive rows overlap, so a path exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Window {
    pub lo: Vec<usize>,
    pub hi: Vec<usize>,
}

impl Window {
    /// Every cell of an `n × m` table.
    pub fn full(n: usize, m: usize) -> Window {
        Window { lo: vec![0; n + 1], hi: vec![m; n + 1] }
    }

    /// The cells of `path` (spans at a resolution `factor` times coarser, or the same with
    /// `factor` 1) on an `n × m` table, widened by `w` columns either side.
    pub fn around(path: &[Span], factor: usize, n: usize, m: usize, w: usize) -> Window {
        let mut lo = vec![usize::MAX; n + 1];
        let mut hi = vec![0usize; n + 1];
        for sp in path {
            let (r0, r1) = ((sp.s0 * factor).min(n), (sp.s1 * factor).min(n));
            let c0 = (sp.t0 * factor).min(m).saturating_sub(w);
            let c1 = ((sp.t1 * factor).min(m) + w).min(m);
            for i in r0..=r1 {
                lo[i] = lo[i].min(c0);
                hi[i] = hi[i].max(c1);
            }
        }
        lo[0] = 0;
        hi[n] = m;
        // rows the path skipped over cannot exist (spans are consecutive), but stay safe
        for i in 1..=n {
            if lo[i] == usize::MAX {
                lo[i] = lo[i - 1];
                hi[i] = hi[i - 1];
            }
        }
        for i in (0..n).rev() {
            lo[i] = lo[i].min(lo[i + 1]);
        }
        for i in 1..=n {
            hi[i] = hi[i].max(hi[i - 1]);
        }
        // consecutive rows overlap (0-1 beads move along a row, 1-0 beads down a column)
        for i in 0..n {
            hi[i] = hi[i].max(lo[i + 1]);
        }
        Window { lo, hi }
    }

    #[cfg(test)]
    fn cells(&self) -> u64 {
        self.lo.iter().zip(&self.hi).map(|(&a, &b)| (b + 1 - a) as u64).sum()
    }

    fn max_width(&self) -> usize {
        self.lo.iter().zip(&self.hi).map(|(&a, &b)| b + 1 - a).max().unwrap_or(0)
    }
}

/// Dynamic programming inside the window over the given shapes. `concepts` sizes the coverage
/// buffers. Fills `stats` (all but `pass` and `block`).
pub(crate) fn dp(
    scorer: &Scorer,
    win: &Window,
    shapes: &[(usize, usize)],
    concepts: usize,
    stats: &mut LevelStats,
) -> Vec<Span> {
    let (lo, hi) = (&win.lo, &win.hi);
    let n = lo.len() - 1;
    let m = hi[n];
    let mut off = Vec::with_capacity(n + 2);
    let mut total = 0usize;
    for i in 0..=n {
        off.push(total);
        total += hi[i] + 1 - lo[i];
    }
    off.push(total);
    let mut score = vec![f32::NEG_INFINITY; total];
    let mut back = vec![u8::MAX; total];
    score[0] = 0.0;
    let max_a = shapes.iter().map(|s| s.0).max().unwrap_or(1).max(1);
    let max_b = shapes.iter().map(|s| s.1).max().unwrap_or(1).max(1);
    let mut rows = PairRows::new(concepts, max_a);
    rows.sums_ahead(max_a, max_b);
    let mut scored = 0u64;
    for i in 0..=n {
        if i > 0 && scorer.lexical {
            let s = i - 1;
            let c0 = lo[i].saturating_sub(max_b);
            let c1 = hi[(i + max_a - 1).min(n)].min(m);
            rows.compute(scorer.src, scorer.tgt, s, c0, c1);
        }
        for j in lo[i]..=hi[i] {
            if i == 0 && j == 0 {
                continue;
            }
            let mut best = (f32::NEG_INFINITY, u8::MAX);
            for (k, &(a, b)) in shapes.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                let (pi, pj) = (i - a, j - b);
                if pj < lo[pi] || pj > hi[pi] {
                    continue;
                }
                let prev = score[off[pi] + pj - lo[pi]];
                if prev == f32::NEG_INFINITY {
                    continue;
                }
                scored += 1;
                let Some(x) = scorer.score_above(&rows, Span { s0: pi, s1: i, t0: pj, t1: j }, prev, best.0)
                else {
                    continue;
                };
                let sc = prev + x;
                if sc > best.0 {
                    best = (sc, k as u8);
                }
            }
            let cell = off[i] + j - lo[i];
            score[cell] = best.0;
            back[cell] = best.1;
        }
    }
    *stats = LevelStats {
        rows: n,
        cols: m,
        cells: total as u64,
        max_width: win.max_width(),
        beads_scored: scored,
        ..*stats
    };
    let mut beads = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let k = back[off[i] + j - lo[i]];
        if k == u8::MAX {
            break; // unreachable: windows are connected and hold both corners
        }
        let (a, b) = shapes[k as usize];
        beads.push(Span { s0: i - a, s1: i, t0: j - b, t1: j });
        i -= a;
        j -= b;
    }
    beads.reverse();
    beads
}

/// A document's evidence with every `factor` consecutive sentences merged into one block: units
/// and matches are the union of the block's (positions shifted, nothing re-tokenised), weights
/// and lengths add up.
pub(crate) fn coarsen(side: &Side, factor: usize) -> Side {
    let n = side.n();
    let nb = n.div_ceil(factor);
    let mut out = Side {
        unit_start: Vec::with_capacity(nb + 1),
        unit_w: side.unit_w.clone(),
        unit_concept: side.unit_concept.clone(),
        unit_key: Vec::new(),
        key_text: Vec::new(),
        total_w: Vec::with_capacity(nb),
        len: Vec::with_capacity(nb),
        match_start: Vec::with_capacity(nb + 1),
        matches: Vec::with_capacity(side.matches.len()),
        concepts: side.concepts.clone(),
        words: Vec::with_capacity(nb),
        word_start: Vec::with_capacity(nb + 1),
        gloss_start: vec![0; nb + 1],
        gloss: Vec::new(),
    };
    out.unit_start.push(0);
    out.match_start.push(0);
    out.word_start.push(0);
    for b in 0..nb {
        let (s0, s1) = (b * factor, ((b + 1) * factor).min(n));
        let u0 = side.unit_start[s0] as usize;
        for s in s0..s1 {
            let shift = side.unit_start[s] - u0 as u32;
            out.matches.extend(side.matches_of(s).iter().map(|mt| Match {
                lo: mt.lo + shift,
                hi: mt.hi + shift,
                ..*mt
            }));
        }
        let u1 = side.unit_start[s1] as usize;
        out.unit_start.push(u1 as u32);
        out.match_start.push(out.matches.len() as u32);
        out.total_w.push(side.total_w[s0..s1].iter().sum());
        out.len.push(side.len[s0..s1].iter().sum());
        let words = (u1 - u0).div_ceil(64) as u32;
        out.words.push(words);
        out.word_start.push(out.word_start.last().copied().unwrap_or(0) + words);
    }
    out
}

/// The whole search for one pass: full dynamic programming on small tables, coarse to fine on
/// large ones (see the module docs). Appends one [`LevelStats`] per level to `stats`.
pub(crate) fn coarse_to_fine(
    scorer: &Scorer,
    concepts: usize,
    pass: u8,
    stats: &mut Vec<LevelStats>,
) -> Vec<Span> {
    let p = &scorer.params;
    let (n, m) = (scorer.src.n(), scorer.tgt.n());
    let fine = cost::shapes(p.max_bead);
    let coarse = cost::shapes(p.coarse_max_bead);
    if (n as u64) * (m as u64) <= p.full_dp_cells as u64 {
        let mut st = LevelStats { pass, block: 1, full: true, ..LevelStats::default() };
        let path = dp(scorer, &Window::full(n, m), &fine, concepts, &mut st);
        stats.push(st);
        return path;
    }
    let k = p.downsample.max(2);
    let top = p.coarse_top.max(2);
    let mut factor = 1usize;
    while n.div_ceil(factor) > top || m.div_ceil(factor) > top {
        factor *= k;
    }
    let mut path: Vec<Span> = Vec::new();
    loop {
        let full = path.is_empty();
        let (cs, ct);
        let level = if factor == 1 {
            None
        } else {
            cs = coarsen(scorer.src, factor);
            ct = coarsen(scorer.tgt, factor);
            let mut sc = Scorer::new(&cs, &ct, scorer.params, scorer.lexical);
            sc.ratio = scorer.ratio;
            sc.block = factor as f32;
            sc.extra = scorer.extra.iter().map(|e| e.coarsen(factor)).collect();
            Some(sc)
        };
        let here = level.as_ref().unwrap_or(scorer);
        let (nk, mk) = (here.src.n(), here.tgt.n());
        let win = if full { Window::full(nk, mk) } else { Window::around(&path, k, nk, mk, p.search_window) };
        let mut st = LevelStats { pass, block: factor, full, ..LevelStats::default() };
        path = dp(here, &win, if factor == 1 { &fine } else { &coarse }, concepts, &mut st);
        stats.push(st);
        if factor == 1 {
            return path;
        }
        factor /= k;
    }
}

/// A second search near a known path (the re-alignment pass): the dynamic programme inside
/// `Params::refine_window` columns of `path`, at the sentence level.
pub(crate) fn refine(
    scorer: &Scorer,
    path: &[Span],
    concepts: usize,
    pass: u8,
    stats: &mut Vec<LevelStats>,
) -> Vec<Span> {
    let p = &scorer.params;
    let (n, m) = (scorer.src.n(), scorer.tgt.n());
    let win = if (n as u64) * (m as u64) <= p.full_dp_cells as u64 {
        Window::full(n, m)
    } else {
        Window::around(path, 1, n, m, p.refine_window.max(1))
    };
    let mut st = LevelStats { pass, block: 1, full: win == Window::full(n, m), ..LevelStats::default() };
    let out = dp(scorer, &win, &cost::shapes(p.max_bead), concepts, &mut st);
    stats.push(st);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_around_a_path_is_monotone_connected_and_narrow() {
        // a 1-1 diagonal path at half resolution on a 20 × 30 table
        let path: Vec<Span> =
            (0..10).map(|i| Span { s0: i, s1: i + 1, t0: (i * 3) / 2, t1: ((i + 1) * 3) / 2 }).collect();
        let w = Window::around(&path, 2, 20, 30, 2);
        assert_eq!((w.lo[0], w.hi[20]), (0, 30));
        for i in 0..20 {
            assert!(w.lo[i] <= w.lo[i + 1] && w.hi[i] <= w.hi[i + 1]);
            assert!(w.hi[i] >= w.lo[i + 1], "rows {i},{} disconnected", i + 1);
        }
        assert!(w.max_width() <= 3 * 2 + 2 * 2 + 1, "{w:?}");
        assert!(w.cells() < 21 * 31 / 2, "{w:?}");
    }

    #[test]
    fn coarse_side_keeps_every_unit_and_match() {
        use crate::align::evidence::{Builder, Evidence};
        use crate::lexicon::Lexicon;
        let lex = Lexicon::from_entries([("望远镜", "telescope"), ("天线", "antenna")]);
        let mut b = Builder::new(&lex, None, Evidence::default(), 0, &Params::default());
        let zh = b.chinese(&["望远镜。", "天线。", "望远镜和天线。"]);
        let c = coarsen(&zh, 2);
        assert_eq!(c.n(), 2);
        assert_eq!(c.units(0).len(), zh.units(0).len() + zh.units(1).len());
        assert_eq!(c.matches_of(0).len(), zh.matches_of(0).len() + zh.matches_of(1).len());
        assert_eq!(c.matches_of(1).len(), zh.matches_of(2).len());
        assert!(c.matches_of(0).iter().all(|m| (m.hi as usize) <= c.units(0).len()));
        assert_eq!(c.len[0], zh.len[0] + zh.len[1]);
    }

    /// A bead kind plugs in through `Scorer::extra`: its score moves the path, and the coarse
    /// levels get its `coarsen`ed version.
    #[test]
    fn bead_evidence_plugs_into_the_score_at_every_level() {
        use crate::align::evidence::{BeadEvidence, Builder, Evidence};
        use crate::lexicon::Lexicon;
        use std::cell::RefCell;
        /// Rewards pairing source block `want.0..want.1` with target `want.2..want.3`.
        struct Toy<'f> {
            want: (usize, usize, usize, usize),
            factor: usize,
            seen: &'f RefCell<Vec<usize>>,
        }
        impl BeadEvidence for Toy<'_> {
            fn score(&self, s0: usize, s1: usize, t0: usize, t1: usize, _block: f32) -> f32 {
                if (s0, s1, t0, t1) == self.want && self.factor == 1 { 100.0 } else { 0.0 }
            }
            fn coarsen(&self, factor: usize) -> Box<dyn BeadEvidence + '_> {
                self.seen.borrow_mut().push(factor);
                Box::new(Toy { factor: self.factor * factor, ..*self })
            }
        }
        let lex = Lexicon::from_entries([("望远镜", "telescope")]);
        let zh: Vec<String> = (0..40).map(|i| format!("第{i}个句子有一些长度。")).collect();
        let en: Vec<String> = (0..40).map(|i| format!("Sentence number {i} has some length.")).collect();
        let zh: Vec<&str> = zh.iter().map(String::as_str).collect();
        let en: Vec<&str> = en.iter().map(String::as_str).collect();
        let p = Params { full_dp_cells: 0, coarse_top: 8, ..Params::default() };
        let mut b = Builder::new(&lex, None, Evidence::LENGTH_ONLY, 0, &p);
        let (tgt, src) = (b.english(&en), b.chinese(&zh));
        let seen = RefCell::new(Vec::new());
        let mut stats = Vec::new();
        let plain = coarse_to_fine(&Scorer::new(&src, &tgt, p, false), b.concepts_count(), 1, &mut stats);
        let two_two = Span { s0: 10, s1: 12, t0: 10, t1: 12 };
        assert!(!plain.contains(&two_two));
        let mut sc = Scorer::new(&src, &tgt, p, false);
        sc.extra.push(Box::new(Toy { want: (10, 12, 10, 12), factor: 1, seen: &seen }));
        let path = coarse_to_fine(&sc, b.concepts_count(), 1, &mut stats);
        assert!(path.contains(&two_two), "{path:?}");
        assert_eq!(*seen.borrow(), vec![8, 4, 2], "one coarsened copy per coarse level");
    }
}
