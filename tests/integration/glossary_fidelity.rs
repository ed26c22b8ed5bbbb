//! Glossary fidelity, checked against the INPUT files (issue 13): every format keeps what it can
//! hold (ids, per-row comments, `#` lines, term flags) through read -> write -> read, and names what
//! it cannot hold in one warning per kind. The expectations are computed here, from the input text,
//! by a parser of a few lines that shares nothing with the code under test.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::bin;
use hanalign::glossary::{self, Format};

/// A TSV glossary using what the canonical format holds: header lines, a blank line and a comment
/// further down, concept ids on one and several rows, a comment per row, term flags.
const INPUT: &str = "# Test glossary: AI industry terms.\n\
# Second description line.\n\
Meta超級智能實驗室\tMeta Superintelligence Labs\tlab\tid=msl\n\
MSL\tMSL\tlab; abbreviation of Meta Superintelligence Labs\tid=msl; src=abbr,case; tgt=abbr,case\n\
牛油果\tAvocado\tproduct; code name\n\
臉書\tFacebook\told name\tid=fb; src=deprecated\n\
Facebook\tFacebook\t\tid=fb\n\
\n\
# people\n\
小扎\tZuck\tperson; informal\ttgt=admitted\n\
扎克伯格\tZuckerberg\tperson\tid=zuck; tgt=pos:noun\n\
llm\tlarge language model\tterm\tid=llm\n";

/// One data row as the file says it: source, target, comment, id, flags (a set).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Row {
    src: String,
    tgt: String,
    comment: String,
    id: Option<String>,
    flags: BTreeSet<String>,
}

/// The independent reading of a TSV file: its comment lines and its rows.
fn parse(text: &str) -> (Vec<String>, Vec<Row>) {
    let mut comments = Vec::new();
    let mut rows = Vec::new();
    for line in text.split('\n') {
        if line.starts_with('#') {
            comments.push(line.to_string());
            continue;
        }
        if line.is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let mut row = Row {
            src: cols[0].into(),
            tgt: cols[1].into(),
            comment: cols.get(2).unwrap_or(&"").to_string(),
            id: None,
            flags: BTreeSet::new(),
        };
        for attr in cols.get(3).unwrap_or(&"").split(';').map(str::trim).filter(|a| !a.is_empty()) {
            let (k, v) = attr.split_once('=').unwrap();
            if k == "id" {
                row.id = Some(v.into());
            } else {
                for f in v.split(',') {
                    row.flags.insert(format!("{k}={f}"));
                }
            }
        }
        rows.push(row);
    }
    (comments, rows)
}

fn run(args: &[&str], dir: &Path) -> Output {
    bin().args(args).current_dir(dir).output().expect("run hanalign")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Converts INPUT to `name` (format `to`) and back to TSV with the real binary; returns the TSV
/// text and the warnings of the first conversion.
fn trip(name: &str, to: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.tsv"), INPUT).unwrap();
    let o = run(&["glossary", "convert", "in.tsv", name, "--to", to], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let warnings = stderr(&o);
    let o = run(&["glossary", "convert", name, "back.tsv"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "reading back {name} found problems");
    (std::fs::read_to_string(dir.path().join("back.tsv")).unwrap(), warnings)
}

fn without_flags(rows: &[Row], drop: &[&str]) -> Vec<Row> {
    rows.iter()
        .cloned()
        .map(|mut r| {
            r.flags.retain(|f| {
                !drop.iter().any(|d| f.ends_with(&format!("={d}")) || f.contains(&format!("={d}:")))
            });
            r
        })
        .collect()
}

#[test]
fn tsv_to_tsv_is_byte_identical() {
    let (back, warnings) = trip("out.tsv", "tsv");
    assert_eq!(warnings, "");
    assert_eq!(back, INPUT);
}

#[test]
fn tsv_to_csv_to_tsv_keeps_ids_rows_comments_and_flags_and_names_the_comment_lines_it_drops() {
    let (back, warnings) = trip("out.csv", "csv");
    let (in_comments, in_rows) = parse(INPUT);
    let (back_comments, back_rows) = parse(&back);
    assert_eq!(back_rows, in_rows);
    assert!(back_comments.is_empty());
    // One warning for the kind, with the count.
    assert_eq!(warnings.lines().count(), 1, "{warnings}");
    assert!(
        warnings.contains(&format!("csv cannot hold comment lines: {}×", in_comments.len())),
        "{warnings}"
    );
}

#[test]
fn tsv_to_tbx_to_tsv_keeps_ids_rows_comments_and_header_and_names_what_it_cannot_hold() {
    for to in ["tbx", "tbx-basic"] {
        let (back, warnings) = trip(&format!("out-{to}.tbx"), to);
        let (in_comments, in_rows) = parse(INPUT);
        let (back_comments, back_rows) = parse(&back);
        // TBX has no case flag; everything else of the rows survives.
        assert_eq!(back_rows, without_flags(&in_rows, &["case"]), "{to}\n{back}");
        // Comment lines: all kept, the one between entries moved to the header.
        assert_eq!(
            back_comments.iter().collect::<BTreeSet<_>>(),
            in_comments.iter().collect::<BTreeSet<_>>(),
            "{to}"
        );
        let kinds: Vec<&str> = warnings.lines().collect();
        assert_eq!(kinds.len(), 2, "{to}: {warnings}");
        assert!(warnings.contains("cannot hold case sensitivity: 2×"), "{warnings}");
        assert!(
            warnings.contains("cannot hold comment lines between entries (moved to the header): 1×"),
            "{warnings}"
        );
    }
}

#[test]
fn tsv_to_tbx_core_keeps_terms_ids_and_comments_and_names_every_kind_it_drops() {
    let (back, warnings) = trip("core.tbx", "tbx-core");
    let (_, in_rows) = parse(INPUT);
    let (_, back_rows) = parse(&back);
    let strip = |rows: &[Row]| -> Vec<(String, String, String)> {
        rows.iter().map(|r| (r.src.clone(), r.tgt.clone(), r.comment.clone())).collect()
    };
    assert_eq!(strip(&back_rows), strip(&in_rows));
    assert!(back_rows.iter().all(|r| r.flags.is_empty()));
    // The ids are the input's: kept where it had them, none added where it had none.
    let ids = |rows: &[Row]| rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&back_rows), ids(&in_rows));
    for kind in ["term status: 2×", "abbreviation marks: 2×", "part of speech: 1×", "case sensitivity: 2×"]
    {
        assert!(warnings.contains(kind), "{kind}: {warnings}");
    }
}

#[test]
fn the_shipped_glossary_survives_tbx_and_back_byte_for_byte() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("glossary/ai-industry.tsv");
    let text = std::fs::read_to_string(&shipped).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, to) in [("g.tbx", "tbx"), ("basic.tbx", "tbx-basic"), ("g.tsv", "tsv")] {
        let o = run(&["glossary", "convert", &shipped.display().to_string(), name, "--to", to], dir.path());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let o = run(&["glossary", "convert", name, "back.tsv"], dir.path());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(std::fs::read_to_string(dir.path().join("back.tsv")).unwrap(), text, "{to}");
    }
}

#[test]
fn csv_and_tbx_inputs_keep_their_own_ids_and_comments_through_their_own_format() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "\u{FEFF}id,zh,en,note,zh_flags,en_flags\n\
               17,Meta超級智能實驗室,Meta Superintelligence Labs,lab,,\n\
               17,MSL,MSL,\"abbreviation, of the lab\",abbr,abbr\n\
               ,牛油果,Avocado,code name,,\n";
    std::fs::write(dir.path().join("in.csv"), csv).unwrap();
    let o = run(&["glossary", "convert", "in.csv", "out.csv"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(dir.path().join("out.csv")).unwrap(), csv);
    let tbx = "<?xml version=\"1.0\"?>\n<martif type=\"TBX\" xml:lang=\"zh\"><text><body>\n\
        <termEntry id=\"msl-lab\"><note>Meta's lab</note>\
        <langSet xml:lang=\"zh\"><tig><term>Meta超級智能實驗室</term></tig></langSet>\
        <langSet xml:lang=\"en\"><tig><term>Meta Superintelligence Labs</term></tig></langSet></termEntry>\n\
        </body></text></martif>\n";
    std::fs::write(dir.path().join("in.tbx"), tbx).unwrap();
    let o = run(&["glossary", "convert", "in.tbx", "out.tbx"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (g, _) = glossary::load(&dir.path().join("out.tbx")).unwrap();
    assert_eq!(g.entries[0].id.as_deref(), Some("msl-lab"));
    assert_eq!(g.entries[0].notes(), vec!["Meta's lab"]);
}

#[test]
fn every_format_reads_back_what_it_writes_from_the_input() {
    // Library level: read INPUT, write each format, read it back, write TSV: the rows are the
    // input's, less what the format names in its warnings.
    let (g, d) = glossary::read_str(INPUT, Format::Tsv, Path::new("in.tsv")).unwrap();
    assert!(d.is_empty());
    let (_, in_rows) = parse(INPUT);
    for f in [Format::Tsv, Format::Csv, Format::Tbx2, Format::TbxBasic] {
        let mut out = Vec::new();
        let warnings = glossary::write(&g, f, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let (back, d) = glossary::read_str(&text, f, &PathBuf::from("x")).unwrap();
        assert!(d.is_empty(), "{f:?}: {d:?}");
        let mut tsv = Vec::new();
        glossary::write(&back, Format::Tsv, &mut tsv).unwrap();
        let (_, rows) = parse(&String::from_utf8(tsv).unwrap());
        let lost_case = warnings.iter().any(|w| w.contains("case sensitivity"));
        let want = if lost_case { without_flags(&in_rows, &["case"]) } else { in_rows.clone() };
        assert_eq!(rows, want, "{f:?}");
    }
}
