//! Sentence segmentation for Chinese and English.
//!
//! A [`Segmenter`] returns [`Sentence`]s: byte spans into the original text (which is never altered)
//! plus the cleaned sentence text. Spans are in order, never overlap, and together cover every
//! non-blank character.
//!
//! PLACEHOLDER: the rules below are a minimal stand-in until the segmenter issue lands.

use serde::Serialize;

/// Which rules to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
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
    /// A heading: a line without final punctuation.
    Heading,
    /// A bullet line (`·…`, `• …`).
    Bullet,
    /// Markup only (e.g. a Markdown image `![]()`): not text, later stages skip it.
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
    /// 0-based paragraph number.
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
    #[allow(dead_code)]
    lang: Lang,
    #[allow(dead_code)]
    wrapped: bool,
}

impl Segmenter {
    /// Segments `text` into sentences.
    pub fn segment(&self, text: &str) -> Vec<Sentence> {
        let mut out = Vec::new();
        let mut line_start = 0;
        for (para, line) in text.split_inclusive('\n').enumerate() {
            let mut start = line_start;
            let mut chars = line.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                let next_space = chars.peek().is_none_or(|&(_, n)| n.is_whitespace());
                if "。！？".contains(c) || ("!?.".contains(c) && next_space) {
                    let end = line_start + i + c.len_utf8();
                    push(&mut out, text, start, end, para);
                    start = end;
                }
            }
            push(&mut out, text, start, line_start + line.len(), para);
            line_start += line.len();
        }
        out
    }
}

fn push(out: &mut Vec<Sentence>, text: &str, start: usize, end: usize, paragraph: usize) {
    let s = &text[start..end];
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return;
    }
    let lead = s.len() - s.trim_start().len();
    let start = start + lead;
    let end = start + trimmed.len();
    let kind = if trimmed.starts_with("![") { UnitKind::Markup } else { UnitKind::Text };
    out.push(Sentence { text: trimmed.to_string(), start, end, paragraph, kind });
}
