//! Word documents (`.docx`, Office Open XML): the text a reader sees, paragraph by paragraph.
//!
//! Read from `word/document.xml` in document order, then the footnotes (`word/footnotes.xml`) and
//! endnotes after the body. Each `w:p` is a block (see [`super::blocks`]): headings and list items
//! are paragraphs of their own, a list item starts with `- `, and a table gives one block per cell
//! paragraph, cell by cell, row by row. Skipped: deleted revisions (`w:del`, `w:moveFrom`), hidden
//! text (`w:vanish`), field instructions and the results of fields other than hyperlinks (a table
//! of contents, page numbers), the fallback copy of alternate content, and drawings.
//!
//! The XML is read with quick-xml as a stream of events (no recursion, so nesting depth costs
//! nothing), and every part is decompressed with a size cap.

use std::io::Read;
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::blocks::Blocks;
use crate::error::{Error, Location, Result};

/// The largest part (decompressed) that is read: larger ones are refused, not loaded.
const MAX_PART: u64 = 256 << 20;

/// Extracts the text of a `.docx` file's bytes.
pub(crate) fn extract(bytes: &[u8], path: &Path) -> Result<String> {
    let err = |m: String| Error::parse(Location::file(path), m);
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(err("an encrypted (password-protected) Word file or a legacy .doc, not a .docx: \
                        remove the password, or save it as .docx, in Word"
            .into()));
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| err(format!("not a .docx (a zip archive): {e}")))?;
    let mut part = |name: &str| -> Result<Option<String>> {
        let file = match zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(err(format!("{name}: {e}"))),
        };
        if file.encrypted() {
            return Err(err(format!("{name} is encrypted")));
        }
        let mut data = Vec::new();
        file.take(MAX_PART + 1)
            .read_to_end(&mut data)
            .map_err(|e| err(format!("{name}: damaged archive: {e}")))?;
        if data.len() as u64 > MAX_PART {
            return Err(err(format!("{name} expands to more than {} MiB", MAX_PART >> 20)));
        }
        let text = String::from_utf8(data)
            .map_err(|e| err(format!("{name}: not UTF-8 XML (byte {})", e.utf8_error().valid_up_to())))?;
        Ok(Some(text))
    };
    let Some(body) = part("word/document.xml")? else {
        return Err(err("not a Word document: the archive has no word/document.xml".into()));
    };
    let footnotes = part("word/footnotes.xml")?;
    let endnotes = part("word/endnotes.xml")?;
    let mut blocks = Blocks::new();
    let named = |part: &str| format!("{}!{part}", path.display());
    read_part(&body, &named("word/document.xml"), &mut blocks)?;
    for (name, xml) in [("word/footnotes.xml", footnotes), ("word/endnotes.xml", endnotes)] {
        if let Some(xml) = xml {
            read_part(&xml, &named(name), &mut blocks)?;
        }
    }
    Ok(blocks.finish())
}

/// What the reader is inside of.
#[derive(Default)]
struct State {
    /// Open elements, each with whether it hides its content (deleted revisions, fallbacks,
    /// separators, non-shown simple fields).
    open: Vec<bool>,
    /// How many open elements hide their content.
    skip: usize,
    /// Inside `w:t` (text) or `w:instrText` (a field's instruction).
    in_t: bool,
    in_instr: bool,
    /// Inside a run's properties, and whether they made the run hidden (`w:vanish`).
    in_rpr: bool,
    hidden_run: bool,
    /// Complex fields: one entry per open field.
    fields: Vec<Field>,
}

enum Field {
    /// Between `begin` and `separate`: the instruction read so far.
    Instruction(String),
    /// Between `separate` and `end`: the result, shown or not.
    Result(bool),
}

impl State {
    fn shows_text(&self) -> bool {
        self.skip == 0 && !self.hidden_run && self.fields.iter().all(|f| matches!(f, Field::Result(true)))
    }
}

/// Elements whose whole content is never shown.
fn hides_content(local: &str) -> bool {
    matches!(local, "del" | "moveFrom" | "Fallback" | "delText" | "drawing" | "pict" | "object")
}

fn read_part(xml: &str, name: &str, blocks: &mut Blocks) -> Result<()> {
    let mut reader = Reader::from_str(xml);
    let mut st = State::default();
    let loc = |pos: u64| {
        let upto = &xml[..(pos as usize).min(xml.len())];
        let line = upto.bytes().filter(|&b| b == b'\n').count() as u64 + 1;
        let col = upto.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
        Location::file(name).with_line(line).with_col(col)
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| Error::parse(loc(reader.error_position()), format!("damaged XML: {e}")))?;
        match event {
            Event::Start(e) => {
                let hides = start(&e, &mut st, blocks);
                st.open.push(hides);
                st.skip += hides as usize;
            }
            Event::Empty(e) => {
                start(&e, &mut st, blocks);
            }
            Event::End(e) => {
                if st.open.pop() == Some(true) {
                    st.skip -= 1;
                }
                match e.local_name().into_inner() {
                    "p" if st.skip == 0 => blocks.end_item(),
                    "r" => st.hidden_run = false,
                    "rPr" => st.in_rpr = false,
                    "t" => st.in_t = false,
                    "instrText" => st.in_instr = false,
                    _ => {}
                }
            }
            Event::Text(t) => text(&t.xml10_content(), &mut st, blocks),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&r.xml10_content()).map(String::from),
                };
                if let Some(c) = c {
                    text(&c, &mut st, blocks);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}

fn text(s: &str, st: &mut State, blocks: &mut Blocks) {
    if st.in_instr {
        if let Some(Field::Instruction(i)) = st.fields.last_mut() {
            i.push_str(s);
        }
    } else if st.in_t && st.shows_text() {
        blocks.text(s);
    }
}

/// Handles a start (or empty) element; returns whether it hides its content.
fn start(e: &BytesStart<'_>, st: &mut State, blocks: &mut Blocks) -> bool {
    let local = e.local_name().into_inner();
    if hides_content(local) {
        return true;
    }
    let attr = |key: &str| -> Option<String> {
        e.attributes().flatten().find(|a| a.key.local_name().into_inner() == key).map(|a| a.value.to_string())
    };
    match local {
        // Separator "footnotes" hold only a rule line.
        "footnote" | "endnote" => {
            attr("type").is_some_and(|t| t == "separator" || t.starts_with("continuation"))
        }
        "t" => {
            st.in_t = true;
            false
        }
        "instrText" => {
            st.in_instr = true;
            false
        }
        "r" => {
            st.hidden_run = false;
            false
        }
        "rPr" => {
            st.in_rpr = true;
            false
        }
        "vanish" if st.in_rpr => {
            st.hidden_run = attr("val").is_none_or(|v| v != "0" && v != "false");
            false
        }
        "numPr" => {
            blocks.prefix("- ");
            false
        }
        "tab" if st.in_t || !st.in_rpr => {
            if st.shows_text() {
                blocks.space();
            }
            false
        }
        "br" | "cr" => {
            if st.shows_text() {
                match attr("type").as_deref() {
                    Some("page") | Some("column") => blocks.end_block(),
                    _ => blocks.line_break(),
                }
            }
            false
        }
        "noBreakHyphen" => {
            if st.shows_text() {
                blocks.text("-");
            }
            false
        }
        "fldChar" => {
            match attr("fldCharType").as_deref() {
                Some("begin") => st.fields.push(Field::Instruction(String::new())),
                Some("separate") => {
                    if let Some(f) = st.fields.last_mut()
                        && let Field::Instruction(i) = f
                    {
                        *f = Field::Result(shows_result(i));
                    }
                }
                Some("end") => {
                    st.fields.pop();
                }
                _ => {}
            }
            false
        }
        "fldSimple" => !attr("instr").is_some_and(|i| shows_result(&i)),
        _ => false,
    }
}

/// Field results shown as text: hyperlinks and cross-references; not tables of contents, page
/// numbers, dates or indexes, which the reader's software regenerates.
fn shows_result(instruction: &str) -> bool {
    let kind = instruction.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
    matches!(kind.as_str(), "HYPERLINK" | "REF" | "NOTEREF")
}
