//! Command-line definitions (clap derive) and the thin glue from arguments to the library.
//! One file per subcommand; each has an `Args` struct and a `run` returning the exit code.

mod align;
mod batch;
mod glossary;
mod segment;
mod tmx;

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use hanalign::{Error, Result};

/// Exit code: everything fine.
pub const EXIT_OK: u8 = 0;
/// Exit code: the command ran and found problems (lint, validate, check, `--fail-under`).
#[allow(dead_code)] // used as the lint, validate and check commands land
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: an error stopped the command.
pub const EXIT_ERROR: u8 = 2;

/// Align Chinese and English documents sentence by sentence, export TMX, keep glossaries.
#[derive(Debug, Parser)]
#[command(name = "hanalign", version, about, long_about = None, propagate_version = true)]
#[command(after_help = "Examples:\n  hanalign segment corpora/meta-avocado/zh.txt\n  \
hanalign align corpora/meta-avocado/zh.txt corpora/meta-avocado/en.txt --glossary glossary/ai-industry.tsv -o out.tmx")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Split a document into sentences.
    Segment(segment::Args),
    /// Align a Chinese document with its English counterpart.
    Align(align::Args),
    /// Validate, merge and inspect TMX files.
    #[command(subcommand)]
    Tmx(tmx::Command),
    /// Convert, lint, merge, extract and check glossaries.
    #[command(subcommand)]
    Glossary(glossary::Command),
    /// Align many document pairs in parallel.
    Batch(batch::Args),
}

/// Runs a parsed command line and returns the exit code.
pub fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Segment(a) => segment::run(a),
        Command::Align(a) => align::run(a),
        Command::Tmx(c) => tmx::run(c),
        Command::Glossary(c) => glossary::run(c),
        Command::Batch(a) => batch::run(a),
    }
}

/// Where a command writes its data: standard output, or a file that appears only when complete
/// (written to a temporary file in the same folder, then renamed over the destination).
pub enum Output {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// A temporary file to be renamed to `dest` by [`Output::finish`].
    File {
        /// The temporary file.
        tmp: BufWriter<tempfile::NamedTempFile>,
        /// Where it goes.
        dest: PathBuf,
    },
}

impl Output {
    /// Opens `path` for writing (`None` or `-` = standard output).
    pub fn open(path: Option<&Path>) -> Result<Output> {
        match path {
            None => Ok(Output::Stdout(BufWriter::new(io::stdout()))),
            Some(p) if p.as_os_str() == "-" => Ok(Output::Stdout(BufWriter::new(io::stdout()))),
            Some(p) => {
                let dir = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
                let tmp = tempfile::Builder::new()
                    .prefix(".hanalign-")
                    .tempfile_in(dir)
                    .map_err(|e| Error::io(p, e))?;
                Ok(Output::File { tmp: BufWriter::new(tmp), dest: p.to_path_buf() })
            }
        }
    }

    /// The name to use in messages.
    pub fn name(&self) -> PathBuf {
        match self {
            Output::Stdout(_) => PathBuf::from("-"),
            Output::File { dest, .. } => dest.clone(),
        }
    }

    /// Flushes and, for a file, moves it into place. Dropping an `Output` without calling this
    /// leaves the destination untouched.
    pub fn finish(self) -> Result<()> {
        match self {
            Output::Stdout(mut w) => w.flush().map_err(|e| Error::io("-", e)),
            Output::File { tmp, dest } => {
                let tmp = tmp.into_inner().map_err(|e| Error::io(&dest, e.into_error()))?;
                tmp.persist(&dest).map_err(|e| Error::io(&dest, e.error))?;
                Ok(())
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::File { tmp, .. } => tmp.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File { tmp, .. } => tmp.flush(),
        }
    }
}

/// Maps an I/O error on the output to an [`Error`] naming it.
pub fn out_err(out: &Output) -> impl Fn(io::Error) -> Error + '_ {
    move |e| Error::io(out.name(), e)
}
