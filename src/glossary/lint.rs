//! `glossary lint`: finds problems in a glossary file and, on request, fixes the ones that can be
//! fixed safely.
//!
//! Findings: lines the reader could not use (no tab, empty side, a header row read as a term),
//! stray, full-width and no-break spaces, exact duplicates, one concept entered twice in different
//! scripts (`牛油果` and `牛油果` in the other script, `超級智能` / `超级智能`), a source term with
//! conflicting targets, entries with an empty side. Every finding reads `path:line: message`.
//!
//! Fixing removes header rows, one-sided lines, duplicates and script twins (the first entry
//! stays; the matcher finds a Chinese term in both scripts anyway) and cleans white space. Conflicting
//! targets need a person and are only reported. TSV files are fixed line by line, so comments and
//! layout stay; other formats are rewritten from the model.

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

fn finding(location: Location, message: impl Into<String>, fix: Option<Fix>) -> Finding {
    Finding { diagnostic: Diagnostic::new(location, message), fix }
}

/// Classifies a reader diagnostic: what `--fix` can do about it.
fn reader_fix(message: &str) -> Option<Fix> {
    if message.starts_with("header row")
        || message.starts_with("empty ")
        || message.starts_with("row without terms")
    {
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
            Finding { diagnostic: d, fix }
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
                format!("empty {side} side (`{}{}`)", e.main_src(), e.main_tgt()),
                Some(Fix::Remove),
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
            let single = e.src.len() == 1 && e.tgt.len() == 1;
            let fix = single.then_some(Fix::Remove);
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
                ));
            } else if p_term == s.text {
                let same = p.src.iter().map(|t| &t.text).eq(e.src.iter().map(|t| &t.text))
                    && p.tgt.iter().map(|t| &t.text).eq(e.tgt.iter().map(|t| &t.text));
                let what = if same { "duplicate of" } else { "same source term as" };
                out.push(finding(
                    at(e.line),
                    format!("{what} {pl} (`{}` → `{}`)", s.text, e.main_tgt()),
                    fix,
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
                         matches both scripts, keep one",
                        s.text
                    ),
                    fix,
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

/// Fixes what can be fixed in `report`'s file: writes the cleaned file atomically (temporary file
/// and rename) and keeps the original as `<file>.bak`.
pub fn fix(report: &Report) -> Result<FixOutcome> {
    let path = &report.path;
    let remove: BTreeSet<u64> = report
        .findings
        .iter()
        .filter(|f| f.fix == Some(Fix::Remove))
        .filter_map(|f| f.diagnostic.location.line)
        .collect();
    let fixed = report.findings.iter().filter(|f| f.fix.is_some()).count();
    let mut backup = path.as_os_str().to_owned();
    backup.push(".bak");
    let backup = PathBuf::from(backup);
    if fixed == 0 {
        return Ok(FixOutcome { fixed, backup, warnings: Vec::new() });
    }
    let mut warnings = Vec::new();
    let new_text = if report.format == Format::Tsv {
        fix_tsv_lines(&crate::input::read_text(path)?, &remove)
    } else {
        let mut g = report.glossary.clone();
        g.entries.retain(|e| !e.line.is_some_and(|l| remove.contains(&l)));
        let mut out = Vec::new();
        warnings = super::write(&g, report.format, &mut out).map_err(|e| Error::io(path, e))?;
        String::from_utf8(out).map_err(|e| Error::parse(Location::file(path), e.to_string()))?
    };
    std::fs::copy(path, &backup).map_err(|e| Error::io(&backup, e))?;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp =
        tempfile::Builder::new().prefix(".hanalign-").tempfile_in(dir).map_err(|e| Error::io(path, e))?;
    std::io::Write::write_all(&mut tmp, new_text.as_bytes()).map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(FixOutcome { fixed, backup, warnings })
}

/// Rewrites TSV text line by line: drops the `remove` lines, cleans the white space of the others'
/// fields, keeps comments and blank lines.
fn fix_tsv_lines(text: &str, remove: &BTreeSet<u64>) -> String {
    let mut out = String::with_capacity(text.len());
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    for (i, line) in text.lines().enumerate() {
        let n = i as u64 + 1;
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
        assert!(lint(&p).unwrap().findings.is_empty());
        let (g, _) = crate::glossary::load(&p).unwrap();
        assert_eq!(g.entries.len(), 1);
    }
}
