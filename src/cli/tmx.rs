//! `hanalign tmx …`: validate, merge and summarise TMX files.

use std::io::Write;
use std::path::PathBuf;

use hanalign::tmx::{self, Dedupe, Severity, StatsBuilder};
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
    /// Merge TMX files into one, removing duplicates; the newest unit wins a conflict.
    ///
    /// Newest means the later changedate/creationdate of the unit (or of its file's header);
    /// with equal or missing dates, a file named later on the command line is newer. Conflicts
    /// (same source, different translation) are reported on standard error.
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
        Command::Merge { files, output, dedupe } => merge(&files, output, dedupe),
        Command::Stats { file, json } => stats(&file, json),
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

fn merge(files: &[PathBuf], output: Option<PathBuf>, dedupe: Dedupe) -> Result<u8> {
    let mut inputs = Vec::with_capacity(files.len());
    for f in files {
        inputs.push((f.clone(), tmx::read_file(f)?));
    }
    let (merged, report) = tmx::merge(&inputs, dedupe)?;
    let mut out = Output::open(output.as_deref())?;
    let dropped = tmx::write(&merged, &mut out).map_err(out_err(&out))?;
    out.finish()?;
    for c in &report.conflicts {
        eprintln!(
            "hanalign: conflict: {}: \"{}\": kept {} ({}), dropped {} ({})",
            c.dropped_from, c.source, c.kept, c.kept_from, c.dropped, c.dropped_from
        );
    }
    if dropped > 0 {
        eprintln!("hanalign: warning: removed {dropped} character(s) that XML 1.0 cannot carry");
    }
    eprintln!(
        "hanalign: merged {} file(s): {} units in, {} out; {} duplicate(s), {} conflict(s) (newest kept)",
        report.files,
        report.tus_in,
        report.tus_out,
        report.duplicates,
        report.conflicts.len()
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
        let j = serde_json::to_string(&s).map_err(|e| Error::Usage(e.to_string()))?;
        writeln!(out, "{j}")
    } else {
        writeln!(out, "{s}")
    };
    r.map_err(out_err(&out))?;
    out.finish()?;
    Ok(EXIT_OK)
}
