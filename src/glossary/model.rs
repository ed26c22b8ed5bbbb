//! The glossary model: a glossary holds entries (concepts); an entry holds source and target terms,
//! each with its status, part of speech, case sensitivity, abbreviation flag and script.

use serde::Serialize;

use crate::error::Location;
use crate::script::{self, Script};

/// How a term may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
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

impl Status {
    /// The lower-case name used in our TSV and CSV files (`preferred`, `admitted`…).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Preferred => "preferred",
            Status::Admitted => "admitted",
            Status::Deprecated => "deprecated",
            Status::Forbidden => "forbidden",
        }
    }

    /// Reads a status name: ours (`preferred`, `admitted`, `deprecated`, `forbidden`), TBX
    /// administrative statuses (`preferredTerm-admn-sts`, `supersededTerm-admn-sts`…) and common
    /// synonyms from CAT tools (`approved`, `allowed`, `obsolete`, `do not use`). Case-insensitive.
    pub fn parse(s: &str) -> Option<Status> {
        let s = s.trim().to_ascii_lowercase();
        let s = s.strip_suffix("-admn-sts").unwrap_or(&s);
        let s = s.strip_suffix("term").unwrap_or(s);
        Some(match s {
            "preferred" | "standardized" | "approved" | "legal" | "regulated" | "" => Status::Preferred,
            "admitted" | "allowed" | "permitted" | "acceptable" => Status::Admitted,
            "deprecated" | "superseded" | "obsolete" | "notrecommended" | "not recommended" => {
                Status::Deprecated
            }
            "forbidden" | "do not use" | "donotuse" | "prohibited" => Status::Forbidden,
            _ => return None,
        })
    }

    /// True for terms a translation may use (preferred or admitted).
    pub fn is_allowed(self) -> bool {
        matches!(self, Status::Preferred | Status::Admitted)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
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
    /// The script it was written in, for terms with Chinese characters (set by the readers from
    /// the text itself, see [`Term::detect_script`]).
    pub script: Option<Script>,
    /// Part of speech, free text (noun, verb…).
    pub pos: Option<String>,
}

impl Term {
    /// A preferred term with default attributes.
    pub fn new(text: impl Into<String>) -> Term {
        Term { text: text.into(), ..Term::default() }
    }

    /// This term with another status.
    pub fn with_status(mut self, status: Status) -> Term {
        self.status = status;
        self
    }

    /// This term marked as an abbreviation or acronym.
    pub fn abbreviated(mut self) -> Term {
        self.abbreviation = true;
        self
    }

    /// This term marked as case-sensitive.
    pub fn cased(mut self) -> Term {
        self.case_sensitive = true;
        self
    }

    /// The script of `text`: `None` without Chinese characters, else what [`script::detect`] says.
    pub fn detect_script(text: &str) -> Option<Script> {
        text.chars().any(script::is_han).then(|| script::detect(text))
    }

    /// The form terms are compared in: [`script::normalize`] (Simplified, half-width, lower case)
    /// with runs of white space folded to one space.
    pub fn key(&self) -> String {
        key(&self.text)
    }
}

/// The comparison form of a term text (see [`Term::key`]).
pub fn key(text: &str) -> String {
    script::normalize(text).split_whitespace().collect::<Vec<_>>().join(" ")
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

impl Entry {
    /// An entry with one preferred source term and one preferred target term.
    pub fn new(src: impl Into<String>, tgt: impl Into<String>) -> Entry {
        Entry { src: vec![Term::new(src)], tgt: vec![Term::new(tgt)], ..Entry::default() }
    }

    /// The first source term's text, or `""`.
    pub fn main_src(&self) -> &str {
        self.src.first().map_or("", |t| t.text.as_str())
    }

    /// The first target term's text, or `""`.
    pub fn main_tgt(&self) -> &str {
        self.tgt.first().map_or("", |t| t.text.as_str())
    }
}

/// A glossary: entries in file order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Glossary {
    /// The entries.
    pub entries: Vec<Entry>,
}

impl Glossary {
    /// Sets every term's [`Term::script`] from its text. Readers call this, so a glossary
    /// read from any format carries the same scripts.
    pub fn detect_scripts(&mut self) {
        for e in &mut self.entries {
            for t in e.src.iter_mut().chain(e.tgt.iter_mut()) {
                t.script = Term::detect_script(&t.text);
            }
        }
    }

    /// A copy without line numbers (to compare glossaries read from different files).
    pub fn without_lines(&self) -> Glossary {
        let mut g = self.clone();
        for e in &mut g.entries {
            e.line = None;
        }
        g
    }
}

/// A problem found while reading or linting a glossary: `path:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where.
    pub location: Location,
    /// What is wrong.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at `location`.
    pub fn new(location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic { location, message: message.into() }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_statuses_from_every_format() {
        for (s, want) in [
            ("preferred", Status::Preferred),
            ("preferredTerm-admn-sts", Status::Preferred),
            ("Admitted", Status::Admitted),
            ("admittedTerm-admn-sts", Status::Admitted),
            ("supersededTerm-admn-sts", Status::Deprecated),
            ("deprecated", Status::Deprecated),
            ("FORBIDDEN", Status::Forbidden),
            ("do not use", Status::Forbidden),
        ] {
            assert_eq!(Status::parse(s), Some(want), "{s}");
        }
        assert_eq!(Status::parse("maybe"), None);
    }

    #[test]
    fn keys_fold_script_width_case_and_spaces() {
        assert_eq!(key("Meta超級智能實驗室"), key("meta超级智能实验室"));
        assert_eq!(key("  ＭＳＬ "), "msl");
        assert_eq!(key("Meta  Superintelligence\tLabs"), "meta superintelligence labs");
    }

    #[test]
    fn scripts_come_from_the_text() {
        assert_eq!(Term::detect_script("實驗室"), Some(Script::Traditional));
        assert_eq!(Term::detect_script("实验室"), Some(Script::Simplified));
        assert_eq!(Term::detect_script("MSL"), None);
    }
}
