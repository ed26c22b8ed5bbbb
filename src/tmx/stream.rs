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

use std::collections::{HashMap, HashSet, VecDeque};
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
        if bytes.len() < 64 {
            // Most events are short (a tag, the layout between tags): one pass, no calls.
            for &b in bytes {
                if b == b'\n' {
                    self.line += 1;
                    self.col = 1;
                } else {
                    self.col += u64::from((b as i8) >= -0x40);
                }
            }
            return self;
        }
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
///
/// The checks run once per read from the inner reader, over all it returned (one UTF-8
/// validation, one `memchr` for NUL, one scan for controls per buffer), not per piece the XML
/// parser consumes; what they find is kept by byte offset and reported only once the parser has
/// consumed that byte, so the outcome does not depend on how the input was split into reads.
/// Lines and columns are counted lazily, up to where a position is asked for.
pub struct Source<R> {
    inner: R,
    buf: Vec<u8>,
    /// The offset of `buf[0]`.
    base: u64,
    /// Index in `buf` of the first byte not consumed.
    pos: usize,
    /// Index in `buf` of the end of the bytes read.
    filled: usize,
    eof: bool,
    /// The offset of the mark (its bytes and all after it stay in `buf`).
    mark: u64,
    /// A position counted exactly, at or before the consumed end (its bytes and all after it
    /// stay in `buf`); counting goes on only when a position is asked for.
    synced: Pos,
    /// Offset up to which the bytes were checked: every complete character read so far (one
    /// split over two reads waits for its last byte).
    checked: u64,
    /// Offset of the end of the bytes read when they were last checked.
    scanned: u64,
    /// True once the end of the input was checked.
    scanned_eof: bool,
    /// The first reason the input is not text, by offset (reported once consumed).
    bad: Option<(u64, BadKind)>,
    /// Where the bad character starts, once counted.
    bad_pos: Option<Pos>,
    /// When noting controls: those found and not yet counted, (offset, character) in order.
    controls: Option<VecDeque<(u64, char)>>,
    /// Controls counted (consumed), for [`take_controls`](Source::take_controls).
    placed: Vec<Control>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BadKind {
    /// An invalid byte (`None`: the input ends inside a character).
    Utf8(Option<u8>),
    Nul,
}

const CHUNK: usize = 256 * 1024;

impl<R: Read> Source<R> {
    /// A source at line 1, column 1.
    pub fn new(inner: R) -> Source<R> {
        let origin = Pos { offset: 0, line: 1, col: 1 };
        Source {
            inner,
            buf: vec![0; CHUNK],
            base: 0,
            pos: 0,
            filled: 0,
            eof: false,
            mark: 0,
            synced: origin,
            checked: 0,
            scanned: 0,
            scanned_eof: false,
            bad: None,
            bad_pos: None,
            controls: None,
            placed: Vec::new(),
        }
    }

    /// Starts noting control characters (see [`take_controls`](Source::take_controls)); call it
    /// before reading.
    pub fn note_controls(&mut self) {
        if self.controls.is_none() {
            self.controls = Some(VecDeque::new());
            let (from, to) = (self.idx(self.synced.offset.min(self.checked)), self.idx(self.checked));
            self.scan_controls(from, to);
        }
    }

    /// The control characters consumed since the last call, in order.
    pub fn take_controls(&mut self) -> Vec<Control> {
        self.sync();
        std::mem::take(&mut self.placed)
    }

    /// The first reason the input is not text, once the parser has consumed its first byte.
    pub fn bad(&self) -> Option<BadText> {
        let (offset, kind) = self.bad?;
        if offset >= self.consumed() {
            return None;
        }
        let p = self.bad_pos.unwrap_or_else(|| self.pos_forward(offset));
        Some(match kind {
            BadKind::Utf8(b) => BadText::Utf8(p, b),
            BadKind::Nul => BadText::Nul(p),
        })
    }

    /// Where the consumed bytes end.
    pub fn here(&self) -> Pos {
        self.pos_forward(self.consumed())
    }

    /// Remembers the current offset: bytes from here on stay placeable.
    pub fn mark(&mut self) {
        self.mark = self.consumed();
    }

    /// The offset of the first byte not consumed.
    pub fn offset(&self) -> u64 {
        self.consumed()
    }

    /// The position of `offset`, at or after the last position asked for and at or before the
    /// consumed end (clamped otherwise). Lines and columns are counted up to it.
    pub fn pos_of(&mut self, offset: u64) -> Pos {
        self.sync_to(offset.min(self.consumed()));
        self.synced
    }

    /// The position of byte `offset`, which must lie between the mark and the consumed end
    /// (clamped otherwise).
    pub fn pos_at(&self, offset: u64) -> Pos {
        self.pos_forward(offset.clamp(self.mark, self.consumed()))
    }

    /// Drops the first `n` bytes read, before anything was consumed or checked (a byte order
    /// mark: offsets, lines and columns start after it).
    fn skip_bom(&mut self, n: usize) {
        let n = n.min(self.filled);
        self.buf.copy_within(n..self.filled, 0);
        self.filled -= n;
    }

    fn idx(&self, offset: u64) -> usize {
        (offset - self.base) as usize
    }

    /// The offset of the first byte not consumed.
    fn consumed(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// The position of `offset`, at or after the synced position (clamped to the bytes read).
    fn pos_forward(&self, offset: u64) -> Pos {
        let from = self.idx(self.synced.offset);
        let to = self.idx(offset.max(self.synced.offset)).min(self.filled);
        self.synced.advanced(&self.buf[from..to])
    }

    /// The position of `offset` just before the synced position, within one character (the
    /// start of a character split over two reads): same line, one column less.
    fn pos_back(&self, offset: u64) -> Pos {
        let (from, to) = (self.idx(offset), self.idx(self.synced.offset));
        let chars = char_count(&self.buf[from..to]);
        Pos { offset, line: self.synced.line, col: self.synced.col.saturating_sub(chars).max(1) }
    }

    fn advance_to(&mut self, offset: u64) {
        self.synced = self.pos_forward(offset);
    }

    /// Counts lines and columns up to the consumed end, placing the controls and the bad
    /// character passed on the way.
    fn sync(&mut self) {
        self.sync_to(self.consumed());
    }

    /// Counts lines and columns up to `end` (at most the consumed end), placing the controls and
    /// the bad character passed on the way.
    fn sync_to(&mut self, end: u64) {
        if end <= self.synced.offset {
            return;
        }
        loop {
            let c = self.controls.as_ref().and_then(|q| q.front()).map(|c| c.0).filter(|&o| o < end);
            let b = match (self.bad, self.bad_pos) {
                (Some((o, _)), None) if o < end => Some(o),
                _ => None,
            };
            let Some(next) = c.into_iter().chain(b).min() else { break };
            self.advance_to(next);
            if b == Some(next) {
                self.bad_pos = Some(self.synced);
            }
            if c == Some(next)
                && let Some((_, ch)) = self.controls.as_mut().and_then(|q| q.pop_front())
            {
                self.placed.push(Control { pos: self.synced, ch });
            }
        }
        self.advance_to(end);
    }

    /// Reads more from the inner reader (after dropping the bytes before the mark).
    fn read_more(&mut self) -> io::Result<()> {
        // Count up to the mark, so that the bytes before it can go.
        self.sync_to(self.mark);
        let keep = self.mark.min(self.checked).min(self.synced.offset);
        let drop = self.idx(keep);
        if drop > 0 {
            self.buf.copy_within(drop..self.filled, 0);
            self.pos -= drop;
            self.filled -= drop;
            self.base += drop as u64;
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
        self.eof = n == 0;
        self.filled += n;
        Ok(())
    }

    /// Checks the bytes read since the last check: UTF-8 (continuing a character split over two
    /// reads), NUL, controls.
    fn scan(&mut self) {
        let end = self.base + self.filled as u64;
        if end == self.scanned && self.eof == self.scanned_eof {
            return;
        }
        self.scanned = end;
        self.scanned_eof = self.eof;
        if self.bad.is_some() {
            self.checked = end;
            return;
        }
        // A finding before the counted position is the start of a character split over two
        // reads, consumed and counted past: it is placed by counting back.
        let (from, to) = (self.idx(self.checked), self.filled);
        let data = &self.buf[from..to];
        let (valid, invalid) = match std::str::from_utf8(data) {
            Ok(_) => (data.len(), None),
            Err(e) => (e.valid_up_to(), e.error_len().map(|_| e.valid_up_to())),
        };
        // The first problem wins, whichever kind.
        let bad = match (memchr::memchr(0, &data[..valid]), invalid) {
            (Some(i), _) => Some((i, BadKind::Nul)),
            (None, Some(i)) => Some((i, BadKind::Utf8(Some(data[i])))),
            (None, None) if self.eof && valid < data.len() => Some((valid, BadKind::Utf8(None))),
            (None, None) => None,
        };
        // Controls up to the first problem (a NUL is one): nothing after it is read as text.
        if self.controls.is_some() {
            let upto = match bad {
                Some((i, BadKind::Nul)) => i + 1,
                Some((i, _)) => i,
                None => valid,
            };
            self.scan_controls(from, from + upto);
        }
        if let Some((i, kind)) = bad {
            let offset = self.checked + i as u64;
            self.bad = Some((offset, kind));
            if offset < self.synced.offset {
                self.bad_pos = Some(self.pos_back(offset));
            }
            self.checked = end;
        } else {
            self.checked += valid as u64;
        }
    }

    /// Notes the controls in `buf[from..to]` (complete characters): C0 but tab, LF and CR; DEL;
    /// C1 (`C2 80`–`C2 9F`); U+FFFE and U+FFFF (`EF BF BE`, `EF BF BF`).
    fn scan_controls(&mut self, from: usize, to: usize) {
        let data = &self.buf[from..to];
        let at = self.base + from as u64;
        let suspicious =
            |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) | (b == 0x7F) | (b == 0xC2);
        let mut found: Vec<(u64, char)> = Vec::new();
        let check = |i: usize, len: usize, found: &mut Vec<(u64, char)>| {
            if let Some(c) =
                data.get(i..i + len).and_then(|b| std::str::from_utf8(b).ok()).and_then(|s| s.chars().next())
                && super::write::is_unwanted_control(c)
            {
                found.push((at + i as u64, c));
            }
        };
        for (k, block) in data.chunks(64).enumerate() {
            if block.iter().fold(false, |acc, &b| acc | suspicious(b)) {
                for (j, &b) in block.iter().enumerate() {
                    if suspicious(b) {
                        check(k * 64 + j, if b == 0xC2 { 2 } else { 1 }, &mut found);
                    }
                }
            }
        }
        let singles = found.len();
        for i in memchr::memmem::find_iter(data, b"\xEF\xBF") {
            check(i, 3, &mut found);
        }
        if singles > 0 && found.len() > singles {
            found.sort_by_key(|c| c.0);
        }
        for (offset, ch) in found {
            if offset < self.synced.offset {
                let pos = self.pos_back(offset);
                self.placed.push(Control { pos, ch });
            } else if let Some(q) = self.controls.as_mut() {
                q.push_back((offset, ch));
            }
        }
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
            self.read_more()?;
        }
        self.scan();
        Ok(&self.buf[self.pos..self.filled])
    }

    fn consume(&mut self, amt: usize) {
        self.pos += amt.min(self.filled - self.pos);
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
        src.skip_bom(3);
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
        src.read_more()?;
    }
    Ok(src.buf[src.pos..src.filled.min(src.pos + n)].to_vec())
}

/// An element's name: TMX's own names are not allocated (a memory has millions of elements).
pub type Name = std::borrow::Cow<'static, str>;

/// The name `n`, borrowed when it is one of TMX 1.4b's elements.
fn intern(n: &str) -> Name {
    const NAMES: [&str; 19] = [
        "tu", "tuv", "seg", "prop", "note", "bpt", "ept", "ph", "it", "hi", "ut", "sub", "header", "body",
        "tmx", "ude", "map", "g", "x",
    ];
    match NAMES.iter().find(|k| **k == n) {
        Some(k) => Name::Borrowed(k),
        None => Name::Owned(n.to_string()),
    }
}

/// An element as parsed, with the position of its `<`.
#[derive(Debug, Clone)]
pub struct RawElement {
    /// Name as written.
    pub name: Name,
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
            // Where the event starts; its line and column are counted only if it needs them.
            let start = self.reader.get_ref().offset();
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
                    let pos = self.reader.get_mut().pos_of(start);
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
                            let name = el.name.to_string();
                            if self.containers.is_empty() {
                                self.pending_close = Some((name, self.reader.get_ref().here()));
                            } else {
                                return Ok(Item::Element(el));
                            }
                        } else {
                            self.containers.push((el.name.to_string(), pos));
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
                        let pos = self.reader.get_mut().pos_of(start);
                        return Ok(Item::Close { name, pos });
                    } else {
                        let pos = self.reader.get_mut().pos_of(start);
                        return Err(self.err(pos, "end tag without a start tag"));
                    }
                }
                Event::Text(t) => {
                    if self.note_cdata_ends
                        && let Some(i) = memchr::memmem::find(t.as_ref().as_bytes(), b"]]>")
                    {
                        let at = self.reader.get_ref().pos_at(start + i as u64);
                        self.cdata_ends.push(at);
                    }
                    let s = t.xml10_content();
                    let blank = is_blank(&s);
                    let parent = match self.building.last() {
                        Some(e) => Some(e.name.as_ref()),
                        None => self.containers.last().map(|(n, _)| n.as_str()),
                    };
                    match parent {
                        None if blank => {}
                        None => {
                            let pos = self.reader.get_mut().pos_of(start);
                            return Err(self.err(pos, "text outside the root element"));
                        }
                        // Layout between the elements of element-only content carries nothing.
                        Some(p) if blank && STRUCTURAL.contains(&p) => {}
                        Some(_) => {
                            let pos = self.reader.get_mut().pos_of(start);
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
                    let pos = self.reader.get_mut().pos_of(start);
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
                    let pos = self.reader.get_mut().pos_of(start);
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
                        .map(|e| (e.name.to_string(), e.pos))
                        .or_else(|| self.containers.last().cloned())
                    {
                        let here = self.reader.get_ref().here();
                        let innermost =
                            self.building.last().map(|e| (e.name.to_string(), e.pos)).unwrap_or(open);
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

/// True when `s` is empty or all whitespace (as `str::trim` counts it; layout is ASCII, which
/// is checked first).
fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) || s.trim().is_empty()
}

fn start_element(s: &BytesStart<'_>, pos: Pos, entities: &mut Entities, path: &Path) -> Result<RawElement> {
    let name = intern(s.name().as_ref());
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
    // The usual value has no reference, no markup and no whitespace to normalise.
    let b = raw.as_bytes();
    if memchr::memchr3(b'&', b'<', b'\t', b).is_none() && memchr::memchr2(b'\n', b'\r', b).is_none() {
        return Ok(raw.to_string());
    }
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
