//! Validating TMX files: the TMX 1.4b DTD's structure (elements, their order, declared and
//! required attributes, enumerated values) plus what a DTD validator cannot see but CAT tools
//! reject: empty segments, malformed language tags (`zh_CN`), control characters, a byte order
//! mark or an encoding other than UTF-8, unpaired `bpt`/`ept`, a `srclang` that matches no variant.
//!
//! Each problem is a [`Finding`] printed as `file:line:col: error: …`. The validator streams: it
//! holds one `tu` at a time, so its memory does not grow with the file ([`validate_stream`]).

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::Path;

use super::stream::{self, Bom, Item, Parser, Pos, RawElement, RawNode};
use super::write::{LONG_SEGMENT, is_unwanted_control};
use super::{check_lang_tag, parse_tmx_date, same_lang};
use crate::error::{Error, ErrorKind, Location, Result};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; some tools may mishandle it.
    Warning,
    /// The file is invalid or a CAT tool will reject or mangle it.
    Error,
}

/// One problem found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Where.
    pub location: Location,
    /// How bad.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{}: {sev}: {}", self.location, self.message)
    }
}

/// Validates the file at `path`. An unreadable file is an `Err`; everything else is a finding.
/// Findings are collected; for a file of any size use [`validate_stream`].
pub fn validate_file(path: &Path) -> Result<Vec<Finding>> {
    let mut out = Vec::new();
    validate_stream(path, &mut |f| out.push(f))?;
    Ok(out)
}

/// Validates the file at `path` (`-` for standard input), handing each finding to `sink` as soon as
/// the unit it belongs to has been read (in order of line and column within each unit). Memory
/// stays bounded by the largest unit. An unreadable file is an `Err`.
pub fn validate_stream(path: &Path, sink: &mut dyn FnMut(Finding)) -> Result<()> {
    let inner: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| Error::io(path, e))?)
    };
    validate_reader(inner, path, sink);
    Ok(())
}

/// Validates a TMX document given as bytes. `path` is used in the findings' locations.
pub fn validate_bytes(bytes: &[u8], path: &Path) -> Vec<Finding> {
    let mut out = Vec::new();
    validate_reader(Box::new(bytes), path, &mut |f| out.push(f));
    out.sort_by_key(|f| (f.location.line, f.location.col));
    out
}

/// Validates a TMX document read from `inner` (any reader: a file, a pipe, a network stream),
/// handing each finding to `sink` as [`validate_stream`] does. `path` is used in the findings'
/// locations.
pub fn validate_reader<'r>(inner: Box<dyn Read + 'r>, path: &Path, sink: &mut dyn FnMut(Finding)) {
    let at0 = || Location::file(path).with_line(1).with_col(1);
    let emit_one = |sink: &mut dyn FnMut(Finding), location: Location, message: String| {
        sink(Finding { location, severity: Severity::Error, message })
    };
    let (src, bom) = match stream::from_read(inner, path) {
        Ok(x) => x,
        Err(e) => {
            let text = e.to_string();
            if let ErrorKind::Parse { location, message } = e.into_kind() {
                emit_one(
                    sink,
                    at0(),
                    "the file is UTF-16; save it as UTF-8 (what every CAT tool reads)".into(),
                );
                emit_one(sink, location, message);
            } else {
                emit_one(sink, Location::file(path), text);
            }
            return;
        }
    };
    match bom {
        Bom::Utf8 => {
            emit_one(sink, at0(), "byte order mark (BOM) at the start; save as UTF-8 without BOM".into())
        }
        Bom::Utf16 => {
            emit_one(sink, at0(), "the file is UTF-16; save it as UTF-8 (what every CAT tool reads)".into())
        }
        Bom::None => {}
    }
    let mut parser = Parser::new(src, path);
    parser.source_mut().note_controls();
    parser.note_cdata_ends();
    let mut v = Validator {
        path,
        findings: Vec::new(),
        containers: Vec::new(),
        root_names: Vec::new(),
        root_pos: Pos::default(),
        srclang: None,
        header_seen: false,
        stop: false,
        good_tags: Vec::new(),
    };
    loop {
        let item = parser.next_item();
        for c in parser.source_mut().take_controls() {
            v.push(c.pos, Severity::Error, control_message(c.ch));
        }
        for p in std::mem::take(&mut parser.cdata_ends) {
            v.push(p, Severity::Error, "`]]>` in character data is not well-formed XML; write `]]&gt;`");
        }
        let end = match item {
            Ok(Item::End) => true,
            Ok(item) => {
                v.item(item, &parser);
                v.stop
            }
            Err(e) if matches!(e.kind(), ErrorKind::Parse { .. }) => {
                if let ErrorKind::Parse { location, message } = e.into_kind() {
                    v.findings.push(Finding { location, severity: Severity::Error, message });
                }
                true
            }
            Err(e) => {
                v.findings.push(Finding {
                    location: Location::file(path),
                    severity: Severity::Error,
                    message: e.to_string(),
                });
                true
            }
        };
        v.findings.sort_by_key(|f| (f.location.line, f.location.col));
        for f in v.findings.drain(..) {
            sink(f);
        }
        if end {
            return;
        }
    }
}

struct Validator<'p> {
    path: &'p Path,
    findings: Vec<Finding>,
    /// Open streamed containers (root, body).
    containers: Vec<String>,
    /// The first names of the root's child elements (enough to check "header, then body").
    root_names: Vec<String>,
    root_pos: Pos,
    srclang: Option<String>,
    header_seen: bool,
    stop: bool,
    /// Language tags already checked and found good.
    good_tags: Vec<String>,
}

const SEGTYPES: &[&str] = &["block", "paragraph", "sentence", "phrase"];
const TU_ATTRS: &[&str] = &[
    "tuid",
    "o-encoding",
    "datatype",
    "usagecount",
    "lastusagedate",
    "creationtool",
    "creationtoolversion",
    "creationdate",
    "creationid",
    "changedate",
    "segtype",
    "changeid",
    "o-tmf",
    "srclang",
];
const TUV_ATTRS: &[&str] = &[
    "xml:lang",
    "o-encoding",
    "datatype",
    "usagecount",
    "lastusagedate",
    "creationtool",
    "creationtoolversion",
    "creationdate",
    "creationid",
    "changedate",
    "o-tmf",
    "changeid",
    "lang",
];
const HEADER_ATTRS: &[&str] = &[
    "creationtool",
    "creationtoolversion",
    "segtype",
    "o-tmf",
    "adminlang",
    "srclang",
    "datatype",
    "o-encoding",
    "creationdate",
    "creationid",
    "changedate",
    "changeid",
];
const HEADER_REQUIRED: &[&str] =
    &["creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"];
const INLINE: &[&str] = &["bpt", "ept", "ph", "it", "hi", "ut"];

type Names = &'static [&'static str];

/// (declared attributes, required attributes, allowed child elements, text allowed)
fn rule(name: &str) -> Option<(Names, Names, Names, bool)> {
    Some(match name {
        "tmx" => (&["version"], &["version"], &["header", "body"], false),
        "header" => (HEADER_ATTRS, HEADER_REQUIRED, &["note", "prop", "ude"], false),
        "body" => (&[], &[], &["tu"], false),
        "note" => (&["o-encoding", "xml:lang", "lang"], &[], &[], true),
        "prop" => (&["type", "xml:lang", "o-encoding", "lang"], &["type"], &[], true),
        "ude" => (&["name", "base"], &["name"], &["map"], false),
        "map" => (&["unicode", "code", "ent", "subst"], &["unicode"], &[], false),
        "tu" => (TU_ATTRS, &[], &["note", "prop", "tuv"], false),
        "tuv" => (TUV_ATTRS, &["xml:lang"], &["note", "prop", "seg"], false),
        "seg" => (&[], &[], INLINE, true),
        "bpt" => (&["i", "x", "type"], &["i"], &["sub"], true),
        "ept" => (&["i"], &["i"], &["sub"], true),
        "sub" => (&["datatype", "type"], &[], &["bpt", "ept", "it", "ph", "hi", "ut"], true),
        "it" => (&["pos", "x", "type"], &["pos"], &["sub"], true),
        "ph" => (&["x", "assoc", "type"], &[], &["sub"], true),
        "hi" => (&["x", "type"], &[], &["bpt", "ept", "it", "ph", "hi", "ut"], true),
        "ut" => (&["x"], &[], &["sub"], true),
        _ => return None,
    })
}

impl Validator<'_> {
    fn push(&mut self, pos: Pos, severity: Severity, message: impl Into<String>) {
        self.findings.push(Finding { location: pos.location(self.path), severity, message: message.into() });
    }

    fn item<R: Read>(&mut self, item: Item, parser: &Parser<R>) {
        match item {
            Item::Open(e) if self.containers.is_empty() => {
                if let Some(enc) = &parser.declared_encoding
                    && !enc.eq_ignore_ascii_case("utf-8")
                    && !enc.eq_ignore_ascii_case("utf8")
                {
                    let at = Pos { offset: 0, line: 1, col: 1 };
                    self.push(
                        at,
                        Severity::Error,
                        format!("the XML declaration says encoding=\"{enc}\"; use UTF-8"),
                    );
                }
                if e.name != "tmx" {
                    self.push(e.pos, Severity::Error, format!("the root element is <{}>, not <tmx>", e.name));
                    self.stop = true;
                    return;
                }
                self.root_pos = e.pos;
                self.attrs(&e);
                self.containers.push(e.name.into_owned());
            }
            Item::Open(e) => {
                // <body> directly inside <tmx>
                self.note_root_child(&e.name);
                self.attrs(&e);
                self.containers.push(e.name.into_owned());
            }
            Item::Element(e) => {
                let parent = self.parent();
                if parent == "tmx" {
                    self.note_root_child(&e.name);
                }
                let is_tu = parent == "body" && e.name == "tu";
                let is_header = parent == "tmx" && e.name == "header";
                let node = RawNode::Element(e);
                self.child(&node, parent);
                let RawNode::Element(e) = node else { return };
                if is_header && !self.header_seen {
                    self.header_seen = true;
                    self.srclang = e.attr("srclang").map(str::to_string);
                    for a in ["srclang", "adminlang"] {
                        if let Some(tag) = e.attr(a)
                            && !(a == "srclang" && tag == "*all*")
                        {
                            self.lang(e.pos, &format!("header {a}"), tag);
                        }
                    }
                }
                if is_tu {
                    let src = self.srclang.take();
                    self.tu(&e, src.as_deref());
                    self.srclang = src;
                }
            }
            Item::Text { text, pos, from_ref } => {
                let parent = self.parent();
                self.child(&RawNode::Text { text, pos, from_ref }, parent);
            }
            Item::Close { name, .. } => {
                self.containers.pop();
                if name == "tmx" && self.containers.is_empty() && self.root_names != ["header", "body"] {
                    self.push(self.root_pos, Severity::Error, "<tmx> must hold exactly <header> then <body>");
                }
            }
            Item::End => {}
        }
    }

    /// The innermost open container (`tmx` or `body`; the parser streams no others).
    fn parent(&self) -> &'static str {
        match self.containers.last().map(String::as_str) {
            Some("tmx") => "tmx",
            Some("body") => "body",
            _ => "",
        }
    }

    fn note_root_child(&mut self, name: &str) {
        if self.root_names.len() < 3 {
            self.root_names.push(name.to_string());
        }
    }

    fn lang(&mut self, pos: Pos, what: &str, tag: &str) {
        // A memory uses a handful of tags: remember the good ones.
        if self.good_tags.iter().any(|t| t == tag) {
            return;
        }
        match check_lang_tag(tag) {
            Err(e) => self.push(pos, Severity::Error, format!("{what}: {e}")),
            Ok(()) if self.good_tags.len() < 32 => self.good_tags.push(tag.to_string()),
            Ok(()) => {}
        }
    }

    /// DTD structure of one element: declared and required attributes, allowed children, text,
    /// order.
    fn element(&mut self, e: &RawElement, parent: Option<&str>) {
        if rule(&e.name).is_none() {
            let within = parent.map(|p| format!(" inside <{p}>")).unwrap_or_default();
            self.push(e.pos, Severity::Error, format!("<{}>{within} is not a TMX 1.4b element", e.name));
            return;
        }
        self.attrs(e);
        for c in &e.children {
            self.child(c, &e.name);
        }
        self.order(e);
    }

    /// A node inside an element named `parent`.
    fn child(&mut self, c: &RawNode, parent: &str) {
        let Some((_, _, children, text_ok)) = rule(parent) else { return };
        match c {
            RawNode::Text { text, pos, from_ref } => {
                if !text_ok && !text.trim().is_empty() {
                    self.push(
                        *pos,
                        Severity::Error,
                        format!("text is not allowed directly inside <{parent}>"),
                    );
                }
                if *from_ref && let Some(ch) = text.chars().find(|c| is_unwanted_control(*c)) {
                    self.push(*pos, Severity::Error, control_message(ch));
                }
            }
            RawNode::Element(child) => {
                if rule(&child.name).is_some() && !children.contains(&child.name.as_ref()) {
                    self.push(
                        child.pos,
                        Severity::Error,
                        format!("<{}> is not allowed inside <{parent}>", child.name),
                    );
                } else {
                    self.element(child, Some(parent));
                }
            }
        }
    }

    /// Declared and required attributes, enumerated values, dates.
    fn attrs(&mut self, e: &RawElement) {
        let Some((declared, required, _, _)) = rule(&e.name) else { return };
        for (k, v) in &e.attrs {
            if !declared.contains(&k.as_str()) {
                self.push(e.pos, Severity::Error, format!("<{}> has no attribute `{k}` in TMX 1.4b", e.name));
            }
            if (k == "segtype" && !SEGTYPES.contains(&v.as_str()))
                || (k == "pos" && v != "begin" && v != "end")
            {
                self.push(
                    e.pos,
                    Severity::Error,
                    format!("<{}> {k}=\"{v}\" is not an allowed value", e.name),
                );
            }
            if k == "version" && v != "1.4" {
                self.push(
                    e.pos,
                    Severity::Error,
                    format!("<tmx version=\"{v}\">: the TMX 1.4b DTD fixes it to 1.4"),
                );
            }
            if matches!(k.as_str(), "creationdate" | "changedate" | "lastusagedate")
                && parse_tmx_date(v).is_none()
            {
                self.push(
                    e.pos,
                    Severity::Error,
                    format!(
                        "<{}> {k}=\"{v}\" is not a TMX date (YYYYMMDDThhmmssZ, in UTC, e.g. 20250131T235900Z)",
                        e.name
                    ),
                );
            }
            if v.chars().any(is_unwanted_control) {
                self.push(
                    e.pos,
                    Severity::Error,
                    format!("attribute `{k}` of <{}> holds a control character", e.name),
                );
            }
        }
        for r in required {
            if e.attr(r).is_none() {
                let hint = if e.name == "tuv" && e.attr("lang").is_some() {
                    " (it has the deprecated `lang`; use `xml:lang`)"
                } else {
                    ""
                };
                self.push(
                    e.pos,
                    Severity::Error,
                    format!("<{}> lacks the required attribute `{r}`{hint}", e.name),
                );
            }
        }
    }

    /// Content models with an order or a count: tmx (header, body), tu ((note|prop)*, tuv+),
    /// tuv ((note|prop)*, seg), ude (map+).
    fn order(&mut self, e: &RawElement) {
        let mut names = e.elements().map(|c| c.name.as_ref());
        let msg = match e.name.as_ref() {
            "tu" => {
                if names.by_ref().all(|n| n != "tuv") {
                    Some("<tu> has no <tuv>")
                } else if names.any(|n| n != "tuv") {
                    Some("in <tu>, notes and props must come before the <tuv>s")
                } else {
                    None
                }
            }
            "tuv" => {
                let (mut segs, mut last) = (0, "");
                for n in names {
                    segs += usize::from(n == "seg");
                    last = n;
                }
                match segs {
                    0 => Some("<tuv> has no <seg>"),
                    1 if last != "seg" => Some("in <tuv>, <seg> must come last"),
                    1 => None,
                    _ => Some("<tuv> has more than one <seg>"),
                }
            }
            "ude" if names.next().is_none() => Some("<ude> needs at least one <map>"),
            _ => None,
        };
        if let Some(m) = msg {
            self.push(e.pos, Severity::Error, m);
        }
    }

    fn tu(&mut self, tu: &RawElement, header_srclang: Option<&str>) {
        if let Some(tag) = tu.attr("srclang")
            && tag != "*all*"
        {
            self.lang(tu.pos, "tu srclang", tag);
        }
        let mut langs: Vec<&str> = Vec::new();
        for c in tu.elements() {
            match c.name.as_ref() {
                "note" | "prop" => self.meta_lang(c),
                "tuv" => {
                    if let Some(tag) = c.attr("xml:lang").or_else(|| c.attr("lang")) {
                        self.lang(c.pos, "tuv xml:lang", tag);
                        langs.push(tag);
                    }
                    for d in c.elements() {
                        match d.name.as_ref() {
                            "note" | "prop" => self.meta_lang(d),
                            "seg" => self.seg(d),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        let srclang = tu.attr("srclang").or(header_srclang);
        if let Some(src) = srclang
            && src != "*all*"
            && !langs.is_empty()
            && !langs.iter().any(|l| same_lang(l, src))
        {
            self.push(
                tu.pos,
                Severity::Error,
                format!("srclang is {src} but no <tuv> has that language (it has {})", langs.join(", ")),
            );
        }
    }

    fn meta_lang(&mut self, e: &RawElement) {
        if let Some(tag) = e.attr("xml:lang").or_else(|| e.attr("lang")) {
            self.lang(e.pos, &format!("{} xml:lang", e.name), tag);
        }
    }

    fn seg(&mut self, seg: &RawElement) {
        let (mut blank, mut n) = (true, 0);
        seg_text(seg, &mut |text| {
            blank = blank && text.trim().is_empty();
            n += text.chars().count();
        });
        if blank {
            self.push(seg.pos, Severity::Error, "empty <seg> (OmegaT writes an empty translation from it)");
        }
        if n > LONG_SEGMENT {
            self.push(
                seg.pos,
                Severity::Warning,
                format!("<seg> holds {n} characters; Trados skips segments over {LONG_SEGMENT}"),
            );
        }
        let mut open: BTreeMap<String, (usize, usize)> = BTreeMap::new(); // i -> (bpt count, ept count)
        let mut first_pos: BTreeMap<String, Pos> = BTreeMap::new();
        codes(seg, &mut |e| {
            if let Some(i) = e.attr("i") {
                let entry = open.entry(i.to_string()).or_default();
                if e.name == "bpt" {
                    entry.0 += 1;
                } else {
                    entry.1 += 1;
                }
                first_pos.entry(i.to_string()).or_insert(e.pos);
            }
        });
        for (i, (b, e)) in open {
            let pos = first_pos[&i];
            match (b, e) {
                (1, 1) => {}
                (0, _) => self.push(
                    pos,
                    Severity::Error,
                    format!("<ept i=\"{i}\"> has no <bpt i=\"{i}\"> in its <seg>"),
                ),
                (_, 0) => self.push(
                    pos,
                    Severity::Error,
                    format!("<bpt i=\"{i}\"> has no <ept i=\"{i}\"> in its <seg>"),
                ),
                _ => self.push(
                    pos,
                    Severity::Error,
                    format!("i=\"{i}\" is used by {b} <bpt> and {e} <ept> in one <seg>"),
                ),
            }
        }
    }
}

fn control_message(c: char) -> String {
    format!(
        "control character U+{:04X} (XML 1.0 or CAT tools reject it; OmegaT drops the whole file)",
        c as u32
    )
}

/// The text of a segment, piece by piece: character data, and the text inside `hi` and `sub`.
fn seg_text(e: &RawElement, out: &mut impl FnMut(&str)) {
    for c in &e.children {
        match c {
            RawNode::Text { text, .. } => {
                if matches!(e.name.as_ref(), "seg" | "hi" | "sub") {
                    out(text)
                }
            }
            RawNode::Element(child) => seg_text(child, out),
        }
    }
}

/// Calls `f` on every `bpt` and `ept` in a segment, outside `sub` (a `sub` has its own pairs).
fn codes(e: &RawElement, f: &mut impl FnMut(&RawElement)) {
    for c in e.elements() {
        match c.name.as_ref() {
            "bpt" | "ept" => f(c),
            "hi" => codes(c, f),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n<header \
        creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" \
        srclang=\"zh-TW\" datatype=\"plaintext\"/>\n<body>\n";

    fn check(body: &str) -> Vec<String> {
        let doc = format!("{HEAD}{body}</body>\n</tmx>\n");
        validate_bytes(doc.as_bytes(), Path::new("m.tmx")).iter().map(|f| f.to_string()).collect()
    }

    fn tu(zh: &str, en: &str) -> String {
        format!(
            "<tu><tuv xml:lang=\"zh-TW\"><seg>{zh}</seg></tuv><tuv xml:lang=\"en-US\"><seg>{en}</seg></tuv></tu>\n"
        )
    }

    #[test]
    fn a_good_file_has_no_findings() {
        assert_eq!(
            check(&tu("好<bpt i=\"1\">&lt;b></bpt>的<ept i=\"1\">&lt;/b></ept>", "Good")),
            Vec::<String>::new()
        );
    }

    #[test]
    fn finds_each_problem_with_its_place() {
        let f = check(&tu("好", ""));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].starts_with("m.tmx:5:") && f[0].contains("empty <seg>"), "{f:?}");

        let f = check(
            "<tu><tuv xml:lang=\"zh_CN\"><seg>好</seg></tuv><tuv xml:lang=\"en\"><seg>x</seg></tuv></tu>\n",
        );
        assert!(f.iter().any(|m| m.contains("zh_CN") && m.contains("zh-CN")), "{f:?}");
        assert!(f.iter().any(|m| m.contains("srclang is zh-TW but no <tuv>")), "{f:?}");

        let f = check(&tu("a\u{1}b", "x&#x7;"));
        assert_eq!(f.iter().filter(|m| m.contains("U+0001")).count(), 1, "{f:?}");
        assert!(f.iter().any(|m| m.contains("U+0007")), "{f:?}");

        let f = check(&tu("<bpt i=\"1\">x</bpt>好", "<ept i=\"2\"/>x"));
        assert!(f.iter().any(|m| m.contains("<bpt i=\"1\"> has no <ept")), "{f:?}");
        assert!(f.iter().any(|m| m.contains("<ept i=\"2\"> has no <bpt")), "{f:?}");

        let f = check("<tu><seg>x</seg></tu>\n");
        assert!(f.iter().any(|m| m.contains("<seg> is not allowed inside <tu>")), "{f:?}");
        assert!(f.iter().any(|m| m.contains("<tu> has no <tuv>")), "{f:?}");

        let f = check("<tu segtype=\"word\" foo=\"1\"><tuv lang=\"en\"><seg>x</seg></tuv></tu>\n");
        assert!(f.iter().any(|m| m.contains("segtype=\"word\"")), "{f:?}");
        assert!(f.iter().any(|m| m.contains("no attribute `foo`")), "{f:?}");
        assert!(f.iter().any(|m| m.contains("deprecated `lang`")), "{f:?}");
    }

    #[test]
    fn encoding_problems() {
        let doc = format!("\u{FEFF}{HEAD}{}</body></tmx>", tu("好", "good"));
        let f = validate_bytes(doc.as_bytes(), Path::new("b.tmx"));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("BOM"));

        let mut bytes = format!("{HEAD}{}", tu("好", "good")).into_bytes();
        bytes.extend_from_slice(b"<!-- \xB0\xA1 --></body></tmx>");
        let f = validate_bytes(&bytes, Path::new("g.tmx"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].to_string().starts_with("g.tmx:6:") && f[0].message.contains("not UTF-8"), "{}", f[0]);
    }

    #[test]
    fn malformed_xml_is_one_finding() {
        let f = check("<tu><tuv xml:lang=\"en\"><seg>a & b</seg></tuv></tu>");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].starts_with("m.tmx:5:"), "{f:?}");
    }
}
