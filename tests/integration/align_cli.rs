//! `hanalign align` through the real binary: output formats, the aligner's flags, and bad input
//! (empty documents, documents that are not translations, unequal lengths, a malformed glossary or
//! lexicon, a 10 MB line) — clear messages, no panic, no partial output.

use crate::util::{hanalign, text};
use std::path::Path;
use std::process::Output;

const ZH: &str = "汪淼驱车到了密云县。\n他看到二十八面天线在暮色中一字排开。\n沙瑞山博士的实验室主要接收三颗卫星的数据。\n这个实验室不大。\n";
const EN: &str = "Wang Miao drove to Miyun County.\nHe saw twenty-eight antennas lined up in the dusk.\n\
Dr. Sha Ruishan's lab mainly received data from three satellites.\nThe lab was not large.\n";

fn write(dir: &Path, name: &str, body: &str) {
    std::fs::write(dir.join(name), body).unwrap();
}

#[test]
fn beads_format_is_the_eval_contract() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "zh.txt", ZH);
    write(d, "en.txt", EN);
    let out = hanalign(d, &["align", "--presegmented", "--format", "beads", "zh.txt", "en.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines: Vec<String> =
        text(&out.stdout).lines().map(|l| l.rsplit_once(':').unwrap().0.to_string()).collect();
    assert_eq!(lines, ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]"]);
    // deterministic
    let again = hanalign(d, &["align", "--presegmented", "--format", "beads", "zh.txt", "en.txt"]);
    assert_eq!(out.stdout, again.stdout);
}

#[test]
fn jsonl_and_tsv_carry_text_score_and_weak_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "zh.txt", ZH);
    write(d, "en.txt", EN);
    let out = hanalign(d, &["align", "--presegmented", "zh.txt", "en.txt", "--min-confidence", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let beads: Vec<serde_json::Value> =
        text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(beads.len(), 4);
    assert_eq!(beads[3]["src_text"], "这个实验室不大。");
    assert_eq!(beads[3]["tgt_text"], "The lab was not large.");
    assert_eq!(beads[3]["kind"], "1-1");
    let weak = beads.iter().filter(|b| b["weak"] == true).count();
    assert!(weak > 0, "every bead is under confidence 1");
    assert!(text(&out.stderr).contains(&format!("{weak} of 4 beads are weak")), "{}", text(&out.stderr));
    let out = hanalign(d, &["align", "--presegmented", "zh.txt", "en.txt", "--format", "tsv"]);
    let first = text(&out.stdout).lines().next().unwrap().to_string();
    let cols: Vec<&str> = first.split('\t').collect();
    assert_eq!(cols[..2], ["汪淼驱车到了密云县。", "Wang Miao drove to Miyun County."]);
    assert!(cols[2].parse::<f64>().is_ok_and(|s| (0.0..=1.0).contains(&s)));
    let bad = hanalign(d, &["align", "--presegmented", "zh.txt", "en.txt", "--min-confidence", "2"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = text(&bad.stderr);
    assert!(err.contains("--min-confidence") && err.contains("`2` is outside 0..1"), "{err}");
}

#[test]
fn empty_document_warns_and_leaves_sentences_unaligned() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "zh.txt", ZH);
    write(d, "empty.txt", "\n\n");
    let out = hanalign(d, &["align", "--presegmented", "--format", "beads", "zh.txt", "empty.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("has no sentences"), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().filter(|l| l.contains(":[]:")).count(), 4);
}

#[test]
fn unrelated_documents_get_a_warning_and_low_confidence() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let zh: String = (0..30)
        .map(|i| format!("{}\n", ["今天天气很好。", "他们去了市场买菜。", "这本书非常有意思。"][i % 3]))
        .collect();
    let en: String = (0..30)
        .map(|i| {
            format!(
                "{}\n",
                [
                    "The committee voted against the proposal.",
                    "Rivers flood in spring.",
                    "Quantum computers need cooling."
                ][i % 3]
            )
        })
        .collect();
    write(d, "zh.txt", &zh);
    write(d, "en.txt", &en);
    let out = hanalign(d, &["align", "--presegmented", "zh.txt", "en.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("do not look like translations"), "{}", text(&out.stderr));
    let beads: Vec<serde_json::Value> =
        text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let weak = beads.iter().filter(|b| b["weak"] == true).count();
    assert!(weak * 2 > beads.len(), "{weak} of {} weak", beads.len());
}

#[test]
fn wildly_unequal_lengths_warn() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "zh.txt", "这个实验室不大。\n");
    let en: String = (0..40).map(|i| format!("Sentence number {i} is here.\n")).collect();
    write(d, "en.txt", &en);
    let out = hanalign(d, &["align", "--presegmented", "--format", "beads", "zh.txt", "en.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("differ greatly in length"), "{}", text(&out.stderr));
    let covered: usize = text(&out.stdout)
        .lines()
        .map(|l| l.split(':').nth(1).unwrap().matches(|c: char| c.is_ascii_digit()).count().min(1))
        .sum();
    assert!(covered > 0);
}

#[test]
fn malformed_glossary_lines_are_reported_and_good_lines_used() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "zh.txt", ZH);
    write(d, "en.txt", EN);
    write(d, "g.tsv", "# terms\n实验室\tlab\n\tno source\nonly one column\n天线\tantenna\n");
    let out = hanalign(d, &["align", "--presegmented", "-g", "g.tsv", "zh.txt", "en.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("g.tsv:3: "), "{err}");
    assert!(err.contains("g.tsv:4: "), "{err}");
    let beads: Vec<serde_json::Value> =
        text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(beads[3]["anchors"], serde_json::json!(["实验室"]));
}

#[test]
fn lexicon_flags() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "zh.txt", ZH);
    write(d, "en.txt", EN);
    write(d, "lex.txt", "w\t实验室\tlab laboratory\nbroken\n天线\tantenna\n");
    let out = hanalign(
        d,
        &["align", "--presegmented", "--format", "beads", "--lexicon", "lex.txt", "zh.txt", "en.txt"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("lex.txt:2: "), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), 4);
    let out = hanalign(d, &["align", "--presegmented", "--no-lexicon", "zh.txt", "en.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    write(d, "empty.lex", "# nothing\n");
    let out = hanalign(d, &["align", "--lexicon", "empty.lex", "zh.txt", "en.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("empty.lex: no lexicon entries"), "{}", text(&out.stderr));
}

#[test]
fn ten_megabyte_line_does_not_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let big: String = "天线在暮色中一字排开，".repeat(10 * 1024 * 1024 / 33);
    write(d, "zh.txt", &format!("{big}\n这个实验室不大。\n"));
    let en: String = "The antennas lined up in the dusk, ".repeat(10 * 1024 * 1024 / 35);
    write(d, "en.txt", &format!("{en}\nThe lab was not large.\n"));
    let out =
        hanalign(d, &["align", "--presegmented", "--format", "beads", "zh.txt", "en.txt", "-o", "out.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let got = std::fs::read_to_string(d.join("out.txt")).unwrap();
    let beads: Vec<&str> = got.lines().map(|l| l.rsplit_once(':').unwrap().0).collect();
    assert_eq!(beads, ["[0]:[0]", "[1]:[1]"]);
}

#[test]
fn missing_input_leaves_no_output_file() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "zh.txt", ZH);
    let out = hanalign(d, &["align", "zh.txt", "nope.txt", "-o", "out.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("hanalign: nope.txt: "), "{}", text(&out.stderr));
    assert!(!d.join("out.jsonl").exists());
}

#[test]
fn evidence_switch_and_search_stats() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "zh.txt", ZH);
    write(d, "en.txt", EN);
    let args = ["align", "--presegmented", "--format", "beads", "zh.txt", "en.txt", "--stats"];
    let all = hanalign(d, &args);
    assert_eq!(all.status.code(), Some(0), "{}", text(&all.stderr));
    let err = text(&all.stderr);
    assert!(err.contains("hanalign: search: pass 1 block    1: 4 x 4 full"), "{err}");
    assert!(err.contains("beads scored"), "{err}");
    // length only: the lexical evidence is off, so every bead's confidence is the length fit alone
    let len = hanalign(d, &[&args[..], &["--evidence", "length"]].concat());
    assert_eq!(len.status.code(), Some(0), "{}", text(&len.stderr));
    assert!(text(&len.stderr).contains("1 pass(es)"), "no second pass without learnt pairs");
    let score = |o: &Output| -> Vec<f64> {
        text(&o.stdout).lines().map(|l| l.rsplit_once(':').unwrap().1.parse().unwrap()).collect()
    };
    assert!(score(&len).iter().all(|&s| s <= 0.5), "{:?}", score(&len));
    assert!(score(&all).iter().any(|&s| s > 0.5), "{:?}", score(&all));
    let bad = hanalign(d, &["align", "zh.txt", "en.txt", "--evidence", "lexicon,colour"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("colour"), "{}", text(&bad.stderr));
    let bad = hanalign(d, &["align", "zh.txt", "en.txt", "--params", "window=wide"]);
    assert_eq!(bad.status.code(), Some(2));
    let wide = hanalign(
        d,
        &[&args[..2], &["--format", "beads", "zh.txt", "en.txt", "--params", "max-bead=7"]].concat(),
    );
    assert_eq!(wide.stdout, hanalign(d, &args[..6]).stdout, "a wider shape set does not change a 1-1 text");
}
