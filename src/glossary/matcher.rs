//! Finds glossary terms in text in one pass with a multi-pattern automaton.
//!
//! - Chinese terms match in either script: patterns and text are both compared in
//!   [`crate::script::normalize`]d form (Simplified, half-width, lower case).
//! - A term that starts (ends) with a letter or digit only matches where the text does not continue
//!   with a letter or digit: `MSL` is not found inside `MSLX`, `Meta` is found in `Meta超級智能實驗室`.
//!   An English plural ending is allowed: `large language model` is found in `large language models`.
//! - Case-sensitive terms ([`Term::case_sensitive`]) match case-insensitively through
//!   [`Matcher::find_src`] (the normalised text has lost its case) and exactly through
//!   [`Matcher::find_src_text`], which takes the text as written.
//!
//! Where matches overlap, the leftmost wins, then the longest; the same span found for several
//! entries (one term shared by two concepts) is reported once per entry.

use aho_corasick::{AhoCorasick, MatchKind};

use super::model::{Glossary, Term};
use crate::script;

/// A term found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermMatch {
    /// Index of the entry in the glossary.
    pub entry: usize,
    /// Byte range in the normalised text.
    pub start: usize,
    /// End of the byte range in the normalised text.
    pub end: usize,
}

/// A term found in a text, with which term of the entry it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermHit {
    /// Index of the entry in the glossary.
    pub entry: usize,
    /// Index of the term in the entry's `src` (or `tgt`) list.
    pub term: usize,
    /// Byte range in the normalised text.
    pub start: usize,
    /// End of the byte range in the normalised text.
    pub end: usize,
}

#[derive(Debug, Clone)]
struct Pattern {
    entry: usize,
    term: usize,
    /// For case-sensitive terms: the term in script- and width-folded form, case kept.
    cased: Option<String>,
    /// The pattern begins with a letter or digit (needs a word boundary before it).
    word_start: bool,
    /// The pattern ends with a letter or digit (needs a word boundary after it).
    word_end: bool,
}

#[derive(Debug, Clone)]
struct Side {
    /// One automaton pattern per distinct normalised text (a term shared by many entries, or
    /// written in both scripts, is one pattern: building stays linear).
    ac: AhoCorasick,
    /// For each automaton pattern, the terms that normalise to it.
    pats: Vec<Vec<Pattern>>,
}

/// Finds the source and target terms of one glossary. Built once, shared across threads.
#[derive(Debug, Clone)]
pub struct Matcher {
    src: Option<Side>,
    tgt: Option<Side>,
}

use crate::chars::is_alphabetic_word_char as is_word_char;

/// True when `text[at..]` starts with an English plural ending (`s`, `es`) and then a word
/// boundary: `model` matches `models`, `MSL` matches `MSLs`.
fn plural_end(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    ["s", "es"]
        .iter()
        .any(|suf| rest.strip_prefix(suf).is_some_and(|r| !r.chars().next().is_some_and(is_word_char)))
        && text[..at].chars().next_back().is_some_and(|c| c.is_ascii_alphabetic())
}

fn build_side(glossary: &Glossary, pick: fn(&super::Entry) -> &Vec<Term>) -> Option<Side> {
    let mut texts: Vec<String> = Vec::new();
    let mut pats: Vec<Vec<Pattern>> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, e) in glossary.entries.iter().enumerate() {
        for (j, t) in pick(e).iter().enumerate() {
            let n = script::normalize(t.text.trim());
            if n.is_empty() {
                continue;
            }
            let cased = t
                .case_sensitive
                .then(|| script::to_simplified(&script::fold_width(t.text.trim())).into_owned());
            let pat = Pattern {
                entry: i,
                term: j,
                cased,
                word_start: n.chars().next().is_some_and(is_word_char),
                word_end: n.chars().next_back().is_some_and(is_word_char),
            };
            match index.get(&n) {
                Some(&k) => pats[k].push(pat),
                None => {
                    index.insert(n.clone(), texts.len());
                    texts.push(n);
                    pats.push(vec![pat]);
                }
            }
        }
    }
    if pats.is_empty() {
        return None;
    }
    // Standard semantics with overlapping search: we choose among all candidates ourselves, so a
    // rejected candidate (no word boundary) never hides a valid shorter one.
    let ac = AhoCorasick::builder().match_kind(MatchKind::Standard).build(&texts).ok()?;
    Some(Side { ac, pats })
}

impl Matcher {
    /// Builds the automata for `glossary`.
    pub fn new(glossary: &Glossary) -> Matcher {
        Matcher { src: build_side(glossary, |e| &e.src), tgt: build_side(glossary, |e| &e.tgt) }
    }

    /// Terms of the source side found in `normalized` (text already passed through
    /// [`script::normalize`]). Case-sensitive terms match regardless of case here.
    pub fn find_src(&self, normalized: &str) -> Vec<TermMatch> {
        to_matches(find(self.src.as_ref(), normalized, None))
    }

    /// Terms of the target side found in `normalized`.
    pub fn find_tgt(&self, normalized: &str) -> Vec<TermMatch> {
        to_matches(find(self.tgt.as_ref(), normalized, None))
    }

    /// Terms of the source side found in `text` as written: case-sensitive terms must match
    /// case exactly. Byte ranges refer to `script::normalize(text)`.
    pub fn find_src_text(&self, text: &str) -> Vec<TermHit> {
        find_raw(self.src.as_ref(), text)
    }

    /// Terms of the target side found in `text` as written (see [`Matcher::find_src_text`]).
    pub fn find_tgt_text(&self, text: &str) -> Vec<TermHit> {
        find_raw(self.tgt.as_ref(), text)
    }
}

fn to_matches(hits: Vec<TermHit>) -> Vec<TermMatch> {
    let mut out: Vec<TermMatch> =
        hits.into_iter().map(|h| TermMatch { entry: h.entry, start: h.start, end: h.end }).collect();
    out.dedup();
    out
}

fn find_raw(side: Option<&Side>, text: &str) -> Vec<TermHit> {
    if side.is_none() {
        return Vec::new();
    }
    let folded = script::to_simplified(&script::fold_width(text)).into_owned();
    // Lower-case char by char, remembering where each lower-case byte came from.
    let mut lower = String::with_capacity(folded.len());
    let mut back = Vec::with_capacity(folded.len() + 1);
    for (i, c) in folded.char_indices() {
        for l in c.to_lowercase() {
            let before = lower.len();
            lower.push(l);
            back.extend(std::iter::repeat_n(i, lower.len() - before));
        }
    }
    back.push(folded.len());
    find(side, &lower, Some((&folded, &back)))
}

fn find(side: Option<&Side>, text: &str, cased: Option<(&str, &[usize])>) -> Vec<TermHit> {
    let Some(side) = side else { return Vec::new() };
    let mut cands: Vec<TermHit> = Vec::new();
    for m in side.ac.find_overlapping_iter(text) {
        let (s, e) = (m.start(), m.end());
        let group = &side.pats[m.pattern().as_usize()];
        // Every term of a group has the same text, so the same boundaries.
        let p0 = &group[0];
        if p0.word_start && text[..s].chars().next_back().is_some_and(is_word_char) {
            continue;
        }
        if p0.word_end && text[e..].chars().next().is_some_and(is_word_char) && !plural_end(text, e) {
            continue;
        }
        for p in group {
            if let (Some(want), Some((orig, back))) = (&p.cased, cased)
                && orig.get(back[s]..back[e]) != Some(want.as_str())
            {
                continue;
            }
            cands.push(TermHit { entry: p.entry, term: p.term, start: s, end: e });
        }
    }
    // Leftmost first, then longest; keep every entry found at the chosen span.
    cands.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.entry.cmp(&b.entry)));
    let mut out: Vec<TermHit> = Vec::new();
    let mut taken_end = 0;
    let mut last_span = None;
    // Entries already reported at the current span (linear however many share it).
    let mut at_span: std::collections::HashSet<usize> = std::collections::HashSet::new();
    for c in cands {
        if Some((c.start, c.end)) == last_span {
            if at_span.insert(c.entry) {
                out.push(c);
            }
            continue;
        }
        if c.start < taken_end {
            continue;
        }
        taken_end = c.end;
        last_span = Some((c.start, c.end));
        at_span.clear();
        at_span.insert(c.entry);
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Entry, Term};

    fn glossary(entries: Vec<Entry>) -> Glossary {
        Glossary::new(entries)
    }

    fn found(m: &Matcher, text: &str) -> Vec<(usize, String)> {
        let n = script::normalize(text);
        m.find_src(&n).into_iter().map(|t| (t.entry, n[t.start..t.end].to_string())).collect()
    }

    #[test]
    fn chinese_terms_match_in_either_script() {
        let g = glossary(vec![Entry::new("超級智能實驗室", "Superintelligence Labs")]);
        let m = Matcher::new(&g);
        assert_eq!(found(&m, "打造Meta超级智能实验室").len(), 1);
        assert_eq!(found(&m, "打造Meta超級智能實驗室").len(), 1);
        let g = glossary(vec![Entry::new("超级智能实验室", "Superintelligence Labs")]);
        assert_eq!(found(&Matcher::new(&g), "打造Meta超級智能實驗室").len(), 1);
    }

    #[test]
    fn latin_terms_need_word_boundaries() {
        let g = glossary(vec![Entry::new("MSL", "MSL"), Entry::new("Meta", "Meta")]);
        let m = Matcher::new(&g);
        assert!(found(&m, "MSLX 是另一個東西").is_empty());
        assert!(found(&m, "MSLXs").is_empty());
        assert_eq!(found(&m, "two MSLs"), vec![(0, "msl".to_string())], "plural endings are allowed");
        assert!(found(&m, "the Metaverse").is_empty());
        assert_eq!(found(&m, "加入MSL。"), vec![(0, "msl".to_string())]);
        assert_eq!(found(&m, "Meta超級智能實驗室(MSL)"), vec![(1, "meta".into()), (0, "msl".into())]);
    }

    #[test]
    fn a_rejected_long_match_does_not_hide_a_shorter_one() {
        let g = glossary(vec![Entry::new("TBD Lab", "TBD Lab"), Entry::new("TBD", "TBD")]);
        let m = Matcher::new(&g);
        assert_eq!(found(&m, "the TBD Laboratory team"), vec![(1, "tbd".to_string())]);
        assert_eq!(found(&m, "the TBD Lab team"), vec![(0, "tbd lab".to_string())]);
    }

    #[test]
    fn leftmost_longest_and_shared_terms() {
        let g = glossary(vec![
            Entry::new("實驗室", "lab"),
            Entry::new("超級智能實驗室", "Superintelligence Labs"),
            Entry::new("實驗室", "laboratory"),
        ]);
        let m = Matcher::new(&g);
        assert_eq!(found(&m, "超級智能實驗室"), vec![(1, "超级智能实验室".to_string())]);
        let only_lab: Vec<usize> = found(&m, "新實驗室").into_iter().map(|x| x.0).collect();
        assert_eq!(only_lab, vec![0, 2]);
    }

    #[test]
    fn case_sensitive_terms_match_exactly_in_raw_text() {
        let mut e = Entry::new("Apple", "Apple");
        e.src[0] = Term::new("Apple").cased();
        let m = Matcher::new(&glossary(vec![e]));
        assert_eq!(m.find_src_text("I ate an apple").len(), 0);
        assert_eq!(m.find_src_text("Apple shipped").len(), 1);
        assert_eq!(m.find_src_text("ＡＰＰＬＥ").len(), 0);
        // The normalised API has no case left to compare.
        assert_eq!(m.find_src(&script::normalize("an apple")).len(), 1);
    }

    #[test]
    fn raw_offsets_refer_to_the_normalised_text() {
        let m = Matcher::new(&glossary(vec![Entry::new("牛油果", "Avocado")]));
        let text = "代號為Ａvocado(牛油果)";
        let n = script::normalize(text);
        let hits = m.find_src_text(text);
        assert_eq!(hits.len(), 1);
        assert_eq!(&n[hits[0].start..hits[0].end], "牛油果");
        let hits = m.find_tgt_text(text);
        assert_eq!(&n[hits[0].start..hits[0].end], "avocado");
    }

    #[test]
    fn empty_glossary_finds_nothing() {
        let m = Matcher::new(&Glossary::default());
        assert!(m.find_src("anything").is_empty());
        assert!(m.find_tgt_text("anything").is_empty());
    }
}
