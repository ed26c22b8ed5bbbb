//! `tmx filter`, `tmx split` and `tmx clean` through the real binary. The clean test builds a TM
//! from the seed corpus's gold sentence pairs, plants known problems (5% of targets shuffled,
//! duplicates, untranslated units, wrong tags, differing numbers, empty targets), and measures
//! precision and recall of each rule against what was planted.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use crate::util::{hanalign_dated as hanalign, text};
use hanalign::tmx::{self, Meta, Prop, Tmx, Tu};

/// The gold sentence pairs of corpora/meta-avocado.
fn gold_pairs() -> Vec<(String, String)> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/meta-avocado");
    // gold.align numbers the text units: markup units (`![]()`) excluded (corpora/README.md)
    let units = |name: &str| -> Vec<String> {
        let markup = |u: &str| u.starts_with("![") && u.ends_with(')') && u.contains("](");
        std::fs::read_to_string(d.join(name))
            .unwrap()
            .lines()
            .filter(|u| !u.is_empty() && !markup(u))
            .map(String::from)
            .collect()
    };
    let (zh, en) = (units("zh.sentences.txt"), units("en.sentences.txt"));
    let mut out = Vec::new();
    for line in std::fs::read_to_string(d.join("gold.align")).unwrap().lines() {
        let Some((a, b)) = line.split_once(':') else { continue };
        let idx = |s: &str| -> Vec<usize> {
            s.trim_matches(['[', ']'])
                .split(',')
                .filter(|x| !x.is_empty())
                .map(|x| x.parse().unwrap())
                .collect()
        };
        let (a, b) = (idx(a), idx(b));
        if a.is_empty() || b.is_empty() {
            continue;
        }
        let z: String = a.iter().map(|&i| zh[i].as_str()).collect();
        let e: Vec<&str> = b.iter().map(|&i| en[i].as_str()).collect();
        out.push((z, e.join(" ")));
    }
    out
}

#[test]
fn filter_keeps_units_by_language_prop_and_date() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let mut t = Tmx::new("zh-TW");
    for (i, (conf, bead, date)) in [
        ("0.95", "1-1", "20250301T000000Z"),
        ("0.5", "2-1", "20250301T000000Z"),
        ("0.9", "2-1", "20240301T000000Z"),
    ]
    .iter()
    .enumerate()
    {
        let mut tu = Tu::pair("zh-TW", &format!("第{i}句。"), "en-US", &format!("Sentence {i}."));
        tu.meta.push(Meta::Prop(Prop::new("x-confidence", *conf)));
        tu.meta.push(Meta::Prop(Prop::new("x-bead", *bead)));
        tu.attrs.set("creationdate", *date);
        t.tus.push(tu);
    }
    t.tus.push(Tu::pair("zh-TW", "法語。", "fr-FR", "Français."));
    tmx::write_file(&t, &d.join("in.tmx")).unwrap();
    let run = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["tmx", "filter", "in.tmx"];
        all.extend_from_slice(args);
        let out = hanalign(d, &all);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        tmx::read_bytes(&out.stdout, Path::new("-")).unwrap().tus.iter().map(|u| u.tuvs[1].text()).collect()
    };
    assert_eq!(run(&["--langs", "zh,en"]).len(), 3);
    assert_eq!(run(&["--prop", "x-confidence<0.8"]), ["Sentence 1."]);
    assert_eq!(run(&["--prop", "x-bead=2-1", "--since", "20250101"]), ["Sentence 1."]);
    assert_eq!(run(&["--until", "20250101"]), ["Sentence 2."]);
    let bad = hanalign(d, &["tmx", "filter", "in.tmx", "--prop", "x-bead<two"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("not a number"), "{}", text(&bad.stderr));
}

#[test]
fn split_by_count_writes_complete_parts() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let mut t = Tmx::new("zh-TW");
    for (z, e) in gold_pairs() {
        t.tus.push(Tu::pair("zh-TW", &z, "en-US", &e));
    }
    tmx::write_file(&t, &d.join("in.tmx")).unwrap();
    let out = hanalign(d, &["tmx", "split", "in.tmx", "--units", "30", "-o", "part"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut n = 0;
    for i in 1.. {
        let p = d.join(format!("part-{i:04}.tmx"));
        if !p.exists() {
            break;
        }
        assert_eq!(tmx::validate_file(&p).unwrap(), vec![]);
        n += tmx::read_file(&p).unwrap().tus.len();
    }
    assert_eq!(n, t.tus.len());
}

/// A tiny deterministic generator (the test must not depend on a random seed).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

#[test]
fn clean_finds_what_was_planted() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let pairs: Vec<(String, String)> =
        gold_pairs().into_iter().filter(|(z, e)| z.chars().count() >= 8 && e.len() >= 20).collect();
    let n = pairs.len();
    let mut rng = Lcg(42);
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < n.div_ceil(20) {
        let i = rng.next(n);
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    chosen.sort();
    let mut targets: Vec<String> = pairs.iter().map(|p| p.1.clone()).collect();
    for (k, &i) in chosen.iter().enumerate() {
        targets[i] = pairs[chosen[(k + 1) % chosen.len()]].1.clone();
    }
    let mut t = Tmx::new("zh-TW");
    let mut planted: HashMap<usize, &str> = HashMap::new();
    for (i, (z, _)) in pairs.iter().enumerate() {
        t.tus.push(Tu::pair("zh-TW", z, "en-US", &targets[i]));
        if chosen.contains(&i) {
            planted.insert(i, "misaligned");
        }
    }
    let clean: Vec<usize> = (0..n).filter(|i| !chosen.contains(i)).collect();
    let fw = |s: &str| {
        s.chars()
            .map(|c| if ('!'..='~').contains(&c) { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c })
            .collect::<String>()
    };
    let mut plant = |t: &mut Tmx, tu: Tu, rule: &'static str| {
        planted.insert(t.tus.len(), rule);
        t.tus.push(tu);
    };
    for k in 0..6 {
        let (z, e) = &pairs[clean[(k * 7) % clean.len()]];
        plant(&mut t, Tu::pair("zh-TW", z, "en-US", e), "duplicate");
        let (z, e) = &pairs[clean[(k * 7 + 3) % clean.len()]];
        plant(
            &mut t,
            Tu::pair("zh-TW", &format!("{} ", fw(z)), "en-US", &e.replace(' ', "  ")),
            "near-duplicate",
        );
        let (_, e) = &pairs[clean[(k * 5 + 1) % clean.len()]];
        plant(&mut t, Tu::pair("zh-TW", e, "en-US", e), "untranslated");
        let (z, e) = &pairs[clean[(k * 5 + 2) % clean.len()]];
        plant(&mut t, Tu::pair("en-US", z, "zh-TW", e), "wrong-language");
        let (z, e) = &pairs[clean[(k * 3 + 4) % clean.len()]];
        plant(
            &mut t,
            Tu::pair("zh-TW", &format!("{z}（2019年）"), "en-US", &format!("{e} (in 2017)")),
            "numbers",
        );
        let (z, _) = &pairs[clean[(k * 3 + 5) % clean.len()]];
        plant(&mut t, Tu::pair("zh-TW", z, "en-US", ""), "empty");
    }
    for (i, tu) in t.tus.iter_mut().enumerate() {
        tu.attrs.set("tuid", i.to_string());
    }
    tmx::write_file(&t, &d.join("tm.tmx")).unwrap();
    let out = hanalign(d, &["tmx", "clean", "tm.tmx", "-o", "clean.tmx", "--json", "--report", "qa.jsonl"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut found: BTreeMap<String, HashSet<usize>> = BTreeMap::new();
    let mut removed = HashSet::new();
    for line in std::fs::read_to_string(d.join("qa.jsonl")).unwrap().lines() {
        let j: serde_json::Value = serde_json::from_str(line).unwrap();
        if j.get("summary").is_some() {
            continue;
        }
        let id: usize = j["tuid"].as_str().unwrap().parse().unwrap();
        removed.insert(id);
        for r in j["rules"].as_array().unwrap() {
            found.entry(r.as_str().unwrap().to_string()).or_default().insert(id);
        }
    }
    let kept = tmx::read_file(&d.join("clean.tmx")).unwrap();
    assert_eq!(kept.tus.len() + removed.len(), t.tus.len());
    let mut lines = Vec::new();
    for rule in
        ["misaligned", "duplicate", "near-duplicate", "untranslated", "wrong-language", "numbers", "empty"]
    {
        let want: HashSet<usize> = planted.iter().filter(|(_, r)| **r == rule).map(|(i, _)| *i).collect();
        let got = found.get(rule).cloned().unwrap_or_default();
        let hit = want.intersection(&got).count();
        // precision: the flagged units that were planted at all (a unit can break several rules)
        let bad = got.iter().filter(|i| planted.contains_key(i)).count();
        let precision = if got.is_empty() { 1.0 } else { bad as f64 / got.len() as f64 };
        let recall = hit as f64 / want.len() as f64;
        lines.push(format!(
            "{rule}: planted {} flagged {} precision {precision:.2} recall {recall:.2}",
            want.len(),
            got.len()
        ));
        let floor = if rule == "misaligned" { 0.5 } else { 1.0 };
        assert!(
            recall >= floor,
            "{rule}: recall {recall:.2}\n{}\n{}",
            lines.join("\n"),
            std::fs::read_to_string(d.join("qa.jsonl")).unwrap()
        );
        assert!(precision >= 0.5, "{rule}: precision {precision:.2}\n{}", lines.join("\n"));
    }
    println!("{}", lines.join("\n"));
    // --flag-only keeps every unit and marks the bad ones
    let out = hanalign(d, &["tmx", "clean", "tm.tmx", "-o", "flagged.tmx", "--flag-only"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let f = tmx::read_file(&d.join("flagged.tmx")).unwrap();
    assert_eq!(f.tus.len(), t.tus.len());
    let qa = f.tus.iter().filter(|u| u.prop("x-qa").is_some()).count();
    assert_eq!(qa, removed.len());
    assert!(text(&out.stderr).contains(&format!("{qa} flagged")), "{}", text(&out.stderr));
}
