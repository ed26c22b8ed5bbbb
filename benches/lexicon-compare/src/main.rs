//! Finding every headword of the built-in lexicon in real Chinese text, two ways, side by side:
//! hanalign's hash tables (`src/lexicon/table.rs`, compiled here as it is in the library, with
//! the look-up of `Lexicon::find_all`) and an `fst` map of the same headwords, walked byte by byte
//! from each position. Both must find the same matches. Prints sizes and the best of 20 runs.
//!
//!     cargo run --release --manifest-path benches/lexicon-compare/Cargo.toml [TEXT...]
//!
//! TEXT defaults to the six MAC-Dev chapters (../shared/eval/mac-dev/zh/*.zh).

use std::io::Read;
use std::time::Instant;

#[allow(dead_code)]
#[path = "../../../src/lexicon/stem.rs"]
mod stem;
#[allow(dead_code)]
#[path = "../../../src/lexicon/table.rs"]
mod table;

type Found = Vec<(usize, usize, u32)>;

fn main() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let gz = std::fs::read(format!("{root}/src/lexicon/cedict.lex.gz")).expect("cedict.lex.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut text).expect("gzip'd UTF-8");
    let words: Vec<(&str, &str)> = text
        .lines()
        .filter_map(|l| match table::parse_line(l) {
            table::Line::Word(h, g) => Some((h, g)),
            _ => None,
        })
        .collect();
    let t = table::build(words, String::new());
    let n = t.head_off.len() - 1;
    let head = |h: usize| &t.head_text[t.head_off[h] as usize..t.head_off[h + 1] as usize];
    let mut keys: Vec<(&[u8], u64)> = (0..n).map(|h| (head(h), h as u64)).collect();
    keys.sort();
    let map = fst::Map::from_iter(keys.iter().copied()).expect("sorted keys");
    let fst_bytes = map.as_fst().as_bytes().len();
    let hash_bytes = 4 * (t.head_off.len() + t.head_slots.len() + t.first_slots.len()) + t.head_text.len();
    println!("{n} headwords: fst map {fst_bytes} bytes; hash tables with headwords and offsets {hash_bytes} bytes");

    let args: Vec<String> = std::env::args().skip(1).collect();
    let files: Vec<String> = if args.is_empty() {
        (1..=6).map(|i| format!("{root}/../shared/eval/mac-dev/zh/{i:03}.zh")).collect()
    } else {
        args
    };
    let doc: String = files.iter().map(|f| std::fs::read_to_string(f).expect("text file")).collect();
    let doc = doc.to_lowercase();

    let lengths = |c: char| -> u32 {
        let f = &*t.first_slots;
        let pairs = f.len() / 2;
        let mut i = table::char_slot(c as u32, pairs);
        loop {
            match f[2 * i] {
                k if k == c as u32 => return f[2 * i + 1],
                table::NO_CHAR => return 0,
                _ => i = (i + 1) & (pairs - 1),
            }
        }
    };
    let slots = &*t.head_slots;
    let hash_find = |out: &mut Found| {
        let b = doc.as_bytes();
        for (start, c) in doc.char_indices() {
            let mask = lengths(c);
            let mut hash = table::FNV_OFFSET;
            let mut end = start;
            for (k, ch) in doc[start..].chars().take(table::MAX_HEAD_CHARS).enumerate() {
                if mask >> k == 0 {
                    break;
                }
                let next = end + ch.len_utf8();
                hash = table::fnv_extend(hash, &b[end..next]);
                end = next;
                if mask & (1 << k) != 0 {
                    let mut i = table::home(hash, slots.len());
                    while slots[i] != 0 {
                        if head(slots[i] as usize - 1) == &b[start..end] {
                            out.push((start, end, slots[i] - 1));
                            break;
                        }
                        i = (i + 1) & (slots.len() - 1);
                    }
                }
            }
        }
    };
    // the same, decoding characters by their lead byte instead of with `chars()`
    let hash_find2 = |out: &mut Found| {
        let b = doc.as_bytes();
        for (start, c) in doc.char_indices() {
            let mask = lengths(c);
            let chars = 32 - mask.leading_zeros();
            let (mut hash, mut k, mut end) = (table::FNV_OFFSET, 0, start);
            while k < chars && end < b.len() {
                let len = match b[end] {
                    x if x < 0x80 => 1,
                    x if x < 0xE0 => 2,
                    x if x < 0xF0 => 3,
                    _ => 4,
                };
                hash = table::fnv_extend(hash, &b[end..end + len]);
                end += len;
                if mask & (1 << k) != 0 {
                    let mut i = table::home(hash, slots.len());
                    while slots[i] != 0 {
                        if head(slots[i] as usize - 1) == &b[start..end] {
                            out.push((start, end, slots[i] - 1));
                            break;
                        }
                        i = (i + 1) & (slots.len() - 1);
                    }
                }
                k += 1;
            }
        }
    };
    let f = map.as_fst();
    let fst_find = |out: &mut Found| {
        let b = doc.as_bytes();
        for (start, _) in doc.char_indices() {
            let mut node = f.root();
            let mut acc = fst::raw::Output::zero();
            let mut chars = 0;
            for (i, &byte) in b[start..].iter().enumerate() {
                let Some(ti) = node.find_input(byte) else { break };
                let tr = node.transition(ti);
                acc = acc.cat(tr.out);
                node = f.node(tr.addr);
                let end = start + i + 1;
                if doc.is_char_boundary(end) {
                    chars += 1;
                    if node.is_final() {
                        out.push((start, end, acc.cat(node.final_output()).value() as u32));
                    }
                    if chars >= table::MAX_HEAD_CHARS {
                        break;
                    }
                }
            }
        }
    };
    let (mut best_hash, mut best_hash2, mut best_fst) = (f64::MAX, f64::MAX, f64::MAX);
    let (mut a, mut b, mut c) = (Found::new(), Found::new(), Found::new());
    for _ in 0..20 {
        a.clear();
        let t0 = Instant::now();
        hash_find(&mut a);
        best_hash = best_hash.min(t0.elapsed().as_secs_f64());
        b.clear();
        let t0 = Instant::now();
        fst_find(&mut b);
        best_fst = best_fst.min(t0.elapsed().as_secs_f64());
        c.clear();
        let t0 = Instant::now();
        hash_find2(&mut c);
        best_hash2 = best_hash2.min(t0.elapsed().as_secs_f64());
        assert_eq!(a, b, "the two ways disagree");
        assert_eq!(a, c, "the two hash loops disagree");
    }
    println!(
        "{} bytes of text, {} matches: hash tables {:.2} ms (lead-byte loop {:.2} ms), fst walk {:.2} ms \
         (best of 20, alternating)",
        doc.len(),
        a.len(),
        best_hash * 1e3,
        best_hash2 * 1e3,
        best_fst * 1e3
    );
}
