//! The workflow's CLI behaviour: review page from `align`, `--fail-under`, closed pipes, completions,
//! man page, `--help` examples. Each test runs the real binary in a temporary folder.

use crate::util::hanalign;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

/// A pair of presegmented documents with `n` sentences each.
fn write_pair(dir: &Path, n: usize) {
    let zh: String = (0..n).map(|i| format!("这是第{i}句，关于牛油果模型。\n")).collect();
    let en: String = (0..n).map(|i| format!("This is sentence {i}, about the Avocado model.\n")).collect();
    std::fs::write(dir.join("zh.txt"), zh).unwrap();
    std::fs::write(dir.join("en.txt"), en).unwrap();
}

fn jsonl_scores(out: &[u8]) -> Vec<f64> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["score"].as_f64().unwrap())
        .collect()
}

#[test]
fn align_report_has_one_row_per_bead_and_glossary_marks() {
    let dir = tempfile::tempdir().unwrap();
    write_pair(dir.path(), 5);
    std::fs::write(dir.path().join("g.tsv"), "牛油果\tAvocado\n").unwrap();
    let out = hanalign(
        dir.path(),
        &["align", "zh.txt", "en.txt", "--presegmented", "--no-lexicon", "-g", "g.tsv", "--report", "r.html"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let beads = jsonl_scores(&out.stdout);
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert_eq!(html.matches("<tr class=\"bead").count(), beads.len());
    let weak = beads.iter().filter(|s| **s < 0.5).count();
    assert_eq!(html.matches("<span class=\"weak-label\">weak</span>").count(), weak);
    assert!(html.contains(">牛油果</mark>") && html.contains(">Avocado</mark>"));
    assert!(!html.contains("http://") && !html.contains("https://"));
}

#[test]
fn report_is_not_left_half_written_when_alignment_fails() {
    let dir = tempfile::tempdir().unwrap();
    let out = hanalign(dir.path(), &["align", "missing.zh", "missing.en", "--report", "r.html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("hanalign: missing.zh: "));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no file, no temporary left behind");
}

#[test]
fn fail_under_exit_code_follows_the_weak_share() {
    let dir = tempfile::tempdir().unwrap();
    // Unequal documents, so some beads are gaps and likely weak.
    write_pair(dir.path(), 6);
    std::fs::write(dir.path().join("en.txt"), "Completely unrelated text.\nAnother line.\n").unwrap();
    let base = ["align", "zh.txt", "en.txt", "--presegmented", "--no-lexicon"];
    let out = hanalign(dir.path(), &base);
    let scores = jsonl_scores(&out.stdout);
    let strong = scores.iter().filter(|s| **s >= 0.5).count() as f64 / scores.len() as f64;
    // At exactly the strong share the run passes.
    let at = format!("{strong}");
    let out = hanalign(dir.path(), &[&base[..], &["--fail-under", &at]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    // Above it, it fails with exit 1 (only possible when some bead is weak).
    if strong < 1.0 {
        let above = format!("{}", strong + 0.01);
        let out = hanalign(dir.path(), &[&base[..], &["--fail-under", &above]].concat());
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("beads are weak"));
        assert!(!out.stdout.is_empty(), "the output is written either way");
    }
    for bad in ["1.5", "-1", "abc", "101%"] {
        let out = hanalign(dir.path(), &[&base[..], &["--fail-under", bad]].concat());
        assert_eq!(out.status.code(), Some(2), "--fail-under {bad}");
    }
    let out = hanalign(dir.path(), &[&base[..], &["--fail-under", "0%"]].concat());
    assert_eq!(out.status.code(), Some(0));
}

/// Starts `args`, reads a little of its output, closes the pipe and checks it ends quietly.
fn closed_pipe_is_quiet(dir: &Path, args: &[&str], stdin: Option<Vec<u8>>) {
    let mut child = crate::util::bin()
        .current_dir(dir)
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let feeder = stdin.map(|bytes| {
        let mut w = child.stdin.take().unwrap();
        std::thread::spawn(move || {
            let _ = std::io::Write::write_all(&mut w, &bytes);
        })
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    let status = child.wait().unwrap();
    if let Some(f) = feeder {
        f.join().unwrap();
    }
    assert_eq!(status.code(), Some(0), "{args:?}: {err}");
    assert_eq!(err, "", "{args:?}");
}

#[test]
fn closed_pipe_ends_align_quietly() {
    let dir = tempfile::tempdir().unwrap();
    // Far more output (about 500 kB) than a pipe buffer holds.
    write_pair(dir.path(), 3_000);
    closed_pipe_is_quiet(dir.path(), &["align", "zh.txt", "en.txt", "--presegmented", "--no-lexicon"], None);
    closed_pipe_is_quiet(
        dir.path(),
        &["align", "zh.txt", "en.txt", "--presegmented", "--no-lexicon", "--format", "tsv"],
        None,
    );
}

#[test]
fn closed_pipe_ends_batch_stream_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let zh: String = (0..200).map(|i| format!("第{i}句。")).collect();
    let en: String = (0..200).map(|i| format!("Sentence {i}. ")).collect();
    let line = serde_json::json!({"zh": zh, "en": en}).to_string() + "\n";
    closed_pipe_is_quiet(
        dir.path(),
        &["batch", "--jsonl", "--no-lexicon"],
        Some(line.repeat(300).into_bytes()),
    );
}

#[test]
fn completions_and_man_page() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, needle) in
        [("bash", "_hanalign()"), ("zsh", "#compdef hanalign"), ("fish", "complete -c hanalign")]
    {
        let out = hanalign(dir.path(), &["completions", shell]);
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(needle), "{shell}");
        assert!(text.contains("batch") && text.contains("fail-under"), "{shell}");
    }
    let out = hanalign(dir.path(), &["man"]);
    let roff = String::from_utf8(out.stdout).unwrap();
    assert!(roff.contains(".TH hanalign 1"), "{roff}");
    assert!(roff.contains("align") && roff.contains("batch"));
    let out = hanalign(dir.path(), &["man", "--all", "-o", "man"]);
    assert!(out.status.success());
    let page = std::fs::read_to_string(dir.path().join("man/hanalign-align.1")).unwrap();
    assert!(page.contains("\\-\\-report"), "{page}");
    assert!(dir.path().join("man/hanalign-batch.1").exists());
    let out = hanalign(dir.path(), &["man", "--all"]);
    assert_eq!(out.status.code(), Some(2), "--all needs -o");
}

/// The subcommands listed under "Commands:" in a `--help` text (without `help`).
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   ")) // wrapped description lines
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn every_subcommand_help_has_examples() {
    let dir = tempfile::tempdir().unwrap();
    let mut todo: Vec<Vec<String>> = vec![vec![]];
    let mut seen = Vec::new();
    while let Some(path) = todo.pop() {
        let args: Vec<&str> = path.iter().map(String::as_str).chain(["--help"]).collect();
        let out = hanalign(dir.path(), &args);
        let text = String::from_utf8(out.stdout).unwrap();
        let subs = subcommands(&text);
        if subs.is_empty() || path.is_empty() {
            // A leaf (or the top level) shows how it is used.
            assert!(text.contains("Examples:\n  hanalign "), "{path:?} --help has no examples:\n{text}");
        }
        for s in subs {
            let mut p = path.clone();
            p.push(s);
            todo.push(p);
        }
        seen.push(path.join(" "));
    }
    for expected in ["align", "batch", "completions", "man", "segment", "tmx validate", "glossary lint"] {
        assert!(seen.iter().any(|s| s == expected), "{expected} not found in {seen:?}");
    }
}

/// Regression: `-o /dev/null` as root renamed a regular file over the device. Outputs that are not
/// regular files are written in place; symbolic links keep pointing at the file they name.
#[cfg(unix)]
#[test]
fn output_to_a_fifo_a_symlink_or_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_pair(d, 3);
    // A named pipe (standing in for /dev/null, /dev/stdout …): a reader gets the data, the pipe stays.
    assert!(Command::new("mkfifo").arg(d.join("pipe")).status().unwrap().success());
    let pipe = d.join("pipe");
    let reader = std::thread::spawn(move || std::fs::read_to_string(pipe).unwrap());
    let out = hanalign(
        d,
        &["align", "zh.txt", "en.txt", "--presegmented", "--no-lexicon", "--format", "tsv", "-o", "pipe"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(d.join("pipe")).unwrap().file_type().is_fifo(),
        "the pipe was replaced"
    );
    assert_eq!(
        reader.join().unwrap().lines().count(),
        jsonl_scores(&hanalign(d, &["align", "zh.txt", "en.txt", "--presegmented", "--no-lexicon"]).stdout)
            .len()
    );

    std::os::unix::fs::symlink("real.tsv", d.join("link.tsv")).unwrap();
    std::fs::write(d.join("real.tsv"), "old").unwrap();
    let out = hanalign(
        d,
        &["align", "zh.txt", "en.txt", "--presegmented", "--no-lexicon", "--format", "tsv", "-o", "link.tsv"],
    );
    assert!(out.status.success());
    assert!(std::fs::symlink_metadata(d.join("link.tsv")).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(d.join("real.tsv")).unwrap().contains("这是第0句"));

    std::fs::create_dir(d.join("folder")).unwrap();
    let out =
        hanalign(d, &["align", "zh.txt", "en.txt", "--presegmented", "--no-lexicon", "--report", "folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("folder: is a folder"));
}
