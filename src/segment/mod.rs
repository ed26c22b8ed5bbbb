//! Sentence segmentation for Chinese and English.
//!
//! A [`Segmenter`] returns [`Sentence`]s: byte spans into the original text (which is never altered)
//! plus the cleaned sentence text. Spans are in order, never overlap, and together cover every
//! non-blank character.
//!
//! How it works, in one pass over the bytes of each paragraph:
//!
//! 1. **Paragraphs** (`paragraphs`): a blank line always ends a paragraph. Without `--wrapped`
//!    every line is a paragraph (web and news text), unless the break is plainly mid-sentence: the
//!    line ends in a space and the next one starts in lower case. With `--wrapped` single line
//!    breaks are spaces. Bullet lines and Markdown image lines always stand alone.
//! 2. **Rules per paragraph**: `--lang auto` picks Chinese or English rules by the paragraph's
//!    script (Han characters against Latin letters).
//! 3. **Cuts** (`scan`): a table-driven scan jumps from one candidate byte (`.?!`, CJK punctuation,
//!    bullets) to the next and decides there, looking at the word before and the word after
//!    (`en`) or at the quotation or title the terminator sits in (`zh`).
//!
//! ```
//! use hanalign::segment::{Lang, SegmenterBuilder};
//!
//! let seg = SegmenterBuilder::new().lang(Lang::En).build();
//! let s = seg.segment("Mr. Smith went to the U.S. Government office. He was late.");
//! assert_eq!(s.len(), 2);
//! assert_eq!(s[1].text, "He was late.");
//! assert_eq!(&"Mr. Smith went to the U.S. Government office. He was late."[s[1].start..s[1].end], "He was late.");
//! ```

mod en;
mod scan;
mod srx;
pub use srx::{SrxLanguage, SrxRule, omegat_conf, srx, srx_languages};

use std::borrow::Cow;

use serde::Serialize;

pub(crate) use crate::chars::{is_chinese, is_wide, is_word_char};
pub use crate::document::{Document, Span};

/// Which rules to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Lang {
    /// Pick Chinese or English rules per paragraph by script.
    #[default]
    Auto,
    /// Chinese rules.
    Zh,
    /// English rules.
    En,
}

/// What a unit is, beyond ordinary sentence text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    /// An ordinary sentence.
    #[default]
    Text,
    /// A heading: a short paragraph of one unit without final punctuation.
    Heading,
    /// A bullet line (`·…`, `• …`).
    Bullet,
    /// Markup only (e.g. a Markdown image `![]()`), no letters or digits: later stages skip it.
    Markup,
}

impl UnitKind {
    /// True for units that carry text to align (everything but markup).
    pub fn is_text(self) -> bool {
        self != UnitKind::Markup
    }
}

/// One sentence (or other unit) of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// The sentence, cleaned: inner line breaks folded, surrounding blanks trimmed.
    pub text: String,
    /// Byte offset of the first byte of the span in the original text.
    pub start: usize,
    /// Byte offset one past the last byte of the span in the original text.
    pub end: usize,
    /// 0-based paragraph number (paragraphs are counted in order, blank lines do not count).
    pub paragraph: usize,
    /// What kind of unit this is.
    pub kind: UnitKind,
}

/// Builds a [`Segmenter`].
#[derive(Debug, Clone, Default)]
pub struct SegmenterBuilder {
    lang: Lang,
    wrapped: bool,
}

impl SegmenterBuilder {
    /// Default settings: `--lang auto`, single line breaks end units.
    pub fn new() -> SegmenterBuilder {
        SegmenterBuilder::default()
    }

    /// Which rules to apply.
    pub fn lang(&mut self, lang: Lang) -> &mut SegmenterBuilder {
        self.lang = lang;
        self
    }

    /// Treat single line breaks as spaces (hard-wrapped text such as PDF extractions).
    pub fn wrapped(&mut self, yes: bool) -> &mut SegmenterBuilder {
        self.wrapped = yes;
        self
    }

    /// A ready segmenter.
    pub fn build(&self) -> Segmenter {
        Segmenter { lang: self.lang, wrapped: self.wrapped }
    }
}

/// Splits documents into sentences. Cheap to clone, `Sync`.
#[derive(Debug, Clone)]
pub struct Segmenter {
    lang: Lang,
    wrapped: bool,
}

impl Default for Segmenter {
    fn default() -> Self {
        SegmenterBuilder::new().build()
    }
}

impl Segmenter {
    /// Segments `text` into sentences.
    pub fn segment(&self, text: &str) -> Vec<Sentence> {
        // About one unit per 100 bytes in prose: reserve once rather than grow many times.
        let mut out = Vec::with_capacity(text.len() / 100 + 1);
        self.segment_into(text, &mut out);
        out
    }

    /// Segments `text`, appending to `out` (reuse one vector across documents).
    pub fn segment_into(&self, text: &str, out: &mut Vec<Sentence>) {
        let mut spans = Vec::with_capacity(text.len() / 100 + 1);
        self.units_into(text, &mut spans);
        out.extend(spans.into_iter().map(|s| Sentence {
            text: clean(&text[s.range.clone()]).into_owned(),
            start: s.range.start,
            end: s.range.end,
            paragraph: s.paragraph,
            kind: s.kind,
        }));
    }

    /// Segments `text` into a [`Document`]: the units that carry text (markup units such as
    /// Markdown images are left out: they carry nothing to align), as spans, with the document's
    /// language. Name it with [`Document::named`].
    ///
    /// ```
    /// use hanalign::{Lang, SegmenterBuilder};
    ///
    /// let doc = SegmenterBuilder::new().build().document("![logo](a.png)\n\nMeta 推出了牛油果。它很快。");
    /// assert_eq!(doc.sentences().collect::<Vec<_>>(), ["Meta 推出了牛油果。", "它很快。"]);
    /// assert_eq!((doc.lang(), doc.spans()[0].paragraph), (Lang::Zh, 1));
    /// ```
    pub fn document<'t>(&self, text: impl Into<Cow<'t, str>>) -> Document<'t> {
        let text = text.into();
        let mut spans = Vec::with_capacity(text.len() / 100 + 1);
        self.units_into(&text, &mut spans);
        Document::segmented(text, spans)
    }

    /// Every unit of `text` as a [`Span`] (markup included), appended to `out`.
    fn units_into(&self, text: &str, out: &mut Vec<Span>) {
        for (paragraph, (p0, p1)) in paragraphs(text, self.wrapped).enumerate() {
            let zh = match self.lang {
                Lang::Zh => true,
                Lang::En => false,
                Lang::Auto => is_chinese(&text[p0..p1]),
            };
            let first = out.len();
            scan::split(text, p0, p1, zh, |a, b| push(out, text, a, b, paragraph));
            if out.len() == first + 1
                && out[first].kind == UnitKind::Text
                && looks_like_heading(&clean(&text[out[first].range.clone()]))
            {
                out[first].kind = UnitKind::Heading;
            }
        }
    }

    /// Only the spans (`start..end` byte ranges), without building the cleaned text.
    pub fn spans(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        for (p0, p1) in paragraphs(text, self.wrapped) {
            let zh = match self.lang {
                Lang::Zh => true,
                Lang::En => false,
                Lang::Auto => is_chinese(&text[p0..p1]),
            };
            scan::split(text, p0, p1, zh, |a, b| {
                if let Some((a, b)) = trim(text, a, b) {
                    out.push(a..b);
                }
            });
        }
        out
    }
}

/// Iterates over the paragraphs of `text` as byte ranges (first to last byte of their lines,
/// line break excluded; blank lines are never part of one).
fn paragraphs(text: &str, wrapped: bool) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut lines = Lines { text, pos: 0 }.peekable();
    std::iter::from_fn(move || {
        let (start, mut end) = loop {
            let (a, b) = lines.next()?;
            if !is_blank(&text[a..b]) {
                break (a, b);
            }
        };
        let mut last = (start, end);
        while let Some(&(a, b)) = lines.peek() {
            if !joins(text, last, (a, b), wrapped) {
                break;
            }
            lines.next();
            end = b;
            last = (a, b);
        }
        Some((start, end))
    })
}

/// Whether the line `next` continues the paragraph whose last line is `prev`.
fn joins(text: &str, prev: (usize, usize), next: (usize, usize), wrapped: bool) -> bool {
    let (p, n) = (&text[prev.0..prev.1], &text[next.0..next.1]);
    if is_blank(n) || starts_with_bullet(n.trim_start()) || is_markup(n) || is_markup(p) {
        return false;
    }
    if wrapped {
        return true;
    }
    // Plainly mid-sentence (Golden Rule 41): the line was broken after a space and the sentence
    // goes on in lower case.
    p.ends_with([' ', '\t']) && n.starts_with(|c: char| c.is_ascii_lowercase() || c == '(')
}

fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_whitespace()) || s.trim().is_empty()
}

/// Lines as byte ranges without their break (`\n`, `\r\n` or a lone `\r`).
struct Lines<'t> {
    text: &'t str,
    pos: usize,
}

impl Iterator for Lines<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let b = self.text.as_bytes();
        if self.pos >= b.len() {
            return None;
        }
        let start = self.pos;
        match memchr::memchr2(b'\n', b'\r', &b[start..]) {
            Some(k) => {
                let end = start + k;
                self.pos = end + if b[end] == b'\r' && b.get(end + 1) == Some(&b'\n') { 2 } else { 1 };
                Some((start, end))
            }
            None => {
                self.pos = b.len();
                Some((start, b.len()))
            }
        }
    }
}

/// Characters that start a bullet line.
pub(crate) fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '·' | '•'
            | '‧'
            | '∙'
            | '⁃'
            | '‣'
            | '◦'
            | '▪'
            | '▫'
            | '●'
            | '○'
            | '■'
            | '□'
            | '◆'
            | '◇'
            | '★'
            | '☆'
            | '►'
            | '▶'
            | '➢'
            | '✓'
            | '✔'
    )
}

fn starts_with_bullet(s: &str) -> bool {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) if is_bullet(c) => true,
        Some('-' | '*' | '+') => cs.next().is_some_and(|c| c == ' ' || c == '\t'),
        _ => false,
    }
}

/// True when `s` holds no letter or digit outside Markdown images (`![alt](url)`). Ordinary text
/// is rejected at its first letter.
fn is_markup(s: &str) -> bool {
    let mut rest = s;
    loop {
        let Some((a, _)) = rest.char_indices().find(|&(_, c)| is_word_char(c)) else { return true };
        // The letter must sit inside an image that opens before it.
        let Some(k) = memchr::memmem::find(&rest.as_bytes()[..a], b"![") else { return false };
        let after = &rest[k + 2..];
        // Skip to the `)` closing `](url)`.
        let Some(close) = after.find("](").and_then(|m| after[m + 2..].find(')').map(|n| m + 2 + n + 1))
        else {
            return false;
        };
        rest = &after[close..];
    }
}

/// A short unit without final punctuation: a title or a section heading.
fn looks_like_heading(s: &str) -> bool {
    // Width counts 1 per ASCII character, 2 per other character, so it is at least half the
    // byte length: long units are rejected without looking at their characters.
    if s.len() > 120 {
        return false;
    }
    let last = s.trim_end_matches(scan::is_closer).chars().next_back();
    if last.is_none_or(|c| ".!?。！？…⋯;；:：,，、".contains(c)) {
        return false;
    }
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>() <= 60
}

/// Trims whitespace off a raw span; `None` when nothing is left.
fn trim(text: &str, a: usize, b: usize) -> Option<(usize, usize)> {
    let s = &text[a..b];
    let t = s.trim_start();
    let start = a + (s.len() - t.len());
    let t = t.trim_end();
    (!t.is_empty()).then(|| (start, start + t.len()))
}

fn push(out: &mut Vec<Span>, text: &str, a: usize, b: usize, paragraph: usize) {
    let Some((start, end)) = trim(text, a, b) else { return };
    let text = clean(&text[start..end]);
    let kind = if is_markup(&text) {
        UnitKind::Markup
    } else if starts_with_bullet(&text) {
        UnitKind::Bullet
    } else {
        UnitKind::Text
    };
    out.push(Span { range: start..end, paragraph, kind });
}

/// A unit's cleaned text: its raw span with inner line breaks folded ([`fold_breaks`]), borrowed
/// when it has none.
pub(crate) fn clean(raw: &str) -> Cow<'_, str> {
    if memchr::memchr2(b'\n', b'\r', raw.as_bytes()).is_some() {
        Cow::Owned(fold_breaks(raw))
    } else {
        Cow::Borrowed(raw)
    }
}

/// Folds every run of whitespace that contains a line break: to nothing between two CJK
/// characters (Chinese wraps without spaces), to one space elsewhere.
fn fold_breaks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !c.is_whitespace() {
            out.push(c);
            continue;
        }
        let mut j = i + c.len_utf8();
        while let Some(&(k, d)) = chars.peek() {
            if !d.is_whitespace() {
                break;
            }
            j = k + d.len_utf8();
            chars.next();
        }
        let run = &s[i..j];
        if !run.contains(['\n', '\r']) {
            out.push_str(run);
            continue;
        }
        let wide = |c: Option<char>| c.is_some_and(is_wide);
        if !(wide(out.chars().next_back()) && wide(s[j..].chars().next())) {
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests;
