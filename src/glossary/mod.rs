//! Glossaries (term bases): the model, the file formats, and finding terms in text.
//!
//! - [`model`]: [`Glossary`] → [`Entry`] (a concept) → [`Term`]s with status, abbreviation flag,
//!   case sensitivity, script and part of speech.
//! - Formats, all read and written: [`tsv`] (OmegaT, the canonical format), [`csv`] (with a
//!   header, Excel and memoQ style), [`tbx`] (TBX v2 `martif`, TBX v3 TBX-Core and TBX-Basic).
//! - [`matcher`]: finds terms in text (both Chinese scripts, word boundaries for Latin terms).
//!
//! [`load`] picks the format from the file name and content; [`write`](fn@write) writes any format and says
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
pub use model::{Comment, Diagnostic, Entry, Glossary, RowLayout, Status, Term};

use std::io::Write;
use std::path::Path;

use crate::error::{Error, ErrorKind, Location, Result};

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
///
/// A file that is plainly not a glossary (XML other than TBX, such as a TMX), or of which no line
/// could be read as an entry, is an error rather than one warning per line.
pub fn load(path: &Path) -> Result<(Glossary, Vec<Diagnostic>)> {
    let text = crate::input::read_text(path)?;
    let format = Format::detect(path, Some(&text));
    let head = text.trim_start_matches('\u{FEFF}').trim_start();
    if format.is_none_or(|f| !matches!(f, Format::Tbx2 | Format::TbxCore | Format::TbxBasic))
        && head.starts_with('<')
    {
        return Err(
            ErrorKind::NotAGlossary { location: Location::file(path), tmx: head.contains("<tmx") }.into()
        );
    }
    let (g, diags) = read_str(&text, format.unwrap_or(Format::Tsv), path)?;
    if g.entries.is_empty() && !diags.is_empty() {
        return Err(Error::parse(
            Location::file(path),
            format!(
                "no entry could be read ({} problem(s), the first: {}); is this a glossary (OmegaT \
                 TSV, CSV or TBX)?",
                diags.len(),
                diags[0]
            ),
        ));
    }
    Ok((g, diags))
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

/// Cleans one side's terms (white space, empty and repeated terms) and returns, for each old
/// index, the index the term now has (repeats map to the term they repeat).
fn clean_side(side: &mut Vec<Term>, drop: impl Fn(&Term) -> bool) -> (Vec<Option<usize>>, usize) {
    let mut map = Vec::with_capacity(side.len());
    let mut kept: Vec<Term> = Vec::with_capacity(side.len());
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut dropped = 0;
    for mut t in side.drain(..) {
        t.text = rows::clean_spaces(&t.text);
        t.script = Term::detect_script(&t.text);
        if t.text.is_empty() {
            map.push(None);
            continue;
        }
        if drop(&t) {
            dropped += 1;
            map.push(None);
            continue;
        }
        let i = *at.entry(t.text.clone()).or_insert_with(|| {
            kept.push(t);
            kept.len() - 1
        });
        map.push(Some(i));
    }
    *side = kept;
    (map, dropped)
}

/// How many rows hold each source term and each target term.
pub(crate) fn rows_per_term(rows: &[RowLayout], n_src: usize, n_tgt: usize) -> (Vec<usize>, Vec<usize>) {
    let (mut s, mut t) = (vec![0; n_src], vec![0; n_tgt]);
    for r in rows {
        if let Some(i) = r.src.filter(|&i| i < n_src) {
            s[i] += 1;
        }
        if let Some(i) = r.tgt.filter(|&i| i < n_tgt) {
            t[i] += 1;
        }
    }
    (s, t)
}

/// The rows an entry has when it holds no row layout of its own (source term i with target term i).
fn default_pairs(e: &Entry) -> Vec<(Option<usize>, Option<usize>)> {
    let bare = Entry { rows: Vec::new(), note: None, ..e.clone() };
    bare.layout().into_iter().map(|r| (r.src, r.tgt)).collect()
}

/// The part of `glossary` that `format` can hold, and a warning for each kind of loss.
/// Writing the result and reading it back gives the result again (up to line numbers).
/// Ids: kept as read; an entry of several rows (TSV, CSV) that has none gets `c<N>`, an id not used
/// elsewhere; in TBX v3, which needs one on every entry, `hanalign-<N>` (dropped again on reading);
/// an id on two entries is made unique, with a warning.
pub fn restrict(glossary: &Glossary, format: Format) -> (Glossary, Vec<String>) {
    let mut losses = Losses::default();
    let mut renamed: Vec<String> = Vec::new();
    let mut out = Glossary::default();
    let row_format = matches!(format, Format::Tsv | Format::Csv);
    // Old entry index -> new entry index (for comment positions).
    let mut new_index = Vec::with_capacity(glossary.entries.len() + 1);
    for (i, e) in glossary.entries.iter().enumerate() {
        new_index.push(out.entries.len());
        let mut e = e.clone();
        let ex = describe(&e, i);
        let hash = format == Format::Tsv;
        let (src_map, hashes) = clean_side(&mut e.src, |t| hash && t.text.starts_with('#'));
        let (tgt_map, _) = clean_side(&mut e.tgt, |_| false);
        if hashes > 0 {
            losses.add("source terms starting with `#` (read as comments)".into(), ex.clone());
        }
        let clean_note = |n: &Option<String>| n.as_deref().map(rows::clean_spaces).filter(|n| !n.is_empty());
        e.note = clean_note(&e.note);
        let mut lost_notes = Vec::new();
        let old_rows = std::mem::take(&mut e.rows);
        for r in old_rows {
            let note = clean_note(&r.note);
            let src = r.src.and_then(|j| src_map.get(j).copied().flatten());
            let tgt = r.tgt.and_then(|j| tgt_map.get(j).copied().flatten());
            if src.is_none() && tgt.is_none() {
                lost_notes.extend(note);
                continue;
            }
            e.rows.push(RowLayout { src, tgt, note });
        }
        for n in lost_notes {
            // The row's terms are gone (empty); its comment stays with the concept.
            e.note = Some(match e.note.take() {
                Some(old) if old != n => format!("{old}; {n}"),
                Some(old) => old,
                None => n,
            });
        }
        for t in e.src.iter_mut().chain(e.tgt.iter_mut()) {
            if let Some(p) = &t.pos {
                let c = if row_format { rows::clean_flag(p) } else { rows::clean_spaces(p) };
                t.pos = (!c.is_empty()).then_some(c);
            }
        }
        if e.src.is_empty() && e.tgt.is_empty() {
            losses.add("entries without terms".into(), ex);
            continue;
        }
        match format {
            Format::Tsv => {
                if e.src.is_empty() || e.tgt.is_empty() {
                    losses.add("entries with an empty side".into(), ex);
                    continue;
                }
                // A one-sided row (from CSV) pairs with the other side's first term.
                for r in &mut e.rows {
                    r.src = r.src.or(Some(0));
                    r.tgt = r.tgt.or(Some(0));
                }
            }
            Format::Csv => {}
            Format::Tbx2 | Format::TbxCore | Format::TbxBasic => {
                for t in e.src.iter_mut().chain(e.tgt.iter_mut()) {
                    if t.case_sensitive {
                        losses.add("case sensitivity".into(), ex.clone());
                        t.case_sensitive = false;
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
                }
                // TBX has no rows: a row's comment becomes the note of the term only that row
                // holds, which reads back as the same row. A layout TBX cannot express (rows
                // pairing terms in another order, or sharing both terms) joins the comments into
                // the concept note.
                if !e.rows.is_empty() {
                    let layout = Entry { note: None, ..e.clone() }.layout();
                    let pairs: Vec<_> = layout.iter().map(|r| (r.src, r.tgt)).collect();
                    let (src_rows, tgt_rows) = rows_per_term(&layout, e.src.len(), e.tgt.len());
                    let unique = |r: &RowLayout| {
                        r.src.is_some_and(|i| src_rows[i] == 1) || r.tgt.is_some_and(|i| tgt_rows[i] == 1)
                    };
                    let fits =
                        pairs == default_pairs(&e) && layout.iter().all(|r| r.note.is_none() || unique(r));
                    if fits {
                        e.rows = layout;
                    } else {
                        let notes: Vec<String> = e.notes().into_iter().map(str::to_string).collect();
                        if layout.iter().filter(|r| r.note.is_some()).count() > 0 {
                            losses.add(
                                "which source term a row pairs with which target term (the rows' \
                                 comments are joined into the concept note)"
                                    .into(),
                                ex.clone(),
                            );
                        }
                        e.note = (!notes.is_empty()).then(|| notes.join("; "));
                        e.rows.clear();
                    }
                }
            }
        }
        out.entries.push(e);
    }
    new_index.push(out.entries.len());
    // Ids: unique, and present wherever the format needs one.
    let mut taken: std::collections::HashSet<String> =
        out.entries.iter().filter_map(|e| e.id.as_deref()).map(rows::clean_flag).collect();
    let mut used = std::collections::HashSet::new();
    // Where each search for a free id resumes: every id below it is taken already, so a file with
    // one id on many entries, or many ids `cN` ahead of the entries that need one, stays linear.
    let mut next_suffix: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let (mut next_generated, mut next_c) = (0, 0);
    for (i, e) in out.entries.iter_mut().enumerate() {
        if let Some(id) = &e.id {
            let clean = rows::clean_flag(id);
            let id = if clean.is_empty() { None } else { Some(clean) };
            e.id = id;
        }
        if let Some(id) = e.id.clone()
            && !used.insert(id.clone())
        {
            let k = next_suffix.entry(id.clone()).or_insert(2);
            while taken.contains(&format!("{id}-{k}")) {
                *k += 1;
            }
            let new = format!("{id}-{k}");
            *k += 1;
            renamed.push(format!(
                "concept id `{id}` is on two entries; the one at {} is written as `{new}`",
                describe(e, i)
            ));
            taken.insert(new.clone());
            used.insert(new.clone());
            e.id = Some(new);
        }
        let needs = match format {
            Format::Tsv | Format::Csv => e.layout().len() > 1,
            Format::Tbx2 => false,
            Format::TbxCore | Format::TbxBasic => true,
        };
        if needs && e.id.is_none() && matches!(format, Format::TbxCore | Format::TbxBasic) {
            // TBX v3 needs an id on every entry; ours are marked so that reading drops them again.
            let mut n = next_generated.max(i + 1);
            while taken.contains(&format!("{}{n}", tbx::GENERATED_ID)) {
                n += 1;
            }
            next_generated = n + 1;
            let id = format!("{}{n}", tbx::GENERATED_ID);
            taken.insert(id.clone());
            e.id = Some(id);
        }
        if needs && e.id.is_none() {
            let mut n = next_c.max(i + 1);
            while taken.contains(&format!("c{n}")) {
                n += 1;
            }
            next_c = n + 1;
            let id = format!("c{n}");
            taken.insert(id.clone());
            used.insert(id.clone());
            e.id = Some(id);
        }
    }
    // Comment lines.
    for c in &glossary.comments {
        let before = new_index.get(c.before).copied().unwrap_or(out.entries.len());
        match format {
            Format::Tsv => {
                // A comment line must start with `#` (a TBX header's `<p>` may not).
                let text = if c.text.trim().is_empty() || c.text.starts_with('#') {
                    c.text.clone()
                } else {
                    format!("# {}", rows::clean_spaces(&c.text))
                };
                out.comments.push(Comment { before, text });
            }
            Format::Csv => {
                if !c.text.trim().is_empty() {
                    losses.add("comment lines".into(), format!("`{}`", c.text.trim()));
                }
            }
            _ => {
                let text = rows::clean_spaces(&c.text);
                if text.is_empty() {
                    continue;
                }
                if before > 0 {
                    losses.add(
                        "comment lines between entries (moved to the header)".into(),
                        format!("`{text}`"),
                    );
                }
                out.comments.push(Comment { before: 0, text });
            }
        }
    }
    let mut warnings = losses.finish(format);
    warnings.extend(renamed);
    (out, warnings)
}

/// Writes `glossary` to `path` in `format` through [`crate::atomic`]: the destination is complete
/// or untouched. Returns the warnings of [`write`](fn@write).
pub fn save(glossary: &Glossary, format: Format, path: &Path) -> Result<Vec<String>> {
    crate::atomic::write(path, |w| write(glossary, format, w).map_err(|e| Error::io(path, e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tmx_is_not_a_glossary() {
        let dir = tempfile::tempdir().unwrap();
        let (tmx, xml) = (dir.path().join("memory.tmx"), dir.path().join("page.txt"));
        std::fs::write(&tmx, "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><body/></tmx>\n").unwrap();
        std::fs::write(&xml, "<html><body/></html>\n").unwrap();
        let e = load(&tmx).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::NotAGlossary { tmx: true, .. }), "{e}");
        assert!(!e.to_string().contains("--"), "the library names no flag: {e}");
        assert!(matches!(load(&xml).unwrap_err().kind(), ErrorKind::NotAGlossary { tmx: false, .. }));
    }

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
            ..Glossary::default()
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
        let g = Glossary::new(vec![Entry::new("牛油果", "Avocado")]);
        save(&g, Format::Tsv, &p).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "牛油果\tAvocado\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// A concept id on many entries (a TBX export that gives every entry the same id): each is
    /// renamed once, `x`, `x-2`, `x-3` …, and the search for a free name resumes where the last
    /// one stopped (it restarted at `x-2` for every entry: 20,000 entries took 85 s).
    #[test]
    fn many_entries_sharing_one_id_are_renamed_in_linear_time() {
        let n = 20_000;
        let entries =
            (0..n).map(|i| Entry { id: Some("x".into()), ..Entry::new(format!("词{i}"), format!("w{i}")) });
        let mut out = Vec::new();
        let warnings = write(&Glossary::new(entries.collect()), Format::Tsv, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let ids: Vec<&str> = text.lines().map(|l| l.rsplit("id=").next().unwrap()).collect();
        let want: Vec<String> =
            std::iter::once("x".to_string()).chain((2..=n).map(|k| format!("x-{k}"))).collect();
        assert_eq!(ids, want);
        assert!(warnings.iter().any(|w| w.contains("concept id `x` is on two entries")), "{warnings:?}");
    }

    /// Entries that need an id (several rows) get `cN`, the first free from their position on;
    /// ids `cN` given by the file ahead of them are skipped once, not once per entry.
    #[test]
    fn generated_ids_skip_the_files_own_ids_in_linear_time() {
        let n = 20_000;
        let given = (0..n / 2)
            .map(|i| Entry { id: Some(format!("c{}", n / 2 + i + 1)), ..Entry::new(format!("甲{i}"), "a") });
        let synonyms = (0..n / 2).map(|i| {
            let mut e = Entry::new(format!("乙{i}"), "b");
            e.tgt.push(Term::new(format!("b{i}")));
            e
        });
        let g = Glossary::new(given.chain(synonyms).collect());
        let mut out = Vec::new();
        write(&g, Format::Tsv, &mut out).unwrap();
        let (back, diags) =
            read_str(&String::from_utf8(out).unwrap(), Format::Tsv, Path::new("g.tsv")).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(back.entries.len(), n, "every entry read back as one concept");
        let ids: std::collections::HashSet<_> = back.entries.iter().map(|e| e.id.clone().unwrap()).collect();
        assert_eq!(ids.len(), n, "ids are unique");
        assert_eq!(back.entries[n / 2].id.as_deref(), Some(format!("c{}", n + 1).as_str()));
        assert_eq!(back.entries[n - 1].tgt.len(), 2);
    }
}
