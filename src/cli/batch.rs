//! `hanalign batch`.

use hanalign::{Error, Result};

/// Align many document pairs in parallel.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `batch`.
pub fn run(_args: Args) -> Result<u8> {
    Err(Error::Usage("`hanalign batch` is not available yet".into()))
}
