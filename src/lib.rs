//! hanalign: sentence alignment of Chinese and English documents for translators.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! input ─► segment ─► script (normalise) ─► glossary/lexicon (anchors) ─► align ─► tmx / report
//! ```
//!
//! - [`atomic`] writes every output file whole or not at all (and checks outputs against inputs).
//! - [`escape`] escapes fields of machine-readable output (TSV, CSV).
//! - [`input`] reads a file as text (UTF-8 with or without BOM, UTF-16 with BOM), or says where it is not.
//! - [`segment`] splits a document into sentences, as byte spans into the original text.
//! - [`script`] detects Traditional/Simplified script, converts between them and folds widths.
//! - [`glossary`] holds term bases (OmegaT TSV, CSV, TBX) and finds their terms in text.
//! - [`lexicon`] is the general Chinese–English lexicon shipped inside the tool.
//! - [`align`] pairs the sentences of two documents into beads with a confidence each.
//! - [`embed`] is a multilingual sentence encoder (e5-small, 4-bit) for semantic evidence, model supplied by the user.
//! - [`pipeline`] ties the stages together for two files.
//! - [`tmx`] writes and reads TMX 1.4b; [`report`] writes the HTML review page; [`batch`] aligns many pairs.
//!
//! ```
//! use hanalign::segment::{Lang, SegmenterBuilder};
//!
//! let seg = SegmenterBuilder::new().lang(Lang::Auto).build();
//! let sentences = seg.segment("Meta 推出了新模型。它叫 Avocado。");
//! assert_eq!(sentences.len(), 2);
//! ```
#![deny(missing_docs)]

pub mod align;
pub mod atomic;
pub mod batch;
pub mod corrections;
pub mod embed;
pub mod error;
pub mod escape;
pub mod glossary;
pub mod input;
pub mod lexicon;
pub mod pipeline;
pub mod report;
pub mod script;
pub mod segment;
pub mod tmx;

pub use error::{Error, Result};
