//! Reading TMX: a streaming reader ([`TmxReader`]) that yields one `tu` at a time and keeps what
//! it does not interpret, and the whole-file readers ([`read_file`], [`read_bytes`]) built on it.
//!
//! Memory stays bounded by the largest unit, whatever the file's size (UTF-16 input is the one
//! exception: it is decoded whole first). Errors name line and column. Safety: external entities
//! (`SYSTEM`/`PUBLIC`) are never resolved and no DTD is loaded; internal entities declared in the
//! document's own DOCTYPE are expanded at most [`MAX_ENTITY_DEPTH`] deep and to at most
//! [`MAX_ENTITY_EXPANSION`] bytes in all; elements may nest at most [`MAX_DEPTH`] deep.

use std::io::Read;
use std::path::Path;

use super::stream::{self, Item, Parser, Pos, RawElement, RawNode};
pub use super::stream::{MAX_DEPTH, MAX_ENTITY_DEPTH, MAX_ENTITY_EXPANSION};
use super::{Attrs, Element, Header, Meta, Node, Note, Prop, Tmx, Tu, Tuv};
use crate::error::{Error, Result};

/// Reads the TMX file at `path` (`-` for standard input) whole.
pub fn read_file(path: &Path) -> Result<Tmx> {
    TmxReader::open(path)?.into_tmx()
}

/// Reads a TMX from bytes (UTF-8, with or without BOM, or UTF-16 with BOM). `path` is for messages.
pub fn read_bytes(bytes: &[u8], path: &Path) -> Result<Tmx> {
    read_from(Box::new(bytes), path)
}

/// Reads a TMX from text. `path` is for messages.
pub fn read_str(text: &str, path: &Path) -> Result<Tmx> {
    read_bytes(text.as_bytes(), path)
}

fn read_from(inner: Box<dyn Read + '_>, path: &Path) -> Result<Tmx> {
    TmxReader::from_read(inner, path)?.into_tmx()
}

/// A streaming TMX reader: the `tmx` attributes and the header are read when it is made, then
/// each call of [`next_tu`](TmxReader::next_tu) (or the iterator) reads one `tu`.
///
/// ```
/// use hanalign::tmx::{self, Tmx, Tu, TmxReader};
///
/// let mut doc = Tmx::new("zh-TW");
/// doc.tus.push(Tu::pair("zh-TW", "一", "en-US", "one"));
/// doc.tus.push(Tu::pair("zh-TW", "二", "en-US", "two"));
/// let mut bytes = Vec::new();
/// tmx::write(&doc, &mut bytes).unwrap();
/// let mut r = TmxReader::from_read(Box::new(&bytes[..]), "m.tmx".as_ref()).unwrap();
/// assert_eq!(r.header().attrs.get("srclang"), Some("zh-TW"));
/// let texts: Vec<String> = r.map(|tu| tu.unwrap().tuvs[1].text()).collect();
/// assert_eq!(texts, ["one", "two"]);
/// ```
pub struct TmxReader<'r> {
    parser: Parser<Box<dyn Read + 'r>>,
    attrs: Attrs,
    header: Header,
    root: Pos,
    state: State,
    tus: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Inside `body`.
    Body,
    /// After `body`, before the end of `tmx`.
    AfterBody,
    /// Done (or failed).
    Done,
}

impl<'r> TmxReader<'r> {
    /// Opens the file at `path` (`-` for standard input).
    pub fn open(path: &Path) -> Result<TmxReader<'static>> {
        let (src, _) = stream::open(path)?;
        TmxReader::start(Parser::new(src, path))
    }

    /// Reads from any reader (UTF-8 with or without BOM, or UTF-16 with BOM). `path` is for messages.
    pub fn from_read(inner: Box<dyn Read + 'r>, path: &Path) -> Result<TmxReader<'r>> {
        let (src, _) = stream::from_read(inner, path)?;
        TmxReader::start(Parser::new(src, path))
    }

    fn start(mut parser: Parser<Box<dyn Read + 'r>>) -> Result<TmxReader<'r>> {
        let root = match parser.next_item()? {
            Item::Open(root) => root,
            _ => unreachable_root(&parser)?,
        };
        let path = parser.path().to_path_buf();
        let err = |pos: Pos, msg: String| Error::parse(pos.location(&path), msg);
        if root.name != "tmx" {
            return Err(err(
                root.pos,
                format!("not a TMX file: the root element is <{}>, not <tmx>", root.name),
            ));
        }
        let mut header: Option<Header> = None;
        loop {
            match parser.next_item()? {
                Item::Element(e) if e.name == "header" && header.is_none() => {
                    header = Some(Header {
                        attrs: Attrs(e.attrs),
                        meta: child_elements(e.children).map(meta).collect(),
                    });
                }
                Item::Open(body) | Item::Element(body) if body.name == "body" => {
                    let Some(header) = header else {
                        return Err(err(root.pos, "<tmx> has no <header> before its <body>".into()));
                    };
                    let empty = body.children.is_empty() && parser.depth() == 1;
                    let state = if empty { State::AfterBody } else { State::Body };
                    return Ok(TmxReader {
                        parser,
                        attrs: Attrs(root.attrs),
                        header,
                        root: root.pos,
                        state,
                        tus: 0,
                    });
                }
                Item::Element(_) | Item::Text { .. } => {}
                Item::Open(_) => {}
                Item::Close { .. } | Item::End => {
                    let what = if header.is_none() { "<header>" } else { "<body>" };
                    return Err(err(root.pos, format!("<tmx> has no {what}")));
                }
            }
        }
    }

    /// The `tmx` element's attributes.
    pub fn attrs(&self) -> &Attrs {
        &self.attrs
    }

    /// The header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// A document with this reader's attributes and header and no units (to fill, or to write the
    /// units of another memory under).
    pub fn empty_tmx(&self) -> Tmx {
        Tmx { attrs: self.attrs.clone(), header: self.header.clone(), tus: Vec::new() }
    }

    /// Units read so far.
    pub fn tus_read(&self) -> u64 {
        self.tus
    }

    /// The next unit, or `None` at the end of the document (which is checked to be well-formed
    /// to its last byte).
    pub fn next_tu(&mut self) -> Result<Option<Tu>> {
        loop {
            if self.state == State::Done {
                return Ok(None);
            }
            let item = match self.parser.next_item() {
                Ok(i) => i,
                Err(e) => {
                    self.state = State::Done;
                    return Err(e);
                }
            };
            match item {
                Item::Element(e) if self.state == State::Body && e.name == "tu" => {
                    self.tus += 1;
                    return Ok(Some(tu(e)));
                }
                Item::Close { name, .. } if self.state == State::Body && name == "body" => {
                    self.state = State::AfterBody;
                }
                Item::End => self.state = State::Done,
                _ => {}
            }
        }
    }

    /// Reads the remaining units into a whole document.
    pub fn into_tmx(mut self) -> Result<Tmx> {
        let mut tmx = self.empty_tmx();
        while let Some(tu) = self.next_tu()? {
            tmx.tus.push(tu);
        }
        let _ = self.root;
        Ok(tmx)
    }
}

impl Iterator for TmxReader<'_> {
    type Item = Result<Tu>;

    fn next(&mut self) -> Option<Result<Tu>> {
        self.next_tu().transpose()
    }
}

fn unreachable_root<R: Read>(parser: &Parser<R>) -> Result<RawElement> {
    // The parser hands out the root as `Open` first or fails; anything else is a bug we report
    // as a parse error rather than a panic.
    Err(Error::parse(Pos { offset: 0, line: 1, col: 1 }.location(parser.path()), "no root element"))
}

/// Maps one parsed `tu` onto the model, moving its strings.
fn tu(tu: RawElement) -> Tu {
    let line = Some(tu.pos.line);
    let mut out = Tu { attrs: Attrs(tu.attrs), meta: Vec::new(), tuvs: Vec::new(), line };
    for c in child_elements(tu.children) {
        if c.name == "tuv" {
            let mut tuv = Tuv { attrs: Attrs(c.attrs), meta: Vec::new(), seg: Vec::new() };
            for d in child_elements(c.children) {
                if d.name == "seg" {
                    tuv.seg = nodes(d.children);
                } else {
                    tuv.meta.push(meta(d));
                }
            }
            out.tuvs.push(tuv);
        } else {
            out.meta.push(meta(c));
        }
    }
    out
}

fn child_elements(children: Vec<RawNode>) -> impl Iterator<Item = RawElement> {
    children.into_iter().filter_map(|c| if let RawNode::Element(e) = c { Some(e) } else { None })
}

fn text_of(children: Vec<RawNode>) -> String {
    let mut out = String::new();
    for c in children {
        if let RawNode::Text { text, .. } = c {
            if out.is_empty() {
                out = text;
            } else {
                out.push_str(&text);
            }
        }
    }
    out
}

fn meta(e: RawElement) -> Meta {
    match e.name.as_ref() {
        "note" => Meta::Note(Note { attrs: Attrs(e.attrs), text: text_of(e.children) }),
        "prop" => Meta::Prop(Prop { attrs: Attrs(e.attrs), value: text_of(e.children) }),
        _ => Meta::Other(element(e)),
    }
}

fn element(e: RawElement) -> Element {
    Element { name: e.name.into_owned(), attrs: Attrs(e.attrs), children: nodes(e.children) }
}

fn nodes(raw: Vec<RawNode>) -> Vec<Node> {
    let mut out: Vec<Node> = Vec::new();
    for n in raw {
        match n {
            RawNode::Text { text, .. } => match out.last_mut() {
                Some(Node::Text(prev)) => prev.push_str(&text),
                _ if text.is_empty() => {}
                _ => out.push(Node::Text(text)),
            },
            RawNode::Element(e) => out.push(Node::Element(element(e))),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Result<Tmx> {
        read_str(s, Path::new("t.tmx"))
    }

    const SMALL: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
<header creationtool="X" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en"
  srclang="zh-TW" datatype="plaintext"><prop type="x-team">A &amp; B</prop><ude name="u"><map unicode="#xE000"/></ude></header>
<body>
<tu tuid="7" creationdate="20250101T000000Z"><note>check</note><prop type="x-unknown">v</prop>
<tuv xml:lang="zh-TW"><seg>按<bpt i="1">&lt;b&gt;</bpt>這裡<ept i="1">&lt;/b&gt;</ept>&#x4E00;</seg></tuv>
<tuv lang="EN-US"><prop type="x-t">p</prop><seg>Click <ph x="2">&lt;br/&gt;</ph><![CDATA[<here>]]></seg></tuv>
</tu>
</body>
</tmx>
"##;

    #[test]
    fn keeps_what_it_does_not_interpret() {
        let t = read(SMALL).unwrap();
        assert_eq!(t.srclang(), Some("zh-TW"));
        assert_eq!(t.header.meta.len(), 2);
        assert!(matches!(&t.header.meta[0], Meta::Prop(p) if p.value == "A & B"));
        assert!(matches!(&t.header.meta[1], Meta::Other(e) if e.name == "ude"));
        let tu = &t.tus[0];
        assert_eq!(tu.line, Some(7));
        assert_eq!(tu.attrs.get("creationdate"), Some("20250101T000000Z"));
        assert_eq!(tu.notes().next().unwrap().text, "check");
        assert_eq!(tu.prop("x-unknown"), Some("v"));
        assert_eq!(tu.tuvs[0].text(), "按這裡一");
        assert!(tu.tuvs[0].has_codes());
        assert_eq!(tu.tuv("en-us").unwrap().text(), "Click <here>");
        let Node::Element(bpt) = &tu.tuvs[0].seg[1] else { panic!() };
        assert_eq!((bpt.name.as_str(), bpt.attrs.get("i")), ("bpt", Some("1")));
        assert_eq!(bpt.children, vec![Node::Text("<b>".into())]);
    }

    #[test]
    fn read_write_keeps_unknown_content() {
        let mut out = Vec::new();
        crate::tmx::write(&read(SMALL).unwrap(), &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        for kept in [
            "<prop type=\"x-team\">A &amp; B</prop>",
            "<ude name=\"u\"><map unicode=\"#xE000\"/></ude>",
            "<tu tuid=\"7\" creationdate=\"20250101T000000Z\">",
            "<note>check</note>",
            "<prop type=\"x-unknown\">v</prop>",
            "<seg>按<bpt i=\"1\">&lt;b&gt;</bpt>這裡<ept i=\"1\">&lt;/b&gt;</ept>一</seg>",
            "<tuv lang=\"EN-US\">",
            "<seg>Click <ph x=\"2\">&lt;br/&gt;</ph>&lt;here&gt;</seg>",
        ] {
            assert!(s.contains(kept), "lost {kept} in\n{s}");
        }
    }

    #[test]
    fn errors_name_line_and_column() {
        let at = |e: &crate::Error| match e.kind() {
            crate::ErrorKind::Parse { location, .. } => (location.path.clone(), location.line),
            _ => panic!("not a parse error: {e}"),
        };
        let e = read("<tmx version=\"1.4\">\n<header/>\n<body>\n  <tu></tuv>\n</body></tmx>").unwrap_err();
        assert_eq!(at(&e), (Some("t.tmx".into()), Some(4)), "{e}");
        assert!(e.to_string().starts_with("t.tmx:4:"), "{e}");
        let e = read("<tmx>\n <header/><body>&nope;</body></tmx>").unwrap_err();
        assert_eq!(at(&e).1, Some(2), "{e}");
        assert!(e.to_string().contains("undefined entity"), "{e}");
        let e = read("<xliff/>").unwrap_err().to_string();
        assert!(e.contains("not a TMX file"), "{e}");
        let e = read("").unwrap_err().to_string();
        assert!(e.contains("no root element"), "{e}");
    }

    #[test]
    fn never_resolves_external_entities() {
        let doc = "<!DOCTYPE tmx [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n\
                   <tmx><header/><body><tu><tuv xml:lang=\"en\"><seg>&xxe;</seg></tuv></tu></body></tmx>";
        let e = read(doc).unwrap_err().to_string();
        assert!(e.contains("external entity") && e.starts_with("t.tmx:2:"), "{e}");
    }

    #[test]
    fn internal_entities_expand_within_bounds() {
        let doc = "<!DOCTYPE tmx [<!ENTITY co \"Meta &amp; co\">]>\n\
                   <tmx><header/><body><tu><tuv xml:lang=\"en\"><seg>&co;</seg></tuv></tu></body></tmx>";
        assert_eq!(read(doc).unwrap().tus[0].tuvs[0].text(), "Meta & co");

        let mut dtd = String::from("<!DOCTYPE tmx [<!ENTITY l0 \"lol\">");
        for i in 1..10 {
            let p = format!("&l{};", i - 1);
            dtd.push_str(&format!("<!ENTITY l{i} \"{}\">", p.repeat(10)));
        }
        dtd.push_str(
            "]>\n<tmx><header/><body><tu><tuv xml:lang=\"en\"><seg>&l9;</seg></tuv></tu></body></tmx>",
        );
        let e = read(&dtd).unwrap_err().to_string();
        assert!(e.contains("entity expansion exceeds"), "{e}");

        let e = read("<!DOCTYPE tmx [<!ENTITY a \"&a;\">]><tmx><header/><body>&a;</body></tmx>")
            .unwrap_err()
            .to_string();
        assert!(e.contains("nest deeper"), "{e}");
    }

    #[test]
    fn attributes_are_normalised() {
        let doc = "<tmx><header a=\"x&#9;y\nz &lt;\"/><body/></tmx>";
        let t = read(doc).unwrap();
        assert_eq!(t.header.attrs.get("a"), Some("x\ty z <"));
    }

    #[test]
    fn positions_count_characters_and_lines() {
        let e = read("<tmx>\n<header/><body>\n漢字&nope;</body></tmx>").unwrap_err();
        let location = e.location().expect("a parse error has a location");
        assert_eq!((location.line, location.col), (Some(3), Some(3)), "{e}");
        // an error inside a start tag is placed where quick-xml found it
        let e = read("<tmx>\n<header a=\"1\" a=\"2\"/><body/></tmx>").unwrap_err().to_string();
        assert!(e.starts_with("t.tmx:2:1:") && e.contains("repeats attribute"), "{e}");
    }
}
