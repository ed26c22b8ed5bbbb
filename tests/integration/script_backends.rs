//! The two script backends side by side: the default pure-Rust one and the C++ OpenCC (cargo
//! feature `opencc-cpp`, built by `.ci/checks/20-opencc-cpp.sh`). Converts every line of every
//! text under corpora/ both ways with both and reports how often they agree.
#![cfg(feature = "opencc-cpp")]

use hanalign::script::{Converter, CppConverter, FmmsegConverter};

fn corpus_lines() -> Vec<String> {
    let mut lines = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/corpora"))];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(&path).unwrap();
                lines.extend(
                    text.lines().filter(|l| l.chars().any(hanalign::script::is_han)).map(String::from),
                );
            }
        }
    }
    lines
}

#[test]
fn cpp_backend_converts_like_opencc() {
    let cpp = CppConverter::new().expect("OpenCC opens its dictionaries");
    assert_eq!(cpp.t2s("超級智能實驗室的後續發展"), "超级智能实验室的后续发展");
    assert_eq!(cpp.s2t("超级智能实验室"), "超級智能實驗室");
    assert_eq!(cpp.name(), "opencc-cpp");
}

#[test]
fn backends_agree_on_the_corpora() {
    let (rust, cpp) = (FmmsegConverter::new(), CppConverter::new().unwrap());
    let lines = corpus_lines();
    assert!(!lines.is_empty(), "no Chinese text under corpora/");
    for (dir, convert) in [("t2s", 0), ("s2t", 1)] {
        let run = |c: &dyn Converter, l: &str| if convert == 0 { c.t2s(l) } else { c.s2t(l) };
        let mut agree = 0;
        for l in &lines {
            let (a, b) = (run(&rust, l), run(&cpp, l));
            if a == b {
                agree += 1;
            } else {
                eprintln!("{dir} differs:\n  {}: {a}\n  {}: {b}", rust.name(), cpp.name());
            }
        }
        let rate = 100.0 * agree as f64 / lines.len() as f64;
        println!(
            "{dir}: {} and {} agree on {agree}/{} lines = {rate:.2}%",
            rust.name(),
            cpp.name(),
            lines.len()
        );
        assert!(rate >= 90.0, "{dir}: backends agree on only {rate:.2}% of lines");
    }
}
