//! Reading TMX: a quick-xml event parser that keeps what it does not interpret.
//!
//! The document is first read into a small tree of elements and text pieces, each with its byte
//! offset (so every error and every validator finding names line and column), then mapped onto
//! the [`Tmx`] model. Safety: external entities (`SYSTEM`/`PUBLIC`) are never resolved and no DTD
//! is loaded; internal entities declared in the document's own DOCTYPE are expanded at most
//! [`MAX_ENTITY_DEPTH`] deep and to at most [`MAX_ENTITY_EXPANSION`] bytes in all.

use std::collections::HashMap;
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{Attrs, Element, Header, Meta, Node, Note, Prop, Tmx, Tu, Tuv};
use crate::error::{Error, Location, Result};

/// How deeply entity references may nest.
pub const MAX_ENTITY_DEPTH: usize = 16;
/// How many bytes entity expansion may produce in one document (character references and the five
/// predefined entities do not count).
pub const MAX_ENTITY_EXPANSION: usize = 1 << 20;

/// Reads the TMX file at `path`.
pub fn read_file(path: &Path) -> Result<Tmx> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    read_bytes(&bytes, path)
}

/// Reads a TMX from bytes (UTF-8, with or without BOM, or UTF-16 with BOM). `path` is for messages.
pub fn read_bytes(bytes: &[u8], path: &Path) -> Result<Tmx> {
    let text = crate::input::decode(bytes, path)?;
    read_str(&text, path)
}

/// Reads a TMX from text. `path` is for messages.
pub fn read_str(text: &str, path: &Path) -> Result<Tmx> {
    let doc = parse_tree(text, path)?;
    to_model(doc.root, &doc.lines, path)
}

/// Maps byte offsets in a text to 1-based line and column (in characters).
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// (line, column) of byte offset `pos`, both 1-based.
    pub fn line_col(&self, pos: usize) -> (u64, u64) {
        let pos = pos.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= pos) - 1;
        let start = self.starts[line];
        let mut end = pos;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = self.text[start..end].chars().count() + 1;
        (line as u64 + 1, col as u64)
    }

    /// A [`Location`] in `path` for byte offset `pos`.
    pub fn location(&self, path: &Path, pos: usize) -> Location {
        let (l, c) = self.line_col(pos);
        Location::file(path).with_line(l).with_col(c)
    }
}

/// A parsed XML document: the root element and the line index of its text.
#[derive(Debug)]
pub struct Tree<'a> {
    /// The root element.
    pub root: RawElement,
    /// For turning offsets into line and column.
    pub lines: LineIndex<'a>,
    /// The `<?xml …?>` declaration's `encoding`, if any.
    pub declared_encoding: Option<String>,
}

/// An element as parsed, with the byte offset of its `<`.
#[derive(Debug, Clone)]
pub struct RawElement {
    /// Name as written.
    pub name: String,
    /// Attributes, values unescaped and normalised, each with the offset of its name.
    pub attrs: Vec<(String, String, usize)>,
    /// Content.
    pub children: Vec<RawNode>,
    /// Byte offset of the start tag.
    pub pos: usize,
    /// Byte offset just after the end tag (or the empty tag).
    pub end: usize,
}

/// A piece of content as parsed.
#[derive(Debug, Clone)]
pub enum RawNode {
    /// A child element.
    Element(RawElement),
    /// Character data: a run of text, a CDATA section, or the expansion of one reference.
    Text {
        /// The text (line ends normalised, references resolved).
        text: String,
        /// Byte offset where it starts.
        pos: usize,
        /// True when it came from a character or entity reference (so offsets inside it do not
        /// map to the file).
        from_ref: bool,
    },
}

impl RawElement {
    /// The value of attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _, _)| k == name).map(|(_, v, _)| v.as_str())
    }

    /// The concatenated character data directly inside this element.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for c in &self.children {
            if let RawNode::Text { text, .. } = c {
                s.push_str(text);
            }
        }
        s
    }

    /// Child elements.
    pub fn elements(&self) -> impl Iterator<Item = &RawElement> {
        self.children.iter().filter_map(|c| if let RawNode::Element(e) = c { Some(e) } else { None })
    }
}

#[derive(Debug, Clone)]
enum Entity {
    Internal(String),
    External,
}

struct Entities {
    decls: HashMap<String, Entity>,
    expanded: usize,
}

impl Entities {
    /// The replacement text of `&name;` (predefined, declared internal), or why not.
    fn resolve(&mut self, name: &str, depth: usize) -> std::result::Result<String, String> {
        if let Some(c) = predefined(name) {
            return Ok(c.to_string());
        }
        if depth > MAX_ENTITY_DEPTH {
            return Err(format!("entity references nest deeper than {MAX_ENTITY_DEPTH}"));
        }
        let value = match self.decls.get(name) {
            None => {
                return Err(format!(
                    "undefined entity `&{name};` (hanalign never loads external DTDs; use a character \
                     reference or the five predefined entities)"
                ));
            }
            Some(Entity::External) => {
                return Err(format!("external entity `&{name};` is never resolved (it could read any file)"));
            }
            Some(Entity::Internal(v)) => v.clone(),
        };
        let out = self.expand_text(&value, depth + 1)?;
        self.expanded += out.len();
        if self.expanded > MAX_ENTITY_EXPANSION {
            return Err(format!(
                "entity expansion exceeds {MAX_ENTITY_EXPANSION} bytes (a \"billion laughs\" document?)"
            ));
        }
        Ok(out)
    }

    /// Resolves the references in an entity's replacement text.
    fn expand_text(&mut self, raw: &str, depth: usize) -> std::result::Result<String, String> {
        let mut out = String::new();
        let mut rest = raw;
        while let Some(i) = rest.find(['&', '<']) {
            out.push_str(&rest[..i]);
            if rest.as_bytes()[i] == b'<' {
                return Err("entities whose text contains markup are not supported".into());
            }
            let Some(j) = rest[i..].find(';') else {
                return Err("`&` without `;` in an entity's text".into());
            };
            let name = &rest[i + 1..i + j];
            match name.strip_prefix('#') {
                Some(num) => out.push(char_ref(num)?),
                None => out.push_str(&self.resolve(name, depth)?),
            }
            rest = &rest[i + j + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

fn predefined(name: &str) -> Option<&'static str> {
    Some(match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "apos" => "'",
        "quot" => "\"",
        _ => return None,
    })
}

/// The character of a numeric reference body (`#` removed): `x1F600` or `128512`.
fn char_ref(num: &str) -> std::result::Result<char, String> {
    let code = match num.strip_prefix('x') {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u32::from_str_radix(hex, 16).ok()
        }
        None if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) => num.parse::<u32>().ok(),
        _ => None,
    };
    match code.and_then(char::from_u32) {
        Some('\0') | None => Err(format!("`&#{num};` is not a valid character reference")),
        Some(c) => Ok(c),
    }
}

/// Parses the internal subset of a DOCTYPE for `<!ENTITY …>` declarations.
fn parse_doctype(content: &str) -> HashMap<String, Entity> {
    let mut decls = HashMap::new();
    let Some(open) = content.find('[') else { return decls };
    let subset = &content[open + 1..];
    let mut i = 0;
    let b = subset.as_bytes();
    while i < b.len() {
        if subset[i..].starts_with("<!--") {
            i = subset[i..].find("-->").map_or(b.len(), |j| i + j + 3);
        } else if subset[i..].starts_with("<!ENTITY") {
            let end = decl_end(subset, i);
            let decl = &subset[i + 8..end.saturating_sub(1).max(i + 8)];
            let words = decl.trim_start();
            if words.starts_with('%') {
                i = end; // a parameter entity: never used in content, ignored
                continue;
            }
            let name_end = words.find(|c: char| c.is_whitespace()).unwrap_or(words.len());
            let name = words[..name_end].to_string();
            let rest = words[name_end..].trim_start();
            let entity = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &rest[1..];
                    Entity::Internal(body[..body.find(q).unwrap_or(body.len())].to_string())
                }
                _ => Entity::External,
            };
            if !name.is_empty() && predefined(&name).is_none() {
                decls.entry(name).or_insert(entity); // the first declaration binds (XML 1.0 §4.2)
            }
            i = end;
        } else if subset[i..].starts_with("<!") || subset[i..].starts_with("<?") {
            i = decl_end(subset, i);
        } else {
            i += subset[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    decls
}

/// The offset just past the `>` that closes the declaration starting at `start`, skipping quotes.
fn decl_end(s: &str, start: usize) -> usize {
    let mut quote = None;
    for (j, c) in s[start..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return start + j + 1,
            _ => {}
        }
    }
    s.len()
}

/// Elements whose content is only elements: whitespace between their children is layout.
const STRUCTURAL: &[&str] = &["tmx", "header", "body", "tu", "tuv"];

/// Parses `text` as XML into a [`Tree`]. Errors name the line and column.
pub fn parse_tree<'a>(text: &'a str, path: &Path) -> Result<Tree<'a>> {
    let lines = LineIndex::new(text);
    let err = |pos: usize, msg: String| Error::parse(lines.location(path, pos), msg);
    let mut reader = Reader::from_str(text);
    let mut entities = Entities { decls: HashMap::new(), expanded: 0 };
    let mut stack: Vec<RawElement> = Vec::new();
    let mut root: Option<RawElement> = None;
    let mut declared_encoding = None;
    loop {
        let pos = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let at = reader.error_position() as usize;
                return Err(err(at, format!("not well-formed XML: {e}")));
            }
        };
        let end = reader.buffer_position() as usize;
        match event {
            Event::Start(s) | Event::Empty(s) if root.is_some() => {
                return Err(err(pos, format!("content after the root element: <{}>", s.name().as_ref())));
            }
            Event::Start(s) => {
                let el = start_element(&s, pos, &mut entities, &lines, path)?;
                stack.push(el);
            }
            Event::Empty(s) => {
                let mut el = start_element(&s, pos, &mut entities, &lines, path)?;
                el.end = end;
                push_child(&mut stack, &mut root, RawNode::Element(el));
            }
            Event::End(_) => {
                // quick-xml checks that end names match their start.
                let Some(mut el) = stack.pop() else {
                    return Err(err(pos, "end tag without a start tag".into()));
                };
                el.end = end;
                push_child(&mut stack, &mut root, RawNode::Element(el));
            }
            Event::Text(t) => {
                let s = t.xml10_content();
                let blank = s.trim().is_empty();
                match stack.last() {
                    None if blank => {}
                    None => return Err(err(pos, "text outside the root element".into())),
                    // Layout between the elements of element-only content carries nothing.
                    Some(p) if blank && STRUCTURAL.contains(&p.name.as_str()) => {}
                    Some(_) => {
                        let text = s.into_owned();
                        push_child(&mut stack, &mut root, RawNode::Text { text, pos, from_ref: false });
                    }
                }
            }
            Event::CData(t) => {
                if stack.is_empty() {
                    return Err(err(pos, "CDATA outside the root element".into()));
                }
                let s = t.xml10_content().into_owned();
                push_child(&mut stack, &mut root, RawNode::Text { text: s, pos: pos + 9, from_ref: false });
            }
            Event::GeneralRef(r) => {
                if stack.is_empty() {
                    return Err(err(pos, "reference outside the root element".into()));
                }
                let name: &str = &r;
                let s = match name.strip_prefix('#') {
                    Some(num) => char_ref(num).map(String::from),
                    None => entities.resolve(name, 0),
                }
                .map_err(|m| err(pos, m))?;
                push_child(&mut stack, &mut root, RawNode::Text { text: s, pos, from_ref: true });
            }
            Event::DocType(d) => {
                entities.decls = parse_doctype(&d.xml10_content());
            }
            Event::Decl(d) => {
                if let Some(Ok(enc)) = d.encoding() {
                    declared_encoding = Some(enc.into_owned());
                }
            }
            Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(err(
            text.len(),
            format!("the document ends inside <{}> (opened at {})", open.name, {
                let (l, c) = lines.line_col(open.pos);
                format!("line {l}, column {c}")
            }),
        ));
    }
    match root {
        Some(root) => Ok(Tree { root, lines, declared_encoding }),
        None => Err(err(0, "no root element: the file is empty or not XML".into())),
    }
}

fn push_child(stack: &mut [RawElement], root: &mut Option<RawElement>, node: RawNode) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(node),
        None => {
            if let RawNode::Element(e) = node {
                *root = Some(e);
            }
        }
    }
}

fn start_element(
    s: &quick_xml::events::BytesStart<'_>,
    pos: usize,
    entities: &mut Entities,
    lines: &LineIndex<'_>,
    path: &Path,
) -> Result<RawElement> {
    let name = s.name().as_ref().to_string();
    let mut attrs: Vec<(String, String, usize)> = Vec::new();
    for a in s.attributes() {
        let a = a.map_err(|e| {
            Error::parse(lines.location(path, pos), format!("bad attribute in <{name}>: {e}"))
        })?;
        let key = a.key.as_ref().to_string();
        let raw: &str = &a.value;
        let value = attr_value(raw, entities).map_err(|m| {
            Error::parse(lines.location(path, pos), format!("attribute `{key}` of <{name}>: {m}"))
        })?;
        if attrs.iter().any(|(k, _, _)| *k == key) {
            return Err(Error::parse(
                lines.location(path, pos),
                format!("<{name}> repeats attribute `{key}`"),
            ));
        }
        attrs.push((key, value, pos));
    }
    Ok(RawElement { name, attrs, children: Vec::new(), pos, end: pos })
}

/// Unescapes and normalises an attribute value (XML 1.0 §3.3.3: literal tab, CR, LF → space).
fn attr_value(raw: &str, entities: &mut Entities) -> std::result::Result<String, String> {
    let raw = raw.replace("\r\n", "\n");
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw.as_str();
    loop {
        let i = rest.find('&').unwrap_or(rest.len());
        out.extend(rest[..i].chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }));
        if i == rest.len() {
            break;
        }
        if rest[..i].contains('<') {
            return Err("`<` is not allowed in an attribute value".into());
        }
        let Some(j) = rest[i..].find(';') else { return Err("`&` without `;`; write `&amp;`".into()) };
        let name = &rest[i + 1..i + j];
        match name.strip_prefix('#') {
            Some(num) => out.push(char_ref(num)?),
            None => {
                let v = entities.resolve(name, 0)?;
                out.extend(v.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }));
            }
        }
        rest = &rest[i + j + 1..];
    }
    Ok(out)
}

/// Maps a parsed tree onto the model, moving its strings.
fn to_model(root: RawElement, lines: &LineIndex<'_>, path: &Path) -> Result<Tmx> {
    let err = |pos: usize, msg: String| Error::parse(lines.location(path, pos), msg);
    if root.name != "tmx" {
        return Err(err(root.pos, format!("not a TMX file: the root element is <{}>, not <tmx>", root.name)));
    }
    let root_pos = root.pos;
    let attrs = plain_attrs(root.attrs);
    let (mut header, mut body) = (None, None);
    for c in root.children {
        if let RawNode::Element(e) = c {
            match e.name.as_str() {
                "header" if header.is_none() => header = Some(e),
                "body" if body.is_none() => body = Some(e),
                _ => {}
            }
        }
    }
    let header = header.ok_or_else(|| err(root_pos, "<tmx> has no <header>".into()))?;
    let body = body.ok_or_else(|| err(root_pos, "<tmx> has no <body>".into()))?;
    let mut tmx = Tmx {
        attrs,
        header: Header {
            attrs: plain_attrs(header.attrs),
            meta: child_elements(header.children).map(meta).collect(),
        },
        tus: Vec::new(),
    };
    for tu in child_elements(body.children).filter(|e| e.name == "tu") {
        let line = Some(lines.line_col(tu.pos).0);
        let mut out = Tu { attrs: plain_attrs(tu.attrs), meta: Vec::new(), tuvs: Vec::new(), line };
        for c in child_elements(tu.children) {
            if c.name == "tuv" {
                let mut tuv = Tuv { attrs: plain_attrs(c.attrs), meta: Vec::new(), seg: Vec::new() };
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
        tmx.tus.push(out);
    }
    Ok(tmx)
}

fn child_elements(children: Vec<RawNode>) -> impl Iterator<Item = RawElement> {
    children.into_iter().filter_map(|c| if let RawNode::Element(e) = c { Some(e) } else { None })
}

fn plain_attrs(attrs: Vec<(String, String, usize)>) -> Attrs {
    Attrs(attrs.into_iter().map(|(k, v, _)| (k, v)).collect())
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
    match e.name.as_str() {
        "note" => Meta::Note(Note { attrs: plain_attrs(e.attrs), text: text_of(e.children) }),
        "prop" => Meta::Prop(Prop { attrs: plain_attrs(e.attrs), value: text_of(e.children) }),
        _ => Meta::Other(element(e)),
    }
}

fn element(e: RawElement) -> Element {
    Element { name: e.name, attrs: plain_attrs(e.attrs), children: nodes(e.children) }
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
        let e = read("<tmx version=\"1.4\">\n<header/>\n<body>\n  <tu></tuv>\n</body></tmx>").unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("t.tmx:4:"), "{msg}");
        let e = read("<tmx>\n <header/><body>&nope;</body></tmx>").unwrap_err().to_string();
        assert!(e.starts_with("t.tmx:2:") && e.contains("undefined entity"), "{e}");
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
    fn line_index() {
        let li = LineIndex::new("ab\n漢字x\n");
        assert_eq!(li.line_col(0), (1, 1));
        assert_eq!(li.line_col(3), (2, 1));
        assert_eq!(li.line_col(9), (2, 3));
        assert_eq!(li.line_col(100), (3, 1));
    }
}
