//! `hanalign tmx …`.

use hanalign::{Error, Result};

/// TMX subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Check TMX files against TMX 1.4b and what CAT tools need.
    Validate,
}

/// Runs a `tmx` subcommand.
pub fn run(_cmd: Command) -> Result<u8> {
    Err(Error::Usage("`hanalign tmx` is not available yet".into()))
}
