//! One error type for the library, carrying where a problem is (file, line, column, byte).

use std::fmt;
use std::path::{Path, PathBuf};

/// A result with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Where in an input a problem was found. Every field is optional; what is known is printed
/// as `path:line:col` (or `path: byte N`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// The file, if the input came from one (`-` for standard input).
    pub path: Option<PathBuf>,
    /// 1-based line number.
    pub line: Option<u64>,
    /// 1-based column (in characters).
    pub col: Option<u64>,
    /// 0-based byte offset.
    pub byte: Option<u64>,
}

impl Location {
    /// A location naming only a file.
    pub fn file(path: impl AsRef<Path>) -> Location {
        Location { path: Some(path.as_ref().to_path_buf()), ..Location::default() }
    }

    /// This location at a 1-based line.
    pub fn with_line(mut self, line: u64) -> Location {
        self.line = Some(line);
        self
    }

    /// This location at a 1-based column.
    pub fn with_col(mut self, col: u64) -> Location {
        self.col = Some(col);
        self
    }

    /// This location at a 0-based byte offset.
    pub fn with_byte(mut self, byte: u64) -> Location {
        self.byte = Some(byte);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.as_deref().map(|p| p.display().to_string());
        write!(f, "{}", path.as_deref().unwrap_or("<input>"))?;
        match (self.line, self.col) {
            (Some(l), Some(c)) => write!(f, ":{l}:{c}")?,
            (Some(l), None) => write!(f, ":{l}")?,
            _ => {}
        }
        if let (None, Some(b)) = (self.line, self.byte) {
            write!(f, ": byte {b}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in hanalign.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file (or `-`).
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Input that could not be parsed or decoded, with where and why.
    #[error("{location}: {message}")]
    Parse {
        /// Where the problem is.
        location: Location,
        /// What is wrong, and if possible what to do.
        message: String,
    },
    /// Settings or arguments that do not make sense together.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Error {
        Error::Io { path: path.as_ref().to_path_buf(), source }
    }

    /// A parse error at `location`.
    pub fn parse(location: Location, message: impl Into<String>) -> Error {
        Error::Parse { location, message: message.into() }
    }

    /// True when this error is a closed pipe on output, which the CLI ends on quietly.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}
