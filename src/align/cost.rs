//! Bead scores: lexical coverage of a merged bead (from per-sentence-pair coverage bitmasks),
//! Gale–Church length, and the prior of each bead shape.

use super::features::Side;

/// The bead shapes with at most `max` sentences in all, `(source sentences, target sentences)`:
/// 1-0, 0-1 and every `a-b` with `a, b ≥ 1` and `a + b ≤ max`, smallest first.
pub fn shapes(max: usize) -> Vec<(usize, usize)> {
    let mut out = vec![(1, 1), (1, 0), (0, 1)];
    for total in 3..=max {
        for a in 1..total {
            out.push((a, total - a));
        }
    }
    out
}

/// Weights of the score. Higher bead score is better.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Weight of lexical similarity (per sentence in the bead).
    pub lexical: f32,
    /// Weight of the Gale–Church length cost.
    pub length: f32,
    /// Variance per character of the length difference (Gale–Church's s²), in target characters.
    pub length_variance: f32,
    /// Cost of a deletion or insertion bead (1-0, 0-1).
    pub skip: f32,
    /// Cost of each merge beyond 1-1: a bead with a+b sentences pays `merge * (a+b-2)`.
    pub merge: f32,
    /// Extra cost of beads with several sentences on both sides (2-2, 2-3, 3-2).
    pub many_many: f32,
    /// Cost of a bead running across a paragraph end (half of it for a bead that ends a
    /// paragraph on one side only); used only when both documents have paragraphs.
    pub paragraph: f32,
    /// The coverage share counted for a sentence with nothing to cover (no units).
    pub neutral: f32,
    /// The largest bead at the sentence level, in sentences of both sides (5: up to 1-4, 2-3,
    /// 3-2, 4-1; 7 adds 1-5, 2-4, 3-3, 1-6 …).
    pub max_bead: usize,
    /// The largest bead at the coarse levels, in blocks of both sides.
    pub coarse_max_bead: usize,
    /// Tables with at most this many cells (`n·m`) are searched whole, at the sentence level.
    pub full_dp_cells: usize,
    /// Larger tables are downsampled until both sides have at most this many blocks.
    pub coarse_top: usize,
    /// Sentences (or blocks) merged into one block per coarser level.
    pub downsample: usize,
    /// Columns either side of the projected coarse path searched at the next finer level (and
    /// around the first pass's path in the re-alignment pass).
    pub search_window: usize,
    /// Beads of the first pass at least this confident teach word pairs to the second.
    pub learn_confidence: f64,
    /// A learnt word pair occurs together in at least this many confident beads …
    pub learn_min_count: u32,
    /// … with at least this Dice coefficient over them.
    pub learn_dice: f64,
    /// The second pass takes its length ratio from the first pass's 1-1 beads at least this
    /// confident (when there are 20), not from the whole documents.
    pub ratio_confidence: f64,
    /// The confidence model's constants (see [`super::confidence`]).
    pub confidence: super::confidence::Calibration,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            lexical: 6.0,
            length: 0.5,
            length_variance: 6.0,
            skip: 3.5,
            merge: 1.5,
            many_many: 3.0,
            paragraph: 2.0,
            neutral: 0.2,
            max_bead: 5,
            coarse_max_bead: 4,
            full_dp_cells: 100_000,
            coarse_top: 48,
            downsample: 2,
            search_window: 6,
            learn_confidence: 0.7,
            learn_min_count: 2,
            learn_dice: 0.4,
            ratio_confidence: 0.9,
            confidence: super::confidence::Calibration::default(),
        }
    }
}

impl Params {
    /// The prior cost of a bead shape.
    pub fn shape_cost(&self, a: usize, b: usize) -> f32 {
        match (a, b) {
            (1, 1) => 0.0,
            (0, _) | (_, 0) => self.skip,
            _ => {
                let extra = (a + b - 2) as f32 * self.merge;
                if a >= 2 && b >= 2 { extra + self.many_many } else { extra }
            }
        }
    }
}

/// −ln of the two-sided tail probability of a standard normal at `|d|` (Gale–Church's match cost).
pub fn normal_tail_cost(d: f32) -> f32 {
    let x = d.abs() as f64 / std::f64::consts::SQRT_2;
    // erfc via Numerical Recipes' erfcc (fractional error < 1.2e-7)
    let t = 1.0 / (1.0 + 0.5 * x);
    let ln_erfc = -x * x - 1.26551223
        + t * (1.00002368
            + t * (0.37409196
                + t * (0.09678418
                    + t * (-0.18628806
                        + t * (0.27886187
                            + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
    let ln_erfc = ln_erfc + t.ln();
    (-ln_erfc) as f32
}

/// Gale–Church length cost of `ls` source and `lt` target characters when a target character
/// costs `1/ratio` source characters.
pub fn length_cost(ls: f32, lt: f32, ratio: f32, variance: f32) -> f32 {
    if ls + lt <= 0.0 {
        return 0.0;
    }
    let expect = ls * ratio;
    let d = (lt - expect) / (variance * (expect + lt).max(1.0) / 2.0).sqrt();
    normal_tail_cost(d)
}

/// Coverage masks of sentence pairs, one row of target columns per source sentence, for the last
/// few source sentences (a ring). The buffers are sized once and reused.
pub(crate) struct PairRows {
    rows: Vec<Row>,
    mark: Vec<u32>,
    first: Vec<u32>,
    stamp: u32,
}

#[derive(Default)]
struct Row {
    s: usize,
    valid: bool,
    c0: usize,
    c1: usize,
    kz: usize,
    z: Vec<u64>,
    /// Offsets of each column's target mask in `e`.
    eoff: Vec<u32>,
    e: Vec<u64>,
}

impl PairRows {
    pub fn new(concepts: usize, ring: usize) -> Self {
        PairRows {
            rows: (0..ring).map(|_| Row::default()).collect(),
            mark: vec![0; concepts],
            first: vec![0; concepts],
            stamp: 0,
        }
    }

    /// Computes the masks of source sentence `s` against target sentences `c0..c1`.
    pub fn compute(&mut self, src: &Side, tgt: &Side, s: usize, c0: usize, c1: usize) {
        let ring = self.rows.len();
        let mut row = std::mem::take(&mut self.rows[s % ring]);
        row.s = s;
        row.valid = true;
        row.c0 = c0;
        row.c1 = c1.max(c0);
        row.kz = src.words[s] as usize;
        row.z.clear();
        row.z.resize((row.c1 - c0) * row.kz, 0);
        row.eoff.clear();
        row.e.clear();
        for t in c0..row.c1 {
            row.eoff.push(row.e.len() as u32);
            let ke = tgt.words[t] as usize;
            let e0 = row.e.len();
            row.e.resize(e0 + ke, 0);
            let z0 = (t - c0) * row.kz;
            self.pair(src, tgt, s, t, &mut row.z[z0..z0 + row.kz], &mut row.e[e0..e0 + ke]);
        }
        row.eoff.push(row.e.len() as u32);
        self.rows[s % ring] = row;
    }

    fn pair(&mut self, src: &Side, tgt: &Side, s: usize, t: usize, z: &mut [u64], e: &mut [u64]) {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.mark.fill(0);
            self.stamp = 1;
        }
        let st = self.stamp;
        let tu0 = tgt.unit_start[t] as usize;
        for u in tgt.units(t) {
            let c = tgt.unit_concept[u] as usize;
            if c < self.mark.len() && self.mark[c] != st {
                self.mark[c] = st;
                self.first[c] = (u - tu0) as u32;
            }
        }
        for m in src.matches_of(s) {
            let mut hit = false;
            for &c in &src.concepts[m.c0 as usize..m.c1 as usize] {
                let c = c as usize;
                if c < self.mark.len() && self.mark[c] == st {
                    hit = true;
                    let mut u = self.first[c];
                    while u != u32::MAX {
                        e[(u / 64) as usize] |= 1u64 << (u % 64);
                        u = tgt.unit_next[tu0 + u as usize];
                    }
                }
            }
            if hit {
                for u in m.lo..m.hi {
                    z[(u / 64) as usize] |= 1u64 << (u % 64);
                }
            }
        }
    }

    /// Covered weight of a bead of source sentences `s0..s1` and target sentences `t0..t1`:
    /// `(covered source, covered target)`.
    pub fn covered(&self, src: &Side, tgt: &Side, s0: usize, s1: usize, t0: usize, t1: usize) -> (f32, f32) {
        let (mut cz, mut ce) = (0.0, 0.0);
        self.each_covered(src, tgt, s0, s1, t0, t1, |_, w| cz += w, |_, w| ce += w);
        (cz, ce)
    }

    /// The sum over the bead's sentences of the share of each sentence's weight that the other
    /// side covers; a sentence with nothing to cover counts `neutral`.
    #[allow(clippy::too_many_arguments)]
    pub fn coverage_sum(
        &self,
        src: &Side,
        tgt: &Side,
        s0: usize,
        s1: usize,
        t0: usize,
        t1: usize,
        neutral: f32,
    ) -> f32 {
        let (mut a, mut b) = (0.0, 0.0);
        let share = |c: f32, t: f32| if t > 0.0 { c / t } else { neutral };
        self.each_covered(
            src,
            tgt,
            s0,
            s1,
            t0,
            t1,
            |s, w| a += share(w, src.total_w[s]),
            |t, w| b += share(w, tgt.total_w[t]),
        );
        a + b
    }

    /// Calls `fs(s, covered weight)` for each source and `ft(t, covered weight)` for each target
    /// sentence of the bead.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn each_covered(
        &self,
        src: &Side,
        tgt: &Side,
        s0: usize,
        s1: usize,
        t0: usize,
        t1: usize,
        mut fs: impl FnMut(usize, f32),
        mut ft: impl FnMut(usize, f32),
    ) {
        let ring = self.rows.len();
        for s in s0..s1 {
            let row = &self.rows[s % ring];
            let mut cz = 0.0;
            if row.valid && row.s == s {
                let w = &src.unit_w[src.unit_start[s] as usize..];
                for k in 0..row.kz {
                    let mut x = 0u64;
                    for t in t0.max(row.c0)..t1.min(row.c1) {
                        x |= row.z[(t - row.c0) * row.kz + k];
                    }
                    cz += weighted_popcount(x, &w[k * 64..]);
                }
            }
            fs(s, cz);
        }
        for t in t0..t1 {
            let mut ce = 0.0;
            let ke = tgt.words[t] as usize;
            let w = &tgt.unit_w[tgt.unit_start[t] as usize..];
            for k in 0..ke {
                let mut x = 0u64;
                for s in s0..s1 {
                    let row = &self.rows[s % ring];
                    if !row.valid || row.s != s || t < row.c0 || t >= row.c1 {
                        continue;
                    }
                    x |= row.e[row.eoff[t - row.c0] as usize + k];
                }
                ce += weighted_popcount(x, &w[k * 64..]);
            }
            ft(t, ce);
        }
    }
}

fn weighted_popcount(mut x: u64, w: &[f32]) -> f32 {
    let mut sum = 0.0;
    while x != 0 {
        let b = x.trailing_zeros() as usize;
        sum += w[b];
        x &= x - 1;
    }
    sum
}

/// Lexical similarity of a bead from its covered and total weights: the harmonic mean of the two
/// coverages, or `None` when a side has nothing to cover.
pub fn similarity(cz: f32, tz: f32, ce: f32, te: f32) -> Option<f32> {
    if tz <= 0.0 || te <= 0.0 {
        return None;
    }
    let (r, p) = (cz / tz, ce / te);
    Some(if r + p > 0.0 { 2.0 * r * p / (r + p) } else { 0.0 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::features::{Builder, Evidence};
    use crate::lexicon::Lexicon;

    #[test]
    fn length_cost_is_low_when_lengths_fit() {
        let fit = length_cost(20.0, 60.0, 3.0, 6.0);
        let off = length_cost(20.0, 150.0, 3.0, 6.0);
        assert!(fit < 0.1, "{fit}");
        assert!(off > 5.0, "{off}");
        assert!(normal_tail_cost(0.0).abs() < 1e-3);
        assert!((normal_tail_cost(1.96) - (0.05f32).ln().abs()).abs() < 0.01);
    }

    #[test]
    fn shapes_are_every_bead_up_to_the_size() {
        let s = shapes(7);
        assert_eq!(s.len(), 3 + 2 + 3 + 4 + 5 + 6);
        for want in [(1, 1), (1, 0), (0, 1), (3, 3), (1, 6), (6, 1), (2, 5), (4, 3)] {
            assert!(s.contains(&want), "{want:?}");
        }
        assert!(s.iter().all(|&(a, b)| a + b <= 7 && (a > 0 || b == 1) && (b > 0 || a == 1)));
        assert_eq!(shapes(5).len(), 12);
    }

    #[test]
    fn shape_costs_grow_with_size() {
        let p = Params::default();
        assert!(p.shape_cost(1, 1) < p.shape_cost(1, 2));
        assert!(p.shape_cost(1, 2) < p.shape_cost(1, 3));
        assert!(p.shape_cost(1, 3) < p.shape_cost(2, 2));
    }

    #[test]
    fn merged_bead_covers_more_than_either_part() {
        let lex = Lexicon::from_entries([("望远镜", "telescope"), ("天线", "antenna"), ("巨大", "huge")]);
        let mut b = Builder::new(&lex, None, Evidence::default(), 0);
        let en = b.english(&["The telescope was huge.", "Its antenna too.", "Nothing here."]);
        let zh = b.chinese(&["望远镜和天线都很巨大。"]);
        let mut rows = PairRows::new(b.concepts_count(), 4);
        rows.compute(&zh, &en, 0, 0, 3);
        let one = rows.covered(&zh, &en, 0, 1, 0, 1);
        let two = rows.covered(&zh, &en, 0, 1, 0, 2);
        let other = rows.covered(&zh, &en, 0, 1, 2, 3);
        assert!(two.0 > one.0 && two.1 > one.1, "{one:?} {two:?}");
        assert_eq!(other, (0.0, 0.0));
        let s1 = similarity(one.0, zh.total_w[0], one.1, en.total_w[0]).unwrap();
        let s2 = similarity(two.0, zh.total_w[0], two.1, en.total_w[0] + en.total_w[1]).unwrap();
        assert!(s2 > s1, "{s1} {s2}");
    }
}
