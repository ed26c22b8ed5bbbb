//! Glossaries (term bases): the model, the file formats, and finding terms in text.
//!
//! PLACEHOLDER: only OmegaT's tab-separated format is read, minimally, until the glossary issue lands.
//! The API here ([`load`], [`Glossary`], [`Matcher`]) is what the aligner uses.

pub mod matcher;
pub mod model;

pub use matcher::{Matcher, TermMatch};
pub use model::{Diagnostic, Entry, Glossary, Status, Term};

use std::path::Path;

use crate::error::{Location, Result};

/// Loads a glossary file. Bad lines do not stop the load: each is reported as a [`Diagnostic`]
/// (`path:line: why`) and the good lines are used.
pub fn load(path: &Path) -> Result<(Glossary, Vec<Diagnostic>)> {
    let text = crate::input::read_text(path)?;
    let mut glossary = Glossary::default();
    let mut diags = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u64 + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let src = cols.next().unwrap_or("").trim();
        let tgt = cols.next().unwrap_or("").trim();
        let note = cols.next().map(str::trim).filter(|s| !s.is_empty());
        if src.is_empty() || tgt.is_empty() {
            diags.push(Diagnostic {
                location: Location::file(path).with_line(line_no),
                message: "expected `source<TAB>target[<TAB>comment]` with both terms non-empty".into(),
            });
            continue;
        }
        glossary.entries.push(Entry {
            src: vec![Term::new(src)],
            tgt: vec![Term::new(tgt)],
            note: note.map(str::to_string),
            line: Some(line_no),
        });
    }
    Ok((glossary, diags))
}
