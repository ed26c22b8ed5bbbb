//! Corrections: the beads a person set or confirmed (in the review page), and aligning around them.
//!
//! A corrections file is JSON, format `hanalign-corrections`, version 1 (described for users in
//! `docs/corrections.md`):
//!
//! ```json
//! {"format": "hanalign-corrections", "version": 1,
//!  "src": {"name": "zh.txt", "sentences": 90, "sha256": "…"},
//!  "tgt": {"name": "en.txt", "sentences": 88, "sha256": "…"},
//!  "beads": [{"src": [3, 5], "tgt": [4, 5], "status": "edited"},
//!            {"src": [7, 8], "tgt": [6, 6], "status": "confirmed"}]}
//! ```
//!
//! Ranges are half-open sentence index ranges (`[3, 5]` is sentences 3 and 4; `[6, 6]` is no
//! sentence, just before sentence 6). `sha256` is [`sentences_sha256`] of the document's sentences, so
//! a file made for other documents, or for the same files segmented differently, is refused rather
//! than applied to the wrong sentences.
//!
//! [`align_fixed`] keeps every bead of the file as it is (confidence 1) and aligns each stretch
//! between two fixed beads on its own, through [`Aligner::align`]: one fix near the start of a
//! derailed stretch puts the search back on the right path for what follows. Where a stretch's
//! re-alignment meets the uncorrected alignment of the whole document again ([`SYNC_BEADS`] beads
//! in a row alike), the whole document's beads are kept from there on: a fix changes the beads it
//! reaches, and beads it does not reach keep what the whole document taught the aligner (word
//! pairs learnt from all of it, its length ratio, its chance coverage), which a stretch aligned on
//! its own does not see.
//!
//! ```
//! use hanalign::align::AlignerBuilder;
//! use hanalign::corrections::{align_fixed, FixedBead, Status};
//!
//! let aligner = AlignerBuilder::new().build();
//! let zh = hanalign::Document::presegmented("他看到了望远镜。\n天线在暮色中一字排开。\n");
//! let en = hanalign::Document::presegmented("He saw the telescope.\nThe antennas stood in a row in the dusk.\n");
//! let fixed = [FixedBead { src: [1, 2], tgt: [1, 2], status: Status::Confirmed }];
//! let a = align_fixed(&aligner, &zh, &en, &fixed);
//! assert_eq!(a.beads.len(), 2);
//! assert_eq!((a.beads[1].src.clone(), a.beads[1].score), (vec![1], 1.0));
//! ```

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::align::{Aligner, Alignment, Bead};
use crate::document::Document;
use crate::error::{Error, ErrorKind, Location, Result, Side};
use crate::glossary::{Glossary, Matcher};
use crate::segment::Lang;

/// The `format` field of a corrections file.
pub const FORMAT: &str = "hanalign-corrections";
/// The version this build reads and writes.
pub const VERSION: u64 = 1;

/// A corrections file: which documents it is for, and the fixed beads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Corrections {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u64,
    /// The source document.
    pub src: DocRef,
    /// The target document.
    pub tgt: DocRef,
    /// The fixed beads, in document order, not overlapping.
    pub beads: Vec<FixedBead>,
    /// Where the file was read from (for messages); not part of the format.
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

/// Which document a corrections file was made for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocRef {
    /// The file name as the page showed it (for people; not checked).
    #[serde(default)]
    pub name: String,
    /// How many sentences the document has.
    pub sentences: usize,
    /// [`sentences_sha256`] of its sentences, lower-case hex.
    pub sha256: String,
}

/// A bead a person set or confirmed: half-open sentence ranges on each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixedBead {
    /// Source sentences `src[0]..src[1]`.
    pub src: [usize; 2],
    /// Target sentences `tgt[0]..tgt[1]`.
    pub tgt: [usize; 2],
    /// Why it is fixed.
    pub status: Status,
}

/// Why a bead is fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The person changed it (moved a boundary, joined, split, marked a sentence unpaired).
    Edited,
    /// The person confirmed the aligner's bead as it was.
    Confirmed,
}

/// The SHA-256 (lower-case hex) of a document's sentences: each sentence's text followed by a line
/// feed, in order. It names exactly the sentence list that the indices of a corrections file refer to.
pub fn sentences_sha256<'a>(sentences: impl IntoIterator<Item = &'a str>) -> String {
    let mut h = Sha256::new();
    for s in sentences {
        h.update(s.as_bytes());
        h.update(b"\n");
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

impl DocRef {
    /// The reference for a document with these sentences.
    pub fn of(name: impl Into<String>, doc: &Document) -> DocRef {
        let sentences: Vec<_> = doc.sentences().collect();
        DocRef {
            name: name.into(),
            sentences: sentences.len(),
            sha256: sentences_sha256(sentences.iter().map(|s| s.as_ref())),
        }
    }
}

impl Corrections {
    /// An empty corrections file for these documents.
    pub fn new(src: DocRef, tgt: DocRef) -> Corrections {
        Corrections { format: FORMAT.into(), version: VERSION, src, tgt, beads: Vec::new(), path: None }
    }

    /// Reads a corrections file. Checks the format, the version and the shape of every bead (in
    /// order, not overlapping, within the sentence counts the file states).
    pub fn load(path: &Path) -> Result<Corrections> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut c = Corrections::parse(&text, path)?;
        c.path = Some(path.to_path_buf());
        Ok(c)
    }

    /// Parses the text of a corrections file (`path` is for messages).
    pub fn parse(text: &str, path: &Path) -> Result<Corrections> {
        let at = |e: &serde_json::Error| {
            Location::file(path).with_line(e.line() as u64).with_col(e.column() as u64)
        };
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| Error::parse(at(&e), format!("not JSON: {e}")))?;
        let file = Location::file(path);
        match value.get("format").and_then(|f| f.as_str()) {
            Some(FORMAT) => {}
            other => {
                return Err(Error::parse(
                    file,
                    format!("not a corrections file: \"format\" is {other:?}, expected \"{FORMAT}\""),
                ));
            }
        }
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(VERSION) => {}
            Some(v) => {
                return Err(Error::parse(
                    file,
                    format!(
                        "corrections version {v}; this hanalign reads version {VERSION} (upgrade hanalign)"
                    ),
                ));
            }
            None => return Err(Error::parse(file, "no \"version\" number".to_string())),
        }
        let c: Corrections = serde_json::from_value(value)
            .map_err(|e| Error::parse(file.clone(), format!("not a valid corrections file: {e}")))?;
        c.check_shape().map_err(|m| Error::parse(file, m))?;
        Ok(c)
    }

    /// The file as JSON (one bead per line, so a diff of two files reads well).
    pub fn to_json(&self) -> String {
        let doc = |d: &DocRef| serde_json::to_string(d).unwrap_or_default();
        let mut out = format!(
            "{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\n\"src\":{},\n\"tgt\":{},\n\"beads\":[",
            doc(&self.src),
            doc(&self.tgt)
        );
        for (i, b) in self.beads.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            out.push_str(&serde_json::to_string(b).unwrap_or_default());
        }
        out.push_str("]}\n");
        out
    }

    fn check_shape(&self) -> std::result::Result<(), String> {
        let (mut s, mut t) = (0, 0);
        for (i, b) in self.beads.iter().enumerate() {
            let n = i + 1;
            if b.src[0] > b.src[1] || b.tgt[0] > b.tgt[1] {
                return Err(format!("bead {n}: a range ends before it starts"));
            }
            if b.src[0] == b.src[1] && b.tgt[0] == b.tgt[1] {
                return Err(format!("bead {n}: no sentence on either side"));
            }
            if b.src[1] > self.src.sentences || b.tgt[1] > self.tgt.sentences {
                return Err(format!(
                    "bead {n}: past the end of the documents ({} and {} sentences)",
                    self.src.sentences, self.tgt.sentences
                ));
            }
            if b.src[0] < s || b.tgt[0] < t {
                return Err(format!("bead {n}: overlaps or comes before the bead before it"));
            }
            (s, t) = (b.src[1], b.tgt[1]);
        }
        Ok(())
    }

    /// Checks that this file was made for documents with these sentences (by count and hash).
    pub fn check_documents(&self, src: &Document, tgt: &Document) -> Result<()> {
        let file = Location::file(self.path.clone().unwrap_or_else(|| PathBuf::from("<corrections>")));
        for (side, want, have) in [(Side::Source, &self.src, src), (Side::Target, &self.tgt, tgt)] {
            let got = DocRef::of(String::new(), have);
            if got.sentences != want.sentences || got.sha256 != want.sha256 {
                return Err(ErrorKind::CorrectionsMismatch {
                    location: file,
                    side,
                    expected: if want.name.is_empty() { "?".into() } else { want.name.clone() },
                    expected_sentences: want.sentences,
                    expected_sha: want.sha256.get(..12).unwrap_or(&want.sha256).to_string(),
                    sentences: got.sentences,
                    sha: got.sha256[..12].to_string(),
                }
                .into());
            }
        }
        Ok(())
    }
}

/// Glossary entries found in one sentence, sorted, each once: on the source side by the entries'
/// source terms, on the target side by their target terms (as the aligner finds them).
pub fn sentence_entries(matcher: &Matcher, text: &str, source: bool) -> Vec<u32> {
    let norm = crate::script::normalize(text);
    let found = if source { matcher.find_src(&norm) } else { matcher.find_tgt(&norm) };
    let mut e: Vec<u32> = found.iter().map(|m| m.entry as u32).collect();
    e.sort_unstable();
    e.dedup();
    e
}

/// The anchors of a bead whose sentences carry these glossary entries: for each target sentence in
/// order, each of its entries (ascending) that some source sentence also carries, written as the
/// entry's first source term, each once. The review page computes the same for the beads it edits.
pub fn bead_anchors(glossary: &Glossary, src: &[&[u32]], tgt: &[&[u32]]) -> Vec<String> {
    let mut anchors: Vec<String> = Vec::new();
    for t in tgt {
        for e in t.iter() {
            if src.iter().any(|s| s.contains(e))
                && let Some(term) = glossary.entries.get(*e as usize).and_then(|x| x.src.first())
                && !anchors.contains(&term.text)
            {
                anchors.push(term.text.clone());
            }
        }
    }
    anchors
}

/// Aligns `src` with `tgt` keeping `fixed` beads as they are: each fixed bead becomes a bead with
/// confidence 1, and each stretch between two of them is aligned on its own by `aligner` (a stretch
/// with sentences on one side only becomes unpaired beads), as part of its documents (their
/// paragraphs and languages). `fixed` must be in order and not overlap, within the sentence counts
/// (as [`Corrections::load`] checks). Without fixed beads this is [`Aligner::align_documents`].
pub fn align_fixed(aligner: &Aligner, src: &Document, tgt: &Document, fixed: &[FixedBead]) -> Alignment {
    if fixed.is_empty() {
        return aligner.align_documents(src, tgt);
    }
    let (ss, ts): (Vec<_>, Vec<_>) = (src.sentences().collect(), tgt.sentences().collect());
    let parts = Parts {
        src: ss.iter().map(|x| x.as_ref()).collect(),
        tgt: ts.iter().map(|x| x.as_ref()).collect(),
        src_para: src.paragraphs(),
        tgt_para: tgt.paragraphs(),
        langs: (src.lang(), tgt.lang()),
    };
    let matcher = Matcher::new(aligner.glossary());
    let whole = aligner.align_documents(src, tgt);
    let mut out = Alignment::default();
    let (mut s, mut t) = (0, 0);
    let (n, m) = (parts.src.len(), parts.tgt.len());
    let mut after_fix = false;
    for f in fixed {
        // Clamped, so a bead list that was not checked cannot index out of range.
        let (s0, s1) = (f.src[0].clamp(s, n), f.src[1].clamp(s, n));
        let (t0, t1) = (f.tgt[0].clamp(t, m), f.tgt[1].clamp(t, m));
        if s1 < s0 || t1 < t0 || (s0 == s1 && t0 == t1) {
            continue;
        }
        let around = Around { whole: &whole, fixed_before: after_fix, fixed_after: true };
        stretch(aligner, &parts, (s, s0), (t, t0), around, &mut out);
        after_fix = true;
        let se: Vec<Vec<u32>> =
            parts.src[s0..s1].iter().map(|x| sentence_entries(&matcher, x, true)).collect();
        let te: Vec<Vec<u32>> =
            parts.tgt[t0..t1].iter().map(|x| sentence_entries(&matcher, x, false)).collect();
        let se: Vec<&[u32]> = se.iter().map(Vec::as_slice).collect();
        let te: Vec<&[u32]> = te.iter().map(Vec::as_slice).collect();
        out.beads.push(Bead {
            src: (s0..s1).collect(),
            tgt: (t0..t1).collect(),
            score: 1.0,
            anchors: bead_anchors(aligner.glossary(), &se, &te),
            reasons: Default::default(),
        });
        (s, t) = (s1, t1);
    }
    let around = Around { whole: &whole, fixed_before: after_fix, fixed_after: false };
    stretch(aligner, &parts, (s, n), (t, m), around, &mut out);
    out
}

/// Beads in a row that a stretch's re-alignment and the whole document's alignment must share
/// before the stretch hands over to the whole document's beads (one shared bead can be a
/// coincidence inside a derailed stretch; the corrections test calls three in a row back on track).
pub const SYNC_BEADS: usize = 3;

/// What a stretch is aligned around: the uncorrected alignment of the whole document, and whether
/// a fixed bead comes just before and just after the stretch.
#[derive(Clone, Copy)]
struct Around<'a> {
    whole: &'a Alignment,
    fixed_before: bool,
    fixed_after: bool,
}

/// Each bead's `(start, end)` corner, `(source, target)` sentence positions, from `at` on.
fn corners(beads: &[Bead], mut at: (usize, usize)) -> Vec<((usize, usize), (usize, usize))> {
    beads
        .iter()
        .map(|b| {
            let from = at;
            at = (b.src.last().map_or(at.0, |&x| x + 1), b.tgt.last().map_or(at.1, |&x| x + 1));
            (from, at)
        })
        .collect()
}

/// A stretch's beads (`part`, from corner `start`) with the stretch's middle replaced by the whole
/// document's beads: from the first place after a fixed bead where [`SYNC_BEADS`] beads in a row
/// are the whole document's (the stretch start when no fixed bead precedes) to the last such place
/// before a fixed bead (the stretch end when none follows). Both paths pass through those two
/// corners, so the whole document's beads between them fill the gap exactly.
fn hand_over(part: Vec<Bead>, start: (usize, usize), around: Around) -> Vec<Bead> {
    let whole = &around.whole.beads;
    let wc = corners(whole, (0, 0));
    let shared: HashSet<_> = wc.iter().copied().collect();
    let pc = corners(&part, start);
    let n = part.len();
    let sync = |k: usize| k + SYNC_BEADS <= n && (k..k + SYNC_BEADS).all(|i| shared.contains(&pc[i]));
    let p = if around.fixed_before {
        match (0..n).find(|&k| sync(k)) {
            Some(k) => k,
            None => return part,
        }
    } else {
        0
    };
    let q = if around.fixed_after {
        match (SYNC_BEADS..=n).rev().find(|&k| sync(k - SYNC_BEADS)) {
            Some(k) => k,
            None => return part,
        }
    } else {
        n
    };
    if p >= q {
        return part;
    }
    let (from, to) = (pc[p].0, pc[q - 1].1);
    let inside = |&(a, b): &((usize, usize), (usize, usize))| {
        a.0 >= from.0 && a.1 >= from.1 && b.0 <= to.0 && b.1 <= to.1
    };
    let mut out: Vec<Bead> = part[..p].to_vec();
    out.extend(whole.iter().zip(&wc).filter(|(_, c)| inside(c)).map(|(b, _)| b.clone()));
    out.extend(part[q..].iter().cloned());
    out
}

/// What the aligner reads of two documents.
struct Parts<'a> {
    src: Vec<&'a str>,
    tgt: Vec<&'a str>,
    src_para: Vec<usize>,
    tgt_para: Vec<usize>,
    langs: (Lang, Lang),
}

/// Aligns `src[s.0..s.1]` with `tgt[t.0..t.1]` and appends the beads (indices of the whole document).
fn stretch(
    aligner: &Aligner,
    p: &Parts,
    s: (usize, usize),
    t: (usize, usize),
    around: Around,
    out: &mut Alignment,
) {
    let (sn, tn) = (s.1 - s.0, t.1 - t.0);
    if sn == 0 || tn == 0 {
        // Nothing to pair with: the aligner's confidence for an unpaired bead.
        let gap = |src: Vec<usize>, tgt: Vec<usize>| Bead::new(src, tgt, 0.25);
        out.beads.extend((s.0..s.1).map(|i| gap(vec![i], vec![])));
        out.beads.extend((t.0..t.1).map(|j| gap(vec![], vec![j])));
        return;
    }
    let (a, _) = aligner.align_part(
        &p.src[s.0..s.1],
        &p.tgt[t.0..t.1],
        Some(&p.src_para[s.0..s.1]),
        Some(&p.tgt_para[t.0..t.1]),
        p.langs,
    );
    let mut part = a.beads;
    for b in &mut part {
        b.src.iter_mut().for_each(|i| *i += s.0);
        b.tgt.iter_mut().for_each(|j| *j += t.0);
    }
    out.beads.extend(hand_over(part, (s.0, t.0), around));
    for w in a.warnings {
        if !out.warnings.contains(&w) {
            out.warnings.push(w);
        }
    }
}

/// The fixed beads of an alignment as a corrections file would hold them: every bead for which
/// `status` says it is fixed.
pub fn fixed_of(alignment: &Alignment, status: impl Fn(usize) -> Option<Status>) -> Vec<FixedBead> {
    let range = |v: &[usize], at: usize| match (v.first(), v.last()) {
        (Some(&a), Some(&b)) => [a, b + 1],
        _ => [at, at],
    };
    let (mut s, mut t) = (0, 0);
    let mut out = Vec::new();
    for (i, b) in alignment.beads.iter().enumerate() {
        let (rs, rt) = (range(&b.src, s), range(&b.tgt, t));
        (s, t) = (rs[1], rt[1]);
        if let Some(status) = status(i) {
            out.push(FixedBead { src: rs, tgt: rt, status });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::AlignerBuilder;

    fn presegmented(text: &str) -> Document<'_> {
        Document::presegmented(text)
    }

    fn refs() -> (DocRef, DocRef) {
        let (s, t) = (presegmented("一。\n二。\n三。\n"), presegmented("One.\nTwo.\n"));
        (DocRef::of("zh.txt", &s), DocRef::of("en.txt", &t))
    }

    /// After a fix, the stretch's own beads run until three in a row are the whole document's;
    /// from there on the whole document's beads are kept (here they pair the last two sentences
    /// the stretch left unpaired). With a fix on both sides the stretch's last beads stay too.
    #[test]
    fn a_stretch_hands_over_to_the_whole_document_where_they_meet() {
        let b = |s: &[usize], t: &[usize]| Bead::new(s.to_vec(), t.to_vec(), 0.5);
        let whole = Alignment { beads: (0..8).map(|i| b(&[i], &[i])).collect(), warnings: vec![] };
        let part = vec![
            b(&[1, 2], &[1]),
            b(&[3], &[2, 3]),
            b(&[4], &[4]),
            b(&[5], &[5]),
            b(&[6], &[6]),
            b(&[7], &[]),
            b(&[], &[7]),
        ];
        let shapes = |v: &[Bead]| v.iter().map(|x| (x.src.clone(), x.tgt.clone())).collect::<Vec<_>>();
        let around = Around { whole: &whole, fixed_before: true, fixed_after: false };
        let got = shapes(&hand_over(part.clone(), (1, 1), around));
        let mut want = shapes(&part[..2]);
        want.extend((4..8).map(|i| (vec![i], vec![i])));
        assert_eq!(got, want);
        // a fix after the stretch too: the beads before it are the stretch's own
        let around = Around { whole: &whole, fixed_before: true, fixed_after: true };
        assert_eq!(shapes(&hand_over(part.clone(), (1, 1), around)), shapes(&part));
        // never in step with the whole document: the stretch's beads as they are
        let around = Around { whole: &whole, fixed_before: true, fixed_after: false };
        let off = vec![b(&[1, 2], &[1]), b(&[3, 4], &[2, 3]), b(&[5, 6, 7], &[4, 5, 6, 7])];
        assert_eq!(shapes(&hand_over(off.clone(), (1, 1), around)), shapes(&off));
    }

    #[test]
    fn hash_is_of_the_sentence_list() {
        assert_eq!(
            sentences_sha256(["abc"]),
            // printf 'abc\n' | sha256sum
            "edeaaff3f1774ad2888673770c6d64097e391bc362d7d6fb34982ddf0efd18cb"
        );
        assert_ne!(sentences_sha256(["a", "b"]), sentences_sha256(["ab"]));
    }

    #[test]
    fn round_trips_and_checks_shape() {
        let (s, t) = refs();
        let mut c = Corrections::new(s, t);
        c.beads.push(FixedBead { src: [0, 1], tgt: [0, 1], status: Status::Confirmed });
        c.beads.push(FixedBead { src: [1, 2], tgt: [1, 1], status: Status::Edited });
        let back = Corrections::parse(&c.to_json(), Path::new("c.json")).unwrap();
        assert_eq!(back, c);
        let bad = |json: String, want: &str| {
            let e = Corrections::parse(&json, Path::new("c.json")).unwrap_err().to_string();
            assert!(e.starts_with("c.json") && e.contains(want), "{e}");
        };
        let j = c.to_json();
        bad(j.replace("\"version\":1", "\"version\":2"), "version 2");
        bad(j.replace(FORMAT, "other"), "not a corrections file");
        bad(j.replace("[1,2]", "[1,4]"), "bead 2: past the end");
        bad(j.replace("\"src\":[1,2]", "\"src\":[0,2]"), "bead 2: overlaps");
        bad(j.replace("[1,2],\"tgt\":[1,1]", "[1,1],\"tgt\":[1,1]"), "bead 2: no sentence");
        bad(j.replace("edited", "maybe"), "not a valid corrections file");
        bad("{\"format\": ".into(), "c.json:1:");
    }

    #[test]
    fn refuses_other_documents() {
        let (s, t) = refs();
        let c = Corrections::new(s, t);
        let zh = presegmented("一。\n二。\n三。\n");
        assert!(c.check_documents(&zh, &presegmented("One.\nTwo.\n")).is_ok());
        let e = c.check_documents(&zh, &presegmented("One.\nTwo!\n")).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::CorrectionsMismatch { side: Side::Target, expected, sentences: 2, .. }
                if expected == "en.txt"),
            "{e}"
        );
    }

    #[test]
    fn fixed_beads_are_kept_and_the_rest_aligned_around_them() {
        let aligner = AlignerBuilder::new().build();
        let zh = presegmented("他看到了望远镜。\n天线在暮色中一字排开。\n风很大。\n我们回家了。\n");
        let en =
            presegmented("He saw the telescope.\nThe antennas stood in a row in the dusk.\nWe went home.\n");
        // The person says: 风很大 has no English counterpart.
        let fixed = [FixedBead { src: [2, 3], tgt: [2, 2], status: Status::Edited }];
        let a = align_fixed(&aligner, &zh, &en, &fixed);
        let shapes: Vec<(Vec<usize>, Vec<usize>)> =
            a.beads.iter().map(|b| (b.src.clone(), b.tgt.clone())).collect();
        assert_eq!(
            shapes,
            vec![(vec![0], vec![0]), (vec![1], vec![1]), (vec![2], vec![]), (vec![3], vec![2])]
        );
        assert_eq!(a.beads[2].score, 1.0);
        // Back to the corrections it came from.
        assert_eq!(fixed_of(&a, |i| (i == 2).then_some(Status::Edited)), fixed.to_vec());
    }
}
