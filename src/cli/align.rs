//! `hanalign align`.

use std::io::Write;
use std::path::PathBuf;

use hanalign::align::{AlignerBuilder, Evidence, Params};
use hanalign::corrections::Corrections;
use hanalign::escape::tsv_field;
use hanalign::lexicon::Lexicon;
use hanalign::pipeline::{self, Segmentation};
use hanalign::segment::{Lang, SegmenterBuilder};
use hanalign::{Error, Result};

use super::{EXIT_FINDINGS, EXIT_OK, InputFormatArg, Output, out_err};

/// How `align` prints the alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per bead.
    Jsonl,
    /// source text, target text, score; tab-separated (a tab, line break or backslash inside a
    /// text is written as `\t`, `\n`, `\r`, `\\`).
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
hanalign align zh.txt en.txt --format beads --fail-under 0.9   # exit 1 if over 10% of beads are weak\n  \
hanalign align zh.txt en.txt -g glossary/ai-industry.tsv -o out.tmx   # TMX, chosen by the .tmx extension\n  \
hanalign align zh.txt en.txt -o simplified.tmx --convert-zh hans --keep-unpaired\n  \
hanalign align zh.txt en.txt -o out.tmx --corrections review.corrections.json   # keep the beads fixed in the page"
)]
pub struct Args {
    /// The source document (Chinese by default).
    src: PathBuf,
    /// The target document (English by default).
    tgt: PathBuf,
    /// A glossary whose terms anchor the alignment (OmegaT TSV, CSV or TBX); repeatable.
    #[arg(long = "glossary", short = 'g')]
    glossaries: Vec<PathBuf>,
    /// The inputs are already one sentence per line.
    #[arg(long)]
    presegmented: bool,
    /// How to read both documents [default: by extension: .docx, .html, .md, else plain text].
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto, hide_default_value = true)]
    input_format: InputFormatArg,
    /// Output format [default: tmx when -o ends in .tmx, jsonl otherwise].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write to this file instead of standard output (written whole or not at all).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Also write the HTML review page (self-contained, opens offline) to this file.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Exit 1 when the share of beads that are not weak is under this fraction (0.9 or 90%).
    ///
    /// A bead is weak when its confidence is under --min-confidence (0.5 by default).
    /// `--fail-under 0.9` fails the run when more than 10% of the beads are weak; the output and
    /// the review page are written either way.
    #[arg(long, value_name = "FRACTION", value_parser = super::parse_fraction)]
    fail_under: Option<f64>,
    /// Flag beads whose confidence is under this value as weak (default 0.5; 0.7 or 70%).
    ///
    /// Weak beads get `"weak": true` in jsonl, and their number is reported on standard error.
    #[arg(long, value_name = "X", value_parser = super::parse_fraction)]
    min_confidence: Option<f64>,
    /// Keep the beads of this corrections file (from the review page's "Download corrections") and
    /// re-align only the stretches between them.
    ///
    /// The file must have been made for these documents, segmented the same way (its sentence
    /// hashes are checked). Its beads get confidence 1.
    #[arg(long, value_name = "FILE")]
    corrections: Option<PathBuf>,
    #[command(flatten)]
    aligner: AlignerArgs,
    #[command(flatten)]
    tmx: TmxArgs,
}

/// The aligner's own settings (language, lexicon, and hidden switches for ablations).
#[derive(Debug, clap::Args)]
pub struct AlignerArgs {
    /// The source document's language.
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    src_lang: Lang,
    /// The target document's language.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    tgt_lang: Lang,
    /// Do not use the built-in Chinese–English lexicon (CC-CEDICT).
    #[arg(long, conflicts_with = "lexicon")]
    no_lexicon: bool,
    /// Use this lexicon instead of the built-in one.
    ///
    /// Lines `w<TAB>中文<TAB>english glosses` or `中文<TAB>english glosses`, and optionally
    /// `p<TAB>字<TAB>pinyin[<TAB>s]` readings (s = surname); plain or gzip'd.
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
    /// Ablation: length and bead priors only (Gale–Church).
    #[arg(long, hide = true)]
    x_length_only: bool,
    /// Ablation: no shared numbers, Latin words, URLs or marks.
    #[arg(long, hide = true)]
    x_no_tokens: bool,
    /// Ablation: no pinyin name matching.
    #[arg(long, hide = true)]
    x_no_names: bool,
    /// Ablation: ignore the glossaries' terms as evidence.
    #[arg(long, hide = true)]
    x_no_glossary: bool,
    /// Ablation: no re-alignment pass with word pairs learnt from the first pass.
    #[arg(long, hide = true)]
    x_no_realign: bool,
    /// Experiment: score weights, `name=value,…` (lexical, length, variance, skip, merge, many).
    #[arg(long, hide = true, value_name = "LIST")]
    x_params: Option<String>,
}

impl AlignerArgs {
    /// Applies these settings to a builder.
    pub fn apply(&self, builder: &mut AlignerBuilder) -> Result<()> {
        builder.src_lang(self.src_lang).tgt_lang(self.tgt_lang);
        if self.no_lexicon {
            builder.no_lexicon();
        }
        if let Some(path) = &self.lexicon {
            let (lex, diags) = Lexicon::load(path)?;
            for d in diags {
                eprintln!("hanalign: warning: {d}");
            }
            if lex.is_empty() {
                return Err(Error::Usage(format!("{}: no lexicon entries found", path.display())));
            }
            builder.lexicon(lex);
        }
        let ev = Evidence {
            tokens: !self.x_no_tokens,
            names: !self.x_no_names,
            glossary: !self.x_no_glossary,
            lexicon: !self.no_lexicon,
        };
        builder.evidence(ev).length_only(self.x_length_only).realign(!self.x_no_realign);
        if let Some(list) = &self.x_params {
            let mut p = Params::default();
            for kv in list.split(',').filter(|s| !s.is_empty()) {
                let (k, v) = kv.split_once('=').ok_or_else(|| Error::Usage(format!("--x-params: {kv:?}")))?;
                let v: f32 = v.parse().map_err(|_| Error::Usage(format!("--x-params: {kv:?}")))?;
                match k {
                    "lexical" => p.lexical = v,
                    "length" => p.length = v,
                    "variance" => p.length_variance = v,
                    "skip" => p.skip = v,
                    "merge" => p.merge = v,
                    "many" => p.many_many = v,
                    "paragraph" => p.paragraph = v,
                    _ => return Err(Error::Usage(format!("--x-params: unknown {k:?}"))),
                }
            }
            builder.params(p);
        }
        Ok(())
    }
}

/// Runs `align`.
pub fn run(args: Args) -> Result<u8> {
    let is_stdout = |p: Option<&std::path::Path>| p.is_none_or(|p| p.as_os_str() == "-");
    if args.report.is_some() && is_stdout(args.report.as_deref()) && is_stdout(args.output.as_deref()) {
        return Err(Error::Usage(
            "--report - and the alignment cannot both go to standard output; add -o FILE".into(),
        ));
    }
    let is_tmx_name =
        args.output.as_ref().and_then(|p| p.extension()).is_some_and(|e| e.eq_ignore_ascii_case("tmx"));
    let format = args.format.unwrap_or(if is_tmx_name { Format::Tmx } else { Format::Jsonl });
    args.tmx.check(format == Format::Tmx)?;
    {
        let mut inputs: Vec<(&str, &std::path::Path)> =
            vec![("the source document", &args.src), ("the target document", &args.tgt)];
        inputs.extend(args.glossaries.iter().map(|g| ("a glossary", g.as_path())));
        inputs.extend(args.aligner.lexicon.as_deref().map(|l| ("the lexicon", l)));
        inputs.extend(args.corrections.as_deref().map(|c| ("--corrections", c)));
        let mut outputs: Vec<(&str, &std::path::Path)> = Vec::new();
        outputs.extend(args.output.as_deref().map(|o| ("-o", o)));
        outputs.extend(args.report.as_deref().map(|r| ("--report", r)));
        hanalign::atomic::check_outputs(&inputs, &outputs)?;
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
    args.aligner.apply(&mut builder)?;
    let aligner = builder.build();
    let min_confidence = match args.min_confidence {
        Some(x) if !(0.0..=1.0).contains(&x) => {
            return Err(Error::Usage(format!("--min-confidence {x}: give a value between 0 and 1")));
        }
        Some(x) => x,
        None => hanalign::report::DEFAULT_MIN_CONFIDENCE,
    };
    let segmentation = if args.presegmented {
        Segmentation::Presegmented
    } else {
        Segmentation::Segment(SegmenterBuilder::new().lang(Lang::Auto).build())
    };
    let corrections = args.corrections.as_deref().map(Corrections::load).transpose()?;
    let doc = pipeline::align_files_corrected(
        &args.src,
        &args.tgt,
        args.input_format.into(),
        &segmentation,
        &aligner,
        corrections.as_ref(),
    )?;
    for w in &doc.alignment.warnings {
        eprintln!("hanalign: warning: {w}");
    }
    let mut out = Output::open(args.output.as_deref())?;
    if format == Format::Tmx {
        let opts = args.tmx.options();
        let report = hanalign::tmx::write_aligned(&doc, &opts, &mut out).map_err(|e| match e {
            Error::Io { source, .. } => out_err(&out)(source),
            e => e,
        })?;
        for w in report.warnings() {
            eprintln!("hanalign: warning: {w}");
        }
        let dups = if report.duplicates > 0 {
            format!(", {} duplicate(s) collapsed", report.duplicates)
        } else {
            String::new()
        };
        eprintln!(
            "hanalign: {} translation units ({} -> {}){dups}",
            report.tus, report.src_lang, report.tgt_lang
        );
    }
    for (i, b) in doc.alignment.beads.iter().enumerate() {
        let r = match format {
            Format::Tmx => break,
            Format::Beads => writeln!(out, "{}:{}:{:.4}", index_list(&b.src), index_list(&b.tgt), b.score),
            Format::Tsv => writeln!(
                out,
                "{}\t{}\t{:.4}",
                tsv_field(&doc.src_text(i)),
                tsv_field(&doc.tgt_text(i)),
                b.score
            ),
            Format::Jsonl => {
                let j = serde_json::json!({
                    "src": b.src, "tgt": b.tgt, "src_text": doc.src_text(i), "tgt_text": doc.tgt_text(i),
                    "score": b.score, "kind": b.kind(), "anchors": b.anchors,
                    "weak": hanalign::report::is_weak(b.score, min_confidence),
                });
                writeln!(out, "{j}")
            }
        };
        r.map_err(out_err(&out))?;
    }
    out.finish()?;
    let count = hanalign::report::WeakCount::of(&doc, min_confidence);
    if count.weak > 0 {
        eprintln!(
            "hanalign: warning: {} of {} beads are weak (confidence under {min_confidence}); review them",
            count.weak, count.beads
        );
    }
    if let Some(path) = &args.report {
        let page = hanalign::report::ReviewPage::new(&all_terms).min_confidence(min_confidence);
        let mut out = Output::open(Some(path))?;
        page.write(&doc, &mut out).map_err(out_err(&out))?;
        out.finish()?;
    }
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

/// `[0,1]` without spaces (the beads format of `../shared/eval/align-mac-dev`).
fn index_list(v: &[usize]) -> String {
    let items: Vec<String> = v.iter().map(|i| i.to_string()).collect();
    format!("[{}]", items.join(","))
}

/// TMX export settings, shared by `align` and `batch`.
#[derive(Debug, clap::Args)]
pub struct TmxArgs {
    /// TMX: the source language tag (BCP 47, e.g. zh-TW); detected from the text by default.
    #[arg(long, value_name = "TAG")]
    pub src_lang_tag: Option<String>,
    /// TMX: the target language tag (BCP 47, e.g. en-US); detected from the text by default.
    #[arg(long, value_name = "TAG")]
    pub tgt_lang_tag: Option<String>,
    /// TMX: write the Chinese side in Simplified (hans, tagged zh-CN) or Traditional (hant, zh-TW).
    #[arg(long, value_enum, value_name = "SCRIPT")]
    pub convert_zh: Option<hanalign::tmx::ConvertZh>,
    /// TMX: keep 1-0 and 0-1 beads as notes on the neighbouring unit instead of skipping them.
    #[arg(long)]
    pub keep_unpaired: bool,
    /// TMX: a unit per sentence bead, per paragraph pair (for CAT tools that segment by
    /// paragraph; marked x-unit=paragraph), or both.
    #[arg(long, value_enum, value_name = "UNITS", default_value_t = hanalign::tmx::TmxUnits::Sentence)]
    pub tmx_units: hanalign::tmx::TmxUnits,
}

impl TmxArgs {
    /// Refuses TMX-only flags when the output is not TMX.
    pub fn check(&self, is_tmx: bool) -> Result<()> {
        let any = self.src_lang_tag.is_some()
            || self.tgt_lang_tag.is_some()
            || self.convert_zh.is_some()
            || self.keep_unpaired
            || self.tmx_units != hanalign::tmx::TmxUnits::Sentence;
        if any && !is_tmx {
            return Err(Error::Usage(
                "--src-lang-tag, --tgt-lang-tag, --convert-zh, --keep-unpaired and --tmx-units apply to --format tmx"
                    .into(),
            ));
        }
        Ok(())
    }

    /// The writer's options.
    pub fn options(&self) -> hanalign::tmx::TmxOptions {
        hanalign::tmx::TmxOptions {
            src_lang: self.src_lang_tag.clone(),
            tgt_lang: self.tgt_lang_tag.clone(),
            convert_zh: self.convert_zh,
            keep_unpaired: self.keep_unpaired,
            creation_date: None,
            units: self.tmx_units,
        }
    }
}
