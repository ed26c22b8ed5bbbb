//! The `hanalign glossary` commands, run as a user would: the real binary in a temp dir.

use std::path::Path;
use std::process::Output;

use crate::util::{bin, repo};
use hanalign::glossary::{self, check};

fn run(args: &[&str], dir: &Path) -> Output {
    bin().args(args).current_dir(dir).output().expect("run hanalign")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn data(p: &str) -> String {
    repo("tests/data/glossary-check").join(p).display().to_string()
}

#[test]
fn the_shipped_glossary_passes_lint() {
    let o = run(&["glossary", "lint", &repo("glossary/ai-industry.tsv").display().to_string()], &repo("."));
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o), "");
}

#[test]
fn the_shipped_glossary_converts_to_every_format_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = repo("glossary/ai-industry.tsv");
    let (original, _) = glossary::load(&shipped).unwrap();
    for (name, to) in
        [("g.csv", "csv"), ("g.tbx", "tbx"), ("core.tbx", "tbx-core"), ("basic.tbx", "tbx-basic")]
    {
        let o = run(&["glossary", "convert", &shipped.display().to_string(), name, "--to", to], dir.path());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let format = glossary::Format::from_name(to).unwrap();
        // Only what the format cannot hold is named (the exact rows are checked against the
        // file itself in tests/glossary_fidelity.rs).
        for w in stderr(&o).lines() {
            assert!(w.starts_with(&format!("hanalign: warning: {} cannot hold", format.name())), "{w}");
        }
        let o = run(&["glossary", "convert", name, "back.tsv"], dir.path());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let (back, diags) = glossary::load(&dir.path().join("back.tsv")).unwrap();
        assert!(diags.is_empty());
        assert_eq!(back.entries.len(), original.entries.len(), "{to}");
        // The concepts survive: MSL is an abbreviation of Meta Superintelligence Labs.
        let msl = back.entries.iter().find(|e| e.main_src() == "Meta超級智能實驗室").unwrap();
        let tgt: Vec<&str> = msl.tgt.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(tgt, ["Meta Superintelligence Labs", "MSL"]);
    }
}

#[test]
fn convert_warns_about_what_the_target_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["glossary", "convert", &data("glossary.tsv"), "core.tbx", "--to", "tbx-core"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("hanalign: warning: tbx-core cannot hold term status: 1×"), "{}", stderr(&o));
    let o = run(&["glossary", "convert", &data("glossary.tsv"), "out.weird"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("give --to"), "{}", stderr(&o));
    assert!(!dir.path().join("out.weird").exists());
}

#[test]
fn lint_reports_path_line_and_fix_keeps_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Source\tTarget\n牛油果\tAvocado\n牛油果\tAvocado\n超级智能\tsuperintelligence\n超級智能\tsuperintelligence\n元宇宙\u{3000}\tmetaverse\n";
    std::fs::write(dir.path().join("g.txt"), text).unwrap();
    let o = run(&["glossary", "lint", "g.txt"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(lines[0].starts_with("g.txt:1: header row"));
    assert!(lines[1].starts_with("g.txt:3: duplicate of line 2"));
    assert!(lines[2].starts_with("g.txt:5: one concept entered twice, in the other Chinese script"));
    assert!(lines[3].starts_with("g.txt:6: leading or trailing space"));
    let o = run(&["glossary", "lint", "--fix", "g.txt"], dir.path());
    assert_eq!(o.status.code(), Some(0), "everything was fixable: {}", stderr(&o));
    assert!(stderr(&o).contains("original kept as g.txt.bak"));
    assert_eq!(std::fs::read_to_string(dir.path().join("g.txt.bak")).unwrap(), text);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("g.txt")).unwrap(),
        "牛油果\tAvocado\n超级智能\tsuperintelligence\n元宇宙\tmetaverse\n"
    );
    assert_eq!(run(&["glossary", "lint", "g.txt"], dir.path()).status.code(), Some(0));
}

#[test]
fn check_flags_the_planted_error_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let args = |en: &str| {
        vec![
            "glossary".to_string(),
            "check".into(),
            data("zh.txt"),
            en.to_string(),
            "--presegmented".into(),
            "-g".into(),
            data("glossary.tsv"),
        ]
    };
    let clean = bin().args(args(&data("en.txt"))).output().unwrap();
    assert_eq!(clean.status.code(), Some(0), "{}{}", stdout(&clean), stderr(&clean));
    assert_eq!(stdout(&clean), "");
    // Plant one error: the forbidden old name in sentence 2 (counted from 0, like jsonl).
    let en = std::fs::read_to_string(data("en.txt"))
        .unwrap()
        .replace("Meta shares fell.", "Facebook shares fell.");
    let planted = dir.path().join("en.txt");
    std::fs::write(&planted, en).unwrap();
    let o = bin().args(args(&planted.display().to_string())).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "bead 2 (zh 2, en 2): forbidden term `Facebook` used; use `Meta` | zh: 臉書的股價下跌了。 | en: Facebook shares fell.\n"
    );
    let mut json_args = args(&planted.display().to_string());
    json_args.push("--json".into());
    let o = bin().args(json_args).output().unwrap();
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["kind"], "forbidden");
    assert_eq!(v["tgt"], "Facebook shares fell.");
    assert_eq!(v["glossary_line"], 5);
}

/// The seed corpus, paired by its gold alignment (text units only), as check pairs.
fn gold_pairs() -> Vec<check::Pair> {
    let units = |p: &str| -> Vec<String> {
        std::fs::read_to_string(repo(p))
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with("!["))
            .map(str::to_string)
            .collect()
    };
    let (zh, en) =
        (units("corpora/meta-avocado/zh.sentences.txt"), units("corpora/meta-avocado/en.sentences.txt"));
    let idx = |s: &str| -> Vec<usize> {
        s.trim_matches(|c| c == '[' || c == ']')
            .split(',')
            .filter(|x| !x.is_empty())
            .map(|x| x.trim().parse().unwrap())
            .collect()
    };
    std::fs::read_to_string(repo("corpora/meta-avocado/gold.align"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(n, l)| {
            let (a, b) = l.split_once(':').unwrap();
            check::Pair {
                label: format!("bead {}", n + 1),
                src: idx(a).iter().map(|&i| zh[i].as_str()).collect::<String>(),
                tgt: idx(b).iter().map(|&i| en[i].as_str()).collect::<Vec<_>>().join(" "),
            }
        })
        .collect()
}

#[test]
fn on_the_gold_aligned_seed_corpus_check_flags_only_a_planted_error() {
    let (g, _) = glossary::load(&repo("glossary/ai-industry.tsv")).unwrap();
    let mut pairs = gold_pairs();
    assert!(check::check(&g, &pairs).is_empty(), "{:#?}", check::check(&g, &pairs));
    // An abbreviation in the same concept satisfies it: the bead also says (MSL).
    let i = pairs.iter().position(|p| p.tgt.contains("Meta Superintelligence Labs")).unwrap();
    let mut relabelled = pairs.clone();
    relabelled[i].tgt = relabelled[i].tgt.replace("Meta Superintelligence Labs", "the super lab");
    assert!(check::check(&g, &relabelled).is_empty());
    // Plant one error: the Chinese says 英偉達, the translation names someone else.
    let i = pairs.iter().position(|p| p.tgt.contains("Nvidia")).unwrap();
    pairs[i].tgt = pairs[i].tgt.replacen("Nvidia", "AMD", 1);
    let f = check::check(&g, &pairs);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].pair, i);
    assert_eq!(f[0].message, "missing target for `英偉達`: expected `Nvidia`");
}

#[test]
fn extract_finds_the_named_pairs_in_its_top_10_on_the_seed_corpus() {
    let o = run(
        &["glossary", "extract", "corpora/meta-avocado/zh.txt", "corpora/meta-avocado/en.txt", "--top", "10"],
        &repo("."),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let pairs: Vec<(String, String)> = out
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t'))
        .map(|mut c| (c.next().unwrap().into(), c.next().unwrap().into()))
        .collect();
    assert!(pairs.contains(&("牛油果".into(), "Avocado".into())), "{out}");
    assert!(pairs.contains(&("Meta超級智能實驗室".into(), "Meta Superintelligence Labs".into())), "{out}");
    // The output is a glossary `merge` accepts.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("new.tsv"), &out).unwrap();
    let o = run(
        &[
            "glossary",
            "merge",
            &repo("glossary/ai-industry.tsv").display().to_string(),
            "new.tsv",
            "-o",
            "merged.tsv",
        ],
        dir.path(),
    );
    assert!(o.status.code() == Some(0) || o.status.code() == Some(1), "{}", stderr(&o));
    let (merged, _) = glossary::load(&dir.path().join("merged.tsv")).unwrap();
    assert!(merged.entries.len() >= 81);
    // Regression (issue 13): merge keeps the first file as it was (its `#` lines, ids, rows and
    // comments, in order) and the candidates' evidence stays out of the comment column.
    let shipped = std::fs::read_to_string(repo("glossary/ai-industry.tsv")).unwrap();
    let merged_text = std::fs::read_to_string(dir.path().join("merged.tsv")).unwrap();
    let mut rest = merged_text.lines();
    for line in shipped.lines() {
        assert!(rest.any(|m| m == line), "line lost or changed by merge: {line}");
    }
    assert!(!merged_text.contains("score 0."), "{merged_text}");
}

#[test]
fn merge_reports_conflicts_and_writes_the_result() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.tsv"), "小扎\tZuck\n牛油果\tAvocado\n").unwrap();
    std::fs::write(dir.path().join("b.csv"), "zh,en\n小扎,Mark\n牛油果,Avocado\n元宇宙,metaverse\n").unwrap();
    let o = run(&["glossary", "merge", "a.tsv", "b.csv", "-o", "m.tbx"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "hanalign: conflict: b.csv:2: conflicts with a.tsv:1: `小扎` → `Zuck` kept, `Mark` left out"
        ),
        "{}",
        stderr(&o)
    );
    let (m, _) = glossary::load(&dir.path().join("m.tbx")).unwrap();
    let pairs: Vec<(&str, &str)> = m.entries.iter().map(|e| (e.main_src(), e.main_tgt())).collect();
    assert_eq!(pairs, vec![("小扎", "Zuck"), ("牛油果", "Avocado"), ("元宇宙", "metaverse")]);
}

#[test]
fn check_reads_a_tmx() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("t.tmx"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-TW" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>
<body>
<tu><tuv xml:lang="zh-TW"><seg>最新模型牛油果被曝延期。</seg></tuv><tuv xml:lang="en"><seg>The newest model is delayed.</seg></tuv></tu>
<tu><tuv xml:lang="zh-TW"><seg>小扎很著急。</seg></tuv><tuv xml:lang="en"><seg>Zuck is anxious.</seg></tuv></tu>
</body></tmx>"#,
    )
    .unwrap();
    let o = run(&["glossary", "check", "--tmx", "t.tmx", "-g", &data("glossary.tsv")], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "tu 1 (line 4): missing target for `牛油果`: expected `Avocado` | zh: 最新模型牛油果被曝延期。 | en: The newest model is delayed.\n"
    );
}

#[test]
fn on_the_seed_corpus_aligned_by_hanalign_check_flags_only_a_planted_error() {
    let dir = tempfile::tempdir().unwrap();
    let en = std::fs::read_to_string(repo("corpora/meta-avocado/en.txt")).unwrap();
    let args = |en: &str| {
        vec![
            "glossary".to_string(),
            "check".into(),
            repo("corpora/meta-avocado/zh.txt").display().to_string(),
            en.to_string(),
            "-g".into(),
            repo("glossary/ai-industry.tsv").display().to_string(),
        ]
    };
    let clean =
        bin().args(args(&repo("corpora/meta-avocado/en.txt").display().to_string())).output().unwrap();
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    // Plant one terminology error: the Chinese says 英偉達, the translation names someone else.
    let planted = dir.path().join("en.txt");
    std::fs::write(&planted, en.replacen("Nvidia", "AMD", 1)).unwrap();
    let o = bin().args(args(&planted.display().to_string())).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains(": missing target for `英偉達`: expected `Nvidia` | zh: "), "{out}");
    assert!(out.contains("AMD"), "{out}");
}
