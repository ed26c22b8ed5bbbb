//! The whole job for one document pair: read, segment ([`Document`]s), align. Later stages (TMX,
//! review page, renderers, glossary checks) take the [`AlignedDoc`]: both documents and the
//! alignment.

use std::borrow::Cow;
use std::path::Path;

use crate::align::{Aligner, Alignment};
use crate::corrections::{Corrections, align_fixed};
use crate::document::Document;
use crate::error::Result;
use crate::input::InputFormat;
use crate::segment::Segmenter;

/// Beads with a confidence under this are weak unless the caller says otherwise.
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.5;

/// True when a bead with confidence `score` is weak under `min_confidence`. A score that is not a
/// number is weak.
pub fn is_weak(score: f64, min_confidence: f64) -> bool {
    score.is_nan() || score < min_confidence
}

/// How the two documents are split into sentences.
#[derive(Debug, Clone)]
pub enum Segmentation {
    /// By our segmenter.
    Segment(Segmenter),
    /// One sentence per line; blank lines are skipped.
    Presegmented,
}

impl Segmentation {
    /// `text` as a [`Document`], split this way.
    pub fn document<'t>(&self, text: impl Into<Cow<'t, str>>) -> Document<'t> {
        match self {
            Segmentation::Segment(s) => s.document(text),
            Segmentation::Presegmented => Document::presegmented(text),
        }
    }
}

/// Two documents and the alignment between them: what every later stage reads (TMX writer, review
/// page, renderers, terminology check), none of which segments or detects anything again.
#[derive(Debug, Clone)]
pub struct AlignedDoc<'t> {
    /// The source document (named as given).
    pub src: Document<'t>,
    /// The target document.
    pub tgt: Document<'t>,
    /// Beads indexing into the sentences of `src` and `tgt`.
    pub alignment: Alignment,
}

impl AlignedDoc<'_> {
    /// The source text of a bead, sentences joined ([`Document::bead_text`]).
    pub fn src_text(&self, bead: usize) -> String {
        self.src.bead_text(&self.alignment.beads[bead].src)
    }

    /// The target text of a bead.
    pub fn tgt_text(&self, bead: usize) -> String {
        self.tgt.bead_text(&self.alignment.beads[bead].tgt)
    }

    /// Paragraph pairs: runs of consecutive beads that hold exactly one source paragraph and the
    /// whole target paragraph(s) it was translated into, where the bead path respects paragraph
    /// ends on both sides. Runs with a 1-0 or 0-1 bead are left out (the paragraph pair would
    /// hold text without its translation).
    pub fn paragraph_runs(&self) -> Vec<std::ops::Range<usize>> {
        let beads = &self.alignment.beads;
        // Whether a bead's first sentence on one side starts a paragraph (None: the side is empty).
        let starts =
            |doc: &Document, idx: &[usize]| -> Option<bool> { Some(doc.starts_paragraph(*idx.first()?)) };
        let mut runs = Vec::new();
        let mut start = 0;
        for k in 1..=beads.len() {
            let cut = k == beads.len()
                || (starts(&self.src, &beads[k].src) == Some(true)
                    && starts(&self.tgt, &beads[k].tgt) == Some(true));
            if !cut {
                continue;
            }
            let run = start..k;
            start = k;
            let paired = beads[run.clone()].iter().all(|b| !b.src.is_empty() && !b.tgt.is_empty());
            let first_para = beads[run.start].src.first().map(|&i| self.src.paragraph(i));
            let one_para = beads[run.clone()]
                .iter()
                .flat_map(|b| &b.src)
                .all(|&i| Some(self.src.paragraph(i)) == first_para);
            if paired && one_para {
                runs.push(run);
            }
        }
        runs
    }
}

/// Segments already-decoded texts and aligns them.
pub fn align_texts<'t>(
    src_text: &'t str,
    tgt_text: &'t str,
    segmentation: &Segmentation,
    aligner: &Aligner,
) -> (Document<'t>, Document<'t>, Alignment) {
    let (src, tgt) = (segmentation.document(src_text), segmentation.document(tgt_text));
    let alignment = align_fixed(aligner, &src, &tgt, &[]);
    (src, tgt, alignment)
}

/// Segments already-decoded texts and aligns them around the beads of `corrections`, after checking
/// that the file was made for these documents (see [`crate::corrections`]).
pub fn align_texts_corrected<'t>(
    src_text: &'t str,
    tgt_text: &'t str,
    segmentation: &Segmentation,
    aligner: &Aligner,
    corrections: &Corrections,
) -> Result<(Document<'t>, Document<'t>, Alignment)> {
    let (src, tgt) = (segmentation.document(src_text), segmentation.document(tgt_text));
    corrections.check_documents(&src, &tgt)?;
    let alignment = align_fixed(aligner, &src, &tgt, &corrections.beads);
    Ok((src, tgt, alignment))
}

/// Reads, segments and aligns two files, each in the format its name says (see [`InputFormat`]).
pub fn align_files(
    src_path: &Path,
    tgt_path: &Path,
    segmentation: &Segmentation,
    aligner: &Aligner,
) -> Result<AlignedDoc<'static>> {
    align_files_as(src_path, tgt_path, InputFormat::Auto, segmentation, aligner)
}

/// Reads two files in `format` (`Auto`: by each name), segments and aligns them.
pub fn align_files_as(
    src_path: &Path,
    tgt_path: &Path,
    format: InputFormat,
    segmentation: &Segmentation,
    aligner: &Aligner,
) -> Result<AlignedDoc<'static>> {
    align_files_corrected(src_path, tgt_path, format, segmentation, aligner, None)
}

/// Reads two files in `format`, segments and aligns them, around the beads of `corrections` when
/// given (see [`crate::corrections`]).
pub fn align_files_corrected(
    src_path: &Path,
    tgt_path: &Path,
    format: InputFormat,
    segmentation: &Segmentation,
    aligner: &Aligner,
    corrections: Option<&Corrections>,
) -> Result<AlignedDoc<'static>> {
    let src = segmentation.document(crate::input::read_document(src_path, format)?).named(src_path);
    let tgt = segmentation.document(crate::input::read_document(tgt_path, format)?).named(tgt_path);
    align_pair(src, tgt, aligner, corrections)
}

/// Aligns two documents around the beads of `corrections` when given, after checking that the file
/// was made for these documents.
pub fn align_pair<'t>(
    src: Document<'t>,
    tgt: Document<'t>,
    aligner: &Aligner,
    corrections: Option<&Corrections>,
) -> Result<AlignedDoc<'t>> {
    if let Some(c) = corrections {
        c.check_documents(&src, &tgt)?;
    }
    let alignment = align_fixed(aligner, &src, &tgt, corrections.map_or(&[][..], |c| &c.beads));
    Ok(AlignedDoc { src, tgt, alignment })
}
