//! One error type for the library, carrying where a problem is (file, line, column, byte).
//!
//! As in rust-csv, [`Error`] is a box around an [`ErrorKind`] (one pointer wide, so `Result`s stay
//! small) that callers and tests can `match` on ([`Error::kind`]). Messages say what is wrong in
//! the library's terms; the `hanalign` command turns a kind into advice naming its own flags.

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

/// Which document of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The source document (Chinese by default).
    Source,
    /// The target document (English by default).
    Target,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Source => "source",
            Side::Target => "target",
        })
    }
}

/// What went wrong. New kinds may be added: match with a `_` arm.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
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
    /// A zip archive or Office file was to be read as plain text.
    #[error(
        "{location}: a zip archive or Office file, not plain text: name it `.docx` if it is a Word document"
    )]
    NotPlainText {
        /// The file.
        location: Location,
    },
    /// A file given as a glossary is XML but not TBX (`tmx`: it is a translation memory).
    #[error(
        "{location}: {}, not a glossary; a glossary is OmegaT TSV, CSV or TBX",
        not_a_glossary(.tmx)
    )]
    NotAGlossary {
        /// The file.
        location: Location,
        /// True when it is a TMX.
        tmx: bool,
    },
    /// A corrections file made for other documents, or for these segmented another way.
    #[error(
        "{location}: made for another {side} document: it expects {expected} ({expected_sentences} sentences, \
         sha256 {expected_sha}…), this one has {sentences} sentences, sha256 {sha}…; align the files the \
         review page was made from, segmented the same way"
    )]
    CorrectionsMismatch {
        /// The corrections file.
        location: Location,
        /// Which document does not match.
        side: Side,
        /// The document's name the corrections were made for (`?` when unknown).
        expected: String,
        /// How many sentences that document had.
        expected_sentences: usize,
        /// The start of that document's sentence hash.
        expected_sha: String,
        /// How many sentences this document has.
        sentences: usize,
        /// The start of this document's sentence hash.
        sha: String,
    },
    /// A language tag given for one side of a pair is not a valid BCP 47 tag.
    #[error("{side} language tag: {message}")]
    LangTag {
        /// Which side's tag.
        side: Side,
        /// What is wrong with it.
        message: String,
    },
    /// An output cannot be written where it was asked (a folder, a missing folder, one of the
    /// inputs).
    #[error("{path}: {message}")]
    Output {
        /// The output asked for.
        path: PathBuf,
        /// Why it cannot be written there.
        message: String,
    },
    /// A stream record names a file (`zh_file`, `en_file`) where records must carry their texts.
    #[error("{location}: `{field}` is not read from a stream: records carry their texts in `zh` and `en`")]
    FileNotAllowed {
        /// The record.
        location: Location,
        /// The field that names a file.
        field: String,
    },
    /// Settings or arguments that do not make sense together.
    #[error("{0}")]
    Usage(String),
}

fn not_a_glossary(tmx: &bool) -> &'static str {
    if *tmx { "a TMX translation memory" } else { "XML but not TBX" }
}

/// Everything that can go wrong in hanalign: an [`ErrorKind`] in a box.
pub struct Error(Box<ErrorKind>);

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Error {
        ErrorKind::Io { path: path.as_ref().to_path_buf(), source }.into()
    }

    /// A parse error at `location`.
    pub fn parse(location: Location, message: impl Into<String>) -> Error {
        ErrorKind::Parse { location, message: message.into() }.into()
    }

    /// An output that cannot be written at `path`.
    pub fn output(path: impl AsRef<Path>, message: impl Into<String>) -> Error {
        ErrorKind::Output { path: path.as_ref().to_path_buf(), message: message.into() }.into()
    }

    /// Settings that do not make sense.
    pub fn usage(message: impl Into<String>) -> Error {
        ErrorKind::Usage(message.into()).into()
    }

    /// The name `Error::Usage(..)` had when `Error` was an enum, kept for branches written
    /// against it (same as [`Error::usage`]).
    #[doc(hidden)]
    #[allow(non_snake_case)]
    pub fn Usage(message: String) -> Error {
        Error::usage(message)
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// What went wrong, unboxed.
    pub fn into_kind(self) -> ErrorKind {
        *self.0
    }

    /// Where the problem is, when it is in an input.
    pub fn location(&self) -> Option<&Location> {
        match self.kind() {
            ErrorKind::Parse { location, .. }
            | ErrorKind::NotPlainText { location }
            | ErrorKind::NotAGlossary { location, .. }
            | ErrorKind::CorrectionsMismatch { location, .. }
            | ErrorKind::FileNotAllowed { location, .. } => Some(location),
            _ => None,
        }
    }

    /// True when this error is a closed pipe on output, which the CLI ends on quietly.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self.kind(), ErrorKind::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&*self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_is_one_pointer_and_says_where() {
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
        let e = Error::parse(Location::file("g.tsv").with_line(3), "no tab");
        assert_eq!(e.to_string(), "g.tsv:3: no tab");
        assert_eq!(e.location().and_then(|l| l.line), Some(3));
        assert!(matches!(e.kind(), ErrorKind::Parse { message, .. } if message == "no tab"));
    }

    #[test]
    fn io_errors_keep_their_source_and_broken_pipes_are_known() {
        let e = Error::io("out.tmx", std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(e.is_broken_pipe());
        assert!(std::error::Error::source(&e).is_some());
        assert!(e.to_string().starts_with("out.tmx: "));
    }
}
