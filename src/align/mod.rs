//! Sentence alignment: pairs the sentences of a source and a target document into [`Bead`]s.
//!
//! How it works, on normalised text ([`crate::script::normalize`]); outputs keep the original:
//!
//! 1. **Evidence** ([`evidence`], one module per kind behind one interface): every sentence becomes
//!    weighted units (IDF within the document); Chinese units are covered by English sentences
//!    through lexicon glosses, shared numbers, Latin words, URLs and marks, pinyin of names, and
//!    glossary terms; lengths feed Gale–Church.
//! 2. **Score** ([`cost`]): a bead's lexical similarity is the harmonic mean of how much of each side
//!    the other covers, computed on the merged bead; plus Gale–Church length with the length ratio
//!    of the documents at hand, and a prior per bead shape.
//! 3. **Search** ([`search`]): dynamic programming over every bead shape up to 7 sentences (1-0,
//!    0-1, 1-1 … 1-6, 2-5, 3-4 …), over the whole table for short documents, coarse to fine
//!    (blocks of sentences first, then a narrow window around the projected path) for long ones.
//!    [`Aligner::align_with_stats`] says what it did.
//!    With a sentence-encoder model ([`semantic`], `align --semantic`), a sentence-level pass near
//!    that path adds the similarity of the encoder's vectors of each bead's two sides.
//! 4. **Omissions and confidence** ([`refine`], [`confidence`]): a sentence absorbed into a merged
//!    bead is split off when a model of untranslated sentences says so; each bead's `score` is the
//!    calibrated probability that it is exactly right, with the [`Reasons`] behind it.
//!
//! ```
//! use hanalign::align::AlignerBuilder;
//!
//! let aligner = AlignerBuilder::new().build();
//! let zh = ["他看到了望远镜。", "天线在暮色中一字排开。"];
//! let en = ["He saw the telescope.", "The antennas stood in a row in the dusk."];
//! let a = aligner.align(&zh, &en, None, None);
//! assert_eq!(a.beads.len(), 2);
//! assert_eq!((a.beads[1].src.clone(), a.beads[1].tgt.clone()), (vec![1], vec![1]));
//! ```

pub mod confidence;
pub mod cost;
pub mod eval;
pub mod evidence;
pub mod refine;
pub mod search;

use std::fmt;
use std::sync::{Arc, Mutex};

use serde::Serialize;

pub use confidence::{Calibration, Reasons, Untranslated};
pub use cost::Params;
pub use evidence::Evidence;
pub use evidence::semantic;
pub use search::{LevelStats, SearchStats};

use crate::document::Document;
use crate::glossary::{Glossary, Matcher};
use crate::lexicon::Lexicon;
use crate::segment::Lang;
use search::{Scorer, Span};

/// One alignment unit: some source sentences paired with some target sentences.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bead {
    /// 0-based indices of the source sentences (consecutive, possibly empty).
    pub src: Vec<usize>,
    /// 0-based indices of the target sentences (consecutive, possibly empty).
    pub tgt: Vec<usize>,
    /// Confidence in [0, 1]: the estimated probability that the bead is exactly right
    /// ([`confidence`]).
    pub score: f64,
    /// The glossary terms (source side, as written in the glossary) that anchor this bead.
    pub anchors: Vec<String>,
    /// Why the score is what it is.
    pub reasons: Reasons,
}

impl Bead {
    /// The bead's shape, `"1-2"`, `"1-0"`…
    pub fn kind(&self) -> String {
        format!("{}-{}", self.src.len(), self.tgt.len())
    }

    /// A bead with no reasons recorded.
    pub fn new(src: Vec<usize>, tgt: Vec<usize>, score: f64) -> Bead {
        Bead { src, tgt, score, anchors: Vec::new(), reasons: Reasons::default() }
    }

    /// True for a 1-0 or 0-1 bead (a sentence with no counterpart).
    pub fn is_gap(&self) -> bool {
        self.src.is_empty() || self.tgt.is_empty()
    }
}

/// The result of aligning two documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Alignment {
    /// Beads in document order, covering every sentence of both sides exactly once.
    pub beads: Vec<Bead>,
    /// Warnings for the user (e.g. "these documents do not look like translations of each other").
    pub warnings: Vec<String>,
}

/// Which lexicon the aligner uses.
#[derive(Clone)]
enum LexiconChoice {
    Embedded,
    None,
    Custom(Arc<Lexicon>),
}

/// Builds an [`Aligner`].
#[derive(Clone)]
pub struct AlignerBuilder {
    glossaries: Vec<Glossary>,
    lexicon: LexiconChoice,
    evidence: Evidence,
    params: Params,
    src_lang: Lang,
    tgt_lang: Lang,
    semantic: Option<Arc<semantic::SemanticModel>>,
}

impl Default for AlignerBuilder {
    fn default() -> Self {
        AlignerBuilder {
            glossaries: Vec::new(),
            lexicon: LexiconChoice::Embedded,
            evidence: Evidence::default(),
            params: Params::default(),
            src_lang: Lang::Zh,
            tgt_lang: Lang::En,
            semantic: None,
        }
    }
}

impl fmt::Debug for AlignerBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlignerBuilder")
            .field("glossaries", &self.glossaries.len())
            .field("evidence", &self.evidence)
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

impl AlignerBuilder {
    /// Default settings: Chinese source, English target, the embedded lexicon, all evidence.
    pub fn new() -> AlignerBuilder {
        AlignerBuilder::default()
    }

    /// Adds semantic evidence from a sentence encoder: a sentence-level pass near the lexical
    /// path scores beads also by the similarity of their sides' vectors (the model, with its
    /// cache, is shared by every alignment of the aligner).
    pub fn semantic(&mut self, model: Arc<semantic::SemanticModel>) -> &mut AlignerBuilder {
        self.semantic = Some(model);
        self
    }

    /// Adds a glossary whose terms anchor beads.
    pub fn glossary(&mut self, glossary: Glossary) -> &mut AlignerBuilder {
        self.glossaries.push(glossary);
        self
    }

    /// Uses this lexicon instead of the embedded one.
    pub fn lexicon(&mut self, lexicon: Lexicon) -> &mut AlignerBuilder {
        self.lexicon = LexiconChoice::Custom(Arc::new(lexicon));
        self
    }

    /// Uses no lexicon (`--no-lexicon`).
    pub fn no_lexicon(&mut self) -> &mut AlignerBuilder {
        self.lexicon = LexiconChoice::None;
        self
    }

    /// Which evidence to use (for ablations; everything is on by default).
    pub fn evidence(&mut self, evidence: Evidence) -> &mut AlignerBuilder {
        self.evidence = evidence;
        self
    }

    /// Use no lexical evidence at all: length and bead priors only (Gale–Church); the same as
    /// `evidence(Evidence::LENGTH_ONLY)`.
    pub fn length_only(&mut self, yes: bool) -> &mut AlignerBuilder {
        if yes {
            self.evidence = Evidence::LENGTH_ONLY;
        } else if self.evidence == Evidence::LENGTH_ONLY {
            self.evidence = Evidence::default();
        }
        self
    }

    /// Score weights (for experiments).
    pub fn params(&mut self, params: Params) -> &mut AlignerBuilder {
        self.params = params;
        self
    }

    /// The source document's language (default Chinese). `Auto` detects it from the text.
    pub fn src_lang(&mut self, lang: Lang) -> &mut AlignerBuilder {
        self.src_lang = lang;
        self
    }

    /// The target document's language (default English). `Auto` detects it from the text.
    pub fn tgt_lang(&mut self, lang: Lang) -> &mut AlignerBuilder {
        self.tgt_lang = lang;
        self
    }

    /// A second pass that also uses word correspondences learnt from the first pass's confident
    /// beads (on by default; see BENCHMARKS.md).
    pub fn realign(&mut self, yes: bool) -> &mut AlignerBuilder {
        self.evidence.learnt = yes;
        self
    }

    /// Columns either side of the projected coarse path that the finer levels search
    /// ([`Params::search_window`]).
    pub fn window(&mut self, width: usize) -> &mut AlignerBuilder {
        self.params.search_window = width.max(1);
        self
    }

    /// A ready aligner.
    pub fn build(&self) -> Aligner {
        let mut all = Glossary::default();
        for g in &self.glossaries {
            all.entries.extend(g.entries.iter().cloned());
        }
        let lexicon = match &self.lexicon {
            LexiconChoice::Embedded => LexRef::Static(Lexicon::embedded()),
            LexiconChoice::None => LexRef::Owned(Arc::new(Lexicon::empty())),
            LexiconChoice::Custom(l) => LexRef::Owned(l.clone()),
        };
        Aligner {
            matcher: Matcher::new(&all),
            glossary: all,
            lexicon,
            evidence: self.evidence,
            params: self.params,
            src_lang: self.src_lang,
            tgt_lang: self.tgt_lang,
            semantic: self.semantic.clone(),
            record: None,
        }
    }
}

#[derive(Clone)]
enum LexRef {
    Static(&'static Lexicon),
    Owned(Arc<Lexicon>),
}

impl LexRef {
    fn get(&self) -> &Lexicon {
        match self {
            LexRef::Static(l) => l,
            LexRef::Owned(l) => l,
        }
    }
}

/// Aligns documents. Built once, `Sync`, shared across threads.
#[derive(Clone)]
pub struct Aligner {
    matcher: Matcher,
    glossary: Glossary,
    lexicon: LexRef,
    evidence: Evidence,
    params: Params,
    src_lang: Lang,
    tgt_lang: Lang,
    semantic: Option<Arc<semantic::SemanticModel>>,
    /// Where [`Aligner::recording_stats`] collects what the searches did.
    record: Option<Arc<Mutex<SearchStats>>>,
}

impl fmt::Debug for Aligner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Aligner")
            .field("glossary_entries", &self.glossary.entries.len())
            .field("lexicon_entries", &self.lexicon.get().len())
            .field("evidence", &self.evidence)
            .finish_non_exhaustive()
    }
}

/// The length ratio (target per source character) of the 1-1 beads of a pass at least
/// `ratio_confidence` sure, when
/// there are at least 20 of them: robust to text on one side only (page furniture, a partial
/// translation), which the ratio of the whole documents counts.
fn confident_ratio(scorer: &Scorer, spans: &[Span], beads: &[Bead], params: &Params) -> Option<f32> {
    let (mut ls, mut lt, mut k) = (0.0f32, 0.0f32, 0usize);
    for (sp, b) in spans.iter().zip(beads) {
        if b.score >= params.ratio_confidence && sp.s1 == sp.s0 + 1 && sp.t1 == sp.t0 + 1 {
            let (a, c) = scorer.lengths(*sp);
            ls += a;
            lt += c;
            k += 1;
        }
    }
    (k >= 20 && ls > 0.0 && lt > 0.0).then(|| lt / ls)
}

impl Aligner {
    /// The sentence encoder of the semantic pass, when one was given (its counters say how many
    /// windows were embedded and how long that took).
    pub fn semantic(&self) -> Option<&semantic::SemanticModel> {
        self.semantic.as_deref()
    }

    /// This aligner, also collecting the [`SearchStats`] of every alignment it makes from now on
    /// (through whatever calls it: a pipeline, corrections), so a caller that wants them does not
    /// align twice; [`Aligner::recorded_stats`] reads them.
    pub fn recording_stats(&self) -> Aligner {
        Aligner { record: Some(Arc::new(Mutex::new(SearchStats::default()))), ..self.clone() }
    }

    /// What the searches of this aligner did since [`Aligner::recording_stats`] made it: every
    /// level of every alignment in order, passes the most any alignment ran, word pairs and
    /// semantic windows summed (`None` when it was not made to record).
    pub fn recorded_stats(&self) -> Option<SearchStats> {
        let r = self.record.as_ref()?;
        Some(r.lock().map_or_else(|e| e.into_inner().clone(), |s| s.clone()))
    }

    /// The glossary the aligner anchors on (all glossaries given to the builder, in order).
    pub fn glossary(&self) -> &Glossary {
        &self.glossary
    }

    /// Aligns source sentences with target sentences. `src_para`/`tgt_para`, when given, hold the
    /// paragraph number of each sentence (evidence for the search).
    pub fn align(
        &self,
        src: &[&str],
        tgt: &[&str],
        src_para: Option<&[usize]>,
        tgt_para: Option<&[usize]>,
    ) -> Alignment {
        self.align_with_stats(src, tgt, src_para, tgt_para).0
    }

    /// [`Aligner::align`], also saying what the search did (levels, window, cells, passes).
    pub fn align_with_stats(
        &self,
        src: &[&str],
        tgt: &[&str],
        src_para: Option<&[usize]>,
        tgt_para: Option<&[usize]>,
    ) -> (Alignment, SearchStats) {
        let is_zh = |lang: Lang, doc: &[&str]| match lang {
            Lang::Zh => true,
            Lang::En => false,
            Lang::Auto => crate::chars::is_chinese_document(doc.iter().copied()),
        };
        let (src_zh, tgt_zh) = (is_zh(self.src_lang, src), is_zh(self.tgt_lang, tgt));
        self.align_resolved(src, tgt, src_para, tgt_para, (src_zh, tgt_zh))
    }

    /// Aligns two [`Document`]s: their sentences, with their paragraph numbers as evidence; a side
    /// whose language is `Auto` takes the document's ([`Document::lang`]).
    ///
    /// ```
    /// use hanalign::{AlignerBuilder, Document};
    ///
    /// let zh = Document::presegmented("他看到了望远镜。\n天线在暮色中一字排开。\n");
    /// let en = Document::presegmented("He saw the telescope.\nThe antennas stood in a row in the dusk.\n");
    /// let a = AlignerBuilder::new().build().align_documents(&zh, &en);
    /// assert_eq!(a.beads.iter().map(|b| (b.src.clone(), b.tgt.clone())).collect::<Vec<_>>(), [(vec![0], vec![0]), (vec![1], vec![1])]);
    /// ```
    pub fn align_documents(&self, src: &Document, tgt: &Document) -> Alignment {
        self.align_documents_with_stats(src, tgt).0
    }

    /// [`Aligner::align_documents`], also saying what the search did.
    pub fn align_documents_with_stats(&self, src: &Document, tgt: &Document) -> (Alignment, SearchStats) {
        let (s, t): (Vec<_>, Vec<_>) = (src.sentences().collect(), tgt.sentences().collect());
        let s: Vec<&str> = s.iter().map(|x| x.as_ref()).collect();
        let t: Vec<&str> = t.iter().map(|x| x.as_ref()).collect();
        let (sp, tp) = (src.paragraphs(), tgt.paragraphs());
        self.align_part(&s, &t, Some(&sp), Some(&tp), (src.lang(), tgt.lang()))
    }

    /// Aligns sentences taken from documents whose languages are `docs` (source, target), used for
    /// a side whose language is `Auto`.
    pub(crate) fn align_part(
        &self,
        src: &[&str],
        tgt: &[&str],
        src_para: Option<&[usize]>,
        tgt_para: Option<&[usize]>,
        docs: (Lang, Lang),
    ) -> (Alignment, SearchStats) {
        let is_zh =
            |lang: Lang, doc: Lang| if lang == Lang::Auto { doc == Lang::Zh } else { lang == Lang::Zh };
        let langs = (is_zh(self.src_lang, docs.0), is_zh(self.tgt_lang, docs.1));
        self.align_resolved(src, tgt, src_para, tgt_para, langs)
    }

    /// Aligns, knowing which sides are Chinese.
    fn align_resolved(
        &self,
        src: &[&str],
        tgt: &[&str],
        src_para: Option<&[usize]>,
        tgt_para: Option<&[usize]>,
        (src_zh, tgt_zh): (bool, bool),
    ) -> (Alignment, SearchStats) {
        let mut stats = SearchStats::default();
        if tgt_zh && !src_zh {
            // Align with the Chinese side first, then swap back.
            let mut a = self.align_oriented(tgt, src, true, tgt_para, src_para, &mut stats);
            for b in &mut a.beads {
                std::mem::swap(&mut b.src, &mut b.tgt);
            }
            self.record(&stats);
            return (a, stats);
        }
        let mut a = self.align_oriented(src, tgt, src_zh, src_para, tgt_para, &mut stats);
        if src_zh && tgt_zh {
            a.warnings
                .push("both documents look Chinese; only numbers, Latin words and marks are compared".into());
        }
        self.record(&stats);
        (a, stats)
    }

    fn record(&self, stats: &SearchStats) {
        if let Some(r) = &self.record {
            let mut all = r.lock().unwrap_or_else(|e| e.into_inner());
            all.levels.extend_from_slice(&stats.levels);
            all.passes = all.passes.max(stats.passes);
            all.learnt_pairs += stats.learnt_pairs;
            all.semantic_windows += stats.semantic_windows;
        }
    }

    fn align_oriented(
        &self,
        src: &[&str],
        tgt: &[&str],
        src_zh: bool,
        src_para: Option<&[usize]>,
        tgt_para: Option<&[usize]>,
        stats: &mut SearchStats,
    ) -> Alignment {
        let mut warnings = Vec::new();
        let (n, m) = (src.len(), tgt.len());
        if n == 0 || m == 0 {
            if n + m > 0 {
                warnings.push(format!(
                    "the {} document has no sentences; every sentence of the other is left unaligned",
                    if n == 0 { "Chinese/source" } else { "target" }
                ));
            } else {
                warnings.push("both documents are empty".into());
            }
            let beads = (0..n)
                .map(|i| Bead::new(vec![i], vec![], 0.0))
                .chain((0..m).map(|j| Bead::new(vec![], vec![j], 0.0)))
                .collect();
            return Alignment { beads, warnings };
        }
        if n > 3 * m + 10 || m > 3 * n + 10 {
            warnings.push(format!(
                "the documents differ greatly in length ({n} and {m} sentences); if one is a partial \
                 translation, expect many unaligned sentences"
            ));
        }
        let lex = self.lexicon.get();
        let matcher = (!self.glossary.entries.is_empty()).then_some(&self.matcher);
        let mut fb =
            evidence::Builder::new(lex, matcher, self.evidence, self.glossary.entries.len(), &self.params);
        let mut tgt_side = fb.english(tgt);
        let mut src_side = if src_zh { fb.chinese(src) } else { fb.identity(src) };
        let concepts = evidence::compact(&mut src_side, &mut tgt_side);
        let lexical = self.evidence.lexical();
        let mut params = self.params;
        if !self.evidence.length {
            params.length = 0.0;
        }
        let mut scorer = Scorer::new(&src_side, &tgt_side, params, lexical);
        scorer.paragraphs(src_para, tgt_para);
        chance(&mut scorer, concepts);
        let mut spans = search::coarse_to_fine(&scorer, concepts, 1, &mut stats.levels);
        stats.passes = 1;
        // the re-alignment pass learns from this first confidence (its gain was measured with
        // it); the calibrated one ([`confidence::beads`]) scores the final beads
        let first = self.confidence(&scorer, &spans, concepts, &mut Vec::new());
        let mut second: Option<(evidence::Side, usize, f32)> = None;
        if self.evidence.learnt && src_zh && lexical {
            let learnt = evidence::learnt::learn(&src_side, &tgt_side, &first, &params);
            if !learnt.is_empty() {
                stats.learnt_pairs = learnt.count();
                let ratio = confident_ratio(&scorer, &spans, &first, &params);
                // the same units with the learnt matches added (learnt pairs name known concepts)
                let src2 = learnt.apply(&src_side);
                let mut scorer = Scorer::new(&src2, &tgt_side, params, lexical);
                scorer.paragraphs(src_para, tgt_para);
                chance(&mut scorer, concepts);
                if let Some(r) = ratio {
                    scorer.ratio = r;
                }
                spans = search::refine(&scorer, &spans, concepts, 2, &mut stats.levels);
                stats.passes = 2;
                if self.semantic.is_none() {
                    let beads = self.final_beads(&scorer, &spans, concepts, (src, tgt), &mut warnings);
                    return Alignment { beads, warnings };
                }
                let ratio = scorer.ratio;
                drop(scorer);
                second = Some((src2, concepts, ratio));
            }
        }
        if let Some(model) = &self.semantic {
            // The semantic pass: the sentence level again, near the lexical path, with the
            // similarity of window vectors as one more term.
            let (side, concepts, ratio) = match &second {
                Some((s, c, r)) => (s, *c, *r),
                None => (&src_side, concepts, scorer.ratio),
            };
            let mut sc = Scorer::new(side, &tgt_side, params, lexical);
            sc.paragraphs(src_para, tgt_para);
            sc.ratio = ratio;
            chance(&mut sc, concepts);
            let sp = model.params;
            let shapes: Vec<(usize, usize)> = cost::shapes(params.max_bead)
                .into_iter()
                .filter(|&(a, b)| a <= sp.max_src && b <= sp.max_tgt)
                .collect();
            let win = if (n as u64) * (m as u64) <= params.full_dp_cells as u64 && sp.window >= n.max(m) {
                search::Window::full(n, m)
            } else {
                search::Window::around(&spans, 1, n, m, sp.window)
            };
            let need = semantic::Needed::of(&win, &shapes, n, m, &sp);
            let (ws, wt) = need.count();
            stats.semantic_windows += ws + wt;
            sc.extra.push(Box::new(model.windows(src, tgt, src_zh, &need, &win)));
            let mut st = LevelStats { pass: stats.passes + 1, block: 1, ..LevelStats::default() };
            spans = search::dp(&sc, &win, &shapes, concepts, &mut st);
            stats.levels.push(st);
            stats.passes += 1;
            let beads = self.final_beads(&sc, &spans, concepts, (src, tgt), &mut warnings);
            return Alignment { beads, warnings };
        }
        let beads = self.final_beads(&scorer, &spans, concepts, (src, tgt), &mut warnings);
        Alignment { beads, warnings }
    }

    /// The final beads with their calibrated confidence ([`confidence::beads`]); with fewer than
    /// three sentences on a side there are no random pairs to compare with and the calibrated model
    /// is outside what it was fitted on, so the scores are the first confidence's (a fixed baseline;
    /// what `tmx clean` was calibrated with), the reasons kept.
    fn final_beads(
        &self,
        scorer: &Scorer,
        spans: &[Span],
        concepts: usize,
        texts: (&[&str], &[&str]),
        warnings: &mut Vec<String>,
    ) -> Vec<Bead> {
        let mut beads = confidence::beads(scorer, spans, concepts, &self.glossary, texts, warnings);
        if scorer.src.n() < 3 || scorer.tgt.n() < 3 {
            let first = self.confidence(scorer, spans, concepts, &mut Vec::new());
            for (b, f) in beads.iter_mut().zip(first) {
                if b.src == f.src && b.tgt == f.tgt {
                    b.score = f.score;
                }
            }
        }
        beads
    }

    /// Turns spans into beads with confidences and glossary anchors; warns when the beads are no
    /// more similar than random pairs.
    fn confidence(
        &self,
        scorer: &Scorer,
        spans: &[Span],
        concepts: usize,
        warnings: &mut Vec<String>,
    ) -> Vec<Bead> {
        let (src, tgt) = (scorer.src, scorer.tgt);
        let (n, m) = (src.n(), tgt.n());
        let mut rows = evidence::coverage::PairRows::new(concepts, scorer.params.max_bead);
        // similarity of random pairs: each source sentence against a target far from its bead
        let mut rand = Vec::new();
        if scorer.lexical {
            let step = (spans.len() / 300).max(1);
            for sp in spans.iter().step_by(step) {
                if sp.s1 == sp.s0 {
                    continue;
                }
                let t = (sp.t0 + m / 2) % m;
                if (sp.t0..sp.t1).contains(&t) {
                    continue;
                }
                rows.compute(src, tgt, sp.s0, t, t + 1);
                if let Some(x) = scorer.similarity(&rows, Span { s0: sp.s0, s1: sp.s0 + 1, t0: t, t1: t + 1 })
                {
                    rand.push(x);
                }
            }
        }
        let mean = if rand.is_empty() { 0.0 } else { rand.iter().sum::<f32>() / rand.len() as f32 };
        let var = if rand.len() < 2 {
            0.0
        } else {
            rand.iter().map(|x| (x - mean) * (x - mean)).sum::<f32>() / (rand.len() - 1) as f32
        };
        let sd = var.sqrt().max(if rand.len() >= 30 { 0.03 } else { 0.1 });
        let mut beads = Vec::with_capacity(spans.len());
        let mut zs = Vec::new();
        for sp in spans {
            let (a, b) = (sp.s1 - sp.s0, sp.t1 - sp.t0);
            let score = if a == 0 || b == 0 {
                0.25
            } else {
                for s in sp.s0..sp.s1 {
                    rows.compute(src, tgt, s, sp.t0, sp.t1);
                }
                let (ls, lt) = scorer.lengths(*sp);
                let len = evidence::length::length_cost(ls, lt, scorer.ratio, scorer.params.length_variance);
                // no lexical evidence either way (or length only): the length fit alone, at most 0.5
                let x = match scorer.lexical.then(|| scorer.similarity(&rows, *sp)).flatten() {
                    Some(sim) => {
                        let z = (sim - mean) / sd;
                        zs.push(z);
                        1.2 * (z - 2.0)
                    }
                    None => 0.0,
                };
                1.0 / (1.0 + (-(x - 0.4 * len)).exp())
            };
            let mut anchors: Vec<String> = Vec::new();
            let sg: Vec<u32> = (sp.s0..sp.s1).flat_map(|s| src.glossary_of(s).iter().copied()).collect();
            for t in sp.t0..sp.t1 {
                for &e in tgt.glossary_of(t) {
                    if sg.contains(&e)
                        && let Some(term) = self.glossary.entries[e as usize].src.first()
                        && !anchors.contains(&term.text)
                    {
                        anchors.push(term.text.clone());
                    }
                }
            }
            beads.push(Bead {
                src: (sp.s0..sp.s1).collect(),
                tgt: (sp.t0..sp.t1).collect(),
                score: ((score as f64) * 1e4).round() / 1e4,
                anchors,
                reasons: Reasons::default(),
            });
        }
        if scorer.lexical && zs.len() >= 3 {
            zs.sort_by(f32::total_cmp);
            let median = zs[zs.len() / 2];
            if median < 1.5 {
                warnings.push(format!(
                    "these documents do not look like translations of each other: aligned sentences \
                     are hardly more similar than random pairs (median z {median:.1}); the beads \
                     are low-confidence guesses"
                ));
            }
        }
        let _ = n;
        beads
    }
}

/// Measures the chance coverage of the scorer's documents ([`evidence::coverage::chance_table`])
/// when the score uses it (lexical evidence on, `Params::chance` above 0); where it was measured,
/// beads with several sentences on both sides pay `many_many_chance` instead of `many_many`.
fn chance(scorer: &mut Scorer, concepts: usize) {
    let p = scorer.params;
    if scorer.lexical && p.chance > 0.0 {
        scorer.chance = evidence::coverage::chance_table(
            scorer.src,
            scorer.tgt,
            concepts,
            p.chance_samples,
            p.max_bead,
            p.chance_min_sentences,
        );
        if scorer.chance.0.iter().chain(&scorer.chance.1).any(|&x| x > 0.0) {
            scorer.params.many_many = p.many_many_chance;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_one_to_two() {
        let aligner = AlignerBuilder::new().build();
        let zh = ["汪淼驱车到密云县，再转至黑龙潭。", "他看到了望远镜。", "天线在暮色中排开。"];
        let en = [
            "Wang Miao drove to Miyun County.",
            "From there he went to Heilongtan.",
            "He saw the telescope.",
            "The antennas stood in the dusk.",
        ];
        let a = aligner.align(&zh, &en, None, None);
        let got: Vec<(Vec<usize>, Vec<usize>)> =
            a.beads.iter().map(|b| (b.src.clone(), b.tgt.clone())).collect();
        assert_eq!(got, vec![(vec![0], vec![0, 1]), (vec![1], vec![2]), (vec![2], vec![3])]);
        assert!(a.beads.iter().all(|b| (0.0..=1.0).contains(&b.score)));
    }

    #[test]
    fn a_recording_aligner_collects_the_stats_of_each_alignment_once() {
        let plain = AlignerBuilder::new().build();
        assert!(plain.recorded_stats().is_none());
        let zh = ["他看到了望远镜。", "天线在暮色中排开。", "天很冷。"];
        let en = ["He saw the telescope.", "The antennas stood in the dusk.", "It was cold."];
        let (a, want) = plain.align_with_stats(&zh, &en, None, None);
        let rec = plain.recording_stats();
        assert_eq!(rec.recorded_stats(), Some(SearchStats::default()));
        assert_eq!(rec.align(&zh, &en, None, None), a, "recording changes nothing");
        assert_eq!(rec.recorded_stats().as_ref(), Some(&want));
        assert!(!want.levels.is_empty());
        let _ = rec.align(&zh[..2], &en[..2], None, None);
        let both = rec.recorded_stats().unwrap();
        assert!(both.levels.len() > want.levels.len() && both.levels[..want.levels.len()] == want.levels[..]);
        assert!(plain.recorded_stats().is_none(), "the original aligner records nothing");
    }

    #[test]
    fn empty_side_gives_deletions_and_a_warning() {
        let aligner = AlignerBuilder::new().build();
        let a = aligner.align(&["一。", "二。"], &[], None, None);
        assert_eq!(a.beads.len(), 2);
        assert!(a.beads.iter().all(|b| b.tgt.is_empty()));
        assert_eq!(a.warnings.len(), 1);
        assert!(aligner.align(&[], &[], None, None).beads.is_empty());
    }

    #[test]
    fn english_source_is_swapped_back() {
        let aligner = AlignerBuilder::new().src_lang(Lang::En).tgt_lang(Lang::Zh).build();
        let en = ["He saw the telescope.", "The antennas stood in the dusk.", "It was cold."];
        let zh = ["他看到了望远镜。", "天线在暮色中排开。天很冷。"];
        let a = aligner.align(&en, &zh, None, None);
        let got: Vec<(Vec<usize>, Vec<usize>)> =
            a.beads.iter().map(|b| (b.src.clone(), b.tgt.clone())).collect();
        assert_eq!(got, vec![(vec![0], vec![0]), (vec![1, 2], vec![1])]);
    }
}

/// Shapes beyond 1-1 on hand-made pairs: what the bead score must produce.
#[cfg(test)]
mod shape_tests {
    use super::*;

    fn lex() -> Lexicon {
        Lexicon::from_entries([
            ("望远镜", "telescope"),
            ("天线", "antenna"),
            ("暮色", "dusk"),
            ("基地", "base"),
            ("雷达", "radar"),
            ("山峰", "peak"),
            ("士兵", "soldier"),
            ("卡车", "truck"),
            ("河流", "river"),
            ("森林", "forest"),
            ("城市", "city"),
            ("医生", "doctor"),
        ])
    }

    fn beads(params: Params, zh: &[&str], en: &[&str]) -> Vec<(Vec<usize>, Vec<usize>)> {
        let aligner = AlignerBuilder::new().lexicon(lex()).params(params).build();
        aligner.align(zh, en, None, None).beads.into_iter().map(|b| (b.src, b.tgt)).collect()
    }

    const ZH: [&str; 4] = ["医生来到城市。", "望远镜天线暮色基地雷达。", "士兵和卡车。", "河流穿过森林。"];
    const EN: [&str; 8] = [
        "The doctor came to the city.",
        "There was a telescope.",
        "An antenna stood there.",
        "It was dusk.",
        "This was the base.",
        "A radar turned.",
        "Soldiers and trucks.",
        "The river ran through the forest.",
    ];

    /// Beads up to seven sentences with chance-corrected coverage (`--params
    /// chance=1,max-bead=7,many=1.5`).
    fn fair() -> Params {
        Params { chance: 1.0, max_bead: 7, many_many: 1.5, ..Params::default() }
    }

    /// One Chinese sentence translated as five English ones: a 1-5 bead, not a 1-4 and a
    /// leftover.
    #[test]
    fn one_sentence_in_five_is_a_one_five_bead() {
        let got = beads(fair(), &ZH, &EN);
        assert!(got.contains(&(vec![1], vec![1, 2, 3, 4, 5])), "{got:?}");
        assert_eq!(got.len(), 4, "{got:?}");
        // with five sentences at most the bead cannot be made
        let got = beads(Params { max_bead: 5, ..fair() }, &ZH, &EN);
        assert!(!got.contains(&(vec![1], vec![1, 2, 3, 4, 5])), "{got:?}");
    }

    /// Two Chinese sentences whose content crosses into two English ones: a 2-2 bead, not two
    /// 1-1 beads that each leave half their words uncovered.
    #[test]
    fn crossing_sentences_are_a_two_two_bead() {
        let zh = ["医生来到城市。", "望远镜和天线。", "暮色中的基地和雷达。", "士兵和卡车。"];
        let en = [
            "The doctor came to the city.",
            "At dusk the telescope, the antenna and the base.",
            "A radar.",
            "Soldiers and trucks.",
        ];
        for p in [Params::default(), Params { chance: 0.0, many_many: 3.0, max_bead: 5, ..Params::default() }]
        {
            let got = beads(p, &zh, &en);
            assert!(got.contains(&(vec![1, 2], vec![1, 2])), "{got:?}");
        }
    }
}
