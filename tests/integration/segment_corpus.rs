//! The shipped corpus: `hanalign segment` reproduces the gold sentence lists of both sides exactly
//! (corpora/<name>/{zh,en}.sentences.txt, one unit per line, markup units included).

use std::path::Path;

fn check(dir: &Path, lang: &str) {
    let gold = std::fs::read_to_string(dir.join(format!("{lang}.sentences.txt"))).unwrap();
    let out =
        crate::util::bin().args(["segment"]).arg(dir.join(format!("{lang}.txt"))).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got = String::from_utf8(out.stdout).unwrap();
    let gold: Vec<&str> = gold.lines().filter(|l| !l.trim().is_empty()).collect();
    let got: Vec<&str> = got.lines().collect();
    for (k, (g, w)) in got.iter().zip(&gold).enumerate() {
        assert_eq!(g, w, "{lang} unit {k} differs from {}", dir.display());
    }
    assert_eq!(got.len(), gold.len(), "{lang}: {} units, gold has {}", got.len(), gold.len());
}

#[test]
fn seed_corpus_matches_the_gold_lists() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/meta-avocado");
    check(&dir, "zh");
    check(&dir, "en");
}
