//! CSV glossaries with a header row, as Excel and memoQ write them.
//!
//! Columns are found by their header, case-insensitively: the source term (`zh`, `zh-TW`,
//! `Chinese`, `中文`, `source`, `source term`…), the target term (`en`, `English`, `英文`, `target`…),
//! a note (`note`, `comment`, `definition`, memoQ's `English_Def`, `Entry_Note`…), a concept id
//! (`id`, memoQ's `Entry_ID`: rows with the same id form one concept), term flags (`zh_flags`,
//! `en_flags`: `deprecated,abbr,case,pos:noun`), statuses (`zh_status`, `en_status`) and part of
//! speech (`pos`). Other columns are ignored. Comma- or semicolon-separated (Excel in many
//! locales writes `;`). Written with a UTF-8 BOM so Excel opens it as UTF-8.

use std::io::{self, Write};
use std::path::Path;

use super::model::{Diagnostic, Glossary, Term};
use super::rows::{self, Row};
use crate::error::{Error, Location, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Src,
    Tgt,
    Both,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Term(Side),
    Flags(Side),
    Status(Side),
    Pos(Side),
    Note,
    Id,
    Ignored,
}

fn side_of(lang: &str) -> Option<Side> {
    let mut l = lang.trim();
    // "Chinese (Taiwan)", "zh-TW", "zh_Hant" name one language; "Chinese status" does not.
    if let Some(i) = l.find('(')
        && l.ends_with(')')
    {
        l = l[..i].trim();
    }
    let base = l.split(['-']).next().unwrap_or(l);
    if base.contains(' ') && !matches!(base, "source term" | "target term") {
        return None;
    }
    match base {
        "zh" | "zho" | "chi" | "cmn" | "chinese" | "中文" | "source" | "src" | "原文" | "源語" | "源语" => {
            Some(Side::Src)
        }
        "en" | "eng" | "english" | "英文" | "target" | "tgt" | "譯文" | "译文" | "目標語" | "目标语" => {
            Some(Side::Tgt)
        }
        _ => None,
    }
}

/// What a header cell names.
fn role(header: &str) -> Role {
    let h = header.trim().trim_start_matches('\u{FEFF}').to_lowercase().replace(['_'], " ");
    let h = h.trim();
    match h {
        "id" | "entry id" | "concept id" | "conceptid" | "entryid" => return Role::Id,
        "note" | "notes" | "comment" | "comments" | "definition" | "description" | "remark" | "remarks"
        | "entry note" | "備註" | "备注" | "註釋" | "注释" => return Role::Note,
        "pos" | "part of speech" | "partofspeech" => return Role::Pos(Side::Both),
        "source term" | "term (source)" => return Role::Term(Side::Src),
        "target term" | "term (target)" | "translation" => return Role::Term(Side::Tgt),
        _ => {}
    }
    if let Some(s) = side_of(h) {
        return Role::Term(s);
    }
    // `<lang> <suffix>`: zh_status, English_Def, en flags…
    if let Some((lang, suffix)) = h.rsplit_once(' ')
        && let Some(s) = side_of(lang)
    {
        return match suffix {
            "term" | "tw" | "cn" | "hk" | "sg" | "mo" | "hant" | "hans" | "us" | "gb" | "au" => Role::Term(s),
            "flags" => Role::Flags(s),
            "status" | "usage" => Role::Status(s),
            "pos" => Role::Pos(s),
            "def" | "definition" | "note" | "notes" | "comment" => Role::Note,
            _ => Role::Ignored,
        };
    }
    Role::Ignored
}

fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' }
}

/// The line where a quoted field opens without closing before the end of the text, if any.
fn unterminated_quote(text: &str, delim: u8) -> Option<u64> {
    let b = text.as_bytes();
    let (mut line, mut i, mut at_field_start) = (1u64, 0usize, true);
    while i < b.len() {
        match b[i] {
            b'"' if at_field_start => {
                let opened = line;
                i += 1;
                loop {
                    match b.get(i) {
                        None => return Some(opened),
                        Some(b'"') if b.get(i + 1) == Some(&b'"') => i += 2,
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(b'\n') => {
                            line += 1;
                            i += 1;
                        }
                        Some(_) => i += 1,
                    }
                }
                at_field_start = false;
                continue;
            }
            b'\n' => {
                line += 1;
                at_field_start = true;
            }
            b'\r' => at_field_start = true,
            c if c == delim => at_field_start = true,
            _ => at_field_start = false,
        }
        i += 1;
    }
    None
}

/// Reads CSV text. A file without a recognisable header is read as `source,target[,note]` with a
/// warning; bad rows are reported and skipped.
pub fn read(text: &str, path: &Path) -> Result<(Glossary, Vec<Diagnostic>)> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if let Some(line) = unterminated_quote(text, delimiter(text)) {
        return Err(Error::parse(
            Location::file(path).with_line(line),
            "a quoted field opens here and never closes (a `\"` is missing); the rest of the file \
             would be read as one term",
        ));
    }
    let mut diags = Vec::new();
    let mut rdr = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut records = rdr.records();
    let csv_err = |e: ::csv::Error| {
        let line = e.position().map(|p| p.line()).unwrap_or(0);
        Error::parse(Location::file(path).with_line(line), format!("CSV error: {e}"))
    };
    let mut roles: Vec<Role> = Vec::new();
    let mut pending_first: Option<::csv::StringRecord> = None;
    if let Some(first) = records.next() {
        let first = first.map_err(csv_err)?;
        roles = first.iter().map(role).collect();
        let has = |r: fn(&Role) -> bool| roles.iter().any(r);
        if !(has(|r| matches!(r, Role::Term(Side::Src))) && has(|r| matches!(r, Role::Term(Side::Tgt)))) {
            diags.push(Diagnostic::new(
                Location::file(path).with_line(1),
                "no header row naming the source and target columns (e.g. `zh,en,note`); \
                 reading the columns as source, target, note",
            ));
            roles = vec![Role::Term(Side::Src), Role::Term(Side::Tgt), Role::Note];
            pending_first = Some(first);
        }
    }
    let mut out_rows = Vec::new();
    let mut push = |rec: &::csv::StringRecord, diags: &mut Vec<Diagnostic>| {
        let line = rec.position().map_or(0, |p| p.line());
        let at = || Location::file(path).with_line(line);
        let mut row = Row { line, ..Row::default() };
        let (mut src, mut tgt) = (Term::default(), Term::default());
        let mut notes = Vec::new();
        let mut problems = Vec::new();
        for (cell, role) in rec.iter().zip(roles.iter()) {
            let cell = crate::escape::csv_uncell(cell);
            match role {
                Role::Term(s) | Role::Flags(s) | Role::Status(s) | Role::Pos(s) => {
                    let t = match s {
                        Side::Src => &mut src,
                        _ => &mut tgt,
                    };
                    match role {
                        Role::Term(_) => {
                            if let Some(why) = rows::check_spaces(cell) {
                                problems.push(format!("{why} in the term `{cell}`"));
                            }
                            t.text = rows::clean_spaces(cell);
                        }
                        Role::Flags(_) => {
                            for f in rows::apply_flags(t, cell) {
                                problems.push(format!("unknown term flag `{f}`"));
                            }
                        }
                        Role::Status(_) if !cell.trim().is_empty() => match super::Status::parse(cell) {
                            Some(st) => t.status = st,
                            None => problems.push(format!("unknown status `{cell}`")),
                        },
                        Role::Pos(Side::Both) if !cell.trim().is_empty() => {
                            src.pos = Some(cell.trim().to_string());
                            tgt.pos = Some(cell.trim().to_string());
                        }
                        Role::Pos(_) if !cell.trim().is_empty() => t.pos = Some(cell.trim().to_string()),
                        _ => {}
                    }
                }
                Role::Note => {
                    let n = rows::clean_spaces(cell);
                    if !n.is_empty() {
                        notes.push(n);
                    }
                }
                Role::Id => row.id = Some(cell.trim().to_string()).filter(|s| !s.is_empty()),
                Role::Ignored => {}
            }
        }
        if src.text.is_empty() && tgt.text.is_empty() {
            if rec.iter().any(|c| !c.trim().is_empty()) {
                diags.push(Diagnostic::new(at(), "row without terms; skipped"));
            }
            return;
        }
        if rows::is_header_word(&src.text) && rows::is_header_word(&tgt.text) {
            diags.push(Diagnostic::new(
                at(),
                format!("header row read as a term (`{}` / `{}`); skipped", src.text, tgt.text),
            ));
            return;
        }
        for p in problems {
            diags.push(Diagnostic::new(at(), p));
        }
        row.note = (!notes.is_empty()).then(|| notes.join("; "));
        row.src = (!src.text.is_empty()).then_some(src);
        row.tgt = (!tgt.text.is_empty()).then_some(tgt);
        out_rows.push(row);
    };
    if let Some(first) = pending_first {
        push(&first, &mut diags);
    }
    for rec in records {
        match rec {
            Ok(rec) => push(&rec, &mut diags),
            Err(e) => return Err(csv_err(e)),
        }
    }
    let mut g = Glossary::new(rows::group(out_rows));
    g.detect_scripts();
    Ok((g, diags))
}

/// Writes a glossary as CSV: `id,zh,en,note,zh_flags,en_flags`, one row per term pair.
pub(crate) fn write(g: &Glossary, w: &mut dyn Write) -> io::Result<()> {
    w.write_all("\u{FEFF}".as_bytes())?;
    let mut wr = ::csv::Writer::from_writer(w);
    let io = |e: ::csv::Error| io::Error::other(e.to_string());
    wr.write_record(["id", "zh", "en", "note", "zh_flags", "en_flags"]).map_err(io)?;
    for e in &g.entries {
        for r in rows::flatten(e) {
            let text = |t: &Option<Term>| t.as_ref().map_or(String::new(), |t| t.text.clone());
            let flags = |t: &Option<Term>| t.as_ref().map_or(String::new(), rows::flags);
            wr.write_record(
                [
                    r.id.clone().unwrap_or_default(),
                    text(&r.src),
                    text(&r.tgt),
                    r.note.clone().unwrap_or_default(),
                    flags(&r.src),
                    flags(&r.tgt),
                ]
                .map(|c| crate::escape::csv_cell(&c).into_owned()),
            )
            .map_err(io)?;
        }
    }
    wr.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Entry, Status};

    fn read_str(s: &str) -> (Glossary, Vec<String>) {
        let (g, d) = read(s, Path::new("g.csv")).unwrap();
        (g, d.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn reads_excel_style_with_header_and_quotes() {
        let (g, d) = read_str(
            "\u{FEFF}Chinese,English,Comment\n牛油果,Avocado,\"code name, Meta's next model\"\n\"Meta超級智能實驗室\",Meta Superintelligence Labs,\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(g.entries.len(), 2);
        assert_eq!(g.entries[0].notes(), vec!["code name, Meta's next model"]);
        assert_eq!(g.entries[1].line, Some(3));
    }

    #[test]
    fn reads_memoq_style_columns_and_semicolons() {
        let text = "Entry_ID;Chinese (Taiwan);Chinese (Taiwan)_Status;English;English_Def\n\
                    1;Meta超級智能實驗室;;Meta Superintelligence Labs;Meta's lab\n\
                    1;MSL;;MSL;\n\
                    2;臉書;forbidden;Facebook;old name\n";
        let (g, d) = read_str(text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(g.entries.len(), 2);
        assert_eq!(g.entries[0].src.len(), 2);
        assert_eq!(g.entries[0].tgt.len(), 2);
        assert_eq!(g.entries[1].src[0].status, Status::Forbidden);
        assert_eq!(g.entries[1].notes(), vec!["old name"]);
    }

    #[test]
    fn formula_cells_are_defused_and_read_back() {
        let g = Glossary::new(vec![
            Entry { rows: vec![], ..Entry::new("=HYPERLINK(\"http://x\")", "+1") },
            Entry::new("-ism", "@SUM(A1)"),
            Entry::new("'=quoted", "plain"),
        ]);
        let mut out = Vec::new();
        crate::glossary::write(&g, crate::glossary::Format::Csv, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        for line in text.lines().skip(1) {
            for cell in line.split(',') {
                let c = cell.trim_start_matches('"');
                assert!(!c.starts_with(['=', '+', '-', '@']), "{line}");
            }
        }
        let (back, d) = read_str(&text);
        assert!(d.is_empty(), "{d:?}");
        let pairs: Vec<_> = back.entries.iter().map(|e| (e.main_src(), e.main_tgt())).collect();
        assert_eq!(
            pairs,
            vec![("=HYPERLINK(\"http://x\")", "+1"), ("-ism", "@SUM(A1)"), ("'=quoted", "plain")]
        );
    }

    #[test]
    fn an_unterminated_quote_is_an_error_naming_its_line() {
        let e = read("zh,en\n牛油果,Avocado\n\"小扎,Zuck\nMeta,Meta\n", Path::new("g.csv")).unwrap_err();
        assert!(e.to_string().starts_with("g.csv:3: a quoted field opens here and never closes"), "{e}");
        // Quotes inside a field, and doubled quotes, are fine.
        assert!(read("zh,en\n\"a \"\"b\"\"\",c\nx\"y,z\n", Path::new("g.csv")).is_ok());
    }

    #[test]
    fn no_header_is_reported_and_columns_are_guessed() {
        let (g, d) = read_str("牛油果,Avocado\n小扎,Zuck,nickname\n");
        assert_eq!(g.entries.len(), 2);
        assert_eq!(d.len(), 1);
        assert!(d[0].starts_with("g.csv:1: no header row"));
    }

    #[test]
    fn one_sided_rows_are_kept_and_a_repeated_header_is_reported() {
        let (g, d) = read_str("zh,en\n牛油果,\nzh,en\n,Zuck\n");
        assert_eq!(g.entries.len(), 2);
        assert!(g.entries[0].tgt.is_empty() && g.entries[1].src.is_empty());
        assert_eq!(d.len(), 1);
        assert!(d[0].starts_with("g.csv:3: header row read as a term"), "{d:?}");
    }
}
