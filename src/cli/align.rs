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
--glossary glossary/ai-industry.tsv --format tsv\n  \
hanalign align corpora/meta-avocado/zh.txt corpora/meta-avocado/en.txt \
--glossary glossary/ai-industry.tsv -o out.tmx   # TMX, chosen by the .tmx extension\n  \
hanalign align zh.txt en.txt -o simplified.tmx --convert-zh hans --keep-unpaired"
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
    /// Output format [default: tmx when -o ends in .tmx, jsonl otherwise].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write to this file instead of standard output (written whole or not at all).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// TMX: the source language tag (BCP 47, e.g. zh-TW); detected from the text by default.
    #[arg(long, value_name = "TAG")]
    src_lang_tag: Option<String>,
    /// TMX: the target language tag (BCP 47, e.g. en-US); detected from the text by default.
    #[arg(long, value_name = "TAG")]
    tgt_lang_tag: Option<String>,
    /// TMX: write the Chinese side in Simplified (hans, tagged zh-CN) or Traditional (hant, zh-TW).
    #[arg(long, value_enum, value_name = "SCRIPT")]
    convert_zh: Option<hanalign::tmx::ConvertZh>,
    /// TMX: keep 1-0 and 0-1 beads as notes on the neighbouring unit instead of skipping them.
    #[arg(long)]
    keep_unpaired: bool,
}

/// Runs `align`.
pub fn run(args: Args) -> Result<u8> {
    let is_tmx_name =
        args.output.as_ref().and_then(|p| p.extension()).is_some_and(|e| e.eq_ignore_ascii_case("tmx"));
    let format = args.format.unwrap_or(if is_tmx_name { Format::Tmx } else { Format::Jsonl });
    let tmx_only = args.src_lang_tag.is_some() || args.tgt_lang_tag.is_some() || args.convert_zh.is_some();
    if format != Format::Tmx && (tmx_only || args.keep_unpaired) {
        return Err(Error::Usage(
            "--src-lang-tag, --tgt-lang-tag, --convert-zh and --keep-unpaired apply to --format tmx".into(),
        ));
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
    if format == Format::Tmx {
        let opts = hanalign::tmx::TmxOptions {
            src_lang: args.src_lang_tag,
            tgt_lang: args.tgt_lang_tag,
            convert_zh: args.convert_zh,
            keep_unpaired: args.keep_unpaired,
            creation_date: None,
        };
        let report = hanalign::tmx::write_aligned(&doc, &opts, &mut out).map_err(|e| match e {
            Error::Io { source, .. } => out_err(&out)(source),
            e => e,
        })?;
        out.finish()?;
        for w in report.warnings() {
            eprintln!("hanalign: warning: {w}");
        }
        eprintln!(
            "hanalign: {} translation units ({} -> {}){}",
            report.tus,
            report.src_lang,
            report.tgt_lang,
            if report.duplicates > 0 {
                format!(", {} duplicate(s) collapsed", report.duplicates)
            } else {
                String::new()
            }
        );
        return Ok(EXIT_OK);
    }
    for (i, b) in doc.alignment.beads.iter().enumerate() {
        let r = match format {
            Format::Beads => writeln!(out, "{:?}:{:?}:{:.4}", b.src, b.tgt, b.score),
            Format::Tsv => writeln!(out, "{}\t{}\t{:.4}", doc.src_text(i), doc.tgt_text(i), b.score),
            Format::Jsonl => {
                let j = serde_json::json!({
                    "src": b.src, "tgt": b.tgt, "src_text": doc.src_text(i), "tgt_text": doc.tgt_text(i),
                    "score": b.score, "kind": b.kind(), "anchors": b.anchors,
                });
                writeln!(out, "{j}")
            }
            Format::Tmx => unreachable!("written above"),
        };
        r.map_err(out_err(&out))?;
    }
    out.finish()?;
    Ok(EXIT_OK)
}
