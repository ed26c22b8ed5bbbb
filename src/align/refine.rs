//! The omission pass, after the search: is a sentence of a merged bead untranslated?
//!
//! A sentence the other side does not translate is often absorbed into a neighbouring bead (a 2-1
//! where the truth is a 1-1 and a 1-0), because a merge costs the search less than a deletion. For
//! every bead with several sentences on a side, this pass considers splitting its first or last
//! sentence `x` off as a 1-0 / 0-1 bead, and asks a small logistic model ([`Calibration::omission`])
//! how likely it is that `x` has no counterpart. The model reads facts that compare the two
//! hypotheses, each measured against this document pair's own distributions:
//!
//! - **coverage likelihood ratio**: how much of `x` the bead's other side covers, scored by its
//!   log-likelihood under the *null model* of an untranslated sentence (the coverage of a sentence by
//!   a random sentence of the other document, sampled at pseudo-random offsets) against the model of
//!   a translated one (the coverage of the sentences of this alignment's 1-1 beads), as histograms
//!   with add-one smoothing;
//! - **length gain**: `(z_bead² − z_rest²) / 2`, the Gale–Church log-likelihood gained by the rest of
//!   the bead when `x` is taken out (lengths that fit only without `x` say it was not translated);
//! - `x`'s length against the median sentence of its side (short sentences say less), which side
//!   it is on, how much of the other side's coverage `x` carries, and the number of merges.
//!
//! The weights are fitted on synthetic omissions (one sentence of a gold 1-1 bead deleted) and the
//! natural merges of MAC-Dev and the seed pair by `cargo run --release --example confidence --
//! fit-omission`, held out by document (BENCHMARKS.md). A split is made when the model gives it a
//! probability above [`Calibration::split_above`]; a candidate below that stays in its bead and its
//! probability goes into the bead's reasons ([`Reasons::untranslated`]), which the confidence model
//! reads, so a doubtful merge is weak even when it is not split.

use super::confidence::{Calibration, Probe, Reasons, Untranslated};
use super::search::Span;

/// Number of features (with the bias) of the omission model.
pub const OMISSION_FEATURES: usize = 7;

/// Histogram bins of a coverage share: exactly 0 (under 0.02), then 9 equal bins up to 1.
const BINS: usize = 10;

fn bin(c: f32) -> usize {
    if c < 0.02 { 0 } else { (1 + ((c - 0.02) / 0.98 * 9.0) as usize).min(BINS - 1) }
}

/// What translated and untranslated sentences look like in this document pair.
pub(crate) struct CoverageModel {
    /// Log-probabilities of each coverage bin, per side (0 source, 1 target): a sentence with
    /// its counterpart, and one against a random sentence.
    trans: [[f64; BINS]; 2],
    null: [[f64; BINS]; 2],
    /// Median sentence length (characters) per side.
    median_len: [f32; 2],
}

fn log_hist(samples: &[f32]) -> [f64; BINS] {
    let mut h = [1.0f64; BINS];
    for &c in samples {
        h[bin(c)] += 1.0;
    }
    let total: f64 = h.iter().sum();
    h.map(|x| (x / total).ln())
}

impl CoverageModel {
    /// Sentence coverages of the 1-1 beads of `spans` (translated) and of random pairs (null),
    /// drawn with a fixed pseudo-random generator away from each sentence's own bead.
    pub(crate) fn new(probe: &mut impl Probe, spans: &[Span]) -> CoverageModel {
        let (n, m) = probe.dims();
        let mut trans: [Vec<f32>; 2] = [Vec::new(), Vec::new()];
        let mut null: [Vec<f32>; 2] = [Vec::new(), Vec::new()];
        let step = (spans.len() / 400).max(1);
        let mut rng = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        for sp in spans.iter().step_by(step) {
            if sp.s1 == sp.s0 + 1 && sp.t1 == sp.t0 + 1 {
                probe.prepare(sp.s0, sp.s1, sp.t0, sp.t1);
                let (cs, ct, _) = probe.coverage(*sp);
                trans[0].extend(cs);
                trans[1].extend(ct);
            }
            if sp.s1 > sp.s0 && m >= 3 {
                let lo = (m / 5).max(1);
                let t = (sp.t0 + lo + (next() % (m - 2 * lo).max(1) as u64) as usize) % m;
                if !(sp.t0..sp.t1).contains(&t) {
                    probe.prepare(sp.s0, sp.s0 + 1, t, t + 1);
                    null[0].extend(probe.coverage(Span { s0: sp.s0, s1: sp.s0 + 1, t0: t, t1: t + 1 }).0);
                }
            }
            if sp.t1 > sp.t0 && n >= 3 {
                let lo = (n / 5).max(1);
                let s = (sp.s0 + lo + (next() % (n - 2 * lo).max(1) as u64) as usize) % n;
                if !(sp.s0..sp.s1).contains(&s) {
                    probe.prepare(s, s + 1, sp.t0, sp.t0 + 1);
                    null[1].extend(probe.coverage(Span { s0: s, s1: s + 1, t0: sp.t0, t1: sp.t0 + 1 }).1);
                }
            }
        }
        let median = |side: usize| {
            let k = if side == 0 { n } else { m };
            let mut v: Vec<f32> = (0..k)
                .map(|i| {
                    let sp = if side == 0 {
                        Span { s0: i, s1: i + 1, t0: 0, t1: 0 }
                    } else {
                        Span { s0: 0, s1: 0, t0: i, t1: i + 1 }
                    };
                    let (ls, lt) = probe.lengths(sp);
                    if side == 0 { ls } else { lt }
                })
                .collect();
            v.sort_by(f32::total_cmp);
            v.get(v.len() / 2).copied().unwrap_or(1.0).max(1.0)
        };
        CoverageModel {
            trans: [log_hist(&trans[0]), log_hist(&trans[1])],
            null: [log_hist(&null[0]), log_hist(&null[1])],
            median_len: [median(0), median(1)],
        }
    }

    /// `ln p(c | untranslated) − ln p(c | translated)` for a sentence of `side` covered `c`.
    fn ratio(&self, side: usize, c: f32) -> f64 {
        let b = bin(c);
        self.null[side][b] - self.trans[side][b]
    }
}

/// One way to split a sentence off a bead: the gap and the rest, in document order, and where
/// the gap's sentence is.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Candidate {
    /// The two beads replacing the merged one, in document order.
    parts: [Span; 2],
    /// True when the split-off sentence is a target sentence.
    target: bool,
    /// Its index in its document.
    sentence: usize,
}

impl Candidate {
    fn gap(&self) -> Span {
        if self.parts[0].s0 == self.parts[0].s1 || self.parts[0].t0 == self.parts[0].t1 {
            self.parts[0]
        } else {
            self.parts[1]
        }
    }

    fn rest(&self) -> Span {
        let g = self.gap();
        if self.parts[0] == g { self.parts[1] } else { self.parts[0] }
    }
}

/// The ways to split one sentence off bead `sp`: each end of each side with several sentences.
fn candidates(sp: Span) -> Vec<Candidate> {
    let mut out = Vec::new();
    if sp.s1 - sp.s0 >= 2 && sp.t1 > sp.t0 {
        let first = Span { s0: sp.s0, s1: sp.s0 + 1, t0: sp.t0, t1: sp.t0 };
        out.push(Candidate { parts: [first, Span { s0: sp.s0 + 1, ..sp }], target: false, sentence: sp.s0 });
        let last = Span { s0: sp.s1 - 1, s1: sp.s1, t0: sp.t1, t1: sp.t1 };
        out.push(Candidate {
            parts: [Span { s1: sp.s1 - 1, ..sp }, last],
            target: false,
            sentence: sp.s1 - 1,
        });
    }
    if sp.t1 - sp.t0 >= 2 && sp.s1 > sp.s0 {
        let first = Span { s0: sp.s0, s1: sp.s0, t0: sp.t0, t1: sp.t0 + 1 };
        out.push(Candidate { parts: [first, Span { t0: sp.t0 + 1, ..sp }], target: true, sentence: sp.t0 });
        let last = Span { s0: sp.s1, s1: sp.s1, t0: sp.t1 - 1, t1: sp.t1 };
        out.push(Candidate {
            parts: [Span { t1: sp.t1 - 1, ..sp }, last],
            target: true,
            sentence: sp.t1 - 1,
        });
    }
    out
}

/// The omission model's features of a candidate split of bead `sp` (bias first); the window
/// around `sp` must be prepared.
fn features(probe: &impl Probe, model: &CoverageModel, sp: Span, c: &Candidate) -> [f64; OMISSION_FEATURES] {
    let side = usize::from(c.target);
    let (gap, rest) = (c.gap(), c.rest());
    // the gap's sentence against the bead's other side
    let alone =
        if c.target { Span { s0: sp.s0, s1: sp.s1, ..gap } } else { Span { t0: sp.t0, t1: sp.t1, ..gap } };
    let cov = probe.coverage(alone);
    let cx = if c.target { cov.1 } else { cov.0 };
    let llr = cx.map_or(0.0, |x| model.ratio(side, x));
    let (zb, zr) = (probe.length(sp).0.clamp(-8.0, 8.0) as f64, probe.length(rest).0.clamp(-8.0, 8.0) as f64);
    let gain = ((zb * zb - zr * zr) / 2.0).clamp(-12.0, 12.0);
    let (ls, lt) = probe.lengths(gap);
    let len = if c.target { lt } else { ls };
    let rel = ((len.max(1.0) / model.median_len[side]) as f64).ln().clamp(-3.0, 3.0);
    // how much of the other side's coverage the sentence carries
    let (full, without) = (probe.coverage(sp), probe.coverage(rest));
    let other = |x: (Option<f32>, Option<f32>, Option<f32>)| if c.target { x.0 } else { x.1 };
    let carried = match (other(full), other(without)) {
        (Some(a), Some(b)) => (a - b).max(0.0) as f64,
        _ => 0.0,
    };
    let merges = ((sp.s1 - sp.s0) + (sp.t1 - sp.t0)).saturating_sub(2) as f64;
    [1.0, llr, gain, rel, side as f64, carried, merges]
}

fn logistic(w: &[f32], x: &[f64]) -> f64 {
    let z: f64 = x.iter().zip(w).map(|(x, w)| x * *w as f64).sum();
    1.0 / (1.0 + (-z).exp())
}

/// The candidates of bead `sp` with their features and probabilities, best first.
fn scored(
    probe: &mut impl Probe,
    model: &CoverageModel,
    cal: &Calibration,
    sp: Span,
) -> Vec<(Candidate, [f64; OMISSION_FEATURES], f64)> {
    let cands = candidates(sp);
    if cands.is_empty() {
        return Vec::new();
    }
    probe.prepare(sp.s0, sp.s1, sp.t0, sp.t1);
    let mut out: Vec<_> = cands
        .into_iter()
        .map(|c| {
            let x = features(probe, model, sp, &c);
            let p = logistic(&cal.omission, &x);
            (c, x, p)
        })
        .collect();
    out.sort_by(|a, b| b.2.total_cmp(&a.2));
    out
}

/// Splits untranslated sentences off merged beads (see the module docs). Returns, for each bead
/// of the new `spans`, what the model said of the candidates it kept (for its reasons).
pub(crate) fn split_omissions(
    probe: &mut impl Probe,
    spans: &mut Vec<Span>,
    model: &CoverageModel,
    cal: &Calibration,
    split: bool,
) -> Vec<Option<Untranslated>> {
    let mut out: Vec<Option<Untranslated>> = Vec::with_capacity(spans.len());
    let mut k = 0;
    while k < spans.len() {
        let sp = spans[k];
        let cands = scored(probe, model, cal, sp);
        match cands.first() {
            Some(&(c, _, p)) if split && p > cal.split_above as f64 => {
                // split, and look at the rest again (it may hold a second omission)
                spans.splice(k..k + 1, c.parts);
                if c.parts[0] == c.gap() {
                    out.push(None);
                    k += 1;
                }
            }
            Some(&(c, _, p)) => {
                out.push(Some(Untranslated {
                    target: c.target,
                    sentence: c.sentence,
                    probability: (p * 1e3).round() / 1e3,
                    candidates: cands.iter().map(|(c, x, _)| (c.target, c.sentence, *x)).collect(),
                }));
                k += 1;
            }
            None => {
                out.push(None);
                k += 1;
            }
        }
    }
    out
}

/// Adds what the omission pass said to each bead's reasons.
pub(crate) fn annotate(reasons: &mut [Reasons], said: Vec<Option<Untranslated>>) {
    for (r, u) in reasons.iter_mut().zip(said) {
        r.untranslated = u;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_split_each_end_of_each_multi_side() {
        let sp = Span { s0: 3, s1: 5, t0: 7, t1: 8 };
        let c = candidates(sp);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].parts, [Span { s0: 3, s1: 4, t0: 7, t1: 7 }, Span { s0: 4, s1: 5, t0: 7, t1: 8 }]);
        assert_eq!(c[1].parts, [Span { s0: 3, s1: 4, t0: 7, t1: 8 }, Span { s0: 4, s1: 5, t0: 8, t1: 8 }]);
        assert_eq!((c[0].sentence, c[1].sentence), (3, 4));
        assert_eq!(c[1].gap(), Span { s0: 4, s1: 5, t0: 8, t1: 8 });
        assert_eq!(c[1].rest(), Span { s0: 3, s1: 4, t0: 7, t1: 8 });
        assert!(candidates(Span { s0: 0, s1: 1, t0: 0, t1: 1 }).is_empty());
        assert_eq!(candidates(Span { s0: 0, s1: 2, t0: 0, t1: 2 }).len(), 4);
    }

    #[test]
    fn coverage_bins_separate_zero_from_the_rest() {
        assert_eq!(bin(0.0), 0);
        assert_eq!(bin(0.5), 5);
        assert_eq!(bin(1.0), BINS - 1);
        let h = log_hist(&[0.0, 0.0, 0.0, 0.9]);
        assert!(h[0] > h[9] && h[9] > h[5]);
    }
}
