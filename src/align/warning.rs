//! Warnings about an alignment, as data: the aligner says what it found ([`Warning`]), callers
//! decide how to show it; `Display` gives the sentence the `hanalign` command prints.

use std::fmt;

use serde::Serialize;

/// Something the user should know about an alignment. New kinds may be added: match with a `_` arm.
///
/// ```
/// use hanalign::{AlignerBuilder, Warning};
///
/// let a = AlignerBuilder::new().build().align(&["一。", "二。"], &[], None, None);
/// assert_eq!(a.warnings, [Warning::EmptyDocument { chinese: false }]);
/// assert!(a.warnings[0].to_string().starts_with("the target document has no sentences"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Warning {
    /// One document has no sentences: every sentence of the other is left unaligned.
    EmptyDocument {
        /// True when the empty one is the Chinese (or source) document, false for the other.
        chinese: bool,
    },
    /// Neither document has a sentence.
    BothEmpty,
    /// The documents' sentence counts differ greatly (one more than three times the other plus
    /// ten): a partial translation, or not a pair.
    LengthMismatch {
        /// The sentence counts, the Chinese (or source) document first.
        sentences: [usize; 2],
    },
    /// Both documents look Chinese: only numbers, Latin words and marks are compared.
    BothChinese,
    /// Aligned sentences are hardly more similar than random pairs of the same documents: they
    /// do not look like translations of each other, and the beads are low-confidence guesses.
    NotTranslations {
        /// The median z-score of the beads' similarity against random pairs (under 1.5).
        median_z: f64,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::EmptyDocument { chinese } => write!(
                f,
                "the {} document has no sentences; every sentence of the other is left unaligned",
                if *chinese { "Chinese/source" } else { "target" }
            ),
            Warning::BothEmpty => f.write_str("both documents are empty"),
            Warning::LengthMismatch { sentences: [n, m] } => write!(
                f,
                "the documents differ greatly in length ({n} and {m} sentences); if one is a partial \
                 translation, expect many unaligned sentences"
            ),
            Warning::BothChinese => {
                f.write_str("both documents look Chinese; only numbers, Latin words and marks are compared")
            }
            Warning::NotTranslations { median_z } => write!(
                f,
                "these documents do not look like translations of each other: aligned sentences are \
                 hardly more similar than random pairs (median z {median_z:.1}); the beads are \
                 low-confidence guesses"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_read_as_the_command_prints_them() {
        assert_eq!(
            Warning::EmptyDocument { chinese: true }.to_string(),
            "the Chinese/source document has no sentences; every sentence of the other is left unaligned"
        );
        assert_eq!(
            Warning::LengthMismatch { sentences: [40, 3] }.to_string(),
            "the documents differ greatly in length (40 and 3 sentences); if one is a partial translation, \
             expect many unaligned sentences"
        );
        assert!(Warning::NotTranslations { median_z: 0.25f32 as f64 }.to_string().contains("(median z 0.2)"));
        assert_eq!(
            serde_json::to_string(&Warning::NotTranslations { median_z: 0.5 }).unwrap(),
            r#"{"kind":"not-translations","median_z":0.5}"#
        );
    }
}
