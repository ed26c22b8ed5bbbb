//! OmegaT's tab-separated glossary format (`.txt`, `.tsv`, `.utf8`), the project's canonical format.
//!
//! ```text
//! # comment lines start with '#'
//! 牛油果<TAB>Avocado<TAB>Meta's next model, code name
//! Meta超級智能實驗室<TAB>Meta Superintelligence Labs<TAB><TAB>id=msl
//! MSL<TAB>MSL<TAB><TAB>id=msl; src=abbr,case; tgt=abbr,case
//! ```
//!
//! Columns: source term, target term, comment (OmegaT reads these three and ignores the rest), and
//! an optional fourth column of hanalign attributes, `key=value` pairs separated by `;`:
//! `id=…` groups rows into one concept (synonyms, abbreviations), `src=…` and `tgt=…` hold the
//! term flags (`preferred|admitted|deprecated|forbidden`, `abbr`, `case`, `pos:noun`).

use std::io::{self, Write};
use std::path::Path;

use super::model::{Comment, Diagnostic, Glossary, Term};
use super::rows::{self, Row};
use crate::error::Location;

/// Reads OmegaT TSV text. Bad lines are reported and skipped; good lines are used.
pub fn read(text: &str, path: &Path) -> (Glossary, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut out_rows = Vec::new();
    let mut comments = Vec::new();
    let mut seen_data = false;
    // Entries started so far (a row with a new id or none starts one): where a comment stands.
    let mut started = 0usize;
    let mut ids = std::collections::HashSet::new();
    for (line_no, raw) in rows::lines(text) {
        let at = || Location::file(path).with_line(line_no);
        let line = raw.strip_prefix('\u{FEFF}').unwrap_or(raw);
        if line.trim().is_empty() || line.starts_with('#') {
            let text = if line.trim().is_empty() { String::new() } else { line.to_string() };
            comments.push(Comment { before: started, text });
            continue;
        }
        let first_data = !seen_data;
        seen_data = true;
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 {
            diags.push(Diagnostic::new(
                at(),
                "no tab: expected `source<TAB>target[<TAB>comment]`; line skipped",
            ));
            continue;
        }
        if first_data && rows::is_header_word(cols[0]) && rows::is_header_word(cols[1]) {
            diags.push(Diagnostic::new(
                at(),
                format!(
                    "header row read as a term (`{}` / `{}`); OmegaT files have no header, \
                     delete the line or start it with '#'",
                    cols[0].trim(),
                    cols[1].trim()
                ),
            ));
            continue;
        }
        for (c, name) in cols.iter().take(3).zip(["source term", "target term", "comment"]) {
            if let Some(why) = rows::check_spaces(c) {
                diags.push(Diagnostic::new(at(), format!("{why} in the {name} `{c}`")));
            }
        }
        let src = rows::clean_spaces(cols[0]);
        let tgt = rows::clean_spaces(cols[1]);
        if src.is_empty() || tgt.is_empty() {
            let side = if src.is_empty() { "source" } else { "target" };
            diags.push(Diagnostic::new(at(), format!("empty {side} term; line skipped")));
            continue;
        }
        let note = cols.get(2).map(|s| rows::clean_spaces(s)).filter(|s| !s.is_empty());
        let mut row =
            Row { src: Some(Term::new(src)), tgt: Some(Term::new(tgt)), note, line: line_no, id: None };
        if let Some(attrs) = cols.get(3) {
            for problem in apply_attributes(&mut row, attrs) {
                diags.push(Diagnostic::new(at(), problem));
            }
        }
        if row.id.as_ref().is_none_or(|id| ids.insert(id.clone())) {
            started += 1;
        }
        out_rows.push(row);
    }
    // Trailing blank lines are the file's end, not layout.
    while comments.last().is_some_and(|c: &Comment| c.text.is_empty()) {
        comments.pop();
    }
    let mut g = Glossary { entries: rows::group(out_rows), comments };
    g.detect_scripts();
    (g, diags)
}

/// Applies the fourth column (`id=…; src=…; tgt=…`) to a row; returns what it did not understand.
fn apply_attributes(row: &mut Row, attrs: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for pair in attrs.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
        let unknown = match k.as_str() {
            "id" => {
                row.id = Some(v.to_string()).filter(|v| !v.is_empty());
                Vec::new()
            }
            "src" | "source" => row.src.as_mut().map(|t| rows::apply_flags(t, v)).unwrap_or_default(),
            "tgt" | "target" => row.tgt.as_mut().map(|t| rows::apply_flags(t, v)).unwrap_or_default(),
            _ => {
                problems.push(format!(
                    "unknown attribute `{pair}` in the fourth column (known: id=, src=, tgt=)"
                ));
                Vec::new()
            }
        };
        for f in unknown {
            problems.push(format!(
                "unknown term flag `{f}` (known: preferred, admitted, deprecated, forbidden, abbr, case, pos:…)"
            ));
        }
    }
    problems
}

/// Writes a glossary as OmegaT TSV. The glossary must already hold only what TSV can
/// (see [`super::restrict`]): both sides non-empty, no source term starting with `#`.
pub(crate) fn write(g: &Glossary, w: &mut dyn Write) -> io::Result<()> {
    let mut comments = g.comments.iter().peekable();
    for (i, e) in g.entries.iter().enumerate() {
        while let Some(c) = comments.next_if(|c| c.before <= i) {
            writeln!(w, "{}", c.text)?;
        }
        for r in rows::flatten(e) {
            let (Some(src), Some(tgt)) = (&r.src, &r.tgt) else { continue };
            let mut attrs = Vec::new();
            if let Some(id) = &r.id {
                attrs.push(format!("id={id}"));
            }
            for (k, t) in [("src", src), ("tgt", tgt)] {
                let f = rows::flags(t);
                if !f.is_empty() {
                    attrs.push(format!("{k}={f}"));
                }
            }
            let mut cols =
                vec![field(&src.text), field(&tgt.text), r.note.as_deref().map(field).unwrap_or_default()];
            if !attrs.is_empty() {
                cols.push(attrs.join("; "));
            }
            while cols.len() > 2 && cols.last().is_some_and(|c| c.is_empty()) {
                cols.pop();
            }
            writeln!(w, "{}", cols.join("\t"))?;
        }
    }
    for c in comments {
        writeln!(w, "{}", c.text)?;
    }
    Ok(())
}

fn field(s: &str) -> String {
    rows::clean_spaces(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Entry, Status};

    fn read_str(s: &str) -> (Glossary, Vec<String>) {
        let (g, d) = read(s, Path::new("g.tsv"));
        (g, d.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn reads_omegat_lines_and_reports_bad_ones() {
        let text = "# a comment\n牛油果\tAvocado\tcode name\n\nonly-one-column\n\tnothing\nMeta\tMeta\r\n";
        let (g, d) = read_str(text);
        assert_eq!(g.entries.len(), 2);
        assert_eq!(g.entries[0].main_src(), "牛油果");
        assert_eq!(g.entries[0].notes(), vec!["code name"]);
        assert_eq!(g.entries[0].line, Some(2));
        assert_eq!(g.entries[1].main_tgt(), "Meta");
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].starts_with("g.tsv:4: no tab"), "{}", d[0]);
        assert!(d[1].starts_with("g.tsv:5: empty source term"), "{}", d[1]);
    }

    #[test]
    fn a_header_row_is_reported_not_used() {
        let (g, d) = read_str("Source\tTarget\tComment\n牛油果\tAvocado\n");
        assert_eq!(g.entries.len(), 1);
        assert!(d[0].starts_with("g.tsv:1: header row"), "{d:?}");
        // Only the first data line can be a header.
        let (g, d) = read_str("牛油果\tAvocado\nsource\ttarget\n");
        assert_eq!((g.entries.len(), d.len()), (2, 0));
    }

    #[test]
    fn stray_and_full_width_spaces_are_reported_and_trimmed() {
        let (g, d) = read_str("牛油果 \tAvocado\n超級\u{3000}智能\tsuperintelligence\n");
        assert_eq!(g.entries[0].main_src(), "牛油果");
        assert_eq!(g.entries[1].main_src(), "超級 智能");
        assert!(d[0].contains("g.tsv:1: leading or trailing space"), "{d:?}");
        assert!(d[1].contains("g.tsv:2: full-width space"), "{d:?}");
    }

    #[test]
    fn attributes_group_rows_and_set_flags() {
        let text = "Meta超級智能實驗室\tMeta Superintelligence Labs\t\tid=msl\n\
                    MSL\tMSL\t\tid=msl; src=abbr,case; tgt=abbr\n\
                    小扎\tZuck\tinformal\ttgt=admitted,pos:noun\n\
                    x\ty\t\tcolour=blue; src=shiny\n";
        let (g, d) = read_str(text);
        assert_eq!(g.entries.len(), 3);
        let msl = &g.entries[0];
        assert_eq!(msl.src.len(), 2);
        assert!(msl.src[1].abbreviation && msl.src[1].case_sensitive);
        assert!(msl.tgt[1].abbreviation && !msl.tgt[1].case_sensitive);
        assert_eq!(g.entries[1].tgt[0].status, Status::Admitted);
        assert_eq!(g.entries[1].tgt[0].pos.as_deref(), Some("noun"));
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].starts_with("g.tsv:4: unknown attribute `colour=blue`"));
        assert!(d[1].starts_with("g.tsv:4: unknown term flag `shiny`"));
    }

    #[test]
    fn writes_what_it_reads() {
        let mut g = Glossary {
            entries: vec![
                Entry { note: Some("code name".into()), ..Entry::new("牛油果", "Avocado") },
                Entry {
                    src: vec![Term::new("Meta超級智能實驗室"), Term::new("MSL").abbreviated()],
                    tgt: vec![Term::new("Meta Superintelligence Labs"), Term::new("MSL").abbreviated()],
                    ..Entry::default()
                },
            ],
            ..Glossary::default()
        };
        g.detect_scripts();
        let mut out = Vec::new();
        crate::glossary::write(&g, crate::glossary::Format::Tsv, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "牛油果\tAvocado\tcode name\n\
             Meta超級智能實驗室\tMeta Superintelligence Labs\t\tid=c2\n\
             MSL\tMSL\t\tid=c2; src=abbr; tgt=abbr\n"
        );
        let (back, d) = read_str(&text);
        assert!(d.is_empty());
        let terms =
            |g: &Glossary| g.entries.iter().map(|e| (e.src.clone(), e.tgt.clone())).collect::<Vec<_>>();
        assert_eq!(terms(&back), terms(&g));
        assert_eq!(back.entries[0].notes(), vec!["code name"]);
    }

    #[test]
    fn a_tbx_header_paragraph_becomes_a_comment_line() {
        let tbx = "<martif><martifHeader><fileDesc><sourceDesc><p>Sample term base\nline two</p></sourceDesc>\
                   </fileDesc></martifHeader><text><body><termEntry><langSet xml:lang=\"zh\"><tig><term>牛</term></tig>\
                   </langSet><langSet xml:lang=\"en\"><tig><term>cow</term></tig></langSet></termEntry></body></text></martif>";
        let (g, _) = crate::glossary::tbx::read(tbx, Path::new("g.tbx")).unwrap();
        let mut out = Vec::new();
        crate::glossary::write(&g, crate::glossary::Format::Tsv, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "# Sample term base line two\n牛\tcow\n");
    }

    #[test]
    fn cr_only_line_endings_are_lines() {
        let (g, d) = read_str("# old Mac file\r牛油果\tAvocado\tproduct\rMeta\tMeta\tcompany\r");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(g.entries.len(), 2);
        assert_eq!(g.entries[1].main_src(), "Meta");
        assert_eq!(g.comments[0].text, "# old Mac file");
    }

    #[test]
    fn ids_comments_and_row_comments_survive_tsv_to_tsv() {
        let text = "# description\n# second line\n\
                    Meta超級智能實驗室\tMeta Superintelligence Labs\tlab\tid=msl\n\
                    MSL\tMSL\tlab; abbreviation\tid=msl; src=abbr; tgt=abbr\n\
                    \n# people\n\
                    小扎\tZuck\tperson\n";
        let (g, d) = read_str(text);
        assert!(d.is_empty(), "{d:?}");
        let mut out = Vec::new();
        crate::glossary::write(&g, crate::glossary::Format::Tsv, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), text);
    }
}
