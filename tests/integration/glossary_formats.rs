//! Round trips between every pair of glossary formats: what the first format holds survives the
//! trip through the second, up to what the second can hold; nothing else changes.

use std::path::Path;

use hanalign::glossary::{self, Entry, Format, Glossary, Status, Term};

/// A glossary using every feature of the model.
fn rich() -> Glossary {
    let mut g = Glossary {
        entries: vec![
            Entry { note: Some("Meta's next model; code name".into()), ..Entry::new("牛油果", "Avocado") },
            Entry {
                src: vec![Term::new("Meta超級智能實驗室"), Term::new("MSL").abbreviated().cased()],
                tgt: vec![
                    Term { pos: Some("noun".into()), ..Term::new("Meta Superintelligence Labs") },
                    Term::new("MSL").abbreviated().cased(),
                    Term::new("Meta AI Labs").with_status(Status::Forbidden),
                ],
                note: Some("lab, \"quoted\" & <tagged>, with, commas; and semicolons".into()),
                ..Entry::default()
            },
            Entry {
                src: vec![Term::new("小扎").with_status(Status::Admitted), Term::new("扎克伯格")],
                tgt: vec![Term { pos: Some("proper noun".into()), ..Term::new("Zuckerberg") }],
                ..Entry::default()
            },
            Entry {
                src: vec![Term::new("臉書").with_status(Status::Deprecated)],
                tgt: vec![Term::new("Facebook")],
                ..Entry::default()
            },
            // Same concept in the other script, a one-sided entry.
            Entry::new("超级智能", "superintelligence"),
            Entry { tgt: vec![], ..Entry::new("元宇宙", "") },
        ],
        ..Glossary::default()
    };
    g.detect_scripts();
    g
}

fn write(g: &Glossary, f: Format) -> String {
    let mut out = Vec::new();
    glossary::write(g, f, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// What a glossary says, whatever rows a format laid it out in: per entry its id, terms and notes.
type Said = Vec<(Option<String>, Vec<Term>, Vec<Term>, Vec<String>)>;

fn said(g: &Glossary) -> Said {
    g.entries
        .iter()
        .map(|e| {
            let mut notes: Vec<String> = e.notes().into_iter().map(str::to_string).collect();
            notes.sort();
            // `rich()` has no ids: any id is one a writer generated (ids are checked against the
            // input in tests/glossary_fidelity.rs).
            let id: Option<String> = None;
            (id, e.src.clone(), e.tgt.clone(), notes)
        })
        .collect()
}

fn read(text: &str, f: Format) -> Glossary {
    let (g, diags) = glossary::read_str(text, f, Path::new("x")).unwrap();
    assert!(diags.is_empty(), "{f:?}: {diags:?}\n{text}");
    g.without_lines()
}

#[test]
fn every_pair_of_formats_round_trips() {
    let g = rich();
    for a in Format::ALL {
        let (in_a, _) = glossary::restrict(&g, a);
        let from_a = read(&write(&g, a), a);
        assert_eq!(said(&from_a), said(&in_a), "{a:?} does not read back what it wrote");
        for b in Format::ALL {
            let (want, _) = glossary::restrict(&in_a, b);
            let text_b = write(&from_a, b);
            assert_eq!(Format::detect(Path::new("x"), Some(&text_b)), Some(b), "{b:?} not recognised");
            let got = read(&text_b, b);
            assert_eq!(said(&got), said(&want), "{a:?} -> {b:?}");
            // And back to a: nothing the two formats both hold is lost.
            let back = read(&write(&got, a), a);
            assert_eq!(said(&back), said(&glossary::restrict(&want, a).0), "{a:?} -> {b:?} -> {a:?}");
        }
    }
}

#[test]
fn each_format_warns_about_what_it_cannot_hold() {
    let g = rich();
    let warnings = |f| glossary::restrict(&g, f).1.join("\n");
    assert_eq!(warnings(Format::Csv), "");
    assert!(warnings(Format::Tsv).contains("empty side: 1×"), "{}", warnings(Format::Tsv));
    let core = warnings(Format::TbxCore);
    for w in ["term status", "abbreviation marks", "part of speech", "case sensitivity"] {
        assert!(core.contains(w), "{core}");
    }
    let basic = warnings(Format::TbxBasic);
    assert!(basic.contains("forbidden (written as deprecated)"), "{basic}");
    assert!(basic.contains("parts of speech other than"), "{basic}");
    assert!(!basic.contains("term status"), "{basic}");
    let v2 = warnings(Format::Tbx2);
    assert!(v2.contains("case sensitivity") && !v2.contains("part of speech"), "{v2}");
}

#[test]
fn what_each_format_holds() {
    let g = rich();
    // TSV and CSV hold everything but TSV's one-sided entry.
    let no_ids = |g: &Glossary| said(g).into_iter().map(|(_, s, t, n)| (s, t, n)).collect::<Vec<_>>();
    assert_eq!(no_ids(&glossary::restrict(&g, Format::Csv).0), no_ids(&g));
    let msl = |f| glossary::restrict(&g, f).0.entries[1].clone();
    assert_eq!(
        (msl(Format::Tsv).src, msl(Format::Tsv).tgt),
        (g.entries[1].src.clone(), g.entries[1].tgt.clone())
    );
    assert_eq!(msl(Format::Tbx2).tgt[2].status, Status::Deprecated);
    assert!(msl(Format::Tbx2).tgt[1].abbreviation);
    assert_eq!(msl(Format::TbxCore).tgt[2].status, Status::Preferred);
    assert_eq!(glossary::restrict(&g, Format::TbxCore).0.entries.len(), 6);
}
