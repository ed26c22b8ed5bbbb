//! `glossary check`: terminology QA over aligned sentence pairs.
//!
//! For each pair: a source term whose entry has allowed (preferred or admitted) targets, none of
//! which appears in the paired target text, is a *missing target*; a target term marked forbidden
//! or deprecated that appears in the target text is a *forbidden/deprecated term used* (reported
//! instead of the missing target for the same entry). Terms are found with the [`Matcher`] on the
//! texts as written: both Chinese scripts, word boundaries, case for case-sensitive terms.

use std::collections::{BTreeMap, HashSet};

use super::matcher::Matcher;
use super::model::{Glossary, Status};

/// A source text with its translation, and how to name the pair in messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// How to name the pair: `bead 12`, `tu 7 (line 40)`.
    pub label: String,
    /// The source text.
    pub src: String,
    /// The target text.
    pub tgt: String,
}

/// What kind of problem a [`Finding`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A source term is there, none of its targets is.
    MissingTarget,
    /// A forbidden target term is used.
    Forbidden,
    /// A deprecated target term is used.
    Deprecated,
}

/// One terminology problem in one pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Index of the pair.
    pub pair: usize,
    /// What kind of problem.
    pub kind: Kind,
    /// Index of the glossary entry.
    pub entry: usize,
    /// The message (without the pair's label and texts).
    pub message: String,
}

/// Checks every pair against the glossary. Findings come in pair order.
pub fn check(glossary: &Glossary, pairs: &[Pair]) -> Vec<Finding> {
    let matcher = Matcher::new(glossary);
    let has_disallowed = glossary.entries.iter().any(|e| e.tgt.iter().any(|t| !t.status.is_allowed()));
    let mut out = Vec::new();
    for (p, pair) in pairs.iter().enumerate() {
        // A pair with one side empty is an omission (the aligner's report), not a terminology error.
        if pair.src.trim().is_empty() || pair.tgt.trim().is_empty() {
            continue;
        }
        let src_hits = matcher.find_src_text(&pair.src);
        if src_hits.is_empty() && !has_disallowed {
            continue;
        }
        let tgt_hits = matcher.find_tgt_text(&pair.tgt);
        let mut flagged: HashSet<usize> = HashSet::new();
        let mut present: HashSet<usize> = HashSet::new();
        for h in &tgt_hits {
            let e = &glossary.entries[h.entry];
            let t = &e.tgt[h.term];
            if t.status.is_allowed() {
                present.insert(h.entry);
                continue;
            }
            if !flagged.insert(h.entry) {
                continue;
            }
            let instead = e
                .tgt
                .iter()
                .find(|t| t.status.is_allowed())
                .map(|t| format!("; use `{}`", t.text))
                .unwrap_or_default();
            let (kind, word) = match t.status {
                Status::Forbidden => (Kind::Forbidden, "forbidden"),
                _ => (Kind::Deprecated, "deprecated"),
            };
            out.push(Finding {
                pair: p,
                kind,
                entry: h.entry,
                message: format!("{word} term `{}` used{instead}", t.text),
            });
        }
        // Source hits at the same span belong together: one satisfied entry satisfies the span.
        let mut spans: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
        for h in &src_hits {
            spans.entry((h.start, h.end)).or_default().push(h.entry);
        }
        let mut reported: HashSet<usize> = HashSet::new();
        for entries in spans.values() {
            if entries.iter().any(|e| present.contains(e) || flagged.contains(e)) {
                continue;
            }
            let Some(&e) =
                entries.iter().find(|&&e| glossary.entries[e].tgt.iter().any(|t| t.status.is_allowed()))
            else {
                continue;
            };
            if !reported.insert(e) {
                continue;
            }
            let entry = &glossary.entries[e];
            let src_term = src_hits
                .iter()
                .find(|h| h.entry == e)
                .map_or(entry.main_src(), |h| entry.src[h.term].text.as_str());
            let want: Vec<String> =
                entry.tgt.iter().filter(|t| t.status.is_allowed()).map(|t| format!("`{}`", t.text)).collect();
            out.push(Finding {
                pair: p,
                kind: Kind::MissingTarget,
                entry: e,
                message: format!("missing target for `{src_term}`: expected {}", want.join(" or ")),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Entry, Term};

    fn pair(src: &str, tgt: &str) -> Pair {
        Pair { label: "p".into(), src: src.into(), tgt: tgt.into() }
    }

    fn glossary() -> Glossary {
        let mut fb = Entry::new("臉書", "Meta");
        fb.tgt.push(Term::new("Facebook").with_status(Status::Forbidden));
        let mut lab = Entry::new("Meta超級智能實驗室", "Meta Superintelligence Labs");
        lab.src.push(Term::new("MSL").abbreviated());
        lab.tgt.push(Term::new("MSL").abbreviated());
        Glossary::new(vec![Entry::new("牛油果", "Avocado"), fb, lab, Entry::new("Meta", "Meta")])
    }

    #[test]
    fn flags_missing_targets_in_either_script() {
        let f = check(
            &glossary(),
            &[
                pair("最新模型牛油果延期", "The newest model, Avocado, is delayed"),
                pair("最新模型牛油果延期", "The newest model is delayed"),
            ],
        );
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].pair, f[0].kind), (1, Kind::MissingTarget));
        assert_eq!(f[0].message, "missing target for `牛油果`: expected `Avocado`");
    }

    #[test]
    fn a_synonym_or_abbreviation_satisfies_the_entry() {
        let f = check(&glossary(), &[pair("打造Meta超级智能实验室", "to build MSL")]);
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn forbidden_terms_are_reported_once_instead_of_missing() {
        let f = check(&glossary(), &[pair("臉書的股價", "Facebook's share price")]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].kind, Kind::Forbidden);
        assert_eq!(f[0].message, "forbidden term `Facebook` used; use `Meta`");
    }
}
