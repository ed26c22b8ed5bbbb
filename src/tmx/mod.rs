//! TMX 1.4b: writing, reading, validating, merging and summarising translation memories.
//!
//! The model ([`Tmx`], [`Tu`], [`Tuv`], …) keeps everything a reader finds, including what hanalign
//! does not interpret (unknown props, notes, inline codes, `ude` blocks, unknown attributes), so
//! [`read`](read::read_str) → [`write`](write::write) loses nothing but formatting and comments, and
//! write → read → write is byte-identical.
//!
//! - [`write`](fn@write) writes a [`Tmx`] with quick-xml's event writer, and turns an
//!   [`AlignedDoc`](crate::pipeline::AlignedDoc) into a TMX with [`write_aligned`] (language tags,
//!   `x-` props, hygiene, duplicates collapsed).
//! - [`read`] parses a TMX (UTF-8 or UTF-16 with BOM); errors name line and column; external
//!   entities are never resolved and entity expansion is bounded.
//! - [`validate`] checks a file against the TMX 1.4b DTD's structure and what CAT tools need.
//! - [`merge`](fn@merge) merges memories with de-duplication; [`stats`] summarises one.
//!
//! ```
//! use hanalign::tmx::{self, Tmx, Tu};
//!
//! let mut doc = Tmx::new("zh-TW");
//! doc.tus.push(Tu::pair("zh-TW", "模型延期了。", "en-US", "The model was delayed."));
//! let mut out = Vec::new();
//! tmx::write(&doc, &mut out).unwrap();
//! let back = tmx::read_bytes(&out, "mem.tmx".as_ref()).unwrap();
//! assert_eq!(back.tus[0].tuvs[1].text(), "The model was delayed.");
//! ```

pub mod clean;
pub mod filter;
pub mod merge;
pub mod read;
pub mod stats;
pub mod stream;
pub mod validate;
pub mod write;

pub use clean::{CleanOptions, CleanReport, Rule, Verdict, clean};
pub use filter::{Filter, PropTest, SplitBy, filter, split};
pub use merge::{Conflict, Dedupe, MergeEvent, MergeReport, Prefer, merge, merge_files, merge_with};
pub use read::{TmxReader, read_bytes, read_file};
pub use stats::{Stats, StatsBuilder};
pub use validate::{Finding, Severity, validate_bytes, validate_file, validate_reader, validate_stream};
pub use write::{
    ConvertZh, TmxOptions, TmxUnits, TmxWriter, WriteReport, aligned_to_tmx, write, write_aligned, write_file,
};

/// The attributes of an element, in document order, names as written (`xml:lang`, `o-tmf`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attrs(pub Vec<(String, String)>);

impl Attrs {
    /// The value of attribute `name`, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Sets attribute `name` (replacing its value in place, or appending it).
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        match self.0.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value,
            None => self.0.push((name.to_string(), value)),
        }
    }

    /// Builds attributes from `(name, value)` pairs.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Attrs {
        Attrs(pairs.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }
}

/// A whole TMX document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tmx {
    /// The `tmx` element's attributes (`version="1.4"`).
    pub attrs: Attrs,
    /// The header.
    pub header: Header,
    /// The translation units, in order.
    pub tus: Vec<Tu>,
}

impl Tmx {
    /// An empty TMX 1.4 document with hanalign's header and source language `srclang`.
    pub fn new(srclang: &str) -> Tmx {
        Tmx { attrs: Attrs::from_pairs([("version", "1.4")]), header: Header::new(srclang), tus: Vec::new() }
    }

    /// The header's `srclang` (`*all*` or a language tag), if present.
    pub fn srclang(&self) -> Option<&str> {
        self.header.attrs.get("srclang")
    }

    /// The units as sentence pairs, for checks that read a memory like an alignment: the source
    /// is the variant in the header's `srclang` (Chinese when it is `*all*` or missing), the target
    /// the first other variant; inline codes are dropped, their text kept. Units without both are
    /// skipped.
    pub fn text_pairs(&self) -> Vec<TextPair> {
        let srclang = self.srclang().filter(|s| *s != "*all*").map(str::to_ascii_lowercase);
        let is_src = |l: &str| {
            let l = l.to_ascii_lowercase().replace('_', "-");
            match &srclang {
                Some(s) => l == *s || l.starts_with(&format!("{s}-")) || s.starts_with(&format!("{l}-")),
                None => l == "zh" || l.starts_with("zh-"),
            }
        };
        let mut pairs = Vec::new();
        for (n, tu) in self.tus.iter().enumerate() {
            let src = tu.tuvs.iter().find(|t| t.lang().is_some_and(is_src));
            let tgt = tu.tuvs.iter().find(|t| t.lang().is_some_and(|l| !is_src(l)));
            if let (Some(s), Some(t)) = (src, tgt) {
                let label = match tu.line {
                    Some(l) => format!("tu {} (line {l})", n + 1),
                    None => format!("tu {}", n + 1),
                };
                pairs.push(TextPair { label, src: s.text(), tgt: t.text() });
            }
        }
        pairs
    }
}

/// A unit's source and target text ([`Tmx::text_pairs`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPair {
    /// How to name the unit in messages: `tu 7 (line 40)`.
    pub label: String,
    /// The source text.
    pub src: String,
    /// The target text.
    pub tgt: String,
}

/// The `header` element: its attributes and its notes, props and `ude` blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Attributes (creationtool, srclang, …) in document order.
    pub attrs: Attrs,
    /// Notes, props and other children, in document order.
    pub meta: Vec<Meta>,
}

impl Header {
    /// hanalign's header: every attribute the TMX 1.4b DTD requires, plus `creationdate` (now).
    pub fn new(srclang: &str) -> Header {
        let date = write::tmx_date_now();
        Header {
            attrs: Attrs::from_pairs([
                ("creationtool", "hanalign"),
                ("creationtoolversion", env!("CARGO_PKG_VERSION")),
                ("segtype", "sentence"),
                ("o-tmf", "hanalign"),
                ("adminlang", "en-US"),
                ("srclang", srclang),
                ("datatype", "plaintext"),
                ("creationdate", date.as_str()),
            ]),
            meta: Vec::new(),
        }
    }
}

/// A child of `header`, `tu` or `tuv` that is not the content: a note, a prop, or anything else
/// (kept as an element so nothing is lost).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Meta {
    /// `<note>`.
    Note(Note),
    /// `<prop type="…">`.
    Prop(Prop),
    /// Another element (`ude` in a header, or an element TMX does not define).
    Other(Element),
}

/// A `note`: free text for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Attributes (`xml:lang`, `o-encoding`).
    pub attrs: Attrs,
    /// The note's text.
    pub text: String,
}

impl Note {
    /// A note without attributes.
    pub fn new(text: impl Into<String>) -> Note {
        Note { attrs: Attrs::default(), text: text.into() }
    }
}

/// A `prop`: a typed value for tools (`x-` types are user-defined).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prop {
    /// Attributes (`type` first).
    pub attrs: Attrs,
    /// The value.
    pub value: String,
}

impl Prop {
    /// A prop of type `kind`.
    pub fn new(kind: &str, value: impl Into<String>) -> Prop {
        Prop { attrs: Attrs::from_pairs([("type", kind)]), value: value.into() }
    }

    /// The prop's `type`.
    pub fn kind(&self) -> &str {
        self.attrs.get("type").unwrap_or("")
    }
}

/// A translation unit: one segment in several languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tu {
    /// Attributes (`tuid`, `srclang`, `creationdate`, …).
    pub attrs: Attrs,
    /// Notes, props and other children before the variants.
    pub meta: Vec<Meta>,
    /// One variant per language.
    pub tuvs: Vec<Tuv>,
    /// Where the `tu` started in the file it was read from (1-based line), for messages; not written.
    pub line: Option<u64>,
}

impl Tu {
    /// A unit with two plain-text variants.
    pub fn pair(src_lang: &str, src: &str, tgt_lang: &str, tgt: &str) -> Tu {
        Tu {
            attrs: Attrs::default(),
            meta: Vec::new(),
            tuvs: vec![Tuv::plain(src_lang, src), Tuv::plain(tgt_lang, tgt)],
            line: None,
        }
    }

    /// The props of this unit.
    pub fn props(&self) -> impl Iterator<Item = &Prop> {
        self.meta.iter().filter_map(|m| if let Meta::Prop(p) = m { Some(p) } else { None })
    }

    /// The first prop of type `kind`.
    pub fn prop(&self, kind: &str) -> Option<&str> {
        self.props().find(|p| p.kind() == kind).map(|p| p.value.as_str())
    }

    /// The notes of this unit.
    pub fn notes(&self) -> impl Iterator<Item = &Note> {
        self.meta.iter().filter_map(|m| if let Meta::Note(n) = m { Some(n) } else { None })
    }

    /// The first variant whose language is `lang` (compared case-insensitively, `_` read as `-`).
    pub fn tuv(&self, lang: &str) -> Option<&Tuv> {
        self.tuvs.iter().find(|t| t.lang().is_some_and(|l| same_lang(l, lang)))
    }
}

/// A translation unit variant: the segment in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tuv {
    /// Attributes (`xml:lang` first).
    pub attrs: Attrs,
    /// Notes and props of this variant.
    pub meta: Vec<Meta>,
    /// The content of `seg`: text and inline codes.
    pub seg: Vec<Node>,
}

impl Tuv {
    /// A variant holding plain text.
    pub fn plain(lang: &str, text: &str) -> Tuv {
        Tuv {
            attrs: Attrs::from_pairs([("xml:lang", lang)]),
            meta: Vec::new(),
            seg: if text.is_empty() { Vec::new() } else { vec![Node::Text(text.to_string())] },
        }
    }

    /// The language: `xml:lang`, or the deprecated `lang`.
    pub fn lang(&self) -> Option<&str> {
        self.attrs.get("xml:lang").or_else(|| self.attrs.get("lang"))
    }

    /// The segment's text without inline codes (the text inside `hi` and `sub` included).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for n in &self.seg {
            n.plain_text(&mut out);
        }
        out
    }

    /// True when the segment has inline codes (`bpt`, `ept`, `ph`, `it`, `hi`, `ut`).
    pub fn has_codes(&self) -> bool {
        self.seg.iter().any(|n| matches!(n, Node::Element(_)))
    }
}

/// Content of a `seg` (or of an inline code): text or an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// Character data (unescaped).
    Text(String),
    /// An element (inline code such as `bpt`, `ph`, `hi`, or any other element).
    Element(Element),
}

impl Node {
    /// Appends the translatable text of this node: text, and the text inside `hi` and `sub`
    /// (the native code inside `bpt`, `ept`, `ph`, `it` and `ut` is not text).
    pub fn plain_text(&self, out: &mut String) {
        match self {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                if matches!(e.name.as_str(), "hi" | "sub") {
                    for c in &e.children {
                        c.plain_text(out);
                    }
                } else {
                    for c in &e.children {
                        if let Node::Element(sub) = c
                            && sub.name == "sub"
                        {
                            c.plain_text(out);
                        }
                    }
                }
            }
        }
    }
}

/// A generic XML element, kept as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// Its name as written.
    pub name: String,
    /// Its attributes.
    pub attrs: Attrs,
    /// Its content.
    pub children: Vec<Node>,
}

/// `s` with runs of whitespace made one space and the ends trimmed (what
/// `s.split_whitespace().collect::<Vec<_>>().join(" ")` gives, in one pass).
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.chars() {
        if c.is_whitespace() {
            gap = !out.is_empty();
        } else {
            if gap {
                out.push(' ');
                gap = false;
            }
            out.push(c);
        }
    }
    out
}

/// True when two language tags name the same language (case-insensitive; `_` read as `-`).
pub fn same_lang(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes().zip(b.bytes()).all(|(x, y)| {
            let norm = |c: u8| if c == b'_' { b'-' } else { c.to_ascii_lowercase() };
            norm(x) == norm(y)
        })
}

/// Parses a TMX date (`YYYYMMDDThhmmssZ`, UTC; TMX 1.4b's only date format) into seconds since
/// 1970-01-01. `None` for anything else, including impossible dates (`20250230T000000Z`).
pub fn parse_tmx_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = &b[r];
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let (y, mo, d) = (digits(0..4)?, digits(4..6)?, digits(6..8)?);
    let (h, mi, se) = (digits(9..11)?, digits(11..13)?, digits(13..15)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&mo) || d < 1 || d > days_in[(mo - 1) as usize] || h > 23 || mi > 59 || se > 59 {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let (y2, m2) = if mo <= 2 { (y - 1, mo + 9) } else { (y, mo - 3) };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * m2 + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + mi * 60 + se)
}

/// Checks that `tag` is a well-formed BCP 47 language tag (RFC 5646 syntax: language, optional
/// extlang, script, region, variants, extensions, private use). Returns what is wrong otherwise.
pub fn check_lang_tag(tag: &str) -> std::result::Result<(), String> {
    if tag.is_empty() {
        return Err("empty language tag".into());
    }
    if tag.contains('_') {
        return Err(format!(
            "`{tag}` uses `_`; BCP 47 separates subtags with `-` (write `{}`; OmegaT ignores `{tag}`)",
            tag.replace('_', "-")
        ));
    }
    let subtags: Vec<&str> = tag.split('-').collect();
    if subtags.iter().any(|s| s.is_empty() || s.len() > 8 || !s.bytes().all(|b| b.is_ascii_alphanumeric())) {
        return Err(format!(
            "`{tag}` is not a BCP 47 tag (subtags are 1-8 letters or digits, joined by `-`)"
        ));
    }
    let alpha = |s: &str| s.bytes().all(|b| b.is_ascii_alphabetic());
    let digit = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let first = subtags[0];
    if first.eq_ignore_ascii_case("x") || first.eq_ignore_ascii_case("i") {
        return if subtags.len() > 1 { Ok(()) } else { Err(format!("`{tag}` has nothing after `{first}-`")) };
    }
    if !(alpha(first) && (2..=8).contains(&first.len()) && first.len() != 4) {
        return Err(format!("`{tag}` does not start with a language subtag (2-3 letters, e.g. `zh`, `en`)"));
    }
    let mut i = 1;
    // extlang: up to three 3-letter subtags after a 2-3 letter language
    let mut ext = 0;
    while first.len() <= 3 && ext < 3 && i < subtags.len() && subtags[i].len() == 3 && alpha(subtags[i]) {
        i += 1;
        ext += 1;
    }
    if i < subtags.len() && subtags[i].len() == 4 && alpha(subtags[i]) {
        i += 1; // script
    }
    if i < subtags.len()
        && ((subtags[i].len() == 2 && alpha(subtags[i])) || (subtags[i].len() == 3 && digit(subtags[i])))
    {
        i += 1; // region
    }
    while i < subtags.len()
        && ((subtags[i].len() >= 5) || (subtags[i].len() == 4 && subtags[i].as_bytes()[0].is_ascii_digit()))
    {
        i += 1; // variants
    }
    while i < subtags.len() {
        let s = subtags[i];
        if s.len() != 1 {
            return Err(format!("`{tag}`: unexpected subtag `{s}`"));
        }
        let private = s.eq_ignore_ascii_case("x");
        i += 1;
        let start = i;
        while i < subtags.len() && (private || subtags[i].len() >= 2) {
            i += 1;
        }
        if i == start {
            return Err(format!("`{tag}`: singleton `{s}` must be followed by a subtag"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tmx_pairs_with_inline_markup() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.tmx");
        std::fs::write(
            &p,
            r#"<?xml version="1.0"?><tmx version="1.4"><header srclang="zh-TW" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="zh-TW"><seg>牛油果&amp;<ph>&lt;b&gt;</ph>模型</seg></tuv><tuv xml:lang="en"><seg>Avocado</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>only one side</seg></tuv></tu>
</body></tmx>"#,
        )
        .unwrap();
        let pairs = read::read_file(&p).unwrap().text_pairs();
        assert_eq!(
            pairs,
            vec![TextPair {
                label: "tu 1 (line 2)".into(),
                src: "牛油果&模型".into(),
                tgt: "Avocado".into()
            }]
        );
    }

    #[test]
    fn language_tags() {
        for ok in
            ["zh-TW", "zh-CN", "zh-Hant", "zh-Hant-TW", "en", "en-US", "es-419", "x-klingon", "de-CH-1901"]
        {
            assert_eq!(check_lang_tag(ok), Ok(()), "{ok}");
        }
        for bad in ["zh_CN", "", "z", "zh--TW", "english-US-", "123", "zh-TW-x", "en-US_POSIX", "abcd"] {
            assert!(check_lang_tag(bad).is_err(), "{bad}");
        }
        assert!(check_lang_tag("zh_CN").unwrap_err().contains("zh-CN"));
    }

    #[test]
    fn tmx_dates_parse_and_round_trip() {
        for secs in [0i64, 951_782_400, 1_735_689_599, 4_102_444_800] {
            assert_eq!(parse_tmx_date(&write::tmx_date(secs)), Some(secs));
        }
        assert_eq!(parse_tmx_date("20240229T120000Z"), Some(1_709_208_000));
        for bad in
            ["20250230T000000Z", "2025-01-01", "20250101T000000", "20251301T000000Z", "2025010IT000000Z", ""]
        {
            assert_eq!(parse_tmx_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn collapse_ws_is_split_and_join() {
        for s in ["", " ", "a", " a  b\t\nc ", "模型\u{3000}延期 了", "\u{a0}x\u{2028}y\r\n"] {
            assert_eq!(collapse_ws(s), s.split_whitespace().collect::<Vec<_>>().join(" "), "{s:?}");
        }
    }

    #[test]
    fn same_lang_ignores_case_and_underscore() {
        assert!(same_lang("zh-tw", "ZH-TW"));
        assert!(same_lang("zh_TW", "zh-TW"));
        assert!(!same_lang("zh-TW", "zh-CN"));
        assert!(!same_lang("zh", "zh-CN"));
    }

    #[test]
    fn plain_text_skips_native_codes() {
        let tuv = Tuv {
            attrs: Attrs::default(),
            meta: vec![],
            seg: vec![
                Node::Text("a ".into()),
                Node::Element(Element {
                    name: "bpt".into(),
                    attrs: Attrs::from_pairs([("i", "1")]),
                    children: vec![Node::Text("<b>".into())],
                }),
                Node::Text("bold".into()),
                Node::Element(Element {
                    name: "hi".into(),
                    attrs: Attrs::default(),
                    children: vec![Node::Text(" x".into())],
                }),
            ],
        };
        assert_eq!(tuv.text(), "a bold x");
        assert!(tuv.has_codes());
    }
}
