//! TBX term bases: TBX v2 (ISO 30042:2008, `martif`/`termEntry`/`langSet`/`tig`, what OmegaT 3.6,
//! MultiTerm exports and translate-toolkit read) and TBX v3 (ISO 30042:2019, `tbx`/`conceptEntry`/
//! `langSec`/`termSec`) in the TBX-Core and TBX-Basic dialects.
//!
//! One reader handles all three. Chinese language sections (`zh`, `zh-TW`, `zh-Hans`…) are the
//! source side; the first other language is the target side (without Chinese, the first language
//! is the source). Notes (`note`, `descrip type="definition"`) at any level become the entry's
//! note. `termNote`s give part of speech, status (`administrativeStatus`,
//! `normativeAuthorization`) and abbreviations (`termType` acronym/abbreviation/shortForm).
//!
//! Entities: the five XML entities and character references are expanded; anything declared in a
//! DTD is not, and external entities are never fetched or resolved.

use std::io::{self, Write};
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::events::attributes::Attributes;

use super::model::{Comment, Diagnostic, Entry, Glossary, RowLayout, Status, Term};
use super::rows;
use crate::error::{Error, Location, Result};
use crate::escape::xml as esc;
use crate::script::Script;

/// The prefix of the ids written on TBX v3 entries that had none (v3 requires one); reading drops
/// ids with this prefix, so a glossary without ids comes back without ids.
pub const GENERATED_ID: &str = "hanalign-";

/// Which TBX flavour to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// TBX v2 (`martif`).
    V2,
    /// TBX v3, TBX-Core dialect: terms and notes only.
    Core,
    /// TBX v3, TBX-Basic dialect: adds part of speech, administrative status and term type.
    Basic,
}

/// Guesses the dialect of TBX text from its root element.
pub fn sniff(text: &str) -> Option<Dialect> {
    let head: String = text.chars().take(4000).collect();
    if head.contains("<martif") {
        Some(Dialect::V2)
    } else if let Some(i) = head.find("<tbx") {
        let tag = &head[i..head[i..].find('>').map_or(head.len(), |j| i + j)];
        Some(if tag.contains("TBX-Core") { Dialect::Core } else { Dialect::Basic })
    } else {
        None
    }
}

#[derive(Default)]
struct RawEntry {
    line: u64,
    id: Option<String>,
    /// Language, term, the term's own notes.
    terms: Vec<(String, Term, Vec<String>)>,
    notes: Vec<String>,
}

/// What text is being collected.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Collect {
    Term,
    Note,
    TermNote,
    /// A `<p>` of the header's `sourceDesc` (the file's description).
    Header,
}

fn attr(mut attrs: Attributes, name: &str) -> Option<String> {
    // Without the duplicate check, which is quadratic in the number of attributes.
    attrs.with_checks(false);
    attrs
        .flatten()
        .find(|a| a.key.as_ref() == name || a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// Reads TBX text (v2 or v3).
pub fn read(text: &str, path: &Path) -> Result<(Glossary, Vec<Diagnostic>)> {
    let mut diags = Vec::new();
    let mut reader = quick_xml::Reader::from_str(text);
    let mut entries: Vec<RawEntry> = Vec::new();
    let mut in_entry = false;
    let mut lang: Vec<String> = Vec::new(); // stack of xml:lang of langSet/langSec
    let mut root_lang: Option<String> = None;
    let mut in_term_group = false;
    let mut collect: Option<(Collect, usize, String, Option<String>)> = None; // kind, depth, text, type
    let mut depth = 0usize;
    // Line counting, incremental.
    let (mut counted_to, mut line) = (0usize, 1u64);
    let mut line_at = |pos: usize| {
        let pos = pos.min(text.len());
        if pos > counted_to {
            line += text.as_bytes()[counted_to..pos].iter().filter(|&&b| b == b'\n').count() as u64;
            counted_to = pos;
        }
        line
    };
    let mut saw_root = false;
    let mut in_source_desc = false;
    let mut header: Vec<String> = Vec::new();
    loop {
        let before = reader.buffer_position() as usize;
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let l = line_at(reader.error_position() as usize);
                return Err(Error::parse(
                    Location::file(path).with_line(l),
                    format!("not well-formed XML: {e}"),
                ));
            }
        };
        match ev {
            Event::Start(ref s) | Event::Empty(ref s) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = s.local_name();
                let name = name.as_ref();
                if !saw_root {
                    saw_root = true;
                    if name != "martif" && name != "tbx" {
                        return Err(Error::parse(
                            Location::file(path).with_line(line_at(before)),
                            format!("root element <{}> is not a TBX root (<martif> or <tbx>)", name),
                        ));
                    }
                    root_lang = attr(s.attributes(), "xml:lang").or_else(|| attr(s.attributes(), "lang"));
                }
                if !empty {
                    depth += 1;
                }
                match name {
                    "termEntry" | "conceptEntry" => {
                        in_entry = !empty;
                        let id = attr(s.attributes(), "id")
                            .filter(|i| !i.trim().is_empty() && !i.starts_with(GENERATED_ID));
                        entries.push(RawEntry { line: line_at(before + 1), id, ..RawEntry::default() });
                    }
                    "sourceDesc" if !empty && !in_entry => in_source_desc = true,
                    "p" if !empty && in_source_desc && collect.is_none() => {
                        collect = Some((Collect::Header, depth, String::new(), None));
                    }
                    "langSet" | "langSec" if !empty => {
                        let l = attr(s.attributes(), "xml:lang").or_else(|| attr(s.attributes(), "lang"));
                        if l.is_none() {
                            diags.push(Diagnostic::new(
                                Location::file(path).with_line(line_at(before + 1)),
                                "language section without xml:lang; its terms are skipped",
                            ));
                        }
                        lang.push(l.unwrap_or_default());
                    }
                    "tig" | "ntig" | "termSec" if !empty && in_entry => {
                        in_term_group = true;
                        if let Some(e) = entries.last_mut() {
                            e.terms.push((
                                lang.last().cloned().unwrap_or_default(),
                                Term { line: Some(line_at(before + 1)), ..Term::default() },
                                Vec::new(),
                            ));
                        }
                    }
                    "term" if !empty && in_entry && collect.is_none() => {
                        if !in_term_group && let Some(e) = entries.last_mut() {
                            // A bare <term> directly in a langSet (seen in some exports).
                            e.terms.push((
                                lang.last().cloned().unwrap_or_default(),
                                Term { line: Some(line_at(before + 1)), ..Term::default() },
                                Vec::new(),
                            ));
                        }
                        collect = Some((Collect::Term, depth, String::new(), None));
                    }
                    "note" if !empty && in_entry && collect.is_none() => {
                        collect = Some((Collect::Note, depth, String::new(), None));
                    }
                    "descrip"
                        if !empty
                            && in_entry
                            && collect.is_none()
                            && attr(s.attributes(), "type").as_deref() == Some("definition") =>
                    {
                        collect = Some((Collect::Note, depth, String::new(), None));
                    }
                    "termNote" if !empty && in_entry && collect.is_none() => {
                        collect =
                            Some((Collect::TermNote, depth, String::new(), attr(s.attributes(), "type")));
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if collect.as_ref().is_some_and(|c| c.1 == depth && c.0 == Collect::Header)
                    && let Some((_, _, text, _)) = collect.take()
                {
                    let text = rows::clean_spaces(&text);
                    if !text.is_empty() && !text.starts_with("Written by hanalign") {
                        header.push(text);
                    }
                }
                if collect.as_ref().is_some_and(|c| c.1 == depth)
                    && let Some((kind, _, text, ty)) = collect.take()
                    && let Some(entry) = entries.last_mut()
                {
                    if kind == Collect::Term
                        && let Some(why) = rows::check_spaces(&text)
                    {
                        diags.push(Diagnostic::new(
                            Location::file(path).with_line(line_at(before)),
                            format!("{why} in the term `{text}`"),
                        ));
                    }
                    apply(entry, kind, &text, ty.as_deref(), in_term_group);
                }
                match name {
                    "termEntry" | "conceptEntry" => in_entry = false,
                    "langSet" | "langSec" => {
                        lang.pop();
                    }
                    "tig" | "ntig" | "termSec" => in_term_group = false,
                    "sourceDesc" => in_source_desc = false,
                    _ => {}
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) => {
                if let Some((_, _, buf, _)) = &mut collect {
                    buf.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some((_, _, buf, _)) = &mut collect {
                    buf.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => match &*r {
                        "lt" => Some("<".into()),
                        "gt" => Some(">".into()),
                        "amp" => Some("&".into()),
                        "quot" => Some("\"".into()),
                        "apos" => Some("'".into()),
                        _ => None,
                    },
                    Err(_) => None,
                };
                match resolved {
                    Some(s) => {
                        if let Some((_, _, buf, _)) = &mut collect {
                            buf.push_str(&s);
                        }
                    }
                    None => diags.push(Diagnostic::new(
                        Location::file(path).with_line(line_at(before)),
                        format!("entity `&{};` not expanded (only the XML built-ins and character references are)", &*r),
                    )),
                }
            }
            Event::DocType(d) if d.xml10_content().contains("<!ENTITY") => {
                diags.push(Diagnostic::new(
                    Location::file(path).with_line(line_at(before)),
                    "the DOCTYPE declares entities; they are not expanded and external ones are never fetched",
                ));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_root {
        return Err(Error::parse(Location::file(path), "no XML element found; is this a TBX file?"));
    }
    let (mut g, diags) = assemble(entries, root_lang, path, diags);
    g.comments = header.into_iter().map(|text| Comment { before: 0, text }).collect();
    Ok((g, diags))
}

fn apply(e: &mut RawEntry, kind: Collect, text: &str, ty: Option<&str>, in_term_group: bool) {
    let clean = rows::clean_spaces(text);
    match kind {
        Collect::Term => {
            if let Some((_, t, _)) = e.terms.last_mut() {
                t.text = clean;
            }
        }
        Collect::Note => {
            if clean.is_empty() {
                return;
            }
            match e.terms.last_mut().filter(|_| in_term_group) {
                Some((_, _, notes)) => notes.push(clean),
                None => e.notes.push(clean),
            }
        }
        Collect::Header => {}
        Collect::TermNote => {
            let Some((_, t, _)) = e.terms.last_mut().filter(|_| in_term_group) else { return };
            match ty.unwrap_or("") {
                "partOfSpeech" if !clean.is_empty() => t.pos = Some(clean),
                "administrativeStatus" | "normativeAuthorization" => {
                    if let Some(s) = Status::parse(&clean) {
                        t.status = s;
                    } else if clean.to_ascii_lowercase().contains("forbidden") {
                        t.status = Status::Forbidden;
                    }
                }
                "termType" => {
                    let v = clean.to_ascii_lowercase();
                    if matches!(
                        v.as_str(),
                        "acronym" | "abbreviation" | "shortform" | "initialism" | "abbreviatedform"
                    ) || v.starts_with("abbreviation")
                        || v.starts_with("acronym")
                    {
                        t.abbreviation = true;
                    }
                }
                _ => {}
            }
        }
    }
}

fn is_zh(lang: &str) -> bool {
    let l = lang.to_ascii_lowercase();
    l == "zh" || l.starts_with("zh-") || l.starts_with("zh_") || l == "cmn" || l == "zho" || l == "chi"
}

fn base(lang: &str) -> String {
    lang.split(['-', '_']).next().unwrap_or(lang).to_ascii_lowercase()
}

fn assemble(
    raw: Vec<RawEntry>,
    root_lang: Option<String>,
    path: &Path,
    mut diags: Vec<Diagnostic>,
) -> (Glossary, Vec<Diagnostic>) {
    // Decide the source and target languages for the whole file.
    let langs: Vec<&str> = raw
        .iter()
        .flat_map(|e| e.terms.iter().map(|(l, _, _)| l.as_str()))
        .filter(|l| !l.is_empty())
        .collect();
    let src_is = |l: &str, src_base: &Option<String>| match src_base {
        None => is_zh(l),
        Some(b) => base(l) == *b,
    };
    let src_base: Option<String> = if langs.iter().any(|l| is_zh(l)) {
        None
    } else {
        root_lang
            .filter(|r| langs.iter().any(|l| base(l) == base(r)))
            .map(|r| base(&r))
            .or_else(|| langs.first().map(|l| base(l)))
    };
    let tgt_base: Option<String> = langs.iter().find(|l| !src_is(l, &src_base)).map(|l| base(l));
    let mut skipped: Vec<String> = Vec::new();
    let mut g = Glossary::default();
    for e in raw {
        let mut entry = Entry { line: Some(e.line), id: e.id, ..Entry::default() };
        // Notes of single terms: (is source, index in its side, notes).
        let mut term_notes: Vec<(bool, usize, Vec<String>)> = Vec::new();
        let mut seen: std::collections::HashMap<(bool, String), usize> = std::collections::HashMap::new();
        let mut notes = e.notes;
        for (l, t, tn) in e.terms {
            if l.is_empty() || t.text.is_empty() {
                notes.extend(tn);
                continue;
            }
            let is_src = src_is(&l, &src_base);
            if is_src || Some(base(&l)) == tgt_base {
                let side = if is_src { &mut entry.src } else { &mut entry.tgt };
                let i = *seen.entry((is_src, t.text.clone())).or_insert_with(|| {
                    side.push(t);
                    side.len() - 1
                });
                if !tn.is_empty() {
                    term_notes.push((is_src, i, tn));
                }
            } else if !skipped.contains(&l) {
                diags.push(Diagnostic::new(
                    Location::file(path).with_line(e.line),
                    format!("language `{l}` is neither the source nor the target; its terms are skipped"),
                ));
                skipped.push(l);
            }
        }
        // A term's note is the comment of the row only it holds (see `super::restrict`); the
        // others join the concept note.
        if !term_notes.is_empty() {
            let mut layout = entry.layout();
            for (is_src, i, tn) in term_notes {
                let key = |r: &RowLayout| if is_src { r.src } else { r.tgt };
                let holders: Vec<usize> = (0..layout.len()).filter(|&j| key(&layout[j]) == Some(i)).collect();
                match holders.as_slice() {
                    [j] if layout[*j].note.is_none() => layout[*j].note = Some(tn.join("; ")),
                    _ => notes.extend(tn),
                }
            }
            entry.rows = layout;
        }
        entry.note = (!notes.is_empty()).then(|| notes.join("; "));
        if entry.src.is_empty() && entry.tgt.is_empty() {
            diags.push(Diagnostic::new(
                Location::file(path).with_line(e.line),
                "entry without terms; skipped",
            ));
            continue;
        }
        g.entries.push(entry);
    }
    g.detect_scripts();
    (g, diags)
}

/// The language tag for the source terms of an entry: `zh-TW` when they are all Traditional,
/// `zh-CN` when all Simplified, `zh` otherwise.
fn src_lang(terms: &[Term]) -> &'static str {
    let scripts: Vec<Script> =
        terms.iter().filter_map(|t| t.script).filter(|s| *s != Script::Unknown).collect();
    if !scripts.is_empty() && scripts.iter().all(|s| *s == Script::Traditional) {
        "zh-TW"
    } else if !scripts.is_empty() && scripts.iter().all(|s| *s == Script::Simplified) {
        "zh-CN"
    } else {
        "zh"
    }
}

fn admin_status(s: Status) -> &'static str {
    match s {
        Status::Preferred => "preferredTerm-admn-sts",
        Status::Admitted => "admittedTerm-admn-sts",
        Status::Deprecated | Status::Forbidden => "deprecatedTerm-admn-sts",
    }
}

/// Writes a glossary as TBX. The glossary must already hold only what the dialect can
/// (see [`super::restrict`]).
pub(crate) fn write(g: &Glossary, dialect: Dialect, w: &mut dyn Write) -> io::Result<()> {
    let (entry_tag, lang_tag, term_tag) = match dialect {
        Dialect::V2 => ("termEntry", "langSet", "tig"),
        _ => ("conceptEntry", "langSec", "termSec"),
    };
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    match dialect {
        Dialect::V2 => {
            writeln!(w, r#"<martif type="TBX" xml:lang="zh">"#)?;
            writeln!(w, "  <martifHeader>")?;
        }
        Dialect::Core | Dialect::Basic => {
            let ty = if dialect == Dialect::Core { "TBX-Core" } else { "TBX-Basic" };
            writeln!(w, r#"<tbx type="{ty}" style="dca" xml:lang="zh" xmlns="urn:iso:std:iso:30042:ed-2">"#)?;
            writeln!(w, "  <tbxHeader>")?;
        }
    }
    writeln!(w, "    <fileDesc>\n      <sourceDesc>")?;
    if g.comments.is_empty() {
        writeln!(w, "        <p>Written by hanalign {}</p>", env!("CARGO_PKG_VERSION"))?;
    }
    for c in &g.comments {
        writeln!(w, "        <p>{}</p>", esc(&c.text))?;
    }
    writeln!(w, "      </sourceDesc>\n    </fileDesc>")?;
    writeln!(w, "  </{}>", if dialect == Dialect::V2 { "martifHeader" } else { "tbxHeader" })?;
    writeln!(w, "  <text>\n    <body>")?;
    for e in &g.entries {
        match &e.id {
            Some(id) => writeln!(w, r#"      <{entry_tag} id="{}">"#, esc(id))?,
            None => writeln!(w, "      <{entry_tag}>")?,
        }
        if let Some(n) = &e.note {
            writeln!(w, "        <note>{}</note>", esc(n))?;
        }
        // Row comments (see `super::restrict`): on the term only that row holds.
        let mut term_note: std::collections::HashMap<(bool, usize), &str> = std::collections::HashMap::new();
        for r in e.rows.iter().filter(|r| r.note.is_some()) {
            let note = r.note.as_deref().unwrap_or_default();
            let only = |f: fn(&RowLayout) -> Option<usize>| {
                f(r).filter(|_| e.rows.iter().filter(|o| f(o) == f(r)).count() == 1)
            };
            if let Some(i) = only(|o| o.src) {
                term_note.insert((true, i), note);
            } else if let Some(i) = only(|o| o.tgt) {
                term_note.insert((false, i), note);
            }
        }
        for (terms, lang, is_src) in [(&e.src, src_lang(&e.src), true), (&e.tgt, "en", false)] {
            if terms.is_empty() {
                continue;
            }
            writeln!(w, r#"        <{lang_tag} xml:lang="{lang}">"#)?;
            for (i, t) in terms.iter().enumerate() {
                writeln!(w, "          <{term_tag}>")?;
                writeln!(w, "            <term>{}</term>", esc(&t.text))?;

                if dialect != Dialect::Core {
                    if let Some(p) = &t.pos {
                        writeln!(w, r#"            <termNote type="partOfSpeech">{}</termNote>"#, esc(p))?;
                    }
                    if t.abbreviation {
                        writeln!(w, r#"            <termNote type="termType">abbreviation</termNote>"#)?;
                    }
                    if t.status != Status::Preferred {
                        writeln!(
                            w,
                            r#"            <termNote type="administrativeStatus">{}</termNote>"#,
                            admin_status(t.status)
                        )?;
                    }
                }
                if let Some(n) = term_note.get(&(is_src, i)) {
                    writeln!(w, "            <note>{}</note>", esc(n))?;
                }
                writeln!(w, "          </{term_tag}>")?;
            }
            writeln!(w, "        </{lang_tag}>")?;
        }
        writeln!(w, "      </{entry_tag}>")?;
    }
    writeln!(w, "    </body>\n  </text>")?;
    writeln!(w, "</{}>", if dialect == Dialect::V2 { "martif" } else { "tbx" })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(s: &str) -> (Glossary, Vec<String>) {
        let (g, d) = read(s, Path::new("g.tbx")).unwrap();
        (g, d.iter().map(|d| d.to_string()).collect())
    }

    const V2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en">
<martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></martifHeader>
<text><body>
<termEntry id="e1">
  <descrip type="definition">Meta's lab &amp; its <hi>team</hi></descrip>
  <langSet xml:lang="en">
    <tig><term>Meta Superintelligence Labs</term><termNote type="partOfSpeech">noun</termNote></tig>
    <ntig><termGrp><term>MSL</term><termNote type="termType">acronym</termNote></termGrp></ntig>
  </langSet>
  <langSet xml:lang="zh-TW">
    <tig><term>Meta超級智能實驗室</term></tig>
  </langSet>
  <langSet xml:lang="fr"><tig><term>Laboratoires</term></tig></langSet>
</termEntry>
<termEntry id="e2">
  <langSet xml:lang="zh"><tig><term>臉書</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
  <langSet xml:lang="en"><tig><term>Facebook&#x2122;</term></tig></langSet>
</termEntry>
</body></text>
</martif>
"#;

    #[test]
    fn reads_tbx_v2_with_ntig_notes_and_references() {
        let (g, d) = read_str(V2);
        assert_eq!(g.entries.len(), 2);
        let e = &g.entries[0];
        assert_eq!(e.src.len(), 1);
        assert_eq!(e.main_src(), "Meta超級智能實驗室");
        assert_eq!(e.tgt.len(), 2);
        assert_eq!(e.tgt[0].pos.as_deref(), Some("noun"));
        assert!(e.tgt[1].abbreviation);
        assert_eq!(e.note.as_deref(), Some("Meta's lab & its team"));
        assert_eq!(e.line, Some(6));
        assert_eq!(g.entries[1].src[0].status, Status::Deprecated);
        assert_eq!(g.entries[1].main_tgt(), "Facebook™");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].contains("`fr` is neither"), "{d:?}");
    }

    #[test]
    fn reads_tbx_v3_basic() {
        let text = r#"<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
<conceptEntry id="c1">
  <langSec xml:lang="zh-CN"><termSec><term>牛油果</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec></langSec>
  <langSec xml:lang="en"><termSec><term>Avocado</term><note>code name</note></termSec></langSec>
</conceptEntry>
</body></text></tbx>"#;
        assert_eq!(sniff(text), Some(Dialect::Basic));
        let (g, d) = read_str(text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(g.entries[0].src[0].status, Status::Admitted);
        assert_eq!(g.entries[0].notes(), vec!["code name"]);
        assert_eq!(g.entries[0].id.as_deref(), Some("c1"));
    }

    #[test]
    fn without_chinese_the_root_language_is_the_source() {
        let text = r#"<tbx type="TBX-Core" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="c1"><langSec xml:lang="es"><termSec><term>agujero negro</term></termSec></langSec>
<langSec xml:lang="en"><termSec><term>black hole</term></termSec></langSec></conceptEntry></body></text></tbx>"#;
        assert_eq!(sniff(text), Some(Dialect::Core));
        let (g, _) = read_str(text);
        assert_eq!((g.entries[0].main_src(), g.entries[0].main_tgt()), ("black hole", "agujero negro"));
    }

    #[test]
    fn entities_from_a_dtd_are_never_expanded() {
        let text = r#"<?xml version="1.0"?>
<!DOCTYPE martif [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> <!ENTITY lol "lol"> ]>
<martif type="TBX" xml:lang="zh"><text><body>
<termEntry><langSet xml:lang="zh"><tig><term>牛油果&xxe;&lol;</term></tig></langSet>
<langSet xml:lang="en"><tig><term>Avocado</term></tig></langSet></termEntry>
</body></text></martif>"#;
        let (g, d) = read_str(text);
        assert_eq!(g.entries[0].main_src(), "牛油果");
        assert!(d.iter().any(|d| d.contains("declares entities")), "{d:?}");
        assert!(d.iter().any(|d| d.contains("g.tbx:4: entity `&xxe;` not expanded")), "{d:?}");
    }

    #[test]
    fn spaces_inside_terms_are_reported() {
        let text = "<martif><text><body><termEntry>\n<langSet xml:lang=\"zh\"><tig><term>牛油果\u{3000}</term></tig></langSet>\n\
                    <langSet xml:lang=\"en\"><tig><term>Avocado</term></tig></langSet></termEntry></body></text></martif>";
        let (g, d) = read_str(text);
        assert_eq!(g.entries[0].main_src(), "牛油果");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].starts_with("g.tbx:2: leading or trailing space, full-width space"), "{d:?}");
    }

    #[test]
    fn malformed_xml_is_an_error_with_a_line() {
        let err = read("<martif>\n<text>\n<body></text>", Path::new("g.tbx")).unwrap_err().to_string();
        assert!(err.starts_with("g.tbx:3: not well-formed XML"), "{err}");
        let err = read("<html></html>", Path::new("g.tbx")).unwrap_err().to_string();
        assert!(err.contains("not a TBX root"), "{err}");
    }

    #[test]
    fn writes_tbx_that_reads_back() {
        let mut g = Glossary {
            entries: vec![Entry {
                src: vec![Term::new("Meta超級智能實驗室"), Term::new("MSL").abbreviated()],
                tgt: vec![Term {
                    pos: Some("noun".into()),
                    ..Term::new("Meta Superintelligence Labs <MSL>")
                }],
                note: Some("Meta & co".into()),
                id: Some("msl".into()),
                ..Entry::default()
            }],
            ..Glossary::default()
        };
        g.detect_scripts();
        for d in [Dialect::V2, Dialect::Basic] {
            let mut out = Vec::new();
            write(&g, d, &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert_eq!(sniff(&text), Some(d));
            assert!(text.contains("&lt;MSL&gt;") && text.contains(r#"xml:lang="zh""#));
            let (back, diags) = read_str(&text);
            assert!(diags.is_empty());
            assert_eq!(back.without_lines(), g);
        }
    }
}
