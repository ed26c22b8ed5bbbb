//! `glossary lint`: finds problems in a glossary file and, on request, fixes the ones that can be
//! fixed safely.
//!
//! Findings: lines the reader could not use (no tab, empty side, a header row read as a term),
//! stray, full-width and no-break spaces, exact duplicates, one concept entered twice in different
//! scripts (`牛油果` and `牛油果` in the other script, `超級智能` / `超级智能`), a source term with
//! conflicting targets, entries with an empty side. Every finding reads `path:line: message`.
//!
//! Fixing removes header rows, duplicates and script twins (the first entry stays; the matcher
//! finds a Chinese term in both scripts anyway) and cleans white space. It removes nothing that
//! would lose information: a duplicate or twin with its own comment, target or id, and an entry with
//! an empty side (its one term would be lost), are reported for a person, as are conflicting
//! targets. TSV files are fixed line by line (any line ending), so comments and layout stay; other
//! formats are rewritten from the model, entry by entry (entries sharing a line are told apart),
//! and only when the reader took in everything the file holds.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::model::{Diagnostic, Glossary};
use super::{Format, rows};
use crate::error::{Error, Location, Result};
use crate::script;

/// One problem found by [`lint`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Where it is and what is wrong.
    pub diagnostic: Diagnostic,
    /// What `--fix` does about it (`None`: needs a person).
    pub fix: Option<Fix>,
    /// The entry it is about (index into [`Report::glossary`]), when it is about one.
    pub entry: Option<usize>,
}

/// What `--fix` does about a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    /// Remove the line (or entry).
    Remove,
    /// Clean the white space in the line.
    Clean,
}

/// The result of linting one file.
#[derive(Debug, Clone)]
pub struct Report {
    /// The file.
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// The findings, by line.
    pub findings: Vec<Finding>,
    /// The glossary as read (good lines only).
    pub glossary: Glossary,
}

fn finding(location: Location, message: impl Into<String>, fix: Option<Fix>, entry: usize) -> Finding {
    Finding { diagnostic: Diagnostic::new(location, message), fix, entry: Some(entry) }
}

/// Classifies a reader diagnostic: what `--fix` can do about it. A line with an empty side is
/// left for a person: removing it would lose its one term.
fn reader_fix(message: &str) -> Option<Fix> {
    if message.starts_with("header row") || message.starts_with("row without terms") {
        Some(Fix::Remove)
    } else if message.contains("space") || message.contains("zero-width") {
        Some(Fix::Clean)
    } else {
        None
    }
}

/// Lints the file at `path`.
pub fn lint(path: &Path) -> Result<Report> {
    let text = crate::input::read_text(path)?;
    let format = Format::detect(path, Some(&text)).unwrap_or(Format::Tsv);
    let (glossary, diags) = super::read_str(&text, format, path)?;
    let mut findings: Vec<Finding> = diags
        .into_iter()
        .map(|d| {
            let fix = reader_fix(&d.message);
            Finding { diagnostic: d, fix, entry: None }
        })
        .collect();
    findings.extend(check(&glossary, path));
    findings.sort_by_key(|f| f.diagnostic.location.line.unwrap_or(0));
    Ok(Report { path: path.to_path_buf(), format, findings, glossary })
}

/// The checks on the glossary model: empty sides, duplicates, script twins, conflicting targets.
pub fn check(g: &Glossary, path: &Path) -> Vec<Finding> {
    let mut out = Vec::new();
    let at = |line: Option<u64>| {
        let l = Location::file(path);
        match line {
            Some(n) => l.with_line(n),
            None => l,
        }
    };
    // First entry seen for each source key.
    let mut first: HashMap<String, usize> = HashMap::new();
    for (j, e) in g.entries.iter().enumerate() {
        if e.src.is_empty() || e.tgt.is_empty() {
            let side = if e.src.is_empty() { "source" } else { "target" };
            out.push(finding(
                at(e.line),
                format!(
                    "empty {side} side (`{}{}`); add the missing term (not fixed: the term would be lost)",
                    e.main_src(),
                    e.main_tgt()
                ),
                None,
                j,
            ));
            continue;
        }
        let tgt_keys: BTreeSet<String> = e.tgt.iter().map(|t| t.key()).collect();
        let mut reported = false;
        for s in &e.src {
            let k = s.key();
            let Some(&i) = first.get(&k) else { continue };
            if reported {
                break;
            }
            reported = true;
            let p = &g.entries[i];
            let pl = p.line.map_or(format!("entry {}", i + 1), |l| format!("line {l}"));
            let p_term = p.src.iter().find(|t| t.key() == k).map_or("", |t| t.text.as_str());
            let p_tgt: BTreeSet<String> = p.tgt.iter().map(|t| t.key()).collect();
            // Removable only when it holds nothing the kept entry lacks: one term pair whose target
            // the kept entry has, no comment of its own, no id of its own, the same term flags.
            let single = e.src.len() == 1 && e.tgt.len() == 1;
            let kept_notes = p.notes();
            let own_note = e.notes().iter().any(|n| !kept_notes.contains(n));
            let own_id = e.id.is_some() && e.id != p.id;
            let same_flags = p.tgt.iter().any(|t| {
                t.key() == e.tgt[0].key()
                    && t.status == e.tgt[0].status
                    && t.abbreviation == e.tgt[0].abbreviation
                    && t.pos == e.tgt[0].pos
            });
            let removable = single && !own_note && !own_id && same_flags;
            let fix = removable.then_some(Fix::Remove);
            let keep_by_hand = match (single, own_note) {
                (_, true) => "; not fixed: it has its own comment, merge the two by hand",
                (true, false) if !removable => "; not fixed: it differs in id or term flags, merge by hand",
                (false, _) => "; not fixed: it has more terms, merge by hand",
                _ => "",
            };
            if p_tgt.is_disjoint(&tgt_keys) {
                out.push(finding(
                    at(e.line),
                    format!(
                        "conflicting targets for `{}`: {pl} has `{}`, this line has `{}`; keep one, or mark one \
                         admitted/deprecated in a single entry",
                        s.text,
                        p.main_tgt(),
                        e.main_tgt()
                    ),
                    None,
                    j,
                ));
            } else if p_term == s.text {
                let same = p.src.iter().map(|t| &t.text).eq(e.src.iter().map(|t| &t.text))
                    && p.tgt.iter().map(|t| &t.text).eq(e.tgt.iter().map(|t| &t.text));
                let what = if same { "duplicate of" } else { "same source term as" };
                out.push(finding(
                    at(e.line),
                    format!("{what} {pl} (`{}` → `{}`){keep_by_hand}", s.text, e.main_tgt()),
                    fix,
                    j,
                ));
            } else {
                let conv = script::converter();
                let how = if conv.t2s(p_term) == conv.t2s(&s.text) && p_term != s.text {
                    "in the other Chinese script"
                } else {
                    "in another case or width"
                };
                out.push(finding(
                    at(e.line),
                    format!(
                        "one concept entered twice, {how}: `{}` here, `{p_term}` at {pl}; a Chinese term \
                         matches both scripts, keep one{keep_by_hand}",
                        s.text
                    ),
                    fix,
                    j,
                ));
            }
        }
        for s in &e.src {
            first.entry(s.key()).or_insert(j);
        }
    }
    out
}

/// What `--fix` did.
#[derive(Debug, Clone, Default)]
pub struct FixOutcome {
    /// Findings fixed.
    pub fixed: usize,
    /// The backup of the original.
    pub backup: PathBuf,
    /// Warnings from rewriting (what the format could not hold).
    pub warnings: Vec<String>,
}

/// Fixes what can be fixed in `report`'s file: keeps the original as a backup
/// ([`crate::atomic::backup`]: `FILE.bak`, or `FILE.bak.N` when that exists) and writes the cleaned
/// file through [`crate::atomic`]. A file in another format than TSV is rewritten from the model, so
/// it is left alone when the reader reported something the model does not hold (an error is
/// returned naming how many such findings there are).
pub fn fix(report: &Report) -> Result<FixOutcome> {
    let path = &report.path;
    let fixed = report.findings.iter().filter(|f| f.fix.is_some()).count();
    if fixed == 0 {
        return Ok(FixOutcome { fixed, backup: PathBuf::new(), warnings: Vec::new() });
    }
    let mut warnings = Vec::new();
    let new_text = if report.format == Format::Tsv {
        let remove: BTreeSet<u64> = report
            .findings
            .iter()
            .filter(|f| f.fix == Some(Fix::Remove))
            .filter_map(|f| f.diagnostic.location.line)
            .collect();
        fix_tsv_lines(&crate::input::read_text(path)?, &remove)
    } else {
        let unread = report.findings.iter().filter(|f| f.entry.is_none() && f.fix.is_none()).count();
        if unread > 0 {
            return Err(Error::usage(format!(
                "{}: not fixed: {unread} finding(s) above are parts of the file a rewrite would lose; \
                 repair them by hand first",
                path.display()
            )));
        }
        let remove: BTreeSet<usize> =
            report.findings.iter().filter(|f| f.fix == Some(Fix::Remove)).filter_map(|f| f.entry).collect();
        let mut g = report.glossary.clone();
        let mut i = 0;
        g.entries.retain(|_| {
            i += 1;
            !remove.contains(&(i - 1))
        });
        // Comments keep their place among the entries that stay.
        let gone_before = |k: usize| remove.iter().filter(|&&r| r < k).count();
        for c in &mut g.comments {
            c.before -= gone_before(c.before);
        }
        let mut out = Vec::new();
        warnings = super::write(&g, report.format, &mut out).map_err(|e| Error::io(path, e))?;
        String::from_utf8(out).map_err(|e| Error::parse(Location::file(path), e.to_string()))?
    };
    let backup = crate::atomic::backup(path)?;
    crate::atomic::write(path, |w| w.write_all(new_text.as_bytes()).map_err(|e| Error::io(path, e)))?;
    Ok(FixOutcome { fixed, backup, warnings })
}

/// Rewrites TSV text line by line: drops the `remove` lines, cleans the white space of the others'
/// fields, keeps comments and blank lines.
fn fix_tsv_lines(text: &str, remove: &BTreeSet<u64>) -> String {
    let mut out = String::with_capacity(text.len());
    let newline = rows::newline(text);
    for (n, line) in rows::lines(text) {
        if remove.contains(&n) {
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() || !line.contains('\t') {
            out.push_str(line);
        } else {
            let cols: Vec<String> = line.split('\t').map(rows::clean_spaces).collect();
            let mut cols = cols;
            while cols.len() > 2 && cols.last().is_some_and(|c| c.is_empty()) {
                cols.pop();
            }
            out.push_str(&cols.join("\t"));
        }
        out.push_str(newline);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint_text(name: &str, text: &str) -> (tempfile::TempDir, PathBuf, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        let r = lint(&p).unwrap();
        let msgs =
            r.findings.iter().map(|f| f.diagnostic.to_string().replace(&*p.to_string_lossy(), "g")).collect();
        (dir, p, msgs)
    }

    #[test]
    fn finds_every_kind_of_problem_with_its_line() {
        let text = "source\ttarget\n\
                    牛油果\tAvocado\n\
                    牛油果\tAvocado\n\
                    超級智能\tsuperintelligence\n\
                    超级智能\tsuperintelligence\n\
                    小扎\tZuck\n\
                    小扎\tMark\n\
                    元宇宙 \tmetaverse\n\
                    閉源\u{3000}模型\tclosed-source model\n\
                    開源\t\n\
                    # a comment\n";
        let (_d, _p, m) = lint_text("g.tsv", text);
        let want = [
            "g:1: header row read as a term",
            "g:3: duplicate of line 2",
            "g:5: one concept entered twice, in the other Chinese script: `超级智能` here, `超級智能` at line 4",
            "g:7: conflicting targets for `小扎`: line 6 has `Zuck`, this line has `Mark`",
            "g:8: leading or trailing space",
            "g:9: full-width space (U+3000)",
            "g:10: empty target term",
        ];
        assert_eq!(m.len(), want.len(), "{m:#?}");
        for (got, want) in m.iter().zip(want) {
            assert!(got.starts_with(want), "{got}\n  does not start with\n{want}");
        }
    }

    #[test]
    fn a_clean_glossary_has_no_findings() {
        let (_d, _p, m) = lint_text(
            "g.tsv",
            "# glossary\n牛油果\tAvocado\tproduct\nMeta超級智能實驗室\tMeta Superintelligence Labs\n",
        );
        assert!(m.is_empty(), "{m:?}");
    }

    #[test]
    fn fix_keeps_a_backup_comments_and_only_the_unfixable_findings() {
        let text = "# kept\nsource\ttarget\n牛油果\tAvocado\n牛油果\tAvocado\n 元宇宙\tmetaverse\n小扎\tZuck\n小扎\tMark\n";
        let (_d, p, _) = lint_text("g.tsv", text);
        let r = lint(&p).unwrap();
        let out = fix(&r).unwrap();
        assert_eq!(out.fixed, 3);
        assert_eq!(std::fs::read_to_string(&out.backup).unwrap(), text);
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "# kept\n牛油果\tAvocado\n元宇宙\tmetaverse\n小扎\tZuck\n小扎\tMark\n"
        );
        let again = lint(&p).unwrap();
        assert_eq!(again.findings.len(), 1);
        assert!(again.findings[0].diagnostic.message.starts_with("conflicting targets"));
    }

    #[test]
    fn fix_rewrites_other_formats_from_the_model() {
        let text = "zh,en\n牛油果,Avocado\n牛油果,Avocado\n元宇宙,\n";
        let (_d, p, m) = lint_text("g.csv", text);
        assert_eq!(m.len(), 2, "{m:?}");
        fix(&lint(&p).unwrap()).unwrap();
        // The duplicate is gone; the entry with an empty target stays for a person to complete.
        let left = lint(&p).unwrap().findings;
        assert_eq!(left.len(), 1, "{left:?}");
        assert!(left[0].diagnostic.message.starts_with("empty target side"));
        let (g, _) = crate::glossary::load(&p).unwrap();
        assert_eq!(g.entries.len(), 2);
    }
}
