//! `hanalign srx`.

use std::io::Write;
use std::path::PathBuf;

use hanalign::Result;

use super::{EXIT_OK, Output, out_err};

/// Which file the rules are written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// SRX 2.0 (OmegaT 4 and later, Okapi, Trados Studio, memoQ).
    Srx,
    /// OmegaT 3.x's segmentation.conf (as Debian ships OmegaT 3.6).
    OmegatConf,
}

/// Write segmentation rules that make a CAT tool cut sentences as hanalign does.
///
/// A TMX gives exact matches only when the CAT tool cuts the source text into the segments the
/// TMX holds. These SRX 2.0 rules carry hanalign's segmentation (half-width ?! inside Chinese,
/// closing quotes and brackets, 《titles》, Latin punctuation inside Chinese, English
/// abbreviations) as far as regular expressions can; GUIDE.md says how to load them.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  hanalign srx -o hanalign.srx\n  \
hanalign srx --format omegat-conf -o project/omegat/segmentation.conf")]
pub struct Args {
    /// The file format [default: srx, or omegat-conf when -o ends in .conf].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// Runs `srx`.
pub fn run(args: Args) -> Result<u8> {
    let conf = args.output.as_ref().is_some_and(|p| p.extension().is_some_and(|e| e == "conf"));
    let format = args.format.unwrap_or(if conf { Format::OmegatConf } else { Format::Srx });
    let text = match format {
        Format::Srx => hanalign::segment::srx(),
        Format::OmegatConf => hanalign::segment::omegat_conf(),
    };
    let mut out = Output::open(args.output.as_deref())?;
    out.write_all(text.as_bytes()).map_err(out_err(&out))?;
    out.finish()?;
    Ok(EXIT_OK)
}
