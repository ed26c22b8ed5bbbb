//! `glossary merge`: combines glossaries into one, concept by concept, and reports conflicts.
//!
//! Entries are matched by their source terms compared in normalised form (so `超級智能` and
//! `超级智能` are one concept). When two entries share a source term and a target term, they are
//! merged: the new terms are added as synonyms. When they share a source term but no target, that
//! is a conflict: the earlier file wins and the later entry is reported and left out. A term whose
//! status differs between the files is also reported (the earlier status stays).

use std::collections::HashMap;
use std::path::PathBuf;

use super::model::{Entry, Glossary};

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

/// The merged glossary and what happened.
#[derive(Debug, Clone, Default)]
pub struct Merged {
    /// The result.
    pub glossary: Glossary,
    /// Conflicts (the earlier file won).
    pub conflicts: Vec<Conflict>,
    /// Entries folded into an earlier one (same concept).
    pub merged: usize,
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
pub fn merge(inputs: &[(PathBuf, Glossary)]) -> Merged {
    let mut out = Merged::default();
    let mut origin: Vec<String> = Vec::new();
    let mut by_src: HashMap<String, usize> = HashMap::new();
    for (path, g) in inputs {
        for e in &g.entries {
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
            out.merged += 1;
            for (new_side, is_src) in [(&e.src, true), (&e.tgt, false)] {
                for t in new_side {
                    let side = if is_src { &mut kept.src } else { &mut kept.tgt };
                    match side.iter().find(|k| k.key() == t.key()) {
                        Some(k) if k.status != t.status => out.conflicts.push(Conflict {
                            dropped_at: here.clone(),
                            kept_at: origin[i].clone(),
                            message: format!(
                                "`{}` is {} there, {} here; kept {}",
                                k.text, k.status, t.status, k.status
                            ),
                        }),
                        Some(_) => {}
                        None => {
                            side.push(t.clone());
                            if is_src {
                                by_src.entry(t.key()).or_insert(i);
                            }
                        }
                    }
                }
            }
            match (&mut kept.note, &e.note) {
                (None, Some(n)) => kept.note = Some(n.clone()),
                (Some(k), Some(n)) if !k.contains(n.as_str()) => {
                    k.push_str("; ");
                    k.push_str(n);
                }
                _ => {}
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
        };
        let b = Glossary {
            entries: vec![
                Entry {
                    src: vec![Term::new("超级智能实验室"), Term::new("MSL").abbreviated()],
                    tgt: vec![Term::new("Superintelligence Labs"), Term::new("MSL").abbreviated()],
                    line: Some(5),
                    note: Some("Meta".into()),
                },
                Entry { line: Some(6), ..Entry::new("小扎", "Mark") },
                Entry { line: Some(7), ..Entry::new("牛油果", "Avocado") },
            ],
        };
        let m = merge(&[(PathBuf::from("a.tsv"), a), (PathBuf::from("b.tsv"), b)]);
        assert_eq!(m.glossary.entries.len(), 3);
        let lab = &m.glossary.entries[0];
        assert_eq!(lab.src.len(), 2, "MSL joins the concept, the other script does not add a term");
        assert_eq!(lab.tgt.len(), 2);
        assert_eq!(lab.note.as_deref(), Some("Meta"));
        assert_eq!(m.merged, 1);
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(
            m.conflicts[0].to_string(),
            "b.tsv:6: conflicts with a.tsv:2: `小扎` → `Zuck` kept, `Mark` left out"
        );
    }

    #[test]
    fn status_disagreements_are_reported() {
        let a = Glossary { entries: vec![Entry::new("臉書", "Facebook")] };
        let mut e = Entry::new("臉書", "Facebook");
        e.tgt[0] = Term::new("Facebook").with_status(Status::Deprecated);
        let b = Glossary { entries: vec![e] };
        let m = merge(&[(PathBuf::from("a"), a), (PathBuf::from("b"), b)]);
        assert_eq!(m.glossary.entries.len(), 1);
        assert_eq!(m.glossary.entries[0].tgt[0].status, Status::Preferred);
        assert!(m.conflicts[0].message.contains("preferred there, deprecated here"), "{:?}", m.conflicts);
    }
}
