//! `hanalign align`.

use std::io::Write;
use std::path::PathBuf;

use hanalign::align::AlignerBuilder;
use hanalign::pipeline::{self, Segmentation};
use hanalign::segment::{Lang, SegmenterBuilder};
use hanalign::{Error, Result};

use super::{EXIT_FINDINGS, EXIT_OK, Output, out_err};

/// How `align` prints the alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per bead.
    Jsonl,
    /// source text, target text, score; tab-separated.
    Tsv,
    /// `[i,j]:[k]:score` lines (0-based, source first).
    Beads,
    /// TMX 1.4b.
    Tmx,
}

/// Align a Chinese document with its English counterpart.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  hanalign align corpora/meta-avocado/zh.txt corpora/meta-avocado/en.txt \
--glossary glossary/ai-industry.tsv --format tsv\n  \
hanalign align zh.txt en.txt -g glossary/ai-industry.tsv -o out.jsonl --report review.html\n  \
hanalign align zh.txt en.txt --format beads --fail-under 0.9   # exit 1 if over 10% of beads are weak"
)]
pub struct Args {
    /// The source document (Chinese by default).
    src: PathBuf,
    /// The target document (English by default).
    tgt: PathBuf,
    /// A glossary whose terms anchor the alignment (OmegaT tab-separated); repeatable.
    #[arg(long = "glossary", short = 'g')]
    glossaries: Vec<PathBuf>,
    /// The inputs are already one sentence per line.
    #[arg(long)]
    presegmented: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// Write to this file instead of standard output (written whole or not at all).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Also write the HTML review page (self-contained, opens offline) to this file.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Exit 1 when the share of beads that are not weak is under this fraction (0.9 or 90%).
    ///
    /// A bead is weak when its confidence is under the weak threshold (0.5). `--fail-under 0.9`
    /// fails the run when more than 10% of the beads are weak; the output is written either way.
    #[arg(long, value_name = "FRACTION", value_parser = super::parse_fraction)]
    fail_under: Option<f64>,
}

/// Runs `align`.
pub fn run(args: Args) -> Result<u8> {
    if args.format == Format::Tmx {
        return Err(Error::Usage("--format tmx is not available yet; use --format tsv or jsonl".into()));
    }
    let mut builder = AlignerBuilder::new();
    let mut all_terms = hanalign::glossary::Glossary::default();
    for g in &args.glossaries {
        let (glossary, diags) = hanalign::glossary::load(g)?;
        for d in diags {
            eprintln!("hanalign: warning: {d}");
        }
        if args.report.is_some() {
            all_terms.entries.extend(glossary.entries.iter().cloned());
        }
        builder.glossary(glossary);
    }
    let aligner = builder.build();
    let min_confidence = hanalign::report::DEFAULT_MIN_CONFIDENCE;
    let segmentation = if args.presegmented {
        Segmentation::Presegmented
    } else {
        Segmentation::Segment(SegmenterBuilder::new().lang(Lang::Auto).build())
    };
    let doc = pipeline::align_files(&args.src, &args.tgt, &segmentation, &aligner)?;
    for w in &doc.alignment.warnings {
        eprintln!("hanalign: warning: {w}");
    }
    let mut out = Output::open(args.output.as_deref())?;
    for (i, b) in doc.alignment.beads.iter().enumerate() {
        let r = match args.format {
            Format::Beads => writeln!(out, "{:?}:{:?}:{:.4}", b.src, b.tgt, b.score),
            Format::Tsv => writeln!(out, "{}\t{}\t{:.4}", doc.src_text(i), doc.tgt_text(i), b.score),
            Format::Jsonl => {
                let j = serde_json::json!({
                    "src": b.src, "tgt": b.tgt, "src_text": doc.src_text(i), "tgt_text": doc.tgt_text(i),
                    "score": b.score, "kind": b.kind(), "anchors": b.anchors,
                });
                writeln!(out, "{j}")
            }
            Format::Tmx => unreachable!("refused above"),
        };
        r.map_err(out_err(&out))?;
    }
    out.finish()?;
    if let Some(path) = &args.report {
        let page = hanalign::report::ReviewPage::new(&all_terms).min_confidence(min_confidence);
        let mut out = Output::open(Some(path))?;
        page.write(&doc, &mut out).map_err(out_err(&out))?;
        out.finish()?;
    }
    let count = hanalign::report::WeakCount::of(&doc, min_confidence);
    if let Some(bar) = args.fail_under
        && count.strong_fraction() < bar
    {
        eprintln!(
            "hanalign: {} of {} beads are weak (confidence under {min_confidence}); --fail-under {bar} \
             allows at most {}",
            count.weak,
            count.beads,
            super::allowed_weak(count.beads, bar)
        );
        return Ok(EXIT_FINDINGS);
    }
    Ok(EXIT_OK)
}
