//! Evidence: the facts about each sentence that the bead score reads, built once per document
//! pair on normalised text, one module per kind.
//!
//! # Two families, one rule: facts per sentence, computed once, merged for beads
//!
//! **Lexical kinds** ([`tokens`], [`lexicon`], [`names`], [`glossary`], [`learnt`]) all feed one
//! representation, a `Side` per document. Each sentence is a list of weighted *units* (what must
//! be accounted for, [`units`]): English content words, Chinese words (forward maximum matching
//! against the lexicon), numbers, Latin words, URLs, `?`/`!`/quotes, glossary terms. Every English
//! unit carries one *concept* (an integer: a stem, a number, a glossary entry…). A Chinese
//! sentence also carries *matches*: a run of its units and the concepts that would translate it
//! (lexicon glosses, the same number, the pinyin of a name, the glossary term's target). A Chinese
//! unit is covered by an English sentence when some match over it has a concept present there;
//! an English unit is covered when its concept is. Weights are inverse document frequencies
//! within the document at hand. [`coverage`] turns these into per-sentence-pair bitmasks once,
//! and a candidate bead's coverage is the OR of its pairs' masks: evidence of a merged bead is
//! computed on the merged text without re-tokenising anything. A lexical kind implements
//! `Kind`: it may add units to a target sentence (`Kind::target`), learn from the whole
//! target document (`Kind::target_done`), and adds matches over a source sentence's units
//! (`Kind::source`). `Builder::new` lists the kinds that are on.
//!
//! **Bead kinds** score a candidate bead directly from per-sentence facts of their own:
//! [`length`] (Gale–Church, from prefix sums of sentence lengths) is built in; any other
//! implements `BeadEvidence`: it prepares its per-sentence facts once (for example sentence
//! vectors and their prefix sums), scores a bead `s0..s1 × t0..t1` from them in O(1) or O(dim)
//! (`BeadEvidence::score`), and gives the same evidence over blocks of sentences for the coarse
//! levels of the search by merging facts, not recomputing them (`BeadEvidence::coarsen`). The
//! search's `Scorer` adds the score of every `BeadEvidence` in its `extra` list to each paired
//! bead's score (1-0 and 0-1 beads have nothing to compare and are left to the shape prior).
//!
//! # Adding a kind
//! A lexical kind: a file here with a type implementing `Kind`, and one line in
//! `Builder::new` (plus its name in [`Evidence`]). A bead kind (a sentence encoder's
//! similarity, say): a file here implementing `BeadEvidence`, and one line where the aligner
//! builds its `Scorer` (`scorer.extra.push(Box::new(…))`). Every constant a kind uses is a field
//! of [`crate::align::Params`], with its default documented there.

pub mod coverage;
pub mod glossary;
pub mod learnt;
pub mod length;
pub mod lexicon;
pub mod names;
pub mod semantic;
pub mod tokens;
pub mod units;

use rustc_hash::FxHashMap;

use crate::glossary::Matcher;
use crate::lexicon::{LexMatch, Lexicon};

use super::cost::Params;

/// Which kinds of evidence to use (the ablation switches).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    /// Numbers, Latin words, URLs and punctuation both sides share.
    pub tokens: bool,
    /// The lexicon's glosses.
    pub lexicon: bool,
    /// Pinyin matching of personal names.
    pub names: bool,
    /// Glossary terms.
    pub glossary: bool,
    /// Gale–Church length fit.
    pub length: bool,
    /// Word pairs learnt from the confident beads of a first pass (then a second pass runs).
    pub learnt: bool,
}

impl Default for Evidence {
    fn default() -> Self {
        Evidence { tokens: true, lexicon: true, names: true, glossary: true, length: true, learnt: true }
    }
}

impl Evidence {
    /// Length and bead priors only (Gale–Church).
    pub const LENGTH_ONLY: Evidence = Evidence {
        tokens: false,
        lexicon: false,
        names: false,
        glossary: false,
        length: true,
        learnt: false,
    };

    /// The names of the kinds, as `--evidence` takes them.
    pub const NAMES: [&'static str; 6] = ["lexicon", "length", "tokens", "names", "glossary", "learnt"];

    /// Whether any lexical kind is on (anything but length).
    pub fn lexical(&self) -> bool {
        self.tokens || self.lexicon || self.names || self.glossary
    }

    /// Parses a comma-separated list of kind names ([`Evidence::NAMES`]); `all` means every kind.
    pub fn parse(list: &str) -> Result<Evidence, String> {
        let mut e = Evidence::LENGTH_ONLY;
        e.length = false;
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match name {
                "all" => e = Evidence::default(),
                "lexicon" => e.lexicon = true,
                "length" => e.length = true,
                "tokens" => e.tokens = true,
                "names" => e.names = true,
                "glossary" => e.glossary = true,
                "learnt" => e.learnt = true,
                _ => {
                    return Err(format!(
                        "unknown evidence {name:?}; the kinds are {}",
                        Evidence::NAMES.join(",")
                    ));
                }
            }
        }
        Ok(e)
    }
}

/// Concept ids: the lexicon's stems first, then strings seen only in this document pair.
pub(crate) struct Concepts<'l> {
    lex: &'l Lexicon,
    extra: FxHashMap<String, u32>,
}

impl<'l> Concepts<'l> {
    pub(crate) fn new(lex: &'l Lexicon) -> Self {
        Concepts { lex, extra: FxHashMap::default() }
    }

    pub(crate) fn id(&mut self, s: &str) -> u32 {
        if let Some(id) = self.lex.stem_id(s) {
            return id;
        }
        let next = (self.lex.stem_count() + self.extra.len()) as u32;
        *self.extra.entry(s.to_string()).or_insert(next)
    }

    #[cfg(test)]
    pub(crate) fn get(&self, s: &str) -> Option<u32> {
        self.lex.stem_id(s).or_else(|| self.extra.get(s).copied())
    }

    #[cfg(test)]
    pub(crate) fn count(&self) -> usize {
        self.lex.stem_count() + self.extra.len()
    }
}

/// A run of units of one sentence and the concepts that translate it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Match {
    /// First unit (index within the sentence).
    pub lo: u32,
    /// One past the last unit.
    pub hi: u32,
    /// `concepts[c0..c1]`.
    pub c0: u32,
    pub c1: u32,
}

/// One document's lexical evidence, in flat arrays indexed through per-sentence offsets.
#[derive(Debug, Default, Clone)]
pub(crate) struct Side {
    /// `unit_start[s]..unit_start[s+1]` are sentence `s`'s units.
    pub unit_start: Vec<u32>,
    pub unit_w: Vec<f32>,
    /// The concept of each unit (English-like sides), `u32::MAX` for Chinese words.
    pub unit_concept: Vec<u32>,
    /// The key of each Chinese unit (its text interned, for learning correspondences): an
    /// index into `key_text`. Empty on English-like sides.
    pub unit_key: Vec<u32>,
    /// The text of each key: the unit's text, or for a mark its class (`#p?`, `#%` …).
    pub key_text: Vec<String>,
    /// Sum of unit weights per sentence.
    pub total_w: Vec<f32>,
    /// Length in characters (whitespace excluded) per sentence.
    pub len: Vec<f32>,
    /// `match_start[s]..match_start[s+1]` are sentence `s`'s matches.
    pub match_start: Vec<u32>,
    pub matches: Vec<Match>,
    pub concepts: Vec<u32>,
    /// Number of 64-bit words a unit bitmask of each sentence needs.
    pub words: Vec<u32>,
    /// Prefix sums of `words`.
    pub word_start: Vec<u32>,
    /// Glossary entries found per sentence: `gloss_start[s]..` into `gloss`.
    pub gloss_start: Vec<u32>,
    pub gloss: Vec<u32>,
}

impl Side {
    pub fn n(&self) -> usize {
        self.len.len()
    }

    pub fn units(&self, s: usize) -> std::ops::Range<usize> {
        self.unit_start[s] as usize..self.unit_start[s + 1] as usize
    }

    pub fn matches_of(&self, s: usize) -> &[Match] {
        &self.matches[self.match_start[s] as usize..self.match_start[s + 1] as usize]
    }

    pub fn glossary_of(&self, s: usize) -> &[u32] {
        &self.gloss[self.gloss_start[s] as usize..self.gloss_start[s + 1] as usize]
    }

    /// Weights (IDF of `keys`, times `boost`), totals and mask sizes, once all sentences are in.
    pub(crate) fn finish(&mut self, keys: &[u32], boost: &[f32]) {
        let n = self.len.len();
        // document frequencies of unit keys (counted once per sentence)
        let nkeys = keys.iter().copied().max().map_or(0, |k| k as usize + 1);
        let mut df = vec![0u32; nkeys];
        let mut seen = vec![u32::MAX; nkeys];
        for s in 0..n {
            for u in self.units(s) {
                let k = keys[u] as usize;
                if seen[k] != s as u32 {
                    seen[k] = s as u32;
                    df[k] += 1;
                }
            }
        }
        let nf = n.max(1) as f32;
        self.unit_w =
            keys.iter().zip(boost).map(|(&k, &b)| b * (1.0 + nf / df[k as usize] as f32).ln()).collect();
        self.total_w = (0..n).map(|s| self.units(s).map(|u| self.unit_w[u]).sum()).collect();
        self.words = (0..n).map(|s| self.units(s).len().div_ceil(64) as u32).collect();
        self.word_start = std::iter::once(0)
            .chain(self.words.iter().scan(0u32, |acc, &w| {
                *acc += w;
                Some(*acc)
            }))
            .collect();
    }
}

/// Renumbers the concepts of a document pair densely, over the target document's concepts only,
/// and drops from the source's matches every concept the target document never holds; returns
/// how many concepts there are now (what the coverage buffers are sized by).
///
/// Coverage is unchanged: a source match can only cover through a concept some target sentence
/// holds, and a target unit is covered through its own concept. What changes is the work: a
/// lexicon gloss lists many concepts and most are nowhere in the other document, and the
/// per-concept tables of [`coverage::PairRows`] shrink from the lexicon's size (every stem) to
/// the document's, small enough to stay in cache.
pub(crate) fn compact(src: &mut Side, tgt: &mut Side) -> usize {
    let all = tgt.unit_concept.iter().chain(&src.concepts).filter(|&&c| c != u32::MAX).max();
    let mut dense = vec![u32::MAX; all.map_or(0, |&c| c as usize + 1)];
    let mut next = 0u32;
    for c in &mut tgt.unit_concept {
        if *c == u32::MAX {
            continue;
        }
        let d = &mut dense[*c as usize];
        if *d == u32::MAX {
            *d = next;
            next += 1;
        }
        *c = *d;
    }
    let map = |c: u32| dense.get(c as usize).copied().unwrap_or(u32::MAX);
    for c in &mut src.unit_concept {
        *c = map(*c);
    }
    let (old_matches, old_concepts) = (std::mem::take(&mut src.matches), std::mem::take(&mut src.concepts));
    let mut match_start = Vec::with_capacity(src.match_start.len());
    match_start.push(0u32);
    for s in 0..src.n() {
        for m in &old_matches[src.match_start[s] as usize..src.match_start[s + 1] as usize] {
            let c0 = src.concepts.len() as u32;
            src.concepts.extend(
                old_concepts[m.c0 as usize..m.c1 as usize].iter().map(|&c| map(c)).filter(|&c| c != u32::MAX),
            );
            let c1 = src.concepts.len() as u32;
            if c1 > c0 {
                src.matches.push(Match { c0, c1, ..*m });
            }
        }
        match_start.push(src.matches.len() as u32);
    }
    src.match_start = match_start;
    next as usize
}

/// What every kind may read and intern while the facts are built.
pub(crate) struct Cx<'l> {
    pub lex: &'l Lexicon,
    pub evidence: Evidence,
    pub params: Params,
    pub concepts: Concepts<'l>,
}

/// An English-like (target) sentence as the kinds see it, after its words became units.
pub(crate) struct TargetSentence<'s> {
    /// Width-folded, lower-cased text.
    pub norm: &'s str,
    /// Its content words in order (non-stopwords with a letter).
    pub words: &'s [Word],
}

/// A content word of a target sentence.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    /// Lower case.
    pub text: String,
    /// Written with a capital.
    pub upper: bool,
    /// The first word of the sentence (its capital says nothing).
    pub first: bool,
    /// Its concept (the stem's).
    pub concept: u32,
}

/// Where a kind puts the units it adds to a target sentence.
pub(crate) struct TargetOut<'o> {
    pub(crate) side: &'o mut Side,
    pub(crate) keys: &'o mut Vec<u32>,
    pub(crate) boost: &'o mut Vec<f32>,
    /// Index of the sentence's first unit.
    pub(crate) start: usize,
    pub(crate) max_units: usize,
}

impl TargetOut<'_> {
    /// A unit with concept `c` weighing `boost` times its IDF (dropped beyond
    /// [`Params::max_units`] units in the sentence).
    pub fn unit(&mut self, c: u32, boost: f32) {
        if self.side.unit_concept.len() - self.start < self.max_units {
            self.side.unit_concept.push(c);
            self.keys.push(c);
            self.boost.push(boost);
        }
    }

    /// Records that glossary entry `e` occurs in the sentence (for the beads' anchors).
    pub fn glossary_entry(&mut self, e: u32) {
        self.side.gloss.push(e);
    }
}

/// A Chinese (source) sentence as the kinds see it: its units are fixed, kinds add matches.
pub(crate) struct SourceSentence<'s> {
    /// Normalised text ([`crate::script::normalize`]).
    pub norm: &'s str,
    /// Byte span of each unit in `norm`.
    pub spans: &'s [(usize, usize)],
    /// Characters per unit.
    pub unit_chars: &'s [usize],
    /// The lexicon's headwords found in `norm` (when the lexicon or names are on).
    pub lex_matches: &'s [LexMatch],
    /// Units that translate to themselves (Latin words, numbers, marks) and their concepts.
    pub self_matches: &'s [(usize, u32)],
}

impl SourceSentence<'_> {
    /// The units overlapping bytes `s..e`, as a range `lo..hi`.
    pub fn unit_range(&self, s: usize, e: usize) -> (u32, u32) {
        let lo = self.spans.partition_point(|&(_, ue)| ue <= s);
        let hi = self.spans.partition_point(|&(us, _)| us < e);
        (lo as u32, hi.max(lo) as u32)
    }
}

/// Where a kind puts the matches it finds over a source sentence.
pub(crate) struct SourceOut<'o> {
    pub(crate) side: &'o mut Side,
}

impl SourceOut<'_> {
    /// Units `lo..hi` translate to any of `concepts`.
    pub fn matches(&mut self, lo: u32, hi: u32, concepts: &[u32]) {
        let c0 = self.side.concepts.len() as u32;
        self.side.concepts.extend_from_slice(concepts);
        self.side.matches.push(Match { lo, hi, c0, c1: self.side.concepts.len() as u32 });
    }

    /// Records that glossary entry `e` occurs in the sentence (for the beads' anchors).
    pub fn glossary_entry(&mut self, e: u32) {
        self.side.gloss.push(e);
    }
}

/// One kind of lexical evidence: what it adds to the per-sentence facts (see the module docs).
pub(crate) trait Kind {
    /// Adds units to a target sentence beyond its words (default: none), and may look at them.
    fn target(&mut self, _cx: &mut Cx, _s: &TargetSentence, _out: &mut TargetOut) {}

    /// Called once the whole target document is in (default: nothing).
    fn target_done(&mut self, _cx: &mut Cx) {}

    /// Adds matches over a source sentence's units.
    fn source(&mut self, cx: &mut Cx, s: &SourceSentence, out: &mut SourceOut);
}

/// Evidence that scores a whole paired bead from per-sentence facts of its own (see the module
/// docs). Source sentences (or blocks) `s0..s1` against target `t0..t1`, both non-empty.
pub(crate) trait BeadEvidence {
    /// The bead's score (higher is better), added to the rest of the bead score. `block` is the
    /// number of sentences per block at this level (1 at the sentence level), so a kind can weigh
    /// a coarse bead as the sentences it stands for.
    fn score(&self, s0: usize, s1: usize, t0: usize, t1: usize, block: f32) -> f32;

    /// The same evidence over blocks of `factor` consecutive sentences (block `b` holds sentences
    /// `b·factor..(b+1)·factor`), from the merged facts.
    fn coarsen(&self, factor: usize) -> Box<dyn BeadEvidence + '_>;
}

/// Builds the [`Side`]s of a document pair, running every kind that is on.
pub(crate) struct Builder<'a, 'l> {
    pub(crate) cx: Cx<'l>,
    kinds: Vec<Box<dyn Kind + 'a>>,
}

impl<'a, 'l> Builder<'a, 'l> {
    pub fn new(
        lex: &'l Lexicon,
        matcher: Option<&'a Matcher>,
        evidence: Evidence,
        glossary_len: usize,
        params: &Params,
    ) -> Self {
        let mut concepts = Concepts::new(lex);
        let glossary_concepts = (0..glossary_len).map(|e| concepts.id(&format!("#g{e}"))).collect();
        let mut kinds: Vec<Box<dyn Kind + 'a>> = Vec::new();
        if evidence.tokens {
            kinds.push(Box::new(tokens::Tokens));
        }
        if evidence.lexicon {
            kinds.push(Box::new(lexicon::Glosses));
        }
        if evidence.names {
            kinds.push(Box::new(names::Names::default()));
        }
        if evidence.glossary
            && let Some(m) = matcher
        {
            kinds.push(Box::new(glossary::Terms { matcher: m, concepts: glossary_concepts }));
        }
        Builder { cx: Cx { lex, evidence, params: *params, concepts }, kinds }
    }

    /// How many concept ids exist so far (the search sizes its buffers by [`compact`]'s count).
    #[cfg(test)]
    pub fn concepts_count(&self) -> usize {
        self.cx.concepts.count()
    }

    /// An English (or other space-separated) document.
    pub fn english(&mut self, sentences: &[&str]) -> Side {
        units::english(&mut self.cx, &mut self.kinds, sentences)
    }

    /// A Chinese document.
    pub fn chinese(&mut self, sentences: &[&str]) -> Side {
        units::chinese(&mut self.cx, &mut self.kinds, sentences)
    }

    /// A document on the "source" side that is not Chinese: its units translate to themselves.
    pub fn identity(&mut self, sentences: &[&str]) -> Side {
        let mut side = self.english(sentences);
        side.matches.clear();
        side.concepts.clear();
        side.match_start = vec![0];
        for s in 0..side.n() {
            for u in side.units(s) {
                let rel = (u - side.unit_start[s] as usize) as u32;
                side.concepts.push(side.unit_concept[u]);
                let c1 = side.concepts.len() as u32;
                side.matches.push(Match { lo: rel, hi: rel + 1, c0: c1 - 1, c1 });
            }
            side.match_start.push(side.matches.len() as u32);
        }
        side
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn lex() -> Lexicon {
        let (l, _) = Lexicon::from_bytes(
            "w\t望远镜\ttelescope\nw\t天线\tantenna\nw\t五十\tfifty\np\t陈\tchen\ts\np\t清\tqing\t\np\t扬\tyang\t\n"
                .as_bytes(),
            std::path::Path::new("t"),
        )
        .unwrap();
        l
    }

    #[test]
    fn evidence_lists_parse() {
        assert_eq!(Evidence::parse("length").unwrap(), Evidence::LENGTH_ONLY);
        assert_eq!(Evidence::parse("all").unwrap(), Evidence::default());
        let e = Evidence::parse("lexicon, length").unwrap();
        assert!(e.lexicon && e.length && !e.tokens && !e.names && !e.glossary && !e.learnt);
        assert!(Evidence::parse("lexicon,colour").unwrap_err().contains("colour"));
    }

    #[test]
    fn rare_units_weigh_more() {
        let lex = lex();
        let mut b = Builder::new(&lex, None, Evidence::default(), 0, &Params::default());
        let en = b.english(&["said telescope", "said", "said"]);
        let w: Vec<f32> = en.units(0).map(|u| en.unit_w[u]).collect();
        assert!(w[1] > 1.5 * w[0], "{w:?}");
    }

    #[test]
    fn compacting_the_concepts_leaves_every_coverage_the_same() {
        let lex = Lexicon::from_entries([
            ("望远镜", "telescope"),
            ("望远镜", "spyglass"),
            ("天线", "antenna"),
            ("天线", "aerial"),
            ("寒冷", "cold"),
            ("夜晚", "night"),
            ("夜晚", "evening"),
        ]);
        let mut b = Builder::new(&lex, None, Evidence::default(), 0, &Params::default());
        let en = b.english(&["The telescope in 2006.", "An antenna, cold.", "Night fell!", "Nothing."]);
        let zh = b.chinese(&["2006年的望远镜。", "天线很寒冷。", "夜晚来了！", "什么也没有。"]);
        let (mut zc, mut ec) = (zh.clone(), en.clone());
        let n = compact(&mut zc, &mut ec);
        assert!(n < b.concepts_count(), "{n} of {}", b.concepts_count());
        assert!(zc.concepts.len() < zh.concepts.len(), "spyglass, aerial, evening dropped");
        let mut before = coverage::PairRows::new(b.concepts_count(), 2);
        let mut after = coverage::PairRows::new(n, 2);
        let mut covered = 0;
        for s in 0..zh.n() {
            before.compute(&zh, &en, s, 0, en.n());
            after.compute(&zc, &ec, s, 0, en.n());
            for t0 in 0..en.n() {
                for t1 in t0 + 1..=en.n() {
                    let (x, y) = (
                        before.covered(&zh, &en, s, s + 1, t0, t1),
                        after.covered(&zc, &ec, s, s + 1, t0, t1),
                    );
                    assert_eq!(
                        (x.0.to_bits(), x.1.to_bits()),
                        (y.0.to_bits(), y.1.to_bits()),
                        "{s} x {t0}..{t1}"
                    );
                    covered += usize::from(x.0 > 0.0);
                }
            }
        }
        assert!(covered >= 3, "the test covers something ({covered})");
    }

    #[test]
    fn a_kind_that_is_off_adds_nothing() {
        let lex = lex();
        let p = Params::default();
        let zh_text = ["2006年建成了望远镜。"];
        let mut on = Builder::new(&lex, None, Evidence::default(), 0, &p);
        let _ = on.english(&["The telescope was built in 2006."]);
        let with = on.chinese(&zh_text);
        let mut off = Builder::new(&lex, None, Evidence { tokens: false, ..Evidence::default() }, 0, &p);
        let _ = off.english(&["The telescope was built in 2006."]);
        let without = off.chinese(&zh_text);
        assert!(
            with.matches.len() > without.matches.len(),
            "{} {}",
            with.matches.len(),
            without.matches.len()
        );
        assert!(!without.matches.is_empty(), "the lexicon still matches 望远镜");
    }
}
