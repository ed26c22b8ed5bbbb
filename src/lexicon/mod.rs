//! The general Chinese–English lexicon shipped inside the tool (derived from CC-CEDICT).
//!
//! PLACEHOLDER until the aligner issue lands.
