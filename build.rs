//! Builds the embedded lexicon's index (`$OUT_DIR/cedict.idx`) from `src/lexicon/cedict.lex.gz`
//! with the library's own builder (`src/lexicon/table.rs` and `stem.rs`, compiled here too), so
//! the binary carries ready tables (and the headword `fst`) and start-up does no decompression or
//! hashing. Runs again only when one of those files changes.

use std::io::Read;

#[allow(dead_code)]
#[path = "src/chars.rs"]
mod chars;
#[allow(dead_code)]
#[path = "src/lexicon/stem.rs"]
mod stem;
#[allow(dead_code)]
#[path = "src/lexicon/table.rs"]
mod table;

fn main() {
    for f in [
        "build.rs",
        "src/lexicon/cedict.lex.gz",
        "src/lexicon/table.rs",
        "src/lexicon/stem.rs",
        "src/chars.rs",
    ] {
        println!("cargo::rerun-if-changed={f}");
    }
    let gz = std::fs::read("src/lexicon/cedict.lex.gz").expect("src/lexicon/cedict.lex.gz is readable");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut text).expect("cedict.lex.gz is gzip'd UTF-8");
    let mut words = Vec::new();
    let mut readings = String::new();
    for (i, line) in text.lines().enumerate() {
        match table::parse_line(line) {
            table::Line::Skip => {}
            table::Line::Word(head, gloss) => words.push((head, gloss)),
            table::Line::Reading(..) => {
                readings.push_str(line);
                readings.push('\n');
            }
            table::Line::Bad(why) => panic!("cedict.lex.gz:{}: {why}", i + 1),
        }
    }
    let tables = table::build(words, readings);
    let big = std::env::var("CARGO_CFG_TARGET_ENDIAN").is_ok_and(|e| e == "big");
    let out =
        std::path::Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("cedict.idx");
    std::fs::write(&out, tables.to_bytes(big)).expect("OUT_DIR is writable");
}
