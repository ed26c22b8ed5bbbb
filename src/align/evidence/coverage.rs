//! Lexical coverage of a bead, the score every lexical kind feeds: per source sentence, bitmasks
//! of which of its units and which units of each nearby target sentence the pair covers (built
//! once per row of the search), OR-ed over the bead's sentences, weighted by the units' IDF.

use super::Side;

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
    /// side covers, less `chance.0` for each source and `chance.1` for each target sentence (the
    /// share a random other side of the bead's size would cover); a sentence with nothing to
    /// cover counts `neutral`.
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
        chance: (f32, f32),
    ) -> f32 {
        let (mut a, mut b) = (0.0, 0.0);
        let share = |c: f32, t: f32, x: f32| if t > 0.0 { c / t - x } else { neutral };
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

    /// Calls `fs(s, covered weight)` for each source and `ft(t, covered weight)` for each target
    /// sentence of the bead.
    #[allow(clippy::too_many_arguments)]
    fn each_covered(
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
