//! Calibrated confidence: a bead's `score` is an estimate of the probability that the bead is
//! exactly right, and its [`Reasons`] say why.
//!
//! The search decides *which* beads; this module decides *how sure* to be of each, from a few
//! facts about the bead that a reviewer can check (they are kept on the bead as [`Reasons`]):
//!
//! - **similarity** of the bead against random sentence pairs of the same documents, in robust
//!   standard deviations (median and MAD of a pseudo-random sample, so a document repeated twice
//!   does not make its own copy the "random" baseline, issue 13);
//! - **coverage** each way, and of the bead's worst-covered sentence: a sentence absorbed into a
//!   bead without being translated shows here;
//! - **length**: the Gale–Church z of the bead's lengths under the document's own ratio;
//! - **margin**: how much better the search's score of the chosen beads is than the best other
//!   way of aligning the same stretch (the bead and its neighbours, endpoints fixed) that does not
//!   contain this bead. A small margin means the evidence cannot tell the alternatives apart;
//! - **shape**: how many sentences were merged.
//!
//! - **untranslated**: the omission pass's probability that an edge sentence of a merged bead has
//!   no counterpart ([`super::refine`]).
//!
//! Two logistic models map these facts to a probability, one for beads with both sides and one
//! for gaps (1-0 / 0-1), whose facts are the margin and how well the best neighbouring sentence of
//! the other side covers the gap's sentence. Their constants ([`Calibration`], in
//! [`Params`](super::Params)) are fitted by `cargo run --release --example confidence -- fit` on
//! MAC-Dev, the seed pair and synthetic omissions made from them, with cross-validation by
//! document; BENCHMARKS.md has the reliability table it prints.
//!
//! A gap for text with no counterpart (page furniture, a caption) has a large margin and nothing
//! covering it next door, so it scores high: *weak* means "probably wrong", not "unpaired".

use serde::Serialize;

use super::Bead;
use super::cost;
use super::evidence::Side;
use super::evidence::coverage::PairRows;
use super::refine::{CoverageModel, OMISSION_FEATURES, annotate, split_omissions};
use super::search::{Scorer, Span};
use crate::glossary::Glossary;

/// Why a bead's score is what it is: the facts the confidence model read, as data (jsonl field
/// `reasons`, TMX `x-` props, the review page's tooltip).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Reasons {
    /// Share of the source side's lexical weight that the target side covers (`None`: nothing to
    /// cover, or the bead has no target side).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub src_coverage: Option<f64>,
    /// Share of the target side's lexical weight that the source side covers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tgt_coverage: Option<f64>,
    /// The lowest coverage of any one sentence of the bead (an untranslated sentence absorbed into
    /// a merge shows as a value near 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weakest_sentence: Option<f64>,
    /// The bead's target/source length ratio divided by the document's (1.0 = as expected).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length_ratio: Option<f64>,
    /// The Gale–Church z of the bead's length difference (0 = as expected; beyond ±2 is unusual).
    pub length_z: f64,
    /// For a bead with several sentences on a side: the smallest |length z| of the bead without
    /// its first or last sentence there. Much smaller than |`length_z`| = the lengths fit better
    /// without that sentence, as when an untranslated sentence was absorbed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edge_length_z: Option<f64>,
    /// The bead's lexical similarity against random pairs of the same documents, in standard
    /// deviations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity_z: Option<f64>,
    /// How much better the bead scores than the best alternative alignment of its stretch (the
    /// search's score units; near 0 = the evidence cannot tell).
    pub margin: f64,
    /// For a 1-0 / 0-1 bead: the best coverage of its sentence by one neighbouring sentence of the
    /// other side (high = it may belong there).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub neighbour_coverage: Option<f64>,
    /// Glossary terms found on one side of the bead whose counterpart is not on the other.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_terms: Vec<String>,
    /// Numbers (written in digits) found on one side of the bead only.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub numbers_differ: Vec<String>,
    /// For a bead with several sentences on a side: the edge sentence most likely to have no
    /// counterpart, as the omission pass ([`super::refine`]) judged it without splitting it off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub untranslated: Option<Untranslated>,
}

/// An edge sentence of a merged bead that may have no counterpart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Untranslated {
    /// True for a target sentence, false for a source sentence.
    pub target: bool,
    /// Its index in its document.
    pub sentence: usize,
    /// The omission model's probability that it has no counterpart.
    pub probability: f64,
    /// Every candidate of the bead as `(target, sentence, features)`, for fitting the model
    /// (`examples/confidence.rs`).
    #[serde(skip)]
    pub candidates: Vec<(bool, usize, [f64; OMISSION_FEATURES])>,
}

impl Reasons {
    /// The reasons as short `name value` phrases, doubtful facts first (for TMX props and the
    /// review page).
    pub fn phrases(&self) -> Vec<String> {
        let mut out = Vec::new();
        if *self == Reasons::default() {
            return out;
        }
        let pct = |x: f64| format!("{:.0}%", 100.0 * x);
        if let Some(c) = self.neighbour_coverage {
            out.push(format!("neighbour covers {}", pct(c)));
        }
        if let Some(c) = self.src_coverage {
            out.push(format!("source covered {}", pct(c)));
        }
        if let Some(c) = self.tgt_coverage {
            out.push(format!("target covered {}", pct(c)));
        }
        if let Some(c) = self.weakest_sentence {
            out.push(format!("weakest sentence {}", pct(c)));
        }
        if let Some(r) = self.length_ratio {
            out.push(format!("length {r:.2}× the document's (z {:+.1})", self.length_z));
        }
        if let Some(e) = self.edge_length_z
            && self.length_z.abs() - e > 1.0
        {
            out.push(format!("lengths fit better without an edge sentence (|z| {e:.1})"));
        }
        if let Some(z) = self.similarity_z {
            out.push(format!("similarity z {z:.1}"));
        }
        out.push(format!("margin {:.1}", self.margin));
        if !self.missing_terms.is_empty() {
            out.push(format!("terms without counterpart: {}", self.missing_terms.join(", ")));
        }
        if !self.numbers_differ.is_empty() {
            out.push(format!("numbers on one side only: {}", self.numbers_differ.join(", ")));
        }
        if let Some(u) = &self.untranslated
            && u.probability >= 0.2
        {
            out.push(format!(
                "{} sentence {} may be untranslated ({})",
                if u.target { "target" } else { "source" },
                u.sentence,
                pct(u.probability)
            ));
        }
        out
    }
}

/// The constants of the confidence model (logistic regressions; fitted, see the module docs).
///
/// A bead with both sides: `logit = pair · (1, z, w, |l|, g, k, u, e, o)`, where `z` is the
/// similarity z clamped to [−3, 8], `w` the weakest sentence's coverage, `l` the length z clamped
/// to ±6, `g = sign(margin)·ln(1 + |margin|)`, `k` the number of merges (`a + b − 2`), `u` 1 when
/// the bead has no lexical evidence, `e = max(0, |l| − edge_length_z)` (how much better the
/// lengths fit without an edge sentence) and `o` the omission model's probability that an edge
/// sentence is untranslated ([`Reasons::untranslated`]).
/// A gap: `logit = gap · (1, g, c, u)`, `c` the neighbour coverage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    /// Weights of the paired-bead model: bias, similarity, weakest sentence, |length z|, margin,
    /// merges, no lexical evidence, edge length gain, untranslated edge sentence.
    pub pair: [f32; PAIR_FEATURES],
    /// Weights of the gap model: bias, margin, neighbour coverage, no lexical evidence.
    pub gap: [f32; GAP_FEATURES],
    /// Weights of the omission model ([`super::refine`]): bias, coverage likelihood ratio,
    /// length gain, relative length, target side, coverage carried, merges.
    pub omission: [f32; OMISSION_FEATURES],
    /// Run the omission pass ([`super::refine`]): split a sentence off a merged bead as 1-0 /
    /// 0-1 when the omission model says so.
    pub split_omissions: bool,
    /// The omission model's probability above which the sentence is split off.
    pub split_above: f32,
}

/// Number of features (with the bias) of the paired-bead model.
pub const PAIR_FEATURES: usize = 9;
/// Number of features (with the bias) of the gap model.
pub const GAP_FEATURES: usize = 4;

impl Default for Calibration {
    fn default() -> Self {
        // fitted by `cargo run --release --example confidence -- fit-omission --trials 30` (the
        // omission weights), then `-- fit --trials 30` (pair and gap); BENCHMARKS.md
        Calibration {
            pair: [0.319, 0.035, 2.105, -0.606, 1.301, -0.512, 0.0, 0.204, -2.937],
            gap: [2.533, 0.567, -1.175, 0.0],
            omission: [-0.001, 0.374, 0.428, 0.475, -1.487, -5.302, -0.127],
            split_omissions: true,
            split_above: 0.7,
        }
    }
}

fn signed_log(x: f64) -> f64 {
    x.signum() * x.abs().ln_1p()
}

impl Calibration {
    /// The features the paired-bead model reads (bias first), from a bead's reasons and shape.
    pub fn pair_features(r: &Reasons, a: usize, b: usize) -> [f64; PAIR_FEATURES] {
        let lexical = r.similarity_z.is_some();
        [
            1.0,
            r.similarity_z.unwrap_or(0.0).clamp(-3.0, 8.0),
            r.weakest_sentence.unwrap_or(0.0),
            r.length_z.abs().min(6.0),
            signed_log(r.margin),
            (a + b).saturating_sub(2) as f64,
            if lexical { 0.0 } else { 1.0 },
            r.edge_length_z.map_or(0.0, |e| (r.length_z.abs().min(6.0) - e.min(6.0)).max(0.0)),
            r.untranslated.as_ref().map_or(0.0, |u| u.probability),
        ]
    }

    /// Parses `p0,…,p8;g0,…,g3[;o0,…,o6]` (pair weights; gap weights; omission weights), as the
    /// fitting example prints them.
    pub fn parse(text: &str) -> Option<Calibration> {
        let mut parts = text.split(';');
        let nums = |s: &str| s.split(',').map(|x| x.trim().parse::<f32>().ok()).collect::<Option<Vec<f32>>>();
        let d = Calibration::default();
        let pair = nums(parts.next()?)?.try_into().ok()?;
        let gap = nums(parts.next()?)?.try_into().ok()?;
        let omission = match parts.next() {
            Some(o) => nums(o)?.try_into().ok()?,
            None => d.omission,
        };
        Some(Calibration { pair, gap, omission, ..d })
    }

    /// The features the gap model reads (bias first).
    pub fn gap_features(r: &Reasons) -> [f64; GAP_FEATURES] {
        [
            1.0,
            signed_log(r.margin),
            r.neighbour_coverage.unwrap_or(0.0),
            if r.neighbour_coverage.is_some() { 0.0 } else { 1.0 },
        ]
    }

    /// The probability that a bead of shape `a`-`b` with these reasons is exactly right.
    pub fn probability(&self, r: &Reasons, a: usize, b: usize) -> f64 {
        let logit: f64 = if a == 0 || b == 0 {
            Self::gap_features(r).iter().zip(self.gap).map(|(x, w)| x * w as f64).sum()
        } else {
            Self::pair_features(r, a, b).iter().zip(self.pair).map(|(x, w)| x * w as f64).sum()
        };
        1.0 / (1.0 + (-logit).exp())
    }
}

/// What the confidence model and the refinement pass ask of the search's scorer, inside a small
/// window of sentences prepared first.
pub(crate) trait Probe {
    /// Source and target sentence counts.
    fn dims(&self) -> (usize, usize);
    /// Source and target characters of a bead.
    fn lengths(&self, sp: Span) -> (f32, f32);
    /// False when the search uses length only.
    fn lexical(&self) -> bool;
    /// The bead shapes the search uses at the sentence level.
    fn shapes(&self) -> &[(usize, usize)];
    /// Prepares source sentences `s0..s1` against target sentences `t0..t1`; the calls below
    /// take spans inside the last prepared window.
    fn prepare(&mut self, s0: usize, s1: usize, t0: usize, t1: usize);
    /// The search's score of a bead (higher is better; what the search adds up).
    fn score(&self, sp: Span) -> f32;
    /// Coverage shares `(source, target, weakest sentence)`, `None` where nothing is to cover.
    fn coverage(&self, sp: Span) -> (Option<f32>, Option<f32>, Option<f32>);
    /// `(length z, bead ratio / document ratio)` of a bead with both sides.
    fn length(&self, sp: Span) -> (f32, Option<f32>);
    /// The bead's lexical similarity as the search defines it, `None` where a side has nothing
    /// to compare.
    fn similarity(&self, sp: Span) -> Option<f32>;
}

/// The widest window (in sentences per side) the probe prepares.
pub(crate) const MAX_WINDOW: usize = 24;

/// The search's scorer as a [`Probe`]: the only place this module knows the search's internals.
pub(crate) struct ScorerProbe<'s, 'a> {
    scorer: &'s Scorer<'a>,
    rows: PairRows,
    shapes: Vec<(usize, usize)>,
}

impl<'s, 'a> ScorerProbe<'s, 'a> {
    pub(crate) fn new(scorer: &'s Scorer<'a>, concepts: usize) -> Self {
        let shapes = cost::shapes(scorer.params.max_bead);
        ScorerProbe { scorer, rows: PairRows::new(concepts, MAX_WINDOW), shapes }
    }
}

fn side_share(c: f32, t: f32) -> Option<f32> {
    (t > 0.0).then(|| (c / t).clamp(0.0, 1.0))
}

impl Probe for ScorerProbe<'_, '_> {
    fn dims(&self) -> (usize, usize) {
        (self.scorer.src.n(), self.scorer.tgt.n())
    }

    fn lengths(&self, sp: Span) -> (f32, f32) {
        self.scorer.lengths(sp)
    }

    fn lexical(&self) -> bool {
        self.scorer.lexical
    }

    fn shapes(&self) -> &[(usize, usize)] {
        &self.shapes
    }

    fn prepare(&mut self, s0: usize, s1: usize, t0: usize, t1: usize) {
        if !self.scorer.lexical {
            return;
        }
        for s in s0..s1.min(s0 + MAX_WINDOW) {
            self.rows.compute(self.scorer.src, self.scorer.tgt, s, t0, t1);
        }
    }

    fn score(&self, sp: Span) -> f32 {
        self.scorer.score_above(&self.rows, sp, 0.0, f32::NEG_INFINITY).unwrap_or(f32::NEG_INFINITY)
    }

    fn coverage(&self, sp: Span) -> (Option<f32>, Option<f32>, Option<f32>) {
        if !self.scorer.lexical {
            return (None, None, None);
        }
        let (src, tgt): (&Side, &Side) = (self.scorer.src, self.scorer.tgt);
        let (mut cz, mut tz, mut ce, mut te) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
        let mut weakest: Option<f32> = None;
        let mut low = |share: Option<f32>| {
            if let Some(x) = share {
                weakest = Some(weakest.map_or(x, |w: f32| w.min(x)));
            }
        };
        let (mut shares_s, mut shares_t) = (Vec::new(), Vec::new());
        self.rows.each_covered(
            src,
            tgt,
            sp.s0,
            sp.s1,
            sp.t0,
            sp.t1,
            |s, w| {
                cz += w;
                tz += src.total_w[s];
                shares_s.push(side_share(w, src.total_w[s]));
            },
            |t, w| {
                ce += w;
                te += tgt.total_w[t];
                shares_t.push(side_share(w, tgt.total_w[t]));
            },
        );
        for x in shares_s.into_iter().chain(shares_t) {
            low(x);
        }
        (side_share(cz, tz), side_share(ce, te), weakest)
    }

    fn similarity(&self, sp: Span) -> Option<f32> {
        if !self.scorer.lexical {
            return None;
        }
        self.scorer.similarity(&self.rows, sp)
    }

    fn length(&self, sp: Span) -> (f32, Option<f32>) {
        let (ls, lt) = self.scorer.lengths(sp);
        let ratio = self.scorer.ratio;
        let expect = ls * ratio;
        let var = self.scorer.params.length_variance;
        let z = (lt - expect) / (var * (expect + lt).max(1.0) / 2.0).sqrt();
        let r = (ls > 0.0 && lt > 0.0 && ratio > 0.0).then(|| lt / ls / ratio);
        (z, r)
    }
}

/// Similarities of random 1-1 pairs of the documents: `(median, robust sd)`, or `None` when
/// there is no lexical evidence. The pairs are drawn with a fixed pseudo-random generator, the
/// target offset uniform in the middle three fifths of the document, so a document repeated any
/// number of times does not pair a sentence with its own copy systematically.
pub(crate) fn baseline(probe: &mut impl Probe, spans: &[Span]) -> Option<(f32, f32)> {
    if !probe.lexical() {
        return None;
    }
    let (_, m) = probe.dims();
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let step = (spans.len() / 400).max(1);
    let mut sims = Vec::new();
    for sp in spans.iter().step_by(step) {
        if sp.s1 == sp.s0 || m < 3 {
            continue;
        }
        let lo = (m / 5).max(1);
        let width = (m - 2 * lo).max(1);
        let t = (sp.t0 + lo + (next() % width as u64) as usize) % m;
        if (sp.t0..sp.t1).contains(&t) {
            continue;
        }
        probe.prepare(sp.s0, sp.s0 + 1, t, t + 1);
        let one = Span { s0: sp.s0, s1: sp.s0 + 1, t0: t, t1: t + 1 };
        if let Some(x) = probe.similarity(one) {
            sims.push(x);
        }
    }
    if sims.is_empty() {
        return Some((0.0, 0.1));
    }
    sims.sort_by(f32::total_cmp);
    let median = sims[sims.len() / 2];
    let mut dev: Vec<f32> = sims.iter().map(|x| (x - median).abs()).collect();
    dev.sort_by(f32::total_cmp);
    let mad = 1.4826 * dev[dev.len() / 2];
    // a MAD of 0 (most random pairs share nothing) says little: fall back to the spread of the
    // upper half, and never below a floor
    let upper: Vec<f32> = sims.iter().copied().filter(|&x| x >= median).collect();
    let mean_u = upper.iter().sum::<f32>() / upper.len() as f32;
    let sd = mad.max(mean_u - median).max(if sims.len() >= 30 { 0.03 } else { 0.1 });
    Some((median, sd))
}

/// The window of beads `k-1..=k+1` (clipped), as sentence ranges, with the first bead index.
fn window(spans: &[Span], k: usize) -> (usize, Span) {
    let mut a = k.saturating_sub(1);
    let mut b = (k + 1).min(spans.len() - 1);
    let rows = |a: usize, b: usize| spans[b].s1 - spans[a].s0;
    let cols = |a: usize, b: usize| spans[b].t1 - spans[a].t0;
    while (rows(a, b) > MAX_WINDOW || cols(a, b) > MAX_WINDOW) && (a < k || b > k) {
        if a < k { a += 1 } else { b -= 1 }
    }
    (a, Span { s0: spans[a].s0, s1: spans[b].s1, t0: spans[a].t0, t1: spans[b].t1 })
}

/// The best score of a path through window `w` (endpoints fixed) over the search's shapes, not
/// using the bead `forbid`.
fn best_without(probe: &impl Probe, w: Span, forbid: Span) -> f32 {
    let (rows, cols) = (w.s1 - w.s0, w.t1 - w.t0);
    if rows > MAX_WINDOW || cols > MAX_WINDOW {
        return f32::NEG_INFINITY;
    }
    let width = cols + 1;
    let mut best = vec![f32::NEG_INFINITY; (rows + 1) * width];
    best[0] = 0.0;
    for i in 0..=rows {
        for j in 0..=cols {
            if i == 0 && j == 0 {
                continue;
            }
            let mut top = f32::NEG_INFINITY;
            for &(a, b) in probe.shapes() {
                if a > i || b > j {
                    continue;
                }
                let prev = best[(i - a) * width + (j - b)];
                if prev == f32::NEG_INFINITY {
                    continue;
                }
                let sp = Span { s0: w.s0 + i - a, s1: w.s0 + i, t0: w.t0 + j - b, t1: w.t0 + j };
                if sp == forbid {
                    continue;
                }
                top = top.max(prev + probe.score(sp));
            }
            best[i * width + j] = top;
        }
    }
    best[rows * width + cols]
}

/// The reasons of every bead (everything but the glossary terms and numbers, which need the
/// texts), the median similarity z of the paired beads (for the "not translations" warning) and
/// the random-pair baseline.
#[allow(clippy::type_complexity)]
pub(crate) fn reasons(
    probe: &mut impl Probe,
    spans: &[Span],
) -> (Vec<Reasons>, Option<f32>, Option<(f32, f32)>) {
    let base = baseline(probe, spans);
    let out: Vec<Reasons> = (0..spans.len()).map(|k| reason_at(probe, spans, k, base)).collect();
    let mut zs: Vec<f64> = out.iter().filter_map(|r| r.similarity_z).collect();
    zs.sort_by(f64::total_cmp);
    let median = (zs.len() >= 3).then(|| zs[zs.len() / 2] as f32);
    (out, median, base)
}

/// The reasons of bead `k` of `spans`, with the random-pair baseline `base`.
pub(crate) fn reason_at(
    probe: &mut impl Probe,
    spans: &[Span],
    k: usize,
    base: Option<(f32, f32)>,
) -> Reasons {
    let sp = spans[k];
    let (first, w) = window(spans, k);
    probe.prepare(w.s0, w.s1, w.t0, w.t1);
    let mut chosen = 0.0f32;
    let mut j = first;
    while j < spans.len() && spans[j].s1 <= w.s1 && spans[j].t1 <= w.t1 {
        chosen += probe.score(spans[j]);
        j += 1;
    }
    let alt = best_without(probe, w, sp);
    let margin = if alt == f32::NEG_INFINITY { 10.0 } else { (chosen - alt).min(10.0) };
    let mut r = Reasons { margin: round(margin as f64), ..Reasons::default() };
    let (a, b) = (sp.s1 - sp.s0, sp.t1 - sp.t0);
    if a > 0 && b > 0 {
        let (cs, ct, weakest) = probe.coverage(sp);
        r.src_coverage = cs.map(|x| round(x as f64));
        r.tgt_coverage = ct.map(|x| round(x as f64));
        r.weakest_sentence = weakest.map(|x| round(x as f64));
        let (z, ratio) = probe.length(sp);
        r.length_z = round(z as f64);
        r.length_ratio = ratio.map(|x| round(x as f64));
        let mut rests = Vec::new();
        if a >= 2 {
            rests.push(Span { s0: sp.s0 + 1, ..sp });
            rests.push(Span { s1: sp.s1 - 1, ..sp });
        }
        if b >= 2 {
            rests.push(Span { t0: sp.t0 + 1, ..sp });
            rests.push(Span { t1: sp.t1 - 1, ..sp });
        }
        r.edge_length_z = rests
            .into_iter()
            .map(|x| probe.length(x).0.abs())
            .min_by(f32::total_cmp)
            .map(|x| round(x as f64));
        if let (Some((median, sd)), Some(sim)) = (base, probe.similarity(sp)) {
            r.similarity_z = Some(round(((sim - median) / sd) as f64));
        }
    } else if probe.lexical() {
        // the gap's sentence against each sentence of the other side in the window
        let mut best: Option<f32> = None;
        let others: Vec<Span> = if a > 0 {
            (w.t0..w.t1).map(|t| Span { s0: sp.s0, s1: sp.s1, t0: t, t1: t + 1 }).collect()
        } else {
            (w.s0..w.s1).map(|s| Span { s0: s, s1: s + 1, t0: sp.t0, t1: sp.t1 }).collect()
        };
        for o in others {
            let (cs, ct, _) = probe.coverage(o);
            if let Some(x) = if a > 0 { cs } else { ct } {
                best = Some(best.map_or(x, |y: f32| y.max(x)));
            }
        }
        r.neighbour_coverage = best.map(|x| round(x as f64)).or(Some(0.0));
    }
    r
}

/// The highest confidence a bead gets when the documents do not look like translations of each
/// other (the beads' median similarity is within 1.5 standard deviations of random pairs').
const NOT_TRANSLATIONS_CAP: f64 = 0.25;

/// The highest confidence a bead gets with length evidence only (`--evidence length`, or no word
/// of either side covered), which the confidence model was not fitted on: at best a coin toss.
const LENGTH_ONLY_CAP: f64 = 0.5;

/// Turns the search's spans into beads with calibrated confidences, their reasons and glossary
/// anchors, after the omission pass ([`super::refine`]); warns when the beads are no more
/// similar than random pairs. `texts` are the sentences (for the numbers on one side only).
pub(crate) fn beads(
    scorer: &Scorer,
    spans: &[Span],
    concepts: usize,
    glossary: &Glossary,
    texts: (&[&str], &[&str]),
    warnings: &mut Vec<super::Warning>,
) -> Vec<Bead> {
    let (src, tgt) = (scorer.src, scorer.tgt);
    let mut probe = ScorerProbe::new(scorer, concepts);
    let mut spans = spans.to_vec();
    let cal = &scorer.params.confidence;
    let said = if scorer.lexical {
        let model = CoverageModel::new(&mut probe, &spans);
        split_omissions(&mut probe, &mut spans, &model, cal, cal.split_omissions)
    } else {
        vec![None; spans.len()]
    };
    let (mut reasons, median_z, _) = reasons(&mut probe, &spans);
    annotate(&mut reasons, said);
    let mut beads = Vec::with_capacity(spans.len());
    for (sp, mut reasons) in spans.iter().zip(reasons) {
        let (a, b) = (sp.s1 - sp.s0, sp.t1 - sp.t0);
        let mut score = cal.probability(&reasons, a, b);
        let unsupported = !scorer.lexical
            || reasons.similarity_z.is_none()
            || (reasons.src_coverage == Some(0.0) && reasons.tgt_coverage == Some(0.0));
        if a > 0 && b > 0 && unsupported {
            // nothing lexical says this bead is a translation (length only, or no word of either
            // side covered): the model was fitted on beads with that evidence, so the length fit
            // alone decides, at most a coin toss
            let fit = 1.0
                / (1.0
                    + (0.4 * super::evidence::length::normal_tail_cost(reasons.length_z as f32) as f64)
                        .exp());
            score = score.min(LENGTH_ONLY_CAP * 2.0 * fit);
        }
        let mut anchors: Vec<String> = Vec::new();
        let sg: Vec<u32> = (sp.s0..sp.s1).flat_map(|s| src.glossary_of(s).iter().copied()).collect();
        let tg: Vec<u32> = (sp.t0..sp.t1).flat_map(|t| tgt.glossary_of(t).iter().copied()).collect();
        let term = |e: u32| glossary.entries[e as usize].src.first().map(|t| t.text.clone());
        for &e in &tg {
            if sg.contains(&e)
                && let Some(term) = term(e)
                && !anchors.contains(&term)
            {
                anchors.push(term);
            }
        }
        if a > 0 && b > 0 {
            for &e in sg.iter().filter(|e| !tg.contains(e)).chain(tg.iter().filter(|e| !sg.contains(e))) {
                if let Some(term) = term(e)
                    && !reasons.missing_terms.contains(&term)
                {
                    reasons.missing_terms.push(term);
                }
            }
            reasons.numbers_differ = numbers_differ(&texts.0[sp.s0..sp.s1], &texts.1[sp.t0..sp.t1]);
        }
        beads.push(Bead {
            src: (sp.s0..sp.s1).collect(),
            tgt: (sp.t0..sp.t1).collect(),
            score: (score * 1e4).round() / 1e4,
            anchors,
            reasons,
        });
    }
    if let Some(median) = median_z
        && median < 1.5
    {
        // the model was fitted on translations: here no bead is likely right
        for b in &mut beads {
            b.score = b.score.min(NOT_TRANSLATIONS_CAP);
        }
        warnings.push(super::Warning::NotTranslations { median_z: median as f64 });
    }
    beads
}

fn round(x: f64) -> f64 {
    (x * 1e3).round() / 1e3
}

/// Numbers written in digits (ASCII or full-width) in a text, as strings without separators.
fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_digit = false;
    for c in text.chars() {
        let d = match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            _ => None,
        };
        match d {
            Some(d) => {
                cur.push(d);
                prev_digit = true;
            }
            None if prev_digit && (c == '.' || c == ',' || c == '，' || c == '．') => {
                if c == '.' || c == '．' {
                    cur.push('.');
                }
                prev_digit = false;
            }
            None => {
                if !cur.is_empty() {
                    out.push(cur.trim_end_matches('.').to_string());
                    cur.clear();
                }
                prev_digit = false;
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur.trim_end_matches('.').to_string());
    }
    out
}

/// The numbers (in digits) found on one side of a bead only, each once.
pub(crate) fn numbers_differ(src: &[&str], tgt: &[&str]) -> Vec<String> {
    let a: Vec<String> = src.iter().flat_map(|s| numbers(s)).collect();
    let b: Vec<String> = tgt.iter().flat_map(|s| numbers(s)).collect();
    let mut out: Vec<String> = Vec::new();
    for x in a.iter().filter(|x| !b.contains(x)).chain(b.iter().filter(|x| !a.contains(x))) {
        if !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_compared_across_scripts_and_widths() {
        assert_eq!(numbers("2025年第３季度，增长1,200.5%。"), vec!["2025", "3", "1200.5"]);
        assert_eq!(numbers_differ(&["2025年增长12%"], &["In 2025 it grew 13%."]), vec!["12", "13"]);
        assert!(numbers_differ(&["第1章"], &["Chapter 1."]).is_empty());
    }

    #[test]
    fn calibration_orders_evidence_sensibly() {
        let c = Calibration::default();
        let good = Reasons {
            similarity_z: Some(6.0),
            weakest_sentence: Some(0.8),
            margin: 8.0,
            ..Reasons::default()
        };
        let bad = Reasons {
            similarity_z: Some(0.5),
            weakest_sentence: Some(0.0),
            margin: 0.2,
            length_z: 3.0,
            ..Reasons::default()
        };
        assert!(c.probability(&good, 1, 1) > 0.9);
        assert!(c.probability(&bad, 2, 1) < 0.3);
        let furniture = Reasons { margin: 6.0, neighbour_coverage: Some(0.0), ..Reasons::default() };
        let absorbed = Reasons { margin: 0.3, neighbour_coverage: Some(0.7), ..Reasons::default() };
        assert!(c.probability(&furniture, 1, 0) > c.probability(&absorbed, 1, 0));
    }

    #[test]
    fn window_is_clipped_to_the_bead_and_its_neighbours() {
        let sp = |s0, s1, t0, t1| Span { s0, s1, t0, t1 };
        let spans = [sp(0, 1, 0, 1), sp(1, 3, 1, 2), sp(3, 4, 2, 2), sp(4, 5, 2, 3)];
        assert_eq!(window(&spans, 0), (0, sp(0, 3, 0, 2)));
        assert_eq!(window(&spans, 2), (1, sp(1, 5, 1, 3)));
        assert_eq!(window(&spans, 3), (2, sp(3, 5, 2, 3)));
    }
}
