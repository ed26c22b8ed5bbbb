//! Escaping for output, one function per format, used by every writer: TSV fields
//! ([`tsv_field`]), CSV cells that a spreadsheet would run as formulas ([`csv_cell`]), XML text
//! and attributes ([`xml_into`], [`xml`]: TMX, TBX, SRX) and HTML ([`html`]: the review page).
//! JSON Lines go through serde_json.

use std::borrow::Cow;

/// A field of tab-separated output: a tab, line feed, carriage return or backslash inside it is
/// written as `\t`, `\n`, `\r` or `\\` (the convention of PostgreSQL's `COPY` and of
/// "linear TSV"), so every row keeps its columns and the text can be recovered exactly
/// ([`tsv_unescape`]).
pub fn tsv_field(s: &str) -> Cow<'_, str> {
    if !s.contains(['\t', '\n', '\r', '\\']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The inverse of [`tsv_field`].
pub fn tsv_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// True when a spreadsheet would take a cell for a formula: it starts (after any `'`) with `=`,
/// `+`, `-`, `@`, a tab or a carriage return.
fn looks_like_formula(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A CSV cell as written: one `'` in front of what Excel or LibreOffice would run as a formula
/// (`=HYPERLINK(…)`, `+1`, `-x`, `@SUM`), so it shows as text. [`csv_uncell`] takes it off again.
pub fn csv_cell(cell: &str) -> Cow<'_, str> {
    if looks_like_formula(cell) { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

/// The inverse of [`csv_cell`], for reading back what hanalign wrote.
pub fn csv_uncell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if looks_like_formula(rest) => rest,
        _ => cell,
    }
}

/// True for characters XML 1.0 allows in a document.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// True for control characters a translation memory should not carry: the C0 controls other than
/// tab, line feed and carriage return (illegal in XML 1.0), DEL and the C1 controls (legal XML 1.0
/// but rejected or mangled by CAT tools), and the non-characters U+FFFE and U+FFFF.
pub fn is_unwanted_control(c: char) -> bool {
    !is_xml_char(c) || matches!(c, '\u{7F}'..='\u{9F}')
}

/// Escapes `s` for XML text (or an attribute value when `attr`) into `out`, dropping characters
/// XML 1.0 cannot carry. Returns how many were dropped.
pub fn xml_into(s: &str, attr: bool, out: &mut String) -> usize {
    let mut dropped = 0;
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            c if !is_xml_char(c) => dropped += 1,
            c => out.push(c),
        }
    }
    dropped
}

/// `s` escaped for XML element text or a quoted attribute value alike (`&`, `<`, `>`, `"`, and
/// line breaks and tabs as character references), without the control characters a term base or
/// rule file should not carry ([`is_unwanted_control`]).
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let clean: Cow<'_, str> = if s.chars().any(is_unwanted_control) {
        Cow::Owned(s.chars().filter(|c| !is_unwanted_control(*c)).collect())
    } else {
        Cow::Borrowed(s)
    };
    xml_into(&clean, true, &mut out);
    out
}

/// Escapes text for HTML element content and double- or single-quoted attribute values.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_fields_never_hold_a_tab_or_line_break_and_round_trip() {
        for s in ["plain", "a\tb", "line\nbreak\r\n", "back\\slash\\t", "", "\\"] {
            let f = tsv_field(s);
            assert!(!f.contains(['\t', '\n', '\r']), "{f:?}");
            assert_eq!(tsv_unescape(&f), s);
        }
    }

    #[test]
    fn csv_formula_cells_are_defused_reversibly() {
        for s in ["=1+1", "+x", "-ism", "@SUM(A1)", "'=q", "''+", "plain", "'twas", ""] {
            let c = csv_cell(s);
            assert!(!c.starts_with(['=', '+', '-', '@']), "{c}");
            assert_eq!(csv_uncell(&c), s);
        }
    }
}
