//! One test per command-line flag that had none (issue 16), each against an expectation written by
//! hand or taken from the input (the seed corpus's gold alignment), never from the code under test.
//! Also: the glossary and the lexicon each change a known bead, batch with the built-in lexicon,
//! and the translator-facing messages (percentages, unsupported formats, orphan ids, lint --fix,
//! extract with no candidates, `--help` examples on a narrow terminal).

use crate::util::{hanalign as run, repo};
use std::path::Path;

fn ok(dir: &Path, args: &[&str]) -> (String, String) {
    let o = run(dir, args);
    let (out, err) =
        (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned());
    assert_eq!(o.status.code(), Some(0), "hanalign {args:?}\nstdout: {out}\nstderr: {err}");
    (out, err)
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn jsonl(text: &str) -> Vec<serde_json::Value> {
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// `[0,1]:[2]` per bead, from `--format beads` output (the score dropped).
fn beads(text: &str) -> Vec<String> {
    text.lines().map(|l| l.splitn(3, ':').take(2).collect::<Vec<_>>().join(":")).collect()
}

/// The seed corpus's hand-made gold alignment, `[i]:[j,k]` per line.
fn gold() -> Vec<String> {
    read(&repo("corpora/meta-avocado/gold.align")).lines().map(str::to_string).collect()
}

fn gold_hits(got: &[String]) -> usize {
    let g = gold();
    got.iter().filter(|b| g.contains(b)).count()
}

const ZH: &str = "corpora/meta-avocado/zh.txt";
const EN: &str = "corpora/meta-avocado/en.txt";
const GLOSSARY: &str = "glossary/ai-industry.tsv";

/// A bead of the seed that needs evidence beyond lengths: `[72]:[72,73]` in the gold alignment.
const KNOWN_BEAD: &str = "[72]:[72,73]";

#[test]
fn the_glossary_changes_an_alignment() {
    // Without the lexicon, lengths and shared tokens alone misalign the seed's end; the glossary's
    // terms put the known bead (and others) right.
    let root = repo("");
    assert!(gold().contains(&KNOWN_BEAD.to_string()));
    let (without, _) = ok(&root, &["align", "--no-lexicon", ZH, EN, "--format", "beads"]);
    let (with, _) = ok(&root, &["align", "--no-lexicon", ZH, EN, "--format", "beads", "-g", GLOSSARY]);
    let (without, with) = (beads(&without), beads(&with));
    assert!(!without.contains(&KNOWN_BEAD.to_string()), "{without:?}");
    assert!(with.contains(&KNOWN_BEAD.to_string()), "{with:?}");
    assert!(gold_hits(&with) > gold_hits(&without), "{} vs {}", gold_hits(&with), gold_hits(&without));
}

#[test]
fn the_lexicon_changes_a_known_bead() {
    let root = repo("");
    let (default, _) = ok(&root, &["align", ZH, EN, "--format", "beads"]);
    let (none, _) = ok(&root, &["align", "--no-lexicon", ZH, EN, "--format", "beads"]);
    let (default, none) = (beads(&default), beads(&none));
    assert!(default.contains(&KNOWN_BEAD.to_string()), "{default:?}");
    assert!(!none.contains(&KNOWN_BEAD.to_string()), "{none:?}");
    assert!(gold_hits(&default) > gold_hits(&none));
}

#[test]
fn align_src_lang_en_tgt_lang_zh_mirrors_the_gold_alignment() {
    let root = repo("");
    let (out, _) = ok(
        &root,
        &["align", EN, ZH, "--src-lang", "en", "--tgt-lang", "zh", "--format", "beads", "-g", GLOSSARY],
    );
    // The gold alignment with its two sides swapped (the glossary still reads zh -> en).
    let mirrored: Vec<String> = gold()
        .iter()
        .map(|b| {
            let (zh, en) = b.split_once(':').unwrap();
            format!("{en}:{zh}")
        })
        .collect();
    let got = beads(&out);
    let hits = got.iter().filter(|b| mirrored.contains(b)).count();
    assert!(hits * 10 >= mirrored.len() * 9, "{hits} of {} mirrored gold beads: {got:?}", mirrored.len());
    // The gold bead [2]:[2,3] (one Chinese sentence, two English) reads [2,3]:[2] from English.
    assert!(got.contains(&"[2,3]:[2]".to_string()), "{got:?}");
}

#[test]
fn align_convert_zh_hant_writes_traditional_tagged_zh_tw() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "zh.txt", "这是一个测试。\n");
    write(d, "en.txt", "This is a test.\n");
    ok(d, &["align", "zh.txt", "en.txt", "--no-lexicon", "--convert-zh", "hant", "-o", "t.tmx"]);
    let tmx = read(&d.join("t.tmx"));
    assert!(tmx.contains("<seg>這是一個測試。</seg>"), "{tmx}");
    assert!(tmx.contains(r#"xml:lang="zh-TW""#), "{tmx}");
    assert!(!tmx.contains("这是"), "{tmx}");
}

#[test]
fn min_confidence_takes_a_percentage_like_fail_under() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "zh.txt", "我的猫很胖。\n");
    write(d, "en.txt", "My cat is fat.\n");
    // No lexicon: the bead's confidence is low (under 0.5), so 95% and 0% split it both ways.
    let (out, err) = ok(d, &["align", "zh.txt", "en.txt", "--no-lexicon", "--min-confidence", "95%"]);
    assert_eq!(jsonl(&out)[0]["weak"], true, "{out}");
    assert!(err.contains("confidence under 0.95"), "{err}");
    let (out, _) = ok(d, &["align", "zh.txt", "en.txt", "--no-lexicon", "--min-confidence", "0%"]);
    assert_eq!(jsonl(&out)[0]["weak"], false, "{out}");
    let o = run(d, &["align", "zh.txt", "en.txt", "--min-confidence", "150%"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("outside 0..1"));
}

#[test]
fn a_zip_or_pdf_read_as_text_is_named_not_sent_to_iconv() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "zh.txt", "你好。\n");
    // A Word document saved under a .txt name, and a PDF.
    std::fs::write(d.join("en.txt"), b"PK\x03\x04\x14\x00\x06\x00word/document.xml").unwrap();
    std::fs::write(d.join("en.pdf"), b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n").unwrap();
    for (file, says) in [
        ("en.txt", "a zip archive or Office file, not plain text: name it `.docx`"),
        ("en.pdf", "byte 0: a PDF document"),
    ] {
        let o = run(d, &["align", "zh.txt", file]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(&format!("{file}: {says}")), "{err}");
        assert!(!err.contains("iconv"), "{err}");
    }
}

/// A folder with the seed article as one pair.
fn seed_archive(d: &Path) {
    std::fs::create_dir_all(d.join("in")).unwrap();
    std::fs::copy(repo(ZH), d.join("in/seed.zh.txt")).unwrap();
    std::fs::copy(repo(EN), d.join("in/seed.en.txt")).unwrap();
}

fn bead_pairs(records: &[serde_json::Value]) -> Vec<String> {
    let list = |v: &serde_json::Value| {
        v.as_array().unwrap().iter().map(|x| x.to_string()).collect::<Vec<_>>().join(",")
    };
    records.iter().map(|r| format!("[{}]:[{}]", list(&r["src"]), list(&r["tgt"]))).collect()
}

#[test]
fn batch_with_the_built_in_lexicon_reproduces_the_gold_alignment() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    seed_archive(d);
    ok(d, &["batch", "in", "-o", "out"]);
    let got = bead_pairs(&jsonl(&read(&d.join("out/seed.jsonl"))));
    assert_eq!(got, gold());
}

#[test]
fn batch_glossary_anchors_beads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    seed_archive(d);
    let g = repo(GLOSSARY).display().to_string();
    ok(d, &["batch", "in", "-o", "with", "--no-lexicon", "-g", &g]);
    ok(d, &["batch", "in", "-o", "without", "--no-lexicon"]);
    let with = jsonl(&read(&d.join("with/seed.jsonl")));
    let without = jsonl(&read(&d.join("without/seed.jsonl")));
    let anchored =
        |r: &[serde_json::Value]| r.iter().filter(|b| !b["anchors"].as_array().unwrap().is_empty()).count();
    assert_eq!(anchored(&without), 0);
    assert!(anchored(&with) > 10, "{}", anchored(&with));
    assert!(bead_pairs(&with).contains(&KNOWN_BEAD.to_string()));
    assert!(!bead_pairs(&without).contains(&KNOWN_BEAD.to_string()));
}

#[test]
fn batch_presegmented_takes_each_line_as_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("in")).unwrap();
    write(d, "in/p.zh.txt", "你好。再见。\n谢谢。\n");
    write(d, "in/p.en.txt", "Hello. Goodbye.\nThanks.\n");
    ok(d, &["batch", "in", "-o", "seg", "--no-lexicon"]);
    ok(d, &["batch", "in", "-o", "pre", "--no-lexicon", "--presegmented"]);
    let sentences = |dir: &str| -> usize {
        jsonl(&read(&d.join(dir).join("p.jsonl"))).iter().map(|b| b["src"].as_array().unwrap().len()).sum()
    };
    assert_eq!(sentences("seg"), 3);
    assert_eq!(sentences("pre"), 2);
}

#[test]
fn batch_min_confidence_moves_the_weak_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("in")).unwrap();
    write(d, "in/p.zh.txt", "我的猫很胖。\n");
    write(d, "in/p.en.txt", "My cat is fat.\n");
    ok(d, &["batch", "in", "-o", "low", "--no-lexicon", "--min-confidence", "0"]);
    ok(d, &["batch", "in", "-o", "high", "--no-lexicon", "--min-confidence", "99%"]);
    assert_eq!(jsonl(&read(&d.join("low/p.jsonl")))[0]["weak"], false);
    assert_eq!(jsonl(&read(&d.join("high/p.jsonl")))[0]["weak"], true);
    let weak_column = |dir: &str| {
        let summary = read(&d.join(dir).join("summary.tsv"));
        let rows: Vec<Vec<String>> =
            summary.lines().map(|l| l.split('\t').map(str::to_string).collect()).collect();
        let col = rows[0].iter().position(|c| c == "weak").expect("a weak column");
        rows[1][col].clone()
    };
    assert_eq!(weak_column("low"), "0");
    assert_eq!(weak_column("high"), "1");
}

#[test]
fn batch_keep_unpaired_keeps_gaps_as_notes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    seed_archive(d);
    ok(d, &["batch", "in", "-o", "skip", "--no-lexicon", "--format", "tmx"]);
    ok(d, &["batch", "in", "-o", "keep", "--no-lexicon", "--format", "tmx", "--keep-unpaired"]);
    let skip = read(&d.join("skip/seed.tmx"));
    let keep = read(&d.join("keep/seed.tmx"));
    assert_eq!(skip.matches("<note").count(), 0);
    // The seed's last Chinese lines (參考資料, the source URL, …) have no English: gaps.
    assert!(keep.matches("<note").count() > 0, "{keep}");
    assert!(keep.contains("參考資料"));
    assert!(!skip.contains("參考資料"));
}

#[test]
fn batch_lexicon_file_replaces_the_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("in")).unwrap();
    write(d, "in/p.zh.txt", "我的猫很胖。\n狗在花园里睡觉。\n");
    write(d, "in/p.en.txt", "My cat is fat.\nThe dog sleeps in the garden.\n");
    write(d, "lex.tsv", "猫\tcat\n狗\tdog\n胖\tfat\n花园\tgarden\n睡觉\tsleep\n");
    ok(d, &["batch", "in", "-o", "none", "--no-lexicon"]);
    ok(d, &["batch", "in", "-o", "lex", "--lexicon", "lex.tsv"]);
    let scores = |dir: &str| -> Vec<f64> {
        jsonl(&read(&d.join(dir).join("p.jsonl"))).iter().map(|b| b["score"].as_f64().unwrap()).collect()
    };
    let (none, lex) = (scores("none"), scores("lex"));
    assert_eq!(none.len(), 2);
    assert!(none.iter().all(|&s| s < 0.5), "{none:?}");
    assert!(lex.iter().all(|&s| s > 0.9), "every word is in the lexicon: {lex:?}");
    write(d, "empty.tsv", "# nothing\n");
    let o = run(d, &["batch", "in", "-o", "x", "--lexicon", "empty.tsv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("empty.tsv: no lexicon entries found"));
}

#[test]
fn batch_threads_one_and_two_give_the_same_beads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("in")).unwrap();
    for (name, n) in [("a", 3), ("b", 5), ("c", 2)] {
        let zh: String = (0..n).map(|i| format!("{name}的第{i}句话。")).collect();
        let en: String = (0..n).map(|i| format!("Sentence {i} of {name}. ")).collect();
        write(d, &format!("in/{name}.zh.txt"), &zh);
        write(d, &format!("in/{name}.en.txt"), &en);
    }
    ok(d, &["batch", "in", "-o", "one", "--no-lexicon", "--threads", "1"]);
    ok(d, &["batch", "in", "-o", "two", "--no-lexicon", "-j", "2"]);
    for name in ["a", "b", "c"] {
        let one = read(&d.join(format!("one/{name}.jsonl")));
        assert_eq!(one, read(&d.join(format!("two/{name}.jsonl"))), "{name}");
        let covered: usize = jsonl(&one).iter().map(|b| b["src"].as_array().unwrap().len()).sum();
        assert_eq!(covered, [("a", 3), ("b", 5), ("c", 2)].iter().find(|p| p.0 == name).unwrap().1);
    }
    let o = run(d, &["batch", "in", "-o", "x", "--threads", "lots"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn batch_lists_an_orphan_file_by_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("in")).unwrap();
    write(d, "in/a.zh.txt", "你好。\n");
    write(d, "in/a.en.txt", "Hello.\n");
    write(d, "in/lonely.zh.txt", "孤单。\n");
    let o = run(d, &["batch", "in", "-o", "out", "--no-lexicon"]);
    assert_eq!(o.status.code(), Some(2));
    let summary = read(&d.join("out/summary.tsv"));
    let row = summary.lines().find(|l| l.contains("FAILED")).expect("a FAILED row");
    assert!(row.starts_with("lonely\tFAILED"), "{summary}");
}

#[test]
fn glossary_convert_from_reads_a_csv_named_txt() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "terms.txt", "source,target,comment\n牛油果,Avocado,codename\n臉書,Meta,company\n");
    // Read as TSV, no CSV line has a tab: one clear error, not a warning per line (issue 13).
    let guessed = run(d, &["glossary", "convert", "terms.txt", "-"]);
    assert_eq!(guessed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&guessed.stderr).contains("no entry could be read"));
    let (out, _) = ok(d, &["glossary", "convert", "terms.txt", "-", "--from", "csv"]);
    assert_eq!(out, "牛油果\tAvocado\tcodename\n臉書\tMeta\tcompany\n");
}

#[test]
fn glossary_merge_to_csv() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.tsv", "牛油果\tAvocado\tcodename\n");
    write(d, "b.tsv", "扎克伯格\tZuckerberg\n牛油果\tAvocado\n");
    let (out, err) = ok(d, &["glossary", "merge", "a.tsv", "b.tsv", "-o", "-", "--to", "csv"]);
    assert_eq!(
        out,
        "\u{feff}id,zh,en,note,zh_flags,en_flags\n,牛油果,Avocado,codename,,\n,扎克伯格,Zuckerberg,,,\n"
    );
    assert!(err.contains("2 entries written, 1 folded into an earlier entry, 0 conflicts"), "{err}");
}

#[test]
fn glossary_extract_from_a_tmx_with_gold_and_presegmented() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (zh, en) = (repo(ZH).display().to_string(), repo(EN).display().to_string());
    ok(d, &["align", &zh, &en, "-o", "seed.tmx"]);
    // --tmx: the TMX's 71 units are the pairs.
    let (out, err) = ok(d, &["glossary", "extract", "--tmx", "seed.tmx", "--top", "20"]);
    assert!(err.contains("candidates from 71 translation units"), "{err}");
    assert!(out.lines().any(|l| l.starts_with("Llama\tLlama\t")), "{out}");
    // --gold: the precision line counts what the test counts itself from the written candidates.
    let g = repo(GLOSSARY).display().to_string();
    let (_, err) = ok(d, &["glossary", "extract", &zh, &en, "--gold", &g, "--top", "10", "-o", "c.tsv"]);
    let pair = |l: &str| {
        let mut c = l.split('\t');
        (c.next().unwrap_or("").to_lowercase(), c.next().unwrap_or("").to_lowercase())
    };
    let gold_pairs: Vec<(String, String)> =
        read(&repo(GLOSSARY)).lines().filter(|l| !l.starts_with('#')).map(pair).collect();
    let written = read(&d.join("c.tsv"));
    // One proposal a concept: an abbreviation's line (`src=abbr`) belongs to the line above.
    let proposals: Vec<&str> =
        written.lines().filter(|l| !l.starts_with('#') && !l.contains("abbr")).collect();
    assert_eq!(proposals.len(), 10, "{written}");
    let hits = proposals.iter().filter(|l| gold_pairs.contains(&pair(l))).count();
    assert!(hits > 0, "{written}");
    assert!(err.contains(&format!("top 10: {hits} of 10 proposals in {g}")), "{hits}: {err}");
    // --presegmented: each line is one sentence, so two sentences on one line stay one bead side.
    write(d, "zh.txt", "Llama模型发布了。Llama很好。\nLlama再次发布。\n");
    write(d, "en.txt", "The Llama model was released. Llama is good.\nLlama released again.\n");
    let (_, seg) = ok(d, &["glossary", "extract", "zh.txt", "en.txt"]);
    let (_, pre) = ok(d, &["glossary", "extract", "zh.txt", "en.txt", "--presegmented"]);
    assert!(seg.contains("from 3 beads"), "{seg}");
    assert!(pre.contains("from 2 beads"), "{pre}");
}

#[test]
fn glossary_extract_on_a_short_pair_says_why_there_is_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "zh.txt", "你好。\n");
    write(d, "en.txt", "Hello.\n");
    let (out, err) = ok(d, &["glossary", "extract", "zh.txt", "en.txt"]);
    assert_eq!(out, "");
    assert!(err.contains("0 candidates from 1 beads"), "{err}");
    assert!(err.contains("at least 2 beads"), "{err}");
}

#[test]
fn glossary_check_with_two_glossaries_uses_both() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let data = |f: &str| repo("tests/data/glossary-check").join(f).display().to_string();
    let en = read(Path::new(&data("en.txt"))).replace("Meta shares fell.", "Facebook shares fell.");
    write(d, "en.txt", &en);
    write(d, "more.tsv", "延期\tpostponed\n");
    let o = run(
        d,
        &["glossary", "check", &data("zh.txt"), "en.txt", "-g", &data("glossary.tsv"), "-g", "more.tsv"],
    );
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    // Beads and sentences count from 0, as in jsonl.
    assert!(
        lines.iter().any(|l| l.starts_with("bead 0 (zh 0, en 0): ") && l.contains("`postponed`")),
        "{out}"
    );
    assert!(lines.iter().any(|l| l.starts_with("bead 2 (zh 2, en 2): forbidden term `Facebook`")), "{out}");
}

#[test]
fn lint_fix_prints_the_finding_it_left() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A duplicate (fixable) and a source term with two targets (a person must choose).
    write(d, "g.tsv", "牛油果\tAvocado\n牛油果\tAvocado\n扎克伯格\tZuckerberg\n扎克伯格\tZuck\n");
    let o = run(d, &["glossary", "lint", "--fix", "g.tsv"]);
    let (out, err) = (String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert_eq!(o.status.code(), Some(1), "{out}{err}");
    assert_eq!(out.lines().count(), 1, "only what is left: {out}");
    assert!(out.contains("扎克伯格"), "{out}");
    assert!(!out.contains("duplicate"), "{out}");
    assert!(err.contains("fixed 1 of 2 findings"), "{err}");
    assert!(err.contains("1 left, printed above"), "{err}");
    assert_eq!(read(&d.join("g.tsv")), "牛油果\tAvocado\n扎克伯格\tZuckerberg\n扎克伯格\tZuck\n");
}

/// A one-unit TMX with this source and target, written by hand.
fn tmx(src: &str, tgt: &str, date: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n<header creationtool=\"t\" \
         creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"zh-CN\" \
         datatype=\"plaintext\"/>\n<body>\n<tu creationdate=\"{date}\"><tuv xml:lang=\"zh-CN\"><seg>{src}</seg></tuv>\
         <tuv xml:lang=\"en-US\"><seg>{tgt}</seg></tuv></tu>\n</body>\n</tmx>\n"
    )
}

#[test]
fn tmx_merge_dedupe_pair_keeps_both_translations_of_one_source() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.tmx", &tmx("这是一个测试。", "This is a test.", "20240101T000000Z"));
    write(d, "b.tmx", &tmx("这是一个测试。", "This is an exam.", "20250101T000000Z"));
    write(d, "c.tmx", &tmx("这是一个测试。", "This is a test.", "20250101T000000Z"));
    ok(d, &["tmx", "merge", "a.tmx", "b.tmx", "c.tmx", "--dedupe", "pair", "-o", "pair.tmx"]);
    ok(d, &["tmx", "merge", "a.tmx", "b.tmx", "c.tmx", "--dedupe", "source", "-o", "source.tmx"]);
    let pair = read(&d.join("pair.tmx"));
    let source = read(&d.join("source.tmx"));
    assert_eq!(pair.matches("<tu ").count() + pair.matches("<tu>").count(), 2, "{pair}");
    assert!(pair.contains("This is a test.") && pair.contains("This is an exam."), "{pair}");
    assert_eq!(source.matches("<tu ").count() + source.matches("<tu>").count(), 1, "{source}");
}

#[test]
fn completions_for_elvish_and_powershell() {
    let root = repo("");
    let (elvish, _) = ok(&root, &["completions", "elvish"]);
    assert!(elvish.contains("edit:completion:arg-completer[hanalign]"), "{elvish}");
    assert!(elvish.contains("--min-confidence"));
    let (ps, _) = ok(&root, &["completions", "powershell"]);
    assert!(ps.contains("Register-ArgumentCompleter"), "{ps}");
    assert!(ps.contains("'hanalign;align'"), "{ps}");
}

#[test]
fn man_writes_a_page_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (out, _) = ok(d, &["man", "-o", "hanalign.1"]);
    assert_eq!(out, "");
    let page = read(&d.join("hanalign.1"));
    assert!(page.starts_with(".ie") || page.contains(".TH hanalign"), "{}", &page[..200.min(page.len())]);
    assert!(page.contains("batch"), "the subcommands are listed");
}

#[test]
fn help_examples_fit_a_60_column_terminal_and_stay_whole_commands() {
    let root = repo("");
    let subcommands: &[&[&str]] = &[
        &[],
        &["segment"],
        &["align"],
        &["batch"],
        &["tmx", "validate"],
        &["tmx", "merge"],
        &["tmx", "stats"],
        &["glossary", "convert"],
        &["glossary", "lint"],
        &["glossary", "extract"],
        &["glossary", "check"],
        &["glossary", "merge"],
        &["completions"],
        &["man"],
    ];
    for sub in subcommands {
        let mut args = sub.to_vec();
        args.push("--help");
        let o = crate::util::bin().current_dir(&root).env("COLUMNS", "60").args(&args).output().unwrap();
        let help = String::from_utf8_lossy(&o.stdout);
        let Some((_, examples)) = help.split_once("Examples:\n") else { continue };
        let mut continued = false;
        for line in examples.lines().take_while(|l| !l.trim().is_empty()) {
            assert!(line.chars().count() <= 60, "{sub:?}: wider than 60 columns: {line:?}");
            let t = line.trim();
            let starts = t.starts_with("hanalign") || t.starts_with("echo ") || t.starts_with('#');
            assert!(
                continued || starts,
                "{sub:?}: a line that is neither a command nor a continuation: {line:?}\n{help}"
            );
            continued = t.ends_with('\\');
        }
    }
}
