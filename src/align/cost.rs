//! The bead shapes, their priors, and the weights of the score ([`Params`]); the evidence the
//! score reads is in [`super::evidence`].

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
    /// Extra cost of beads with several sentences on both sides (2-2, 2-3, 3-2) when coverage
    /// is not chance-corrected (length only, documents under `chance_min_sentences`).
    pub many_many: f32,
    /// The same when coverage is chance-corrected: most of what `many_many` guards against is a
    /// bead with more sentences covering more by chance, which the correction already takes off,
    /// so half of it is enough (MAC-Dev strict 0.889 with 3, 0.898 with 1.5; BENCHMARKS.md).
    pub many_many_chance: f32,
    /// Cost of a bead running across a paragraph end (half of it for a bead that ends a
    /// paragraph on one side only); used only when both documents have paragraphs.
    pub paragraph: f32,
    /// How much of the chance coverage is taken off each sentence's covered share (1 = all of
    /// it, 0 = none): the share a random other side as long as the bead's would cover
    /// ([`super::evidence::coverage`]'s `chance_rates`). It makes beads of every size compete on
    /// what their sides share beyond chance, instead of big beads winning by covering more.
    pub chance: f32,
    /// Sentence pairs sampled to estimate the chance coverage.
    pub chance_samples: usize,
    /// Documents with fewer sentences than this on either side get no chance correction: half
    /// the document away is too close to be unrelated, and too few pairs to measure.
    pub chance_min_sentences: usize,
    /// The coverage share counted for a sentence with nothing to cover (no units).
    pub neutral: f32,
    /// Weight (in IDF units, about one rare word's) by which each sentence's coverage share is
    /// shrunk towards `neutral` (see [`super::evidence::coverage`]'s `coverage_sum`): short
    /// sentences, whose share is all or nothing, sway the score less. 0 turns it off (MAC-Dev
    /// strict 0.898 with 0, 0.900 with 1, 2 or 4; long-dev 94.3%, 94.4%, 94.6%, 94.7%; lax
    /// 0.994, 0.994, 0.993, 0.992).
    pub share_prior: f32,
    /// The largest bead at the sentence level, in sentences of both sides (5 stops at 1-4, 2-3;
    /// 7, the default, gives every shape up to 1-6, 2-5, 3-4, 3-3 …). Without chance-corrected
    /// coverage (`chance` 0) big shapes win too often at 7 (MAC-Dev strict 0.878); with it they
    /// compete fairly (0.898, see BENCHMARKS.md).
    pub max_bead: usize,
    /// The largest bead at the coarse levels, in blocks of both sides.
    pub coarse_max_bead: usize,
    /// Tables with at most this many cells (`n·m`) are searched whole, at the sentence level.
    pub full_dp_cells: usize,
    /// Larger tables are downsampled until both sides have at most this many blocks.
    pub coarse_top: usize,
    /// Sentences (or blocks) merged into one block per coarser level.
    pub downsample: usize,
    /// Columns either side of the projected coarse path searched at the next finer level.
    pub search_window: usize,
    /// Columns either side of the first pass's path that the re-alignment pass searches (the
    /// learnt word pairs move beads locally; the first pass found the region).
    pub refine_window: usize,
    /// Beads of the first pass at least this confident teach word pairs to the second.
    pub learn_confidence: f64,
    /// A learnt word pair occurs together in at least this many confident beads …
    pub learn_min_count: u32,
    /// … with at least this Dice coefficient over them.
    pub learn_dice: f64,
    /// The second pass takes its length ratio from the first pass's 1-1 beads at least this
    /// confident (when there are 20), not from the whole documents.
    pub ratio_confidence: f64,
    /// Units beyond this many in one sentence are ignored by the lexical evidence (length still
    /// counts): bounds the work on a pathological sentence.
    pub max_units: usize,
    /// A glossary term on the target side weighs this many times an ordinary word of the same
    /// document frequency (a glossary says the pair is a translation).
    pub glossary_weight: f32,
    /// Names: the longest run of Han characters matched against a name's pinyin.
    pub name_max_chars: usize,
    /// Names: readings tried per character (the most common first).
    pub name_readings: usize,
    /// Names: the shortest English word (in letters) taken for a name.
    pub name_min_letters: usize,
    /// Lexicon: a headword inside a longer unit covers the unit when it has at least this many
    /// characters …
    pub lexicon_contains_chars: usize,
    /// … and at least this share of the unit's characters.
    pub lexicon_contains_share: f32,
    /// Tokens: a run of Chinese numerals counts from this value up (一 alone is mostly "a").
    pub zh_number_min: f64,
    /// Learnt: Chinese units shorter than this many characters teach nothing (too ambiguous).
    pub learn_min_chars: usize,
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
            many_many_chance: 1.5,
            paragraph: 2.0,
            chance: 1.0,
            chance_samples: 300,
            chance_min_sentences: 20,
            neutral: 0.2,
            share_prior: 2.0,
            max_bead: 7,
            coarse_max_bead: 4,
            full_dp_cells: 100_000,
            coarse_top: 48,
            downsample: 2,
            search_window: 6,
            refine_window: 6,
            learn_confidence: 0.7,
            learn_min_count: 2,
            learn_dice: 0.4,
            ratio_confidence: 0.9,
            max_units: 2048,
            glossary_weight: 3.0,
            name_max_chars: 4,
            name_readings: 4,
            name_min_letters: 2,
            lexicon_contains_chars: 2,
            lexicon_contains_share: 0.5,
            zh_number_min: 2.0,
            learn_min_chars: 2,
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
