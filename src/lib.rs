//! hanalign: sentence alignment of Chinese and English documents for translators.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! input ─► segment ─► script (normalise) ─► glossary/lexicon (anchors) ─► align ─► tmx / report
//! ```
//!
//! The types a program needs are re-exported here, at the root; the stage modules hold the rest.
//! With `default-features = false` the crate is the library alone: the `cli` feature (on by
//! default) adds what only the `hanalign` command needs (clap, completions, man page, progress).
//!
//! | task | start from |
//! |---|---|
//! | split a text into sentences | [`SegmenterBuilder`] → [`Segmenter`] → [`Document`] (sentences as [`Span`]s, language, script) |
//! | align two lists of sentences | [`AlignerBuilder`] → [`Aligner`] → [`Alignment`] of [`Bead`]s |
//! | align two documents | [`Aligner::align_documents`] |
//! | read, segment and align two texts | [`align_texts`], [`AlignedDoc`] |
//! | find glossary terms in text | [`Glossary`] ([`glossary::read_str`], [`glossary::load`]) → [`Matcher`] |
//! | write a TMX for an alignment | [`write_aligned`] with [`TmxOptions`] |
//! | read a TMX | [`read_tmx`] / [`TmxReader`] → [`Tmx`] of [`Tu`]s |
//! | handle errors | [`Error`], [`Location`] |
//!
//! # Segment
//!
//! ```
//! use hanalign::{Lang, SegmenterBuilder};
//!
//! let seg = SegmenterBuilder::new().lang(Lang::Auto).build();
//! let text = "Meta 推出了新模型。它叫 Avocado。";
//! let sentences = seg.segment(text);
//! assert_eq!(sentences.len(), 2);
//! // Sentences are spans into the original text.
//! assert_eq!(&text[sentences[1].start..sentences[1].end], "它叫 Avocado。");
//! ```
//!
//! # One document, read by every stage
//!
//! A [`Document`] is made once and read by the aligner, the TMX writer and the review page: its
//! sentences are spans into the original text, its language and script are detected once, and its
//! normalised view keeps a map back to what the author wrote.
//!
//! ```
//! use hanalign::{AlignerBuilder, Lang, Script, SegmenterBuilder};
//!
//! let seg = SegmenterBuilder::new().build();
//! let zh = seg.document("他看到了望遠鏡。\n天線在暮色中一字排開。").named("zh.txt");
//! let en = seg.document("He saw the telescope. The antennas stood in a row in the dusk.").named("en.txt");
//! assert_eq!((zh.len(), zh.lang(), en.lang()), (2, Lang::Zh, Lang::En));
//! assert_eq!(zh.script(), Script::Traditional);
//! // Spans cover the text: what lies between them is blank.
//! let r = &zh.spans()[1].range;
//! assert_eq!(&zh.text()[r.clone()], "天線在暮色中一字排開。");
//! assert!(zh.text()[zh.spans()[0].range.end..r.start].trim().is_empty());
//! // The normalised view (Simplified, half-width, lower case) maps back to the original.
//! let norm = zh.normalized();
//! let at = norm.text().find("望远镜").unwrap();
//! assert_eq!(&zh.text()[norm.to_original(at..at + "望远镜".len())], "望遠鏡");
//!
//! let alignment = AlignerBuilder::new().build().align_documents(&zh, &en);
//! assert_eq!(alignment.beads.len(), 2);
//! assert_eq!(zh.bead_text(&alignment.beads[1].src), "天線在暮色中一字排開。");
//! ```
//!
//! # Align
//!
//! ```
//! use hanalign::AlignerBuilder;
//!
//! let aligner = AlignerBuilder::new().build();
//! let zh = ["他看到了望远镜。", "天线在暮色中一字排开。"];
//! let en = ["He saw the telescope.", "The antennas stood in a row in the dusk."];
//! let alignment = aligner.align(&zh, &en, None, None);
//! let pairs: Vec<_> = alignment.beads.iter().map(|b| (b.src.clone(), b.tgt.clone())).collect();
//! assert_eq!(pairs, [(vec![0], vec![0]), (vec![1], vec![1])]);
//! ```
//!
//! # Segment and align two texts, with a glossary
//!
//! ```
//! use std::path::Path;
//! use hanalign::{AlignerBuilder, Segmentation, SegmenterBuilder, align_texts, glossary};
//!
//! let (terms, problems) =
//!     glossary::read_str("牛油果\tAvocado\n", glossary::Format::Tsv, Path::new("terms.tsv"))?;
//! assert!(problems.is_empty());
//! let aligner = AlignerBuilder::new().glossary(terms).build();
//! let segmentation = Segmentation::Segment(SegmenterBuilder::new().build());
//! let (zh, en, alignment) =
//!     align_texts("Meta 推出了牛油果。它很快。", "Meta released Avocado. It is fast.", &segmentation, &aligner);
//! assert_eq!((zh.len(), en.len(), alignment.beads.len()), (2, 2, 2));
//! assert_eq!(alignment.beads[0].anchors, ["牛油果"]);
//! # Ok::<(), hanalign::Error>(())
//! ```
//!
//! # Find glossary terms
//!
//! ```
//! use hanalign::{Entry, Glossary, Matcher};
//!
//! let glossary = Glossary::new(vec![Entry::new("大语言模型", "large language model")]);
//! let matcher = Matcher::new(&glossary);
//! let hits = matcher.find_src_text("这是一个大语言模型。");
//! assert_eq!(hits.len(), 1);
//! assert_eq!(hits[0].entry, 0);
//! ```
//!
//! # Write and read TMX
//!
//! ```
//! use std::path::Path;
//! use hanalign::{AlignedDoc, AlignerBuilder, Segmentation, SegmenterBuilder, TmxOptions};
//!
//! let aligner = AlignerBuilder::new().build();
//! let segmentation = Segmentation::Segment(SegmenterBuilder::new().build());
//! let (src, tgt, alignment) =
//!     hanalign::align_texts("他看到了望远镜。", "He saw the telescope.", &segmentation, &aligner);
//! let doc = AlignedDoc { src: src.named("zh.txt"), tgt: tgt.named("en.txt"), alignment };
//! let opts = TmxOptions { creation_date: Some("20260101T000000Z".into()), ..TmxOptions::default() };
//! let mut out = Vec::new();
//! let report = hanalign::write_aligned(&doc, &opts, &mut out)?;
//! assert_eq!(report.tus, 1);
//!
//! let tmx = hanalign::read_tmx_bytes(&out, Path::new("out.tmx"))?;
//! assert_eq!(tmx.tus.len(), 1);
//! assert_eq!(tmx.tus[0].tuvs[0].text(), "他看到了望远镜。");
//! # Ok::<(), hanalign::Error>(())
//! ```
//!
//! # Errors
//!
//! Every fallible function returns [`Result`]; an [`Error`] says where the problem is.
//!
//! ```
//! use std::path::Path;
//!
//! let err = hanalign::read_tmx_bytes(b"<tmx><body><tu>", Path::new("broken.tmx")).unwrap_err();
//! assert!(err.to_string().starts_with("broken.tmx:1:"), "{err}");
//! ```
#![deny(missing_docs)]

pub mod align;
mod chars;
pub mod document;
pub mod embed;
pub mod glossary;
pub mod input;
pub mod lexicon;
pub mod script;
pub mod segment;
pub mod tmx;

// Plumbing the `hanalign` command, the tests and the fuzz targets reach into: public so they can,
// hidden from the documentation because it is not the library's API.
#[doc(hidden)]
pub mod atomic;
#[doc(hidden)]
pub mod batch;
#[doc(hidden)]
pub mod corrections;
#[doc(hidden)]
pub mod error;
#[doc(hidden)]
pub mod escape;
#[doc(hidden)]
pub mod pipeline;
#[doc(hidden)]
pub mod report;

pub use align::{Aligner, AlignerBuilder, Alignment, Bead, Evidence, Params};
pub use document::{Document, Normalized, Span};
pub use error::{Error, ErrorKind, Location, Result, Side};
pub use glossary::{Entry, Glossary, Matcher, Term};
pub use input::{InputFormat, read_document};
pub use pipeline::{AlignedDoc, Segmentation, align_files, align_texts};
pub use script::Script;
pub use segment::{Lang, Segmenter, SegmenterBuilder, Sentence, UnitKind};
pub use tmx::{
    Tmx, TmxOptions, TmxReader, Tu, Tuv, read_bytes as read_tmx_bytes, read_file as read_tmx, write_aligned,
};
