//! The lexicon's tables: how they are built from entries and laid out as one byte blob.
//!
//! Only `std` and `fst`: `build.rs` compiles this file (with `stem.rs`) to build the embedded
//! lexicon's blob at compile time; the library uses the same code to build a user lexicon at run time, so
//! both lexicons are the same tables, the first borrowed from the binary, the second owned.
//!
//! Blob layout (all integers `u32` in the target's byte order, every section 4-byte aligned):
//! the magic [`MAGIC`], the section count, then an `(offset, length)` pair in bytes per section,
//! then the sections in [`Tables`] field order.

use std::borrow::Cow;
use std::collections::HashMap;

use super::stem::{is_stopword, stem, words};

/// Longest headword (in characters) looked up in text; longer CC-CEDICT entries are rare phrases.
pub const MAX_HEAD_CHARS: usize = 12;

/// First word of a blob ("HLX1" in little-endian byte order).
pub const MAGIC: u32 = u32::from_le_bytes(*b"HLX1");

/// Number of sections in a blob.
pub const SECTIONS: usize = 9;

/// The lexicon as flat tables. Headword `h` is `head_text[head_off[h]..head_off[h + 1]]`, its
/// gloss stem ids `glosses[gloss_start[h]..gloss_start[h + 1]]`; stem `s` is
/// `stem_text[stem_off[s]..stem_off[s + 1]]`. `head_fst` is an `fst` map from each headword of at
/// most [`MAX_HEAD_CHARS`] characters to its index. `stem_slots` is an open-addressing hash table
/// (linear probing, a power of two long) holding index + 1 (0 = empty) at [`fnv`] of the stem.
/// `readings` holds the `p` lines of the lexicon file as they are, parsed on first use.
#[derive(Clone, Default)]
pub struct Tables<'a> {
    /// All headwords back to back (UTF-8).
    pub head_text: Cow<'a, [u8]>,
    /// Byte offsets of the headwords in `head_text` (one more than there are headwords).
    pub head_off: Cow<'a, [u32]>,
    /// Offsets of each headword's glosses in `glosses`.
    pub gloss_start: Cow<'a, [u32]>,
    /// Gloss stem ids.
    pub glosses: Cow<'a, [u32]>,
    /// Headword → index, an `fst` map (headwords of at most [`MAX_HEAD_CHARS`] characters).
    pub head_fst: Cow<'a, [u8]>,
    /// All stems back to back (UTF-8).
    pub stem_text: Cow<'a, [u8]>,
    /// Byte offsets of the stems in `stem_text`.
    pub stem_off: Cow<'a, [u32]>,
    /// Stem hash table.
    pub stem_slots: Cow<'a, [u32]>,
    /// `p<TAB>char<TAB>pinyin[<TAB>s]` lines.
    pub readings: Cow<'a, str>,
}

/// FNV-1a over the bytes of a key: fast for the short keys of the lexicon (no untrusted-input
/// DoS concern: keys come from the lexicon; look-ups of text substrings only hash).
pub fn fnv(s: &str) -> u64 {
    fnv_extend(FNV_OFFSET, s.as_bytes())
}

/// FNV-1a's starting value (the hash of no bytes).
pub const FNV_OFFSET: u64 = 0xcbf29ce484222325;

/// The FNV-1a hash of a key's bytes followed by `bytes`, from the key's hash `h`.
pub fn fnv_extend(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// The home slot of a hash in a table of `len` slots (a power of two).
pub fn home(hash: u64, len: usize) -> usize {
    ((hash ^ (hash >> 29)) as usize) & (len - 1)
}

/// What one line of a lexicon file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line<'t> {
    /// Blank or a `#` comment.
    Skip,
    /// A headword and its English gloss text.
    Word(&'t str, &'t str),
    /// A character, its toneless pinyin syllables and whether it is a surname.
    Reading(char, &'t str, bool),
    /// Not a lexicon line: why.
    Bad(&'static str),
}

/// Parses one line (without its `\n`) of a lexicon file.
pub fn parse_line(line: &str) -> Line<'_> {
    let line = line.trim_end_matches('\r');
    if line.trim().is_empty() || line.starts_with('#') {
        return Line::Skip;
    }
    let mut cols = line.split('\t');
    let c = [cols.next(), cols.next(), cols.next(), cols.next()];
    match c {
        [Some("w"), Some(head), Some(gloss), None] | [Some(head), Some(gloss), None, None]
            if !head.trim().is_empty() =>
        {
            Line::Word(head.trim(), gloss)
        }
        [Some("p"), Some(ch), Some(syl), flag] => {
            let mut chars = ch.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Line::Reading(c, syl, flag.is_some_and(|f| f.trim() == "s")),
                _ => Line::Bad("a `p` line needs exactly one character"),
            }
        }
        _ => Line::Bad(
            "expected `w<TAB>headword<TAB>glosses`, `p<TAB>char<TAB>pinyin[<TAB>s]` or `headword<TAB>glosses`",
        ),
    }
}

/// Full-width ASCII to ASCII and the ideographic space to a space. The one definition:
/// `script::fold_width` calls it (this file is also compiled by `build.rs`, which cannot reach
/// `script`).
pub fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Builds the tables from `(headword, English gloss text)` pairs and the `p` lines. Headwords are
/// numbered in order of first appearance and stems in order of first use, so a lexicon built here
/// at run time and one built by `build.rs` number alike. A repeated headword adds its glosses to
/// the first.
pub fn build<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>, readings: String) -> Tables<'static> {
    let mut head_text = String::new();
    let mut head_off: Vec<u32> = vec![0];
    let mut per: Vec<Vec<u32>> = Vec::new();
    let mut head_ids: HashMap<String, u32> = HashMap::new();
    let mut stem_text = String::new();
    let mut stem_off: Vec<u32> = vec![0];
    let mut stem_ids: HashMap<String, u32> = HashMap::new();
    // gloss word -> stem id (None for function words): most words recur, stem each once
    let mut word_ids: HashMap<&'a str, Option<u32>> = HashMap::new();
    let mut ids: Vec<u32> = Vec::new();
    for (head, gloss) in entries {
        let folded;
        let head = if head.is_ascii()
            || head.chars().any(|c| c.is_uppercase() || ('\u{FF01}'..='\u{FF5E}').contains(&c))
        {
            folded = fold_width(head).to_lowercase();
            folded.as_str()
        } else {
            head
        };
        ids.clear();
        for w in words(gloss) {
            let id = match word_ids.get(w) {
                Some(&id) => id,
                None => {
                    let lower = w.to_lowercase();
                    let id = (!is_stopword(&lower)).then(|| {
                        let s = stem(&lower);
                        *stem_ids.entry(s).or_insert_with_key(|s| {
                            stem_text.push_str(s);
                            stem_off.push(stem_text.len() as u32);
                            stem_off.len() as u32 - 2
                        })
                    });
                    word_ids.insert(w, id);
                    id
                }
            };
            if let Some(id) = id
                && !ids.contains(&id)
            {
                ids.push(id);
            }
        }
        match head_ids.get(head) {
            Some(&h) => {
                let g = &mut per[h as usize];
                for &id in &ids {
                    if !g.contains(&id) {
                        g.push(id);
                    }
                }
            }
            None => {
                let h = per.len() as u32;
                head_text.push_str(head);
                head_off.push(head_text.len() as u32);
                head_ids.insert(head.to_string(), h);
                per.push(ids.clone());
            }
        }
    }
    let mut gloss_start = vec![0u32];
    let mut glosses = Vec::new();
    for g in per {
        glosses.extend(g);
        gloss_start.push(glosses.len() as u32);
    }
    let mut keys: Vec<(&str, u32)> = head_ids
        .iter()
        .filter(|(k, _)| k.chars().count() <= MAX_HEAD_CHARS)
        .map(|(k, &h)| (k.as_str(), h))
        .collect();
    keys.sort_unstable();
    let mut fst = fst::MapBuilder::memory();
    for (k, h) in keys {
        // keys are sorted and distinct, and memory does not fail
        fst.insert(k, h as u64).expect("sorted distinct keys");
    }
    let head_fst = fst.into_inner().expect("an in-memory fst");
    let stem_slots = slots(&stem_text, &stem_off);
    Tables {
        head_text: head_text.into_bytes().into(),
        head_off: head_off.into(),
        gloss_start: gloss_start.into(),
        glosses: glosses.into(),
        head_fst: head_fst.into(),
        stem_text: stem_text.into_bytes().into(),
        stem_off: stem_off.into(),
        stem_slots: stem_slots.into(),
        readings: readings.into(),
    }
}

/// A hash table (load ≤ 1/2) over the strings `text[off[i]..off[i + 1]]`, holding `i + 1`.
fn slots(text: &str, off: &[u32]) -> Vec<u32> {
    let n = off.len() - 1;
    let len = (2 * n).next_power_of_two().max(16);
    let mut t = vec![0u32; len];
    for i in 0..n {
        let key = &text[off[i] as usize..off[i + 1] as usize];
        let mut s = home(fnv(key), len);
        while t[s] != 0 {
            s = (s + 1) & (len - 1);
        }
        t[s] = i as u32 + 1;
    }
    t
}

impl Tables<'_> {
    /// The tables as one blob (see the module doc), integers big-endian if `big_endian`.
    pub fn to_bytes(&self, big_endian: bool) -> Vec<u8> {
        let put = |out: &mut Vec<u8>, x: u32| {
            out.extend_from_slice(&if big_endian { x.to_be_bytes() } else { x.to_le_bytes() })
        };
        let ints = |v: &[u32]| {
            let mut b = Vec::with_capacity(4 * v.len());
            v.iter().for_each(|&x| put(&mut b, x));
            b
        };
        let sections: [Vec<u8>; SECTIONS] = [
            self.head_text.to_vec(),
            ints(&self.head_off),
            ints(&self.gloss_start),
            ints(&self.glosses),
            self.head_fst.to_vec(),
            self.stem_text.to_vec(),
            ints(&self.stem_off),
            ints(&self.stem_slots),
            self.readings.as_bytes().to_vec(),
        ];
        let mut out = Vec::new();
        put(&mut out, MAGIC);
        put(&mut out, SECTIONS as u32);
        let mut at = 4 * (2 + 2 * SECTIONS);
        for s in &sections {
            put(&mut out, at as u32);
            put(&mut out, s.len() as u32);
            at += s.len().next_multiple_of(4);
        }
        for s in &sections {
            out.extend_from_slice(s);
            out.resize(out.len().next_multiple_of(4), 0);
        }
        out
    }
}
