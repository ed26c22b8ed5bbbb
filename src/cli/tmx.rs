//! `hanalign tmx …`: validate, merge and summarise TMX files.

use std::io::Write;
use std::path::PathBuf;

use hanalign::tmx::{self, Dedupe, MergeEvent, Prefer, Severity, StatsBuilder};
use hanalign::{Error, Result};

use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, Output, out_err};

/// TMX subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Check TMX files against TMX 1.4b and what CAT tools need.
    ///
    /// Checks the DTD's structure (elements, order, attributes) and what a DTD validator cannot
    /// see: empty segments, malformed language tags (zh_CN), control characters, a byte order mark
    /// or an encoding other than UTF-8, unpaired bpt/ept, a srclang that matches no variant.
    /// Findings go to standard output as `file:line:col: error: …`; exit 1 when there are errors,
    /// 2 when a file cannot be read (the other files are still checked). Memory stays constant
    /// whatever the file's size.
    #[command(
        after_help = "Examples:\n  hanalign tmx validate out.tmx\n  hanalign tmx validate --json *.tmx"
    )]
    Validate {
        /// The TMX files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print findings as JSON Lines: {"file","line","col","severity","message"}.
        #[arg(long)]
        json: bool,
    },
    /// Merge TMX files into one, removing duplicates; the newest unit (or the most confident)
    /// wins a conflict.
    ///
    /// Newest means the later changedate/creationdate of the unit (or of its file's header); a
    /// date that is not a TMX date (YYYYMMDDThhmmssZ) is warned about and counts as missing, and
    /// an undated unit is older than any dated one; with equal or missing dates, a unit later on
    /// the command line is newer. Conflicts (same source, different translation) are reported on
    /// standard error with where the kept unit is and why it won. Streams: memory holds one unit
    /// plus about 100 bytes per distinct key; the kept units are written in input order.
    #[command(after_help = "Examples:\n  hanalign tmx merge old.tmx new.tmx -o all.tmx\n  \
hanalign tmx merge a.tmx b.tmx c.tmx --dedupe pair -o all.tmx")]
    Merge {
        /// The TMX files, oldest first.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Write the merged TMX here (written whole or not at all; `-` or absent = standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// What counts as a duplicate: the same source (newest translation kept), the same source
        /// and translation, or nothing.
        #[arg(long, value_enum, default_value_t = Dedupe::Source)]
        dedupe: Dedupe,
        /// Which unit wins a conflict: the newest, or the one with the highest x-confidence prop
        /// (ties go to the newest).
        #[arg(long, value_enum, default_value_t = Prefer::Newest)]
        prefer: Prefer,
    },
    /// Keep the units that pass every condition: language pair, props, dates. Streams.
    #[command(
        after_help = "Examples:\n  hanalign tmx filter big.tmx --langs zh,en --prop 'x-confidence>=0.8' -o good.tmx\n  \
hanalign tmx filter big.tmx --prop x-bead=2-1 --since 20250101 -o merged-beads.tmx"
    )]
    Filter {
        /// The TMX file (`-` = standard input).
        file: PathBuf,
        /// Write here (written whole or not at all; `-` or absent = standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Languages every kept unit has a variant in, comma-separated (`zh` matches `zh-TW`).
        #[arg(long, value_delimiter = ',')]
        langs: Vec<String>,
        /// A prop condition, TYPE OP VALUE with OP one of < <= > >= = !=; repeat for several
        /// (all must hold). A unit without the prop fails it (except for !=).
        #[arg(long = "prop", value_parser = tmx::PropTest::parse)]
        props: Vec<tmx::PropTest>,
        /// Keep units dated (changedate, else creationdate) on or after this day: YYYYMMDD or a TMX
        /// date. Units without a readable date fail a date condition.
        #[arg(long, value_parser = tmx::filter::parse_day)]
        since: Option<i64>,
        /// Keep units dated before this day.
        #[arg(long, value_parser = tmx::filter::parse_day)]
        until: Option<i64>,
    },
    /// Cut a TMX into parts of at most N units or about SIZE bytes, each a complete TMX. Streams.
    #[command(after_help = "Examples:\n  hanalign tmx split big.tmx --units 100000 -o part\n  \
hanalign tmx split big.tmx --size 50MB -o out/big   # out/big-0001.tmx, out/big-0002.tmx, …")]
    Split {
        /// The TMX file (`-` = standard input).
        file: PathBuf,
        /// Prefix of the parts: PREFIX-0001.tmx, PREFIX-0002.tmx, …
        #[arg(short, long, required = true)]
        output: PathBuf,
        /// At most this many units per part.
        #[arg(long, conflicts_with = "size", required_unless_present = "size")]
        units: Option<u64>,
        /// Start a new part once a part reaches this size (50MB, 500K; at least one unit a part).
        #[arg(long, value_parser = tmx::filter::parse_size)]
        size: Option<u64>,
    },
    /// Remove (or flag) the units a TM should not keep: duplicates, untranslated units, empty or
    /// tag-only segments, numbers or URLs that differ, language tags that contradict the text,
    /// extreme length ratios, and pairs the aligner does not see as translations.
    ///
    /// The report (one line per removed or flagged unit: file:line, rules, why; then counts per
    /// rule) goes to standard error, or to --report FILE; --json makes it JSON Lines. Streams,
    /// judging chunks of units in parallel.
    #[command(after_help = "Examples:\n  hanalign tmx clean legacy.tmx -o clean.tmx\n  \
hanalign tmx clean legacy.tmx -o checked.tmx --flag-only --json --report qa.jsonl")]
    Clean {
        /// The TMX file (`-` = standard input).
        file: PathBuf,
        /// Write the cleaned TMX here (written whole or not at all; `-` = standard output).
        #[arg(short, long, required = true)]
        output: PathBuf,
        /// Keep every unit; add `<prop type="x-qa">RULES: why</prop>` to the ones that break a rule.
        #[arg(long)]
        flag_only: bool,
        /// Write the report here instead of standard error.
        #[arg(long)]
        report: Option<PathBuf>,
        /// Report as JSON Lines: one object per unit, then {"summary": …}.
        #[arg(long)]
        json: bool,
        /// A unit whose aligner score (its 1-1 bead's confidence) is below this is `misaligned`.
        #[arg(long, default_value_t = tmx::clean::MISALIGNED_BELOW)]
        misaligned_below: f64,
        /// Do not run the aligner (no `misaligned` rule; much faster).
        #[arg(long)]
        no_aligner: bool,
    },
    /// Summarise a TMX: units, languages, bead kinds, confidence, duplicates.
    #[command(after_help = "Examples:\n  hanalign tmx stats out.tmx\n  hanalign tmx stats --json out.tmx")]
    Stats {
        /// The TMX file.
        file: PathBuf,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Runs a `tmx` subcommand.
pub fn run(cmd: Command) -> Result<u8> {
    match cmd {
        Command::Validate { files, json } => validate(&files, json),
        Command::Merge { files, output, dedupe, prefer } => merge(&files, output, dedupe, prefer),
        Command::Stats { file, json } => stats(&file, json),
        Command::Clean { file, output, flag_only, report, json, misaligned_below, no_aligner } => {
            clean(&file, &output, flag_only, report, json, (!no_aligner).then_some(misaligned_below))
        }
        Command::Filter { file, output, langs, props, since, until } => {
            let f = tmx::Filter { langs, props, since, until };
            let mut out = Output::open(output.as_deref())?;
            let r = tmx::filter(&file, &f, &mut out)?;
            out.finish()?;
            eprintln!("hanalign: kept {} of {} units", r.tus_out, r.tus_in);
            Ok(EXIT_OK)
        }
        Command::Split { file, output, units, size } => {
            let by = match (units, size) {
                (Some(0), _) => return Err(Error::usage("--units must be at least 1")),
                (Some(n), _) => tmx::SplitBy::Units(n),
                (None, Some(b)) => tmx::SplitBy::Bytes(b),
                (None, None) => return Err(Error::usage("give --units N or --size SIZE")),
            };
            let prefix = output.to_string_lossy().into_owned();
            let parts = tmx::split(&file, by, &|i| PathBuf::from(format!("{prefix}-{i:04}.tmx")))?;
            for (p, n) in &parts {
                eprintln!("hanalign: wrote {} ({n} units)", p.display());
            }
            Ok(EXIT_OK)
        }
    }
}

fn validate(files: &[PathBuf], json: bool) -> Result<u8> {
    let mut out = Output::open(None)?;
    let (mut errors, mut unreadable) = (0usize, 0usize);
    for f in files {
        let (mut n_err, mut n_warn) = (0usize, 0usize);
        let mut write_err = None;
        let r = tmx::validate_stream(f, &mut |x| {
            if write_err.is_some() {
                return;
            }
            if x.severity == Severity::Error {
                n_err += 1;
            } else {
                n_warn += 1;
            }
            let r = if json {
                let j = serde_json::json!({
                    "file": f, "line": x.location.line, "col": x.location.col,
                    "severity": x.severity, "message": x.message,
                });
                writeln!(out, "{j}")
            } else {
                writeln!(out, "{x}")
            };
            if let Err(e) = r {
                write_err = Some(e);
            }
        });
        if let Some(e) = write_err {
            return Err(out_err(&out)(e));
        }
        if let Err(e) = r {
            // An unreadable file does not stop the others.
            eprintln!("hanalign: {e}");
            unreadable += 1;
            continue;
        }
        errors += n_err;
        if !json {
            if n_err == 0 {
                eprintln!("hanalign: {}: valid TMX 1.4b ({n_warn} warning(s))", f.display());
            } else {
                eprintln!("hanalign: {}: {n_err} error(s), {n_warn} warning(s)", f.display());
            }
        }
    }
    out.finish()?;
    Ok(if unreadable > 0 {
        EXIT_ERROR
    } else if errors > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

fn merge(files: &[PathBuf], output: Option<PathBuf>, dedupe: Dedupe, prefer: Prefer) -> Result<u8> {
    let mut out = Output::open(output.as_deref())?;
    let mut bad_dates = 0usize;
    let report = tmx::merge_files(files, dedupe, prefer, &mut out, &mut |ev| match ev {
        MergeEvent::Conflict(c) => eprintln!(
            "hanalign: conflict: {}: \"{}\": kept {}{} ({}), dropped {} ({})",
            c.dropped_from,
            c.source,
            c.kept_from,
            c.kept.map(|k| format!(" {k}")).unwrap_or_default(),
            c.why,
            c.dropped,
            c.dropped_from
        ),
        MergeEvent::BadDate { at, attr, value } => {
            bad_dates += 1;
            if bad_dates <= 20 {
                eprintln!(
                    "hanalign: warning: {at}: {attr}=\"{value}\" is not a TMX date; the unit counts as undated"
                );
            }
        }
    })?;
    out.finish()?;
    if bad_dates > 20 {
        eprintln!("hanalign: warning: {bad_dates} unreadable dates in all ({} not shown)", bad_dates - 20);
    }
    if report.dropped_chars > 0 {
        eprintln!(
            "hanalign: warning: removed {} character(s) that XML 1.0 cannot carry",
            report.dropped_chars
        );
    }
    let rule = match prefer {
        Prefer::Newest => "newest kept",
        Prefer::Confidence => "highest x-confidence kept",
    };
    eprintln!(
        "hanalign: merged {} file(s): {} units in, {} out; {} duplicate(s), {} conflict(s) ({rule})",
        report.files, report.tus_in, report.tus_out, report.duplicates, report.conflict_count
    );
    Ok(EXIT_OK)
}

fn stats(file: &std::path::Path, json: bool) -> Result<u8> {
    let mut reader = tmx::TmxReader::open(file)?;
    let mut b = StatsBuilder::new(reader.header());
    while let Some(tu) = reader.next_tu()? {
        b.add(&tu);
    }
    let s = b.finish();
    let mut out = Output::open(None)?;
    let r = if json {
        let j = serde_json::to_string(&s).map_err(|e| Error::usage(e.to_string()))?;
        writeln!(out, "{j}")
    } else {
        writeln!(out, "{s}")
    };
    r.map_err(out_err(&out))?;
    out.finish()?;
    Ok(EXIT_OK)
}

fn clean(
    file: &std::path::Path,
    output: &std::path::Path,
    flag_only: bool,
    report: Option<PathBuf>,
    json: bool,
    misaligned_below: Option<f64>,
) -> Result<u8> {
    if output == file && file.as_os_str() != "-" {
        return Err(Error::usage(format!("{}: the output would replace the input", output.display())));
    }
    let aligner = misaligned_below.map(|_| {
        let mut b = hanalign::align::AlignerBuilder::new();
        b.src_lang(hanalign::segment::Lang::Auto).tgt_lang(hanalign::segment::Lang::Auto).realign(false);
        b.build()
    });
    let opts = tmx::CleanOptions { flag_only, misaligned_below, ..Default::default() };
    let mut rep_file = match &report {
        Some(p) => Some(Output::open(Some(p))?),
        None => None,
    };
    let mut stderr = std::io::BufWriter::new(std::io::stderr());
    let rep: &mut dyn Write = match rep_file.as_mut() {
        Some(f) => f,
        None => &mut stderr,
    };
    let mut out = Output::open(Some(output))?;
    let mut rep_err = None;
    let r = tmx::clean(file, &opts, aligner.as_ref(), &mut out, &mut |v| {
        let line = if json {
            let mut j = serde_json::to_value(v).unwrap_or_default();
            j["file"] = serde_json::json!(file);
            j.to_string()
        } else {
            let names: Vec<&str> = v.rules.iter().map(|r| r.name()).collect();
            format!("{}:{}: {}: {}", file.display(), v.line, names.join(","), v.why.join("; "))
        };
        if rep_err.is_none()
            && let Err(e) = writeln!(rep, "{line}")
        {
            rep_err = Some(e);
        }
    })?;
    out.finish()?;
    let what = if flag_only { "flagged" } else { "removed" };
    let n = if flag_only { r.flagged } else { r.removed };
    let summary = if json {
        serde_json::json!({ "summary": r }).to_string()
    } else {
        let per: Vec<String> = r.per_rule.iter().map(|(k, v)| format!("{k} {v}")).collect();
        format!(
            "hanalign: {}: {} units in, {} out; {n} {what} ({})",
            file.display(),
            r.tus_in,
            r.tus_out,
            if per.is_empty() { "nothing found".to_string() } else { per.join(", ") }
        )
    };
    let name = report.as_deref().map(|p| p.display().to_string()).unwrap_or_else(|| "standard error".into());
    let io = |e: std::io::Error| Error::io(&name, e);
    if let Some(e) = rep_err {
        return Err(io(e));
    }
    writeln!(rep, "{summary}").map_err(io)?;
    rep.flush().map_err(io)?;
    if let Some(f) = rep_file {
        f.finish()?;
    }
    Ok(EXIT_OK)
}
