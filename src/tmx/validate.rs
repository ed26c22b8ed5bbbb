//! Validating TMX files: the TMX 1.4b DTD's structure (elements, their order, declared and
//! required attributes, enumerated values) plus what a DTD validator cannot see but CAT tools
//! reject: empty segments, malformed language tags (`zh_CN`), control characters, a byte order
//! mark or an encoding other than UTF-8, unpaired `bpt`/`ept`, a `srclang` that matches no variant.
//!
//! Each problem is a [`Finding`] printed as `file:line:col: error: …`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use super::read::{LineIndex, RawElement, RawNode, parse_tree};
use super::write::{LONG_SEGMENT, is_unwanted_control};
use super::{check_lang_tag, same_lang};
use crate::error::{Error, Location, Result};

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
pub fn validate_file(path: &Path) -> Result<Vec<Finding>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(validate_bytes(&bytes, path))
}

/// Validates a TMX document given as bytes. `path` is used in the findings' locations.
pub fn validate_bytes(bytes: &[u8], path: &Path) -> Vec<Finding> {
    let mut v = Validator { path, findings: Vec::new(), lines: None };
    let at0 = || Location::file(path).with_line(1).with_col(1);
    let text: String;
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        v.push_at(at0(), Severity::Error, "byte order mark (BOM) at the start; save as UTF-8 without BOM");
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        v.push_at(at0(), Severity::Error, "the file is UTF-16; save it as UTF-8 (what every CAT tool reads)");
        match crate::input::decode(bytes, path) {
            Ok(t) => text = t,
            Err(e) => {
                v.push_at(at0(), Severity::Error, &e.to_string());
                return v.findings;
            }
        }
    } else {
        let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        match std::str::from_utf8(body) {
            Ok(t) => text = t.to_string(),
            Err(e) => {
                let good = &body[..e.valid_up_to()];
                // Safe: valid_up_to() marks the end of a valid UTF-8 prefix.
                let prefix = std::str::from_utf8(good).unwrap_or("");
                let (l, c) = LineIndex::new(prefix).line_col(prefix.len());
                v.push_at(
                    Location::file(path).with_line(l).with_col(c),
                    Severity::Error,
                    &format!(
                        "not UTF-8 (byte 0x{:02X} at offset {}); convert the file to UTF-8",
                        body[e.valid_up_to()],
                        e.valid_up_to() + (bytes.len() - body.len())
                    ),
                );
                return v.findings;
            }
        }
    }
    v.check_text(&text);
    v.findings.sort_by_key(|f| (f.location.line, f.location.col));
    v.findings
}

struct Validator<'p, 'a> {
    path: &'p Path,
    findings: Vec<Finding>,
    lines: Option<LineIndex<'a>>,
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
        "tmx" => (&["version"], &[], &["header", "body"], false),
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

impl<'a> Validator<'_, 'a> {
    fn push_at(&mut self, location: Location, severity: Severity, message: &str) {
        self.findings.push(Finding { location, severity, message: message.to_string() });
    }

    fn push(&mut self, pos: usize, severity: Severity, message: impl Into<String>) {
        let location = match &self.lines {
            Some(l) => l.location(self.path, pos),
            None => Location::file(self.path),
        };
        self.findings.push(Finding { location, severity, message: message.into() });
    }

    fn check_text(&mut self, text: &'a str) {
        self.lines = Some(LineIndex::new(text));
        // Control characters written as such, anywhere in the file.
        for (i, c) in text.char_indices() {
            if is_unwanted_control(c) {
                self.push(i, Severity::Error, control_message(c));
            }
        }
        let tree = match parse_tree(text, self.path) {
            Ok(t) => t,
            Err(Error::Parse { location, message }) => {
                self.push_at(location, Severity::Error, &message);
                return;
            }
            Err(e) => {
                self.push_at(Location::file(self.path), Severity::Error, &e.to_string());
                return;
            }
        };
        if let Some(enc) = &tree.declared_encoding
            && !enc.eq_ignore_ascii_case("utf-8")
            && !enc.eq_ignore_ascii_case("utf8")
        {
            self.push(0, Severity::Error, format!("the XML declaration says encoding=\"{enc}\"; use UTF-8"));
        }
        let root = &tree.root;
        if root.name != "tmx" {
            self.push(root.pos, Severity::Error, format!("the root element is <{}>, not <tmx>", root.name));
            return;
        }
        self.element(root, None);
        let header = root.elements().find(|e| e.name == "header");
        let srclang = header.and_then(|h| h.attr("srclang")).map(str::to_string);
        if let Some(h) = header {
            for a in ["srclang", "adminlang"] {
                if let Some(tag) = h.attr(a)
                    && !(a == "srclang" && tag == "*all*")
                {
                    self.lang(h.pos, &format!("header {a}"), tag);
                }
            }
        }
        if let Some(body) = root.elements().find(|e| e.name == "body") {
            for tu in body.elements().filter(|e| e.name == "tu") {
                self.tu(tu, srclang.as_deref());
            }
        }
    }

    fn lang(&mut self, pos: usize, what: &str, tag: &str) {
        if let Err(e) = check_lang_tag(tag) {
            self.push(pos, Severity::Error, format!("{what}: {e}"));
        }
    }

    /// DTD structure: declared and required attributes, allowed children, text, order.
    fn element(&mut self, e: &RawElement, parent: Option<&str>) {
        let Some((declared, required, children, text_ok)) = rule(&e.name) else {
            let within = parent.map(|p| format!(" inside <{p}>")).unwrap_or_default();
            self.push(e.pos, Severity::Error, format!("<{}>{within} is not a TMX 1.4b element", e.name));
            return;
        };
        for (k, v, _) in &e.attrs {
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
        for c in &e.children {
            match c {
                RawNode::Text { text, pos, from_ref } => {
                    if !text_ok && !text.trim().is_empty() {
                        self.push(
                            *pos,
                            Severity::Error,
                            format!("text is not allowed directly inside <{}>", e.name),
                        );
                    }
                    if *from_ref && let Some(ch) = text.chars().find(|c| is_unwanted_control(*c)) {
                        self.push(*pos, Severity::Error, control_message(ch));
                    }
                }
                RawNode::Element(child) => {
                    if rule(&child.name).is_some() && !children.contains(&child.name.as_str()) {
                        self.push(
                            child.pos,
                            Severity::Error,
                            format!("<{}> is not allowed inside <{}>", child.name, e.name),
                        );
                    } else {
                        self.element(child, Some(&e.name));
                    }
                }
            }
        }
        self.order(e);
    }

    /// Content models with an order or a count: tmx (header, body), tu ((note|prop)*, tuv+),
    /// tuv ((note|prop)*, seg), ude (map+).
    fn order(&mut self, e: &RawElement) {
        let names: Vec<&str> = e.elements().map(|c| c.name.as_str()).collect();
        let msg = match e.name.as_str() {
            "tmx" if names != ["header", "body"] => Some("<tmx> must hold exactly <header> then <body>"),
            "tu" => {
                let first_tuv = names.iter().position(|n| *n == "tuv");
                if first_tuv.is_none() {
                    Some("<tu> has no <tuv>")
                } else if names[first_tuv.unwrap_or(0)..].iter().any(|n| *n != "tuv") {
                    Some("in <tu>, notes and props must come before the <tuv>s")
                } else {
                    None
                }
            }
            "tuv" => match names.iter().filter(|n| **n == "seg").count() {
                0 => Some("<tuv> has no <seg>"),
                1 if names.last() != Some(&"seg") => Some("in <tuv>, <seg> must come last"),
                1 => None,
                _ => Some("<tuv> has more than one <seg>"),
            },
            "ude" if names.is_empty() => Some("<ude> needs at least one <map>"),
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
        let mut langs = Vec::new();
        for c in tu.elements() {
            match c.name.as_str() {
                "note" | "prop" => self.meta_lang(c),
                "tuv" => {
                    if let Some(tag) = c.attr("xml:lang").or_else(|| c.attr("lang")) {
                        self.lang(c.pos, "tuv xml:lang", tag);
                        langs.push(tag.to_string());
                    }
                    for d in c.elements() {
                        match d.name.as_str() {
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
        let mut text = String::new();
        seg_text(seg, &mut text);
        if text.trim().is_empty() {
            self.push(seg.pos, Severity::Error, "empty <seg> (OmegaT writes an empty translation from it)");
        }
        let n = text.chars().count();
        if n > LONG_SEGMENT {
            self.push(
                seg.pos,
                Severity::Warning,
                format!("<seg> holds {n} characters; Trados skips segments over {LONG_SEGMENT}"),
            );
        }
        let mut open: BTreeMap<String, (usize, usize)> = BTreeMap::new(); // i -> (bpt count, ept count)
        let mut first_pos: BTreeMap<String, usize> = BTreeMap::new();
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

/// The text of a segment: character data, and the text inside `hi` and `sub`.
fn seg_text(e: &RawElement, out: &mut String) {
    for c in &e.children {
        match c {
            RawNode::Text { text, .. } => {
                if matches!(e.name.as_str(), "seg" | "hi" | "sub") {
                    out.push_str(text)
                }
            }
            RawNode::Element(child) => seg_text(child, out),
        }
    }
}

/// Calls `f` on every `bpt` and `ept` in a segment, outside `sub` (a `sub` has its own pairs).
fn codes(e: &RawElement, f: &mut impl FnMut(&RawElement)) {
    for c in e.elements() {
        match c.name.as_str() {
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
