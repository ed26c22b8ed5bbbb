//! The general Chinese–English lexicon shipped inside the tool, derived from CC-CEDICT.
//!
//! The data (`cedict.lex.gz`, made by `derive.py` in this folder; CC BY-SA 4.0, see
//! `LICENSE-CC-CEDICT` and `README.md` here) is embedded in the binary and parsed on first use.
//! It holds two kinds of lines:
//!
//! ```text
//! w<TAB>观测<TAB>observe survey observation      simplified headword, English gloss words
//! p<TAB>陈<TAB>chen<TAB>s                         toneless pinyin of a character; `s` = surname
//! ```
//!
//! A user lexicon (`--lexicon FILE`) has the same format, gzip'd or plain; a line of two columns
//! `中文<TAB>english words` is read as a `w` line. Gloss words are stored as integer ids of their
//! stems ([`stem`]); Chinese headwords are found in text by hashed look-ups ([`Lexicon::find_all`]).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use std::hash::{BuildHasherDefault, Hasher};

use crate::error::{Error, Location, Result};
use crate::glossary::Diagnostic;

/// The embedded, compressed lexicon.
const EMBEDDED: &[u8] = include_bytes!("cedict.lex.gz");

/// A Chinese–English lexicon: headwords with the stems of their English glosses, and pinyin
/// readings of single characters. Built once, `Sync`, shared.
#[derive(Debug, Clone)]
pub struct Lexicon {
    stems: Vec<Box<str>>,
    stem_ids: HashMap<Box<str>, u32>,
    /// All headwords back to back; headword `h` is `head_text[head_off[h]..head_off[h+1]]`.
    head_text: String,
    head_off: Vec<u32>,
    /// `gloss_start[h]..gloss_start[h+1]` indexes `glosses` for headword `h`.
    gloss_start: Vec<u32>,
    glosses: Vec<u32>,
    readings: HashMap<char, Reading>,
    /// FNV hash of a headword → its index, for substring look-ups (no string stored per key).
    head_index: HashMap<u64, u32, BuildHasherDefault<IdHasher>>,
    /// Headwords whose hash collides with an earlier one's.
    head_collide: HashMap<Box<str>, u32>,
    /// For each first character, a bit per headword length in characters (bit k = k+1 chars).
    lengths: HashMap<char, u16, Fnv>,
}

/// Longest headword (in characters) looked up in text; longer CC-CEDICT entries are rare phrases.
const MAX_HEAD_CHARS: usize = 12;

/// FNV-1a: a fast hash for the short keys of the lexicon (no untrusted-input DoS concern: keys
/// come from the lexicon; look-ups of text substrings only hash).
#[derive(Default, Clone, Copy)]
struct FnvHasher(u64);

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf29ce484222325 } else { self.0 };
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        self.0 = h;
    }
}

type Fnv = BuildHasherDefault<FnvHasher>;

fn fnv(s: &str) -> u64 {
    let mut h = FnvHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

/// For keys that are already hashes.
#[derive(Default, Clone, Copy)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ b as u64;
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
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

impl Lexicon {
    /// The lexicon embedded in the binary (parsed on first use, then shared).
    pub fn embedded() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| {
            let (lex, diags) = Lexicon::from_bytes(EMBEDDED, Path::new("<embedded lexicon>"))
                .expect("the embedded lexicon is valid gzip");
            debug_assert!(diags.is_empty());
            lex
        })
    }

    /// An empty lexicon (what `--no-lexicon` uses).
    pub fn empty() -> Lexicon {
        Lexicon::from_entries(std::iter::empty::<(&str, &str)>())
    }

    /// Reads a lexicon file (gzip'd or plain text). Bad lines are reported as diagnostics
    /// (`path:line: why`) and skipped; the good lines are used.
    pub fn load(path: &Path) -> Result<(Lexicon, Vec<Diagnostic>)> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Lexicon::from_bytes(&bytes, path)
    }

    /// Parses lexicon data (gzip'd or plain). `path` is used in messages.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<(Lexicon, Vec<Diagnostic>)> {
        let text = if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut s = String::new();
            flate2::read::GzDecoder::new(bytes).read_to_string(&mut s).map_err(|e| {
                Error::parse(Location::file(path), format!("cannot decompress the lexicon: {e}"))
            })?;
            s
        } else {
            crate::input::decode(bytes, path)?
        };
        let mut diags = Vec::new();
        let mut words: Vec<(&str, &str)> = Vec::new();
        let mut readings: HashMap<char, Reading> = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let bad = |why: &str| Diagnostic {
                location: Location::file(path).with_line(i as u64 + 1),
                message: why.to_string(),
            };
            match cols.as_slice() {
                ["w", head, gloss] | [head, gloss] if !head.trim().is_empty() => {
                    words.push((head.trim(), gloss));
                }
                ["p", ch, syl, flag @ ..] => {
                    let mut chars = ch.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) => {
                            let r = readings.entry(c).or_default();
                            r.syllables.extend(syl.split_whitespace().map(|s| s.to_lowercase().into()));
                            r.surname |= flag.first().is_some_and(|f| f.trim() == "s");
                        }
                        _ => diags.push(bad("a `p` line needs exactly one character")),
                    }
                }
                _ => diags
                    .push(bad("expected `w<TAB>headword<TAB>glosses`, `p<TAB>char<TAB>pinyin[<TAB>s]` or \
                     `headword<TAB>glosses`")),
            }
        }
        let mut lex = Lexicon::from_entries(words);
        lex.readings = readings;
        Ok((lex, diags))
    }

    /// Builds a lexicon from `(headword, English gloss text)` pairs.
    pub fn from_entries<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> Lexicon {
        let mut lex = Lexicon {
            stems: Vec::new(),
            stem_ids: HashMap::new(),
            head_text: String::new(),
            head_off: vec![0],
            gloss_start: vec![0],
            glosses: Vec::new(),
            readings: HashMap::new(),
            head_index: HashMap::default(),
            head_collide: HashMap::new(),
            lengths: HashMap::default(),
        };
        // glosses of a headword seen again later (rare: derive.py merges them)
        let mut more: Vec<(u32, Vec<u32>)> = Vec::new();
        // gloss word -> stem id (None for function words): most words recur, stem each once
        let mut word_ids: HashMap<&'a str, Option<u32>, Fnv> = HashMap::default();
        let mut ids: Vec<u32> = Vec::new();
        for (head, gloss) in entries {
            let folded;
            let head = if head.is_ascii()
                || head.chars().any(|c| c.is_uppercase() || ('\u{FF01}'..='\u{FF5E}').contains(&c))
            {
                folded = crate::script::fold_width(head).to_lowercase();
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
                        let id = (!is_stopword(&lower)).then(|| lex.intern(&stem(&lower)));
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
            match lex.lookup(head) {
                Some(h) => more.push((h, ids.clone())),
                None => {
                    let h = lex.head_off.len() as u32 - 1;
                    lex.head_text.push_str(head);
                    lex.head_off.push(lex.head_text.len() as u32);
                    let key = fnv(head);
                    if let std::collections::hash_map::Entry::Vacant(e) = lex.head_index.entry(key) {
                        e.insert(h);
                    } else {
                        lex.head_collide.insert(head.into(), h);
                    }
                    let n = head.chars().count();
                    if let Some(first) = head.chars().next()
                        && (1..=MAX_HEAD_CHARS).contains(&n)
                    {
                        *lex.lengths.entry(first).or_default() |= 1 << (n - 1);
                    }
                    lex.glosses.extend_from_slice(&ids);
                    lex.gloss_start.push(lex.glosses.len() as u32);
                }
            }
        }
        if !more.is_empty() {
            let mut per: Vec<Vec<u32>> = (0..lex.len() as u32).map(|h| lex.glosses(h).to_vec()).collect();
            for (h, ids) in more {
                for id in ids {
                    if !per[h as usize].contains(&id) {
                        per[h as usize].push(id);
                    }
                }
            }
            lex.glosses.clear();
            lex.gloss_start = vec![0];
            for g in per {
                lex.glosses.extend(g);
                lex.gloss_start.push(lex.glosses.len() as u32);
            }
        }
        lex
    }

    /// The index of a headword.
    fn lookup(&self, s: &str) -> Option<u32> {
        match self.head_index.get(&fnv(s)) {
            Some(&h) if self.head(h) == s => Some(h),
            _ if self.head_collide.is_empty() => None,
            _ => self.head_collide.get(s).copied(),
        }
    }

    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.stem_ids.get(s) {
            return id;
        }
        let id = self.stems.len() as u32;
        self.stems.push(s.into());
        self.stem_ids.insert(s.into(), id);
        id
    }

    /// Number of headwords.
    pub fn len(&self) -> usize {
        self.head_off.len() - 1
    }

    /// True when the lexicon has no headwords.
    pub fn is_empty(&self) -> bool {
        self.head_off.len() == 1
    }

    /// Number of distinct English stems in the glosses (stem ids are `0..stem_count()`).
    pub fn stem_count(&self) -> usize {
        self.stems.len()
    }

    /// The id of an English stem, if any gloss has it.
    pub fn stem_id(&self, stem: &str) -> Option<u32> {
        self.stem_ids.get(stem).copied()
    }

    /// The stem with this id.
    pub fn stem_text(&self, id: u32) -> &str {
        &self.stems[id as usize]
    }

    /// A headword's text.
    pub fn head(&self, head: u32) -> &str {
        let h = head as usize;
        &self.head_text[self.head_off[h] as usize..self.head_off[h + 1] as usize]
    }

    /// The stem ids of a headword's glosses.
    pub fn glosses(&self, head: u32) -> &[u32] {
        let h = head as usize;
        &self.glosses[self.gloss_start[h] as usize..self.gloss_start[h + 1] as usize]
    }

    /// The pinyin readings of a character, if known.
    pub fn reading(&self, c: char) -> Option<&Reading> {
        self.readings.get(&c)
    }

    /// Every headword occurring in `text` (overlapping matches included), by start then end.
    /// `text` should be normalised ([`crate::script::normalize`]). Each position is looked up in
    /// a hash table for the headword lengths that start with its character (an Aho-Corasick
    /// automaton over 115k headwords takes 0.4 s to build, longer than aligning a novel chapter).
    pub fn find_all(&self, text: &str, out: &mut Vec<LexMatch>) {
        out.clear();
        if self.is_empty() {
            return;
        }
        let mut ends: [usize; MAX_HEAD_CHARS] = [0; MAX_HEAD_CHARS];
        for (start, c) in text.char_indices() {
            let Some(&mask) = self.lengths.get(&c) else { continue };
            // byte ends of the next MAX_HEAD_CHARS characters
            let mut n = 0;
            for (i, ch) in text[start..].char_indices().take(MAX_HEAD_CHARS) {
                ends[n] = start + i + ch.len_utf8();
                n += 1;
            }
            for (k, &end) in ends.iter().enumerate().take(n) {
                if mask & (1 << k) != 0
                    && let Some(h) = self.lookup(&text[start..end])
                {
                    out.push(LexMatch { head: h, start, end });
                }
            }
        }
    }
}

/// Splits English text into lower-case words of letters or digits (other characters separate).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// English function words that carry no evidence of translation.
pub fn is_stopword(w: &str) -> bool {
    const STOP: &[&str] = &[
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "but",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "s",
        "t",
        "d",
        "ll",
        "re",
        "ve",
        "m",
        "not",
        "so",
        "such",
        "than",
        "very",
        "into",
        "onto",
        "out",
        "up",
        "about",
        "over",
        "under",
        "also",
        "which",
        "whom",
        "whose",
        "all",
        "any",
        "some",
        "do",
        "does",
        "did",
        "had",
        "has",
        "have",
        "if",
        "then",
        "there",
        "here",
        "just",
        "only",
        "would",
        "could",
        "should",
        "will",
        "can",
        "may",
        "might",
        "must",
        "shall",
        "sb",
        "sth",
        "someone",
        "something",
        "oneself",
        "etc",
        "esp",
        "used",
        "lit",
        "fig",
        "abbr",
        "old",
        "variant",
        "see",
        "kind",
        "type",
        "form",
    ];
    STOP.contains(&w)
}

/// A light English stemmer, applied alike to text and glosses so that inflected forms meet:
/// plural, past and gerund endings and a final `e` are removed (`observed`, `observes`,
/// `observing` → `observ`).
pub fn stem(word: &str) -> String {
    let mut w = word.to_lowercase();
    if let Some(base) = irregular(&w) {
        w = base.to_string();
    }
    let n = w.chars().count();
    if n <= 3 || !w.is_ascii() {
        return w;
    }
    let mut s: &str = &w;
    let mut buf;
    if let Some(b) = s.strip_suffix("ies").filter(|b| b.len() >= 2) {
        buf = format!("{b}y");
        s = &buf;
    } else if let Some(b) = s.strip_suffix("sses") {
        buf = format!("{b}ss");
        s = &buf;
    } else if s.ends_with('s') && !s.ends_with("ss") && !s.ends_with("us") && !s.ends_with("is") {
        s = &s[..s.len() - 1];
    }
    for suf in ["ing", "ed", "ly"] {
        if let Some(b) = s.strip_suffix(suf).filter(|b| b.len() >= 3) {
            let bytes = b.as_bytes();
            let l = bytes.len();
            // undouble: stopped -> stop, running -> run
            let b = if l >= 2 && bytes[l - 1] == bytes[l - 2] && !b"lsz".contains(&bytes[l - 1]) {
                &b[..l - 1]
            } else {
                b
            };
            buf = b.to_string();
            s = &buf;
            break;
        }
    }
    let s = s.strip_suffix('e').filter(|b| b.len() >= 3).unwrap_or(s);
    s.to_string()
}

/// The base form of common irregular English verbs and plurals (`said` → `say`, `went` → `go`,
/// `children` → `child`), so that text meets the glosses, which use base forms.
fn irregular(w: &str) -> Option<&'static str> {
    const PAIRS: &[(&str, &str)] = &[
        ("said", "say"),
        ("says", "say"),
        ("went", "go"),
        ("gone", "go"),
        ("goes", "go"),
        ("saw", "see"),
        ("seen", "see"),
        ("came", "come"),
        ("took", "take"),
        ("taken", "take"),
        ("thought", "think"),
        ("told", "tell"),
        ("knew", "know"),
        ("known", "know"),
        ("got", "get"),
        ("gotten", "get"),
        ("gave", "give"),
        ("given", "give"),
        ("made", "make"),
        ("found", "find"),
        ("felt", "feel"),
        ("left", "leave"),
        ("stood", "stand"),
        ("sat", "sit"),
        ("ran", "run"),
        ("held", "hold"),
        ("brought", "bring"),
        ("began", "begin"),
        ("begun", "begin"),
        ("kept", "keep"),
        ("heard", "hear"),
        ("meant", "mean"),
        ("met", "meet"),
        ("paid", "pay"),
        ("sent", "send"),
        ("spoke", "speak"),
        ("spoken", "speak"),
        ("wrote", "write"),
        ("written", "write"),
        ("ate", "eat"),
        ("eaten", "eat"),
        ("fell", "fall"),
        ("fallen", "fall"),
        ("drove", "drive"),
        ("driven", "drive"),
        ("rose", "rise"),
        ("risen", "rise"),
        ("lost", "lose"),
        ("led", "lead"),
        ("built", "build"),
        ("bought", "buy"),
        ("caught", "catch"),
        ("taught", "teach"),
        ("fought", "fight"),
        ("sought", "seek"),
        ("wore", "wear"),
        ("worn", "wear"),
        ("won", "win"),
        ("sang", "sing"),
        ("sung", "sing"),
        ("drank", "drink"),
        ("slept", "sleep"),
        ("spent", "spend"),
        ("understood", "understand"),
        ("became", "become"),
        ("broke", "break"),
        ("broken", "break"),
        ("chose", "choose"),
        ("chosen", "choose"),
        ("forgot", "forget"),
        ("forgotten", "forget"),
        ("hid", "hide"),
        ("hidden", "hide"),
        ("flew", "fly"),
        ("flown", "fly"),
        ("grew", "grow"),
        ("grown", "grow"),
        ("drew", "draw"),
        ("drawn", "draw"),
        ("threw", "throw"),
        ("thrown", "throw"),
        ("shook", "shake"),
        ("woke", "wake"),
        ("struck", "strike"),
        ("wept", "weep"),
        ("laid", "lay"),
        ("lain", "lie"),
        ("sold", "sell"),
        ("stole", "steal"),
        ("stolen", "steal"),
        ("swore", "swear"),
        ("tore", "tear"),
        ("torn", "tear"),
        ("bore", "bear"),
        ("born", "bear"),
        ("bit", "bite"),
        ("bitten", "bite"),
        ("blew", "blow"),
        ("dug", "dig"),
        ("fed", "feed"),
        ("fled", "flee"),
        ("froze", "freeze"),
        ("frozen", "freeze"),
        ("hung", "hang"),
        ("knelt", "kneel"),
        ("lit", "light"),
        ("rode", "ride"),
        ("ridden", "ride"),
        ("rang", "ring"),
        ("shot", "shoot"),
        ("shut", "shut"),
        ("slid", "slide"),
        ("smelt", "smell"),
        ("spun", "spin"),
        ("sprang", "spring"),
        ("stuck", "stick"),
        ("stung", "sting"),
        ("swam", "swim"),
        ("swung", "swing"),
        ("wound", "wind"),
        ("dealt", "deal"),
        ("dreamt", "dream"),
        ("leapt", "leap"),
        ("learnt", "learn"),
        ("men", "man"),
        ("women", "woman"),
        ("children", "child"),
        ("feet", "foot"),
        ("teeth", "tooth"),
        ("mice", "mouse"),
        ("geese", "goose"),
        ("better", "good"),
        ("best", "good"),
        ("worse", "bad"),
        ("worst", "bad"),
        ("did", "do"),
        ("done", "do"),
        ("had", "have"),
        ("has", "have"),
    ];
    PAIRS.iter().find(|(form, _)| *form == w).map(|(_, base)| *base)
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
}
