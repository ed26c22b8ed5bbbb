//! Lexical coverage of a bead, the score every lexical kind feeds: per source sentence, bitmasks
//! of which of its units and which units of each nearby target sentence the pair covers (built
//! once per row of the search), OR-ed over the bead's sentences, weighted by the units' IDF.

use super::Side;

/// Coverage masks of sentence pairs, one row of target columns per source sentence, for the last
/// few source sentences (a ring). The buffers are sized once and reused.
pub(crate) struct PairRows {
    rows: Vec<Row>,
    /// Per concept: `mark[c] == stamp` once the current target sentence has been seen to hold `c`.
    mark: Vec<u32>,
    stamp: u32,
    /// Per concept: `src_mark[c] == src_stamp` when a match of the current source sentence
    /// glosses to `c`; its matches are then `by_concept[src_lo[c]..src_hi[c]]`.
    src_mark: Vec<u32>,
    src_lo: Vec<u32>,
    src_hi: Vec<u32>,
    src_stamp: u32,
    /// The current source sentence's match indices, grouped by concept.
    by_concept: Vec<u32>,
    /// The concepts of the current source sentence.
    distinct: Vec<u32>,
    /// The widest beads whose coverage [`PairRows::compute`] sums ahead (0: none, see
    /// [`PairRows::sums_ahead`]).
    ahead_a: usize,
    ahead_b: usize,
    scratch: Vec<u64>,
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
    /// With sums ahead: `cz[(t - c0) * ahead_b + b - 1]` is the covered weight of source
    /// sentence `s` by target sentences `t + 1 - b ..= t` (from `c0` on) …
    cz: Vec<f32>,
    /// … and `ce[(t - c0) * ahead_a + a - 1]` that of target sentence `t` by source sentences
    /// `s + 1 - a ..= s`.
    ce: Vec<f32>,
}

impl PairRows {
    pub fn new(concepts: usize, ring: usize) -> Self {
        PairRows {
            rows: (0..ring).map(|_| Row::default()).collect(),
            mark: vec![0; concepts],
            stamp: 0,
            src_mark: vec![0; concepts],
            src_lo: vec![0; concepts],
            src_hi: vec![0; concepts],
            src_stamp: 0,
            by_concept: Vec::new(),
            distinct: Vec::new(),
            ahead_a: 0,
            ahead_b: 0,
            scratch: Vec::new(),
        }
    }

    /// Makes [`PairRows::compute`] also sum the covered weight of every bead of up to `a` source
    /// and `b` target sentences ending at its row, so that [`PairRows::coverage_sum`] of such a
    /// bead costs `a + b` look-ups instead of OR-ing `a × b` masks (the dynamic programme scores
    /// many shapes ending at each cell, and they share these sums). `a` must not exceed the ring.
    pub fn sums_ahead(&mut self, a: usize, b: usize) {
        self.ahead_a = a.min(self.rows.len());
        self.ahead_b = b;
    }

    /// Indexes the matches of source sentence `s` by the concepts they gloss to, once per row:
    /// a pair then costs the target sentence's units (and the matches they hit), not the
    /// source's glosses again for every target column.
    fn index_source(&mut self, src: &Side, s: usize) {
        self.src_stamp = self.src_stamp.wrapping_add(1);
        if self.src_stamp == 0 {
            self.src_mark.fill(0);
            self.src_stamp = 1;
        }
        let st = self.src_stamp;
        let n = self.src_mark.len();
        let matches = src.matches_of(s);
        // count the matches of each concept, then place them (a counting sort, matches in order)
        self.distinct.clear();
        for m in matches {
            for &c in &src.concepts[m.c0 as usize..m.c1 as usize] {
                let c = c as usize;
                if c < n {
                    if self.src_mark[c] != st {
                        self.src_mark[c] = st;
                        self.src_lo[c] = 0;
                        self.distinct.push(c as u32);
                    }
                    self.src_lo[c] += 1;
                }
            }
        }
        let mut off = 0u32;
        for &c in &self.distinct {
            let c = c as usize;
            let count = self.src_lo[c];
            self.src_lo[c] = off;
            self.src_hi[c] = off;
            off += count;
        }
        self.by_concept.clear();
        self.by_concept.resize(off as usize, 0);
        for (k, m) in matches.iter().enumerate() {
            for &c in &src.concepts[m.c0 as usize..m.c1 as usize] {
                let c = c as usize;
                if c < n {
                    self.by_concept[self.src_hi[c] as usize] = k as u32;
                    self.src_hi[c] += 1;
                }
            }
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
        self.index_source(src, s);
        for t in c0..row.c1 {
            row.eoff.push(row.e.len() as u32);
            let ke = tgt.words[t] as usize;
            let e0 = row.e.len();
            row.e.resize(e0 + ke, 0);
            let z0 = (t - c0) * row.kz;
            self.pair(src, tgt, s, t, &mut row.z[z0..z0 + row.kz], &mut row.e[e0..e0 + ke]);
        }
        row.eoff.push(row.e.len() as u32);
        self.sum_ahead(src, tgt, &mut row);
        self.rows[s % ring] = row;
    }

    /// Fills `row.cz` and `row.ce` (see [`PairRows::sums_ahead`]); the rows before it are in the
    /// ring, `row` is not yet.
    fn sum_ahead(&mut self, src: &Side, tgt: &Side, row: &mut Row) {
        let (wa, wb) = (self.ahead_a, self.ahead_b);
        let cols = row.c1 - row.c0;
        row.cz.clear();
        row.ce.clear();
        if wa == 0 || wb == 0 {
            return;
        }
        let (s, c0, kz) = (row.s, row.c0, row.kz);
        row.cz.resize(cols * wb, 0.0);
        let w = &src.unit_w[src.unit_start[s] as usize..];
        for j in 0..cols {
            for b in 1..=wb.min(j + 1) {
                let mut cz = 0.0;
                for k in 0..kz {
                    let mut x = 0u64;
                    for jj in j + 1 - b..=j {
                        x |= row.z[jj * kz + k];
                    }
                    cz += weighted_popcount(x, &w[k * 64..]);
                }
                row.cz[j * wb + b - 1] = cz;
            }
            // wider beads reach left of the row's first column: the columns there count nothing
            for b in j + 2..=wb {
                row.cz[j * wb + b - 1] = row.cz[j * wb + j];
            }
        }
        row.ce.resize(cols * wa, 0.0);
        let ring = self.rows.len();
        let x = &mut self.scratch;
        for j in 0..cols {
            let t = c0 + j;
            let ke = tgt.words[t] as usize;
            let w = &tgt.unit_w[tgt.unit_start[t] as usize..];
            x.clear();
            x.resize(ke, 0);
            for a in 1..=wa {
                if a == 1 {
                    let e0 = row.eoff[j] as usize;
                    x.copy_from_slice(&row.e[e0..e0 + ke]);
                } else if let Some(sp) = (s + 1).checked_sub(a) {
                    let r = &self.rows[sp % ring];
                    if r.valid && r.s == sp && t >= r.c0 && t < r.c1 {
                        let e0 = r.eoff[t - r.c0] as usize;
                        for (xk, &ek) in x.iter_mut().zip(&r.e[e0..e0 + ke]) {
                            *xk |= ek;
                        }
                    }
                }
                let mut ce = 0.0;
                for (k, &xk) in x.iter().enumerate() {
                    ce += weighted_popcount(xk, &w[k * 64..]);
                }
                row.ce[j * wa + a - 1] = ce;
            }
        }
    }

    /// The masks of source sentence `s` (indexed by [`PairRows::index_source`]) against target
    /// sentence `t`: a target unit is covered when a source match glosses to its concept, a
    /// source unit when a match over it glosses to a concept the target sentence holds.
    fn pair(&mut self, src: &Side, tgt: &Side, s: usize, t: usize, z: &mut [u64], e: &mut [u64]) {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.mark.fill(0);
            self.stamp = 1;
        }
        let (st, sst) = (self.stamp, self.src_stamp);
        let matches = src.matches_of(s);
        let tu0 = tgt.unit_start[t] as usize;
        for u in tgt.units(t) {
            let c = tgt.unit_concept[u] as usize;
            if c >= self.mark.len() || self.src_mark[c] != sst {
                continue;
            }
            let k = (u - tu0) as u32;
            e[(k / 64) as usize] |= 1u64 << (k % 64);
            if self.mark[c] == st {
                continue;
            }
            self.mark[c] = st;
            for &mi in &self.by_concept[self.src_lo[c] as usize..self.src_hi[c] as usize] {
                let m = &matches[mi as usize];
                for x in m.lo..m.hi {
                    z[(x / 64) as usize] |= 1u64 << (x % 64);
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
    /// side covers, less `chance.0` for each source and `chance.1` for each target sentence (the
    /// share a random other side of the bead's size would cover); a sentence with nothing to
    /// cover counts `neutral`. With `prior` above 0 each share is shrunk towards `neutral` as if
    /// the sentence had `prior` more weight covered at that share: `(c − x·t + prior·neutral) /
    /// (t + prior)` for covered weight `c` of total `t` and chance share `x`, so a sentence of one
    /// or two words, whose share is all or nothing, moves the score less than a long one whose
    /// share is measured on many words (and a sentence with nothing to cover still counts
    /// `neutral`).
    #[allow(clippy::too_many_arguments)]
    pub fn coverage_sum(
        &self,
        src: &Side,
        tgt: &Side,
        s0: usize,
        s1: usize,
        t0: usize,
        t1: usize,
        (neutral, prior): (f32, f32),
        chance: (f32, f32),
    ) -> f32 {
        let (mut a, mut b) = (0.0, 0.0);
        let share = |c: f32, t: f32, x: f32| {
            if prior > 0.0 {
                (c - x * t + prior * neutral) / (t + prior)
            } else if t > 0.0 {
                c / t - x
            } else {
                neutral
            }
        };
        if let Some((wa, wb)) = self.ahead(s0, s1, t0, t1) {
            let ring = self.rows.len();
            let (na, nb) = (s1 - s0, t1 - t0);
            for s in s0..s1 {
                let r = &self.rows[s % ring];
                a += share(r.cz[(t1 - 1 - r.c0) * wb + nb - 1], src.total_w[s], chance.0);
            }
            let r = &self.rows[(s1 - 1) % ring];
            for t in t0..t1 {
                b += share(r.ce[(t - r.c0) * wa + na - 1], tgt.total_w[t], chance.1);
            }
            return a + b;
        }
        self.each_covered(
            src,
            tgt,
            s0,
            s1,
            t0,
            t1,
            |s, w| a += share(w, src.total_w[s], chance.0),
            |t, w| b += share(w, tgt.total_w[t], chance.1),
        );
        a + b
    }

    /// The widths of the sums ahead when they hold the bead `s0..s1 × t0..t1` (every source row
    /// computed with sums and the bead's columns inside each).
    fn ahead(&self, s0: usize, s1: usize, t0: usize, t1: usize) -> Option<(usize, usize)> {
        let (wa, wb) = (self.ahead_a, self.ahead_b);
        let (na, nb) = (s1.checked_sub(s0)?, t1.checked_sub(t0)?);
        if na == 0 || nb == 0 || na > wa || nb > wb {
            return None;
        }
        let ring = self.rows.len();
        for s in s0..s1 {
            let r = &self.rows[s % ring];
            if !r.valid || r.s != s || r.cz.is_empty() || t0 < r.c0 || t1 > r.c1 {
                return None;
            }
        }
        Some((wa, wb))
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

/// How much of a sentence unrelated text covers, by the size of that text: `(src, tgt)` where
/// `src[k]` is the mean share of a source sentence's weight that `k` consecutive target sentences
/// from half the document away cover, and `tgt[k]` the same for a target sentence against `k`
/// source sentences (`k` = 1..=`max_k`; index 0 is 0). Measured on `samples` places of the
/// document at hand, so it follows its vocabulary, lexicon and evidence kinds. Subtracted from a
/// bead's coverage it makes beads of every shape compete on what they share beyond chance: a
/// bead with more sentences on one side covers more of the other by chance alone, and the
/// share saturates (common words are covered by almost anything), which a per-shape table
/// captures and a model of independent units would not.
pub(crate) fn chance_table(
    src: &Side,
    tgt: &Side,
    concepts: usize,
    samples: usize,
    max_k: usize,
    min_sentences: usize,
) -> (Vec<f32>, Vec<f32>) {
    let (n, m) = (src.n(), tgt.n());
    let mut out_s = vec![0.0f32; max_k + 1];
    let mut out_t = vec![0.0f32; max_k + 1];
    if n < min_sentences.max(2) || m < min_sentences.max(2) || samples == 0 {
        return (out_s, out_t);
    }
    let mut rows = PairRows::new(concepts, max_k.max(1));
    let places = samples.min(n);
    for k in 1..=max_k {
        let (mut share_s, mut ks, mut share_t, mut kt) = (0.0f64, 0usize, 0.0f64, 0usize);
        for i in 0..places {
            let s = i * n / places;
            // k target sentences half the document away, against source sentence s
            let t = (s * m / n + m / 2) % m;
            let t1 = (t + k).min(m);
            rows.compute(src, tgt, s, t, t1);
            if src.total_w[s] > 0.0 {
                let (cz, _) = rows.covered(src, tgt, s, s + 1, t, t1);
                share_s += (cz / src.total_w[s]) as f64;
                ks += 1;
            }
            // k source sentences against target sentence t
            if tgt.total_w[t] > 0.0 {
                let s1 = (s + k).min(n);
                for q in s..s1 {
                    rows.compute(src, tgt, q, t, t + 1);
                }
                let (_, ce) = rows.covered(src, tgt, s, s1, t, t + 1);
                share_t += (ce / tgt.total_w[t]) as f64;
                kt += 1;
            }
        }
        out_s[k] = if ks > 0 { (share_s / ks as f64) as f32 } else { 0.0 };
        out_t[k] = if kt > 0 { (share_t / kt as f64) as f32 } else { 0.0 };
    }
    (out_s, out_t)
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
    use crate::align::Params;
    use crate::align::evidence::{Builder, Evidence};
    use crate::lexicon::Lexicon;

    #[test]
    fn sums_ahead_give_the_same_coverage_as_or_ing_masks() {
        let lex = Lexicon::from_entries([
            ("望远镜", "telescope"),
            ("天线", "antenna"),
            ("巨大", "huge"),
            ("寒冷", "cold"),
            ("夜晚", "night"),
        ]);
        let mut b = Builder::new(&lex, None, Evidence::default(), 0, &Params::default());
        let en = b.english(&[
            "The telescope was huge.",
            "Its antenna too.",
            "The night was cold.",
            "A cold antenna, a huge night.",
            "Nothing here.",
            "The telescope at night.",
        ]);
        let zh =
            b.chinese(&["望远镜很巨大。", "天线也是。", "夜晚很寒冷。", "寒冷的天线。", "望远镜和夜晚。"]);
        let (wa, wb) = (3, 4);
        let mut slow = PairRows::new(b.concepts_count(), wa);
        let mut fast = PairRows::new(b.concepts_count(), wa);
        fast.sums_ahead(wa, wb);
        let mut checked = 0;
        for s in 0..zh.n() {
            // rows start at different columns, as in a window
            let c0 = s.saturating_sub(1);
            slow.compute(&zh, &en, s, c0, en.n());
            fast.compute(&zh, &en, s, c0, en.n());
            for a in 1..=wa.min(s + 1) {
                for t1 in 1..=en.n() {
                    for nb in 1..=wb.min(t1) {
                        let (s0, t0) = (s + 1 - a, t1 - nb);
                        for p in [0.0, 3.0] {
                            let want = slow.coverage_sum(&zh, &en, s0, s + 1, t0, t1, (0.2, p), (0.1, 0.05));
                            let got = fast.coverage_sum(&zh, &en, s0, s + 1, t0, t1, (0.2, p), (0.1, 0.05));
                            assert_eq!(want.to_bits(), got.to_bits(), "{s0}..{} x {t0}..{t1}", s + 1);
                        }
                        checked += usize::from(fast.ahead(s0, s + 1, t0, t1).is_some());
                    }
                }
            }
        }
        assert!(checked > 50, "the sums were used for {checked} beads only");
    }

    #[test]
    fn merged_bead_covers_more_than_either_part() {
        let lex = Lexicon::from_entries([("望远镜", "telescope"), ("天线", "antenna"), ("巨大", "huge")]);
        let mut b = Builder::new(&lex, None, Evidence::default(), 0, &Params::default());
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

#[cfg(test)]
mod chance_tests {
    use super::*;
    use crate::align::Params;
    use crate::align::evidence::{Builder, Evidence};
    use crate::lexicon::Lexicon;

    /// Unrelated sentences sharing common words cover each other by chance, more the more
    /// sentences the other side has; with nothing in common the table is zero.
    #[test]
    fn chance_coverage_follows_what_unrelated_sentences_share() {
        let lex = Lexicon::from_entries([("望远镜", "telescope"), ("天线", "antenna"), ("任务", "task")]);
        let p = Params::default();
        let mut b = Builder::new(&lex, None, Evidence::default(), 0, &p);
        let en: Vec<String> = (0..20)
            .map(|i| format!("They used the {} for part {i}.", ["telescope", "antenna"][i % 3 / 2]))
            .collect();
        let zh: Vec<String> =
            (0..20).map(|i| format!("他们用{}做第{i}部分。", ["望远镜", "天线"][i % 2])).collect();
        let en: Vec<&str> = en.iter().map(String::as_str).collect();
        let zh: Vec<&str> = zh.iter().map(String::as_str).collect();
        let (tgt, src) = (b.english(&en), b.chinese(&zh));
        let (cs, ct) = chance_table(&src, &tgt, b.concepts_count(), 300, 3, 2);
        assert!(cs[1] > 0.0 && ct[1] > 0.0, "{cs:?} {ct:?}");
        assert!(cs[3] > cs[1] && ct[3] >= ct[1], "{cs:?} {ct:?}");
        let mut b = Builder::new(&lex, None, Evidence::default(), 0, &p);
        let (tgt, src) = (b.english(&["Nothing.", "At all."]), b.chinese(&["天线。", "天线。"]));
        assert_eq!(chance_table(&src, &tgt, b.concepts_count(), 300, 2, 2), (vec![0.0; 3], vec![0.0; 3]));
    }
}
