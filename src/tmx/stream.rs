//! The streaming core under every TMX reader: a counting byte source and an XML parser that hands
//! out one top-level piece at a time (the header, each `tu`), so memory stays bounded by the
//! largest unit, not the file.
//!
//! [`Source`] is a `BufRead` that keeps line and column (in characters) of what the XML parser has
//! consumed, checks UTF-8 as it goes, and can note control characters for the validator. It keeps
//! the bytes of the event being parsed, so an error inside an event is placed exactly.
//! [`Parser`] builds [`RawElement`] subtrees below the streamed containers (the root and `body`)
//! and refuses documents nested deeper than [`MAX_DEPTH`], so no later recursive walk can
//! overflow the stack.

use std::collections::{HashMap, HashSet};
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::error::{Error, Location, Result};

/// How deeply elements may nest (`tmx` is depth 1; real memories stay under 20).
pub const MAX_DEPTH: usize = 256;
/// How deeply entity references may nest.
pub const MAX_ENTITY_DEPTH: usize = 16;
/// How many bytes entity expansion may produce in one document (character references and the five
/// predefined entities do not count).
pub const MAX_ENTITY_EXPANSION: usize = 1 << 20;

/// A place in the input: byte offset (of the decoded text), 1-based line and column (characters).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pos {
    /// Byte offset.
    pub offset: u64,
    /// 1-based line.
    pub line: u64,
    /// 1-based column, in characters.
    pub col: u64,
}

impl Pos {
    /// A [`Location`] in `path`.
    pub fn location(&self, path: &Path) -> Location {
        Location::file(path).with_line(self.line).with_col(self.col)
    }

    /// This position moved over `bytes` (valid UTF-8 or not: columns count lead bytes).
    fn advanced(mut self, bytes: &[u8]) -> Pos {
        self.offset += bytes.len() as u64;
        match memchr::memrchr(b'\n', bytes) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', bytes).count() as u64;
                self.col = 1 + char_count(&bytes[last + 1..]);
            }
            None => self.col += char_count(bytes),
        }
        self
    }
}

fn char_count(b: &[u8]) -> u64 {
    b.iter().filter(|&&x| (x as i8) >= -0x40).count() as u64
}

/// A control character found in the input: where, and which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Control {
    /// Where it starts.
    pub pos: Pos,
    /// The character.
    pub ch: char,
}

/// Why the bytes are not text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadText {
    /// Invalid UTF-8: the first bad byte (or `None` when the file ends inside a character).
    Utf8(Pos, Option<u8>),
    /// A NUL byte (binary data, or UTF-16 without a BOM).
    Nul(Pos),
}

/// A `BufRead` over any `Read` that tracks line and column of the consumed bytes, checks UTF-8,
/// and (optionally) notes control characters. Bytes since the last [`mark`](Source::mark) stay
/// in its buffer so any position inside the current event can be placed.
pub struct Source<R> {
    inner: R,
    buf: Vec<u8>,
    /// Index in `buf` of the mark.
    start: usize,
    pos: usize,
    filled: usize,
    here: Pos,
    mark: Pos,
    eof: bool,
    carry: Vec<u8>,
    carry_pos: Pos,
    bad: Option<BadText>,
    controls: Option<Vec<Control>>,
    /// A possible control character split over two consumed slices: its first bytes and position.
    ctl_carry: Vec<u8>,
    ctl_carry_pos: Pos,
}

const CHUNK: usize = 256 * 1024;

impl<R: Read> Source<R> {
    /// A source at line 1, column 1.
    pub fn new(inner: R) -> Source<R> {
        Source {
            inner,
            buf: vec![0; CHUNK],
            start: 0,
            pos: 0,
            filled: 0,
            here: Pos { offset: 0, line: 1, col: 1 },
            mark: Pos { offset: 0, line: 1, col: 1 },
            eof: false,
            carry: Vec::new(),
            carry_pos: Pos::default(),
            bad: None,
            controls: None,
            ctl_carry: Vec::new(),
            ctl_carry_pos: Pos::default(),
        }
    }

    /// Starts noting control characters (see [`take_controls`](Source::take_controls)).
    pub fn note_controls(&mut self) {
        self.controls = Some(Vec::new());
    }

    /// The control characters noted since the last call.
    pub fn take_controls(&mut self) -> Vec<Control> {
        self.controls.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// The first reason the input is not text, once found.
    pub fn bad(&self) -> Option<BadText> {
        self.bad
    }

    /// Where the consumed bytes end.
    pub fn here(&self) -> Pos {
        self.here
    }

    /// Remembers the current position: bytes from here on stay placeable.
    pub fn mark(&mut self) {
        self.start = self.pos;
        self.mark = self.here;
    }

    /// The position of byte `offset`, which must lie between the mark and the consumed end
    /// (clamped otherwise).
    pub fn pos_at(&self, offset: u64) -> Pos {
        let offset = offset.clamp(self.mark.offset, self.here.offset);
        let n = (offset - self.mark.offset) as usize;
        self.mark.advanced(&self.buf[self.start..self.start + n])
    }

    /// Skips `n` bytes without counting them (a byte order mark).
    fn skip_uncounted(&mut self, n: usize) {
        self.pos += n;
        self.start = self.pos;
    }

    fn check(&mut self, from: usize, to: usize) {
        let at = self.here;
        let data = &self.buf[from..to];
        // UTF-8, continuing a character split over two slices.
        if self.bad.is_none() {
            let mut rest = data;
            let mut base = 0usize;
            if !self.carry.is_empty() {
                let need = utf8_len(self.carry[0]) - self.carry.len();
                let take = need.min(rest.len());
                self.carry.extend_from_slice(&rest[..take]);
                rest = &rest[take..];
                base = take;
                if take == need {
                    if std::str::from_utf8(&self.carry).is_err() {
                        // The byte named is the one at the position given: the character's first,
                        // as when the whole character is in one slice.
                        self.bad = Some(BadText::Utf8(self.carry_pos, Some(self.carry[0])));
                    }
                    self.carry.clear();
                }
            }
            // The first problem in the slice wins, whichever kind: a NUL before invalid UTF-8 is
            // reported, as it is when the bytes come in smaller slices.
            let mut invalid: Option<(usize, BadText)> = None;
            if self.bad.is_none() {
                match std::str::from_utf8(rest) {
                    Ok(_) => {}
                    Err(e) => {
                        let v = e.valid_up_to();
                        let p = at.advanced(&data[..base + v]);
                        match e.error_len() {
                            Some(_) => invalid = Some((base + v, BadText::Utf8(p, Some(rest[v])))),
                            None => {
                                self.carry = rest[v..].to_vec();
                                self.carry_pos = p;
                            }
                        }
                    }
                }
            }
            if self.bad.is_none() {
                let valid = invalid.map_or(data.len(), |(at, _)| at);
                self.bad = match memchr::memchr(0, &data[..valid]) {
                    Some(i) => Some(BadText::Nul(at.advanced(&data[..i]))),
                    None => invalid.map(|(_, bad)| bad),
                };
            }
        }
        self.here = at.advanced(data);
        if self.controls.is_some() {
            self.scan_controls(from, to, at);
        }
    }

    fn scan_controls(&mut self, from: usize, to: usize, at: Pos) {
        let data = &self.buf[from..to];
        let suspicious =
            |b: u8| (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') | (b == 0x7F) | (b == 0xC2);
        let mut found: Vec<Control> = Vec::new();
        // A character split over the previous slice and this one.
        if !self.ctl_carry.is_empty() {
            let mut bytes = std::mem::take(&mut self.ctl_carry);
            let need = utf8_len(bytes[0]).saturating_sub(bytes.len()).min(data.len());
            bytes.extend_from_slice(&data[..need]);
            if let Ok(s) = std::str::from_utf8(&bytes)
                && let Some(c) = s.chars().next()
                && super::write::is_unwanted_control(c)
            {
                found.push(Control { pos: self.ctl_carry_pos, ch: c });
            }
        }
        let any = data.iter().fold(false, |acc, &b| acc | suspicious(b));
        let check_at = |i: usize, len: usize, found: &mut Vec<Control>, carry: &mut Vec<u8>| {
            if i + len > data.len() {
                carry.extend_from_slice(&data[i..]);
                return;
            }
            if let Ok(s) = std::str::from_utf8(&data[i..i + len])
                && let Some(c) = s.chars().next()
                && super::write::is_unwanted_control(c)
            {
                found.push(Control { pos: at.advanced(&data[..i]), ch: c });
            }
        };
        let mut carry = Vec::new();
        if any {
            for (i, &b) in data.iter().enumerate() {
                if suspicious(b) {
                    check_at(i, if b == 0xC2 { 2 } else { 1 }, &mut found, &mut carry);
                }
            }
        }
        // U+FFFE and U+FFFF: EF BF BE / EF BF BF.
        for i in memchr::memchr_iter(0xEF, data) {
            if data.len() - i < 3 || (data[i + 1] == 0xBF && data[i + 2] >= 0xBE) {
                check_at(i, 3, &mut found, &mut carry);
            }
        }
        if !carry.is_empty() {
            self.ctl_carry_pos = at.advanced(&data[..data.len() - carry.len()]);
            self.ctl_carry = carry;
        }
        found.sort_by_key(|c| c.pos.offset);
        if let Some(v) = self.controls.as_mut() {
            v.extend(found);
        }
    }
}

fn utf8_len(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let data = self.fill_buf()?;
        let n = data.len().min(out.len());
        out[..n].copy_from_slice(&data[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Source<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.filled && !self.eof {
            if self.start > 0 {
                self.buf.copy_within(self.start..self.filled, 0);
                self.pos -= self.start;
                self.filled -= self.start;
                self.start = 0;
            }
            if self.buf.len() - self.filled < CHUNK / 4 {
                let len = (self.buf.len() * 2).max(CHUNK);
                self.buf.resize(len, 0);
            }
            let n = loop {
                match self.inner.read(&mut self.buf[self.filled..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            };
            if n == 0 {
                self.eof = true;
                if !self.carry.is_empty() && self.bad.is_none() {
                    self.bad = Some(BadText::Utf8(self.carry_pos, None));
                }
            }
            self.filled += n;
        }
        Ok(&self.buf[self.pos..self.filled])
    }

    fn consume(&mut self, amt: usize) {
        let amt = amt.min(self.filled - self.pos);
        self.check(self.pos, self.pos + amt);
        self.pos += amt;
    }
}

/// What the source's first bytes say about its encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bom {
    /// No byte order mark.
    None,
    /// A UTF-8 byte order mark (skipped).
    Utf8,
    /// UTF-16 (the whole input was decoded first).
    Utf16,
}

/// Opens `path` (or standard input for `-`) as a source, skipping a UTF-8 BOM. UTF-16 input (with
/// a BOM) is decoded whole first: it is the one case whose memory grows with the file.
pub fn open(path: &Path) -> Result<(Source<Box<dyn Read>>, Bom)> {
    let inner: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| Error::io(path, e))?)
    };
    from_read(inner, path)
}

/// Wraps a reader as a source, skipping a UTF-8 BOM and decoding UTF-16 (see [`open`]).
pub fn from_read<'r>(inner: Box<dyn Read + 'r>, path: &Path) -> Result<(Source<Box<dyn Read + 'r>>, Bom)> {
    let mut src = Source::new(inner);
    let head = peek(&mut src, 3).map_err(|e| Error::io(path, e))?;
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        src.skip_uncounted(3);
        return Ok((src, Bom::Utf8));
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        let mut bytes = Vec::new();
        src.read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
        let text = crate::input::decode(&bytes, path)?;
        let inner: Box<dyn Read + 'r> = Box::new(io::Cursor::new(text.into_bytes()));
        return Ok((Source::new(inner), Bom::Utf16));
    }
    Ok((src, Bom::None))
}

fn peek<R: Read>(src: &mut Source<R>, n: usize) -> io::Result<Vec<u8>> {
    while src.filled - src.pos < n && !src.eof {
        // fill_buf only reads when the buffer is drained; read more directly.
        if src.buf.len() == src.filled {
            src.buf.resize(src.buf.len() * 2, 0);
        }
        let filled = src.filled;
        let k = src.inner.read(&mut src.buf[filled..])?;
        if k == 0 {
            src.eof = true;
        }
        src.filled += k;
    }
    Ok(src.buf[src.pos..src.filled.min(src.pos + n)].to_vec())
}

/// An element as parsed, with the position of its `<`.
#[derive(Debug, Clone)]
pub struct RawElement {
    /// Name as written.
    pub name: String,
    /// Attributes, values unescaped and normalised.
    pub attrs: Vec<(String, String)>,
    /// Content.
    pub children: Vec<RawNode>,
    /// Where the start tag begins.
    pub pos: Pos,
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
        /// Where it starts.
        pos: Pos,
        /// True when it came from a character or entity reference.
        from_ref: bool,
    },
}

impl RawElement {
    /// The value of attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Child elements.
    pub fn elements(&self) -> impl Iterator<Item = &RawElement> {
        self.children.iter().filter_map(|c| if let RawNode::Element(e) = c { Some(e) } else { None })
    }
}

/// One piece of a document, in document order.
#[derive(Debug)]
pub enum Item {
    /// The start tag of a streamed container (the root, or `body` directly inside it); its
    /// content follows as items and a [`Item::Close`].
    Open(RawElement),
    /// A complete element inside a streamed container, with all its content.
    Element(RawElement),
    /// Text directly inside a streamed container (layout whitespace between TMX's structural
    /// elements is dropped).
    Text {
        /// The text.
        text: String,
        /// Where it starts.
        pos: Pos,
        /// True when it came from a reference.
        from_ref: bool,
    },
    /// The end of a streamed container.
    Close {
        /// Its name.
        name: String,
        /// Where its end tag begins.
        pos: Pos,
    },
    /// The end of the document.
    End,
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
        Some(hex) if !hex.is_empty() && hex.len() <= 8 && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u32::from_str_radix(hex, 16).ok()
        }
        None if !num.is_empty() && num.len() <= 10 && num.bytes().all(|b| b.is_ascii_digit()) => {
            num.parse::<u32>().ok()
        }
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

/// A streaming XML parser over a [`Source`]: see [`Item`].
pub struct Parser<R: Read> {
    reader: Reader<Source<R>>,
    path: PathBuf,
    buf: Vec<u8>,
    entities: Entities,
    /// Open streamed containers: name and position.
    containers: Vec<(String, Pos)>,
    /// Elements being built (below the containers).
    building: Vec<RawElement>,
    root_seen: bool,
    root_done: bool,
    pending_close: Option<(String, Pos)>,
    finished: bool,
    /// The `<?xml …?>` declaration's `encoding`, if any.
    pub declared_encoding: Option<String>,
    /// Raw `]]>` found in character data (not well-formed XML, which quick-xml lets through).
    pub cdata_ends: Vec<Pos>,
    note_cdata_ends: bool,
}

impl<R: Read> Parser<R> {
    /// A parser over `src`; `path` names the input in errors.
    pub fn new(src: Source<R>, path: &Path) -> Parser<R> {
        Parser {
            reader: Reader::from_reader(src),
            path: path.to_path_buf(),
            buf: Vec::new(),
            entities: Entities { decls: HashMap::new(), expanded: 0 },
            containers: Vec::new(),
            building: Vec::new(),
            root_seen: false,
            root_done: false,
            pending_close: None,
            finished: false,
            declared_encoding: None,
            cdata_ends: Vec::new(),
            note_cdata_ends: false,
        }
    }

    /// Makes the parser note raw `]]>` in content (in [`cdata_ends`](Parser::cdata_ends)).
    pub fn note_cdata_ends(&mut self) {
        self.note_cdata_ends = true;
    }

    /// The source (for its control characters).
    pub fn source_mut(&mut self) -> &mut Source<R> {
        self.reader.get_mut()
    }

    /// The path the parser names in errors.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How deep the parser is (open containers and elements being built).
    pub fn depth(&self) -> usize {
        self.containers.len() + self.building.len()
    }

    fn err(&self, pos: Pos, msg: impl Into<String>) -> Error {
        Error::parse(pos.location(&self.path), msg.into())
    }

    fn text_error(&self, bad: BadText) -> Error {
        match bad {
            BadText::Utf8(p, b) => self.err(
                p,
                format!(
                    "not UTF-8 ({} at byte offset {}); convert the file to UTF-8 first, e.g. \
                     `iconv -f GB18030 -t UTF-8`",
                    match b {
                        Some(b) => format!("byte 0x{b:02X}"),
                        None => "the file ends inside a character".into(),
                    },
                    p.offset
                ),
            ),
            BadText::Nul(p) => self.err(
                p,
                "NUL byte: not a text file, or UTF-16 without a byte-order mark; save it as UTF-8 \
                 (or UTF-16 with a BOM)",
            ),
        }
    }

    /// The next item. After [`Item::End`] or an error, every call returns [`Item::End`].
    pub fn next_item(&mut self) -> Result<Item> {
        if let Some((name, pos)) = self.pending_close.take() {
            if self.containers.is_empty() {
                self.root_done = true;
            }
            return Ok(Item::Close { name, pos });
        }
        if self.finished {
            return Ok(Item::End);
        }
        let r = self.next_inner();
        if r.is_err() {
            self.finished = true;
        }
        r
    }

    fn next_inner(&mut self) -> Result<Item> {
        loop {
            self.reader.get_mut().mark();
            let pos = self.reader.get_ref().here();
            let depth = self.containers.len() + self.building.len();
            self.buf.clear();
            let ev = self.reader.read_event_into(&mut self.buf);
            if let Some(bad) = self.reader.get_ref().bad() {
                return Err(self.text_error(bad));
            }
            let ev = match ev {
                Ok(e) => e,
                Err(e) => {
                    let at = self.reader.get_ref().pos_at(self.reader.error_position());
                    return Err(self.err(at, format!("not well-formed XML: {e}")));
                }
            };
            let empty = matches!(ev, Event::Empty(_));
            match ev {
                Event::Start(s) | Event::Empty(s) => {
                    if self.root_done {
                        let name = s.name().as_ref().to_string();
                        return Err(self.err(pos, format!("content after the root element: <{name}>")));
                    }
                    let el = start_element(&s, pos, &mut self.entities, &self.path)?;
                    if self.depth() + 1 > MAX_DEPTH {
                        return Err(self.err(
                            pos,
                            format!(
                                "<{}> nests elements more than {MAX_DEPTH} deep; no TMX needs that, \
                                 hanalign refuses it",
                                el.name
                            ),
                        ));
                    }
                    let container = self.building.is_empty()
                        && (self.containers.is_empty() || (self.containers.len() == 1 && el.name == "body"));
                    if container {
                        self.root_seen = true;
                        if empty {
                            let name = el.name.clone();
                            if self.containers.is_empty() {
                                self.pending_close = Some((name, self.reader.get_ref().here()));
                            } else {
                                return Ok(Item::Element(el));
                            }
                        } else {
                            self.containers.push((el.name.clone(), pos));
                        }
                        return Ok(Item::Open(el));
                    }
                    if empty {
                        if let Some(item) = self.finish_child(RawNode::Element(el)) {
                            return Ok(item);
                        }
                    } else {
                        self.building.push(el);
                    }
                }
                Event::End(_) => {
                    // quick-xml checks that end names match their start.
                    if let Some(el) = self.building.pop() {
                        if let Some(item) = self.finish_child(RawNode::Element(el)) {
                            return Ok(item);
                        }
                    } else if let Some((name, _)) = self.containers.pop() {
                        if self.containers.is_empty() {
                            self.root_done = true;
                        }
                        return Ok(Item::Close { name, pos });
                    } else {
                        return Err(self.err(pos, "end tag without a start tag"));
                    }
                }
                Event::Text(t) => {
                    if self.note_cdata_ends
                        && let Some(i) = memchr::memmem::find(t.as_ref().as_bytes(), b"]]>")
                    {
                        let at = self.reader.get_ref().pos_at(pos.offset + i as u64);
                        self.cdata_ends.push(at);
                    }
                    let s = t.xml10_content();
                    let blank = s.trim().is_empty();
                    let parent = match self.building.last() {
                        Some(e) => Some(e.name.as_str()),
                        None => self.containers.last().map(|(n, _)| n.as_str()),
                    };
                    match parent {
                        None if blank => {}
                        None => return Err(self.err(pos, "text outside the root element")),
                        // Layout between the elements of element-only content carries nothing.
                        Some(p) if blank && STRUCTURAL.contains(&p) => {}
                        Some(_) => {
                            let text = s.into_owned();
                            if let Some(item) =
                                self.finish_child(RawNode::Text { text, pos, from_ref: false })
                            {
                                return Ok(item);
                            }
                        }
                    }
                }
                Event::CData(t) => {
                    if depth == 0 {
                        return Err(self.err(pos, "CDATA outside the root element"));
                    }
                    let text = t.xml10_content().into_owned();
                    let pos = Pos { offset: pos.offset + 9, line: pos.line, col: pos.col + 9 };
                    if let Some(item) = self.finish_child(RawNode::Text { text, pos, from_ref: false }) {
                        return Ok(item);
                    }
                }
                Event::GeneralRef(r) => {
                    if depth == 0 {
                        return Err(self.err(pos, "reference outside the root element"));
                    }
                    let name: &str = &r;
                    let s = match name.strip_prefix('#') {
                        Some(num) => char_ref(num).map(String::from),
                        None => self.entities.resolve(name, 0),
                    };
                    let text = s.map_err(|m| self.err(pos, m))?;
                    if let Some(item) = self.finish_child(RawNode::Text { text, pos, from_ref: true }) {
                        return Ok(item);
                    }
                }
                Event::DocType(d) => {
                    self.entities.decls = parse_doctype(&d.xml10_content());
                }
                Event::Decl(d) => {
                    if let Some(Ok(enc)) = d.encoding() {
                        self.declared_encoding = Some(enc.into_owned());
                    }
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Eof => {
                    if let Some(open) = self
                        .building
                        .first()
                        .map(|e| (e.name.clone(), e.pos))
                        .or_else(|| self.containers.last().cloned())
                    {
                        let here = self.reader.get_ref().here();
                        let innermost = self.building.last().map(|e| (e.name.clone(), e.pos)).unwrap_or(open);
                        return Err(self.err(
                            here,
                            format!(
                                "the document ends inside <{}> (opened at line {}, column {})",
                                innermost.0, innermost.1.line, innermost.1.col
                            ),
                        ));
                    }
                    if !self.root_seen {
                        let at = Pos { offset: 0, line: 1, col: 1 };
                        return Err(self.err(at, "no root element: the file is empty or not XML"));
                    }
                    self.finished = true;
                    return Ok(Item::End);
                }
            }
        }
    }

    /// Adds a finished node to the element being built, or hands it out when it sits directly in
    /// a container.
    fn finish_child(&mut self, node: RawNode) -> Option<Item> {
        match self.building.last_mut() {
            Some(parent) => {
                parent.children.push(node);
                None
            }
            None => Some(match node {
                RawNode::Element(e) => Item::Element(e),
                RawNode::Text { text, pos, from_ref } => Item::Text { text, pos, from_ref },
            }),
        }
    }
}

fn start_element(s: &BytesStart<'_>, pos: Pos, entities: &mut Entities, path: &Path) -> Result<RawElement> {
    let name = s.name().as_ref().to_string();
    let mut attrs: Vec<(String, String)> = Vec::new();
    // quick-xml's own duplicate check compares each attribute with every earlier one (quadratic
    // in the number of attributes); a set keeps it linear.
    let mut seen: HashSet<String> = HashSet::new();
    let mut it = s.attributes();
    it.with_checks(false);
    for a in it {
        let a = a.map_err(|e| Error::parse(pos.location(path), format!("bad attribute in <{name}>: {e}")))?;
        let key = a.key.as_ref().to_string();
        let raw: &str = &a.value;
        let value = attr_value(raw, entities)
            .map_err(|m| Error::parse(pos.location(path), format!("attribute `{key}` of <{name}>: {m}")))?;
        let repeated = if attrs.len() < 8 {
            attrs.iter().any(|(k, _)| *k == key)
        } else {
            if seen.is_empty() {
                seen.extend(attrs.iter().map(|(k, _)| k.clone()));
            }
            !seen.insert(key.clone())
        };
        if repeated {
            return Err(Error::parse(pos.location(path), format!("<{name}> repeats attribute `{key}`")));
        }
        attrs.push((key, value));
    }
    Ok(RawElement { name, attrs, children: Vec::new(), pos })
}

/// Unescapes and normalises an attribute value (XML 1.0 §3.3.3: literal tab, CR, LF → space).
fn attr_value(raw: &str, entities: &mut Entities) -> std::result::Result<String, String> {
    let raw = raw.replace("\r\n", "\n");
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw.as_str();
    loop {
        let i = rest.find('&').unwrap_or(rest.len());
        if rest[..i].contains('<') {
            return Err("`<` is not allowed in an attribute value".into());
        }
        out.extend(rest[..i].chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }));
        if i == rest.len() {
            break;
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
