//! The TMX commands through the real binary: `align -o x.tmx`, `tmx validate`, `tmx merge`,
//! `tmx stats`, and atomic output when the destination cannot be written.

use std::path::Path;

use crate::util::{hanalign_dated as hanalign, text};
use hanalign::tmx;

/// A small Traditional Chinese / English pair, one sentence per line, with a control character,
/// `&`, `]]>` and a duplicate pair.
fn corpus(dir: &Path) {
    std::fs::write(
        dir.join("zh.txt"),
        "扎克伯格的帝國正經歷震蕩。\nMeta發布了新模型\u{1}。\n價格是「A&B」]]>。\n扎克伯格的帝國正經歷震蕩。\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("en.txt"),
        "Zuckerberg's empire is shaken.\nMeta released a new model.\nThe price is \"A&B\"]]>.\nZuckerberg's empire is shaken.\n",
    )
    .unwrap();
}

#[test]
fn align_writes_a_valid_tmx_chosen_by_extension() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    corpus(d);
    let out = hanalign(d, &["align", "zh.txt", "en.txt", "--presegmented", "-o", "out.tmx"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("removed 1 control character"), "{err}");
    assert!(err.contains("zh-TW -> en-US"), "{err}");

    let bytes = std::fs::read(d.join("out.tmx")).unwrap();
    let s = text(&bytes);
    assert!(s.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">"), "{s}");
    assert!(s.contains("creationdate=\"20260101T000000Z\""), "{s}");
    assert!(s.contains("&amp;B") && s.contains("]]&gt;"), "{s}");
    assert!(!s.contains('\u{1}'));
    assert!(tmx::validate_bytes(&bytes, Path::new("out.tmx")).is_empty());
    let t = tmx::read_bytes(&bytes, Path::new("out.tmx")).unwrap();
    assert_eq!(t.tus.len(), 3, "the duplicate pair is collapsed");
    assert_eq!(t.tus[1].tuv("zh-TW").unwrap().text(), "Meta發布了新模型。");
    assert_eq!(t.tus[2].tuv("en-US").unwrap().text(), "The price is \"A&B\"]]>.");
    assert_eq!(t.tus[0].prop("x-bead"), Some("1-1"));
    assert_eq!(t.tus[0].prop("x-src-doc"), Some("zh.txt"));

    let v = hanalign(d, &["tmx", "validate", "out.tmx"]);
    assert_eq!(v.status.code(), Some(0), "{}{}", text(&v.stdout), text(&v.stderr));
}

#[test]
fn convert_zh_and_lang_tag_flags() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    corpus(d);
    let out = hanalign(
        d,
        &[
            "align",
            "zh.txt",
            "en.txt",
            "--presegmented",
            "--format",
            "tmx",
            "--convert-zh",
            "hans",
            "--tgt-lang-tag",
            "en",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = tmx::read_bytes(&out.stdout, Path::new("-")).unwrap();
    assert_eq!(t.srclang(), Some("zh-CN"));
    assert_eq!(t.tus[0].tuvs[0].lang(), Some("zh-CN"));
    assert_eq!(t.tus[0].tuvs[0].text(), "扎克伯格的帝国正经历震荡。");
    assert_eq!(t.tus[0].tuvs[1].lang(), Some("en"));

    let bad = hanalign(
        d,
        &["align", "zh.txt", "en.txt", "--presegmented", "-o", "x.tmx", "--src-lang-tag", "zh_CN"],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("zh-CN"), "{}", text(&bad.stderr));
    assert!(!d.join("x.tmx").exists());

    let wrong = hanalign(d, &["align", "zh.txt", "en.txt", "--format", "tsv", "--keep-unpaired"]);
    assert_eq!(wrong.status.code(), Some(2));
}

#[test]
fn keep_unpaired_writes_notes() {
    // The seed article ends with web-page furniture the translation leaves out; whatever beads the
    // aligner leaves unpaired, each must be skipped (and counted) or kept as one note.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let zh = repo.join("corpora/meta-avocado/zh.txt");
    let en = repo.join("corpora/meta-avocado/en.txt");
    let (zh, en) = (zh.to_str().unwrap(), en.to_str().unwrap());
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let skip = hanalign(d, &["align", zh, en, "--format", "tmx"]);
    assert!(skip.status.success(), "{}", text(&skip.stderr));
    let err = text(&skip.stderr);
    let unpaired: usize = err
        .split("skipped ")
        .nth(1)
        .map_or(0, |rest| rest.split_whitespace().next().unwrap().parse().unwrap());
    let skipped = tmx::read_bytes(&skip.stdout, Path::new("-")).unwrap();
    assert_eq!(skipped.tus.iter().map(|t| t.notes().count()).sum::<usize>(), 0);

    let keep = hanalign(d, &["align", zh, en, "--format", "tmx", "--keep-unpaired"]);
    let kept = tmx::read_bytes(&keep.stdout, Path::new("-")).unwrap();
    assert_eq!(tmx::validate_bytes(&skip.stdout, Path::new("-")), vec![]);
    assert_eq!(tmx::validate_bytes(&keep.stdout, Path::new("-")), vec![]);
    let notes: Vec<&str> = kept.tus.iter().flat_map(|t| t.notes()).map(|n| n.text.as_str()).collect();
    assert_eq!(notes.len(), unpaired, "{notes:?}");
    assert!(
        notes
            .iter()
            .all(|n| n.starts_with("unpaired zh-TW (1-0): ") || n.starts_with("unpaired en-US (0-1): "))
    );
    assert_eq!(kept.tus.len(), skipped.tus.len(), "notes never become units");
    for tu in &kept.tus {
        assert!(tu.tuvs.iter().all(|v| !v.text().trim().is_empty()), "no unit has an empty side");
    }
}

#[test]
fn a_destination_that_cannot_be_replaced_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    corpus(d);
    // The destination is a non-empty directory: writing succeeds, the final rename fails.
    std::fs::create_dir(d.join("out.tmx")).unwrap();
    std::fs::write(d.join("out.tmx/keep"), "old").unwrap();
    let out = hanalign(d, &["align", "zh.txt", "en.txt", "--presegmented", "-o", "out.tmx"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("out.tmx"));
    assert_eq!(std::fs::read_to_string(d.join("out.tmx/keep")).unwrap(), "old");
    let stray: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".hanalign-"))
        .collect();
    assert!(stray.is_empty(), "temporary files left: {stray:?}");
}

const BAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n<header creationtool=\"t\" \
creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"zh-CN\" datatype=\"plaintext\"/>\n\
<body>\n<tu><tuv xml:lang=\"zh_CN\"><seg>好</seg></tuv><tuv xml:lang=\"en\"><seg></seg></tuv></tu>\n</body>\n</tmx>\n";

#[test]
fn validate_reports_file_line_col_and_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("bad.tmx"), BAD).unwrap();
    let out = hanalign(d, &["tmx", "validate", "bad.tmx"]);
    assert_eq!(out.status.code(), Some(1));
    let o = text(&out.stdout);
    assert!(o.contains("bad.tmx:5:5: error: tuv xml:lang: `zh_CN` uses `_`"), "{o}");
    assert!(o.contains("bad.tmx:5:") && o.contains("empty <seg>"), "{o}");
    assert_eq!(o.lines().count(), 2, "{o}");

    let json = hanalign(d, &["tmx", "validate", "--json", "bad.tmx"]);
    let first: serde_json::Value = serde_json::from_str(text(&json.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(first["line"], 5);
    assert_eq!(first["severity"], "error");

    let missing = hanalign(d, &["tmx", "validate", "nope.tmx"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).starts_with("hanalign: nope.tmx"));
}

fn mem(dir: &Path, name: &str, date: &str, pairs: &[(&str, &str)]) {
    let mut t = tmx::Tmx::new("zh-TW");
    t.header.attrs.set("creationdate", date);
    for (zh, en) in pairs {
        t.tus.push(tmx::Tu::pair("zh-TW", zh, "en-US", en));
    }
    tmx::write_file(&t, &dir.join(name)).unwrap();
}

#[test]
fn merge_dedupes_and_reports_conflicts_then_stats_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    mem(d, "old.tmx", "20240101T000000Z", &[("一。", "One."), ("二。", "Two.")]);
    mem(d, "new.tmx", "20250101T000000Z", &[("二。", "Two!"), ("三。", "Three."), ("一。", "One.")]);
    let out = hanalign(d, &["tmx", "merge", "old.tmx", "new.tmx", "-o", "all.tmx"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("5 units in, 3 out; 1 duplicate(s), 1 conflict(s)"), "{err}");
    assert!(err.contains("conflict: old.tmx:") && err.contains("kept new.tmx:"), "{err}");
    assert!(
        err.contains("(date 20250101T000000Z is newer than 20240101T000000Z), dropped en-US: Two."),
        "{err}"
    );
    let t = tmx::read_file(&d.join("all.tmx")).unwrap();
    let got: Vec<String> = t.tus.iter().map(|u| u.tuvs[1].text()).collect();
    // the kept units, in input order
    assert_eq!(got, ["Two!", "Three.", "One."]);

    let none = hanalign(d, &["tmx", "merge", "old.tmx", "new.tmx", "--dedupe", "none"]);
    assert_eq!(tmx::read_bytes(&none.stdout, Path::new("-")).unwrap().tus.len(), 5);

    let stats = hanalign(d, &["tmx", "stats", "--json", "all.tmx"]);
    assert!(stats.status.success());
    let j: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(j["tus"], 3);
    assert_eq!(j["langs"]["zh-TW"]["tuvs"], 3);
    let plain = hanalign(d, &["tmx", "stats", "all.tmx"]);
    assert!(text(&plain.stdout).starts_with("translation units: 3\n"));
}

#[test]
fn merge_prefer_confidence_keeps_the_right_unit_and_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let unit = |en: &str, conf: &str| {
        let mut tu = tmx::Tu::pair("zh-TW", "模型延期了。", "en-US", en);
        tu.meta.push(tmx::Meta::Prop(tmx::Prop::new("x-confidence", conf)));
        tu
    };
    let mut right = tmx::Tmx::new("zh-TW");
    right.header.attrs.set("creationdate", "20240101T000000Z");
    right.tus.push(unit("The model was delayed.", "0.997"));
    tmx::write_file(&right, &d.join("right.tmx")).unwrap();
    let mut wrong = tmx::Tmx::new("zh-TW");
    wrong.header.attrs.set("creationdate", "20250101T000000Z");
    wrong.tus.push(unit("Prices rose sharply.", "0.02"));
    tmx::write_file(&wrong, &d.join("wrong.tmx")).unwrap();
    let newest = hanalign(d, &["tmx", "merge", "right.tmx", "wrong.tmx"]);
    let t = tmx::read_bytes(&newest.stdout, Path::new("-")).unwrap();
    assert_eq!(t.tus[0].tuvs[1].text(), "Prices rose sharply.");
    let out = hanalign(d, &["tmx", "merge", "right.tmx", "wrong.tmx", "--prefer", "confidence"]);
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    let t = tmx::read_bytes(&out.stdout, Path::new("-")).unwrap();
    assert_eq!(t.tus.len(), 1);
    assert_eq!(t.tus[0].tuvs[1].text(), "The model was delayed.");
    assert!(err.contains("kept right.tmx:") && err.contains("(x-confidence 0.997 beats 0.02)"), "{err}");
    assert!(err.contains("(highest x-confidence kept)"), "{err}");
}

#[test]
fn merge_warns_about_and_never_prefers_an_unparsable_changedate() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    mem(d, "a.tmx", "20240101T000000Z", &[("一。", "One.")]);
    let mut b = tmx::Tmx::new("zh-TW");
    let mut tu = tmx::Tu::pair("zh-TW", "一。", "en-US", "Wrong.");
    tu.attrs.set("changedate", "9999-99-99");
    b.tus.push(tu);
    tmx::write_file(&b, &d.join("b.tmx")).unwrap();
    let out = hanalign(d, &["tmx", "merge", "a.tmx", "b.tmx"]);
    let err = text(&out.stderr);
    assert!(err.contains("b.tmx:") && err.contains("changedate=\"9999-99-99\" is not a TMX date"), "{err}");
    let t = tmx::read_bytes(&out.stdout, Path::new("-")).unwrap();
    assert_eq!(t.tus[0].tuvs[1].text(), "One.");
}

#[test]
fn reading_a_broken_file_names_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("broken.tmx"), "<tmx version=\"1.4\">\n<header/>\n<body>\n<tu>\n</body></tmx>\n")
        .unwrap();
    let out = hanalign(d, &["tmx", "stats", "broken.tmx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("hanalign: broken.tmx:5:"), "{}", text(&out.stderr));
}
