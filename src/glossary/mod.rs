//! Glossaries (term bases): the model, the file formats, and finding terms in text.
//!
//! - [`model`]: [`Glossary`] → [`Entry`] (a concept) → [`Term`]s with status, abbreviation flag,
//!   case sensitivity, script and part of speech.
//! - Formats, all read and written: [`tsv`] (OmegaT, the canonical format), [`csv`] (with a
//!   header, Excel and memoQ style), [`tbx`] (TBX v2 `martif`, TBX v3 TBX-Core and TBX-Basic).
//! - [`matcher`]: finds terms in text (both Chinese scripts, word boundaries for Latin terms).
//!
//! [`load`] picks the format from the file name and content; [`write`] writes any format and says
//! what the format could not hold.

pub mod check;
pub mod csv;
pub mod extract;
pub mod lint;
pub mod matcher;
pub mod merge;
pub mod model;
mod rows;
pub mod tbx;
pub mod tsv;

pub use matcher::{Matcher, TermHit, TermMatch};
pub use model::{Diagnostic, Entry, Glossary, Status, Term};

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// The glossary file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// OmegaT tab-separated text (`.txt`, `.tsv`, `.utf8`, `.tab`).
    Tsv,
    /// CSV with a header row (`.csv`).
    Csv,
    /// TBX v2, `martif` (`.tbx`; what OmegaT 3.6 and translate-toolkit read).
    Tbx2,
    /// TBX v3, TBX-Core dialect.
    TbxCore,
    /// TBX v3, TBX-Basic dialect.
    TbxBasic,
}

impl Format {
    /// Every format, for listings and tests.
    pub const ALL: [Format; 5] = [Format::Tsv, Format::Csv, Format::Tbx2, Format::TbxCore, Format::TbxBasic];

    /// The format's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Tsv => "tsv",
            Format::Csv => "csv",
            Format::Tbx2 => "tbx",
            Format::TbxCore => "tbx-core",
            Format::TbxBasic => "tbx-basic",
        }
    }

    /// The format for a command-line name (`tsv`, `csv`, `tbx`, `tbx2`, `tbx-core`, `tbx-basic`).
    pub fn from_name(name: &str) -> Option<Format> {
        let n = name.to_ascii_lowercase();
        match n.as_str() {
            "tbx2" | "tbx-v2" | "martif" => Some(Format::Tbx2),
            "omegat" | "txt" | "utf8" => Some(Format::Tsv),
            _ => Format::ALL.into_iter().find(|f| f.name() == n),
        }
    }

    /// Guesses the format from a file name and (when given) the start of its content. For output
    /// files (no content), `.tbx` means TBX v2, the version most CAT tools read.
    pub fn detect(path: &Path, content: Option<&str>) -> Option<Format> {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let sniffed = content.and_then(tbx::sniff).map(|d| match d {
            tbx::Dialect::V2 => Format::Tbx2,
            tbx::Dialect::Core => Format::TbxCore,
            tbx::Dialect::Basic => Format::TbxBasic,
        });
        match ext.as_deref() {
            Some("txt" | "tsv" | "utf8" | "tab") => return Some(Format::Tsv),
            Some("csv") => return Some(Format::Csv),
            Some("tbx" | "xml" | "mtf") => return sniffed.or(Some(Format::Tbx2)),
            _ => {}
        }
        if sniffed.is_some() {
            return sniffed;
        }
        let head = content?.trim_start_matches('\u{FEFF}').trim_start();
        let first = head.lines().find(|l| !l.starts_with('#')).unwrap_or("");
        if first.contains('\t') {
            Some(Format::Tsv)
        } else if first.contains(',') || first.contains(';') {
            Some(Format::Csv)
        } else {
            None
        }
    }
}

/// Loads a glossary file, choosing the format by extension and content. Bad lines do not stop
/// the load: each is reported as a [`Diagnostic`] (`path:line: why`) and the good lines are used.
pub fn load(path: &Path) -> Result<(Glossary, Vec<Diagnostic>)> {
    let text = crate::input::read_text(path)?;
    let format = Format::detect(path, Some(&text)).unwrap_or(Format::Tsv);
    read_str(&text, format, path)
}

/// Reads glossary text in a known format; `path` names it in messages.
pub fn read_str(text: &str, format: Format, path: &Path) -> Result<(Glossary, Vec<Diagnostic>)> {
    match format {
        Format::Tsv => Ok(tsv::read(text, path)),
        Format::Csv => csv::read(text, path),
        Format::Tbx2 | Format::TbxCore | Format::TbxBasic => tbx::read(text, path),
    }
}

/// Writes `glossary` in `format`. Returns warnings for what the format cannot hold (those parts
/// are left out, see [`restrict`]).
pub fn write(glossary: &Glossary, format: Format, w: &mut dyn Write) -> std::io::Result<Vec<String>> {
    let (g, warnings) = restrict(glossary, format);
    match format {
        Format::Tsv => tsv::write(&g, w)?,
        Format::Csv => csv::write(&g, w)?,
        Format::Tbx2 => tbx::write(&g, tbx::Dialect::V2, w)?,
        Format::TbxCore => tbx::write(&g, tbx::Dialect::Core, w)?,
        Format::TbxBasic => tbx::write(&g, tbx::Dialect::Basic, w)?,
    }
    Ok(warnings)
}

/// Tallies what a format cannot hold: one warning per kind of loss, with a count and an example.
#[derive(Default)]
struct Losses {
    kinds: Vec<(String, usize, String)>,
}

impl Losses {
    fn add(&mut self, what: String, example: String) {
        match self.kinds.iter_mut().find(|k| k.0 == what) {
            Some(k) => k.1 += 1,
            None => self.kinds.push((what, 1, example)),
        }
    }

    fn finish(self, format: Format) -> Vec<String> {
        self.kinds
            .into_iter()
            .map(|(what, n, ex)| format!("{} cannot hold {what}: {n}× (first: {ex})", format.name()))
            .collect()
    }
}

fn describe(e: &Entry, i: usize) -> String {
    let at = e.line.map_or(format!("entry {}", i + 1), |l| format!("line {l}"));
    format!("{at}, `{}` / `{}`", e.main_src(), e.main_tgt())
}

/// The part of `glossary` that `format` can hold, and a warning for each kind of loss.
/// Writing the result and reading it back gives the result again (up to line numbers).
pub fn restrict(glossary: &Glossary, format: Format) -> (Glossary, Vec<String>) {
    let mut losses = Losses::default();
    let mut out = Glossary::default();
    for (i, e) in glossary.entries.iter().enumerate() {
        let mut e = e.clone();
        for t in e.src.iter_mut().chain(e.tgt.iter_mut()) {
            t.text = rows::clean_spaces(&t.text);
            t.script = Term::detect_script(&t.text);
        }
        for side in [&mut e.src, &mut e.tgt] {
            let mut seen = std::collections::HashSet::new();
            side.retain(|t| !t.text.is_empty() && seen.insert(t.text.clone()));
        }
        e.note = e.note.as_deref().map(rows::clean_spaces).filter(|n| !n.is_empty());
        match format {
            Format::Tsv => {
                let before = e.src.len();
                e.src.retain(|t| !t.text.starts_with('#'));
                if e.src.len() < before {
                    losses.add("source terms starting with `#` (read as comments)".into(), describe(&e, i));
                }
                if e.src.is_empty() || e.tgt.is_empty() {
                    losses.add("entries with an empty side".into(), describe(&e, i));
                    continue;
                }
                for t in e.src.iter_mut().chain(e.tgt.iter_mut()) {
                    if let Some(p) = &t.pos {
                        let c = rows::clean_flag(p);
                        t.pos = (!c.is_empty()).then_some(c);
                    }
                }
            }
            Format::Csv => {
                if e.src.is_empty() && e.tgt.is_empty() {
                    losses.add("entries without terms".into(), describe(&e, i));
                    continue;
                }
                for t in e.src.iter_mut().chain(e.tgt.iter_mut()) {
                    if let Some(p) = &t.pos {
                        let c = rows::clean_flag(p);
                        t.pos = (!c.is_empty()).then_some(c);
                    }
                }
            }
            Format::Tbx2 | Format::TbxCore | Format::TbxBasic => {
                if e.src.is_empty() && e.tgt.is_empty() {
                    losses.add("entries without terms".into(), describe(&e, i));
                    continue;
                }
                let ex = describe(&e, i);
                for t in e.src.iter_mut().chain(e.tgt.iter_mut()) {
                    if t.case_sensitive {
                        losses.add("case sensitivity".into(), ex.clone());
                        t.case_sensitive = false;
                    }
                    if let Some(p) = t.pos.as_mut() {
                        *p = rows::clean_spaces(p);
                    }
                    if format == Format::TbxCore {
                        if t.status != Status::Preferred {
                            losses.add("term status".into(), ex.clone());
                            t.status = Status::Preferred;
                        }
                        if t.abbreviation {
                            losses.add("abbreviation marks".into(), ex.clone());
                            t.abbreviation = false;
                        }
                        if t.pos.take().is_some() {
                            losses.add("part of speech".into(), ex.clone());
                        }
                        continue;
                    }
                    if t.status == Status::Forbidden {
                        losses.add("the status forbidden (written as deprecated)".into(), ex.clone());
                        t.status = Status::Deprecated;
                    }
                    if format == Format::TbxBasic
                        && let Some(p) = &t.pos
                    {
                        let l = p.to_ascii_lowercase();
                        if matches!(l.as_str(), "noun" | "verb" | "adjective" | "adverb" | "other") {
                            t.pos = Some(l);
                        } else {
                            losses.add(
                                "parts of speech other than noun, verb, adjective, adverb, other".into(),
                                ex.clone(),
                            );
                            t.pos = None;
                        }
                    }
                    if t.pos.as_deref() == Some("") {
                        t.pos = None;
                    }
                }
            }
        }
        out.entries.push(e);
    }
    (out, losses.finish(format))
}

/// Writes `glossary` to `path` in `format` (temporary file + rename: the destination is complete
/// or untouched). Returns the warnings of [`write`].
pub fn save(glossary: &Glossary, format: Format, path: &Path) -> Result<Vec<String>> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        // A device or named pipe (/dev/null, /dev/stdout): renaming over it would replace it.
        let file = std::fs::OpenOptions::new().write(true).open(path).map_err(|e| Error::io(path, e))?;
        let mut w = std::io::BufWriter::new(file);
        let warnings = write(glossary, format, &mut w).map_err(|e| Error::io(path, e))?;
        w.flush().map_err(|e| Error::io(path, e))?;
        return Ok(warnings);
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp =
        tempfile::Builder::new().prefix(".hanalign-").tempfile_in(dir).map_err(|e| Error::io(path, e))?;
    let warnings = {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        let warnings = write(glossary, format, &mut w).map_err(|e| Error::io(path, e))?;
        w.flush().map_err(|e| Error::io(path, e))?;
        warnings
    };
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats_by_name_and_content() {
        assert_eq!(Format::detect(Path::new("g.txt"), None), Some(Format::Tsv));
        assert_eq!(Format::detect(Path::new("g.utf8"), None), Some(Format::Tsv));
        assert_eq!(Format::detect(Path::new("g"), Some("a\tb\n")), Some(Format::Tsv));
        assert_eq!(Format::detect(Path::new("g.csv"), None), Some(Format::Csv));
        assert_eq!(Format::detect(Path::new("g"), Some("zh,en\n")), Some(Format::Csv));
        assert_eq!(Format::detect(Path::new("g.tbx"), None), Some(Format::Tbx2));
        let v3 = r#"<?xml version="1.0"?><tbx type="TBX-Core" style="dca">"#;
        assert_eq!(Format::detect(Path::new("g.tbx"), Some(v3)), Some(Format::TbxCore));
        assert_eq!(Format::detect(Path::new("g.xml"), Some("<martif>")), Some(Format::Tbx2));
        assert_eq!(Format::detect(Path::new("g"), Some("<tbx type=\"TBX-Basic\">")), Some(Format::TbxBasic));
    }

    #[test]
    fn load_reports_bad_lines_with_path_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("g.tsv");
        std::fs::write(&p, "牛油果\tAvocado\nbroken\nMeta\tMeta\n").unwrap();
        let (g, d) = load(&p).unwrap();
        assert_eq!(g.entries.len(), 2);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].to_string(),
            format!("{}:2: no tab: expected `source<TAB>target[<TAB>comment]`; line skipped", p.display())
        );
    }

    #[test]
    fn tsv_restriction_drops_and_reports_what_it_cannot_hold() {
        let g = Glossary {
            entries: vec![
                Entry { tgt: vec![], ..Entry::new("牛油果", "") },
                Entry::new("#tag", "hashtag"),
                Entry::new("Meta", "Meta"),
            ],
        };
        let (r, w) = restrict(&g, Format::Tsv);
        assert_eq!(r.entries.len(), 1);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].contains("empty side: 2×"), "{w:?}");
    }

    #[test]
    fn save_is_atomic_and_complete() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.tsv");
        let g = Glossary { entries: vec![Entry::new("牛油果", "Avocado")] };
        save(&g, Format::Tsv, &p).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "牛油果\tAvocado\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
