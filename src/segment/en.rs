//! English word knowledge for periods: abbreviations, initials, sentence starters, list markers.
//!
//! A period after a word ends the sentence when the next word is not lower case, unless the word
//! is one of these (decided by [`classify`]):
//!
//! | class | examples | the period ends a sentence when the next word… |
//! | --- | --- | --- |
//! | prepositive | Mr. Dr. St. Mt. Prof. | never (a name follows) |
//! | number prefix | p. No. fig. vol. N°. | is not a number |
//! | postpositive | Inc. Co. Ltd. Jr. etc. a.m. p.m. | is capitalised and the sentence has 4+ words, or is a sentence starter |
//! | ambiguous | U.S. E.U. e.g. vs. Jan. Calif., initials (`Albert I.`) | is a sentence starter (`The`, `How`, `It`…) |
//!
//! Lookups copy the word into a stack buffer and `match` it against the known abbreviations: no
//! allocation, no hashing.

/// What kind of word stands before a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// An ordinary word or number.
    Ordinary,
    /// A title before a name.
    Prepositive,
    /// An abbreviation before a number.
    NumberPrefix,
    /// An abbreviation that usually ends a name or a phrase.
    Postpositive,
    /// An abbreviation or initial that may or may not end the sentence.
    Ambiguous,
}

/// Declares the known abbreviations once: [`known`] matches them (a `match` compiles to a length
/// switch and a few comparisons: no allocation, no hashing) and [`ABBREVIATIONS`] lists them (for
/// the SRX rules, `hanalign srx`).
macro_rules! abbreviations {
    ($($class:ident: $($word:literal)|+;)+) => {
        /// The known abbreviations (lower case, without the final period).
        fn known(lower: &str) -> Option<Class> {
            Some(match lower {
                $($($word)|+ => Class::$class,)+
                _ => return None,
            })
        }

        /// Every known abbreviation (lower case, without the final period) with its class.
        pub(crate) const ABBREVIATIONS: &[(&str, Class)] = &[$($(($word, Class::$class),)+)+];
    };
}

abbreviations! {
    Prepositive: "adm" | "capt" | "cmdr" | "col" | "dr" | "fr" | "gen" | "gov" | "hon" | "lt" | "maj" | "messrs" | "mlle" | "mme" | "mr" | "mrs" | "ms" | "msgr" | "mt" | "pres" | "prof" | "rep" | "rev" | "sen" | "sgt" | "st" | "supt";
    NumberPrefix: "art" | "ch" | "chap" | "eq" | "eqs" | "fig" | "figs" | "no" | "nos" | "nr" | "n°" | "nº" | "op" | "p" | "para" | "pp" | "pt" | "ref" | "sec" | "tel" | "vol" | "vols";
    Postpositive: "a.m" | "bros" | "co" | "corp" | "esq" | "etc" | "inc" | "jr" | "llc" | "ltd" | "p.m" | "ph.d" | "plc" | "sr";
    Ambiguous: "al" | "approx" | "apr" | "assn" | "aug" | "ave" | "blvd" | "calif" | "cf" | "colo" | "conn" | "dec" | "dept" | "e.g" | "est" | "feb" | "fla" | "govt" | "i.e" | "ill" | "intl" | "jan" | "jul" | "jun" | "mar" | "mass" | "mich" | "minn" | "misc" | "mont" | "nov" | "oct" | "okla" | "ore" | "penn" | "rd" | "sep" | "sept" | "tenn" | "tex" | "univ" | "viz" | "vs" | "wash" | "wis";
}

/// Capitalised function words that begin sentences and rarely continue a name (`U.S. How…` is two
/// sentences, `U.S. Government` is not).
pub(crate) const STARTERS: &[&str] = &[
    "A",
    "After",
    "Also",
    "An",
    "And",
    "Are",
    "As",
    "At",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "Can",
    "Could",
    "Did",
    "Do",
    "Does",
    "During",
    "Each",
    "Every",
    "For",
    "From",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Is",
    "It",
    "Its",
    "Many",
    "Meanwhile",
    "More",
    "Most",
    "My",
    "Not",
    "Now",
    "On",
    "One",
    "Our",
    "She",
    "Since",
    "So",
    "Some",
    "Still",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Thus",
    "To",
    "Was",
    "We",
    "Were",
    "What",
    "When",
    "Where",
    "Which",
    "While",
    "Who",
    "Why",
    "With",
    "Yet",
    "You",
    "Your",
];

/// Classifies the word before a period (`word` excludes the period; `prev_capitalised` tells
/// whether the word before it starts with a capital, which makes a single capital an initial).
pub(super) fn classify(word: &str, prev_capitalised: bool) -> Class {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > 16 {
        return Class::Ordinary;
    }
    if bytes.len() <= 6 {
        let mut buf = [0u8; 6];
        for (d, s) in buf.iter_mut().zip(bytes) {
            *d = s.to_ascii_lowercase();
        }
        if let Some(class) = std::str::from_utf8(&buf[..bytes.len()]).ok().and_then(known) {
            return class;
        }
    }
    if bytes.len() == 1 && bytes[0].is_ascii_alphabetic() {
        // `Albert I.` is an initial; `you and I.`, `plan B.` end sentences.
        return if bytes[0].is_ascii_lowercase() || prev_capitalised {
            Class::Ambiguous
        } else {
            Class::Ordinary
        };
    }
    // `U.S`, `E.U`, `U.S.A`: single letters joined by periods.
    if bytes.len() >= 3 && word.split('.').all(|p| p.len() == 1 && p.as_bytes()[0].is_ascii_alphabetic()) {
        return Class::Ambiguous;
    }
    Class::Ordinary
}

/// Whether `word` (the letters of the word after a period) begins sentences.
pub(super) fn is_starter(word: &str) -> bool {
    STARTERS.binary_search(&word).is_ok()
}

/// The marker that the next item of a list will carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Marker {
    buf: [u8; 8],
    len: usize,
}

impl Marker {
    pub(super) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// A list marker at the start of `b` (`1.)`, `2)`, `3.`, `a.`, `b)`), followed by a space: its
/// length and the marker of the next item.
pub(super) fn list_marker(b: &[u8]) -> Option<(usize, Marker)> {
    let digits = b.iter().take(4).take_while(|c| c.is_ascii_digit()).count();
    let (head, next_head): (usize, Marker) = match digits {
        1..=3 => {
            let n: u32 = std::str::from_utf8(&b[..digits]).ok()?.parse().ok()?;
            let mut m = Marker { buf: [0; 8], len: 0 };
            for c in (n + 1).to_string().bytes() {
                m.buf[m.len] = c;
                m.len += 1;
            }
            (digits, m)
        }
        0 if b.first().is_some_and(|c| c.is_ascii_lowercase()) && b[0] != b'z' => {
            (1, Marker { buf: [b[0] + 1, 0, 0, 0, 0, 0, 0, 0], len: 1 })
        }
        _ => return None,
    };
    let suffix: &[u8] = [&b".)"[..], b".", b")"].into_iter().find(|s| b[head..].starts_with(s))?;
    let len = head + suffix.len();
    if !b.get(len).is_some_and(|c| c.is_ascii_whitespace()) {
        return None;
    }
    let mut next = next_head;
    for &c in suffix {
        next.buf[next.len] = c;
        next.len += 1;
    }
    Some((len, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starters_are_sorted_for_binary_search() {
        assert!(STARTERS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn classifies_words_before_periods() {
        let cases = [
            ("Mr", false, Class::Prepositive),
            ("Mt", false, Class::Prepositive),
            ("p", false, Class::NumberPrefix),
            ("N°", false, Class::NumberPrefix),
            ("Inc", false, Class::Postpositive),
            ("P.M", false, Class::Postpositive),
            ("U.S", false, Class::Ambiguous),
            ("U.S.A", false, Class::Ambiguous),
            ("e.g", false, Class::Ambiguous),
            ("E", true, Class::Ambiguous),
            ("I", false, Class::Ordinary),
            ("B", false, Class::Ordinary),
            ("world", false, Class::Ordinary),
            ("1,000", false, Class::Ordinary),
            ("example.com", false, Class::Ordinary),
        ];
        for (word, prev, want) in cases {
            assert_eq!(classify(word, prev), want, "{word}");
        }
    }

    #[test]
    fn reads_list_markers() {
        let cases: [(&str, Option<(usize, &str)>); 7] = [
            ("1.) The", Some((3, "2.)"))),
            ("9) x", Some((2, "10)"))),
            ("12. x", Some((3, "13."))),
            ("a. The", Some((2, "b."))),
            ("1.5 million", None),
            ("2020. It", None),
            ("A. Smith", None),
        ];
        for (text, want) in cases {
            let got = list_marker(text.as_bytes());
            assert_eq!(
                got.map(|(l, m)| (l, String::from_utf8(m.as_bytes().to_vec()).unwrap())),
                want.map(|(l, m)| (l, m.to_string())),
                "{text}"
            );
        }
    }
}
