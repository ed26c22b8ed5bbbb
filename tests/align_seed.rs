//! The seed corpus (corpora/meta-avocado) aligned against its gold alignment, with and without the
//! shipped glossary, through the library API on the gold segmentation (markup units dropped, as the
//! gold numbering does).

use std::path::Path;

use hanalign::align::{AlignerBuilder, eval};

fn text_units(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with("!["))
        .map(str::to_string)
        .collect()
}

fn strict_f1(glossary: bool) -> f64 {
    let zh = text_units("corpora/meta-avocado/zh.sentences.txt");
    let en = text_units("corpora/meta-avocado/en.sentences.txt");
    let gold_text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/meta-avocado/gold.align"),
    )
    .unwrap();
    let gold = eval::parse(&gold_text).unwrap();
    let mut builder = AlignerBuilder::new();
    if glossary {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("glossary/ai-industry.tsv");
        let (g, diags) = hanalign::glossary::load(&path).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        builder.glossary(g);
    }
    let zh_refs: Vec<&str> = zh.iter().map(String::as_str).collect();
    let en_refs: Vec<&str> = en.iter().map(String::as_str).collect();
    let a = builder.build().align(&zh_refs, &en_refs, None, None);
    let test: Vec<eval::Pair> = a.beads.iter().map(|b| (b.src.clone(), b.tgt.clone())).collect();
    let s = eval::counts(&gold, &test).scores();
    eprintln!("seed strict F1 {:.3} lax {:.3} (glossary: {glossary})", s.strict, s.lax);
    s.strict
}

#[test]
fn seed_aligns_without_glossary() {
    let f1 = strict_f1(false);
    assert!(f1 >= 0.95, "strict F1 {f1:.3}");
}

#[test]
fn seed_aligns_with_glossary() {
    let f1 = strict_f1(true);
    assert!(f1 >= 0.95, "strict F1 {f1:.3}");
}
