//! Writing TMX with quick-xml's event writer, and turning an alignment into a TMX.
//!
//! The output is always well-formed XML 1.0, whatever the strings in the model hold: characters
//! XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) are dropped and counted, `&`, `<`, `>` are
//! escaped (so `]]>` cannot appear), and a carriage return is written as `&#13;` so it survives a
//! parser's line-end normalisation. The layout is fixed (two-space indent, nothing added inside
//! `seg`, `note` or `prop`), so write → read → write gives the same bytes.

use std::io::{self, Write};
use std::path::Path;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::{Attrs, Element, Header, Meta, Node, Note, Prop, Tmx, Tu, Tuv, check_lang_tag};
use crate::error::{Error, ErrorKind, Result, Side};
use crate::pipeline::AlignedDoc;
use crate::script::{self, Script};

/// Writes `tmx` to `w`. Returns how many characters were dropped because XML 1.0 cannot carry them.
pub fn write<W: Write + ?Sized>(tmx: &Tmx, w: &mut W) -> io::Result<usize> {
    let mut x = XmlOut { w: Writer::new(w), dropped: 0 };
    x.w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    // No DOCTYPE: a tool that honours it would try to open tmx14.dtd beside the file (xmllint
    // warns, some Java parsers fail); every TMX reader accepts a document without one.
    x.raw("\n")?;
    x.start("tmx", &tmx.attrs)?;
    x.header(&tmx.header)?;
    x.raw("\n  <body>")?;
    for tu in &tmx.tus {
        x.tu(tu)?;
    }
    x.raw(if tmx.tus.is_empty() { "</body>\n</tmx>\n" } else { "\n  </body>\n</tmx>\n" })?;
    Ok(x.dropped)
}

/// Writes a TMX one unit at a time: [`TmxWriter::new`] writes the declaration, the `tmx` start
/// tag and the header, [`TmxWriter::tu`] each unit, [`TmxWriter::finish`] the end. The bytes are
/// those [`write`](fn@write) gives for the same document.
pub struct TmxWriter<W: Write> {
    x: XmlOut<W>,
    tus: u64,
}

impl<W: Write> TmxWriter<W> {
    /// Starts a document with these `tmx` attributes and header.
    pub fn new(w: W, attrs: &Attrs, header: &Header) -> io::Result<TmxWriter<W>> {
        let mut x = XmlOut { w: Writer::new(w), dropped: 0 };
        x.w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        x.raw("\n")?;
        x.start("tmx", attrs)?;
        x.header(header)?;
        x.raw("\n  <body>")?;
        Ok(TmxWriter { x, tus: 0 })
    }

    /// Writes one unit.
    pub fn tu(&mut self, tu: &Tu) -> io::Result<()> {
        self.tus += 1;
        self.x.tu(tu)
    }

    /// Units written so far.
    pub fn tus_written(&self) -> u64 {
        self.tus
    }

    /// The underlying writer.
    pub fn get_ref(&self) -> &W {
        self.x.w.get_ref()
    }

    /// Ends the document. Returns how many characters were dropped because XML 1.0 cannot carry
    /// them, and the writer.
    pub fn finish(mut self) -> io::Result<(usize, W)> {
        self.x.raw(if self.tus == 0 { "</body>\n</tmx>\n" } else { "\n  </body>\n</tmx>\n" })?;
        Ok((self.x.dropped, self.x.w.into_inner()))
    }
}

/// Writes `tmx` to the file `path` atomically (see [`crate::atomic::write`]). Returns the number of
/// characters dropped because XML 1.0 cannot carry them.
pub fn write_file(tmx: &Tmx, path: &Path) -> Result<usize> {
    crate::atomic::write(path, |w| write(tmx, w).map_err(|e| Error::io(path, e)))
}

struct XmlOut<W: Write> {
    w: Writer<W>,
    dropped: usize,
}

impl<W: Write> XmlOut<W> {
    fn raw(&mut self, s: &str) -> io::Result<()> {
        self.w.get_mut().write_all(s.as_bytes())
    }

    fn start_tag(&mut self, name: &str, attrs: &Attrs) -> BytesStart<'static> {
        let mut content = String::from(name);
        for (k, v) in &attrs.0 {
            content.push(' ');
            content.push_str(k);
            content.push_str("=\"");
            self.dropped += escape_into(v, true, &mut content);
            content.push('"');
        }
        BytesStart::from_content(content, name.len())
    }

    fn start(&mut self, name: &str, attrs: &Attrs) -> io::Result<()> {
        let tag = self.start_tag(name, attrs);
        self.w.write_event(Event::Start(tag))
    }

    fn end(&mut self, name: &str) -> io::Result<()> {
        self.w.write_event(Event::End(BytesEnd::new(name)))
    }

    fn text(&mut self, s: &str) -> io::Result<()> {
        let mut out = String::with_capacity(s.len());
        self.dropped += escape_into(s, false, &mut out);
        if out.is_empty() {
            return Ok(());
        }
        self.w.write_event(Event::Text(BytesText::from_escaped(out)))
    }

    /// An element holding only text (`note`, `prop`, `seg` without codes): always `<a>…</a>`.
    fn text_element(&mut self, name: &str, attrs: &Attrs, text: &str) -> io::Result<()> {
        self.start(name, attrs)?;
        self.text(text)?;
        self.end(name)
    }

    fn header(&mut self, h: &Header) -> io::Result<()> {
        self.raw("\n  ")?;
        if h.meta.is_empty() {
            let tag = self.start_tag("header", &h.attrs);
            return self.w.write_event(Event::Empty(tag));
        }
        self.start("header", &h.attrs)?;
        self.meta(&h.meta, "\n    ")?;
        self.raw("\n  ")?;
        self.end("header")
    }

    fn meta(&mut self, meta: &[Meta], indent: &str) -> io::Result<()> {
        for m in meta {
            self.raw(indent)?;
            match m {
                Meta::Note(Note { attrs, text }) => self.text_element("note", attrs, text)?,
                Meta::Prop(Prop { attrs, value }) => self.text_element("prop", attrs, value)?,
                Meta::Other(e) => self.element(e)?,
            }
        }
        Ok(())
    }

    fn tu(&mut self, tu: &Tu) -> io::Result<()> {
        self.raw("\n    ")?;
        self.start("tu", &tu.attrs)?;
        self.meta(&tu.meta, "\n      ")?;
        for tuv in &tu.tuvs {
            self.tuv(tuv)?;
        }
        self.raw("\n    ")?;
        self.end("tu")
    }

    fn tuv(&mut self, tuv: &Tuv) -> io::Result<()> {
        self.raw("\n      ")?;
        self.start("tuv", &tuv.attrs)?;
        self.meta(&tuv.meta, "\n        ")?;
        self.raw("\n        ")?;
        self.start("seg", &Attrs::default())?;
        self.nodes(&tuv.seg)?;
        self.end("seg")?;
        self.raw("\n      ")?;
        self.end("tuv")
    }

    fn nodes(&mut self, nodes: &[Node]) -> io::Result<()> {
        for n in nodes {
            match n {
                Node::Text(t) => self.text(t)?,
                Node::Element(e) => self.element(e)?,
            }
        }
        Ok(())
    }

    fn element(&mut self, e: &Element) -> io::Result<()> {
        // Children that would write nothing (empty text, or only characters XML cannot carry) make
        // an empty tag, as they will read back as no children at all.
        let writes_nothing = |n: &Node| matches!(n, Node::Text(t) if t.chars().all(|c| !is_xml_char(c)));
        if e.children.iter().all(writes_nothing) {
            self.dropped += e
                .children
                .iter()
                .map(|n| if let Node::Text(t) = n { t.chars().count() } else { 0 })
                .sum::<usize>();
            let tag = self.start_tag(&e.name, &e.attrs);
            return self.w.write_event(Event::Empty(tag));
        }
        self.start(&e.name, &e.attrs)?;
        self.nodes(&e.children)?;
        self.end(&e.name)
    }
}

use crate::escape::xml_into as escape_into;
pub use crate::escape::{is_unwanted_control, is_xml_char};

/// The current time as a TMX date (`YYYYMMDDThhmmssZ`, UTC). When the environment variable
/// `SOURCE_DATE_EPOCH` holds a number of seconds, that time is used instead (reproducible output).
pub fn tmx_date_now() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
    tmx_date(secs)
}

/// Formats seconds since 1970-01-01 UTC as a TMX date (`YYYYMMDDThhmmssZ`).
pub fn tmx_date(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Which Chinese script `--convert-zh` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum ConvertZh {
    /// Simplified (tagged zh-CN).
    Hans,
    /// Traditional (tagged zh-TW).
    Hant,
}

/// How [`write_aligned`] builds the TMX.
#[derive(Debug, Clone, Default)]
pub struct TmxOptions {
    /// The source language tag; detected from the text when `None`.
    pub src_lang: Option<String>,
    /// The target language tag; detected from the text when `None`.
    pub tgt_lang: Option<String>,
    /// Convert the Chinese side to this script (and tag it accordingly).
    pub convert_zh: Option<ConvertZh>,
    /// Keep 1-0 and 0-1 beads as notes on the neighbouring unit instead of skipping them.
    pub keep_unpaired: bool,
    /// Treat beads with a confidence under this as unpaired: left out, or notes with
    /// `keep_unpaired` (`--drop-weak`).
    pub drop_weak: Option<f64>,
    /// The header's `creationdate` (`YYYYMMDDThhmmssZ`); now when `None`.
    pub creation_date: Option<String>,
    /// Which units to write: one per bead, one per paragraph pair, or both.
    pub units: TmxUnits,
}

/// Which translation units a TMX holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum TmxUnits {
    /// One unit per bead (sentence level).
    #[default]
    Sentence,
    /// One unit per paragraph pair (for CAT tools that segment by paragraph), marked
    /// `x-unit=paragraph`; stretches where the alignment crosses paragraph ends keep sentence units.
    Paragraph,
    /// Both: each paragraph pair's unit after its sentence units.
    Both,
}

/// What [`write_aligned`] did, for the user.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct WriteReport {
    /// The source language tag written.
    pub src_lang: String,
    /// The target language tag written.
    pub tgt_lang: String,
    /// Translation units written.
    pub tus: usize,
    /// Beads with an empty side that were skipped.
    pub unpaired_skipped: usize,
    /// Beads with an empty side kept as notes ([`TmxOptions::keep_unpaired`]).
    pub unpaired_kept: usize,
    /// Weak beads left out (`--drop-weak`).
    pub weak_skipped: usize,
    /// Weak beads kept as notes (`--drop-weak --keep-unpaired`).
    pub weak_kept: usize,
    /// Units dropped because the same source and target were already written.
    pub duplicates: usize,
    /// Control characters removed (illegal in XML 1.0, or C1 controls).
    pub control_chars_removed: usize,
    /// Segments longer than 2,000 characters (Trados skips them).
    pub long_segments: usize,
}

/// Segments longer than this many characters are counted in [`WriteReport::long_segments`].
pub const LONG_SEGMENT: usize = 2000;

/// Removes unwanted control characters (see [`is_unwanted_control`]) and normalises whitespace: runs
/// of whitespace containing a tab or line break, or longer than one character, become one space; the
/// ends are trimmed; a single non-breaking or ideographic space is kept as written. Returns the clean
/// text and how many control characters were removed.
pub(crate) fn clean_segment(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut removed = 0;
    let mut pending: Option<(char, usize)> = None; // first whitespace char of a run, run length
    let mut fold = false;
    for c in text.chars() {
        if is_unwanted_control(c) && !matches!(c, '\t' | '\n' | '\r') {
            removed += 1;
            continue;
        }
        if c.is_whitespace() {
            fold |= matches!(c, '\t' | '\n' | '\r');
            pending = Some(match pending {
                None => (c, 1),
                Some((first, n)) => (first, n + 1),
            });
            continue;
        }
        if let Some((first, n)) = pending.take() {
            if !out.is_empty() {
                out.push(if n == 1 && !fold { first } else { ' ' });
            }
            fold = false;
        }
        out.push(c);
    }
    (out, removed)
}

/// The language tag for one side: Chinese by the document's language, tagged by the conversion
/// asked for or by the document's script; `en-US` otherwise.
fn side_tag(zh: bool, script: impl FnOnce() -> Script, convert: Option<ConvertZh>) -> (String, bool) {
    if !zh {
        return ("en-US".into(), false);
    }
    let tag = match convert {
        Some(ConvertZh::Hans) => Script::Simplified.bcp47(),
        Some(ConvertZh::Hant) => Script::Traditional.bcp47(),
        None => script().bcp47(),
    };
    (tag.into(), true)
}

/// The language tags of the two sides (as given in `opts`, or from each document's language and
/// script) and whether each side is Chinese.
fn side_langs(doc: &AlignedDoc, opts: &TmxOptions) -> Result<((String, bool), (String, bool))> {
    let side = |d: &crate::document::Document| side_tag(d.is_chinese(), || d.script(), opts.convert_zh);
    let (mut src_auto, mut src_zh) = side(&doc.src);
    let (mut tgt_auto, mut tgt_zh) = side(&doc.tgt);
    // An empty side says nothing about its language: it is the pair's other language (Chinese
    // for an empty source beside English, English for an empty target beside Chinese).
    let chinese = || side_tag(true, || script::detect("中文"), opts.convert_zh);
    let (src_blank, tgt_blank) = (doc.src.is_blank(), doc.tgt.is_blank());
    if src_blank && !tgt_zh {
        (src_auto, src_zh) = chinese();
    }
    if tgt_blank && src_zh {
        (tgt_auto, tgt_zh) = ("en-US".into(), false);
    } else if tgt_blank && !src_blank {
        (tgt_auto, tgt_zh) = chinese();
    }
    let pick = |given: &Option<String>, auto: String, side: Side| -> Result<String> {
        match given {
            Some(t) => {
                check_lang_tag(t).map_err(|message| ErrorKind::LangTag { side, message })?;
                Ok(t.clone())
            }
            None => Ok(auto),
        }
    };
    Ok((
        (pick(&opts.src_lang, src_auto, Side::Source)?, src_zh),
        (pick(&opts.tgt_lang, tgt_auto, Side::Target)?, tgt_zh),
    ))
}

/// The language tags [`aligned_to_tmx`] writes for `doc` (source, target).
pub fn lang_tags(doc: &AlignedDoc, opts: &TmxOptions) -> Result<(String, String)> {
    side_langs(doc, opts).map(|((s, _), (t, _))| (s, t))
}

/// Builds the TMX for an alignment: one `tu` per bead with both sides non-empty, `x-` props
/// (`x-confidence`, `x-bead`, `x-src-doc`, `x-tgt-doc`, one `x-anchor` per glossary term), clean
/// segments (control characters dropped, white space folded), the Chinese side converted when asked, duplicate pairs
/// collapsed, unpaired beads skipped or kept as notes.
pub fn aligned_to_tmx(doc: &AlignedDoc, opts: &TmxOptions) -> Result<(Tmx, WriteReport)> {
    let ((src_lang, src_zh), (tgt_lang, tgt_zh)) = side_langs(doc, opts)?;
    let mut report =
        WriteReport { src_lang: src_lang.clone(), tgt_lang: tgt_lang.clone(), ..Default::default() };

    let convert = |text: String, is_zh: bool| -> String {
        match (opts.convert_zh, is_zh) {
            (Some(ConvertZh::Hans), true) => script::converter().t2s(&text),
            (Some(ConvertZh::Hant), true) => script::converter().s2t(&text),
            _ => text,
        }
    };
    let src_doc = doc.src.name().display().to_string();
    let tgt_doc = doc.tgt.name().display().to_string();

    let mut tmx = Tmx::new(&src_lang);
    if let Some(d) = &opts.creation_date {
        tmx.header.attrs.set("creationdate", d.clone());
    }
    let mut seen = std::collections::HashSet::new();
    // Unpaired text waiting for the next unit (when it came before any unit).
    let mut orphan_notes: Vec<Note> = Vec::new();
    // Paragraph pairs (`units`), and which beads they hold.
    let runs = match opts.units {
        TmxUnits::Sentence => Vec::new(),
        TmxUnits::Paragraph | TmxUnits::Both => doc.paragraph_runs(),
    };
    let mut in_run = vec![false; doc.alignment.beads.len()];
    for r in &runs {
        in_run[r.clone()].iter_mut().for_each(|x| *x = true);
    }
    // The bead each sentence unit came from, to put the paragraph units after theirs.
    let mut tu_bead: Vec<usize> = Vec::new();
    for (i, bead) in doc.alignment.beads.iter().enumerate() {
        if opts.units == TmxUnits::Paragraph && in_run[i] {
            continue;
        }
        let (src, r1) = clean_segment(&doc.src_text(i));
        let (tgt, r2) = clean_segment(&doc.tgt_text(i));
        report.control_chars_removed += r1 + r2;
        let src = convert(src, src_zh);
        let tgt = convert(tgt, tgt_zh);
        let weak = !src.is_empty()
            && !tgt.is_empty()
            && opts.drop_weak.is_some_and(|min| crate::report::is_weak(bead.score, min));
        if weak {
            if !opts.keep_unpaired {
                report.weak_skipped += 1;
                continue;
            }
            report.weak_kept += 1;
            let mut note = Note::new(format!(
                "weak bead ({}, confidence {:.2}): {src} ⇄ {tgt}",
                bead.kind(),
                bead.score
            ));
            note.attrs.set("xml:lang", "en");
            match tmx.tus.last_mut() {
                Some(tu) => tu.meta.push(Meta::Note(note)),
                None => orphan_notes.push(note),
            }
            continue;
        }
        if src.is_empty() || tgt.is_empty() {
            if src.is_empty() && tgt.is_empty() {
                continue;
            }
            if !opts.keep_unpaired {
                report.unpaired_skipped += 1;
                continue;
            }
            report.unpaired_kept += 1;
            let (lang, text) = if src.is_empty() { (&tgt_lang, &tgt) } else { (&src_lang, &src) };
            let mut note = Note::new(format!("unpaired {lang} ({}): {text}", bead.kind()));
            note.attrs.set("xml:lang", "en");
            match tmx.tus.last_mut() {
                Some(tu) => tu.meta.push(Meta::Note(note)),
                None => orphan_notes.push(note),
            }
            continue;
        }
        if !seen.insert((src.clone(), tgt.clone())) {
            report.duplicates += 1;
            continue;
        }
        report.long_segments += usize::from(src.chars().count() > LONG_SEGMENT);
        report.long_segments += usize::from(tgt.chars().count() > LONG_SEGMENT);
        let mut tu = Tu::pair(&src_lang, &src, &tgt_lang, &tgt);
        tu.attrs.set("tuid", (tmx.tus.len() + 1).to_string());
        tu.meta.extend(orphan_notes.drain(..).map(Meta::Note));
        tu.meta.push(Meta::Prop(Prop::new("x-confidence", format!("{:.4}", bead.score))));
        tu.meta.push(Meta::Prop(Prop::new("x-bead", bead.kind())));
        let why = bead.reasons.phrases();
        if !why.is_empty() {
            let (why, _) = clean_segment(&why.join("; "));
            tu.meta.push(Meta::Prop(Prop::new("x-reasons", why)));
        }
        tu.meta.push(Meta::Prop(Prop::new("x-src-doc", src_doc.clone())));
        tu.meta.push(Meta::Prop(Prop::new("x-tgt-doc", tgt_doc.clone())));
        let mut anchors: Vec<&String> = Vec::new();
        for a in &bead.anchors {
            if !anchors.contains(&a) {
                anchors.push(a);
            }
        }
        for a in anchors {
            let (a, _) = clean_segment(a);
            tu.meta.push(Meta::Prop(Prop::new("x-anchor", a)));
        }
        tmx.tus.push(tu);
        tu_bead.push(i);
    }
    if !runs.is_empty() {
        let mut sentence_tus = std::mem::take(&mut tmx.tus).into_iter().zip(tu_bead).peekable();
        for r in runs {
            while let Some((tu, _)) = sentence_tus.next_if(|(_, b)| *b < r.end) {
                tmx.tus.push(tu);
            }
            // A paragraph of one bead is its sentence unit already.
            if opts.units == TmxUnits::Both && r.len() == 1 {
                continue;
            }
            let beads = &doc.alignment.beads[r];
            let src: Vec<usize> = beads.iter().flat_map(|b| b.src.iter().copied()).collect();
            let tgt: Vec<usize> = beads.iter().flat_map(|b| b.tgt.iter().copied()).collect();
            let text = |d: &crate::document::Document, idx: &[usize], is_zh| {
                convert(clean_segment(&d.bead_text(idx)).0, is_zh)
            };
            let (s, t) = (text(&doc.src, &src, src_zh), text(&doc.tgt, &tgt, tgt_zh));
            if !seen.insert((s.clone(), t.clone())) {
                report.duplicates += 1;
                continue;
            }
            let score = beads.iter().map(|b| b.score).fold(1.0f64, f64::min);
            let mut tu = Tu::pair(&src_lang, &s, &tgt_lang, &t);
            tu.meta.push(Meta::Prop(Prop::new("x-unit", "paragraph")));
            tu.meta.push(Meta::Prop(Prop::new("x-confidence", format!("{score:.4}"))));
            tu.meta.push(Meta::Prop(Prop::new("x-bead", format!("{}-{}", src.len(), tgt.len()))));
            tu.meta.push(Meta::Prop(Prop::new("x-src-doc", src_doc.clone())));
            tu.meta.push(Meta::Prop(Prop::new("x-tgt-doc", tgt_doc.clone())));
            tmx.tus.push(tu);
        }
        tmx.tus.extend(sentence_tus.map(|(tu, _)| tu));
        for (k, tu) in tmx.tus.iter_mut().enumerate() {
            tu.attrs.set("tuid", (k + 1).to_string());
        }
    }
    report.tus = tmx.tus.len();
    Ok((tmx, report))
}

/// Writes the TMX for an alignment to `w` (see [`aligned_to_tmx`]). For a file, wrap this in
/// [`crate::atomic::write`] (or the CLI's output) so a failure never leaves half a TMX.
pub fn write_aligned<W: Write + ?Sized>(
    doc: &AlignedDoc,
    opts: &TmxOptions,
    w: &mut W,
) -> Result<WriteReport> {
    let (tmx, mut report) = aligned_to_tmx(doc, opts)?;
    report.control_chars_removed +=
        write(&tmx, w).map_err(|e| Error::io(std::path::PathBuf::from("<tmx output>"), e))?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{Alignment, Bead};
    use crate::document::{Document, Span};

    fn doc(zh: &str, en: &str, beads: Vec<(Vec<usize>, Vec<usize>)>) -> AlignedDoc<'static> {
        AlignedDoc {
            src: Document::presegmented(zh.to_string()).named("zh.txt"),
            tgt: Document::presegmented(en.to_string()).named("en.txt"),
            alignment: Alignment {
                beads: beads
                    .into_iter()
                    .map(|(src, tgt)| Bead { anchors: vec!["Meta".into()], ..Bead::new(src, tgt, 0.75) })
                    .collect(),
                warnings: vec![],
            },
        }
    }

    fn opts() -> TmxOptions {
        TmxOptions { creation_date: Some("20260101T000000Z".into()), ..Default::default() }
    }

    /// A document whose sentences sit in the given paragraphs.
    fn paragraphs(zh: &[(&str, usize)], en: &[(&str, usize)]) -> AlignedDoc<'static> {
        let n = zh.len().min(en.len());
        let mut d = doc("", "", (0..n).map(|i| (vec![i], vec![i])).collect());
        // Sentences one after another, each in its paragraph.
        let side = |v: &[(&str, usize)]| {
            let (mut text, mut spans) = (String::new(), Vec::new());
            for &(t, paragraph) in v {
                spans.push(Span {
                    range: text.len()..text.len() + t.len(),
                    paragraph,
                    kind: Default::default(),
                });
                text.push_str(t);
            }
            Document::from_spans(text, spans).unwrap()
        };
        d.src = side(zh).named("zh.txt");
        d.tgt = side(en).named("en.txt");
        d
    }

    fn pairs(tmx: &Tmx) -> Vec<(String, String, bool)> {
        tmx.tus
            .iter()
            .map(|tu| {
                let seg = |k: usize| tu.tuvs[k].text();
                (seg(0), seg(1), tu.prop("x-unit") == Some("paragraph"))
            })
            .collect()
    }

    #[test]
    fn paragraph_units_cover_paragraph_pairs_the_path_respects() {
        let d = paragraphs(&[("甲。", 0), ("乙。", 0), ("丙。", 1)], &[("A.", 0), ("B.", 0), ("C.", 1)]);
        let para = TmxOptions { units: TmxUnits::Paragraph, ..opts() };
        let (tmx, _) = aligned_to_tmx(&d, &para).unwrap();
        assert_eq!(
            pairs(&tmx),
            vec![("甲。乙。".into(), "A. B.".into(), true), ("丙。".into(), "C.".into(), true)]
        );
        let both = TmxOptions { units: TmxUnits::Both, ..opts() };
        let (tmx, report) = aligned_to_tmx(&d, &both).unwrap();
        assert_eq!(
            pairs(&tmx),
            vec![
                ("甲。".into(), "A.".into(), false),
                ("乙。".into(), "B.".into(), false),
                ("甲。乙。".into(), "A. B.".into(), true),
                ("丙。".into(), "C.".into(), false),
            ]
        );
        assert_eq!(report.duplicates, 0);
        let ids: Vec<String> = tmx.tus.iter().map(|tu| tu.attrs.get("tuid").unwrap().to_string()).collect();
        assert_eq!(ids, ["1", "2", "3", "4"]);
    }

    #[test]
    fn no_paragraph_unit_where_the_path_crosses_a_paragraph_end() {
        // The English joins what Chinese splits into two paragraphs: no single paragraph pair.
        let d = paragraphs(&[("甲。", 0), ("乙。", 1)], &[("A.", 0), ("B.", 0)]);
        let para = TmxOptions { units: TmxUnits::Paragraph, ..opts() };
        let (tmx, _) = aligned_to_tmx(&d, &para).unwrap();
        assert_eq!(
            pairs(&tmx),
            vec![("甲。".into(), "A.".into(), false), ("乙。".into(), "B.".into(), false)]
        );
    }

    #[test]
    fn dates() {
        assert_eq!(tmx_date(0), "19700101T000000Z");
        assert_eq!(tmx_date(1_767_225_600 + 3661), "20260101T010101Z");
        assert_eq!(tmx_date(951_782_400), "20000229T000000Z");
    }

    #[test]
    fn escapes_and_drops() {
        let mut s = String::new();
        assert_eq!(escape_into("a&b<c>]]>\u{1}\r\u{FFFE}\u{FFFD}", false, &mut s), 2);
        assert_eq!(s, "a&amp;b&lt;c&gt;]]&gt;&#13;\u{FFFD}");
        let mut s = String::new();
        escape_into("\"x\"\t\n", true, &mut s);
        assert_eq!(s, "&quot;x&quot;&#9;&#10;");
    }

    #[test]
    fn cleans_segments() {
        assert_eq!(clean_segment("  a \u{1}b\n\n c\t"), ("a b c".to_string(), 1));
        assert_eq!(clean_segment("x\u{3000}y\u{85}z"), ("x\u{3000}yz".to_string(), 1));
        assert_eq!(clean_segment("a\u{A0}\u{A0}b"), ("a b".to_string(), 0));
    }

    #[test]
    fn tags_detected_from_script() {
        let d =
            doc("扎克伯格的帝國正經歷震蕩。\n", "Zuckerberg's empire is shaken.\n", vec![(vec![0], vec![0])]);
        let (tmx, r) = aligned_to_tmx(&d, &opts()).unwrap();
        assert_eq!((r.src_lang.as_str(), r.tgt_lang.as_str()), ("zh-TW", "en-US"));
        assert_eq!(tmx.srclang(), Some("zh-TW"));
        let conv = TmxOptions { convert_zh: Some(ConvertZh::Hans), ..opts() };
        let (tmx, r) = aligned_to_tmx(&d, &conv).unwrap();
        assert_eq!(r.src_lang, "zh-CN");
        assert_eq!(tmx.tus[0].tuvs[0].text(), "扎克伯格的帝国正经历震荡。");
        assert_eq!(tmx.tus[0].tuvs[0].lang(), Some("zh-CN"));
    }

    #[test]
    fn bad_override_is_refused() {
        let d = doc("好。\n", "Good.\n", vec![(vec![0], vec![0])]);
        let o = TmxOptions { src_lang: Some("zh_CN".into()), ..opts() };
        let e = aligned_to_tmx(&d, &o).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::LangTag { side: Side::Source, message } if message.contains("zh-CN")),
            "{e}"
        );
    }

    #[test]
    fn props_joins_unpaired_and_duplicates() {
        let d = doc(
            "第一句。\n第二句。\n多餘。\n第一句。\n",
            "First.\nSecond.\nFirst.\n",
            vec![
                (vec![0], vec![0]),
                (vec![1, 2], vec![1]),
                (vec![], vec![]),
                (vec![3], vec![2]),
                (vec![], vec![1]),
            ],
        );
        let (tmx, r) = aligned_to_tmx(&d, &opts()).unwrap();
        assert_eq!(r.tus, 2);
        assert_eq!(r.duplicates, 1);
        assert_eq!(r.unpaired_skipped, 1);
        assert_eq!(tmx.tus[1].tuvs[0].text(), "第二句。多餘。");
        assert_eq!(tmx.tus[1].prop("x-bead"), Some("2-1"));
        assert_eq!(tmx.tus[0].prop("x-confidence"), Some("0.7500"));
        assert_eq!(tmx.tus[0].prop("x-src-doc"), Some("zh.txt"));
        assert_eq!(tmx.tus[0].prop("x-anchor"), Some("Meta"));
        assert_eq!(tmx.tus[1].attrs.get("tuid"), Some("2"));

        let keep = TmxOptions { keep_unpaired: true, ..opts() };
        let (tmx, r) = aligned_to_tmx(&d, &keep).unwrap();
        assert_eq!((r.unpaired_kept, r.unpaired_skipped), (1, 0));
        let note = tmx.tus[1].notes().next().unwrap();
        assert_eq!(note.text, "unpaired en-US (0-1): Second.");
    }

    #[test]
    fn english_sentences_joined_with_space() {
        let d = doc("一。二。\n", "One.\nTwo.\n", vec![(vec![0], vec![0, 1])]);
        let (tmx, _) = aligned_to_tmx(&d, &opts()).unwrap();
        assert_eq!(tmx.tus[0].tuvs[1].text(), "One. Two.");
    }

    #[test]
    fn output_has_required_header() {
        let d = doc("好。\n", "Good.\n", vec![(vec![0], vec![0])]);
        let mut out = Vec::new();
        write_aligned(&d, &opts(), &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        for a in [
            "creationtool=\"hanalign\"",
            "creationtoolversion=",
            "segtype=\"sentence\"",
            "o-tmf=",
            "adminlang=\"en-US\"",
            "srclang=\"zh-CN\"",
            "datatype=\"plaintext\"",
            "creationdate=\"20260101T000000Z\"",
            "<tmx version=\"1.4\">",
            "<tuv xml:lang=\"en-US\">",
            "<seg>Good.</seg>",
        ] {
            assert!(s.contains(a), "missing {a} in\n{s}");
        }
    }
}
