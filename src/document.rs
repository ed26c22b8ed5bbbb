//! The one value that flows through the pipeline: a [`Document`].
//!
//! Like tokenizers' `Encoding`, a document is produced once (by [`Segmenter::document`](crate::Segmenter::document) or
//! [`Document::presegmented`]) and read by every later stage: the aligner takes its sentences,
//! paragraphs and language, the TMX writer its language and script, the review page and the
//! renderers its bead texts and sentence boundaries. Nothing downstream segments, joins and
//! re-splits, or detects the language again.
//!
//! - **Text**: the original, never altered ([`Document::text`]; a `Cow`, so a borrowed input is
//!   not copied).
//! - **Sentences as spans** ([`Span`]): byte ranges into the text, in order, not overlapping, with
//!   their paragraph and kind. The cleaned sentence ([`Document::sentence`]: inner line breaks
//!   folded) is derived on demand and borrowed when nothing changes.
//! - **Language and script**, detected once, by one rule (`chars::is_chinese_document`
//!   for the language, [`crate::script::detect`] for the script), over the first
//!   `chars::LANG_SAMPLE` sentences.
//! - **A normalised view** ([`Normalized`]: Simplified, half-width, lower case, as the aligner and
//!   the glossary matcher compare) with an offset map back to the original, as tokenizers'
//!   `NormalizedString` keeps alignments, so whatever is found in the normalised text is shown
//!   and exported as the author wrote it.
//!
//! ```
//! use hanalign::{Document, Lang, SegmenterBuilder};
//!
//! let seg = SegmenterBuilder::new().build();
//! let doc = seg.document("Meta 推出了牛油果。\n它很快。").named("zh.txt");
//! assert_eq!((doc.len(), doc.lang()), (2, Lang::Zh));
//! // Sentences are spans into the original text …
//! assert_eq!(&doc.text()[doc.spans()[1].range.clone()], "它很快。");
//! // … joined into a bead's text (nothing between Chinese sentences), with where each starts.
//! let (text, starts) = doc.bead_text_with_starts(&[0, 1]);
//! assert_eq!((text.as_str(), starts), ("Meta 推出了牛油果。它很快。", vec![26]));
//! // The normalised view maps back to the original.
//! let doc = Document::presegmented("ＭＥＴＡ 牛油果\n");
//! let norm = doc.normalized();
//! assert_eq!(norm.text(), "meta 牛油果\n");
//! assert_eq!(norm.to_original(0..4), 0..12);
//! ```

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::error::{Error, Result};
use crate::script::{self, Script};
use crate::segment::{Lang, UnitKind};

/// One sentence (or other unit) of a [`Document`]: where it is in the text, its paragraph, its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Byte range in the original text (trimmed: no white space at either end, never empty).
    pub range: Range<usize>,
    /// 0-based paragraph number (in order; blank lines do not count).
    pub paragraph: usize,
    /// What kind of unit it is.
    pub kind: UnitKind,
}

/// How the cleaned sentence is derived from its span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clean {
    /// Inner line breaks folded (the segmenter's sentences).
    FoldBreaks,
    /// As written (one sentence per line).
    AsWritten,
}

/// A document: its name, original text, sentences as spans, language and script, and a normalised
/// view (see the [module docs](self)). Cheap to read from many threads (`Sync`).
#[derive(Debug, Clone)]
pub struct Document<'t> {
    name: PathBuf,
    text: Cow<'t, str>,
    spans: Vec<Span>,
    clean: Clean,
    lang: Lang,
    script: OnceLock<Script>,
    normalized: OnceLock<Normalized>,
}

impl<'t> Document<'t> {
    fn new(text: Cow<'t, str>, spans: Vec<Span>, clean: Clean) -> Document<'t> {
        let mut doc = Document {
            name: PathBuf::new(),
            text,
            spans,
            clean,
            lang: Lang::En,
            script: OnceLock::new(),
            normalized: OnceLock::new(),
        };
        // The one place a document's language is decided.
        let chinese = crate::chars::is_chinese_document(
            doc.sentences().take(crate::chars::LANG_SAMPLE).collect::<Vec<_>>().iter().map(|s| s.as_ref()),
        );
        doc.lang = if chinese { Lang::Zh } else { Lang::En };
        doc
    }

    /// Segmenter output as a document: the units that carry text (markup units are dropped; they
    /// carry nothing to align).
    pub(crate) fn segmented(text: Cow<'t, str>, mut spans: Vec<Span>) -> Document<'t> {
        spans.retain(|s| s.kind.is_text());
        Document::new(text, spans, Clean::FoldBreaks)
    }

    /// One sentence per line, as written (white space around it trimmed); blank lines are skipped.
    /// Each line is its own paragraph (numbered by line, from 0).
    pub fn presegmented(text: impl Into<Cow<'t, str>>) -> Document<'t> {
        let text = text.into();
        let mut spans = Vec::new();
        let mut pos = 0;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            let t = line.trim();
            if !t.is_empty() {
                let start = pos + (line.len() - line.trim_start().len());
                spans.push(Span { range: start..start + t.len(), paragraph: i, kind: UnitKind::Text });
            }
            pos += line.len();
        }
        Document::new(text, spans, Clean::AsWritten)
    }

    /// A document with spans made elsewhere. They must be in order, not overlap, lie on character
    /// boundaries of `text` and not be empty; sentences are taken as written.
    pub fn from_spans(text: impl Into<Cow<'t, str>>, spans: Vec<Span>) -> Result<Document<'t>> {
        let text = text.into();
        let mut end = 0;
        for (i, s) in spans.iter().enumerate() {
            let r = &s.range;
            if r.start < end || r.start >= r.end || text.get(r.clone()).is_none() {
                return Err(Error::usage(format!(
                    "span {i} ({}..{}) is empty, out of order or not on character boundaries of a text of {} bytes",
                    r.start,
                    r.end,
                    text.len()
                )));
            }
            end = r.end;
        }
        Ok(Document::new(text, spans, Clean::AsWritten))
    }

    /// This document under `name` (a file name, as given; it is written into outputs).
    pub fn named(mut self, name: impl Into<PathBuf>) -> Document<'t> {
        self.name = name.into();
        self
    }

    /// The document's name (empty unless [`Document::named`]).
    pub fn name(&self) -> &Path {
        &self.name
    }

    /// The original text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The sentences, as spans into [`Document::text`].
    pub fn spans(&self) -> &[Span] {
        &self.spans
    }

    /// How many sentences.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when the document has no sentence.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The document's language, [`Lang::Zh`] or [`Lang::En`]: Chinese when its first sentences are
    /// mostly Han (`chars::is_chinese_document`), decided once when it was made.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// True when [`Document::lang`] is Chinese.
    pub fn is_chinese(&self) -> bool {
        self.lang == Lang::Zh
    }

    /// The script of the document's Han characters ([`script::detect`] over its first sentences;
    /// `Unknown` without any), detected on first use.
    pub fn script(&self) -> Script {
        *self.script.get_or_init(|| {
            let mut sample = String::new();
            for s in self.sentences().take(crate::chars::LANG_SAMPLE) {
                sample.push_str(&s);
                sample.push('\n');
            }
            script::detect(&sample)
        })
    }

    /// True when none of the first sentences holds a letter or digit (an empty document, or one of
    /// marks only): it says nothing about its language.
    pub fn is_blank(&self) -> bool {
        !self.sentences().take(crate::chars::LANG_SAMPLE).any(|s| s.chars().any(char::is_alphanumeric))
    }

    /// Sentence `i`, cleaned: inner line breaks folded (to nothing between two wide characters, to a
    /// space elsewhere); borrowed from the text when nothing changes. Panics when `i` is out of range.
    pub fn sentence(&self, i: usize) -> Cow<'_, str> {
        let raw = &self.text[self.spans[i].range.clone()];
        match self.clean {
            Clean::FoldBreaks => crate::segment::clean(raw),
            Clean::AsWritten => Cow::Borrowed(raw),
        }
    }

    /// Every sentence, cleaned, in order.
    pub fn sentences(&self) -> impl ExactSizeIterator<Item = Cow<'_, str>> + '_ {
        (0..self.spans.len()).map(|i| self.sentence(i))
    }

    /// Sentence `i`'s paragraph number.
    pub fn paragraph(&self, i: usize) -> usize {
        self.spans[i].paragraph
    }

    /// Every sentence's paragraph number, in order.
    pub fn paragraphs(&self) -> Vec<usize> {
        self.spans.iter().map(|s| s.paragraph).collect()
    }

    /// Whether sentence `i` starts a paragraph (the first sentence does).
    pub fn starts_paragraph(&self, i: usize) -> bool {
        i == 0 || self.spans[i - 1].paragraph != self.spans[i].paragraph
    }

    /// The text of the sentences `idx` (a bead's side), joined: nothing between two Chinese sentences
    /// (both hold Han characters) or where either edge is a non-ASCII character, a space otherwise.
    pub fn bead_text(&self, idx: &[usize]) -> String {
        self.bead_text_with_starts(idx).0
    }

    /// [`Document::bead_text`], and the byte offset in it where each sentence after the first starts.
    pub fn bead_text_with_starts(&self, idx: &[usize]) -> (String, Vec<usize>) {
        let has_han = |s: &str| s.chars().any(crate::chars::is_han);
        let cjk_edge = |c: Option<char>| c.is_some_and(|c| !c.is_ascii());
        let mut out = String::new();
        let mut starts = Vec::with_capacity(idx.len().saturating_sub(1));
        let mut prev_han = false;
        for (k, &i) in idx.iter().enumerate() {
            let s = self.sentence(i);
            let han = has_han(&s);
            let tight = out.is_empty()
                || (prev_han && han)
                || cjk_edge(out.chars().next_back())
                || cjk_edge(s.chars().next());
            if !tight {
                out.push(' ');
            }
            if k > 0 {
                starts.push(out.len());
            }
            out.push_str(&s);
            prev_han = han;
        }
        (out, starts)
    }

    /// The normalised view of the whole text, with its map back to the original (built on first use).
    pub fn normalized(&self) -> &Normalized {
        self.normalized.get_or_init(|| Normalized::new(&self.text))
    }
}

/// A normalised text ([`script::normalize`]: Simplified, half-width, lower case) and a map from
/// its byte offsets back to the text it was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    text: String,
    /// (normalised offset, original offset) at every boundary both texts share, in order, from
    /// (0, 0) to both lengths.
    map: Vec<(usize, usize)>,
    /// True when the text normalised character for character, so `text` is exactly
    /// `script::normalize(original)`.
    whole: bool,
}

impl Normalized {
    /// Normalises `original`. When the normalised text has as many characters as the original (the
    /// usual case), characters correspond one to one; otherwise each character is normalised on its
    /// own (so the map still holds at every character).
    pub fn new(original: &str) -> Normalized {
        let whole = script::normalize(original);
        let mut map = Vec::with_capacity(original.len() / 2 + 2);
        if whole.chars().count() == original.chars().count() {
            let mut n = 0;
            for ((o, _), c) in original.char_indices().zip(whole.chars()) {
                map.push((n, o));
                n += c.len_utf8();
            }
            map.push((whole.len(), original.len()));
            return Normalized { text: whole, map, whole: true };
        }
        let mut norm = String::with_capacity(whole.len());
        let mut buf = [0u8; 4];
        for (o, c) in original.char_indices() {
            map.push((norm.len(), o));
            norm.push_str(&script::normalize(c.encode_utf8(&mut buf)));
        }
        map.push((norm.len(), original.len()));
        Normalized { text: norm, map, whole: false }
    }

    /// The normalised text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// True when every character normalised to exactly one character (the text is then
    /// `script::normalize` of the whole original, and matching the original as written finds the
    /// same ranges).
    pub fn is_one_to_one(&self) -> bool {
        self.whole
    }

    /// The original offset for normalised offset `n`: the nearest shared boundary at or before it
    /// (`round_up = false`, for starts) or at or after it (`round_up = true`, for ends).
    pub fn offset_to_original(&self, n: usize, round_up: bool) -> usize {
        let i = self.map.partition_point(|&(k, _)| k <= n);
        // `i >= 1` because the first pair is (0, 0).
        let (k, o) = self.map[i - 1];
        if k == n || !round_up { o } else { self.map.get(i).map_or(o, |&(_, o)| o) }
    }

    /// The original range covering normalised range `r` (widened to whole original characters).
    pub fn to_original(&self, r: Range<usize>) -> Range<usize> {
        self.offset_to_original(r.start, false)..self.offset_to_original(r.end, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::SegmenterBuilder;

    #[test]
    fn spans_cover_the_text_in_order_and_sentences_derive_from_them() {
        let text = "第一句。第二句。\n\n![图](a.png)\n\nHe went \nhome. It rained.\n";
        let doc = SegmenterBuilder::new().build().document(text);
        let sents: Vec<Cow<str>> = doc.sentences().collect();
        assert_eq!(sents, ["第一句。", "第二句。", "He went home.", "It rained."]);
        // Borrowed where nothing changed, owned where a line break was folded.
        assert!(matches!(sents[0], Cow::Borrowed(_)) && matches!(sents[2], Cow::Owned(_)));
        // In order, not overlapping, trimmed; everything between them is blank or markup.
        let mut end = 0;
        for s in doc.spans() {
            assert!(s.range.start >= end && s.range.start < s.range.end);
            let between = &text[end..s.range.start];
            assert!(between.trim().is_empty() || between.contains("![图](a.png)"), "{between:?}");
            end = s.range.end;
        }
        assert!(text[end..].trim().is_empty());
        // The same spans and cleaned texts as the segmenter's sentences (markup left out).
        let seg: Vec<_> =
            SegmenterBuilder::new().build().segment(text).into_iter().filter(|s| s.kind.is_text()).collect();
        assert_eq!(seg.len(), doc.len());
        for (s, (span, clean)) in seg.iter().zip(doc.spans().iter().zip(doc.sentences())) {
            assert_eq!(
                (s.start..s.end, s.paragraph, s.kind, s.text.as_str()),
                (span.range.clone(), span.paragraph, span.kind, clean.as_ref())
            );
        }
        assert_eq!(doc.paragraphs(), [0, 0, 2, 2]);
        assert!(doc.starts_paragraph(0) && !doc.starts_paragraph(1) && doc.starts_paragraph(2));
    }

    #[test]
    fn language_and_script_are_the_documents() {
        let seg = SegmenterBuilder::new().build();
        let zh = seg.document("谷歌加快將Gemini模型嵌入旗下各類產品。");
        assert_eq!((zh.lang(), zh.script()), (Lang::Zh, Script::Traditional));
        let en = seg.document("Meta moved fast. 它来了。 It hired Alexandr Wang and many others.");
        assert_eq!((en.lang(), en.script()), (Lang::En, Script::Simplified));
        let empty = Document::presegmented("\n  \n");
        assert!(empty.is_empty() && empty.is_blank() && empty.lang() == Lang::En);
        assert_eq!(empty.script(), Script::Unknown);
        assert!(!en.is_blank() && Document::presegmented("……\n").is_blank());
    }

    #[test]
    fn bead_texts_join_chinese_tight_and_english_with_a_space() {
        let zh = Document::presegmented(
            "谷歌加快將Gemini模型嵌入旗下各類產品;\nAnthropic則憑借Claude模型迅速擴張。\n",
        );
        let (t, starts) = zh.bead_text_with_starts(&[0, 1]);
        assert_eq!(t, "谷歌加快將Gemini模型嵌入旗下各類產品;Anthropic則憑借Claude模型迅速擴張。");
        assert_eq!(&t[starts[0]..], "Anthropic則憑借Claude模型迅速擴張。");
        let en = Document::presegmented("Meta moved fast.\nIt hired Alexandr Wang.\nThen?\n");
        let (t, starts) = en.bead_text_with_starts(&[0, 1, 2]);
        assert_eq!(t, "Meta moved fast. It hired Alexandr Wang. Then?");
        assert_eq!(starts, [17, 41]);
        assert_eq!(Document::presegmented("Meta AI!\n它來了。\n").bead_text(&[0, 1]), "Meta AI!它來了。");
        assert_eq!(en.bead_text(&[]), "");
        // Every start is where its sentence is, for any run of sentences.
        for a in 0..3 {
            for b in a..=3 {
                let idx: Vec<usize> = (a..b).collect();
                let (t, starts) = en.bead_text_with_starts(&idx);
                for (k, &s) in starts.iter().enumerate() {
                    assert!(t[s..].starts_with(en.sentence(idx[k + 1]).as_ref()));
                }
            }
        }
    }

    #[test]
    fn offset_map_round_trips_and_survives_length_changes() {
        // Full-width letters fold to ASCII (3 bytes -> 1): every normalised character maps back to
        // the original character it came from.
        let text = "ＭＳＬ是實驗室 İx AB";
        let n = Normalized::new(text);
        assert!(!n.is_one_to_one(), "İ lowercases to two characters");
        assert_eq!(n.text(), "msl是实验室 i\u{307}x ab");
        for (i, c) in n.text().char_indices() {
            let r = n.to_original(i..i + c.len_utf8());
            let orig = &text[r.clone()];
            assert!(script::normalize(orig).contains(c), "{c} from {orig:?}");
        }
        assert_eq!(n.to_original(0..3), 0..9);
        let whole = Normalized::new("ＭＳＬ是");
        assert!(whole.is_one_to_one());
        assert_eq!((whole.offset_to_original(0, false), whole.offset_to_original(3, true)), (0, 9));
        // Inside İ (2 bytes, normalised to 3), a start rounds down and an end up.
        let i = Normalized::new("İx");
        assert_eq!((i.offset_to_original(1, true), i.offset_to_original(1, false)), (2, 0));
        assert_eq!(i.offset_to_original(3, false), 2);
        // The document's view is the same as normalising its text.
        let doc = Document::presegmented(text);
        assert_eq!(doc.normalized(), &n);
    }

    #[test]
    fn spans_from_elsewhere_are_checked() {
        let ok = Document::from_spans(
            "甲。乙。",
            vec![
                Span { range: 0..6, paragraph: 0, kind: UnitKind::Text },
                Span { range: 6..12, paragraph: 1, kind: UnitKind::Text },
            ],
        )
        .unwrap();
        assert_eq!(ok.sentences().collect::<Vec<_>>(), ["甲。", "乙。"]);
        assert!(ok.starts_paragraph(1));
        // Not on a character boundary, overlapping, empty, past the end.
        let bad_lists: [&[(usize, usize)]; 4] = [&[(1, 6)], &[(0, 6), (3, 9)], &[(0, 0)], &[(0, 13)]];
        for bad in bad_lists {
            let spans =
                bad.iter().map(|&(a, b)| Span { range: a..b, paragraph: 0, kind: UnitKind::Text }).collect();
            assert!(Document::from_spans("甲。乙。", spans).is_err());
        }
    }
}
