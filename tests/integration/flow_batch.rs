//! `hanalign batch`: folders, manifests, merged output, failing pairs, the JSON Lines stream.

use crate::util::{hanalign_stdin, text};
use std::path::Path;
use std::process::Output;

/// Runs `hanalign ARGS`; `batch` runs get `--no-lexicon` (loading the lexicon takes seconds in a
/// debug build, and these tests are about the batch machinery, not alignment quality).
fn hanalign(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = crate::util::bin();
    cmd.current_dir(dir).args(args);
    if args.first() == Some(&"batch") {
        cmd.arg("--no-lexicon");
    }
    cmd.output().expect("runs")
}

/// Writes `dir/NAME.zh.txt` and `dir/NAME.en.txt` with `n` sentences each.
fn pair(dir: &Path, name: &str, n: usize) {
    let zh: String = (0..n).map(|i| format!("{name}的第{i}句话。")).collect();
    let en: String = (0..n).map(|i| format!("Sentence {i} of {name}. ")).collect();
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(dir.join(format!("{name}.zh.txt")), zh).unwrap();
    std::fs::write(dir.join(format!("{name}.en.txt")), en).unwrap();
}

fn lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn folder_batch_writes_each_pair_and_a_summary_and_survives_a_bad_pair() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join("in")).unwrap();
    for (name, n) in [("a", 3), ("b", 4), ("deep/c", 2)] {
        pair(&d.join("in"), name, n);
    }
    std::fs::write(d.join("in/bad.zh.txt"), b"\xff\xfe\x00").unwrap(); // odd-length UTF-16
    std::fs::write(d.join("in/bad.en.txt"), "fine").unwrap();
    std::fs::write(d.join("in/alone.zh.txt"), "孤单。").unwrap();
    let out = hanalign(d, &["batch", "in", "-o", "out", "--reports"]);
    assert_eq!(out.status.code(), Some(2), "a failed pair means exit 2");
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("hanalign: bad: in/bad.zh.txt: byte 2: UTF-16"), "{stderr}");
    assert!(stderr.contains("in/alone.zh.txt: no English partner"), "{stderr}");
    assert!(!stderr.contains("aligning"), "no progress bar when stderr is not a terminal: {stderr}");
    assert!(stdout.contains("3 pair(s) aligned, 2 failed"), "{stdout}");
    // Each good pair: its beads, its review page, in input order inside.
    for (name, n) in [("a", 3), ("b", 4), ("deep/c", 2)] {
        let beads = lines(&d.join(format!("out/{name}.jsonl")));
        let covered: usize = beads.iter().map(|b| b["src"].as_array().unwrap().len()).sum();
        assert_eq!(covered, n, "{name}");
        assert!(beads.iter().all(|b| b["id"] == name));
        assert!(beads.iter().enumerate().all(|(i, b)| b["bead"] == i));
        let html = std::fs::read_to_string(d.join(format!("out/{name}.html"))).unwrap();
        assert_eq!(html.matches("<tr class=\"bead").count(), beads.len());
    }
    assert!(!d.join("out/bad.jsonl").exists());
    let summary = std::fs::read_to_string(d.join("out/summary.tsv")).unwrap();
    let rows: Vec<Vec<&str>> = summary.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows[0][..3], ["id", "status", "zh_sentences"]);
    let find = |id: &str| rows.iter().find(|r| r[0] == id).unwrap_or_else(|| panic!("{id} in {summary}"));
    assert_eq!(find("b")[1..3], ["ok", "4"]);
    assert_eq!(find("bad")[1], "FAILED");
    assert_eq!(rows.len(), 1 + 3 + 2);
}

#[test]
fn manifests_tsv_and_jsonl_with_merged_output() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join("docs")).unwrap();
    pair(&d.join("docs"), "x", 2);
    pair(&d.join("docs"), "y", 3);
    std::fs::write(d.join("docs/list.tsv"), "# zh\ten\tid\nx.zh.txt\tx.en.txt\tfirst\ny.zh.txt\ty.en.txt\n")
        .unwrap();
    let out = hanalign(d, &["batch", "docs/list.tsv", "-o", "out", "--merge", "--format", "tsv"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let merged = std::fs::read_to_string(d.join("out/all.tsv")).unwrap();
    let ids: Vec<&str> = merged.lines().map(|l| l.split('\t').next().unwrap()).collect();
    // Every line names its pair; pairs in manifest order.
    let first = ids.iter().filter(|i| **i == "first").count();
    let y = ids.iter().filter(|i| **i == "y").count();
    assert!(first >= 1 && y >= 1 && first + y == ids.len(), "{merged}");
    assert!(ids[..first].iter().all(|i| *i == "first"), "input order: {merged}");
    assert!(!d.join("out/first.tsv").exists(), "merged: no per-pair files");

    std::fs::write(
        d.join("docs/list.jsonl"),
        "{\"id\":\"inline\",\"zh\":\"你好。再见。\",\"en\":\"Hello. Bye.\"}\n\
         {\"id\":\"file\",\"zh_file\":\"x.zh.txt\",\"en_file\":\"x.en.txt\"}\n\
         {\"id\":\"../../etc/evil\",\"zh\":\"a\",\"en\":\"b\"}\n",
    )
    .unwrap();
    let out = hanalign(d, &["batch", "docs/list.jsonl", "-o", "out2"]);
    assert_eq!(out.status.code(), Some(2), "the bad id is a failure");
    assert!(text(&out.stderr).contains("docs/list.jsonl:3: id `../../etc/evil` cannot name a file"));
    let covered =
        |f: &str| -> usize { lines(&d.join(f)).iter().map(|b| b["src"].as_array().unwrap().len()).sum() };
    assert_eq!(covered("out2/inline.jsonl"), 2);
    assert_eq!(covered("out2/file.jsonl"), 2);
}

#[test]
fn fail_under_in_batch() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    pair(&d.join("in"), "a", 3);
    let out = hanalign(d, &["batch", "in", "-o", "out", "--fail-under", "0"]);
    assert_eq!(out.status.code(), Some(0), "nothing is under 0: {}", text(&out.stderr));
    let beads = lines(&d.join("out/a.jsonl"));
    let weak = beads.iter().filter(|b| b["weak"] == true).count();
    let out = hanalign(d, &["batch", "in", "-o", "out", "--fail-under", "100%"]);
    assert_eq!(out.status.code(), Some(if weak > 0 { 1 } else { 0 }));
}

#[test]
fn jsonl_stream_maps_records_to_beads_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let input: String = (0..50)
        .map(|i| {
            let zh: String = (0..(i % 4 + 1)).map(|k| format!("文档{i}第{k}句。")).collect();
            let en: String = (0..(i % 4 + 1)).map(|k| format!("Doc {i} sentence {k}. ")).collect();
            serde_json::json!({"id": format!("d{i}"), "zh": zh, "en": en}).to_string() + "\n"
        })
        .collect::<String>()
        + "{\"id\":\"broken\",\"zh\":\"缺英文\"}\n";
    let out = hanalign_stdin(tmp.path(), &["batch", "--jsonl", "-j", "2", "--no-lexicon"], &input);
    assert_eq!(out.status.code(), Some(2), "one failed record");
    let recs: Vec<serde_json::Value> =
        text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let mut expected = Vec::new();
    for i in 0..50 {
        for k in 0..(i % 4 + 1) {
            expected.push((format!("d{i}"), format!("文档{i}第{k}句。")));
        }
    }
    let got: Vec<(String, String)> = recs[..recs.len() - 1]
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r["src_text"].as_str().unwrap().to_string()))
        .collect();
    // Every Chinese sentence appears once, in input order (beads may group sentences).
    let flat: Vec<(String, String)> = got
        .iter()
        .flat_map(|(id, t)| t.split_inclusive('。').map(move |s| (id.clone(), s.to_string())))
        .collect();
    assert_eq!(flat, expected);
    let last = recs.last().unwrap();
    assert_eq!(last["id"], "broken");
    assert_eq!(last["line"], 51);
    assert!(last["error"].as_str().unwrap().contains("missing `en`"));
    assert!(text(&out.stderr).contains("1 of 51 records failed"));
}

#[test]
fn usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join("empty")).unwrap();
    let out = hanalign(d, &["batch", "empty", "-o", "out"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("empty: no NAME.zh.txt + NAME.en.txt pairs found"),
        "{}",
        text(&out.stderr)
    );
    let out = hanalign(d, &["batch", "empty"]);
    assert_eq!(out.status.code(), Some(2), "-o is required");
    let out = hanalign(d, &["batch", "--jsonl", "-o", "x"]);
    assert_eq!(out.status.code(), Some(2), "--jsonl writes to stdout only");
    let out = hanalign(d, &["batch", "nowhere", "-o", "out"]);
    assert!(text(&out.stderr).starts_with("hanalign: nowhere: "), "{}", text(&out.stderr));
}

#[test]
fn tmx_per_pair_and_merged() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join("in")).unwrap();
    // One pair in Traditional script, one in Simplified: their TMX source tags differ.
    std::fs::write(d.join("in/t.zh.txt"), "這個模型延期了。開發團隊很忙。\n").unwrap();
    std::fs::write(d.join("in/t.en.txt"), "The model was delayed. The team is busy.\n").unwrap();
    std::fs::write(d.join("in/s.zh.txt"), "这个模型发布了。\n").unwrap();
    std::fs::write(d.join("in/s.en.txt"), "The model was released.\n").unwrap();
    let out = hanalign(d, &["batch", "in", "-o", "out", "--format", "tmx"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let t = std::fs::read_to_string(d.join("out/t.tmx")).unwrap();
    let s = std::fs::read_to_string(d.join("out/s.tmx")).unwrap();
    assert!(t.contains("srclang=\"zh-TW\"") && t.contains("這個模型延期了。"), "{t}");
    assert!(s.contains("srclang=\"zh-CN\""), "{s}");
    assert!(hanalign(d, &["tmx", "validate", "out/t.tmx", "out/s.tmx"]).status.success());

    // Merged: different source languages cannot share one file; say how to fix it.
    let out = hanalign(d, &["batch", "in", "-o", "m1", "--format", "tmx", "--merge"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("give --src-lang-tag"), "{}", text(&out.stderr));
    assert!(!d.join("m1/all.tmx").exists());
    let out = hanalign(d, &["batch", "in", "-o", "m2", "--format", "tmx", "--merge", "--convert-zh", "hans"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let all = std::fs::read_to_string(d.join("m2/all.tmx")).unwrap();
    assert!(
        all.contains("srclang=\"zh-CN\"")
            && all.contains("这个模型延期了。")
            && all.contains("这个模型发布了。")
    );
    assert!(!d.join("m2/s.tmx").exists());
    assert!(hanalign(d, &["tmx", "validate", "m2/all.tmx"]).status.success());

    let out = hanalign(d, &["batch", "in", "-o", "m3", "--convert-zh", "hans"]);
    assert_eq!(out.status.code(), Some(2), "TMX options need --format tmx");
}
