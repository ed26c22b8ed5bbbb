//! The search: confident 1-1 anchors first (an inverted index of rare concepts, then the heaviest
//! monotone chain), a band around the path through them, and dynamic programming over bead shapes
//! inside the band. Memory and time grow with `length × band width`, not `length²`.

use super::cost::{self, PairRows, Params, SHAPES};
use super::features::Side;

/// A bead as sentence ranges: source `s0..s1`, target `t0..t1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub s0: usize,
    pub s1: usize,
    pub t0: usize,
    pub t1: usize,
}

/// Everything the bead score needs, with prefix sums for lengths and weights.
pub(crate) struct Scorer<'a> {
    pub src: &'a Side,
    pub tgt: &'a Side,
    pub params: Params,
    pub lexical: bool,
    /// Target characters per source character.
    pub ratio: f32,
    /// Similarity used for beads where a side has nothing to compare.
    pub neutral: f32,
    src_len: Vec<f32>,
    tgt_len: Vec<f32>,
    src_w: Vec<f32>,
    tgt_w: Vec<f32>,
    /// Paragraph breaks: `src_break[s]` is true when sentence `s` ends a paragraph (both sides
    /// must be informative, or these stay empty).
    src_break: Vec<bool>,
    tgt_break: Vec<bool>,
    /// Semantic evidence (sentence-encoder similarity), when a model was given.
    pub semantic: Option<&'a super::semantic::Semantic>,
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
            neutral: 0.2,
            src_len,
            tgt_len,
            src_w: prefix(&src.total_w),
            tgt_w: prefix(&tgt.total_w),
            src_break: Vec::new(),
            tgt_break: Vec::new(),
            semantic: None,
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

    /// Re-estimates the length ratio from anchor pairs when there are enough of them (robust to a
    /// document that is only partly translated).
    pub fn ratio_from(&mut self, anchors: &[(usize, usize)]) {
        if anchors.len() >= 20 {
            let ls: f32 = anchors.iter().map(|&(s, _)| self.src.len[s]).sum();
            let lt: f32 = anchors.iter().map(|&(_, t)| self.tgt.len[t]).sum();
            if ls > 0.0 && lt > 0.0 {
                self.ratio = lt / ls;
            }
        }
    }

    pub fn lengths(&self, sp: Span) -> (f32, f32) {
        (self.src_len[sp.s1] - self.src_len[sp.s0], self.tgt_len[sp.t1] - self.tgt_len[sp.t0])
    }

    /// The lexical similarity of a bead (needs the pair rows of its source sentences).
    pub fn similarity(&self, rows: &PairRows, sp: Span) -> Option<f32> {
        let (cz, ce) = rows.covered(self.src, self.tgt, sp.s0, sp.s1, sp.t0, sp.t1);
        let tz = self.src_w[sp.s1] - self.src_w[sp.s0];
        let te = self.tgt_w[sp.t1] - self.tgt_w[sp.t0];
        cost::similarity(cz, tz, ce, te)
    }

    /// The score of a bead (higher is better).
    pub fn score(&self, rows: &PairRows, sp: Span) -> f32 {
        let (a, b) = (sp.s1 - sp.s0, sp.t1 - sp.t0);
        let prior = self.params.shape_cost(a, b);
        if a == 0 || b == 0 {
            return -prior;
        }
        let (ls, lt) = self.lengths(sp);
        let len = cost::length_cost(ls, lt, self.ratio, self.params.length_variance);
        let lex = if self.lexical {
            rows.coverage_sum(self.src, self.tgt, sp.s0, sp.s1, sp.t0, sp.t1, self.neutral)
        } else {
            0.0
        };
        let sem = self.semantic.map_or(0.0, |s| s.score(sp.s0, sp.s1, sp.t0, sp.t1));
        self.params.lexical * lex + sem - self.params.length * len - prior - self.paragraph_cost(sp)
    }
}

/// Confident 1-1 pairs `(s, t)`, strictly increasing in both, from concepts rare in the target.
pub(crate) fn anchors(src: &Side, tgt: &Side, concepts: usize) -> Vec<(usize, usize)> {
    let (n, m) = (src.n(), tgt.n());
    if n == 0 || m == 0 {
        return Vec::new();
    }
    // postings of target concepts (CSR), once per sentence
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for t in 0..m {
        let start = pairs.len();
        for u in tgt.units(t) {
            let c = tgt.unit_concept[u];
            if c != u32::MAX {
                pairs.push((c, t as u32));
            }
        }
        pairs[start..].sort_unstable();
        let mut k = start;
        for i in start..pairs.len() {
            if i == start || pairs[i] != pairs[k - 1] {
                pairs[k] = pairs[i];
                k += 1;
            }
        }
        pairs.truncate(k);
    }
    pairs.sort_unstable();
    let mut head = vec![0u32; concepts + 1];
    for &(c, _) in &pairs {
        if (c as usize) < concepts {
            head[c as usize + 1] += 1;
        }
    }
    for c in 0..concepts {
        head[c + 1] += head[c];
    }
    let max_df = (m / 50).max(3) as u32;
    let mut acc = vec![0.0f32; m];
    let mut touched: Vec<usize> = Vec::new();
    let mut seen = vec![u32::MAX; concepts];
    let mut cand: Vec<(usize, usize, f32)> = Vec::new();
    for s in 0..n {
        for mt in src.matches_of(s) {
            for &c in &src.concepts[mt.c0 as usize..mt.c1 as usize] {
                let c = c as usize;
                if c >= concepts || seen[c] == s as u32 {
                    continue;
                }
                seen[c] = s as u32;
                let (h0, h1) = (head[c], head[c + 1]);
                let df = h1 - h0;
                if df == 0 || df > max_df {
                    continue;
                }
                let w = (1.0 + m as f32 / df as f32).ln();
                for &(_, t) in &pairs[h0 as usize..h1 as usize] {
                    let t = t as usize;
                    if acc[t] == 0.0 {
                        touched.push(t);
                    }
                    acc[t] += w;
                }
            }
        }
        let (mut best, mut second) = ((0usize, 0.0f32), 0.0f32);
        for &t in &touched {
            if acc[t] > best.1 {
                second = best.1;
                best = (t, acc[t]);
            } else if acc[t] > second {
                second = acc[t];
            }
        }
        for &t in &touched {
            acc[t] = 0.0;
        }
        touched.clear();
        let floor = 2.0 * (1.0 + m as f32 / 3.0).ln().min(4.0);
        if best.1 >= floor && best.1 >= 1.5 * second {
            cand.push((s, best.0, best.1));
        }
    }
    heaviest_chain(&cand, m)
}

/// The heaviest chain of `(s, t, weight)` strictly increasing in `s` and `t` (Fenwick tree of
/// prefix maxima over `t`; candidates come sorted by `s`, one per `s`).
fn heaviest_chain(cand: &[(usize, usize, f32)], m: usize) -> Vec<(usize, usize)> {
    let mut tree: Vec<(f32, usize)> = vec![(0.0, usize::MAX); m + 1];
    let mut best_at: Vec<(f32, usize)> = Vec::with_capacity(cand.len());
    for &(_, t, w) in cand {
        // best chain ending with target < t
        let mut i = t;
        let mut best = (0.0f32, usize::MAX);
        while i > 0 {
            if tree[i].0 > best.0 {
                best = tree[i];
            }
            i &= i - 1;
        }
        let k = best_at.len();
        best_at.push((best.0 + w, best.1));
        let mut i = t + 1;
        while i <= m {
            if best_at[k].0 > tree[i].0 {
                tree[i] = (best_at[k].0, k);
            }
            i += i & i.wrapping_neg();
        }
    }
    let Some(mut k) = (0..best_at.len()).max_by(|&a, &b| best_at[a].0.total_cmp(&best_at[b].0)) else {
        return Vec::new();
    };
    let mut chain = Vec::new();
    loop {
        chain.push((cand[k].0, cand[k].1));
        match best_at[k].1 {
            usize::MAX => break,
            p => k = p,
        }
    }
    chain.reverse();
    chain
}

/// The band: for each DP row `i` (0..=n, source sentences consumed) the target columns
/// `lo[i]..=hi[i]`, around the path through the anchors, `w` columns either side.
pub(crate) fn band(n: usize, m: usize, anchors: &[(usize, usize)], w: usize) -> (Vec<usize>, Vec<usize>) {
    let mut pts: Vec<(f64, f64)> = vec![(0.0, 0.0)];
    pts.extend(anchors.iter().map(|&(s, t)| (s as f64 + 0.5, t as f64 + 0.5)));
    pts.push((n as f64, m as f64));
    let mut lo = vec![0; n + 1];
    let mut hi = vec![0; n + 1];
    let mut k = 0;
    for i in 0..=n {
        let x = i as f64;
        while k + 1 < pts.len() - 1 && pts[k + 1].0 <= x {
            k += 1;
        }
        let (a, b) = (pts[k], pts[(k + 1).min(pts.len() - 1)]);
        let c = if b.0 > a.0 { a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0) } else { b.1 };
        lo[i] = (c.floor() as i64 - w as i64).clamp(0, m as i64) as usize;
        hi[i] = (c.ceil() as i64 + w as i64).clamp(0, m as i64) as usize;
    }
    lo[0] = 0;
    hi[n] = m;
    for i in 1..=n {
        lo[i] = lo[i].max(lo[i - 1]);
        hi[i] = hi[i].max(hi[i - 1]);
    }
    // keep consecutive rows connected (0-1 beads move along a row)
    for i in (0..n).rev() {
        hi[i] = hi[i].max(lo[i + 1]).min(hi[i + 1]);
    }
    (lo, hi)
}

/// Dynamic programming inside the band. Returns the beads and whether the path ran along the
/// band's edge (then a wider band may find a better path).
pub(crate) fn dp(scorer: &Scorer, lo: &[usize], hi: &[usize], concepts: usize) -> (Vec<Span>, bool) {
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
    let mut rows = PairRows::new(concepts, 4);
    let max_a = SHAPES.iter().map(|s| s.0).max().unwrap_or(1);
    for i in 0..=n {
        if i > 0 && scorer.lexical {
            let s = i - 1;
            let c0 = lo[i].saturating_sub(4);
            let c1 = hi[(i + max_a - 1).min(n)].min(m);
            rows.compute(scorer.src, scorer.tgt, s, c0, c1);
        }
        for j in lo[i]..=hi[i] {
            if i == 0 && j == 0 {
                continue;
            }
            let mut best = (f32::NEG_INFINITY, u8::MAX);
            for (k, &(a, b)) in SHAPES.iter().enumerate() {
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
                let sc = prev + scorer.score(&rows, Span { s0: pi, s1: i, t0: pj, t1: j });
                if sc > best.0 {
                    best = (sc, k as u8);
                }
            }
            let cell = off[i] + j - lo[i];
            score[cell] = best.0;
            back[cell] = best.1;
        }
    }
    let mut beads = Vec::new();
    let (mut i, mut j) = (n, m);
    let mut edge = false;
    while i > 0 || j > 0 {
        let k = back[off[i] + j - lo[i]];
        if k == u8::MAX {
            break; // unreachable: cannot happen with connected bands
        }
        if (j < lo[i] + 2 && lo[i] > 0) || (j + 2 > hi[i] && hi[i] < m) {
            edge = true;
        }
        let (a, b) = SHAPES[k as usize];
        beads.push(Span { s0: i - a, s1: i, t0: j - b, t1: j });
        i -= a;
        j -= b;
    }
    beads.reverse();
    (beads, edge)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heaviest_chain_skips_crossing_pairs() {
        let cand = [(0, 0, 1.0), (1, 5, 1.0), (2, 2, 1.0), (3, 3, 1.0), (4, 1, 0.5)];
        assert_eq!(heaviest_chain(&cand, 6), vec![(0, 0), (2, 2), (3, 3)]);
    }

    #[test]
    fn band_follows_anchors_and_stays_connected() {
        let (lo, hi) = band(10, 40, &[(4, 30)], 2);
        assert_eq!((lo[0], hi[10]), (0, 40));
        for i in 0..10 {
            assert!(lo[i] <= lo[i + 1] && hi[i] <= hi[i + 1]);
            assert!(hi[i] >= lo[i + 1], "rows {i},{} disconnected", i + 1);
        }
        assert!(lo[5] >= 25, "{lo:?}");
    }
}
