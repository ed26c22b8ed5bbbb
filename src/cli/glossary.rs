//! `hanalign glossary …`.

use hanalign::{Error, Result};

/// Glossary subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Report problems in glossary files.
    Lint,
}

/// Runs a `glossary` subcommand.
pub fn run(_cmd: Command) -> Result<u8> {
    Err(Error::Usage("`hanalign glossary` is not available yet".into()))
}
