//! The general Chinese–English lexicon shipped inside the tool, derived from CC-CEDICT.
//!
//! The data (`cedict.lex.gz`, made by `derive.py` in this folder; CC BY-SA 4.0, see
//! `LICENSE-CC-CEDICT` and `README.md` here) holds two kinds of lines:
//!
//! ```text
//! w<TAB>观测<TAB>observe survey observation      simplified headword, English gloss words
//! p<TAB>陈<TAB>chen<TAB>s                         toneless pinyin of a character; `s` = surname
//! ```
//!
//! A user lexicon (`--lexicon FILE`) has the same format, gzip'd or plain; a line of two columns
//! `中文<TAB>english words` is read as a `w` line. Gloss words are stored as integer ids of their
//! stems ([`stem`]); Chinese headwords are found in text by hashed look-ups ([`Lexicon::find_all`]).
//!
//! # A zero-copy index built at compile time
//!
//! `build.rs` decompresses `cedict.lex.gz`, stems the glosses and builds the tables of
//! [`table::Tables`] (headwords back to back with their offsets, gloss stem ids, an `fst` map from
//! headword to index, a hash table over the gloss stems), and writes them as one blob that is
//! embedded with `include_bytes!`. [`Lexicon::embedded`] only checks the blob's header and views
//! its sections as `&[u32]` and bytes (no decompression, no allocation, no hashing): the pages
//! the look-ups touch are read from the binary when first touched. The pinyin readings (11k
//! characters) are parsed from the blob on the first [`Lexicon::reading`] call, which takes well
//! under a millisecond. A user lexicon goes through the same builder ([`table::build`]) at run time
//! and owns its tables; both kinds are one type with one look-up code path.
//!
//! Why an `fst` map for the headwords, by measurement (`benches/lexicon-compare`, BENCHMARKS.md):
//! finding every headword in the six MAC-Dev chapters (124 kB of Chinese, 45,571 matches) by
//! walking the fst from each position took 18–30 ms, against 34–51 ms with open-addressing hash
//! tables over the headwords (substring hashes extended a character at a time, a table of
//! headword lengths per first character), three runs side by side; and the fst is 1.06 MB against
//! 2.69 MB. The walk also stops as soon as no headword continues the text, where the hash tables
//! probe every length. Stems stay in a hash table: they are looked up whole, one English word at a
//! time. Headword and stem ids are numbered as the run-time lexicon numbered them before, so
//! alignments are unchanged byte for byte. The blob is 5.6 MB in the binary against 1.8 MB of
//! gzip'd text before (BENCHMARKS.md, "Lexicon: binary size and start-up cost").

mod stem;
pub mod table;

pub use stem::{is_stopword, stem, words};

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use crate::error::{Error, Location, Result};
use crate::glossary::Diagnostic;
use table::{Line, MAX_HEAD_CHARS, Tables, fnv, home};

/// Largest lexicon text accepted (after decompression): CC-CEDICT whole is about 9 MB.
pub const MAX_LEXICON_BYTES: usize = 64 << 20;

/// Longest line accepted in a lexicon file (a headword and its glosses).
pub const MAX_LINE_BYTES: usize = 64 << 10;

/// Bytes with the alignment of the `u32` sections they hold.
#[repr(C, align(8))]
struct Aligned<B: ?Sized>(B);

/// The embedded lexicon's index, built by `build.rs` from `cedict.lex.gz`.
static EMBEDDED: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/cedict.idx")));

/// A Chinese–English lexicon: headwords with the stems of their English glosses, and pinyin
/// readings of single characters. Built once, `Sync`, shared.
#[derive(Clone)]
pub struct Lexicon {
    t: Tables<'static>,
    /// Headword → index (`t.head_fst`, moved here).
    heads: fst::raw::Fst<Cow<'static, [u8]>>,
    /// The readings, parsed from `t.readings` on first use (set at once for a user lexicon).
    readings: OnceLock<HashMap<char, Reading>>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("headwords", &self.len())
            .field("stems", &self.stem_count())
            .field("borrowed", &matches!(self.t.head_off, Cow::Borrowed(_)))
            .field("fst_bytes", &self.heads.as_bytes().len())
            .finish()
    }
}

/// The pinyin readings of one character.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    /// Toneless syllables, lower case (`chen`).
    pub syllables: Vec<Box<str>>,
    /// True when the character is a surname in CC-CEDICT.
    pub surname: bool,
}

/// A headword found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LexMatch {
    /// The headword's index.
    pub head: u32,
    /// Byte range in the searched text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

fn add_reading(map: &mut HashMap<char, Reading>, c: char, syl: &str, surname: bool) {
    let r = map.entry(c).or_default();
    r.syllables.extend(syl.split_whitespace().map(|s| s.to_lowercase().into()));
    r.surname |= surname;
}

/// Views a blob written by [`Tables::to_bytes`] in this target's byte order; `None` if it is not
/// one or its tables do not fit together.
fn view(blob: &'static [u8]) -> Option<Tables<'static>> {
    let word = |i: usize| -> Option<usize> {
        Some(u32::from_ne_bytes(blob.get(4 * i..4 * i + 4)?.try_into().ok()?) as usize)
    };
    if word(0)? != table::MAGIC as usize || word(1)? != table::SECTIONS {
        return None;
    }
    let sec = |k: usize| -> Option<&'static [u8]> {
        let (off, len) = (word(2 + 2 * k)?, word(3 + 2 * k)?);
        blob.get(off..off.checked_add(len)?)
    };
    let bytes = |k| sec(k).map(Cow::Borrowed);
    let ints = |k| bytemuck::try_cast_slice::<u8, u32>(sec(k)?).ok().map(Cow::Borrowed);
    let t = Tables {
        head_text: bytes(0)?,
        head_off: ints(1)?,
        gloss_start: ints(2)?,
        glosses: ints(3)?,
        head_fst: bytes(4)?,
        stem_text: bytes(5)?,
        stem_off: ints(6)?,
        stem_slots: ints(7)?,
        readings: std::str::from_utf8(sec(8)?).ok().map(Cow::Borrowed)?,
    };
    let fits = |off: &[u32], len: usize| off.first() == Some(&0) && off.last() == Some(&(len as u32));
    let table = |s: &[u32]| s.len().is_power_of_two();
    (fits(&t.head_off, t.head_text.len())
        && fits(&t.stem_off, t.stem_text.len())
        && t.gloss_start.len() == t.head_off.len()
        && fits(&t.gloss_start, t.glosses.len())
        && table(&t.stem_slots))
    .then_some(t)
}

impl Lexicon {
    /// The lexicon embedded in the binary: a view of the index `build.rs` made, ready at once.
    pub fn embedded() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| {
            let t = view(&EMBEDDED.0).expect("the embedded lexicon index is valid (built by build.rs)");
            Lexicon::new(t, OnceLock::new()).expect("the embedded headword fst is valid (built by build.rs)")
        })
    }

    /// An empty lexicon (what `--no-lexicon` uses).
    pub fn empty() -> Lexicon {
        Lexicon::from_entries(std::iter::empty::<(&str, &str)>())
    }

    /// Reads a lexicon file (gzip'd or plain text, at most [`MAX_LEXICON_BYTES`] either way).
    /// Bad lines are reported as diagnostics (`path:line: why`) and skipped; the good lines are used.
    pub fn load(path: &Path) -> Result<(Lexicon, Vec<Diagnostic>)> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let mut bytes = Vec::new();
        file.take(MAX_LEXICON_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
        if bytes.len() > MAX_LEXICON_BYTES {
            return Err(too_large(path, "is larger than"));
        }
        Lexicon::from_bytes(&bytes, path)
    }

    /// Parses lexicon data (gzip'd or plain). `path` is used in messages. Decompressed text over
    /// [`MAX_LEXICON_BYTES`] or a line over [`MAX_LINE_BYTES`] is an error (a lexicon is never
    /// that large; a gzip bomb is stopped before it fills the memory).
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<(Lexicon, Vec<Diagnostic>)> {
        let text = if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut raw = Vec::new();
            flate2::read::GzDecoder::new(bytes)
                .take(MAX_LEXICON_BYTES as u64 + 1)
                .read_to_end(&mut raw)
                .map_err(|e| {
                    Error::parse(Location::file(path), format!("cannot decompress the lexicon: {e}"))
                })?;
            if raw.len() > MAX_LEXICON_BYTES {
                return Err(too_large(path, "decompresses to more than"));
            }
            crate::input::decode(&raw, path)?
        } else if bytes.len() > MAX_LEXICON_BYTES {
            return Err(too_large(path, "is larger than"));
        } else {
            crate::input::decode(bytes, path)?
        };
        let mut diags = Vec::new();
        let mut words: Vec<(&str, &str)> = Vec::new();
        let mut readings: HashMap<char, Reading> = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let at = || Location::file(path).with_line(i as u64 + 1);
            if line.len() > MAX_LINE_BYTES {
                return Err(Error::parse(
                    at(),
                    format!(
                        "the line is {} bytes long, over the limit of {MAX_LINE_BYTES}: a lexicon line is one \
                         headword and its glosses",
                        line.len()
                    ),
                ));
            }
            match table::parse_line(line) {
                Line::Skip => {}
                Line::Word(head, gloss) => words.push((head, gloss)),
                Line::Reading(c, syl, surname) => add_reading(&mut readings, c, syl, surname),
                Line::Bad(why) => diags.push(Diagnostic { location: at(), message: why.to_string() }),
            }
        }
        let lex = Lexicon::new(table::build(words, String::new()), OnceLock::from(readings))
            .map_err(|e| Error::parse(Location::file(path), format!("cannot index the lexicon: {e}")))?;
        Ok((lex, diags))
    }

    /// Builds a lexicon from `(headword, English gloss text)` pairs.
    pub fn from_entries<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> Lexicon {
        let t = table::build(entries, String::new());
        // an fst the builder just wrote always reads back
        Lexicon::new(t, OnceLock::from(HashMap::new())).expect("a freshly built headword fst is valid")
    }

    /// The lexicon of these tables, its headword fst taken out of them.
    fn new(mut t: Tables<'static>, readings: OnceLock<HashMap<char, Reading>>) -> fst::Result<Lexicon> {
        let heads = fst::raw::Fst::new(std::mem::take(&mut t.head_fst))?;
        Ok(Lexicon { t, heads, readings })
    }

    /// The index of a headword.
    #[cfg(test)]
    fn lookup(&self, s: &str) -> Option<u32> {
        self.heads.get(s).map(|o| o.value() as u32)
    }

    fn head_bytes(&self, head: u32) -> &[u8] {
        let h = head as usize;
        &self.t.head_text[self.t.head_off[h] as usize..self.t.head_off[h + 1] as usize]
    }

    fn stem_bytes(&self, id: u32) -> &[u8] {
        let s = id as usize;
        &self.t.stem_text[self.t.stem_off[s] as usize..self.t.stem_off[s + 1] as usize]
    }

    /// Number of headwords.
    pub fn len(&self) -> usize {
        self.t.head_off.len() - 1
    }

    /// True when the lexicon has no headwords.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of distinct English stems in the glosses (stem ids are `0..stem_count()`).
    pub fn stem_count(&self) -> usize {
        self.t.stem_off.len() - 1
    }

    /// The id of an English stem, if any gloss has it.
    pub fn stem_id(&self, stem: &str) -> Option<u32> {
        probe(&self.t.stem_slots, fnv(stem), stem.as_bytes(), |id| self.stem_bytes(id))
    }

    /// The stem with this id.
    pub fn stem_text(&self, id: u32) -> &str {
        // the builder cuts stems at char boundaries: never empty unless the tables were broken
        std::str::from_utf8(self.stem_bytes(id)).unwrap_or_default()
    }

    /// A headword's text.
    pub fn head(&self, head: u32) -> &str {
        std::str::from_utf8(self.head_bytes(head)).unwrap_or_default()
    }

    /// The stem ids of a headword's glosses.
    pub fn glosses(&self, head: u32) -> &[u32] {
        let h = head as usize;
        &self.t.glosses[self.t.gloss_start[h] as usize..self.t.gloss_start[h + 1] as usize]
    }

    /// The pinyin readings of a character, if known.
    pub fn reading(&self, c: char) -> Option<&Reading> {
        self.readings
            .get_or_init(|| {
                let mut map = HashMap::new();
                for line in self.t.readings.lines() {
                    if let Line::Reading(c, syl, surname) = table::parse_line(line) {
                        add_reading(&mut map, c, syl, surname);
                    }
                }
                map
            })
            .get(&c)
    }

    /// Every headword occurring in `text` (overlapping matches included), by start then end.
    /// `text` should be normalised ([`crate::script::normalize`]). From each position the headword
    /// fst is walked byte by byte along the text until no headword continues it, and a match is
    /// reported at each final state on a character boundary (an Aho-Corasick automaton over 115k
    /// headwords takes 0.4 s to build, longer than aligning a novel chapter; hash look-ups of each
    /// substring are slower, see the module doc).
    pub fn find_all(&self, text: &str, out: &mut Vec<LexMatch>) {
        out.clear();
        if self.is_empty() {
            return;
        }
        let bytes = text.as_bytes();
        let root = self.heads.root();
        for (start, _) in text.char_indices() {
            let mut node = root;
            let mut value = fst::raw::Output::zero();
            let mut chars = 0;
            for (i, &b) in bytes[start..].iter().enumerate() {
                let Some(t) = node.find_input(b) else { break };
                let t = node.transition(t);
                value = value.cat(t.out);
                node = self.heads.node(t.addr);
                let end = start + i + 1;
                if text.is_char_boundary(end) {
                    if node.is_final() {
                        out.push(LexMatch {
                            head: value.cat(node.final_output()).value() as u32,
                            start,
                            end,
                        });
                    }
                    chars += 1;
                    if chars == MAX_HEAD_CHARS {
                        break;
                    }
                }
            }
        }
    }
}

/// Looks a key of hash `hash` up in a hash table of index + 1 (see [`Tables`]); `text` gives an
/// index's key. The tables' text is compared as bytes, so viewing the embedded tables needs no
/// UTF-8 check of the whole; the probe is bounded even for a table without an empty slot.
fn probe<'t>(slots: &[u32], hash: u64, key: &[u8], text: impl Fn(u32) -> &'t [u8]) -> Option<u32> {
    let mut i = home(hash, slots.len());
    for _ in 0..slots.len() {
        match slots[i] {
            0 => return None,
            v if text(v - 1) == key => return Some(v - 1),
            _ => i = (i + 1) & (slots.len() - 1),
        }
    }
    None
}

fn too_large(path: &Path, what: &str) -> Error {
    Error::parse(
        Location::file(path),
        format!(
            "the lexicon {what} {} MiB, the most hanalign reads (CC-CEDICT whole is about 9 MB): is this the \
             right file?",
            MAX_LEXICON_BYTES >> 20
        ),
    )
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_meet() {
        for w in ["observe", "observed", "observes", "observing"] {
            assert_eq!(stem(w), "observ", "{w}");
        }
        assert_eq!(stem("stopped"), "stop");
        assert_eq!(stem("studies"), "study");
        assert_eq!(stem("glass"), "glass");
        assert_eq!(stem("the"), "the");
        assert_eq!(stem("said"), stem("say"));
        assert_eq!(stem("took"), stem("taking"));
        assert_eq!(stem("children"), stem("child"));
    }

    #[test]
    fn embedded_lexicon_has_common_words_and_readings() {
        let lex = Lexicon::embedded();
        assert!(lex.len() > 100_000, "{}", lex.len());
        let mut ms = Vec::new();
        lex.find_all("望远镜", &mut ms);
        let tele = ms.iter().find(|m| lex.head(m.head) == "望远镜").expect("望远镜 found");
        let tel = lex.stem_id("telescop").expect("telescope is a gloss");
        assert!(lex.glosses(tele.head).contains(&tel));
        let chen = lex.reading('陈').expect("陈 has a reading");
        assert!(chen.surname && chen.syllables.iter().any(|s| &**s == "chen"));
    }

    #[test]
    fn user_lexicon_reports_bad_lines_and_keeps_good_ones() {
        let data = "w\t牛油果\tavocado\n\nbroken line\np\t陈陈\tchen\n模型\tmodel\n牛油果\tavocado pear\n";
        let (lex, diags) = Lexicon::from_bytes(data.as_bytes(), Path::new("my.lex")).unwrap();
        assert_eq!(lex.len(), 2);
        assert_eq!(diags.len(), 2);
        // a repeated headword adds its glosses to the first
        let mut ms = Vec::new();
        lex.find_all("牛油果", &mut ms);
        assert_eq!(lex.glosses(ms[0].head).len(), 2);
        assert_eq!(diags[0].to_string().split(": ").next(), Some("my.lex:3"));
        assert!(diags[1].to_string().starts_with("my.lex:4: "));
    }

    #[test]
    fn finds_overlapping_headwords() {
        let lex = Lexicon::from_entries([("天文", "astronomy"), ("天", "sky day"), ("文", "writing")]);
        let mut ms = Vec::new();
        lex.find_all("天文台", &mut ms);
        let heads: Vec<&str> = ms.iter().map(|m| lex.head(m.head)).collect();
        assert_eq!(heads, ["天", "天文", "文"]);
    }
    #[test]
    fn embedded_index_equals_the_lexicon_built_from_its_source() {
        // build.rs's blob, viewed in place, against the same file parsed at run time
        let lex = Lexicon::embedded();
        let gz = include_bytes!("cedict.lex.gz");
        let (built, diags) = Lexicon::from_bytes(gz, Path::new("cedict.lex.gz")).unwrap();
        assert!(diags.is_empty());
        assert!(matches!(lex.t.glosses, Cow::Borrowed(_)) && matches!(built.t.glosses, Cow::Owned(_)));
        assert_eq!((lex.len(), lex.stem_count()), (built.len(), built.stem_count()));
        for h in 0..lex.len() as u32 {
            assert_eq!((lex.head(h), lex.glosses(h)), (built.head(h), built.glosses(h)));
            let short = lex.head(h).chars().count() <= MAX_HEAD_CHARS;
            assert_eq!(lex.lookup(lex.head(h)), short.then_some(h), "{}", lex.head(h));
        }
        for s in 0..lex.stem_count() as u32 {
            assert_eq!(lex.stem_text(s), built.stem_text(s));
            assert_eq!(lex.stem_id(lex.stem_text(s)), Some(s));
        }
        let chars: Vec<char> = built.readings.get().unwrap().keys().copied().collect();
        assert!(chars.len() > 10_000, "{}", chars.len());
        for c in chars {
            assert_eq!(lex.reading(c), built.reading(c), "{c}");
        }
        assert_eq!(lex.reading('。'), None);
        let text = "天文学家用望远镜观测到ＡＢＣ星系";
        let (mut a, mut b) = (Vec::new(), Vec::new());
        lex.find_all(text, &mut a);
        built.find_all(text, &mut b);
        assert!(a.len() > 5);
        assert_eq!(a, b);
    }

    /// A gzip stream that would expand to `chunks` MiB of `a`: one sync-flushed deflate block of
    /// 1 MiB repeated (it refers back only inside itself), never finished.
    fn gzip_bomb(chunks: usize) -> Vec<u8> {
        let mut c = flate2::Compress::new(flate2::Compression::best(), false);
        let mut block = Vec::with_capacity(1 << 16);
        c.compress_vec(&vec![b'a'; 1 << 20], &mut block, flate2::FlushCompress::Sync).unwrap();
        assert_eq!(c.total_in(), 1 << 20);
        let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
        for _ in 0..chunks {
            out.extend_from_slice(&block);
        }
        out
    }

    #[test]
    fn gzip_bomb_lexicon_is_refused_naming_the_file() {
        // 4 GiB when expanded, about 4 MB on disk
        let bomb = gzip_bomb(4096);
        assert!(bomb.len() < 8 << 20, "{}", bomb.len());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bomb.lex.gz");
        std::fs::write(&path, &bomb).unwrap();
        let err = Lexicon::load(&path).unwrap_err().to_string();
        assert!(err.starts_with(&format!("{}: ", path.display())), "{err}");
        assert!(err.contains("decompresses to more than 64 MiB"), "{err}");
        // under the cap, 1 MiB of `a` is read (and is one long line: refused by line)
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &vec![b'a'; 1 << 20]).unwrap();
        let err = Lexicon::from_bytes(&gz.finish().unwrap(), Path::new("small.gz")).unwrap_err().to_string();
        assert!(err.starts_with("small.gz:1: the line is 1048576 bytes long"), "{err}");
    }

    #[test]
    fn long_line_is_refused_with_file_and_line() {
        let data = format!("模型\tmodel\n天\t{}\n", "sky ".repeat(20_000));
        let err = Lexicon::from_bytes(data.as_bytes(), Path::new("my.lex")).unwrap_err().to_string();
        assert!(err.starts_with("my.lex:2: the line is 80004 bytes long, over the limit of 65536"), "{err}");
        let ok = format!("模型\tmodel\n天\t{}\n", "sky ".repeat(1000));
        assert_eq!(Lexicon::from_bytes(ok.as_bytes(), Path::new("my.lex")).unwrap().0.len(), 2);
    }

    #[test]
    fn plain_lexicon_over_the_cap_is_refused() {
        let big = vec![b'#'; MAX_LEXICON_BYTES + 1];
        let err = Lexicon::from_bytes(&big, Path::new("big.lex")).unwrap_err().to_string();
        assert!(err.starts_with("big.lex: the lexicon is larger than 64 MiB"), "{err}");
    }
}
