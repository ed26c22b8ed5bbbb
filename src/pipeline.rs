//! The whole job for one document pair: read, segment, align. Later stages (TMX, review page,
//! glossary checks) take an [`AlignedDoc`].

use std::path::{Path, PathBuf};

use crate::align::{Aligner, Alignment};
use crate::corrections::{Corrections, FixedBead};
use crate::error::Result;
use crate::input::InputFormat;
use crate::segment::{Segmenter, Sentence, UnitKind};

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

/// Two documents, their sentences and the alignment between them.
#[derive(Debug, Clone)]
pub struct AlignedDoc {
    /// The source file's name (as given).
    pub src_name: PathBuf,
    /// The target file's name (as given).
    pub tgt_name: PathBuf,
    /// Source sentences (text units only; markup is dropped before alignment).
    pub src: Vec<Sentence>,
    /// Target sentences.
    pub tgt: Vec<Sentence>,
    /// Beads indexing into `src` and `tgt`.
    pub alignment: Alignment,
}

impl AlignedDoc {
    /// The source text of a bead, sentences joined (nothing between Chinese sentences, a space
    /// between others).
    pub fn src_text(&self, bead: usize) -> String {
        join(&self.src, &self.alignment.beads[bead].src)
    }

    /// The target text of a bead.
    pub fn tgt_text(&self, bead: usize) -> String {
        join(&self.tgt, &self.alignment.beads[bead].tgt)
    }

    /// Paragraph pairs: runs of consecutive beads that hold exactly one source paragraph and the
    /// whole target paragraph(s) it was translated into, where the bead path respects paragraph
    /// ends on both sides. Runs with a 1-0 or 0-1 bead are left out (the paragraph pair would
    /// hold text without its translation).
    pub fn paragraph_runs(&self) -> Vec<std::ops::Range<usize>> {
        let beads = &self.alignment.beads;
        // Whether a bead's first sentence on one side starts a paragraph (None: the side is empty).
        let starts = |sents: &[Sentence], idx: &[usize]| -> Option<bool> {
            let &first = idx.first()?;
            Some(first == 0 || sents[first - 1].paragraph != sents[first].paragraph)
        };
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
            let first_para = beads[run.start].src.first().map(|&i| self.src[i].paragraph);
            let one_para = beads[run.clone()]
                .iter()
                .flat_map(|b| &b.src)
                .all(|&i| Some(self.src[i].paragraph) == first_para);
            if paired && one_para {
                runs.push(run);
            }
        }
        runs
    }
}

/// Joins sentences: nothing between two Chinese sentences (both contain Han characters) or where
/// either edge is a Chinese character or full-width punctuation; a space otherwise.
pub(crate) fn join(sentences: &[Sentence], idx: &[usize]) -> String {
    let has_han = |s: &str| s.chars().any(crate::script::is_han);
    let mut out = String::new();
    let mut prev_han = false;
    for &i in idx {
        let s = &sentences[i].text;
        let han = has_han(s);
        let cjk_edge = |c: Option<char>| c.is_some_and(|c| !c.is_ascii());
        let tight =
            out.is_empty() || (prev_han && han) || cjk_edge(out.chars().last()) || cjk_edge(s.chars().next());
        if !tight {
            out.push(' ');
        }
        out.push_str(s);
        prev_han = han;
    }
    out
}

/// Splits text into sentences one per line (for `--presegmented`).
pub fn presegmented(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut pos = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let t = line.trim();
        if !t.is_empty() {
            let start = pos + (line.len() - line.trim_start().len());
            out.push(Sentence {
                text: t.to_string(),
                start,
                end: start + t.len(),
                paragraph: i,
                kind: UnitKind::Text,
            });
        }
        pos += line.len();
    }
    out
}

/// Segments already-decoded texts and aligns them.
pub fn align_texts(
    src_text: &str,
    tgt_text: &str,
    segmentation: &Segmentation,
    aligner: &Aligner,
) -> (Vec<Sentence>, Vec<Sentence>, Alignment) {
    let (src, tgt) = (split(src_text, segmentation), split(tgt_text, segmentation));
    let alignment = align_sentences(&src, &tgt, aligner, &[]);
    (src, tgt, alignment)
}

/// Segments already-decoded texts and aligns them around the beads of `corrections`, after checking
/// that the file was made for these documents (see [`crate::corrections`]).
pub fn align_texts_corrected(
    src_text: &str,
    tgt_text: &str,
    segmentation: &Segmentation,
    aligner: &Aligner,
    corrections: &Corrections,
) -> Result<(Vec<Sentence>, Vec<Sentence>, Alignment)> {
    let (src, tgt) = (split(src_text, segmentation), split(tgt_text, segmentation));
    corrections.check_documents(&src, &tgt)?;
    let alignment = align_sentences(&src, &tgt, aligner, &corrections.beads);
    Ok((src, tgt, alignment))
}

fn split(text: &str, segmentation: &Segmentation) -> Vec<Sentence> {
    match segmentation {
        Segmentation::Segment(s) => s.segment(text).into_iter().filter(|s| s.kind.is_text()).collect(),
        Segmentation::Presegmented => presegmented(text),
    }
}

/// Aligns sentences (with their paragraph numbers as evidence), keeping `fixed` beads.
fn align_sentences(src: &[Sentence], tgt: &[Sentence], aligner: &Aligner, fixed: &[FixedBead]) -> Alignment {
    let s: Vec<&str> = src.iter().map(|s| s.text.as_str()).collect();
    let t: Vec<&str> = tgt.iter().map(|s| s.text.as_str()).collect();
    let sp: Vec<usize> = src.iter().map(|s| s.paragraph).collect();
    let tp: Vec<usize> = tgt.iter().map(|s| s.paragraph).collect();
    crate::corrections::align_fixed(aligner, &s, &t, Some(&sp), Some(&tp), fixed)
}

/// Reads, segments and aligns two files, each in the format its name says (see [`InputFormat`]).
pub fn align_files(
    src_path: &Path,
    tgt_path: &Path,
    segmentation: &Segmentation,
    aligner: &Aligner,
) -> Result<AlignedDoc> {
    align_files_as(src_path, tgt_path, InputFormat::Auto, segmentation, aligner)
}

/// Reads two files in `format` (`Auto`: by each name), segments and aligns them.
pub fn align_files_as(
    src_path: &Path,
    tgt_path: &Path,
    format: InputFormat,
    segmentation: &Segmentation,
    aligner: &Aligner,
) -> Result<AlignedDoc> {
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
) -> Result<AlignedDoc> {
    let src_text = crate::input::read_document(src_path, format)?;
    let tgt_text = crate::input::read_document(tgt_path, format)?;
    let (src, tgt, alignment) = match corrections {
        Some(c) => align_texts_corrected(&src_text, &tgt_text, segmentation, aligner, c)?,
        None => align_texts(&src_text, &tgt_text, segmentation, aligner),
    };
    Ok(AlignedDoc { src_name: src_path.to_path_buf(), tgt_name: tgt_path.to_path_buf(), src, tgt, alignment })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(texts: &[&str]) -> Vec<Sentence> {
        texts
            .iter()
            .map(|t| Sentence { text: t.to_string(), start: 0, end: 0, paragraph: 0, kind: UnitKind::Text })
            .collect()
    }

    #[test]
    fn joins_chinese_tight_and_english_with_a_space() {
        let zh = sentences(&["谷歌加快將Gemini模型嵌入旗下各類產品;", "Anthropic則憑借Claude模型迅速擴張。"]);
        assert_eq!(
            join(&zh, &[0, 1]),
            "谷歌加快將Gemini模型嵌入旗下各類產品;Anthropic則憑借Claude模型迅速擴張。"
        );
        let en = sentences(&["Meta moved fast.", "It hired Alexandr Wang."]);
        assert_eq!(join(&en, &[0, 1]), "Meta moved fast. It hired Alexandr Wang.");
        let mixed = sentences(&["Meta AI!", "它來了。"]);
        assert_eq!(join(&mixed, &[0, 1]), "Meta AI!它來了。");
    }
}
