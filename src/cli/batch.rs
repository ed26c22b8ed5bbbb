//! `hanalign batch`: many pairs in parallel, from a folder, a manifest, or a JSON Lines stream.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use hanalign::batch::{self, Batch, Discovery, Pair};
use hanalign::escape::tsv_field;
use hanalign::pipeline::AlignedDoc;
use hanalign::report::{ReviewPage, WeakCount};

use super::config::{Config, ConfigArgs};
use super::render;
use hanalign::tmx::Tmx;
use hanalign::{Error, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, Output, out_err};

/// What `batch` writes for each pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per bead (as `align --format jsonl`, plus "id", "bead" and "weak").
    Jsonl,
    /// source text, target text, score; tab-separated (with the merged file, the id first; a tab,
    /// line break or backslash inside a field is written as `\t`, `\n`, `\r`, `\\`).
    Tsv,
    /// TMX 1.4b, as `align --format tmx` (1-0 and 0-1 beads left out unless --keep-unpaired).
    Tmx,
}

impl Format {
    fn ext(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Tsv => "tsv",
            Format::Tmx => "tmx",
        }
    }
}

/// Align many document pairs in parallel.
///
/// INPUT is a folder, searched (with its sub-folders) for `NAME.zh.txt` + `NAME.en.txt` pairs, or a
/// manifest: a `.tsv` file with `ZH_PATH<TAB>EN_PATH[<TAB>ID]` lines (`#` comments; paths relative
/// to the manifest), or a `.jsonl` file with `{"id":…,"zh_file":…,"en_file":…}` (or inline
/// `"zh"`/`"en"` texts) per line. Each pair's output goes to OUTDIR/ID.EXT, a summary table to
/// standard output and OUTDIR/summary.tsv. A pair that fails is reported and the others go on.
///
/// With --jsonl, pairs are read as JSON Lines (`{"id":…,"zh":TEXT,"en":TEXT}`) from INPUT or standard
/// input and beads are written as JSON Lines to standard output, in input order, so the command can
/// run as the map step of Spark's pipe() or Hadoop streaming. A record that fails becomes
/// `{"id":…,"line":N,"error":…}` in place of its beads.
///
/// Exit status: 0 all pairs aligned; 1 some pair has more weak beads than --fail-under allows;
/// 2 some pair (or the input) failed. Threads: -j, or the RAYON_NUM_THREADS variable; all cores by default.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
hanalign batch archive/ -o aligned/ -g glossary/ai-industry.tsv\n  \
hanalign batch pairs.tsv -o aligned/ --format tmx --merge --reports   # aligned/all.tmx\n  \
hanalign batch archive/ -o aligned/ --fail-under 90%   # exit 1 if a pair has over 10% weak beads\n  \
hanalign batch --jsonl < docs.jsonl > beads.jsonl\n  \
echo '{\"id\":\"a\",\"zh\":\"你好。\",\"en\":\"Hello.\"}' | hanalign batch --jsonl")]
pub struct Args {
    /// A folder of NAME.zh.txt + NAME.en.txt pairs, or a manifest (.tsv or .jsonl); with --jsonl, the
    /// JSON Lines stream (default: standard input).
    input: Option<PathBuf>,
    /// The folder to write into (created if missing).
    #[arg(short, long, value_name = "OUTDIR", required_unless_present = "jsonl")]
    output: Option<PathBuf>,
    /// Streaming mode: read pairs as JSON Lines, write beads as JSON Lines to standard output.
    #[arg(long, conflicts_with_all = ["output", "merge", "reports", "format", "src_lang_tag", "tgt_lang_tag",
        "convert_zh", "keep_unpaired"])]
    jsonl: bool,
    /// Output format for each pair.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// Write all pairs into one file, OUTDIR/all.EXT, instead of one file per pair.
    #[arg(long)]
    merge: bool,
    /// Also write each pair's HTML review page, OUTDIR/ID.html.
    #[arg(long)]
    reports: bool,
    /// A glossary whose terms anchor the alignment (OmegaT TSV, CSV or TBX); repeatable.
    #[arg(long = "glossary", short = 'g')]
    glossaries: Vec<PathBuf>,
    /// The inputs are already one sentence per line.
    #[arg(long)]
    presegmented: bool,
    /// Exit 1 when, in some pair, the share of beads that are not weak is under this fraction
    /// (0.9 or 90%). With --jsonl, the share over all records.
    #[arg(long, value_name = "FRACTION", value_parser = super::parse_fraction)]
    fail_under: Option<f64>,
    /// Beads whose confidence is under this value are weak (default 0.5).
    #[arg(long, value_name = "X", value_parser = super::parse_fraction)]
    min_confidence: Option<f64>,
    /// A folder of corrections files, ID.corrections.json per pair (the review page's "Download
    /// corrections", renamed): those pairs keep the fixed beads and re-align only around them.
    #[arg(long, value_name = "DIR")]
    corrections: Option<PathBuf>,
    #[command(flatten)]
    aligner: super::align::AlignerArgs,
    #[command(flatten)]
    tmx: super::align::TmxArgs,
    /// With --jsonl: let records name files (`zh_file`, `en_file`), read only from inside this
    /// folder. Without it a stream's records must carry their texts (`zh`, `en`).
    #[arg(long, value_name = "FOLDER", requires = "jsonl")]
    allow_files_under: Option<PathBuf>,
    /// Worker threads (default: RAYON_NUM_THREADS, else one per core).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
}

/// One row of the summary table.
struct Row {
    id: String,
    /// Sentences, beads, weak beads, mean confidence; `None` when the pair failed.
    stats: Option<(usize, usize, WeakCount, f64)>,
    /// "ok", "weak" (under --fail-under) or "FAILED".
    status: &'static str,
    /// The output file, or the error.
    note: String,
}

/// Runs `batch`.
pub fn run(args: Args) -> Result<u8> {
    if let Some(n) = args.threads {
        if n == 0 {
            return Err(Error::usage("--threads must be at least 1"));
        }
        // Fails only if a pool exists already, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n).build_global();
    }
    let Config { segmentation, aligner, terms, min_confidence } = Config::new(ConfigArgs {
        glossaries: &args.glossaries,
        presegmented: args.presegmented,
        aligner: Some(&args.aligner),
        min_confidence: args.min_confidence,
    })?;
    let batch = Batch { segmentation, aligner, corrections: args.corrections.clone() };
    if let Some(dir) = &args.corrections
        && !dir.is_dir()
    {
        return Err(Error::usage(format!("--corrections {}: not a folder", dir.display())));
    }
    args.tmx.check(args.format == Format::Tmx)?;
    if args.jsonl {
        return stream(&batch, &args, min_confidence);
    }

    let input = args.input.as_deref().ok_or_else(|| {
        Error::usage("give a folder or a manifest to align (or --jsonl to read standard input)")
    })?;
    let outdir = args.output.as_deref().expect("clap requires -o without --jsonl");
    let meta = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
    let Discovery { pairs, problems } =
        if meta.is_dir() { batch::discover(input)? } else { batch::read_manifest(input)? };
    for p in &problems {
        eprintln!("hanalign: {p}");
    }
    if pairs.is_empty() {
        let what = if meta.is_dir() { "no NAME.zh.txt + NAME.en.txt pairs" } else { "no pairs" };
        return Err(Error::usage(format!("{}: {what} found", input.display())));
    }
    super::make_folder(outdir, "batch -o")?;
    check_batch_outputs(&pairs, outdir, &args, input)?;

    let bar = progress(pairs.len() as u64);
    let page = ReviewPage::new(&terms).min_confidence(min_confidence);
    let tmx_opts = args.tmx.options(min_confidence);
    let merged_path = outdir.join(format!("all.{}", args.format.ext()));
    let mut merged =
        if args.merge && args.format != Format::Tmx { Some(Output::open(Some(&merged_path))?) } else { None };
    let mut merged_tmx: Vec<(PathBuf, Tmx)> = Vec::new();
    let mut rows = Vec::with_capacity(pairs.len() + problems.len());
    for p in &problems {
        let id = p.id.clone().unwrap_or_else(|| "-".into());
        rows.push(Row { id, stats: None, status: "FAILED", note: p.to_string() });
    }
    let job = |pair: &Pair, doc: Result<AlignedDoc<'static>>| -> Result<Done> {
        let out = (|| {
            let doc = doc?;
            let mut done = Done { part: Part::None, file: None, warnings: Vec::new(), doc: None };
            let path = outdir.join(format!("{}.{}", pair.id, args.format.ext()));
            match (args.merge, args.format) {
                (true, Format::Tmx) => {
                    let (tmx, report) = hanalign::tmx::aligned_to_tmx(&doc, &tmx_opts)?;
                    done.warnings = super::tmx_warnings(&report);
                    done.part = Part::Tmx(tmx);
                }
                (true, f) => {
                    let mut bytes = Vec::new();
                    render(&mut bytes, f, pair, &doc, true, min_confidence).expect("writing to memory");
                    done.part = Part::Bytes(bytes);
                }
                (false, Format::Tmx) => {
                    let report = write_file(&path, |w| hanalign::tmx::write_aligned(&doc, &tmx_opts, w))?;
                    done.warnings = super::tmx_warnings(&report);
                    done.file = Some(path);
                }
                (false, f) => {
                    write_file(&path, |w| {
                        render(w, f, pair, &doc, false, min_confidence).map_err(|e| Error::io(&path, e))
                    })?;
                    done.file = Some(path);
                }
            }
            if args.reports {
                let html = outdir.join(format!("{}.html", pair.id));
                write_file(&html, |w| page.write(&doc, w).map_err(|e| Error::io(&html, e)))?;
            }
            done.doc = Some(doc);
            Ok(done)
        })();
        bar.inc(1);
        out
    };
    let mut failed = problems.len();
    let mut weak_pairs = 0;
    batch.run(&pairs, 64, job, |pair, result| {
        let row = match result {
            Ok(Done { part, file, warnings, doc: Some(doc) }) => {
                for w in warnings {
                    bar.suspend(|| eprintln!("hanalign: warning: {}: {w}", pair.id));
                }
                match part {
                    Part::Bytes(bytes) => {
                        if let Some(m) = merged.as_mut() {
                            m.write_all(&bytes).map_err(out_err(m))?;
                        }
                    }
                    Part::Tmx(tmx) => merged_tmx.push((PathBuf::from(&pair.id), tmx)),
                    Part::None => {}
                }
                let count = WeakCount::of(&doc, min_confidence);
                let under = args.fail_under.is_some_and(|bar| count.strong_fraction() < bar);
                weak_pairs += usize::from(under);
                let mean = mean_score(&doc);
                Row {
                    id: pair.id.clone(),
                    stats: Some((doc.src.len(), doc.tgt.len(), count, mean)),
                    status: if under { "weak" } else { "ok" },
                    note: file.map(|f| f.display().to_string()).unwrap_or_default(),
                }
            }
            Ok(Done { doc: None, .. }) => unreachable!("a finished job holds its document"),
            Err(e) => {
                failed += 1;
                let e = super::describe(&e);
                bar.suspend(|| eprintln!("hanalign: {}: {e}", pair.id));
                Row { id: pair.id.clone(), stats: None, status: "FAILED", note: e }
            }
        };
        rows.push(row);
        Ok(())
    })?;
    bar.finish_and_clear();
    if let Some(m) = merged {
        m.finish()?;
        eprintln!("hanalign: wrote {}", merged_path.display());
    }
    if !merged_tmx.is_empty() {
        // Identical units from different documents become one; different translations of the same
        // source are all kept (each is evidence for the translator).
        match hanalign::tmx::merge(&merged_tmx, hanalign::tmx::Dedupe::Pair) {
            Ok((tmx, report)) => {
                hanalign::tmx::write_file(&tmx, &merged_path)?;
                eprintln!(
                    "hanalign: wrote {} ({} translation units, {} duplicate(s) collapsed)",
                    merged_path.display(),
                    report.tus_out,
                    report.duplicates
                );
            }
            Err(e) => {
                failed += 1;
                eprintln!(
                    "hanalign: {}: not written: {e}; give --src-lang-tag (or --convert-zh) so every pair \
                     has the same source language",
                    merged_path.display()
                );
            }
        }
    }
    let summary = outdir.join("summary.tsv");
    write_file(&summary, |w| summary_tsv(w, &rows).map_err(|e| Error::io(&summary, e)))?;
    let mut out = Output::open(None)?;
    summary_table(&mut out, &rows, failed, weak_pairs).map_err(out_err(&out))?;
    out.finish()?;
    Ok(if failed > 0 {
        EXIT_ERROR
    } else if weak_pairs > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// `--jsonl`: JSON Lines in, JSON Lines out.
fn stream(batch: &Batch, args: &Args, min_confidence: f64) -> Result<u8> {
    let name = args.input.clone().unwrap_or_else(|| PathBuf::from("-"));
    let reader: Box<dyn io::BufRead> = if name.as_os_str() == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(io::BufReader::new(std::fs::File::open(&name).map_err(|e| Error::io(&name, e))?))
    };
    let mut out = Output::open(None)?;
    let chunk = 4 * rayon::current_num_threads();
    let files = match &args.allow_files_under {
        Some(dir) => batch::Files::Under(dir),
        None => batch::Files::Refused,
    };
    let summary = batch::stream_jsonl(batch, files, reader, &name, &mut out, min_confidence, chunk, &|e| {
        let message = super::describe(e);
        eprintln!("hanalign: {message}");
        message
    })?;
    out.finish()?;
    if summary.failed > 0 {
        eprintln!(
            "hanalign: {} of {} records failed (see their error records)",
            summary.failed, summary.records
        );
        return Ok(EXIT_ERROR);
    }
    if let Some(bar) = args.fail_under {
        let count = WeakCount { beads: summary.beads, weak: summary.weak };
        if count.strong_fraction() < bar {
            eprintln!(
                "hanalign: {} of {} beads are weak; --fail-under {bar} allows at most {}",
                count.weak,
                count.beads,
                super::allowed_weak(count.beads, bar)
            );
            return Ok(EXIT_FINDINGS);
        }
    }
    Ok(EXIT_OK)
}

/// A progress bar on standard error; drawn only when standard error is a terminal.
fn progress(len: u64) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if !io::IsTerminal::is_terminal(&io::stderr()) {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template("{spinner} aligning {pos}/{len} pairs [{bar:30}] {elapsed} (eta {eta})")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Refuses, before any pair is aligned, outputs that would overwrite an input (a document, a
/// glossary, the manifest) or each other (a pair named `summary` and the summary table, two ids
/// that differ only in what the file system folds).
fn check_batch_outputs(pairs: &[Pair], outdir: &Path, args: &Args, input: &Path) -> Result<()> {
    let ext = args.format.ext();
    let mut outputs: Vec<(String, PathBuf)> = vec![("the summary table".into(), outdir.join("summary.tsv"))];
    if args.merge {
        outputs.push(("the merged output".into(), outdir.join(format!("all.{ext}"))));
    }
    for p in pairs {
        if !args.merge {
            outputs.push((format!("the output of pair `{}`", p.id), outdir.join(format!("{}.{ext}", p.id))));
        }
        if args.reports {
            outputs
                .push((format!("the review page of pair `{}`", p.id), outdir.join(format!("{}.html", p.id))));
        }
    }
    let mut inputs: Vec<(String, PathBuf)> = vec![("the manifest".into(), input.to_path_buf())];
    for p in pairs {
        for s in [&p.src, &p.tgt] {
            if let batch::Source::File(f) = s {
                inputs.push((format!("a document of pair `{}`", p.id), f.clone()));
            }
        }
    }
    inputs.extend(args.glossaries.iter().map(|g| ("a glossary".to_string(), g.clone())));
    let i: Vec<(&str, &Path)> = inputs.iter().map(|(w, p)| (w.as_str(), p.as_path())).collect();
    let o: Vec<(&str, &Path)> = outputs.iter().map(|(w, p)| (w.as_str(), p.as_path())).collect();
    hanalign::atomic::check_outputs(&i, &o)
}

/// Writes a file whole or not at all, creating its folder.
fn write_file<T>(path: &Path, f: impl FnOnce(&mut Output) -> Result<T>) -> Result<T> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let mut out = Output::open(Some(path))?;
    let value = f(&mut out)?;
    out.finish()?;
    Ok(value)
}

/// What one pair's job leaves for the in-order part of the batch.
struct Done {
    /// Its share of the merged output.
    part: Part,
    /// Its own output file.
    file: Option<PathBuf>,
    /// Warnings from writing it.
    warnings: Vec<String>,
    /// The alignment, for the summary.
    doc: Option<AlignedDoc<'static>>,
}

/// A pair's share of the merged output.
enum Part {
    None,
    Bytes(Vec<u8>),
    Tmx(Tmx),
}

fn render<W: Write + ?Sized>(
    w: &mut W,
    format: Format,
    pair: &Pair,
    doc: &AlignedDoc,
    merged: bool,
    min_confidence: f64,
) -> io::Result<()> {
    match format {
        Format::Jsonl => render::jsonl(w, doc, Some(&pair.id), min_confidence),
        Format::Tmx => unreachable!("TMX is written by hanalign::tmx, not render"),
        Format::Tsv => render::tsv(w, doc, merged.then_some(pair.id.as_str())),
    }
}

fn mean_score(doc: &AlignedDoc) -> f64 {
    let beads = &doc.alignment.beads;
    if beads.is_empty() { 0.0 } else { beads.iter().map(|b| b.score).sum::<f64>() / beads.len() as f64 }
}

fn summary_tsv(w: &mut dyn Write, rows: &[Row]) -> io::Result<()> {
    writeln!(w, "id\tstatus\tzh_sentences\ten_sentences\tbeads\tweak\tmean_confidence\tnote")?;
    for r in rows {
        match r.stats {
            Some((zh, en, c, mean)) => writeln!(
                w,
                "{}\t{}\t{zh}\t{en}\t{}\t{}\t{mean:.4}\t{}",
                tsv_field(&r.id),
                r.status,
                c.beads,
                c.weak,
                tsv_field(&r.note)
            )?,
            None => writeln!(w, "{}\t{}\t\t\t\t\t\t{}", tsv_field(&r.id), r.status, tsv_field(&r.note))?,
        }
    }
    Ok(())
}

fn summary_table(w: &mut dyn Write, rows: &[Row], failed: usize, weak_pairs: usize) -> io::Result<()> {
    let idw = rows.iter().map(|r| r.id.chars().count()).max().unwrap_or(2).max(2);
    writeln!(
        w,
        "{:<idw$}  {:<6}  {:>6}  {:>6}  {:>6}  {:>6}  {:>5}",
        "id", "status", "zh", "en", "beads", "weak", "mean"
    )?;
    let (mut zh_t, mut en_t, mut beads_t, mut weak_t) = (0, 0, 0, 0);
    for r in rows {
        match r.stats {
            Some((zh, en, c, mean)) => {
                writeln!(
                    w,
                    "{:<idw$}  {:<6}  {zh:>6}  {en:>6}  {:>6}  {:>6}  {mean:>5.2}",
                    r.id, r.status, c.beads, c.weak
                )?;
                (zh_t, en_t, beads_t, weak_t) = (zh_t + zh, en_t + en, beads_t + c.beads, weak_t + c.weak);
            }
            None => writeln!(w, "{:<idw$}  {:<6}  {}", r.id, r.status, r.note)?,
        }
    }
    let ok = rows.iter().filter(|r| r.stats.is_some()).count();
    writeln!(w, "{:<idw$}  {:<6}  {zh_t:>6}  {en_t:>6}  {beads_t:>6}  {weak_t:>6}", "total", "")?;
    write!(w, "{ok} pair(s) aligned")?;
    if failed > 0 {
        write!(w, ", {failed} failed")?;
    }
    if weak_pairs > 0 {
        write!(w, ", {weak_pairs} under --fail-under")?;
    }
    writeln!(w)
}
