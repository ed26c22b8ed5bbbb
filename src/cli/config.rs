//! Settings resolved once, as ripgrep's `hiargs` does: `align`, `batch` and `glossary check` turn
//! their arguments into the same plain configuration here (how to segment, the aligner with its
//! glossaries and lexicon, the glossary terms, the weak threshold), then run on it; what each
//! output format looks like is in [`super::render`].

use std::path::PathBuf;

use hanalign::Result;
use hanalign::align::{Aligner, AlignerBuilder};
use hanalign::glossary::{self, Glossary};
use hanalign::pipeline::Segmentation;
use hanalign::report::DEFAULT_MIN_CONFIDENCE;
use hanalign::segment::{Lang, SegmenterBuilder};

use super::align::AlignerArgs;

/// What aligning a pair needs, built once from the arguments.
pub struct Config {
    /// How both documents are split into sentences.
    pub segmentation: Segmentation,
    /// The aligner, with every glossary.
    pub aligner: Aligner,
    /// The entries of every glossary together (for review pages and checks).
    pub terms: Glossary,
    /// Beads with a confidence under this are weak.
    pub min_confidence: f64,
}

/// The arguments [`Config::new`] reads, as every subcommand that aligns has them.
pub struct ConfigArgs<'a> {
    /// `--glossary` files, each loaded once (bad lines are warnings).
    pub glossaries: &'a [PathBuf],
    /// `--presegmented`.
    pub presegmented: bool,
    /// The aligner's own flags (`None`: the defaults, for `glossary check`).
    pub aligner: Option<&'a AlignerArgs>,
    /// `--min-confidence` (already checked to lie in 0..=1 by the argument parser).
    pub min_confidence: Option<f64>,
}

impl Config {
    /// Loads the glossaries (reporting their bad lines on standard error), builds the aligner and
    /// the segmenter.
    pub fn new(args: ConfigArgs) -> Result<Config> {
        let mut terms = Glossary::default();
        let mut glossaries = Vec::with_capacity(args.glossaries.len());
        for g in args.glossaries {
            let (glossary, diags) = glossary::load(g)?;
            for d in diags {
                eprintln!("hanalign: warning: {d}");
            }
            terms.entries.extend(glossary.entries.iter().cloned());
            glossaries.push(glossary);
        }
        Config::with_glossaries(glossaries, terms, args)
    }

    /// As [`Config::new`] with glossaries already loaded (and merged into `terms`).
    pub fn with_glossaries(glossaries: Vec<Glossary>, terms: Glossary, args: ConfigArgs) -> Result<Config> {
        let mut builder = AlignerBuilder::new();
        for g in glossaries {
            builder.glossary(g);
        }
        if let Some(a) = args.aligner {
            a.apply(&mut builder)?;
        }
        let segmentation = if args.presegmented {
            Segmentation::Presegmented
        } else {
            Segmentation::Segment(SegmenterBuilder::new().lang(Lang::Auto).build())
        };
        Ok(Config {
            segmentation,
            aligner: builder.build(),
            terms,
            min_confidence: args.min_confidence.unwrap_or(DEFAULT_MIN_CONFIDENCE),
        })
    }
}
