//! The glossary model: a glossary holds entries (concepts); an entry holds source and target terms.

use serde::Serialize;

use crate::error::Location;
use crate::script::Script;

/// How a term may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The term to use.
    #[default]
    Preferred,
    /// Acceptable.
    Admitted,
    /// Should no longer be used.
    Deprecated,
    /// Must not be used.
    Forbidden,
}

/// One term (a word or phrase) in one language.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Term {
    /// The term as written.
    pub text: String,
    /// How it may be used.
    pub status: Status,
    /// True for an abbreviation or acronym (MSL).
    pub abbreviation: bool,
    /// True when case must match exactly.
    pub case_sensitive: bool,
    /// The script it was written in, for Chinese terms.
    pub script: Option<Script>,
    /// Part of speech, free text (noun, verb…).
    pub pos: Option<String>,
}

impl Term {
    /// A preferred term with default attributes.
    pub fn new(text: impl Into<String>) -> Term {
        Term { text: text.into(), ..Term::default() }
    }
}

/// One concept: its source terms (first is the main one) and target terms.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Entry {
    /// Source-language terms (Chinese by default).
    pub src: Vec<Term>,
    /// Target-language terms (English by default).
    pub tgt: Vec<Term>,
    /// A note or comment.
    pub note: Option<String>,
    /// The line the entry came from, for messages.
    pub line: Option<u64>,
}

/// A glossary: entries in file order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Glossary {
    /// The entries.
    pub entries: Vec<Entry>,
}

/// A problem found while reading or linting a glossary: `path:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where.
    pub location: Location,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}
