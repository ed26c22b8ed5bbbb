//! Regressions from the hostile-input probe (issue 13), each named after what it guards, run as a
//! user would: the real binary in a temporary folder.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::util::hanalign_stdin;

fn hanalign(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = crate::util::bin();
    cmd.current_dir(dir).args(args);
    if matches!(args.first(), Some(&"batch") | Some(&"align")) {
        // The lexicon takes seconds to load in a debug build; these tests are not about quality.
        cmd.arg("--no-lexicon");
    }
    cmd.output().expect("runs")
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".hanalign-"))
        .collect()
}

const ZH: &str = "第一句話。\n第二句話。\n";
const EN: &str = "The first sentence.\nThe second sentence.\n";

// ---- data loss in glossaries ----

#[test]
fn lint_fix_on_tbx_entries_sharing_one_line_removes_only_the_duplicate() {
    let d = tempfile::tempdir().unwrap();
    let e = |zh: &str, en: &str| {
        format!(
            "<termEntry><langSet xml:lang=\"zh\"><tig><term>{zh}</term></tig></langSet>\
             <langSet xml:lang=\"en\"><tig><term>{en}</term></tig></langSet></termEntry>"
        )
    };
    let tbx = format!(
        "<?xml version=\"1.0\"?>\n<martif type=\"TBX\"><text><body>{}{}{}</body></text></martif>\n",
        e("牛油果", "Avocado"),
        e("小扎", "Zuck"),
        e("牛油果", "Avocado")
    );
    write(d.path(), "g.tbx", &tbx);
    let o = hanalign(d.path(), &["glossary", "lint", "--fix", "g.tbx"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    let (g, _) = hanalign::glossary::load(&d.path().join("g.tbx")).unwrap();
    let pairs: Vec<_> =
        g.entries.iter().map(|e| (e.main_src().to_string(), e.main_tgt().to_string())).collect();
    assert_eq!(pairs, [("牛油果".to_string(), "Avocado".to_string()), ("小扎".into(), "Zuck".into())]);
}

#[test]
fn lint_fix_keeps_an_entry_with_an_empty_target_and_a_twin_with_its_own_comment() {
    let d = tempfile::tempdir().unwrap();
    let text = "超级智能\tsuperintelligence\n超級智能\tsuperintelligence\tTraditional form, used in Taiwan\n開源\t\n";
    write(d.path(), "g.tsv", text);
    let o = hanalign(d.path(), &["glossary", "lint", "--fix", "g.tsv"]);
    assert_eq!(o.status.code(), Some(1), "nothing was fixable: {}{}", out(&o), err(&o));
    assert!(
        out(&o).contains("g.tsv:2: one concept entered twice") && out(&o).contains("own comment"),
        "{}",
        out(&o)
    );
    assert!(out(&o).contains("g.tsv:3: empty target term"), "{}", out(&o));
    assert_eq!(read(d.path(), "g.tsv"), text, "the file is unchanged");
}

#[test]
fn glossary_with_cr_only_line_endings_is_read_line_by_line_and_fixed_in_kind() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "g.tsv",
        "# old Mac export\r牛油果\tAvocado\tproduct\r牛油果\tAvocado\tproduct\rMeta\tMeta\r",
    );
    let o = hanalign(d.path(), &["glossary", "lint", "g.tsv"]);
    assert_eq!(out(&o), format!("{}:3: duplicate of line 2 (`牛油果` → `Avocado`)\n", "g.tsv"));
    let o = hanalign(d.path(), &["glossary", "lint", "--fix", "g.tsv"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(read(d.path(), "g.tsv"), "# old Mac export\r牛油果\tAvocado\tproduct\rMeta\tMeta\r");
}

#[cfg(unix)]
#[test]
fn lint_fix_keeps_mode_symlink_hard_link_and_every_earlier_backup() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    write(p, "real.tsv", "牛油果\tAvocado\n牛油果\tAvocado\n");
    std::fs::set_permissions(p.join("real.tsv"), std::fs::Permissions::from_mode(0o664)).unwrap();
    std::fs::hard_link(p.join("real.tsv"), p.join("hard.tsv")).unwrap();
    std::os::unix::fs::symlink("real.tsv", p.join("link.tsv")).unwrap();
    write(p, "link.tsv.bak", "an older backup\n");
    let o = hanalign(p, &["glossary", "lint", "--fix", "link.tsv"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).contains("original kept as link.tsv.bak.1"), "{}", err(&o));
    assert_eq!(read(p, "link.tsv.bak"), "an older backup\n");
    assert_eq!(read(p, "link.tsv.bak.1"), "牛油果\tAvocado\n牛油果\tAvocado\n");
    assert!(std::fs::symlink_metadata(p.join("link.tsv")).unwrap().file_type().is_symlink());
    assert_eq!(read(p, "hard.tsv"), "牛油果\tAvocado\n", "the hard link sees the fix");
    let m = std::fs::metadata(p.join("real.tsv")).unwrap();
    assert_eq!((m.permissions().mode() & 0o777, m.nlink()), (0o664, 2));
    assert!(temporaries(p).is_empty());
}

#[test]
fn merge_keeps_the_first_files_header_ids_and_comments_names_every_fold_and_keeps_a_backup() {
    let d = tempfile::tempdir().unwrap();
    let a = "# My glossary: do not lose this line.\n\
             Meta超級智能實驗室\tMeta Superintelligence Labs\tlab\tid=msl\n\
             MSL\tMSL\tlab; abbreviation\tid=msl; src=abbr; tgt=abbr\n\
             大語言模型\tlarge language model\tterm\tid=llm\n\
             小扎\tZuck\tperson\n";
    write(d.path(), "a.tsv", a);
    // What `extract` writes: evidence in the fifth column.
    let b = "# hanalign glossary extract: …\n\
             Meta超级智能实验室\tMeta Superintelligence Labs\t\t\tscore 0.750; 15 beads\n\
             扎克伯格\tZuckerberg\t\t\tscore 0.700; 4 beads\n";
    write(d.path(), "b.tsv", b);
    let o = hanalign(d.path(), &["glossary", "merge", "a.tsv", "b.tsv", "-o", "a.tsv"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        err(&o).contains("b.tsv:2: `Meta超级智能实验室` → `Meta Superintelligence Labs` (nothing new) folded into a.tsv:2 (`Meta超級智能實驗室`)"),
        "{}",
        err(&o)
    );
    assert!(err(&o).contains("the previous a.tsv is kept as a.tsv.bak"), "{}", err(&o));
    assert_eq!(read(d.path(), "a.tsv.bak"), a);
    assert_eq!(read(d.path(), "a.tsv"), format!("{a}扎克伯格\tZuckerberg\n"));
}

#[test]
fn extract_evidence_stays_out_of_the_comment_column() {
    let d = tempfile::tempdir().unwrap();
    let zh = "Meta 發布了 Llama 4。\nLlama 4 很強。\n";
    let en = "Meta released Llama 4.\nLlama 4 is strong.\n";
    write(d.path(), "zh.txt", zh);
    write(d.path(), "en.txt", en);
    let o = hanalign(d.path(), &["glossary", "extract", "zh.txt", "en.txt", "--presegmented"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    for line in out(&o).lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.get(2), Some(&""), "comment column: {line}");
        assert!(cols.last().unwrap().starts_with("score "), "{line}");
    }
}

// ---- outputs over inputs ----

#[test]
fn align_refuses_to_write_over_an_input_or_its_other_output() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "zh.txt", ZH);
    write(d.path(), "en.txt", EN);
    let o = hanalign(d.path(), &["align", "zh.txt", "en.txt", "-o", "./zh.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("would overwrite the source document"), "{}", err(&o));
    assert_eq!(read(d.path(), "zh.txt"), ZH);
    let o = hanalign(d.path(), &["align", "zh.txt", "en.txt", "-o", "x.html", "--report", "x.html"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("are the same file"), "{}", err(&o));
    assert!(!d.path().join("x.html").exists());
}

#[test]
fn extract_refuses_to_write_over_its_glossary() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "zh.txt", ZH);
    write(d.path(), "en.txt", EN);
    write(d.path(), "g.tsv", "牛油果\tAvocado\n");
    let o = hanalign(d.path(), &["glossary", "extract", "zh.txt", "en.txt", "-g", "g.tsv", "-o", "g.tsv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("would overwrite the glossary"), "{}", err(&o));
    assert_eq!(read(d.path(), "g.tsv"), "牛油果\tAvocado\n");
}

#[test]
fn batch_pair_named_summary_is_refused_before_any_work() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("in")).unwrap();
    write(&d.path().join("in"), "summary.zh.txt", ZH);
    write(&d.path().join("in"), "summary.en.txt", EN);
    let o = hanalign(d.path(), &["batch", "in", "-o", "out", "--format", "tsv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("are the same file"), "{}", err(&o));
    assert!(!d.path().join("out/summary.tsv").exists());
}

#[test]
fn batch_and_man_with_a_file_for_the_output_folder_say_so() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "zh.txt", ZH);
    write(d.path(), "en.txt", EN);
    write(d.path(), "FILE", "x");
    write(d.path(), "list.tsv", "zh.txt\ten.txt\tone\n");
    for args in [&["batch", "list.tsv", "-o", "FILE"][..], &["man", "--all", "-o", "FILE"][..]] {
        let o = hanalign(d.path(), args);
        assert_eq!(o.status.code(), Some(2));
        assert!(err(&o).contains("FILE: exists and is not a folder"), "{}", err(&o));
        assert!(!err(&o).contains("os error 17"), "{}", err(&o));
    }
}

#[test]
fn a_missing_output_folder_is_named_not_the_temporary_file() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "zh.txt", ZH);
    write(d.path(), "en.txt", EN);
    let o = hanalign(d.path(), &["align", "zh.txt", "en.txt", "-o", "nope/out.tsv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("the folder nope does not exist"), "{}", err(&o));
    assert!(!err(&o).contains(".hanalign-"), "{}", err(&o));
}

#[cfg(unix)]
#[test]
fn an_interrupted_write_leaves_no_temporary_file() {
    // batch --merge opens its merged output before aligning; a pair read from a named pipe holds
    // the run there until the signal comes.
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    write(p, "en.txt", EN);
    assert!(Command::new("mkfifo").arg(p.join("zh.txt")).status().unwrap().success());
    write(p, "list.tsv", "zh.txt\ten.txt\tone\n");
    let mut child = crate::util::bin()
        .current_dir(p)
        .args(["batch", "list.tsv", "-o", "out", "--merge", "--no-lexicon"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out_dir = p.join("out");
    let start = std::time::Instant::now();
    while (!out_dir.exists() || temporaries(&out_dir).is_empty()) && start.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(temporaries(&out_dir).len(), 1, "the merged output is being written");
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    let status = child.wait().unwrap();
    assert!(!status.success());
    assert!(temporaries(&out_dir).is_empty(), "{:?}", temporaries(&out_dir));
    assert!(!out_dir.join("all.jsonl").exists());
}

// ---- security ----

#[test]
fn jsonl_stream_records_cannot_make_the_tool_read_local_files() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "secret.txt", "SECRET CONTENT。\n");
    let input = format!(
        "{{\"id\":\"a\",\"zh_file\":\"{}\",\"en\":\"x\"}}\n{{\"id\":\"b\",\"zh\":\"../secret.txt\",\"en_file\":\"../secret.txt\"}}\n",
        d.path().join("secret.txt").display()
    );
    let o = hanalign_stdin(d.path(), &["batch", "--jsonl", "--no-lexicon"], &input);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out(&o).contains("SECRET"), "{}", out(&o));
    assert_eq!(out(&o).matches("is not read from a stream").count(), 2, "{}", out(&o));
    // The command, not the library, adds the advice naming its flag, in the record and on stderr.
    assert_eq!(out(&o).matches("(to read files, give --allow-files-under FOLDER)").count(), 2, "{}", out(&o));
    assert!(err(&o).contains("give --allow-files-under FOLDER"), "{}", err(&o));
    // Opt-in: only inside the named folder.
    std::fs::create_dir(d.path().join("docs")).unwrap();
    write(&d.path().join("docs"), "a.zh.txt", "你好。\n");
    let input = "{\"id\":\"a\",\"zh_file\":\"a.zh.txt\",\"en\":\"Hello.\"}\n{\"id\":\"b\",\"zh_file\":\"../secret.txt\",\"en\":\"x\"}\n";
    let o =
        hanalign_stdin(d.path(), &["batch", "--jsonl", "--no-lexicon", "--allow-files-under", "docs"], input);
    assert!(out(&o).contains("\"id\":\"a\",\"bead\":0"), "{}", out(&o));
    assert!(out(&o).contains("outside the allowed folder") && !out(&o).contains("SECRET"), "{}", out(&o));
}

// ---- wrong results ----

#[test]
fn utf32_with_a_bom_is_decoded_not_read_as_utf16() {
    let d = tempfile::tempdir().unwrap();
    let utf32: Vec<u8> =
        [0xFF, 0xFE, 0, 0].into_iter().chain(ZH.chars().flat_map(|c| (c as u32).to_le_bytes())).collect();
    std::fs::write(d.path().join("zh.txt"), utf32).unwrap();
    let o = hanalign(d.path(), &["segment", "zh.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(out(&o), "第一句話。\n第二句話。\n");
}

#[test]
fn tabs_inside_a_sentence_keep_tsv_rows_at_three_fields() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "zh.txt", "甲\t乙。\n");
    write(d.path(), "en.txt", "A\tB\\C.\n");
    let o = hanalign(d.path(), &["align", "zh.txt", "en.txt", "--presegmented", "--format", "tsv"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    for line in out(&o).lines() {
        assert_eq!(line.split('\t').count(), 3, "{line}");
    }
    assert!(out(&o).starts_with("甲\\t乙。\tA\\tB\\\\C.\t"), "{}", out(&o));
}

#[test]
fn batch_summary_escapes_ids() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "list.jsonl", "{\"id\":\"a\\tb\",\"zh\":\"你好。\",\"en\":\"Hello.\"}\n");
    let o = hanalign(d.path(), &["batch", "list.jsonl", "-o", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    for line in read(&d.path().join("out"), "summary.tsv").lines() {
        assert_eq!(line.split('\t').count(), 8, "{line}");
    }
}

#[test]
fn glossary_csv_output_defuses_formula_cells() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "g.tsv", "加\t+1\n公式\t=HYPERLINK(\"http://x\",\"y\")\n");
    let o = hanalign(d.path(), &["glossary", "convert", "g.tsv", "g.csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let csv = read(d.path(), "g.csv");
    assert!(csv.contains(",'+1,") && csv.contains("\"'=HYPERLINK("), "{csv}");
    let o = hanalign(d.path(), &["glossary", "convert", "g.csv", "back.tsv"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(read(d.path(), "back.tsv"), read(d.path(), "g.tsv"));
}

#[test]
fn an_empty_chinese_side_is_tagged_chinese() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "zh.txt", "");
    write(d.path(), "en.txt", EN);
    let o = hanalign(d.path(), &["align", "zh.txt", "en.txt", "-o", "out.tmx"]);
    assert!(!err(&o).contains("en-US -> en-US"), "{}", err(&o));
    assert!(err(&o).contains("(zh-"), "{}", err(&o));
}

// ---- unclear messages ----

#[test]
fn csv_with_an_unterminated_quote_is_an_error_naming_its_line() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "g.csv", "zh,en\n牛油果,Avocado\n\"小扎,Zuck\nMeta,Meta\n");
    let o = hanalign(d.path(), &["glossary", "lint", "g.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("g.csv:3: a quoted field opens here and never closes"), "{}", err(&o));
}

#[test]
fn a_tmx_given_as_a_glossary_is_one_clear_error() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "zh.txt", ZH);
    write(d.path(), "en.txt", EN);
    write(
        d.path(),
        "some.tmx",
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n<header/>\n<body>\n</body>\n</tmx>\n",
    );
    let o = hanalign(d.path(), &["align", "zh.txt", "en.txt", "-g", "some.tmx"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(err(&o).lines().count(), 1, "{}", err(&o));
    assert!(err(&o).contains("some.tmx: a TMX translation memory, not a glossary"), "{}", err(&o));
}

#[cfg(target_os = "linux")]
#[test]
fn a_write_error_on_standard_output_exits_2_and_a_closed_pipe_exits_0() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "zh.txt", ZH);
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let o =
        crate::util::bin().current_dir(d.path()).args(["segment", "zh.txt"]).stdout(full).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("No space left on device"), "{}", err(&o));
    // A reader that goes away (`| head -1`) is not an error.
    let big: String = "句子。\n".repeat(200_000);
    write(d.path(), "big.txt", &big);
    let mut child = crate::util::bin()
        .current_dir(d.path())
        .args(["segment", "big.txt"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(err(&o), "");
}
