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

/// One term (a word or phrase) in one language. Two terms are equal when they say the same
/// (text and attributes), wherever they were read ([`Term::line`] is not compared).
#[derive(Debug, Clone, Default, Serialize)]
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
    /// The line the term came from (its first row, its TBX term group), for messages; not part of
    /// what is written, like [`Entry::line`].
    #[serde(skip)]
    pub line: Option<u64>,
}

impl PartialEq for Term {
    fn eq(&self, o: &Term) -> bool {
        let Term { text, status, abbreviation, case_sensitive, script, pos, line: _ } = self;
        (text, status, abbreviation, case_sensitive, script, pos)
            == (&o.text, &o.status, &o.abbreviation, &o.case_sensitive, &o.script, &o.pos)
    }
}

impl Eq for Term {}

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

/// One row of a row-based file (TSV, CSV) as the file laid it out: which source and which target
/// term of its entry the row pairs (indices into [`Entry::src`] and [`Entry::tgt`]; `None` for a
/// one-sided CSV row) and the row's own comment. Kept so that writing a row format gives back the
/// rows that were read, each with its comment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct RowLayout {
    /// The source term of the row.
    pub src: Option<usize>,
    /// The target term of the row.
    pub tgt: Option<usize>,
    /// The row's comment.
    pub note: Option<String>,
}

/// One concept: its source terms (first is the main one) and target terms.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Entry {
    /// The concept id as the file gave it (TSV `id=…`, a CSV id column, a TBX entry's `id`).
    pub id: Option<String>,
    /// Source-language terms (Chinese by default).
    pub src: Vec<Term>,
    /// Target-language terms (English by default).
    pub tgt: Vec<Term>,
    /// A note on the whole concept (TBX entry-level notes). Row formats keep their comments per
    /// row, in [`Entry::rows`].
    pub note: Option<String>,
    /// The rows a row-based file gave this concept, in file order, each with its comment; empty
    /// for entries read from TBX or built in code (see [`Entry::layout`]).
    pub rows: Vec<RowLayout>,
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

    /// Every note of the entry: the concept note, then each row's comment, without repeats.
    pub fn notes(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        self.note
            .iter()
            .chain(self.rows.iter().filter_map(|r| r.note.as_ref()))
            .map(String::as_str)
            .filter(|n| seen.insert(*n))
            .collect()
    }

    /// The rows this entry is written as in a row-based format: the rows it was read with (those
    /// whose terms still exist), then one row for each term no row holds (source term i with target
    /// term i, the last one repeated when a side is shorter). The concept note goes to the first
    /// row's comment when that row has none.
    pub fn layout(&self) -> Vec<RowLayout> {
        let valid = |r: &RowLayout| {
            r.src.is_none_or(|i| i < self.src.len())
                && r.tgt.is_none_or(|i| i < self.tgt.len())
                && (r.src.is_some() || r.tgt.is_some())
        };
        let mut out: Vec<RowLayout> = self.rows.iter().filter(|r| valid(r)).cloned().collect();
        // Which terms some row holds (sets, so a concept of many terms stays linear).
        let mut src_held = vec![false; self.src.len()];
        let mut tgt_held = vec![false; self.tgt.len()];
        for r in &out {
            if let Some(i) = r.src {
                src_held[i] = true;
            }
            if let Some(i) = r.tgt {
                tgt_held[i] = true;
            }
        }
        let n = self.src.len().max(self.tgt.len());
        for i in 0..n {
            let s = (!self.src.is_empty()).then(|| i.min(self.src.len() - 1));
            let t = (!self.tgt.is_empty()).then(|| i.min(self.tgt.len() - 1));
            let new_src = i < self.src.len() && !src_held[i];
            let new_tgt = i < self.tgt.len() && !tgt_held[i];
            if new_src || new_tgt {
                if let Some(i) = s {
                    src_held[i] = true;
                }
                if let Some(i) = t {
                    tgt_held[i] = true;
                }
                out.push(RowLayout { src: s, tgt: t, note: None });
            }
        }
        if let Some(n) = &self.note {
            match out.first_mut() {
                Some(r) if r.note.is_none() => r.note = Some(n.clone()),
                Some(r) if r.note.as_deref() != Some(n.as_str()) => {
                    let row = r.note.take().unwrap_or_default();
                    r.note = Some(format!("{n}; {row}"));
                }
                _ => {}
            }
        }
        out
    }
}

/// A comment line of a glossary file (TSV `#` lines, and blank lines, which keep the layout).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Comment {
    /// The index of the entry it stands before (`entries.len()`: after the last one).
    pub before: usize,
    /// The line as written (with its `#`; empty for a blank line).
    pub text: String,
}

/// A glossary: entries in file order, and the file's comment lines.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Glossary {
    /// The entries.
    pub entries: Vec<Entry>,
    /// Comment lines (the description at the top of a TSV file, and any further down).
    pub comments: Vec<Comment>,
}

impl Glossary {
    /// A glossary of these entries, without comments.
    pub fn new(entries: Vec<Entry>) -> Glossary {
        Glossary { entries, comments: Vec::new() }
    }

    /// The comment lines before the first entry (the file's description).
    pub fn header(&self) -> impl Iterator<Item = &Comment> {
        self.comments.iter().filter(|c| c.before == 0)
    }

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
            for t in e.src.iter_mut().chain(e.tgt.iter_mut()) {
                t.line = None; // not compared, but cleared so that printed copies agree too
            }
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
