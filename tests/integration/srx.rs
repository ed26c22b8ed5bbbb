//! `hanalign srx`: the rules run through a real SRX engine (the `srx` crate) cut the corpora as
//! the segmenter does. The share of the segmenter's sentences that the SRX reproduces exactly is
//! printed (`cargo test --test srx -- --nocapture`) and held to a floor; with `../shared` beside
//! the repository the Golden Rules inputs are measured too.

use std::path::{Path, PathBuf};

use hanalign::segment::{Lang, SegmenterBuilder};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Sentences of one paragraph as the SRX cuts them (trimmed, empty ones dropped).
fn srx_cut(rules: &srx::Rules, para: &str) -> Vec<String> {
    rules.split(para).map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}

/// How many of the segmenter's sentences the SRX reproduces exactly (same text, same place),
/// paragraph by paragraph, and how many there are.
fn agreement(paragraphs: &[String], lang: Lang, code: &str, show: bool) -> (usize, usize) {
    let srx: srx::SRX = hanalign::segment::srx().parse().expect("the SRX parses");
    let rules = srx.language_rules(code);
    let seg = SegmenterBuilder::new().lang(lang).build();
    let (mut same, mut total) = (0, 0);
    for para in paragraphs {
        let ours: Vec<String> = seg.segment(para).into_iter().map(|s| s.text).collect();
        let theirs = srx_cut(&rules, para);
        // A sentence agrees when the SRX cuts it at both of its ends.
        let ends = |v: &[String]| {
            let mut at = 0;
            v.iter()
                .map(|s| {
                    let start = para[at..].find(s.as_str()).map_or(at, |i| at + i);
                    at = start + s.len();
                    (start, at)
                })
                .collect::<Vec<_>>()
        };
        let theirs_spans = ends(&theirs);
        for span in ends(&ours) {
            total += 1;
            if theirs_spans.contains(&span) {
                same += 1;
            } else if show {
                println!("  differs: {:?}", &para[span.0..span.1]);
            }
        }
    }
    (same, total)
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn every_rule_compiles_in_a_real_srx_engine() {
    let srx: srx::SRX = hanalign::segment::srx().parse().expect("the SRX parses");
    let errors: Vec<_> = srx.errors().iter().filter(|(_, e)| !e.is_empty()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(!srx.language_rules("zh-TW").is_empty());
    assert!(srx.language_rules("zh-TW").len() > srx.language_rules("en-US").len(), "zh cascades into en");
}

#[test]
fn the_srx_cuts_the_seed_pair_as_the_segmenter_does() {
    let mut report = Vec::new();
    for (lang, code, file) in [(Lang::Zh, "zh-TW", "zh.txt"), (Lang::En, "en-US", "en.txt")] {
        let paras = lines(&root().join("corpora/meta-avocado").join(file));
        let (same, total) = agreement(&paras, lang, code, true);
        let share = same as f64 / total as f64;
        report.push(format!("{file}: {same}/{total} = {:.1}%", 100.0 * share));
        // The floor: what the rules reach today (raise it when they improve).
        assert!(share >= 0.97, "{file}: only {same} of {total} sentences cut alike");
    }
    println!("SRX agreement on the seed pair: {}", report.join(", "));
}

#[test]
fn the_srx_cuts_chinese_like_the_segmenter_on_the_hard_cases() {
    let cases = [
        "他喊「快跑！」然後就跑了。「快跑！」他喊。",
        "《你好。世界》是書。Google Inc.和Meta。Yahoo!Japan好!不好?對。",
        "他來了……我們走吧。最新消息,Meta的新模型不僅閉源,甚至套殼Qwen!據彭博社報道,TBD團隊蒸餾了數據。",
        "Mr. Smith went to Washington. He met Dr. Jones at 5 p.m. Then he left. See p. 5 for details.",
        "The U.S. Government said no. The U.S. How odd. Albert I. The king.",
    ];
    let paras: Vec<String> = cases.iter().map(|s| s.to_string()).collect();
    let (same, total) = agreement(&paras, Lang::Auto, "zh-CN", true);
    assert_eq!(same, total);
}

/// The Golden Rules inputs (read from ../shared when it is there; never copied here).
#[test]
fn golden_rules_agreement_is_reported() {
    let dir = root().join("../shared/eval/golden");
    if !dir.exists() {
        eprintln!("../shared/eval/golden not found; skipping");
        return;
    }
    let mut report = Vec::new();
    for (lang, code, file) in [(Lang::En, "en-US", "golden_en.json"), (Lang::Zh, "zh-TW", "golden_zh.json")] {
        let cases: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(file)).unwrap()).unwrap();
        let paras: Vec<String> = cases
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["input"].as_str().unwrap().split('\n').map(String::from).collect::<Vec<_>>())
            .filter(|l| !l.trim().is_empty())
            .collect();
        let (same, total) = agreement(&paras, lang, code, std::env::var_os("SHOW").is_some());
        report.push(format!("{file}: {same}/{total} = {:.1}%", 100.0 * same as f64 / total as f64));
    }
    println!("SRX agreement on the Golden Rules inputs: {}", report.join(", "));
}

/// MAC-Dev's novel chapters (read from ../shared when it is there), one paragraph a line.
#[test]
fn mac_dev_agreement_is_reported() {
    let dir = root().join("../shared/eval/mac-dev");
    if !dir.exists() {
        eprintln!("../shared/eval/mac-dev not found; skipping");
        return;
    }
    let mut report = Vec::new();
    for (lang, code, sub) in [(Lang::Zh, "zh-CN", "zh"), (Lang::En, "en-US", "en")] {
        let mut paras = Vec::new();
        let mut files: Vec<_> =
            std::fs::read_dir(dir.join(sub)).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            paras.extend(lines(&f));
        }
        let (same, total) = agreement(&paras, lang, code, std::env::var_os("SHOW").is_some());
        report.push(format!("{sub}: {same}/{total} = {:.1}%", 100.0 * same as f64 / total as f64));
    }
    println!("SRX agreement on MAC-Dev: {}", report.join(", "));
}
