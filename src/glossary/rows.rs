//! Row-based formats (TSV, CSV) hold one source term and one target term per row. A concept with
//! synonyms or abbreviations becomes several rows sharing an `id`; reading groups them back.
//! Term attributes travel as a small flag list: `preferred|admitted|deprecated|forbidden`, `abbr`,
//! `case`, `pos:noun`, comma-separated (e.g. `abbr,case` or `forbidden,pos:noun`).

use std::collections::HashMap;

use super::model::{Entry, RowLayout, Status, Term};

/// One row: a term pair (either side may be missing in CSV), an optional concept id and a note.
#[derive(Debug, Clone, Default)]
pub(crate) struct Row {
    pub id: Option<String>,
    pub src: Option<Term>,
    pub tgt: Option<Term>,
    pub note: Option<String>,
    pub line: u64,
}

/// Groups rows into entries: rows with the same id form one concept (at the first row's place);
/// rows without an id are one entry each. Terms repeated across rows are kept once; each row is
/// remembered (which terms it paired, its comment) in [`Entry::rows`], so writing gives it back.
pub(crate) fn group(rows: Vec<Row>) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    // (entry, is source side, term text) -> index of the term in its side: linear in the rows
    // however many terms one concept gathers.
    let mut terms: HashMap<(usize, bool, String), usize> = HashMap::new();
    for r in rows {
        let idx = match r.id.as_deref().filter(|s| !s.is_empty()) {
            Some(id) => *by_id.entry(id.to_string()).or_insert_with(|| {
                out.push(Entry { id: Some(id.to_string()), line: Some(r.line), ..Entry::default() });
                out.len() - 1
            }),
            None => {
                out.push(Entry { line: Some(r.line), ..Entry::default() });
                out.len() - 1
            }
        };
        let e = &mut out[idx];
        let mut place = |side: &mut Vec<Term>, is_src: bool, t: Option<Term>| {
            t.map(|mut t| {
                t.line = Some(r.line);
                *terms.entry((idx, is_src, t.text.clone())).or_insert_with(|| {
                    side.push(t);
                    side.len() - 1
                })
            })
        };
        let s = place(&mut e.src, true, r.src);
        let t = place(&mut e.tgt, false, r.tgt);
        e.rows.push(RowLayout { src: s, tgt: t, note: r.note });
    }
    out
}

/// Splits an entry into rows for writing: [`Entry::layout`], each row with the entry's id (which
/// [`super::restrict`] has set for every entry of more than one row).
pub(crate) fn flatten(e: &Entry) -> Vec<Row> {
    e.layout()
        .into_iter()
        .map(|l| Row {
            id: e.id.clone(),
            src: l.src.map(|i| e.src[i].clone()),
            tgt: l.tgt.map(|i| e.tgt[i].clone()),
            note: l.note,
            line: 0,
        })
        .collect()
}

/// The lines of `text`, each with its 1-based number, whatever the line endings: LF, CRLF or a
/// lone CR (old Mac files, some exports), which `str::lines` would not split.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = (u64, &str)> {
    let mut rest = text;
    let mut n = 0u64;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        n += 1;
        let (line, next) = match memchr::memchr2(b'\n', b'\r', rest.as_bytes()) {
            Some(i) if rest.as_bytes()[i] == b'\r' && rest.as_bytes().get(i + 1) == Some(&b'\n') => {
                (&rest[..i], &rest[i + 2..])
            }
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        rest = next;
        Some((n, line))
    })
}

/// The line ending `text` uses most: `\r\n`, `\r` or `\n`.
pub(crate) fn newline(text: &str) -> &'static str {
    let crlf = text.matches("\r\n").count();
    let cr = text.matches('\r').count() - crlf;
    let lf = text.matches('\n').count() - crlf;
    if crlf >= cr.max(lf) && crlf > 0 {
        "\r\n"
    } else if cr > lf {
        "\r"
    } else {
        "\n"
    }
}

/// The flag list of a term (`""` for a plain preferred term).
pub(crate) fn flags(t: &Term) -> String {
    let mut f: Vec<String> = Vec::new();
    if t.status != Status::Preferred {
        f.push(t.status.as_str().to_string());
    }
    if t.abbreviation {
        f.push("abbr".into());
    }
    if t.case_sensitive {
        f.push("case".into());
    }
    if let Some(p) = &t.pos {
        f.push(format!("pos:{}", clean_flag(p)));
    }
    f.join(",")
}

/// A flag value without the separators of the flag syntax.
pub(crate) fn clean_flag(s: &str) -> String {
    s.chars()
        .map(|c| if matches!(c, ',' | ';' | '=' | '\t' | '\n' | '\r') { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Applies a flag list to a term; returns the flags it did not understand.
pub(crate) fn apply_flags(t: &mut Term, flags: &str) -> Vec<String> {
    let mut unknown = Vec::new();
    for f in flags.split(',').map(str::trim).filter(|f| !f.is_empty()) {
        let lower = f.to_ascii_lowercase();
        if let Some(p) = f.strip_prefix("pos:").or_else(|| f.strip_prefix("pos=")) {
            t.pos = Some(p.trim().to_string()).filter(|p| !p.is_empty());
        } else if matches!(lower.as_str(), "abbr" | "abbreviation" | "acronym") {
            t.abbreviation = true;
        } else if matches!(lower.as_str(), "case" | "case-sensitive" | "cs") {
            t.case_sensitive = true;
        } else if let Some(s) = Status::parse(f) {
            t.status = s;
        } else {
            unknown.push(f.to_string());
        }
    }
    unknown
}

/// Trims a field and reports white-space problems in it: stray leading/trailing spaces,
/// full-width or no-break spaces, runs of spaces, zero-width characters.
pub(crate) fn check_spaces(field: &str) -> Option<String> {
    let mut why = Vec::new();
    if field.trim() != field {
        why.push("leading or trailing space");
    }
    if field.contains('\u{3000}') {
        why.push("full-width space (U+3000)");
    }
    if field.contains(['\u{A0}', '\u{202F}']) {
        why.push("no-break space");
    }
    if field.contains(['\u{200B}', '\u{200C}', '\u{200D}', '\u{FEFF}']) {
        why.push("zero-width character");
    }
    let t = field.trim();
    if t.contains("  ") || t.contains(['\t', '\n', '\r']) {
        why.push("several spaces in a row");
    }
    (!why.is_empty()).then(|| why.join(", "))
}

/// A field with its white space cleaned: zero-width characters removed, every run of white space
/// (full-width and no-break included) folded to one space, ends trimmed.
pub(crate) fn clean_spaces(field: &str) -> String {
    field
        .chars()
        .filter(|c| !matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words that label columns rather than name terms (to spot a header row read as a term).
pub(crate) fn is_header_word(cell: &str) -> bool {
    let c = cell.trim().trim_start_matches('#').trim().to_lowercase();
    let c = c.trim_end_matches(':');
    matches!(
        c,
        "source"
            | "target"
            | "src"
            | "tgt"
            | "term"
            | "terms"
            | "source term"
            | "target term"
            | "source language"
            | "target language"
            | "translation"
            | "comment"
            | "comments"
            | "note"
            | "notes"
            | "zh"
            | "en"
            | "zh-tw"
            | "zh-cn"
            | "zh-hant"
            | "zh-hans"
            | "en-us"
            | "en-gb"
            | "chinese"
            | "english"
            | "中文"
            | "英文"
            | "原文"
            | "譯文"
            | "译文"
            | "術語"
            | "术语"
            | "源語"
            | "源语"
            | "目標語"
            | "目标语"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flatten_then_group_keeps_synonyms_and_attributes() {
        let e = Entry {
            src: vec![Term::new("Meta超級智能實驗室"), Term::new("MSL").abbreviated().cased()],
            tgt: vec![
                Term::new("Meta Superintelligence Labs"),
                Term::new("MSL").abbreviated(),
                Term::new("Meta AI Labs").with_status(Status::Forbidden),
            ],
            note: Some("Meta's lab".into()),
            id: Some("c5".into()),
            ..Entry::default()
        };
        let rows = flatten(&e);
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|r| r.id.as_deref() == Some("c5")));
        let mut back = group(rows);
        back[0].line = None;
        // The concept note became the first row's comment; terms and id are as they were.
        assert_eq!((&back[0].src, &back[0].tgt, &back[0].id), (&e.src, &e.tgt, &e.id));
        assert_eq!(back[0].notes(), vec!["Meta's lab"]);
        // A second trip changes nothing.
        let again = group(flatten(&back[0]));
        assert_eq!(again[0].rows, back[0].rows);
    }

    #[test]
    fn lines_split_on_lf_crlf_and_lone_cr() {
        let got: Vec<_> = lines("a\tb\rc\td\r\ne\tf\ng").collect();
        assert_eq!(got, vec![(1, "a\tb"), (2, "c\td"), (3, "e\tf"), (4, "g")]);
        assert_eq!(newline("a\rb\rc"), "\r");
        assert_eq!(newline("a\r\nb\r\n"), "\r\n");
        assert_eq!(newline("a\nb"), "\n");
    }

    #[test]
    fn flags_round_trip() {
        let t =
            Term { pos: Some("noun".into()), ..Term::new("x").with_status(Status::Deprecated).abbreviated() };
        let mut u = Term::new("x");
        assert!(apply_flags(&mut u, &flags(&t)).is_empty());
        assert_eq!(u, t);
        assert_eq!(apply_flags(&mut u, "shiny"), vec!["shiny".to_string()]);
    }

    #[test]
    fn spaces_are_reported_and_cleaned() {
        assert_eq!(check_spaces("Meta"), None);
        assert!(check_spaces(" Meta").is_some());
        assert!(check_spaces("牛油\u{3000}果").unwrap().contains("full-width"));
        assert_eq!(
            clean_spaces("\u{3000}Meta  Superintelligence\u{A0}Labs\u{200B} "),
            "Meta Superintelligence Labs"
        );
    }
}
