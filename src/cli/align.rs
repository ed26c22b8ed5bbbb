//! `hanalign align`.

use std::io::Write;
use std::path::PathBuf;

use hanalign::align::AlignerBuilder;
use hanalign::pipeline::{self, Segmentation};
use hanalign::segment::{Lang, SegmenterBuilder};
use hanalign::{Error, Result};

use super::{EXIT_OK, Output, out_err};

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
--glossary glossary/ai-industry.tsv --format tsv"
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
}

/// Runs `align`.
pub fn run(args: Args) -> Result<u8> {
    if args.format == Format::Tmx {
        return Err(Error::Usage("--format tmx is not available yet; use --format tsv or jsonl".into()));
    }
    let mut builder = AlignerBuilder::new();
    for g in &args.glossaries {
        let (glossary, diags) = hanalign::glossary::load(g)?;
        for d in diags {
            eprintln!("hanalign: warning: {d}");
        }
        builder.glossary(glossary);
    }
    let aligner = builder.build();
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
    Ok(EXIT_OK)
}
