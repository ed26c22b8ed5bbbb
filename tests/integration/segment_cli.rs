//! `hanalign segment` through the real binary: formats, encodings, errors and exit codes.

use crate::util::hanalign as run;
use std::process::Output;

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

#[test]
fn lines_and_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "![]()\nMeta 推出了新模型。它叫 Avocado!\n").unwrap();
    let o = run(dir.path(), &["segment", "a.txt"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o), "![]()\nMeta 推出了新模型。\n它叫 Avocado!\n");

    let o = run(dir.path(), &["segment", "--format", "jsonl", "a.txt"]);
    let lines: Vec<serde_json::Value> =
        stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["kind"], "markup");
    assert_eq!(lines[1]["text"], "Meta 推出了新模型。");
    assert_eq!(lines[1]["start"], 6);
    assert_eq!(lines[1]["paragraph"], 1);
    assert!(lines[1].get("kind").is_none(), "plain text carries no kind");
}

#[test]
fn reads_stdin_and_wrapped() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = crate::util::bin()
        .current_dir(dir.path())
        .args(["segment", "--lang", "en", "--wrapped", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"A sentence\nbroken by a PDF. Next one.").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(stdout(&o), "A sentence broken by a PDF.\nNext one.\n");
}

#[test]
fn encodings_give_the_same_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let text = "第一句。\r\nSecond one. Third one.\r\n";
    let utf16le: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let utf16be: Vec<u8> =
        [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    let bom: Vec<u8> = [0xEF, 0xBB, 0xBF].into_iter().chain(text.bytes()).collect();
    for (name, bytes) in [("plain", text.as_bytes().to_vec()), ("bom", bom), ("le", utf16le), ("be", utf16be)]
    {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let o = run(dir.path(), &["segment", name]);
        assert!(o.status.success(), "{name}");
        assert_eq!(stdout(&o), "第一句。\nSecond one.\nThird one.\n", "{name}");
    }
}

#[test]
fn invalid_input_names_file_and_byte() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.txt"), b"ok line\n\xE4\xB8 broken").unwrap();
    let o = run(dir.path(), &["segment", "bad.txt", "-o", "out.txt"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("hanalign: bad.txt: byte 8: invalid UTF-8"), "{err}");
    assert!(o.stdout.is_empty());
    assert!(!dir.path().join("out.txt").exists(), "no partial output");

    std::fs::write(dir.path().join("odd16.txt"), [0xFF, 0xFE, 0x41]).unwrap();
    let o = run(dir.path(), &["segment", "odd16.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("odd16.txt: byte"));

    let no_bom: Vec<u8> = "Hello.".encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(dir.path().join("nobom16.txt"), no_bom).unwrap();
    let o = run(dir.path(), &["segment", "nobom16.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("nobom16.txt: byte 1: NUL byte"));

    let o = run(dir.path(), &["segment", "missing.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).starts_with("hanalign: missing.txt:"));
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "One. Two.").unwrap();
    let o = run(dir.path(), &["segment", "--lang", "en", "a.txt", "-o", "out.txt"]);
    assert!(o.status.success());
    assert_eq!(std::fs::read_to_string(dir.path().join("out.txt")).unwrap(), "One.\nTwo.\n");
}
