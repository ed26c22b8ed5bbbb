//! Hostile TMX input (issue 13's TMX items): deep nesting, many attributes, bad dates, a missing
//! `version`, raw `]]>`, and files that cannot be read. Each test is named after what it guards.

use std::path::Path;

use crate::util::hanalign_dated as hanalign;
use hanalign::tmx;

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n<header \
    creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" \
    srclang=\"zh-TW\" datatype=\"plaintext\"/>\n<body>\n";

fn doc(body: &str) -> String {
    format!("{HEAD}{body}</body>\n</tmx>\n")
}

fn tu(zh: &str, en: &str) -> String {
    format!(
        "<tu><tuv xml:lang=\"zh-TW\"><seg>{zh}</seg></tuv><tuv xml:lang=\"en-US\"><seg>{en}</seg></tuv></tu>\n"
    )
}

/// 20,000 nested `<hi>` in one segment: about 180 KB.
fn nested_hi() -> String {
    doc(&tu(&format!("{}x{}", "<hi>".repeat(20_000), "</hi>".repeat(20_000)), "x"))
}

/// 100,000 nested `<tu>`.
fn nested_tu() -> String {
    doc(&format!("{}{}", "<tu>".repeat(100_000), "</tu>".repeat(100_000)))
}

#[test]
fn deeply_nested_inline_codes_are_refused_not_a_stack_overflow() {
    let d = nested_hi();
    let e = tmx::read_bytes(d.as_bytes(), Path::new("deep.tmx")).unwrap_err().to_string();
    assert!(e.starts_with("deep.tmx:5:") && e.contains("more than 256 deep"), "{e}");
    let f = tmx::validate_bytes(d.as_bytes(), Path::new("deep.tmx"));
    assert!(f.iter().any(|f| f.message.contains("more than 256 deep")), "{f:?}");
}

#[test]
fn deeply_nested_units_are_refused_by_every_tmx_command() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("deep.tmx"), nested_tu()).unwrap();
    std::fs::write(tmp.path().join("hi.tmx"), nested_hi()).unwrap();
    for (args, code) in [
        (vec!["tmx", "stats", "deep.tmx"], 2),
        (vec!["tmx", "merge", "deep.tmx", "deep.tmx"], 2),
        (vec!["tmx", "validate", "deep.tmx"], 1),
        (vec!["tmx", "validate", "hi.tmx"], 1),
        (vec!["tmx", "stats", "hi.tmx"], 2),
    ] {
        let out = hanalign(tmp.path(), &args);
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.status.code(), Some(code), "{args:?}: {all}");
        assert!(all.contains("more than 256 deep"), "{args:?}: {all}");
    }
}

#[test]
fn glossary_check_with_a_deeply_nested_tmx_is_an_error_not_a_crash() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("hi.tmx"), nested_hi()).unwrap();
    std::fs::write(tmp.path().join("g.tsv"), "模型\tmodel\n").unwrap();
    let out = hanalign(tmp.path(), &["glossary", "check", "-g", "g.tsv", "--tmx", "hi.tmx"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("256 deep"));
}

#[test]
fn many_attributes_on_one_element_are_read_in_one_pass() {
    // 200,000 attributes took 20 s when each was compared with every earlier one; the test only
    // checks the result (speed lives in benches/tmx.rs), but a quadratic reader would stall it.
    let attrs: String = (0..200_000).map(|i| format!(" x-a{i}=\"{i}\"")).collect();
    let d = doc(&format!("<tu{attrs}><tuv xml:lang=\"zh-TW\"><seg>一</seg></tuv></tu>\n"));
    let t = tmx::read_bytes(d.as_bytes(), Path::new("a.tmx")).unwrap();
    assert_eq!(t.tus[0].attrs.0.len(), 200_000);
    assert_eq!(t.tus[0].attrs.get("x-a199999"), Some("199999"));
    let dup = doc(&format!("<tu{attrs} x-a7=\"again\"><tuv xml:lang=\"zh-TW\"><seg>一</seg></tuv></tu>\n"));
    let e = tmx::read_bytes(dup.as_bytes(), Path::new("a.tmx")).unwrap_err().to_string();
    assert!(e.contains("repeats attribute `x-a7`"), "{e}");
}

#[test]
fn validate_rejects_an_unparsable_date() {
    let d = doc(&tu("一", "one").replace("<tu>", "<tu changedate=\"2025-13-01\">"));
    let f = tmx::validate_bytes(d.as_bytes(), Path::new("d.tmx"));
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0].to_string().starts_with("d.tmx:5:1: error:") && f[0].message.contains("not a TMX date"),
        "{f:?}"
    );
    let ok = doc(&tu("一", "one").replace("<tu>", "<tu changedate=\"20250131T235900Z\">"));
    assert_eq!(tmx::validate_bytes(ok.as_bytes(), Path::new("d.tmx")), vec![]);
}

#[test]
fn validate_rejects_a_missing_version() {
    let d = doc(&tu("一", "one")).replace("<tmx version=\"1.4\">", "<tmx>");
    let f = tmx::validate_bytes(d.as_bytes(), Path::new("v.tmx"));
    assert!(f.iter().any(|f| f.message.contains("lacks the required attribute `version`")), "{f:?}");
}

#[test]
fn validate_rejects_raw_cdata_end_in_content() {
    let d = doc(&tu("一", "a ]]> b"));
    let f = tmx::validate_bytes(d.as_bytes(), Path::new("c.tmx"));
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].to_string().starts_with("c.tmx:5:") && f[0].message.contains("]]>"), "{f:?}");
    // escaped, it is fine
    let ok = doc(&tu("一", "a ]]&gt; b"));
    assert_eq!(tmx::validate_bytes(ok.as_bytes(), Path::new("c.tmx")), vec![]);
}

#[test]
fn validate_goes_on_after_a_missing_file() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("bad.tmx"), doc(&tu("一", ""))).unwrap();
    let out = hanalign(tmp.path(), &["tmx", "validate", "missing.tmx", "bad.tmx"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("missing.tmx") && stderr.contains("bad.tmx: 1 error(s)"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("empty <seg>"));
}

#[test]
fn control_characters_split_across_reads_are_found() {
    // A C1 control (two bytes) and U+FFFF (three) at every offset relative to the reader's chunks.
    let base = doc(&tu("一\u{85}二\u{FFFF}", "one"));
    let f = tmx::validate_bytes(base.as_bytes(), Path::new("k.tmx"));
    assert_eq!(
        f.iter().filter(|f| f.message.contains("U+0085") || f.message.contains("U+FFFF")).count(),
        2,
        "{f:?}"
    );
    // The reader fills 256 KiB at a time: put the controls across that boundary.
    let lead = format!("{HEAD}<tu><tuv xml:lang=\"zh-TW\"><seg>");
    for back in 0..4 {
        let pad = "a".repeat(256 * 1024 - back - lead.len());
        let big = doc(&tu(&format!("{pad}\u{85}\u{FFFF}"), "y"));
        let f = tmx::validate_bytes(big.as_bytes(), Path::new("k.tmx"));
        let n = f.iter().filter(|f| f.message.contains("U+0085") || f.message.contains("U+FFFF")).count();
        assert_eq!(n, 2, "{back} bytes before the boundary: {f:?}");
        let col = 256 * 1024 - back - lead.len() + "<tu><tuv xml:lang=\"zh-TW\"><seg>".len() + 1;
        let c = f.iter().find(|f| f.message.contains("U+0085")).unwrap();
        assert!(c.to_string().starts_with(&format!("k.tmx:5:{col}:")), "{c}");
    }
}
