//! The self-contained HTML review page: both texts side by side, bead by bead.
//!
//! One file with its CSS and JavaScript inline and no external reference (no network, no CDN), so it
//! opens offline in any browser and can be mailed to a reviewer. What it shows:
//!
//! - one table row per bead, Chinese on the left, English on the right;
//! - the bead's confidence as a colour (red → amber → green) and as a number;
//! - beads under the weak threshold marked `weak` (class and label);
//! - 1-0 and 0-1 beads as gaps (a hatched empty cell saying which side has nothing);
//! - glossary terms highlighted on both sides: a term whose counterpart is in the same bead is an
//!   *anchor*, a term alone on its side is marked *lonely* (a hint that the bead or the translation
//!   is off);
//! - a control to list weak beads first and one to show only weak beads.
//!
//! The page checks itself when it loads: it counts its rows and weak rows and records any script
//! error into `<div id="selfcheck">` (attributes `data-rows`, `data-weak`, `data-errors`,
//! `data-status`), so a headless browser's `--dump-dom` shows whether it rendered as written.
//!
//! ```
//! use hanalign::Document;
//! use hanalign::align::{Alignment, Bead};
//! use hanalign::glossary::{Entry, Glossary, Term};
//! use hanalign::pipeline::AlignedDoc;
//! use hanalign::report::ReviewPage;
//!
//! let doc = AlignedDoc {
//!     src: Document::presegmented("Meta 发布了牛油果。\n").named("zh.txt"),
//!     tgt: Document::presegmented("Meta released Avocado.\n").named("en.txt"),
//!     alignment: Alignment {
//!         beads: vec![Bead { anchors: vec!["牛油果".into()], ..Bead::new(vec![0], vec![0], 0.9) }],
//!         warnings: vec![],
//!     },
//! };
//! let glossary = Glossary {
//!     entries: vec![Entry { src: vec![Term::new("牛油果")], tgt: vec![Term::new("Avocado")], ..Entry::default() }],
//!     ..Glossary::default()
//! };
//! let page = ReviewPage::new(&glossary).min_confidence(0.5);
//! let mut html = Vec::new();
//! page.write(&doc, &mut html).unwrap();
//! let html = String::from_utf8(html).unwrap();
//! assert!(html.contains(r#"<mark class="term anchor""#));
//! ```

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{self, Write};

use crate::corrections::{FixedBead, Status};
use crate::document::{Document, Normalized};
use crate::escape::html as esc;
use crate::glossary::{Glossary, Matcher, TermMatch};
use crate::pipeline::AlignedDoc;
pub use crate::pipeline::{DEFAULT_MIN_CONFIDENCE, is_weak};
use crate::script;

/// Counts of a document's beads against a confidence threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WeakCount {
    /// All beads.
    pub beads: usize,
    /// Beads whose confidence is under the threshold.
    pub weak: usize,
}

impl WeakCount {
    /// Counts the beads of `doc` with a confidence under `min_confidence`.
    pub fn of(doc: &AlignedDoc, min_confidence: f64) -> WeakCount {
        let weak = doc.alignment.beads.iter().filter(|b| is_weak(b.score, min_confidence)).count();
        WeakCount { beads: doc.alignment.beads.len(), weak }
    }

    /// The share of beads that are *not* weak, in [0, 1]; 1 for a document without beads.
    pub fn strong_fraction(&self) -> f64 {
        if self.beads == 0 { 1.0 } else { (self.beads - self.weak) as f64 / self.beads as f64 }
    }
}

/// Writes review pages. Built once (the glossary automaton with it) and shared across threads.
#[derive(Debug, Clone)]
pub struct ReviewPage<'g> {
    glossary: &'g Glossary,
    matcher: Matcher,
    min_confidence: f64,
    title: Option<String>,
    fixed: Vec<FixedBead>,
}

impl<'g> ReviewPage<'g> {
    /// A page whose glossary terms come from `glossary` (it may be empty), weak under
    /// [`DEFAULT_MIN_CONFIDENCE`].
    pub fn new(glossary: &'g Glossary) -> ReviewPage<'g> {
        ReviewPage {
            glossary,
            matcher: Matcher::new(glossary),
            min_confidence: DEFAULT_MIN_CONFIDENCE,
            title: None,
            fixed: Vec::new(),
        }
    }

    /// Beads with a confidence under `min_confidence` are marked weak.
    pub fn min_confidence(mut self, min_confidence: f64) -> ReviewPage<'g> {
        self.min_confidence = min_confidence;
        self
    }

    /// The page title (default: the two file names).
    pub fn title(mut self, title: impl Into<String>) -> ReviewPage<'g> {
        self.title = Some(title.into());
        self
    }

    /// The beads a corrections file fixed (the alignment was made with it): the page opens with them
    /// marked edited or confirmed, as if the person had just set them.
    pub fn fixed(mut self, fixed: &[FixedBead]) -> ReviewPage<'g> {
        self.fixed = fixed.to_vec();
        self
    }

    /// The page's data for the editor, as JSON safe inside `<script>`: the documents (name, sentence
    /// count and hash, TMX language tag), the sentences (text, glossary entries, term marks in UTF-16
    /// offsets), the glossary's anchor texts and titles, the beads and the fixed beads.
    fn data(&self, doc: &AlignedDoc, found: &Terms) -> String {
        let (src_lang, tgt_lang) = crate::tmx::write::lang_tags(doc, &crate::tmx::TmxOptions::default())
            .unwrap_or_else(|_| ("zh-CN".into(), "en-US".into()));
        let utf16 = |text: &str, byte: usize| text[..byte].encode_utf16().count();
        let sentences = |d: &Document, marks: &[Vec<TermMatch>], src: bool| -> Vec<serde_json::Value> {
            d.sentences()
                .zip(marks)
                .map(|(s, marks)| {
                    let entries = crate::corrections::sentence_entries(&self.matcher, &s, src);
                    let marks: Vec<[usize; 3]> =
                        marks.iter().map(|m| [utf16(&s, m.start), utf16(&s, m.end), m.entry]).collect();
                    serde_json::json!([s, entries, marks])
                })
                .collect()
        };
        let join =
            |ts: &[crate::glossary::Term]| ts.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" / ");
        let terms: Vec<serde_json::Value> = self
            .glossary
            .entries
            .iter()
            .map(|e| {
                serde_json::json!([
                    e.src.first().map(|t| &t.text),
                    format!("{} ⇄ {}", join(&e.src), join(&e.tgt))
                ])
            })
            .collect();
        let ranges = crate::corrections::fixed_of(&doc.alignment, |_| Some(Status::Edited));
        let beads: Vec<serde_json::Value> = doc
            .alignment
            .beads
            .iter()
            .zip(&ranges)
            .map(|(b, r)| {
                let score = if b.score.is_nan() { 0.0 } else { b.score };
                // The TMX writer's `x-reasons` value, so the page's TMX says the same.
                let why = crate::tmx::write::clean_segment(&b.reasons.phrases().join("; ")).0;
                serde_json::json!([r.src[0], r.src[1], r.tgt[0], r.tgt[1], score, b.anchors, why])
            })
            .collect();
        let fixed: Vec<[usize; 5]> = self
            .fixed
            .iter()
            .map(|f| {
                [f.src[0], f.src[1], f.tgt[0], f.tgt[1], if f.status == Status::Confirmed { 2 } else { 1 }]
            })
            .collect();
        let src_hash = crate::corrections::DocRef::of(doc.src.name().display().to_string(), &doc.src);
        let tgt_hash = crate::corrections::DocRef::of(doc.tgt.name().display().to_string(), &doc.tgt);
        let data = serde_json::json!({
            "version": env!("CARGO_PKG_VERSION"),
            "minConfidence": self.min_confidence,
            "src": {"name": src_hash.name, "n": src_hash.sentences, "sha256": src_hash.sha256, "lang": src_lang},
            "tgt": {"name": tgt_hash.name, "n": tgt_hash.sentences, "sha256": tgt_hash.sha256, "lang": tgt_lang},
            "terms": terms,
            "S": sentences(&doc.src, &found.src, true),
            "T": sentences(&doc.tgt, &found.tgt, false),
            "beads": beads,
            "fixed": fixed,
        });
        // `<`, `>` and `&` only occur inside JSON strings, where their escapes mean the same.
        data.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
    }

    /// Writes the page for `doc` to `w`. Only I/O errors can fail it.
    pub fn write<W: Write + ?Sized>(&self, doc: &AlignedDoc, w: &mut W) -> io::Result<()> {
        let src_name = doc.src.name().display().to_string();
        let tgt_name = doc.tgt.name().display().to_string();
        let title = self.title.clone().unwrap_or_else(|| format!("{src_name} ⇄ {tgt_name}"));
        let count = WeakCount::of(doc, self.min_confidence);
        let mean = if count.beads == 0 {
            0.0
        } else {
            doc.alignment.beads.iter().map(|b| finite(b.score)).sum::<f64>() / count.beads as f64
        };

        let mut head = String::new();
        head.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        head.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        // No network: forbid every fetch; inline style and script only.
        head.push_str(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
             style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n",
        );
        let _ = writeln!(head, "<title>{}</title>", esc(&title));
        // Registered first, so errors in anything after it are recorded.
        let _ = writeln!(head, "<script>{ERROR_HOOK}</script>");
        let _ = writeln!(head, "<style>{CSS}</style>\n</head>\n<body>");
        let _ = writeln!(head, "<header>\n<h1>{}</h1>", esc(&title));
        let _ = writeln!(
            head,
            "<p class=\"stats\"><span id=\"n-beads\">{}</span> beads · <span id=\"n-weak\">{}</span> weak \
             (confidence under {}) · mean confidence {:.2} · {} Chinese, {} English sentences</p>",
            count.beads,
            count.weak,
            self.min_confidence,
            mean,
            doc.src.len(),
            doc.tgt.len()
        );
        for warning in &doc.alignment.warnings {
            let _ = writeln!(head, "<p class=\"warning\">⚠ {}</p>", esc(warning));
        }
        let _ = writeln!(
            head,
            "<div class=\"controls\">\n<label>Order <select id=\"order\">\
             <option value=\"doc\">document order</option>\
             <option value=\"weak\">weakest first</option></select></label>\n\
             <label><input type=\"checkbox\" id=\"weak-only\"> only weak beads</label>\n\
             <span id=\"showing\"></span>\n\
             <span class=\"keys\"><kbd>n</kbd>/<kbd>p</kbd> next/previous weak bead · <kbd>j</kbd>/<kbd>k</kbd> \
             next/previous bead</span>\n\
             <span class=\"legend\">confidence <span class=\"swatch\" style=\"--h:0\">0</span>\
             <span class=\"swatch\" style=\"--h:60\">0.5</span><span class=\"swatch\" style=\"--h:120\">1</span> \
             · <mark class=\"term anchor\">anchor</mark> term with its counterpart in the bead \
             · <mark class=\"term lonely\">lonely</mark> term without it</span>\n</div>\n{EDITBAR}</header>"
        );
        let _ = writeln!(
            head,
            "<table id=\"beads\" data-beads=\"{}\" data-weak=\"{}\" data-min-confidence=\"{}\">\n\
             <thead><tr><th class=\"n\">#</th><th>{}</th><th>{}</th><th class=\"score\">confidence</th></tr></thead>\n<tbody>",
            count.beads,
            count.weak,
            self.min_confidence,
            esc(&src_name),
            esc(&tgt_name)
        );
        w.write_all(head.as_bytes())?;

        // Glossary terms of every sentence, found once for the rows and the editor's data.
        let terms =
            Terms { src: self.sentence_terms(&doc.src, true), tgt: self.sentence_terms(&doc.tgt, false) };
        let mut row = String::new();
        for i in 0..doc.alignment.beads.len() {
            row.clear();
            self.row(doc, &terms, i, &mut row);
            w.write_all(row.as_bytes())?;
        }

        let mut tail = String::new();
        tail.push_str("</tbody>\n</table>\n");
        tail.push_str("<div id=\"selfcheck\" data-status=\"pending\" hidden></div>\n");
        tail.push_str("<script type=\"application/json\" id=\"hanalign-data\">");
        tail.push_str(&self.data(doc, &terms));
        tail.push_str("</script>\n");
        let _ = writeln!(tail, "<script>{SCRIPT}</script>\n<script>{SELFCHECK}</script>\n</body>\n</html>");
        w.write_all(tail.as_bytes())
    }

    /// Renders one bead as a table row into `out`.
    fn row(&self, doc: &AlignedDoc, terms: &Terms, i: usize, out: &mut String) {
        let bead = &doc.alignment.beads[i];
        let score = finite(bead.score);
        let weak = is_weak(bead.score, self.min_confidence);
        let (src_text, src_starts) = doc.src.bead_text_with_starts(&bead.src);
        let (tgt_text, tgt_starts) = doc.tgt.bead_text_with_starts(&bead.tgt);
        let src_terms = bead_terms(&terms.src, &bead.src, &src_starts);
        let tgt_terms = bead_terms(&terms.tgt, &bead.tgt, &tgt_starts);
        let src_entries: HashSet<usize> = src_terms.iter().map(|m| m.entry).collect();
        let tgt_entries: HashSet<usize> = tgt_terms.iter().map(|m| m.entry).collect();
        // Entries the aligner says anchor the bead (by their source term text).
        let anchored: HashSet<usize> = src_terms
            .iter()
            .filter(|m| {
                let written = &src_text[m.start..m.end];
                bead.anchors.iter().any(|a| a == written)
                    || self.glossary.entries[m.entry].src.iter().any(|t| bead.anchors.contains(&t.text))
            })
            .map(|m| m.entry)
            .collect();
        // A term found on one side whose counterpart is written as is on the other (the Chinese
        // text says `Avocado` where the glossary has 牛油果 ⇄ Avocado) is paired too.
        let (src_norm, tgt_norm) = (script::normalize(&src_text), script::normalize(&tgt_text));
        let written_in = |terms: &[crate::glossary::Term], norm: &str| {
            terms.iter().any(|t| {
                let n = script::normalize(t.text.trim());
                !n.is_empty() && norm.contains(&n)
            })
        };
        let is_anchor = |e: usize| {
            let entry = &self.glossary.entries[e];
            anchored.contains(&e)
                || (src_entries.contains(&e) && tgt_entries.contains(&e))
                || (src_entries.contains(&e) && written_in(&entry.tgt, &tgt_norm))
                || (tgt_entries.contains(&e) && written_in(&entry.tgt, &src_norm))
        };

        let kind = bead.kind();
        let gap = bead.src.is_empty() || bead.tgt.is_empty();
        let _ = write!(
            out,
            "<tr class=\"bead{}{}\" id=\"b{i}\" data-i=\"{i}\" data-score=\"{score:.4}\" data-kind=\"{kind}\" \
             style=\"--h:{}\">",
            if weak { " weak" } else { "" },
            if gap { " gap" } else { "" },
            hue(score, self.min_confidence)
        );
        // Beads count from 0, as in jsonl, `--format beads` and `glossary check`.
        let _ = write!(out, "<td class=\"n\"><a href=\"#b{i}\">{i}</a><br><small>{kind}</small></td>");
        self.cell(
            out,
            "zh",
            &src_text,
            &src_starts,
            &src_terms,
            bead.src.is_empty(),
            "no Chinese sentence",
            &is_anchor,
        );
        self.cell(
            out,
            "en",
            &tgt_text,
            &tgt_starts,
            &tgt_terms,
            bead.tgt.is_empty(),
            "no English sentence",
            &is_anchor,
        );
        let why = bead.reasons.phrases();
        let _ = writeln!(
            out,
            "<td class=\"score\"><span class=\"pill\" title=\"{}\">{score:.2}</span>{}{}</td></tr>",
            esc(&why.join("\n")),
            if weak { "<span class=\"weak-label\">weak</span>" } else { "" },
            if why.is_empty() {
                String::new()
            } else {
                format!("<details class=\"why\"><summary>why</summary>{}</details>", esc(&why.join("; ")))
            }
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn cell(
        &self,
        out: &mut String,
        lang: &str,
        text: &str,
        starts: &[usize],
        terms: &[TermMatch],
        empty: bool,
        empty_label: &str,
        is_anchor: &dyn Fn(usize) -> bool,
    ) {
        if empty {
            let _ = write!(out, "<td class=\"text {lang} empty\" lang=\"{lang}\">— {empty_label} —</td>");
            return;
        }
        let _ = write!(out, "<td class=\"text {lang}\" lang=\"{lang}\">");
        let mut pos = 0;
        for m in terms {
            plain(out, text, pos, m.start, starts);
            let entry = &self.glossary.entries[m.entry];
            let join = |ts: &[crate::glossary::Term]| {
                ts.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" / ")
            };
            let title = format!("{} ⇄ {}", join(&entry.src), join(&entry.tgt));
            let class = if is_anchor(m.entry) { "anchor" } else { "lonely" };
            let _ = write!(
                out,
                "<mark class=\"term {class}\" title=\"{}\">{}</mark>",
                esc(&title),
                esc(&text[m.start..m.end])
            );
            pos = m.end;
        }
        plain(out, text, pos, text.len(), starts);
        out.push_str("</td>");
    }

    /// Glossary terms in every sentence of `doc` (cleaned), as byte ranges of the sentence.
    fn sentence_terms(&self, doc: &Document, src: bool) -> Vec<Vec<TermMatch>> {
        doc.sentences().map(|s| self.terms(&s, src)).collect()
    }

    /// Glossary terms in `text`, as byte ranges of `text` itself (not of its normalised form), in
    /// order and not overlapping.
    fn terms(&self, text: &str, src: bool) -> Vec<TermMatch> {
        if self.glossary.entries.is_empty() || text.is_empty() {
            return Vec::new();
        }
        let norm = Normalized::new(text);
        // When the text normalises character for character (the usual case), match it as written,
        // so case-sensitive terms keep their case; the ranges are in the same normalised text.
        let found: Vec<TermMatch> = match (norm.is_one_to_one(), src) {
            (true, true) => hits(self.matcher.find_src_text(text)),
            (true, false) => hits(self.matcher.find_tgt_text(text)),
            (false, true) => self.matcher.find_src(norm.text()),
            (false, false) => self.matcher.find_tgt(norm.text()),
        };
        let mut out: Vec<TermMatch> = Vec::with_capacity(found.len());
        for m in found {
            let r = norm.to_original(m.start..m.end);
            if r.start < r.end && out.last().is_none_or(|p| p.end <= r.start) {
                out.push(TermMatch { entry: m.entry, start: r.start, end: r.end });
            }
        }
        out
    }
}

/// The glossary terms of each sentence of a document, found once per page.
struct Terms {
    src: Vec<Vec<TermMatch>>,
    tgt: Vec<Vec<TermMatch>>,
}

/// The terms of a bead's sentences `idx` as byte ranges of its text, where the second, third, …
/// sentence start at `starts` ([`Document::bead_text_with_starts`]).
fn bead_terms(terms: &[Vec<TermMatch>], idx: &[usize], starts: &[usize]) -> Vec<TermMatch> {
    let mut out = Vec::new();
    for (k, &i) in idx.iter().enumerate() {
        let at = if k == 0 { 0 } else { starts[k - 1] };
        out.extend(terms[i].iter().map(|m| TermMatch {
            entry: m.entry,
            start: m.start + at,
            end: m.end + at,
        }));
    }
    out
}

/// Writes `text[from..to]` escaped, with a sentence mark before every sentence that starts inside.
fn plain(out: &mut String, text: &str, from: usize, to: usize, starts: &[usize]) {
    let mut pos = from;
    // Inclusive at both ends: a sentence may start right where a glossary term starts or ends.
    for &b in starts.iter().filter(|&&b| b >= from && b <= to) {
        out.push_str(&esc(&text[pos..b]));
        out.push_str("<span class=\"sb\" title=\"sentence boundary\"></span>");
        pos = b;
    }
    out.push_str(&esc(&text[pos..to]));
}

fn hits(hits: Vec<crate::glossary::TermHit>) -> Vec<TermMatch> {
    hits.into_iter().map(|h| TermMatch { entry: h.entry, start: h.start, end: h.end }).collect()
}

/// A score that can be printed and compared: NaN becomes 0, the rest is clamped to [0, 1].
fn finite(score: f64) -> f64 {
    if score.is_nan() { 0.0 } else { score.clamp(0.0, 1.0) }
}

/// The colour of a confidence: hue 0 (red) at 0 to 120 (green) at 1.
/// The colour of a score: red to amber under the weak threshold, amber to green above it.
fn hue(score: f64, min_confidence: f64) -> u32 {
    let (s, t) = (finite(score), min_confidence.clamp(0.01, 0.99));
    let h = if s < t { 40.0 * s / t } else { 60.0 + 60.0 * (s - t) / (1.0 - t) };
    h.round() as u32
}

/// The editing toolbar and its keys (shown once the script runs).
const EDITBAR: &str = "<div class=\"editbar\" id=\"editbar\" role=\"toolbar\" aria-label=\"edit the alignment\">\n\
<span id=\"focus-n\" class=\"focus-n\">no bead picked</span>\n\
<button type=\"button\" data-act=\"confirm\">Confirm <kbd>c</kbd></button>\n\
<button type=\"button\" data-act=\"join\">Join with next <kbd>m</kbd></button>\n\
<button type=\"button\" data-act=\"split\">Split <kbd>s</kbd></button>\n\
<span class=\"group\">Chinese boundary <button type=\"button\" data-act=\"up\" data-side=\"s\">up <kbd>q</kbd></button>\
<button type=\"button\" data-act=\"down\" data-side=\"s\">down <kbd>a</kbd></button></span>\n\
<span class=\"group\">English boundary <button type=\"button\" data-act=\"up\" data-side=\"t\">up <kbd>e</kbd></button>\
<button type=\"button\" data-act=\"down\" data-side=\"t\">down <kbd>d</kbd></button></span>\n\
<span class=\"group\">no counterpart <button type=\"button\" data-act=\"alone\" data-side=\"s\">Chinese 1-0 <kbd>1</kbd></button>\
<button type=\"button\" data-act=\"alone\" data-side=\"t\">English 0-1 <kbd>0</kbd></button></span>\n\
<button type=\"button\" data-act=\"undo\">Undo <kbd>u</kbd></button>\
<button type=\"button\" data-act=\"redo\">Redo <kbd>y</kbd></button>\n\
<span class=\"counter\"><b id=\"n-edited\">0</b> edited · <b id=\"n-confirmed\">0</b> confirmed</span>\n\
<button type=\"button\" data-act=\"tmx\">Download TMX</button>\
<button type=\"button\" data-act=\"corrections\">Download corrections</button>\
<button type=\"button\" data-act=\"discard\">Discard edits</button>\n\
<span id=\"message\" role=\"status\"></span>\n\
<details class=\"help\"><summary>Keys</summary><dl>\
<dt><kbd>j</kbd>/<kbd>k</kbd> or <kbd>↓</kbd>/<kbd>↑</kbd></dt><dd>pick the next/previous bead (or click a row)</dd>\
<dt><kbd>n</kbd>/<kbd>p</kbd></dt><dd>next/previous weak bead</dd>\
<dt><kbd>c</kbd></dt><dd>confirm the bead as it is (again: unconfirm)</dd>\
<dt><kbd>m</kbd></dt><dd>join the bead with the next one</dd>\
<dt><kbd>s</kbd></dt><dd>split the bead after its first sentence on each side</dd>\
<dt><kbd>q</kbd>/<kbd>a</kbd></dt><dd>move the Chinese boundary below the bead up/down one sentence</dd>\
<dt><kbd>e</kbd>/<kbd>d</kbd></dt><dd>move the English boundary below the bead up/down one sentence</dd>\
<dt><kbd>1</kbd>/<kbd>0</kbd></dt><dd>the bead's first Chinese/English sentence has no counterpart (1-0 / 0-1)</dd>\
<dt><kbd>u</kbd>/<kbd>y</kbd> or <kbd>Ctrl</kbd>+<kbd>Z</kbd>/<kbd>Ctrl</kbd>+<kbd>Y</kbd></dt><dd>undo/redo</dd>\
</dl><p>Edits are kept in this browser for these two documents. <b>Download corrections</b> saves them for \
<code>hanalign align ZH EN --corrections FILE</code>, which keeps these beads and re-aligns the rest.</p></details>\n\
</div>\n";

/// Records script errors into the self-check element (created on demand), before anything else runs.
const ERROR_HOOK: &str = r#"
window.__hanalignErrors = [];
window.addEventListener('error', function (e) {
  window.__hanalignErrors.push(String(e.message || e.type) + (e.lineno ? ' (line ' + e.lineno + ')' : ''));
}, true);
window.addEventListener('unhandledrejection', function (e) {
  window.__hanalignErrors.push('unhandled rejection: ' + String(e.reason));
});
"#;

/// The page's style (screen and print).
const CSS: &str = include_str!("page.css");

/// The page's script: what it writes (TMX, corrections), then the editor.
const SCRIPT: &str = concat!(include_str!("export.js"), include_str!("editor.js"));

/// Runs last: counts rows and weak rows against the editor's state and records script errors.
const SELFCHECK: &str = r#"
(function () {
  var check = document.getElementById('selfcheck');
  var table = document.getElementById('beads');
  var rows = table.tBodies[0].rows.length;
  var weak = table.querySelectorAll('tbody tr.weak').length;
  // Without kept edits the rows are the server's; with them, the editor's beads.
  var ed = window.hanalign && window.hanalign.editor;
  var state = ed ? ed.beads() : [];
  var edited = state.some(function (b) { return b.st; });
  var expected = edited ? state.length : parseInt(table.dataset.beads, 10);
  var expectedWeak = edited ? table.querySelectorAll('tbody tr.weak').length : parseInt(table.dataset.weak, 10);
  var errs = (window.__hanalignErrors || []).slice();
  if (!ed) { errs.push('the editor did not start'); }
  var ok = rows === expected && weak === expectedWeak && errs.length === 0;
  check.dataset.rows = rows;
  check.dataset.weak = weak;
  check.dataset.errors = errs.length;
  check.dataset.status = ok ? 'ok' : 'fail';
  check.textContent = errs.join('\n');
  if (errs.length) {
    var p = document.createElement('pre');
    p.id = 'errors';
    p.textContent = 'Script errors on this page:\n' + errs.join('\n');
    document.body.insertBefore(p, document.body.firstChild);
  }
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{Alignment, Bead};
    use crate::glossary::{Entry, Term};

    fn doc<'t>(zh: &'t str, en: &'t str, beads: Vec<Bead>) -> AlignedDoc<'t> {
        AlignedDoc {
            src: Document::presegmented(zh).named("a<zh>.txt"),
            tgt: Document::presegmented(en).named("a&en.txt"),
            alignment: Alignment { beads, warnings: vec!["not <b>really</b> a translation?".into()] },
        }
    }

    fn bead(src: &[usize], tgt: &[usize], score: f64) -> Bead {
        Bead::new(src.to_vec(), tgt.to_vec(), score)
    }

    fn glossary(pairs: &[(&str, &str)]) -> Glossary {
        Glossary {
            entries: pairs
                .iter()
                .map(|(s, t)| Entry {
                    src: vec![Term::new(*s)],
                    tgt: vec![Term::new(*t)],
                    ..Entry::default()
                })
                .collect(),
            ..Glossary::default()
        }
    }

    fn render(page: &ReviewPage, d: &AlignedDoc) -> String {
        let mut out = Vec::new();
        page.write(d, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_row_per_bead_and_weak_marked() {
        let d = doc(
            "一。\n二。\n三。\n",
            "One.\nTwo.\n",
            vec![bead(&[0], &[0], 0.9), bead(&[1], &[1], 0.3), bead(&[2], &[], 0.1)],
        );
        let g = Glossary::default();
        let html = render(&ReviewPage::new(&g).min_confidence(0.5), &d);
        assert_eq!(html.matches("<tr class=\"bead").count(), 3);
        assert_eq!(html.matches("<tr class=\"bead weak").count(), 2);
        assert!(html.contains("data-beads=\"3\" data-weak=\"2\""));
        // the 1-0 bead is a gap with an empty English cell
        assert!(html.contains("class=\"bead weak gap\" id=\"b2\""), "{html}");
        assert!(html.contains("<td class=\"text en empty\" lang=\"en\">— no English sentence —</td>"));
    }

    #[test]
    fn sentence_boundaries_inside_merged_beads() {
        let d = doc("一。\n二。\n", "One.\nTwo.\nThree.\n", vec![bead(&[0, 1], &[0, 1, 2], 0.9)]);
        let g = Glossary::default();
        let html = render(&ReviewPage::new(&g), &d);
        let sb = "<span class=\"sb\" title=\"sentence boundary\"></span>";
        assert!(html.contains(&format!(">一。{sb}二。</td>")), "{html}");
        assert!(html.contains(&format!(">One. {sb}Two. {sb}Three.</td>")), "{html}");
        // A boundary right before or right after a glossary term is marked too.
        let d = doc("一。\n二。\n", "One Meta.\nMeta two.\n", vec![bead(&[0, 1], &[0, 1], 0.9)]);
        let g = glossary(&[("二", "Meta")]);
        let html = render(&ReviewPage::new(&g), &d);
        assert!(html.contains(&format!("一。{sb}<mark")), "{html}");
        assert!(html.contains(&format!("Meta</mark>. {sb}<mark")), "{html}");
        let rows = &html[..html.find("</tbody>").unwrap()];
        assert_eq!(rows.matches(sb).count(), 2, "{html}");
    }

    #[test]
    fn threshold_moves_weak_marks() {
        let d = doc("一。\n二。\n", "One.\nTwo.\n", vec![bead(&[0], &[0], 0.9), bead(&[1], &[1], 0.3)]);
        let g = Glossary::default();
        assert!(render(&ReviewPage::new(&g).min_confidence(0.95), &d).contains("data-weak=\"2\""));
        assert!(render(&ReviewPage::new(&g).min_confidence(0.2), &d).contains("data-weak=\"0\""));
    }

    #[test]
    fn escapes_everything_from_the_documents() {
        let d =
            doc("<script>alert(1)</script>。\n", "Tom & \"Jerry\" <i>'x'</i>\n", vec![bead(&[0], &[0], 0.9)]);
        let g = Glossary::default();
        let html = render(&ReviewPage::new(&g).title("</title><script>"), &d);
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("Tom &amp; &quot;Jerry&quot; &lt;i&gt;&#39;x&#39;&lt;/i&gt;"));
        assert!(html.contains("<title>&lt;/title&gt;&lt;script&gt;</title>"));
        assert!(html.contains("a&lt;zh&gt;.txt") && html.contains("a&amp;en.txt"));
        assert!(html.contains("not &lt;b&gt;really&lt;/b&gt; a translation?"));
    }

    #[test]
    fn no_external_references() {
        let d = doc("一。\n", "One.\n", vec![bead(&[0], &[0], 0.9)]);
        let g = Glossary::default();
        let html = render(&ReviewPage::new(&g), &d);
        for needle in ["http://", "https://", "src=", "<link", "@import", "url("] {
            assert!(!html.contains(needle), "found {needle}");
        }
    }

    #[test]
    fn highlights_terms_on_both_sides_in_original_script_and_case() {
        // Traditional 牛油果 is written 牛油果 in both scripts; 實驗室 (Traditional) matches 实验室.
        let d = doc(
            "Meta超級智能實驗室推出牛油果。\n另一句。\n",
            "MSL launched AVOCADO.\nAnother.\n",
            vec![bead(&[0], &[0], 0.9), bead(&[1], &[1], 0.9)],
        );
        let g = glossary(&[("Meta超级智能实验室", "MSL"), ("牛油果", "Avocado"), ("另一句", "Llama")]);
        let html = render(&ReviewPage::new(&g), &d);
        assert!(
            html.contains(
                "<mark class=\"term anchor\" title=\"Meta超级智能实验室 ⇄ MSL\">Meta超級智能實驗室</mark>"
            ),
            "{html}"
        );
        assert!(html.contains("<mark class=\"term anchor\" title=\"Meta超级智能实验室 ⇄ MSL\">MSL</mark>"));
        assert!(html.contains(">AVOCADO</mark>"));
        // a term whose counterpart is missing from the bead is lonely
        assert!(html.contains("<mark class=\"term lonely\" title=\"另一句 ⇄ Llama\">另一句</mark>"));
    }

    #[test]
    fn case_sensitive_terms_keep_their_case() {
        let d = doc("MSL 和 msl。\n", "MSL and msl.\n", vec![bead(&[0], &[0], 0.9)]);
        let mut g = glossary(&[("MSL", "MSL")]);
        g.entries[0].src[0].case_sensitive = true;
        g.entries[0].tgt[0].case_sensitive = true;
        let html = render(&ReviewPage::new(&g), &d);
        assert_eq!(html.matches("<mark class=\"term anchor\" title=").count(), 2, "{html}");
        assert!(html.contains("和 msl。"));
    }

    #[test]
    fn counterpart_written_as_is_on_the_other_side_pairs_a_term() {
        // The Chinese keeps the English name; the glossary knows 牛油果 ⇄ Avocado.
        let d = doc("最新模型Avocado延期。\n", "Avocado is delayed.\n", vec![bead(&[0], &[0], 0.9)]);
        let g = glossary(&[("牛油果", "Avocado")]);
        let html = render(&ReviewPage::new(&g), &d);
        assert!(
            html.contains("<mark class=\"term anchor\" title=\"牛油果 ⇄ Avocado\">Avocado</mark> is"),
            "{html}"
        );
        let d = doc("最新模型延期。\n", "Avocado is delayed.\n", vec![bead(&[0], &[0], 0.9)]);
        assert!(render(&ReviewPage::new(&g), &d).contains("<mark class=\"term lonely\""));
    }

    #[test]
    fn aligner_anchors_mark_terms_as_anchors() {
        let d = doc(
            "牛油果。\n",
            "It.\n",
            vec![Bead { anchors: vec!["牛油果".into()], ..bead(&[0], &[0], 0.9) }],
        );
        let g = glossary(&[("牛油果", "Avocado")]);
        let html = render(&ReviewPage::new(&g), &d);
        assert!(html.contains("<mark class=\"term anchor\""), "{html}");
    }

    #[test]
    fn nan_and_out_of_range_scores_render() {
        let d = doc("一。\n二。\n", "One.\nTwo.\n", vec![bead(&[0], &[0], f64::NAN), bead(&[1], &[1], 7.0)]);
        let g = Glossary::default();
        let html = render(&ReviewPage::new(&g), &d);
        assert!(html.contains("data-score=\"0.0000\"") && html.contains("data-score=\"1.0000\""));
        assert!(html.contains("data-weak=\"1\""));
    }

    #[test]
    fn strong_fraction() {
        assert_eq!(WeakCount { beads: 0, weak: 0 }.strong_fraction(), 1.0);
        assert_eq!(WeakCount { beads: 4, weak: 1 }.strong_fraction(), 0.75);
    }

    /// The JSON the editor reads, as the page holds it.
    fn page_data(html: &str) -> serde_json::Value {
        let start = html.find("<script type=\"application/json\" id=\"hanalign-data\">").unwrap();
        let rest = &html[start..];
        let body = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
        serde_json::from_str(body).unwrap()
    }

    #[test]
    fn editor_data_is_safe_inside_the_page_and_complete() {
        let d = doc(
            "牛油果</script><script>alert(1)</script>。\n二。\n",
            "Avocado & <b>bold</b>.\nTwo.\n",
            vec![bead(&[0], &[0], 0.9), bead(&[1], &[], 0.2), bead(&[], &[1], 0.2)],
        );
        let mut d = d;
        d.alignment.beads[0].reasons.numbers_differ = vec!["3 < 4".into()];
        let g = glossary(&[("牛油果", "Avocado")]);
        let fixed = [FixedBead { src: [1, 2], tgt: [1, 1], status: Status::Confirmed }];
        let html = render(&ReviewPage::new(&g).fixed(&fixed), &d);
        // Nothing from the documents can end the data block or open a tag.
        let tail = &html[html.find("id=\"hanalign-data\"").unwrap()..];
        assert_eq!(tail.matches("</script>").count(), 3, "data, editor, self-check");
        assert!(!html.contains("<script>alert") && !html.contains("<b>bold"), "{html}");
        let data = page_data(&html);
        assert_eq!(data["S"][0][0], "牛油果</script><script>alert(1)</script>。");
        assert_eq!(data["S"][0][1], serde_json::json!([0]), "glossary entries of the sentence");
        assert_eq!(data["S"][0][2], serde_json::json!([[0, 3, 0]]), "term mark in UTF-16 offsets");
        assert_eq!(data["T"][0][2], serde_json::json!([[0, 7, 0]]));
        assert_eq!(data["terms"][0], serde_json::json!(["牛油果", "牛油果 ⇄ Avocado"]));
        // Beads as half-open ranges; an empty side sits where it falls.
        assert_eq!(data["beads"][1], serde_json::json!([1, 2, 1, 1, 0.2, [], ""]));
        assert_eq!(data["beads"][2], serde_json::json!([2, 2, 1, 2, 0.2, [], ""]));
        // The bead's reasons as the CLI's TMX writes them in x-reasons (export.js copies them).
        let why = data["beads"][0][6].as_str().unwrap();
        assert!(why.ends_with("numbers on one side only: 3 < 4"), "{why}");
        let (tmx, _) = crate::tmx::aligned_to_tmx(&d, &crate::tmx::TmxOptions::default()).unwrap();
        assert_eq!(tmx.tus[0].prop("x-reasons"), Some(why));
        assert_eq!(data["fixed"], serde_json::json!([[1, 2, 1, 1, 2]]));
        let hash = crate::corrections::sentences_sha256(
            d.src.sentences().collect::<Vec<_>>().iter().map(|s| s.as_ref()),
        );
        assert_eq!(data["src"]["sha256"], hash.as_str());
        // the tags the CLI's TMX would carry
        let (_, r) = crate::tmx::aligned_to_tmx(&d, &crate::tmx::TmxOptions::default()).unwrap();
        assert_eq!(
            crate::tmx::write::lang_tags(&d, &crate::tmx::TmxOptions::default()).unwrap(),
            (r.src_lang.clone(), r.tgt_lang.clone())
        );
        let tags = (data["src"]["lang"].as_str(), data["tgt"]["lang"].as_str());
        assert_eq!(tags, (Some(r.src_lang.as_str()), Some(r.tgt_lang.as_str())));
    }

    #[test]
    fn editor_keys_are_listed_in_the_page() {
        let d = doc("一。\n", "One.\n", vec![bead(&[0], &[0], 0.9)]);
        let g = Glossary::default();
        let html = render(&ReviewPage::new(&g), &d);
        for act in ["confirm", "join", "split", "up", "down", "alone", "undo", "redo", "tmx", "corrections"] {
            assert!(html.contains(&format!("data-act=\"{act}\"")), "{act}");
        }
        // every key the script handles is in the help
        for k in ["j", "k", "n", "p", "c", "m", "s", "q", "a", "e", "d", "1", "0", "u", "y"] {
            assert!(html.contains(&format!("<kbd>{k}</kbd>")), "key {k} not listed");
            assert!(
                SCRIPT.contains(&format!(" {k}: [")) || SCRIPT.contains(&format!("'{k}': [")),
                "key {k} not handled"
            );
        }
    }
}
