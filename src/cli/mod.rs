//! Command-line definitions (clap derive) and the thin glue from arguments to the library.
//! One file per subcommand; each has an `Args` struct and a `run` returning the exit code.

mod align;
mod batch;
mod config;
mod examples;
mod glossary;
pub(crate) mod model;
mod render;
mod segment;
mod srx;
mod tmx;

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use std::fs;

use clap::{Parser, Subcommand};
use hanalign::atomic::AtomicFile;
use hanalign::tmx::WriteReport;
use hanalign::{Error, ErrorKind, Result, Side};

/// Exit code: everything fine.
pub const EXIT_OK: u8 = 0;
/// Exit code: the command ran and found problems (lint, validate, check, `--fail-under`).
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
    /// Write segmentation rules (SRX) that make a CAT tool cut sentences as hanalign does.
    Srx(srx::Args),
    /// Install, locate and use the sentence-encoder model.
    #[command(subcommand)]
    Model(model::Command),
    /// Print a shell completion script.
    Completions(Completions),
    /// Print the manual page (roff) for hanalign and its subcommands.
    Man(Man),
}

/// Print a shell completion script, generated from the command-line definitions.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
hanalign completions bash > ~/.local/share/bash-completion/completions/hanalign\n  \
hanalign completions zsh > ~/.zfunc/_hanalign\n  \
hanalign completions fish > ~/.config/fish/completions/hanalign.fish")]
struct Completions {
    /// The shell.
    shell: clap_complete::Shell,
}

/// Print the manual page (roff), generated from the command-line definitions.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  hanalign man | man -l -\n  \
hanalign man --all -o man/   # hanalign.1, hanalign-align.1, … into the folder man/")]
struct Man {
    /// Write one page per subcommand (hanalign-align.1, …) into the folder given with -o.
    #[arg(long, requires = "output")]
    all: bool,
    /// Write to this file (or, with --all, into this folder) instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// The command-line definition, with every subcommand's examples laid out for narrow terminals
/// (see [`examples`]).
pub fn command() -> clap::Command {
    examples::fit_all(<Cli as clap::CommandFactory>::command())
}

/// Parses the process's arguments (printing help or a usage error and exiting, as clap does).
pub fn parse() -> Cli {
    let matches = command().get_matches();
    <Cli as clap::FromArgMatches>::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// `--input-format`: how a document is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum InputFormatArg {
    /// By extension: .docx, .html/.htm, .md; anything else is plain text.
    #[default]
    Auto,
    /// Plain text (UTF-8, or UTF-16 with a BOM), one paragraph per line.
    Txt,
    /// Word (.docx): paragraphs, tables cell by cell, then footnotes; revisions and hidden text skipped.
    Docx,
    /// HTML: block elements as paragraphs; script, style, nav and pre skipped; the declared charset.
    Html,
    /// Markdown: headings, lists, paragraphs; images and links as their text; code blocks skipped.
    Md,
}

impl From<InputFormatArg> for hanalign::input::InputFormat {
    fn from(a: InputFormatArg) -> Self {
        use hanalign::input::InputFormat as F;
        match a {
            InputFormatArg::Auto => F::Auto,
            InputFormatArg::Txt => F::Text,
            InputFormatArg::Docx => F::Docx,
            InputFormatArg::Html => F::Html,
            InputFormatArg::Md => F::Markdown,
        }
    }
}

/// An error as the command says it: the library's message, with the flag that helps where one
/// does (the library names none).
pub fn describe(err: &Error) -> String {
    match err.kind() {
        ErrorKind::NotPlainText { location } => format!(
            "{location}: a zip archive or Office file, not plain text: name it `.docx` (or pass \
             --input-format docx) if it is a Word document"
        ),
        ErrorKind::NotAGlossary { .. } => {
            format!("{err} (a TMX goes to `glossary check --tmx` or `glossary extract --tmx`)")
        }
        ErrorKind::CorrectionsMismatch { .. } => format!("{err} (--presegmented or not)"),
        ErrorKind::FileNotAllowed { .. } => format!("{err} (to read files, give --allow-files-under FOLDER)"),
        ErrorKind::LangTag { side: Side::Source, message } => format!("--src-lang-tag: {message}"),
        ErrorKind::LangTag { side: Side::Target, message } => format!("--tgt-lang-tag: {message}"),
        _ => err.to_string(),
    }
}

/// What writing a TMX did that the user should know, one sentence each.
pub fn tmx_warnings(report: &WriteReport) -> Vec<String> {
    let mut w = Vec::new();
    if report.control_chars_removed > 0 {
        w.push(format!(
            "removed {} control character(s) that XML 1.0 or CAT tools do not accept",
            report.control_chars_removed
        ));
    }
    if report.unpaired_skipped > 0 {
        w.push(format!(
            "skipped {} unpaired bead(s) (1-0 or 0-1); use --keep-unpaired to keep them as notes",
            report.unpaired_skipped
        ));
    }
    if report.long_segments > 0 {
        w.push(format!(
            "{} segment(s) are longer than 2000 characters; Trados skips such segments",
            report.long_segments
        ));
    }
    w
}

/// Runs a parsed command line and returns the exit code.
pub fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Segment(a) => segment::run(a),
        Command::Srx(a) => srx::run(a),
        Command::Align(a) => align::run(a),
        Command::Tmx(c) => tmx::run(c),
        Command::Glossary(c) => glossary::run(c),
        Command::Batch(a) => batch::run(a),
        Command::Model(c) => model::run(c),
        Command::Completions(a) => completions(a),
        Command::Man(a) => man(a),
    }
}

fn completions(args: Completions) -> Result<u8> {
    let mut cmd = command();
    let mut out = Output::open(None)?;
    // clap_complete writes with `write_all(..).expect(..)`; render to memory, then write ourselves
    // so a closed pipe is an error we can end on quietly, not a panic.
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "hanalign", &mut buf);
    out.write_all(&buf).map_err(out_err(&out))?;
    out.finish()?;
    Ok(EXIT_OK)
}

fn man(args: Man) -> Result<u8> {
    let cmd = command();
    if args.all {
        let dir = args.output.expect("clap requires --output with --all");
        make_folder(&dir, "man --all -o")?;
        return man_pages(&cmd, &dir);
    }
    let mut out = Output::open(args.output.as_deref())?;
    clap_mangen::Man::new(cmd).render(&mut out).map_err(out_err(&out))?;
    out.finish()?;
    Ok(EXIT_OK)
}

/// Writes the page of `cmd` and of every subcommand into `dir` (as `clap_mangen::generate_to`
/// names them), each through the atomic writer.
fn man_pages(cmd: &clap::Command, dir: &Path) -> Result<u8> {
    fn pages(cmd: &clap::Command, dir: &Path) -> Result<()> {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            pages(sub, dir)?;
        }
        let man = clap_mangen::Man::new(cmd.clone());
        let path = dir.join(man.get_filename());
        hanalign::atomic::write(&path, |w| man.render(w).map_err(|e| Error::io(&path, e)))
    }
    let mut cmd = cmd.clone().disable_help_subcommand(true);
    cmd.build();
    pages(&cmd, dir)?;
    Ok(EXIT_OK)
}

/// Parses a fraction for `--fail-under`: `0.9`, or a percentage `90%`, in [0, 1].
pub fn parse_fraction(s: &str) -> std::result::Result<f64, String> {
    let (num, scale) = match s.strip_suffix('%') {
        Some(p) => (p, 100.0),
        None => (s, 1.0),
    };
    let v: f64 = num.trim().parse().map_err(|_| format!("`{s}` is not a number; give e.g. 0.9 or 90%"))?;
    let v = v / scale;
    if !(0.0..=1.0).contains(&v) {
        return Err(format!("`{s}` is outside 0..1 (or 0%..100%)"));
    }
    Ok(v)
}

/// How many weak beads out of `beads` a `--fail-under` bar allows.
pub fn allowed_weak(beads: usize, bar: f64) -> usize {
    // The largest w with (beads - w) / beads >= bar; a little slack for 0.9 * 10 = 8.999….
    ((1.0 - bar) * beads as f64 + 1e-9).floor() as usize
}

/// Where a command writes its data: standard output, or a file written through the one atomic
/// writer ([`hanalign::atomic::AtomicFile`]: it appears only when complete).
pub enum Output {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// A file, put in place by [`Output::finish`].
    File(AtomicFile),
}

impl Output {
    /// Opens `path` for writing (`None` or `-` = standard output).
    pub fn open(path: Option<&Path>) -> Result<Output> {
        match path {
            None => Ok(Output::Stdout(BufWriter::new(io::stdout()))),
            Some(p) if p.as_os_str() == "-" => Ok(Output::Stdout(BufWriter::new(io::stdout()))),
            Some(p) => Ok(Output::File(AtomicFile::create(p)?)),
        }
    }

    /// The name to use in messages.
    pub fn name(&self) -> PathBuf {
        match self {
            Output::Stdout(_) => PathBuf::from("-"),
            Output::File(f) => f.name().to_path_buf(),
        }
    }

    /// Flushes and, for a file, moves it into place. Dropping an `Output` without calling this
    /// leaves the destination untouched.
    pub fn finish(self) -> Result<()> {
        match self {
            Output::Stdout(mut w) => w.flush().map_err(|e| Error::io("-", e)),
            Output::File(f) => f.commit(),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::File(f) => f.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File(f) => f.flush(),
        }
    }
}

/// Creates the folder `dir` (and its parents) for a command that writes into it; a clear message
/// when `dir` exists and is not a folder, or cannot be made.
pub fn make_folder(dir: &Path, flag: &str) -> Result<()> {
    if fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
        return Err(Error::usage(format!(
            "{}: exists and is not a folder; {flag} names the folder to write into",
            dir.display()
        )));
    }
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))
}

/// Maps an I/O error on the output to an [`Error`] naming it.
pub fn out_err(out: &Output) -> impl Fn(io::Error) -> Error + '_ {
    move |e| Error::io(out.name(), e)
}
