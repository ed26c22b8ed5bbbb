//! Merging translation memories with de-duplication; the newest unit wins a conflict.

use std::collections::HashMap;
use std::path::PathBuf;

use super::{Node, Tmx, Tu, Tuv, same_lang};
use crate::error::{Error, Location, Result};

/// Which units count as duplicates when merging.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dedupe {
    /// Same source segment: one unit is kept, the newest; different translations are conflicts.
    #[default]
    Source,
    /// Same source and same translations: one unit is kept, the newest.
    Pair,
    /// Keep every unit.
    None,
}

/// Two units with the same source and different translations, and which one was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The source segment's text.
    pub source: String,
    /// The translation kept (the newest unit's).
    pub kept: String,
    /// Where the kept unit came from.
    pub kept_from: Location,
    /// The translation dropped.
    pub dropped: String,
    /// Where the dropped unit came from.
    pub dropped_from: Location,
}

/// What [`merge`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Input files.
    pub files: usize,
    /// Units read.
    pub tus_in: usize,
    /// Units written.
    pub tus_out: usize,
    /// Units dropped because an identical one (same source and translations) was kept.
    pub duplicates: usize,
    /// Units dropped because a newer one with the same source was kept (`--dedupe source`).
    pub conflicts: Vec<Conflict>,
}

/// Merges memories, in the order given (a later file counts as newer when dates are equal or
/// missing). Every input must have the same header `srclang`. The output has a fresh hanalign
/// header (segtype, adminlang and datatype of the first input) with the first input's notes and props.
pub fn merge(inputs: &[(PathBuf, Tmx)], dedupe: Dedupe) -> Result<(Tmx, MergeReport)> {
    let Some((first_path, first)) = inputs.first() else {
        return Err(Error::Usage("merge needs at least one TMX file".into()));
    };
    let srclang = first.srclang().unwrap_or("*all*").to_string();
    for (p, t) in &inputs[1..] {
        let s = t.srclang().unwrap_or("*all*");
        if !same_lang(s, &srclang) {
            return Err(Error::Usage(format!(
                "{}: srclang is {s} but {} has {srclang}; merge memories with the same source language",
                p.display(),
                first_path.display()
            )));
        }
    }
    let mut out = Tmx::new(&srclang);
    for a in ["segtype", "adminlang", "datatype"] {
        if let Some(v) = first.header.attrs.get(a) {
            out.header.attrs.set(a, v);
        }
    }
    out.header.meta = first.header.meta.clone();

    struct Member<'a> {
        tu: &'a Tu,
        file: usize,
        newness: (String, usize, usize),
        source: String,
        targets: String,
    }
    let mut groups: Vec<Vec<Member<'_>>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut report = MergeReport { files: inputs.len(), ..Default::default() };
    for (f, (_, tmx)) in inputs.iter().enumerate() {
        let file_date =
            tmx.header.attrs.get("changedate").or(tmx.header.attrs.get("creationdate")).unwrap_or("");
        for (n, tu) in tmx.tus.iter().enumerate() {
            report.tus_in += 1;
            let src_lang = tu.attrs.get("srclang").unwrap_or(&srclang);
            let src_tuv = tu.tuv(src_lang).or(tu.tuvs.first());
            let source = src_tuv.map(seg_key).unwrap_or_default();
            let mut targets: Vec<String> = tu
                .tuvs
                .iter()
                .filter(|t| !std::ptr::eq(*t, src_tuv.unwrap_or(*t)) || src_tuv.is_none())
                .map(|t| format!("{}\u{0}{}", t.lang().unwrap_or("").to_ascii_lowercase(), seg_key(t)))
                .collect();
            targets.sort();
            let targets = targets.join("\u{0}");
            let date = tu.attrs.get("changedate").or(tu.attrs.get("creationdate")).unwrap_or(file_date);
            let key = match dedupe {
                Dedupe::Source => source.clone(),
                Dedupe::Pair => format!("{source}\u{0}\u{0}{targets}"),
                Dedupe::None => format!("{f}:{n}"),
            };
            let m = Member { tu, file: f, newness: (date.to_string(), f, n), source, targets };
            match index.get(&key) {
                Some(&g) => groups[g].push(m),
                None => {
                    index.insert(key, groups.len());
                    groups.push(vec![m]);
                }
            }
        }
    }
    let locate = |m: &Member<'_>| {
        let loc = Location::file(&inputs[m.file].0);
        match m.tu.line {
            Some(l) => loc.with_line(l),
            None => loc,
        }
    };
    for group in &groups {
        let winner = group.iter().max_by(|a, b| a.newness.cmp(&b.newness)).expect("groups are never empty");
        for m in group {
            if std::ptr::eq(m, winner) {
                continue;
            }
            if m.targets == winner.targets {
                report.duplicates += 1;
            } else {
                report.conflicts.push(Conflict {
                    source: winner.source.clone(),
                    kept: targets_text(winner.tu, &srclang),
                    kept_from: locate(winner),
                    dropped: targets_text(m.tu, &srclang),
                    dropped_from: locate(m),
                });
            }
        }
        let mut tu = winner.tu.clone();
        tu.line = None;
        out.tus.push(tu);
    }
    report.tus_out = out.tus.len();
    Ok((out, report))
}

/// A key for a segment: its text, with each inline code marked by its name and attributes.
fn seg_key(tuv: &Tuv) -> String {
    fn walk(nodes: &[Node], out: &mut String) {
        for n in nodes {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => {
                    out.push('\u{1}');
                    out.push_str(&e.name);
                    for (k, v) in &e.attrs.0 {
                        out.push_str(&format!(" {k}={v}"));
                    }
                    out.push('\u{2}');
                    walk(&e.children, out);
                    out.push('\u{3}');
                }
            }
        }
    }
    let mut s = String::new();
    walk(&tuv.seg, &mut s);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn targets_text(tu: &Tu, srclang: &str) -> String {
    let src_lang = tu.attrs.get("srclang").unwrap_or(srclang);
    let src = tu.tuv(src_lang).or(tu.tuvs.first());
    tu.tuvs
        .iter()
        .filter(|t| src.is_none_or(|s| !std::ptr::eq(*t, s)))
        .map(|t| format!("{}: {}", t.lang().unwrap_or("?"), t.text()))
        .collect::<Vec<_>>()
        .join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mem(date: &str, pairs: &[(&str, &str)]) -> Tmx {
        let mut t = Tmx::new("zh-TW");
        t.header.attrs.set("creationdate", date);
        for (i, (zh, en)) in pairs.iter().enumerate() {
            let mut tu = Tu::pair("zh-TW", zh, "en-US", en);
            tu.line = Some(i as u64 + 10);
            t.tus.push(tu);
        }
        t
    }

    fn inputs() -> Vec<(PathBuf, Tmx)> {
        vec![
            ("a.tmx".into(), mem("20250101T000000Z", &[("一", "one"), ("二", "two"), ("三", "three")])),
            ("b.tmx".into(), mem("20250601T000000Z", &[("二", "Two!"), ("一", "one"), ("四", "four")])),
        ]
    }

    #[test]
    fn source_dedupe_keeps_newest_and_reports_conflicts() {
        let (out, r) = merge(&inputs(), Dedupe::Source).unwrap();
        let got: Vec<String> = out.tus.iter().map(|t| t.tuvs[1].text()).collect();
        assert_eq!(got, ["one", "Two!", "three", "four"]);
        assert_eq!((r.tus_in, r.tus_out, r.duplicates), (6, 4, 1));
        assert_eq!(r.conflicts.len(), 1);
        let c = &r.conflicts[0];
        assert_eq!(
            (c.source.as_str(), c.kept.as_str(), c.dropped.as_str()),
            ("二", "en-US: Two!", "en-US: two")
        );
        assert_eq!(c.dropped_from.to_string(), "a.tmx:11");
        assert_eq!(c.kept_from.to_string(), "b.tmx:10");
    }

    #[test]
    fn pair_and_none() {
        let (out, r) = merge(&inputs(), Dedupe::Pair).unwrap();
        assert_eq!((out.tus.len(), r.duplicates, r.conflicts.len()), (5, 1, 0));
        let (out, _) = merge(&inputs(), Dedupe::None).unwrap();
        assert_eq!(out.tus.len(), 6);
    }

    #[test]
    fn older_later_file_loses_on_date() {
        let mut i = inputs();
        i[1].1.header.attrs.set("creationdate", "20200101T000000Z");
        let (out, r) = merge(&i, Dedupe::Source).unwrap();
        assert_eq!(out.tus[1].tuvs[1].text(), "two");
        assert_eq!(r.conflicts[0].kept, "en-US: two");
    }

    #[test]
    fn different_source_languages_are_refused() {
        let mut i = inputs();
        i[1].1 = Tmx::new("zh-CN");
        let e = merge(&i, Dedupe::Source).unwrap_err().to_string();
        assert!(e.contains("b.tmx") && e.contains("zh-CN"), "{e}");
    }
}
