//! Finds glossary terms in text in one pass with a multi-pattern automaton. Chinese terms match in
//! either script; matching is on normalised text ([`crate::script::normalize`]).

use aho_corasick::{AhoCorasick, MatchKind};

use super::model::Glossary;
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

/// Finds the source and target terms of one glossary. Built once, shared across threads.
#[derive(Debug, Clone)]
pub struct Matcher {
    src: Option<(AhoCorasick, Vec<usize>)>,
    tgt: Option<(AhoCorasick, Vec<usize>)>,
}

impl Matcher {
    /// Builds the automata for `glossary`.
    pub fn new(glossary: &Glossary) -> Matcher {
        let side = |pick: fn(&super::Entry) -> &Vec<super::Term>| {
            let mut pats = Vec::new();
            let mut ids = Vec::new();
            for (i, e) in glossary.entries.iter().enumerate() {
                for t in pick(e) {
                    let n = script::normalize(&t.text);
                    if !n.trim().is_empty() {
                        pats.push(n);
                        ids.push(i);
                    }
                }
            }
            if pats.is_empty() {
                return None;
            }
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&pats)
                .expect("glossary automaton");
            Some((ac, ids))
        };
        Matcher { src: side(|e| &e.src), tgt: side(|e| &e.tgt) }
    }

    /// Terms of the source side found in `normalized` (text already passed through
    /// [`script::normalize`]).
    pub fn find_src(&self, normalized: &str) -> Vec<TermMatch> {
        find(self.src.as_ref(), normalized)
    }

    /// Terms of the target side found in `normalized`.
    pub fn find_tgt(&self, normalized: &str) -> Vec<TermMatch> {
        find(self.tgt.as_ref(), normalized)
    }
}

fn find(side: Option<&(AhoCorasick, Vec<usize>)>, text: &str) -> Vec<TermMatch> {
    let Some((ac, ids)) = side else { return Vec::new() };
    ac.find_iter(text)
        .map(|m| TermMatch { entry: ids[m.pattern().as_usize()], start: m.start(), end: m.end() })
        .collect()
}
