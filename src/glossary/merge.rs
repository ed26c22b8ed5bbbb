//! `glossary merge`: combines glossaries into one, concept by concept, and reports conflicts.
//!
//! Entries are matched by their source terms compared in normalised form (so `超級智能` and
//! `超级智能` are one concept). When two entries share a source term and a target term, they are
//! merged: the new terms are added as synonyms. When they share a source term but no target, that
//! is a conflict: the earlier file wins and the later entry is reported and left out. A term whose
//! status differs between the files is also reported (the earlier status stays).

use std::collections::HashMap;
use std::path::PathBuf;

use super::model::{Comment, Entry, Glossary, RowLayout};

/// One conflict found while merging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Where the entry that lost came from (`path:line`).
    pub dropped_at: String,
    /// Where the entry that was kept came from.
    pub kept_at: String,
    /// What differs.
    pub message: String,
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: conflicts with {}: {}", self.dropped_at, self.kept_at, self.message)
    }
}

/// One entry folded into an earlier one (the same concept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    /// Where the folded entry came from (`path:line`).
    pub at: String,
    /// Where the entry it joined came from.
    pub into: String,
    /// The folded entry's main terms and what it added (`` `超级智能` → `superintelligence`, added 1 term``).
    pub what: String,
}

impl std::fmt::Display for Folded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} folded into {}", self.at, self.what, self.into)
    }
}

/// The merged glossary and what happened.
#[derive(Debug, Clone, Default)]
pub struct Merged {
    /// The result: the first file's comment lines (its description), then its entries as they
    /// were (ids, rows and comments), the later files' new concepts after them.
    pub glossary: Glossary,
    /// Conflicts (the earlier file won).
    pub conflicts: Vec<Conflict>,
    /// Entries folded into an earlier one (same concept), each named.
    pub folded: Vec<Folded>,
}

fn place(path: &std::path::Path, e: &Entry) -> String {
    match e.line {
        Some(l) => format!("{}:{l}", path.display()),
        None => path.display().to_string(),
    }
}

fn targets(e: &Entry) -> String {
    e.tgt.iter().map(|t| format!("`{}`", t.text)).collect::<Vec<_>>().join(", ")
}

/// Merges `inputs` (each a file name and its glossary) in order; earlier files win conflicts.
/// What an earlier entry has is never changed: a folded entry only adds its new terms, each in a
/// row of its own with that row's comment.
pub fn merge(inputs: &[(PathBuf, Glossary)]) -> Merged {
    let mut out = Merged::default();
    let mut origin: Vec<String> = Vec::new();
    let mut by_src: HashMap<String, usize> = HashMap::new();
    for (file, (path, g)) in inputs.iter().enumerate() {
        let mut comments = g.comments.iter().peekable();
        for (j, e) in g.entries.iter().enumerate() {
            if file == 0 {
                while let Some(c) = comments.next_if(|c| c.before <= j) {
                    out.glossary
                        .comments
                        .push(Comment { before: out.glossary.entries.len(), text: c.text.clone() });
                }
            }
            let here = place(path, e);
            let found = e.src.iter().find_map(|t| by_src.get(&t.key()).copied());
            let Some(i) = found else {
                for t in &e.src {
                    by_src.entry(t.key()).or_insert(out.glossary.entries.len());
                }
                out.glossary.entries.push(e.clone());
                origin.push(here);
                continue;
            };
            let kept = &mut out.glossary.entries[i];
            let shares_target = e.tgt.iter().any(|t| kept.tgt.iter().any(|k| k.key() == t.key()));
            if !shares_target && !e.tgt.is_empty() && !kept.tgt.is_empty() {
                out.conflicts.push(Conflict {
                    dropped_at: here,
                    kept_at: origin[i].clone(),
                    message: format!(
                        "`{}` → {} kept, {} left out",
                        kept.main_src(),
                        targets(kept),
                        targets(e)
                    ),
                });
                continue;
            }
            if kept.rows.is_empty() {
                // Make the kept entry's rows explicit before adding to them.
                kept.rows = Entry { note: None, ..kept.clone() }.layout();
            }
            let mut added = 0;
            // Index in the kept entry of each of the folded entry's terms.
            let mut index = |is_src: bool, t: &super::Term, kept: &mut Entry, out: &mut Vec<Conflict>| {
                let side = if is_src { &mut kept.src } else { &mut kept.tgt };
                match side.iter().position(|k| k.key() == t.key()) {
                    Some(p) => {
                        let k = &side[p];
                        if k.status != t.status {
                            out.push(Conflict {
                                dropped_at: here.clone(),
                                kept_at: origin[i].clone(),
                                message: format!(
                                    "`{}` is {} there, {} here; kept {}",
                                    k.text, k.status, t.status, k.status
                                ),
                            });
                        }
                        p
                    }
                    None => {
                        side.push(t.clone());
                        added += 1;
                        if is_src {
                            by_src.entry(t.key()).or_insert(i);
                        }
                        side.len() - 1
                    }
                }
            };
            let src_at: Vec<usize> = e.src.iter().map(|t| index(true, t, kept, &mut out.conflicts)).collect();
            let tgt_at: Vec<usize> =
                e.tgt.iter().map(|t| index(false, t, kept, &mut out.conflicts)).collect();
            let mut have: std::collections::HashSet<(Option<usize>, Option<usize>)> =
                kept.rows.iter().map(|k| (k.src, k.tgt)).collect();
            for r in e.layout() {
                let row =
                    RowLayout { src: r.src.map(|s| src_at[s]), tgt: r.tgt.map(|t| tgt_at[t]), note: r.note };
                if have.insert((row.src, row.tgt)) {
                    kept.rows.push(row);
                }
            }
            let what = match added {
                0 => "nothing new".to_string(),
                1 => "1 new term".to_string(),
                n => format!("{n} new terms"),
            };
            out.folded.push(Folded {
                at: here,
                into: format!("{} (`{}`)", origin[i], kept.main_src()),
                what: format!("`{}` → `{}` ({what})", e.main_src(), e.main_tgt()),
            });
        }
        if file == 0 {
            for c in comments {
                out.glossary
                    .comments
                    .push(Comment { before: out.glossary.entries.len(), text: c.text.clone() });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Status, Term};

    #[test]
    fn merges_concepts_across_scripts_and_reports_conflicts() {
        let a = Glossary {
            entries: vec![
                Entry { line: Some(1), ..Entry::new("超級智能實驗室", "Superintelligence Labs") },
                Entry { line: Some(2), ..Entry::new("小扎", "Zuck") },
            ],
            ..Glossary::default()
        };
        let b = Glossary {
            entries: vec![
                Entry {
                    src: vec![Term::new("超级智能实验室"), Term::new("MSL").abbreviated()],
                    tgt: vec![Term::new("Superintelligence Labs"), Term::new("MSL").abbreviated()],
                    line: Some(5),
                    note: Some("Meta".into()),
                    ..Entry::default()
                },
                Entry { line: Some(6), ..Entry::new("小扎", "Mark") },
                Entry { line: Some(7), ..Entry::new("牛油果", "Avocado") },
            ],
            ..Glossary::default()
        };
        let m = merge(&[(PathBuf::from("a.tsv"), a), (PathBuf::from("b.tsv"), b)]);
        assert_eq!(m.glossary.entries.len(), 3);
        let lab = &m.glossary.entries[0];
        assert_eq!(lab.src.len(), 2, "MSL joins the concept, the other script does not add a term");
        assert_eq!(lab.tgt.len(), 2);
        assert_eq!(lab.note, None, "the earlier entry is not changed");
        assert_eq!(lab.rows.len(), 2, "{:?}", lab.rows);
        assert_eq!(lab.rows[1].note.as_deref(), None);
        assert_eq!(m.folded.len(), 1);
        assert_eq!(
            m.folded[0].to_string(),
            "b.tsv:5: `超级智能实验室` → `Superintelligence Labs` (2 new terms) folded into a.tsv:1 (`超級智能實驗室`)"
        );
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(
            m.conflicts[0].to_string(),
            "b.tsv:6: conflicts with a.tsv:2: `小扎` → `Zuck` kept, `Mark` left out"
        );
    }

    #[test]
    fn status_disagreements_are_reported() {
        let a = Glossary::new(vec![Entry::new("臉書", "Facebook")]);
        let mut e = Entry::new("臉書", "Facebook");
        e.tgt[0] = Term::new("Facebook").with_status(Status::Deprecated);
        let b = Glossary::new(vec![e]);
        let m = merge(&[(PathBuf::from("a"), a), (PathBuf::from("b"), b)]);
        assert_eq!(m.glossary.entries.len(), 1);
        assert_eq!(m.glossary.entries[0].tgt[0].status, Status::Preferred);
        assert!(m.conflicts[0].message.contains("preferred there, deprecated here"), "{:?}", m.conflicts);
    }
}
