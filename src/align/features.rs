//! Evidence per sentence, built once per document pair on normalised text.
//!
//! Each sentence becomes a list of weighted *units* (what must be accounted for): English content
//! words, Chinese words (forward maximum matching against the lexicon), numbers, Latin words, URLs,
//! `?`/`!`/quotes, glossary terms. Every English unit carries one *concept* (an integer: a stem, a
//! number, a glossary entry…). A Chinese sentence also carries *matches*: a run of its units and
//! the concepts that would translate it (lexicon glosses, the same number, the pinyin of a name, the
//! glossary term's target). A Chinese unit is covered by an English sentence when some match over
//! it has a concept present there; an English unit is covered when its concept is. Weights are
//! inverse document frequencies within the document at hand.

use std::collections::{HashMap, HashSet};

use crate::glossary::Matcher;
use crate::lexicon::{self, LexMatch, Lexicon};
use crate::script;

/// Units beyond this many in one sentence are ignored by the lexical evidence (length still counts).
pub const MAX_UNITS: usize = 2048;

/// Which kinds of evidence to use (the ablation switches).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    /// Numbers, Latin words, URLs and punctuation both sides share.
    pub tokens: bool,
    /// The lexicon's glosses.
    pub lexicon: bool,
    /// Pinyin matching of personal names.
    pub names: bool,
    /// Glossary terms.
    pub glossary: bool,
    /// Gale–Church length fit.
    pub length: bool,
    /// Word pairs learnt from the confident beads of a first pass (then a second pass runs).
    pub learnt: bool,
}

impl Default for Evidence {
    fn default() -> Self {
        Evidence { tokens: true, lexicon: true, names: true, glossary: true, length: true, learnt: true }
    }
}

impl Evidence {
    /// Length and bead priors only (Gale–Church).
    pub const LENGTH_ONLY: Evidence = Evidence {
        tokens: false,
        lexicon: false,
        names: false,
        glossary: false,
        length: true,
        learnt: false,
    };

    /// The names of the kinds, as `--evidence` takes them.
    pub const NAMES: [&'static str; 6] = ["lexicon", "length", "tokens", "names", "glossary", "learnt"];

    /// Whether any lexical kind is on (anything but length).
    pub fn lexical(&self) -> bool {
        self.tokens || self.lexicon || self.names || self.glossary
    }

    /// Parses a comma-separated list of kind names ([`Evidence::NAMES`]); `all` means every kind.
    pub fn parse(list: &str) -> Result<Evidence, String> {
        let mut e = Evidence::LENGTH_ONLY;
        e.length = false;
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match name {
                "all" => e = Evidence::default(),
                "lexicon" => e.lexicon = true,
                "length" => e.length = true,
                "tokens" => e.tokens = true,
                "names" => e.names = true,
                "glossary" => e.glossary = true,
                "learnt" => e.learnt = true,
                _ => {
                    return Err(format!(
                        "unknown evidence {name:?}; the kinds are {}",
                        Evidence::NAMES.join(",")
                    ));
                }
            }
        }
        Ok(e)
    }
}

/// Concept ids: the lexicon's stems first, then strings seen only in this document pair.
pub(crate) struct Concepts<'l> {
    lex: &'l Lexicon,
    extra: HashMap<String, u32>,
}

impl<'l> Concepts<'l> {
    pub(crate) fn new(lex: &'l Lexicon) -> Self {
        Concepts { lex, extra: HashMap::new() }
    }

    pub(crate) fn id(&mut self, s: &str) -> u32 {
        if let Some(id) = self.lex.stem_id(s) {
            return id;
        }
        let next = (self.lex.stem_count() + self.extra.len()) as u32;
        *self.extra.entry(s.to_string()).or_insert(next)
    }

    #[cfg(test)]
    pub(crate) fn get(&self, s: &str) -> Option<u32> {
        self.lex.stem_id(s).or_else(|| self.extra.get(s).copied())
    }

    pub(crate) fn count(&self) -> usize {
        self.lex.stem_count() + self.extra.len()
    }
}

/// A run of units of one sentence and the concepts that translate it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Match {
    /// First unit (index within the sentence).
    pub lo: u32,
    /// One past the last unit.
    pub hi: u32,
    /// `concepts[c0..c1]`.
    pub c0: u32,
    pub c1: u32,
}

/// One document's evidence, in flat arrays indexed through per-sentence offsets.
#[derive(Debug, Default)]
pub(crate) struct Side {
    /// `unit_start[s]..unit_start[s+1]` are sentence `s`'s units.
    pub unit_start: Vec<u32>,
    pub unit_w: Vec<f32>,
    /// The concept of each unit (English-like sides), `u32::MAX` for Chinese words.
    pub unit_concept: Vec<u32>,
    /// The text of each Chinese unit (for learning correspondences).
    pub unit_text: Vec<String>,
    /// The next unit of the same sentence with the same concept (`u32::MAX` if none).
    pub unit_next: Vec<u32>,
    /// Sum of unit weights per sentence.
    pub total_w: Vec<f32>,
    /// Length in characters (whitespace excluded) per sentence.
    pub len: Vec<f32>,
    /// `match_start[s]..match_start[s+1]` are sentence `s`'s matches.
    pub match_start: Vec<u32>,
    pub matches: Vec<Match>,
    pub concepts: Vec<u32>,
    /// Number of 64-bit words a unit bitmask of each sentence needs.
    pub words: Vec<u32>,
    /// Prefix sums of `words`.
    pub word_start: Vec<u32>,
    /// Glossary entries found per sentence: `gloss_start[s]..` into `gloss`.
    pub gloss_start: Vec<u32>,
    pub gloss: Vec<u32>,
}

impl Side {
    pub fn n(&self) -> usize {
        self.len.len()
    }

    pub fn units(&self, s: usize) -> std::ops::Range<usize> {
        self.unit_start[s] as usize..self.unit_start[s + 1] as usize
    }

    pub fn matches_of(&self, s: usize) -> &[Match] {
        &self.matches[self.match_start[s] as usize..self.match_start[s + 1] as usize]
    }

    pub fn glossary_of(&self, s: usize) -> &[u32] {
        &self.gloss[self.gloss_start[s] as usize..self.gloss_start[s + 1] as usize]
    }

    fn finish(&mut self, keys: &[u32], boost: &[f32]) {
        let n = self.len.len();
        // document frequencies of unit keys (counted once per sentence)
        let nkeys = keys.iter().copied().max().map_or(0, |k| k as usize + 1);
        let mut df = vec![0u32; nkeys];
        let mut seen = vec![u32::MAX; nkeys];
        for s in 0..n {
            for u in self.units(s) {
                let k = keys[u] as usize;
                if seen[k] != s as u32 {
                    seen[k] = s as u32;
                    df[k] += 1;
                }
            }
        }
        let nf = n.max(1) as f32;
        self.unit_w =
            keys.iter().zip(boost).map(|(&k, &b)| b * (1.0 + nf / df[k as usize] as f32).ln()).collect();
        self.total_w = (0..n).map(|s| self.units(s).map(|u| self.unit_w[u]).sum()).collect();
        // chains of equal concepts within a sentence
        self.unit_next = vec![u32::MAX; self.unit_concept.len()];
        let mut last: HashMap<u32, usize> = HashMap::new();
        for s in 0..n {
            last.clear();
            for u in self.units(s).rev() {
                let c = self.unit_concept[u];
                if c == u32::MAX {
                    continue;
                }
                if let Some(&nx) = last.get(&c) {
                    self.unit_next[u] = (nx - self.unit_start[s] as usize) as u32;
                }
                last.insert(c, u);
            }
        }
        self.words = (0..n).map(|s| self.units(s).len().div_ceil(64) as u32).collect();
        self.word_start = std::iter::once(0)
            .chain(self.words.iter().scan(0u32, |acc, &w| {
                *acc += w;
                Some(*acc)
            }))
            .collect();
    }
}

/// The numeric value of an English number word, and whether it multiplies (hundred, thousand…).
fn number_word(w: &str) -> Option<(f64, bool)> {
    const SMALL: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: &[&str] = &["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    if let Some(i) = SMALL.iter().position(|&s| s == w) {
        return Some((i as f64, false));
    }
    if let Some(i) = TENS.iter().position(|&s| s == w) {
        return Some((20.0 + 10.0 * i as f64, false));
    }
    match w {
        "hundred" => Some((100.0, true)),
        "thousand" => Some((1e3, true)),
        "million" => Some((1e6, true)),
        "billion" => Some((1e9, true)),
        "dozen" => Some((12.0, false)),
        _ => None,
    }
}

/// The concept string of a number (`#n2006`, `#n2.7`).
fn number_key(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("#n{}", v as i64) } else { format!("#n{v}") }
}

/// Parses a run of Chinese numerals (二十八, 三千五百, 两万, 一九八九) into a value.
pub(crate) fn parse_zh_number(run: &str) -> Option<f64> {
    let digit = |c: char| {
        "零〇一二三四五六七八九".find(c).map(|i| (i / 3) as f64).map(|d| if d >= 1.0 { d - 1.0 } else { 0.0 })
    };
    let digit = |c: char| match c {
        '两' => Some(2.0),
        '零' | '〇' => Some(0.0),
        _ => digit(c),
    };
    let chars: Vec<char> = run.chars().collect();
    if chars.is_empty() {
        return None;
    }
    // A plain digit string (一九八九) reads digit by digit.
    if chars.len() > 1 && chars.iter().all(|&c| digit(c).is_some()) {
        return chars.iter().try_fold(0.0, |acc, &c| Some(acc * 10.0 + digit(c)?));
    }
    let (mut total, mut section, mut num) = (0.0f64, 0.0f64, 0.0f64);
    for &c in &chars {
        if let Some(d) = digit(c) {
            num = d;
            continue;
        }
        let unit = match c {
            '十' => 10.0,
            '百' => 100.0,
            '千' => 1000.0,
            '万' => 1e4,
            '亿' => 1e8,
            _ => return None,
        };
        if unit >= 1e4 {
            total = (total + section + num) * unit;
            section = 0.0;
        } else {
            section += if num == 0.0 { 1.0 } else { num } * unit;
        }
        num = 0.0;
    }
    Some(total + section + num)
}

fn is_zh_numeral(c: char) -> bool {
    "零〇一二三四五六七八九十百千万亿两".contains(c)
}

/// Per-document builder state.
pub(crate) struct Builder<'a, 'l> {
    pub lex: &'l Lexicon,
    pub matcher: Option<&'a Matcher>,
    pub evidence: Evidence,
    pub concepts: Concepts<'l>,
    /// English words that look like names (capitalised, never lower case), lower case, with
    /// their concept ids.
    pub names: HashMap<String, u32>,
    /// Every prefix of those words.
    name_prefixes: HashSet<String>,
    glossary_concepts: Vec<u32>,
    /// Word correspondences learnt from this document pair (Chinese unit text → concepts), used
    /// by the re-alignment pass.
    pub learnt: HashMap<String, Vec<u32>>,
}

impl<'a, 'l> Builder<'a, 'l> {
    pub fn new(
        lex: &'l Lexicon,
        matcher: Option<&'a Matcher>,
        evidence: Evidence,
        glossary_len: usize,
    ) -> Self {
        let mut concepts = Concepts::new(lex);
        let glossary_concepts = (0..glossary_len).map(|e| concepts.id(&format!("#g{e}"))).collect();
        Builder {
            lex,
            matcher,
            evidence,
            concepts,
            names: HashMap::new(),
            name_prefixes: HashSet::new(),
            glossary_concepts,
            learnt: HashMap::new(),
        }
    }

    /// How many concept ids exist so far.
    pub fn concepts_count(&self) -> usize {
        self.concepts.count()
    }

    /// An English (or other space-separated) document.
    pub fn english(&mut self, sentences: &[&str]) -> Side {
        let mut side = Side::default();
        let mut keys = Vec::new();
        let mut boost = Vec::new();
        side.unit_start.push(0);
        side.match_start.push(0);
        side.gloss_start.push(0);
        let mut cap: HashMap<String, (u32, u32, u32)> = HashMap::new();
        let mut toks: Vec<(String, bool)> = Vec::new();
        for text in sentences {
            side.len.push(text.chars().filter(|c| !c.is_whitespace()).count() as f32);
            let folded = script::fold_width(text);
            let norm = folded.to_lowercase();
            let start = side.unit_concept.len();
            let mut push = |side: &mut Side, c: u32, b: f32| {
                if side.unit_concept.len() - start < MAX_UNITS {
                    side.unit_concept.push(c);
                    keys.push(c);
                    boost.push(b);
                }
            };
            // Tokens: words, numbers (with their scale words), punctuation marks.
            toks.clear();
            tokenize_en(&folded, &mut toks);
            let mut marks = [false; 3];
            let mut i = 0;
            let mut first_word = true;
            while i < toks.len() {
                let (t, upper) = (&toks[i].0, toks[i].1);
                if let Some(url) = t.strip_prefix("#u") {
                    if self.evidence.tokens {
                        let c = self.concepts.id(&format!("#u{url}"));
                        push(&mut side, c, 1.0);
                    }
                    i += 1;
                    continue;
                }
                let mark = ["?", "!", "\""].iter().position(|m| m == t);
                if let Some(k) = mark {
                    if self.evidence.tokens && !marks[k] {
                        marks[k] = true;
                        let c = self.concepts.id(&format!("#p{t}"));
                        push(&mut side, c, 1.0);
                    }
                    i += 1;
                    continue;
                }
                if t == "%" || t == "percent" {
                    if self.evidence.tokens {
                        let c = self.concepts.id("#%");
                        push(&mut side, c, 1.0);
                    }
                    i += 1;
                    continue;
                }
                // numbers: digits or number words, with following scale words
                let num = t.parse::<f64>().ok().map(|v| (v, false)).or_else(|| number_word(t));
                if let Some((v, _)) = num {
                    let mut value = v;
                    let mut j = i + 1;
                    let mut pending = 0.0;
                    while j < toks.len() {
                        match number_word(&toks[j].0) {
                            Some((s, true)) => {
                                value = (value + pending) * s;
                                pending = 0.0;
                            }
                            Some((s, false)) if t.parse::<f64>().is_err() => pending += s,
                            _ => break,
                        }
                        j += 1;
                    }
                    value += pending;
                    if self.evidence.tokens && value != 1.0 && value != 0.0 {
                        let c = self.concepts.id(&number_key(value));
                        push(&mut side, c, 1.0);
                    } else if j == i + 1 && t.chars().all(|c| c.is_alphabetic()) {
                        // "one", "zero": an ordinary word (the lexicon glosses 一 as "one")
                        let c = self.concepts.id(t);
                        push(&mut side, c, 1.0);
                    }
                    first_word = false;
                    i = j;
                    continue;
                }
                if !lexicon::is_stopword(t) && t.chars().any(|c| c.is_alphabetic()) {
                    let st = lexicon::stem(t);
                    let c = self.concepts.id(&st);
                    let e = cap.entry(t.clone()).or_insert((0, 0, c));
                    if upper && !first_word {
                        e.0 += 1;
                    } else if !upper {
                        e.1 += 1;
                    }
                    push(&mut side, c, 1.0);
                }
                first_word = false;
                i += 1;
            }
            if self.evidence.glossary
                && let Some(m) = self.matcher
            {
                let mut found: Vec<u32> = m.find_tgt(&norm).iter().map(|t| t.entry as u32).collect();
                found.sort_unstable();
                found.dedup();
                for e in found {
                    let c = self.glossary_concepts[e as usize];
                    push(&mut side, c, 3.0);
                    side.gloss.push(e);
                }
            }
            side.unit_start.push(side.unit_concept.len() as u32);
            side.match_start.push(0);
            side.gloss_start.push(side.gloss.len() as u32);
        }
        self.names = cap
            .into_iter()
            .filter(|(w, (up, low, _))| *up > 0 && *low == 0 && w.len() >= 2 && w.is_ascii())
            .map(|(w, (_, _, c))| (w, c))
            .collect();
        self.name_prefixes =
            self.names.keys().flat_map(|w| (1..=w.len()).map(|k| w[..k].to_string())).collect();
        side.finish(&keys, &boost);
        side
    }

    /// A Chinese document.
    pub fn chinese(&mut self, sentences: &[&str]) -> Side {
        let mut side = Side::default();
        let mut keys: Vec<u32> = Vec::new();
        let mut key_ids: HashMap<String, u32> = HashMap::new();
        side.unit_start.push(0);
        side.match_start.push(0);
        side.gloss_start.push(0);
        let mut lm: Vec<LexMatch> = Vec::new();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut toks: Vec<(String, bool)> = Vec::new();
        let normalized = normalize_all(sentences);
        for (text, norm) in sentences.iter().zip(normalized) {
            side.len.push(text.chars().filter(|c| !c.is_whitespace()).count() as f32);
            let unit0 = side.unit_concept.len();
            spans.clear();
            if self.evidence.lexicon || self.evidence.names {
                self.lex.find_all(&norm, &mut lm);
            } else {
                lm.clear();
            }
            // Units: forward maximum matching over Han text; Latin words, numbers, marks.
            let mut self_matches: Vec<(usize, u32)> = Vec::new();
            let mut marks = [false; 3];
            let mut p = 0;
            let mut li = 0;
            let bytes = norm.as_bytes();
            while p < norm.len() {
                if spans.len() >= MAX_UNITS {
                    break;
                }
                let c = norm[p..].chars().next().unwrap_or(' ');
                let cl = c.len_utf8();
                if script::is_han(c) {
                    while li < lm.len() && lm[li].start < p {
                        li += 1;
                    }
                    let mut end = p + cl;
                    let mut k = li;
                    while k < lm.len() && lm[k].start == p {
                        end = end.max(lm[k].end);
                        k += 1;
                    }
                    spans.push((p, end));
                    let kid = key_ids.len() as u32;
                    keys.push(*key_ids.entry(norm[p..end].to_string()).or_insert(kid));
                    side.unit_concept.push(u32::MAX);
                    p = end;
                    continue;
                }
                if c.is_ascii_alphanumeric() {
                    let mut e = p;
                    while e < norm.len()
                        && (bytes[e].is_ascii_alphanumeric()
                            || (bytes[e] == b'.' || bytes[e] == b',')
                                && bytes[e - 1].is_ascii_digit()
                                && bytes.get(e + 1).is_some_and(|b| b.is_ascii_digit()))
                    {
                        e += 1;
                    }
                    toks.clear();
                    tokenize_en(&norm[p..e], &mut toks);
                    let mut concept = None;
                    if let Some((t, _)) = toks.first() {
                        if let Ok(mut v) = t.parse::<f64>() {
                            // 600万, 3千
                            match norm[e..].chars().next() {
                                Some('万') => v *= 1e4,
                                Some('亿') => v *= 1e8,
                                Some('千') => v *= 1e3,
                                _ => {}
                            }
                            if self.evidence.tokens && v != 1.0 && v != 0.0 {
                                concept = Some(self.concepts.id(&number_key(v)));
                            }
                        } else if self.evidence.tokens && !lexicon::is_stopword(t) {
                            concept = Some(self.concepts.id(&lexicon::stem(t)));
                        }
                    }
                    if let Some(cid) = concept {
                        self_matches.push((spans.len(), cid));
                        spans.push((p, e));
                        let kid = key_ids.len() as u32;
                        keys.push(*key_ids.entry(norm[p..e].to_string()).or_insert(kid));
                        side.unit_concept.push(u32::MAX);
                    }
                    p = e;
                    continue;
                }
                let mark = match c {
                    '?' => Some((0, "#p?")),
                    '!' => Some((1, "#p!")),
                    '"' | '“' | '”' | '「' | '」' | '『' | '』' => Some((2, "#p\"")),
                    '%' => Some((3, "#%")),
                    _ => None,
                };
                if let Some((k, key)) = mark
                    && self.evidence.tokens
                    && (k == 3 || !marks[k])
                {
                    if k < 3 {
                        marks[k] = true;
                    }
                    let cid = self.concepts.id(key);
                    self_matches.push((spans.len(), cid));
                    spans.push((p, p + cl));
                    let kid = key_ids.len() as u32;
                    keys.push(*key_ids.entry(key.to_string()).or_insert(kid));
                    side.unit_concept.push(u32::MAX);
                }
                p += cl;
            }
            let nunits = spans.len();
            // characters per unit, counted once (a unit may be a long run of Latin letters)
            let unit_chars: Vec<usize> = spans.iter().map(|&(us, ue)| norm[us..ue].chars().count()).collect();
            let unit_range = |s: usize, e: usize, spans: &[(usize, usize)]| -> (u32, u32) {
                let lo = spans.partition_point(|&(_, ue)| ue <= s);
                let hi = spans.partition_point(|&(us, _)| us < e);
                (lo as u32, hi.max(lo) as u32)
            };
            // Matches.
            for (u, cid) in self_matches {
                side.concepts.push(cid);
                let c1 = side.concepts.len() as u32;
                side.matches.push(Match { lo: u as u32, hi: u as u32 + 1, c0: c1 - 1, c1 });
            }
            if self.evidence.lexicon {
                for m in &lm {
                    let g = self.lex.glosses(m.head);
                    if g.is_empty() {
                        continue;
                    }
                    let mlen = norm[m.start..m.end].chars().count();
                    // units inside the match, or a unit containing a long enough match
                    let (lo, hi) = unit_range(m.start, m.end, &spans);
                    let mut a = lo;
                    let mut b = lo;
                    for u in lo..hi {
                        let (us, ue) = spans[u as usize];
                        let inside = us >= m.start && ue <= m.end;
                        let ulen = unit_chars[u as usize];
                        let contains = mlen >= 2 && 2 * mlen >= ulen;
                        if inside || contains {
                            if a == b {
                                a = u;
                            }
                            b = u + 1;
                        }
                    }
                    if a < b {
                        let c0 = side.concepts.len() as u32;
                        side.concepts.extend_from_slice(g);
                        side.matches.push(Match { lo: a, hi: b, c0, c1: side.concepts.len() as u32 });
                    }
                }
            }
            if self.evidence.numbers_in_han() {
                let mut it = norm.char_indices().peekable();
                while let Some((s, c)) = it.next() {
                    if !is_zh_numeral(c) {
                        continue;
                    }
                    let mut e = s + c.len_utf8();
                    while let Some(&(q, d)) = it.peek() {
                        if !is_zh_numeral(d) {
                            break;
                        }
                        e = q + d.len_utf8();
                        it.next();
                    }
                    let run = &norm[s..e];
                    if let Some(v) = parse_zh_number(run)
                        && v >= 2.0
                    {
                        let (lo, hi) = unit_range(s, e, &spans);
                        if lo < hi {
                            side.concepts.push(self.concepts.id(&number_key(v)));
                            let c1 = side.concepts.len() as u32;
                            side.matches.push(Match { lo, hi, c0: c1 - 1, c1 });
                        }
                    }
                }
                if let Some(s) = norm.find("百分之") {
                    let (lo, hi) = unit_range(s, s + "百分之".len(), &spans);
                    if lo < hi {
                        side.concepts.push(self.concepts.id("#%"));
                        let c1 = side.concepts.len() as u32;
                        side.matches.push(Match { lo, hi, c0: c1 - 1, c1 });
                    }
                }
            }
            if !self.learnt.is_empty() {
                for (u, &(us, ue)) in spans.iter().enumerate() {
                    if let Some(cs) = self.learnt.get(&norm[us..ue]) {
                        let c0 = side.concepts.len() as u32;
                        side.concepts.extend_from_slice(cs);
                        side.matches.push(Match {
                            lo: u as u32,
                            hi: u as u32 + 1,
                            c0,
                            c1: side.concepts.len() as u32,
                        });
                    }
                }
            }
            if self.evidence.names && !self.names.is_empty() {
                self.name_matches(&norm, &spans, &mut side);
            }
            if self.evidence.glossary
                && let Some(m) = self.matcher
            {
                let mut found = m.find_src(&norm);
                found.sort_by_key(|t| (t.entry, t.start));
                found.dedup_by_key(|t| t.entry);
                for t in found {
                    let (lo, hi) = unit_range(t.start, t.end, &spans);
                    if lo < hi {
                        side.concepts.push(self.glossary_concepts[t.entry]);
                        let c1 = side.concepts.len() as u32;
                        side.matches.push(Match { lo, hi, c0: c1 - 1, c1 });
                    }
                    side.gloss.push(t.entry as u32);
                }
            }
            debug_assert_eq!(side.unit_concept.len() - unit0, nunits);
            side.unit_start.push(side.unit_concept.len() as u32);
            side.match_start.push(side.matches.len() as u32);
            side.gloss_start.push(side.gloss.len() as u32);
        }
        let boost = vec![1.0; keys.len()];
        side.finish(&keys, &boost);
        let mut text_of = vec![String::new(); key_ids.len()];
        for (t, k) in key_ids {
            text_of[k as usize] = t;
        }
        side.unit_text = keys.iter().map(|&k| text_of[k as usize].clone()).collect();
        side
    }

    /// Matches for names: runs of up to four Han characters whose pinyin spells an English word
    /// that looks like a name (汪淼 → Wang Miao, 叶文洁 → Ye Wenjie, 黑龙潭 → Heilongtan). A
    /// single-character match counts only next to another match (a surname and a given name).
    fn name_matches(&mut self, norm: &str, spans: &[(usize, usize)], side: &mut Side) {
        let chars: Vec<(usize, char)> = norm.char_indices().collect();
        let mut found: Vec<(usize, usize, u32)> = Vec::new();
        let mut stack: Vec<(usize, String)> = Vec::new();
        for k in 0..chars.len() {
            if !script::is_han(chars[k].1) {
                continue;
            }
            stack.clear();
            stack.push((k, String::new()));
            while let Some((e, prefix)) = stack.pop() {
                if e >= chars.len() || e - k >= 4 || !script::is_han(chars[e].1) {
                    continue;
                }
                let Some(r) = self.lex.reading(chars[e].1) else { continue };
                for syl in r.syllables.iter().take(4) {
                    let cand = format!("{prefix}{syl}");
                    if !self.name_prefixes.contains(&cand) {
                        continue;
                    }
                    if let Some(&c) = self.names.get(&cand) {
                        found.push((k, e + 1, c));
                    }
                    stack.push((e + 1, cand));
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        for (i, &(k, e, c)) in found.iter().enumerate() {
            let single = e - k == 1;
            if single && !found.iter().enumerate().any(|(j, &(k2, e2, _))| j != i && (e2 == k || k2 == e)) {
                continue;
            }
            let start = chars[k].0;
            let end = chars.get(e).map_or(norm.len(), |&(p, _)| p);
            let lo = spans.partition_point(|&(_, ue)| ue <= start);
            let hi = spans.partition_point(|&(us, _)| us < end);
            if lo < hi {
                side.concepts.push(c);
                let c1 = side.concepts.len() as u32;
                side.matches.push(Match { lo: lo as u32, hi: hi as u32, c0: c1 - 1, c1 });
            }
        }
    }

    /// A document on the "source" side that is not Chinese: its units translate to themselves.
    pub fn identity(&mut self, sentences: &[&str]) -> Side {
        let mut side = self.english(sentences);
        side.matches.clear();
        side.concepts.clear();
        side.match_start = vec![0];
        for s in 0..side.n() {
            for u in side.units(s) {
                let rel = (u - side.unit_start[s] as usize) as u32;
                side.concepts.push(side.unit_concept[u]);
                let c1 = side.concepts.len() as u32;
                side.matches.push(Match { lo: rel, hi: rel + 1, c0: c1 - 1, c1 });
            }
            side.match_start.push(side.matches.len() as u32);
        }
        side
    }
}

impl Evidence {
    fn numbers_in_han(&self) -> bool {
        self.tokens
    }
}

/// [`script::normalize`] of every sentence, converting the whole document in one call (much
/// faster than one call per sentence) when no sentence holds a line break.
fn normalize_all(sentences: &[&str]) -> Vec<String> {
    if sentences.iter().any(|s| s.contains('\n')) {
        return sentences.iter().map(|s| script::normalize(s)).collect();
    }
    let joined = script::normalize(&sentences.join("\n"));
    let out: Vec<String> = joined.split('\n').map(str::to_string).collect();
    if out.len() == sentences.len() { out } else { sentences.iter().map(|s| script::normalize(s)).collect() }
}

/// Splits folded (half-width) English text into tokens: lower-case words and numbers (the flag
/// says whether the word started with a capital), `?`, `!`, `"`, `%`, and URLs as `#u…`.
pub(crate) fn tokenize_en(text: &str, out: &mut Vec<(String, bool)>) {
    for chunk in text.split_whitespace() {
        let lower = chunk.to_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
            let url = lower.trim_end_matches(|c: char| ".,;:!?)]}\"'".contains(c));
            let url =
                url.trim_start_matches("https://").trim_start_matches("http://").trim_start_matches("www.");
            out.push((format!("#u{url}"), false));
            continue;
        }
        let b = chunk.as_bytes();
        let mut i = 0;
        let chars: Vec<(usize, char)> = chunk.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            let (pos, c) = chars[k];
            if c.is_ascii_digit() {
                let mut e = pos;
                while e < b.len()
                    && (b[e].is_ascii_digit()
                        || ((b[e] == b'.' || b[e] == b',')
                            && e > pos
                            && b.get(e + 1).is_some_and(|x| x.is_ascii_digit())))
                {
                    e += 1;
                }
                out.push((chunk[pos..e].replace(',', ""), false));
                while k < chars.len() && chars[k].0 < e {
                    k += 1;
                }
                i = e;
                continue;
            }
            if c.is_alphanumeric() && !script::is_han(c) {
                let mut e = k;
                while e < chars.len() && chars[e].1.is_alphanumeric() && !script::is_han(chars[e].1) {
                    e += 1;
                }
                let end = chars.get(e).map_or(chunk.len(), |&(p, _)| p);
                out.push((chunk[pos..end].to_lowercase(), c.is_uppercase()));
                k = e;
                i = end;
                continue;
            }
            match c {
                '?' | '!' | '%' => out.push((c.to_string(), false)),
                '"' | '“' | '”' => out.push(("\"".to_string(), false)),
                _ => {}
            }
            k += 1;
            i = pos + c.len_utf8();
        }
        let _ = i;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers_parse() {
        for (run, v) in [
            ("二十八", 28.0),
            ("五十", 50.0),
            ("一九八九", 1989.0),
            ("三千五百", 3500.0),
            ("两万", 2e4),
            ("十", 10.0),
            ("六百", 600.0),
        ] {
            assert_eq!(parse_zh_number(run), Some(v), "{run}");
        }
    }

    #[test]
    fn english_tokens() {
        let mut t = Vec::new();
        tokenize_en("Meta's GPT-5 cost 1,000 dollars (3.5%)? See https://x.com/a.", &mut t);
        let words: Vec<&str> = t.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(
            words,
            ["meta", "s", "gpt", "5", "cost", "1000", "dollars", "3.5", "%", "?", "see", "#ux.com/a"]
        );
        assert!(t[0].1 && !t[4].1);
    }

    fn lex() -> Lexicon {
        let (l, _) = Lexicon::from_bytes(
            "w\t望远镜\ttelescope\nw\t天线\tantenna\nw\t五十\tfifty\np\t陈\tchen\ts\np\t清\tqing\t\np\t扬\tyang\t\n"
                .as_bytes(),
            std::path::Path::new("t"),
        )
        .unwrap();
        l
    }

    #[test]
    fn numbers_and_latin_words_are_shared_concepts() {
        let lex = lex();
        let mut b = Builder::new(&lex, None, Evidence::default(), 0);
        let en = b.english(&["Two telescopes were built in 2006 by NASA."]);
        let zh = b.chinese(&["2006年NASA建成了两台望远镜。"]);
        let en_c: HashSet<u32> = en.unit_concept.iter().copied().collect();
        let covered: Vec<u32> = zh
            .matches_of(0)
            .iter()
            .flat_map(|m| &zh.concepts[m.c0 as usize..m.c1 as usize])
            .copied()
            .filter(|c| en_c.contains(c))
            .collect();
        for key in ["#n2006", "nasa", "telescop", "#n2"] {
            let id = b.concepts.get(key).unwrap_or_else(|| panic!("{key} interned"));
            assert!(covered.contains(&id), "{key} should be shared");
        }
    }

    #[test]
    fn pinyin_matches_names() {
        let lex = lex();
        let mut b = Builder::new(&lex, None, Evidence::default(), 0);
        let _en = b.english(&["Then Chen Qingyang came.", "He said Qingyang was there."]);
        let zh = b.chinese(&["陈清扬来了。"]);
        let concepts: Vec<u32> = zh
            .matches_of(0)
            .iter()
            .flat_map(|m| zh.concepts[m.c0 as usize..m.c1 as usize].to_vec())
            .collect();
        for name in ["chen", "qingyang"] {
            assert!(concepts.contains(&b.concepts.get(name).unwrap()), "{name}");
        }
        // a lone surname-like character is not a name
        let zh = b.chinese(&["陈旧了。"]);
        let concepts: Vec<u32> = zh
            .matches_of(0)
            .iter()
            .flat_map(|m| zh.concepts[m.c0 as usize..m.c1 as usize].to_vec())
            .collect();
        assert!(!concepts.contains(&b.concepts.get("chen").unwrap()));
    }

    #[test]
    fn evidence_lists_parse() {
        assert_eq!(Evidence::parse("length").unwrap(), Evidence::LENGTH_ONLY);
        assert_eq!(Evidence::parse("all").unwrap(), Evidence::default());
        let e = Evidence::parse("lexicon, length").unwrap();
        assert!(e.lexicon && e.length && !e.tokens && !e.names && !e.glossary && !e.learnt);
        assert!(Evidence::parse("lexicon,colour").unwrap_err().contains("colour"));
    }

    /// Issue 13: a long run of Latin letters on the Chinese side made the lexicon step count the
    /// run's characters once per lexicon match inside it (quadratic: `a`×1M took 28 s). With a
    /// headword matching at every position of a 400k-letter run, the quadratic version would
    /// examine 1.6·10¹¹ characters and never finish; the linear one takes milliseconds.
    #[test]
    fn latin_run_on_the_chinese_side_is_linear_issue_13() {
        let lex = Lexicon::from_entries([("aa", "double"), ("望远镜", "telescope")]);
        let mut b = Builder::new(&lex, None, Evidence::default(), 0);
        let long = format!("望远镜{}。", "a".repeat(400_000));
        let zh = b.chinese(&[long.as_str(), "望远镜。"]);
        assert_eq!(zh.n(), 2);
        assert!(zh.units(0).len() >= 2, "the run is one unit beside the Han word");
    }

    #[test]
    fn rare_units_weigh_more() {
        let lex = lex();
        let mut b = Builder::new(&lex, None, Evidence::default(), 0);
        let en = b.english(&["said telescope", "said", "said"]);
        let w: Vec<f32> = en.units(0).map(|u| en.unit_w[u]).collect();
        assert!(w[1] > 1.5 * w[0], "{w:?}");
    }
}
