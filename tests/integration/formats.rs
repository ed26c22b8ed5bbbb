//! Input formats through the real binary: the seed pair as .docx, .html and .md (made from the .txt
//! pair by `tests/data/formats/make.py`, with headings, a table, a footnote, images, revisions,
//! hidden text and fields) segments like the gold and aligns like the .txt pair; broken files are
//! errors naming the file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    crate::util::bin().current_dir(root()).args(args).output().expect("runs")
}

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

/// The gold sentences of one side, text units only (structured formats drop image lines).
fn gold_text_units(lang: &str) -> String {
    let gold =
        std::fs::read_to_string(root().join(format!("corpora/meta-avocado/{lang}.sentences.txt"))).unwrap();
    gold.lines().filter(|l| *l != "![]()").map(|l| format!("{l}\n")).collect()
}

#[test]
fn each_format_segments_like_the_gold_sentences() {
    for lang in ["zh", "en"] {
        let gold = gold_text_units(lang);
        for ext in ["docx", "html", "md"] {
            let file = format!("tests/data/formats/{lang}.{ext}");
            let got = stdout(&run(&["segment", &file]));
            assert_eq!(got, gold, "{file}");
        }
    }
}

#[test]
fn each_format_aligns_like_the_txt_pair() {
    let txt = stdout(&run(&[
        "align",
        "corpora/meta-avocado/zh.txt",
        "corpora/meta-avocado/en.txt",
        "--format",
        "beads",
        "--no-lexicon",
    ]));
    assert!(txt.lines().count() > 50, "{txt}");
    for ext in ["docx", "html", "md"] {
        let (zh, en) = (format!("tests/data/formats/zh.{ext}"), format!("tests/data/formats/en.{ext}"));
        let got = stdout(&run(&["align", &zh, &en, "--format", "beads", "--no-lexicon"]));
        assert_eq!(got, txt, "{ext}");
    }
}

#[test]
fn docx_skips_deleted_hidden_and_field_text_and_keeps_inserted_and_linked_text() {
    let got = stdout(&run(&["segment", "tests/data/formats/zh.docx"]));
    for hidden in ["DELETED", "HIDDEN", "CONT"] {
        assert!(!got.contains(hidden), "{hidden} leaked into:\n{got}");
    }
    // The PAGE field's result "7" would end the sixth paragraph.
    assert!(!got.contains("震蕩。7"), "{got}");
    // The footnote comes after the body, as the last unit.
    assert!(got.trim_end().ends_with("only provides information storage services."), "{got}");
}

#[test]
fn input_format_overrides_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.txt");
    std::fs::write(&page, "<p>第一句。第二句!</p><script>x</script>").unwrap();
    let p = page.to_str().unwrap();
    assert_eq!(stdout(&run(&["segment", "--input-format", "html", p])), "第一句。\n第二句!\n");
    assert!(stdout(&run(&["segment", p])).starts_with("<p>第一句。\n"), "read as plain text");
}

fn error_of(args: &[&str]) -> String {
    let o = run(args);
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(o.stdout.is_empty());
    String::from_utf8(o.stderr).unwrap()
}

#[test]
fn a_corrupt_docx_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.docx");
    let mut bytes = std::fs::read(root().join("tests/data/formats/zh.docx")).unwrap();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&bad, &bytes).unwrap();
    let err = error_of(&["segment", bad.to_str().unwrap()]);
    assert!(err.starts_with(&format!("hanalign: {}: not a .docx", bad.display())), "{err}");

    let enc = dir.path().join("secret.docx");
    std::fs::write(&enc, [&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..], &[0; 504]].concat())
        .unwrap();
    let err = error_of(&["segment", enc.to_str().unwrap()]);
    assert!(err.contains("secret.docx: an encrypted (password-protected) Word file"), "{err}");

    // A Word file named .txt is not read as text.
    let named_txt = dir.path().join("article.txt");
    std::fs::copy(root().join("tests/data/formats/zh.docx"), &named_txt).unwrap();
    let err = error_of(&["segment", named_txt.to_str().unwrap()]);
    assert!(err.contains("article.txt: a zip archive or Office file, not plain text"), "{err}");
}

#[test]
fn non_utf8_html_without_a_charset_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("gbk.html");
    // "<p>中文。</p>" in GBK.
    std::fs::write(&page, b"<p>\xd6\xd0\xce\xc4\xa1\xa3</p>").unwrap();
    let err = error_of(&["segment", page.to_str().unwrap()]);
    assert!(err.contains("gbk.html: byte 3: not UTF-8, and the page declares no charset"), "{err}");

    let declared = dir.path().join("declared.html");
    std::fs::write(&declared, b"<meta charset=gbk><p>\xd6\xd0\xce\xc4\xa1\xa3</p>").unwrap();
    assert_eq!(stdout(&run(&["segment", declared.to_str().unwrap()])), "中文。\n");
}

#[test]
fn the_generated_fixtures_are_up_to_date() {
    // make.py is the source of the fixtures: re-running it must not change them.
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("python3 not found; skipping");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("tests/data/formats");
    std::fs::create_dir_all(&copy).unwrap();
    std::fs::create_dir_all(dir.path().join("corpora")).unwrap();
    copy_dir(&root().join("corpora/meta-avocado"), &dir.path().join("corpora/meta-avocado"));
    std::fs::copy(root().join("tests/data/formats/make.py"), copy.join("make.py")).unwrap();
    let o = Command::new("python3").arg(copy.join("make.py")).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["zh.docx", "en.docx", "zh.html", "en.html", "zh.md", "en.md"] {
        let want = std::fs::read(root().join("tests/data/formats").join(f)).unwrap();
        assert!(std::fs::read(copy.join(f)).unwrap() == want, "{f} differs from make.py's output");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn damaged_documents_are_errors_or_text_never_panics() {
    use hanalign::input::{InputFormat, extract};
    for (file, format) in [
        ("tests/data/formats/zh.docx", InputFormat::Docx),
        ("tests/data/formats/en.html", InputFormat::Html),
        ("tests/data/formats/zh.md", InputFormat::Markdown),
    ] {
        let bytes = std::fs::read(root().join(file)).unwrap();
        // Every truncation point in steps, and single-byte changes spread over the file.
        for cut in (0..bytes.len()).step_by(97) {
            let _ = extract(&bytes[..cut], Path::new(file), format);
        }
        for at in (0..bytes.len()).step_by(131) {
            let mut b = bytes.clone();
            b[at] ^= 0x5A;
            let _ = extract(&b, Path::new(file), format);
        }
    }
}
