//! What every integration test shares (ripgrep's `tests/util.rs`): run the real binary in a
//! folder, read its output, find the repository's files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The `hanalign` binary under test.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hanalign"))
}

/// Runs `hanalign ARGS` in `dir`.
pub fn hanalign(dir: &Path, args: &[&str]) -> Output {
    bin().current_dir(dir).args(args).output().expect("runs")
}

/// Runs `hanalign ARGS` in `dir` with `SOURCE_DATE_EPOCH` set, so TMX dates are reproducible.
pub fn hanalign_dated(dir: &Path, args: &[&str]) -> Output {
    bin().current_dir(dir).env("SOURCE_DATE_EPOCH", "1767225600").args(args).output().expect("runs")
}

/// Runs `hanalign ARGS` in `dir` with `input` on standard input (fed from a thread, so a large
/// input cannot deadlock against a full output pipe; the command may stop reading early).
pub fn hanalign_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = bin()
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    let feeder = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    match feeder.join().unwrap() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => panic!("writing standard input: {e}"),
        _ => {}
    }
    out
}

/// Output bytes as text (lossy).
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A path in the repository.
pub fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

/// The seed corpus's gold text units in `units` (markup units dropped, as the gold numbering does)
/// and the paragraph (line of `original`) each comes from, found by searching the units in order in
/// the original. Both paths are relative to the repository.
pub fn text_units(units: &str, original: &str) -> (Vec<String>, Vec<usize>) {
    let read = |p: &str| std::fs::read_to_string(repo(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let doc = read(original);
    let mut pos = 0;
    let mut out = (Vec::new(), Vec::new());
    for unit in read(units).lines().filter(|l| !l.trim().is_empty()) {
        let at = pos + doc[pos..].find(unit).unwrap_or_else(|| panic!("{unit:?} in {original}"));
        pos = at + unit.len();
        if unit.trim_start().starts_with("![") {
            continue;
        }
        out.0.push(unit.to_string());
        out.1.push(doc[..at].matches('\n').count());
    }
    out
}
