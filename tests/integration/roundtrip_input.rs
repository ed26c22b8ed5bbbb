//! Round trips judged against the input itself (issue 16): a glossary file converted away and back
//! must be the file it was, and a TMX model written and read back must be the model it was, not
//! merely what the code under test says the format can hold (`glossary::restrict`) or what the
//! writer wrote the first time.

use std::path::Path;

use crate::util::repo;
use hanalign::tmx::{self, Attrs, Element, Header, Meta, Node, Note, Prop, Tmx, Tu, Tuv};

/// `hanalign glossary convert FROM TO --to FORMAT` (or `--from` for reading back), exit 0.
fn convert(dir: &Path, args: &[&str]) {
    let o = crate::util::bin().current_dir(dir).arg("glossary").arg("convert").args(args).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
}

/// Converts `input` (TSV) to each of `formats` and back to TSV; every result must equal the input file.
fn round_trips_to_itself(input: &str, formats: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("in.tsv"), input).unwrap();
    for f in formats {
        convert(d, &["in.tsv", &format!("out.{f}"), "--to", f]);
        convert(d, &[&format!("out.{f}"), "back.tsv", "--from", f, "--to", "tsv"]);
        assert_eq!(std::fs::read_to_string(d.join("back.tsv")).unwrap(), input, "tsv -> {f} -> tsv");
    }
}

#[test]
fn a_plain_glossary_comes_back_as_the_same_file_from_every_format() {
    // Source, target and comment only: what every format holds.
    let input = "牛油果\tAvocado\tproduct\n扎克伯格\tZuckerberg\tperson\n超級智能\tsuperintelligence\n\
                 開源\topen-source\tterm; as the article writes it\n";
    round_trips_to_itself(input, &["tsv", "csv", "tbx", "tbx-core", "tbx-basic"]);
}

#[test]
fn concept_ids_and_flags_come_back_as_written() {
    let input = "臉書\tMeta\tcompany; old name\tid=fb\n臉書\tFacebook\t\tid=fb; tgt=forbidden\n\
                 大語言模型\tlarge language model\tterm\tid=llm\nLLM\tLLM\t\tid=llm; src=abbr; tgt=abbr\n";
    round_trips_to_itself(input, &["tsv", "csv"]);
}

#[test]
fn the_shipped_glossaries_come_back_as_the_same_files() {
    for f in ["glossary/ai-industry.tsv", "tests/data/glossary-check/glossary.tsv"] {
        round_trips_to_itself(&std::fs::read_to_string(repo(f)).unwrap(), &["tsv"]);
    }
}

fn text(s: &str) -> Node {
    Node::Text(s.to_string())
}

/// A TMX model with what a CAT tool's export holds: header notes and props, unit attributes, notes
/// and props, inline codes, escapes, Chinese and astral characters.
fn rich_tmx() -> Tmx {
    let mut header = Header::new("zh-TW");
    header.meta.push(Meta::Prop(Prop {
        attrs: Attrs::from_pairs([("type", "x-project")]),
        value: "avocado & co".into(),
    }));
    header.meta.push(Meta::Note(Note { attrs: Attrs::default(), text: "exported <by hand>".into() }));
    let mut t = Tmx { attrs: Attrs::from_pairs([("version", "1.4")]), header, tus: Vec::new() };
    let bold = |id: &str, kids: Vec<Node>| {
        Node::Element(Element { name: id.into(), attrs: Attrs::from_pairs([("i", "1")]), children: kids })
    };
    let mut tu = Tu::pair("zh-TW", "Meta的新模型「牛油果」", "en-US", "Meta's new model \"Avocado\"");
    tu.attrs.set("tuid", "17");
    tu.attrs.set("creationdate", "20251201T120000Z");
    tu.meta.push(Meta::Prop(Prop {
        attrs: Attrs::from_pairs([("type", "x-confidence")]),
        value: "0.93".into(),
    }));
    tu.meta.push(Meta::Note(Note {
        attrs: Attrs::from_pairs([("xml:lang", "en")]),
        text: "check 'model' & name".into(),
    }));
    t.tus.push(tu);
    t.tus.push(Tu {
        attrs: Attrs::from_pairs([("tuid", "18")]),
        meta: Vec::new(),
        tuvs: vec![
            Tuv {
                attrs: Attrs::from_pairs([("xml:lang", "zh-TW")]),
                meta: Vec::new(),
                seg: vec![
                    text("按"),
                    bold("bpt", vec![text("<b>")]),
                    text("這裡😀"),
                    bold("ept", vec![text("</b>")]),
                ],
            },
            Tuv {
                attrs: Attrs::from_pairs([("xml:lang", "en-US")]),
                meta: vec![Meta::Prop(Prop {
                    attrs: Attrs::from_pairs([("type", "x-src")]),
                    value: "web".into(),
                })],
                seg: vec![
                    text("Click "),
                    bold("bpt", vec![text("<b>")]),
                    text("here"),
                    bold("ept", vec![text("</b>")]),
                ],
            },
        ],
        line: None,
    });
    t
}

#[test]
fn a_tmx_model_reads_back_as_itself() {
    let t = rich_tmx();
    let mut bytes = Vec::new();
    tmx::write(&t, &mut bytes).unwrap();
    let mut back = tmx::read_bytes(&bytes, Path::new("rich.tmx")).unwrap();
    for tu in &mut back.tus {
        tu.line = None; // where the unit sat in the file: not part of the model written
    }
    assert_eq!(back, t, "{}", String::from_utf8_lossy(&bytes));
}
