//! `glossary extract`: proposes term pairs from aligned sentence pairs (beads), best first.
//!
//! Three kinds of evidence, combined into one score in [0, 1]:
//!
//! 1. **Glosses**: Chinese writers gloss names in parentheses, `代號為Avocado(牛油果)`,
//!    `「Meta超級智能實驗室」(Meta Superintelligence Labs,MSL)`, `大語言模型(LLM)`. A Latin-script item
//!    paired with a Chinese one in such a gloss is a strong proposal; a further all-capitals item is
//!    an abbreviation (`MSL`). English `Meta Superintelligence Labs (MSL)` does the same for acronyms.
//! 2. **Co-occurrence**: English capitalised phrases (names, labs, products) are paired with the
//!    Chinese n-gram (Chinese characters, optionally with Latin words: `Meta超級智能實驗室`) that
//!    co-occurs with them across beads, by the Dice coefficient 2·c/(f_en + f_zh), kept when each
//!    is the other's best partner (competitive linking). Lower-case English terms of one to three
//!    words (`open-source`) are paired the same way, more strictly (three beads or more, Dice 0.5,
//!    an all-Chinese partner of up to six characters) and rank lower (×0.7).
//! 3. **Shared names**: Latin-script names written identically on both sides (`Scale AI`,
//!    `Llama 4`). They need no alignment: c is the smaller of the two sides' bead counts. They rank
//!    a little lower (×0.8): a translator rarely needs to look them up.
//!
//! Score: `1 − (1 − dice·c/(c+1)) · (1 − (1 − 0.3^g))` where c is the number of beads holding both
//! terms and g the number of glosses; ×0.8 for identical pairs.

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

use super::model::{Entry, Glossary, Term, key};
use crate::script;

/// One proposed entry with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// The proposed entry (first terms are the main pair; abbreviations follow).
    pub entry: Entry,
    /// Score in [0, 1], higher is better.
    pub score: f64,
    /// Beads in which both main terms occur.
    pub beads: usize,
    /// Parenthetical glosses pairing them.
    pub glosses: usize,
    /// Which evidence produced it: `gloss`, `dice`, `shared`, joined with `+`.
    pub method: String,
}

impl Proposal {
    /// The evidence as written in the fifth column by [`write_tsv`]: `score 0.93; 4 beads; 2 glosses; gloss+dice`.
    pub fn evidence(&self) -> String {
        format!("score {:.3}; {} beads; {} glosses; {}", self.score, self.beads, self.glosses, self.method)
    }
}

/// Han characters that never start or end a term (particles, prepositions, measure words…),
/// in Simplified form (the text is normalised first).
const EDGE_STOP: &str = "的了在是和与及为被把将从对由也都就而但并或等这那其之于以向让给到已曾又还更很不没会能要可个说着过地得所此该各每即若如";
/// Han characters that end a term candidate outright (nothing spans them).
const BREAK: &str = "的了是和与及被把将从对由向给到于";

use crate::chars::{is_alphabetic_word_char as is_latin, is_function_word, is_not_name};

/// A unit of Chinese text: one Han character or one Latin-script word, as a char range.
#[derive(Debug, Clone, Copy)]
struct Unit {
    start: usize,
    end: usize,
    han: bool,
}

/// Splits normalised text (as chars) into runs of units; punctuation and break characters end runs.
fn zh_runs(norm: &[char]) -> Vec<Vec<Unit>> {
    let mut runs = Vec::new();
    let mut cur: Vec<Unit> = Vec::new();
    let mut i = 0;
    while i < norm.len() {
        let c = norm[i];
        if script::is_han(c) {
            if BREAK.contains(c) {
                runs.push(std::mem::take(&mut cur));
            } else {
                cur.push(Unit { start: i, end: i + 1, han: true });
            }
            i += 1;
        } else if is_latin(c) {
            let s = i;
            while i < norm.len()
                && (is_latin(norm[i])
                    || (matches!(norm[i], '.' | '-' | '\'') && i + 1 < norm.len() && is_latin(norm[i + 1])))
            {
                i += 1;
            }
            cur.push(Unit { start: s, end: i, han: false });
        } else if c == ' ' {
            i += 1; // spaces join Latin words and do not end a run
        } else {
            runs.push(std::mem::take(&mut cur));
            i += 1;
        }
    }
    runs.push(cur);
    runs.retain(|r| !r.is_empty());
    runs
}

/// The key of a unit sequence: Latin words separated by one space, no space next to Han.
fn units_key(norm: &[char], units: &[Unit]) -> String {
    let mut k = String::new();
    let mut prev_latin = false;
    for u in units {
        if !u.han && prev_latin {
            k.push(' ');
        }
        k.extend(&norm[u.start..u.end]);
        prev_latin = !u.han;
    }
    k
}

/// One side of a bead, prepared: original and normalised chars (same length when possible).
struct Side {
    orig: Vec<char>,
    norm: Vec<char>,
}

impl Side {
    fn new(text: &str) -> Side {
        let orig: Vec<char> = text.chars().collect();
        let norm: Vec<char> = script::normalize(text).chars().collect();
        Side { orig, norm }
    }

    /// The original text of a char range (the normalised one if lengths differ).
    fn surface(&self, start: usize, end: usize) -> String {
        let chars = if self.orig.len() == self.norm.len() { &self.orig } else { &self.norm };
        chars[start..end].iter().collect::<String>().trim().to_string()
    }
}

/// Chinese n-grams of a bead: key → surface. Each has a Han character; Han-only ones have two.
fn zh_ngrams(side: &Side, out: &mut HashMap<String, String>) {
    for run in zh_runs(&side.norm) {
        for i in 0..run.len() {
            if run[i].han && EDGE_STOP.contains(side.norm[run[i].start]) {
                continue;
            }
            for j in i..run.len().min(i + 10) {
                let last = run[j];
                if last.han && EDGE_STOP.contains(side.norm[last.start]) {
                    continue;
                }
                let units = &run[i..=j];
                let han = units.iter().filter(|u| u.han).count();
                if han == 0 || (han < 2 && units.len() < 2) {
                    continue;
                }
                let k = units_key(&side.norm, units);
                // Numbers and dates (11月, 2025年, 600人) are not terms.
                if k.chars().any(|c| c.is_ascii_digit()) && !k.chars().any(|c| c.is_ascii_alphabetic()) {
                    continue;
                }
                out.entry(k).or_insert_with(|| side.surface(units[0].start, last.end));
            }
        }
    }
}

/// Latin-script phrases written in the Chinese text (`Scale AI`, `Llama 4`): key → surface.
fn zh_latin(side: &Side, out: &mut HashMap<String, String>) {
    for run in zh_runs(&side.norm) {
        let mut i = 0;
        while i < run.len() {
            if run[i].han {
                i += 1;
                continue;
            }
            let s = i;
            // Latin words separated by spaces only (adjacent units with only spaces between).
            while i + 1 < run.len()
                && !run[i + 1].han
                && side.norm[run[i].end..run[i + 1].start].iter().all(|c| *c == ' ')
            {
                i += 1;
            }
            let units = &run[s..=i];
            let has_letter =
                units.iter().any(|u| side.norm[u.start..u.end].iter().any(|c| c.is_alphabetic()));
            if has_letter {
                out.entry(units_key(&side.norm, units))
                    .or_insert_with(|| side.surface(units[0].start, units[i - s].end));
            }
            i += 1;
        }
    }
}

/// English capitalised phrases of a text: key → surface. `lower` holds the words the corpus also
/// writes in lower case (a capital there is only the sentence start).
fn en_phrases(text: &str, lower: &HashSet<String>, out: &mut HashMap<String, String>) {
    // Tokens with the separators between them.
    let chars: Vec<char> = text.chars().collect();
    let mut toks: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_alphanumeric() {
            let s = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric()
                    || (matches!(chars[i], '.' | '-' | '\'' | '’')
                        && i + 1 < chars.len()
                        && chars[i + 1].is_alphanumeric()))
            {
                i += 1;
            }
            toks.push((s, i));
        } else {
            i += 1;
        }
    }
    let word = |t: (usize, usize)| chars[t.0..t.1].iter().collect::<String>();
    let mut phrase: Vec<(usize, usize)> = Vec::new();
    let flush = |phrase: &mut Vec<(usize, usize)>, out: &mut HashMap<String, String>| {
        while let Some(&f) = phrase.first() {
            // Drop leading words that are only capitalised because a sentence starts there.
            let w = word(f).to_lowercase();
            if is_not_name(&w) || (lower.contains(&w) && phrase.len() > 1 && !is_acronym(&word(f))) {
                phrase.remove(0);
            } else {
                break;
            }
        }
        if let (Some(&f), Some(&l)) = (phrase.first(), phrase.last()) {
            let surface: String = chars[f.0..l.1].iter().collect();
            let w = word(f).to_lowercase();
            let single_common = phrase.len() == 1 && (lower.contains(&w) || is_not_name(&w));
            if !single_common && surface.chars().any(|c| c.is_alphabetic()) && surface.chars().count() > 1 {
                out.entry(key(&surface)).or_insert(surface);
            }
        }
        phrase.clear();
    };
    for (n, &t) in toks.iter().enumerate() {
        let w = word(t);
        let (w, possessive) = match w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")) {
            Some(b) => (b.to_string(), true),
            None => (w, false),
        };
        let t = (t.0, t.0 + w.chars().count());
        let gap_ok = phrase.last().is_none_or(|&(_, e)| chars[e..t.0].iter().all(|c| *c == ' '));
        if !gap_ok {
            flush(&mut phrase, out);
        }
        let first = w.chars().next().unwrap_or(' ');
        let numeric = w.chars().all(|c| c.is_ascii_digit() || c == '.');
        if first.is_uppercase() || (numeric && !phrase.is_empty()) {
            phrase.push(t);
        } else {
            flush(&mut phrase, out);
        }
        if possessive || n + 1 == toks.len() {
            flush(&mut phrase, out);
        }
    }
    flush(&mut phrase, out);
}

/// Lower-case English word n-grams (1 to 3 words) of a text, for terms such as `earnings call`:
/// key → surface. No n-gram starts or ends with a function word.
fn en_terms(text: &str, out: &mut HashMap<String, String>) {
    for chunk in text.split(|c: char| !(c.is_alphanumeric() || c == ' ' || c == '-' || c == '\'')) {
        let words: Vec<&str> = chunk.split(' ').filter(|w| !w.is_empty()).collect();
        for i in 0..words.len() {
            for j in i..words.len().min(i + 3) {
                let ws = &words[i..=j];
                let plain = |w: &str| w.chars().all(|c| c.is_lowercase() || c == '-') && w.len() > 2;
                if !ws.iter().all(|w| plain(w))
                    || is_function_word(ws[0])
                    || is_function_word(ws[ws.len() - 1])
                {
                    continue;
                }
                let surface = ws.join(" ");
                out.entry(key(&surface)).or_insert(surface);
            }
        }
    }
}

fn is_acronym(w: &str) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// A gloss found in the text: a Chinese term and Latin-script items (main form, abbreviations).
#[derive(Debug, Clone, PartialEq)]
struct Gloss {
    zh: String,
    latin: Vec<String>,
}

fn has_han(s: &str) -> bool {
    s.chars().any(script::is_han)
}

fn is_latin_term(s: &str) -> bool {
    !has_han(s) && s.chars().any(|c| c.is_alphabetic())
}

/// Finds `X(Y)` / `X（Y,Z）` glosses in a Chinese text.
fn zh_glosses(text: &str) -> Vec<Gloss> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c != '(' && c != '（' {
            continue;
        }
        let Some(close) = chars[i + 1..].iter().position(|&c| c == ')' || c == '）').map(|p| i + 1 + p)
        else {
            continue;
        };
        let inner: String = chars[i + 1..close].iter().collect();
        let items: Vec<String> = inner
            .split([',', '，', ';', '；', '、'])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if items.is_empty() || items.iter().any(|s| s.chars().count() > 40) {
            continue;
        }
        let x = left_term(&chars[..i]);
        if x.is_empty() {
            continue;
        }
        if is_latin_term(&x)
            && items.len() == 1
            && has_han(&items[0])
            && !items[0].chars().any(|c| c.is_ascii_alphabetic())
        {
            out.push(Gloss { zh: items[0].clone(), latin: vec![x] });
        } else if has_han(&x) && items.iter().all(|s| is_latin_term(s)) {
            out.push(Gloss { zh: x, latin: items });
        }
    }
    out
}

/// The term just before a gloss: the quoted text if a quote closes there, else the trailing run of
/// Latin words (after Latin) or of Chinese characters and Latin words (after Chinese), stopping at
/// punctuation and break characters.
fn left_term(before: &[char]) -> String {
    let mut end = before.len();
    while end > 0 && before[end - 1] == ' ' {
        end -= 1;
    }
    if end == 0 {
        return String::new();
    }
    let closing = before[end - 1];
    let open = match closing {
        '」' => Some('「'),
        '』' => Some('『'),
        '”' => Some('“'),
        '"' => Some('"'),
        _ => None,
    };
    if let Some(open) = open {
        return match before[..end - 1].iter().rposition(|&c| c == open) {
            Some(s) if end - 1 - s <= 30 => {
                before[s + 1..end - 1].iter().collect::<String>().trim().to_string()
            }
            _ => String::new(),
        };
    }
    let latin_tail = is_latin(closing);
    let mut s = end;
    while s > 0 {
        let c = before[s - 1];
        let ok = if latin_tail {
            is_latin(c)
                || (c == ' ' && s >= 2 && is_latin(before[s - 2]))
                || (matches!(c, '.' | '-') && s >= 2 && is_latin(before[s - 2]))
        } else {
            (script::is_han(c)
                && !BREAK.contains(script::converter().t2s(&c.to_string()).chars().next().unwrap_or(c)))
                || is_latin(c)
        };
        if !ok {
            break;
        }
        s -= 1;
    }
    before[s..end].iter().collect::<String>().trim().to_string()
}

/// `large language models (LLM)`: acronyms with their expansion in English text.
fn en_acronyms(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c != '(' {
            continue;
        }
        let Some(close) = chars[i + 1..].iter().position(|&c| c == ')').map(|p| i + 1 + p) else { continue };
        let acr: String = chars[i + 1..close].iter().collect();
        let acr = acr.trim().trim_end_matches('s').to_string();
        if !is_acronym(&acr) || acr.len() > 8 {
            continue;
        }
        let before: String = chars[..i].iter().collect();
        let words: Vec<&str> = before.split_whitespace().collect();
        let n = acr.chars().count();
        if words.len() < n {
            continue;
        }
        let cand = &words[words.len() - n..];
        let initials: String =
            cand.iter().filter_map(|w| w.chars().next()).collect::<String>().to_uppercase();
        if initials == acr {
            out.push((acr, cand.join(" ").trim_matches(|c: char| !c.is_alphanumeric()).to_string()));
        }
    }
    out
}

/// Beads (indices) whose normalised text holds `k` with word boundaries at Latin edges.
fn beads_with(k: &str, texts: &[String]) -> HashSet<usize> {
    let edge_ok = |t: &str, s: usize, e: usize| {
        let before = t[..s].chars().next_back();
        let after = t[e..].chars().next();
        let first = k.chars().next().is_some_and(is_latin);
        let last = k.chars().next_back().is_some_and(is_latin);
        !(first && before.is_some_and(is_latin) || last && after.is_some_and(is_latin))
    };
    texts
        .iter()
        .enumerate()
        .filter(|(_, t)| t.match_indices(k).any(|(s, m)| edge_ok(t, s, s + m.len())))
        .map(|(i, _)| i)
        .collect()
}

/// Proposes term pairs from aligned `(source, target)` texts, best first. Terms already in
/// `existing` are not proposed again, neither with their partner nor with another one.
pub fn extract(pairs: &[(String, String)], existing: &Glossary) -> Vec<Proposal> {
    let zh_sides: Vec<Side> = pairs.iter().map(|(z, _)| Side::new(z)).collect();
    let zh_norm: Vec<String> = zh_sides.iter().map(|s| s.norm.iter().collect()).collect();
    let en_norm: Vec<String> = pairs.iter().map(|(_, e)| key(e)).collect();
    // Words the English side writes in lower case somewhere.
    let mut lower: HashSet<String> = HashSet::new();
    for (_, e) in pairs {
        for w in e.split(|c: char| !c.is_alphanumeric()) {
            if w.chars().next().is_some_and(|c| c.is_lowercase()) {
                lower.insert(w.to_string());
            }
        }
    }
    // Per bead: Chinese n-grams, Chinese Latin phrases, English phrases.
    let mut surface: HashMap<String, HashMap<String, usize>> = HashMap::new();
    let mut note_surface =
        |k: &str, s: &str| *surface.entry(k.to_string()).or_default().entry(s.to_string()).or_default() += 1;
    let mut zh_sets: Vec<HashSet<String>> = Vec::new();
    let mut zl_sets: Vec<HashSet<String>> = Vec::new();
    let mut en_sets: Vec<HashSet<String>> = Vec::new();
    // English keys seen as capitalised phrases (names), as opposed to lower-case terms.
    let mut en_names: HashSet<String> = HashSet::new();
    for (b, side) in zh_sides.iter().enumerate() {
        let mut zh = HashMap::new();
        zh_ngrams(side, &mut zh);
        let mut zl = HashMap::new();
        zh_latin(side, &mut zl);
        let mut en = HashMap::new();
        en_phrases(&pairs[b].1, &lower, &mut en);
        en_names.extend(en.keys().cloned());
        en_terms(&pairs[b].1, &mut en);
        for (k, s) in zh.iter().chain(zl.iter()).chain(en.iter()) {
            note_surface(k, s);
        }
        zh_sets.push(zh.into_keys().collect());
        zl_sets.push(zl.into_keys().collect());
        en_sets.push(en.into_keys().collect());
    }
    let df = |sets: &[HashSet<String>]| {
        let mut m: HashMap<String, usize> = HashMap::new();
        for s in sets {
            for k in s {
                *m.entry(k.clone()).or_default() += 1;
            }
        }
        m
    };
    let (zh_df, en_df) = (df(&zh_sets), df(&en_sets));
    // Co-occurrence counts for English phrases seen twice or more with Chinese n-grams seen twice or more.
    let mut co: HashMap<(String, String), usize> = HashMap::new();
    for b in 0..pairs.len() {
        for e in en_sets[b].iter().filter(|e| en_df[*e] >= 2) {
            for z in zh_sets[b].iter().filter(|z| zh_df[*z] >= 2) {
                *co.entry((e.clone(), z.clone())).or_default() += 1;
            }
        }
    }
    let dice = |c: usize, a: usize, b: usize| if a + b == 0 { 0.0 } else { 2.0 * c as f64 / (a + b) as f64 };
    // Candidate pairs (zh key, en key) → method names.
    let mut cands: HashMap<(String, String), Vec<&'static str>> = HashMap::new();
    // English acronym expansions: `Meta Superintelligence Labs (MSL)`. A plural expansion is
    // entered in the singular when the text also writes that (glossaries list headwords).
    let all_en = en_norm.join("\n");
    let mut en_abbrev: HashMap<String, String> = HashMap::new();
    let mut expansion: HashMap<String, String> = HashMap::new();
    for (_, e) in pairs {
        for (acr, exp) in en_acronyms(e) {
            let exp = match exp.strip_suffix('s') {
                Some(sing) if !beads_with(&key(sing), std::slice::from_ref(&all_en)).is_empty() => {
                    sing.to_string()
                }
                _ => exp,
            };
            note_surface(&key(&exp), &exp);
            en_abbrev.entry(key(&exp)).or_insert(acr.clone());
            expansion.entry(key(&acr)).or_insert(exp);
        }
    }
    // 1. Glosses.
    let mut gloss_count: HashMap<(String, String), usize> = HashMap::new();
    let mut abbrevs: HashMap<(String, String), Vec<String>> = HashMap::new();
    for (z, _) in pairs {
        for g in zh_glosses(z) {
            let mut g = g;
            // `大語言模型(LLM)`: only an acronym; its English expansion is the target.
            if is_acronym(&g.latin[0])
                && let Some(exp) = expansion.get(&key(&g.latin[0]))
            {
                g.latin.insert(0, exp.clone());
            }
            let (zk, ek) = (key(&g.zh), key(&g.latin[0]));
            note_surface(&zk, &g.zh);
            note_surface(&ek, &g.latin[0]);
            *gloss_count.entry((zk.clone(), ek.clone())).or_default() += 1;
            cands.entry((zk.clone(), ek.clone())).or_default().push("gloss");
            for a in g.latin.iter().skip(1).filter(|a| is_acronym(a)) {
                let list = abbrevs.entry((zk.clone(), ek.clone())).or_default();
                if !list.contains(a) {
                    list.push(a.clone());
                }
            }
        }
    }
    // 2. Co-occurrence, competitive linking on Dice.
    let mut best_for_en: HashMap<&String, (f64, usize, usize, &String)> = HashMap::new();
    let mut best_for_zh: HashMap<&String, f64> = HashMap::new();
    for ((e, z), &c) in &co {
        if c < 2 {
            continue;
        }
        // A Chinese n-gram whose Latin words already spell the whole English phrase adds nothing.
        let z_latin: HashSet<&str> = z.split(|c: char| !is_latin(c)).filter(|w| !w.is_empty()).collect();
        if !z_latin.is_empty() && e.split(' ').all(|w| z_latin.contains(w)) {
            continue;
        }
        let zl = z.chars().count();
        // Common-noun terms (`earnings call`) pair with short all-Chinese n-grams only.
        let lower_term = e.chars().all(|c| !c.is_alphabetic() || c.is_lowercase()) && !en_names.contains(e);
        if lower_term && (c < 3 || zl > 6 || z.chars().any(is_latin)) {
            continue;
        }
        let d = dice(c, en_df[e], zh_df[z]);
        let better = |old: &(f64, usize, usize, &String)| (d, c, zl) > (old.0, old.1, old.2);
        if best_for_en.get(e).is_none_or(better) {
            best_for_en.insert(e, (d, c, zl, z));
        }
        let bz = best_for_zh.entry(z).or_insert(0.0);
        if d > *bz {
            *bz = d;
        }
    }
    let zl_df = df(&zl_sets);
    for (e, (d, _, _, z)) in &best_for_en {
        // Names the Chinese side mostly writes in Latin script are shared, not translated.
        let written_as_is = zl_df.get(*e).is_some_and(|&n| 2 * n >= en_df[*e]);
        let min = if en_names.contains(*e) { 0.4 } else { 0.5 };
        if *d >= min && *d >= 0.8 * best_for_zh[z] && !written_as_is {
            cands.entry(((*z).clone(), (*e).clone())).or_default().push("dice");
        }
    }
    // 3. Shared Latin names.
    for k in zl_df.keys() {
        if en_df.contains_key(k) {
            cands.entry((k.clone(), k.clone())).or_default().push("shared");
        }
    }
    // Score every candidate.
    let mut scored: Vec<(f64, String, String, usize, usize, String)> = Vec::new();
    for ((zk, ek), methods) in &cands {
        let zb = beads_with(zk, &zh_norm);
        let eb = beads_with(ek, &en_norm);
        // A name written identically on both sides needs no alignment: count it per document
        // (the smaller of the two bead counts), which bad alignments cannot spoil.
        let c = if zk == ek { zb.len().min(eb.len()) } else { zb.intersection(&eb).count() };
        let g = gloss_count.get(&(zk.clone(), ek.clone())).copied().unwrap_or(0);
        let d = dice(c, zb.len(), eb.len());
        let assoc = d * c as f64 / (c as f64 + 1.0);
        let gconf = 1.0 - 0.3f64.powi(g as i32);
        let mut score = 1.0 - (1.0 - assoc) * (1.0 - gconf);
        if zk == ek {
            score *= 0.8;
        }
        // Common-noun terms (`earnings call`) after names: they are fewer words a translator
        // needs fixed, and their pairing is less certain.
        if g == 0
            && ek.chars().all(|c| !c.is_alphabetic() || c.is_lowercase())
            && best_surface_is_lower(&surface, ek)
        {
            score *= 0.7;
        }
        let mut m: Vec<&str> = methods.clone();
        m.sort();
        m.dedup();
        scored.push((score, zk.clone(), ek.clone(), c, g, m.join("+")));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    // Competitive linking over the final scores: each term is used once; an English phrase with a
    // Chinese rendering does not also come out as a shared name.
    let known: HashSet<(String, String)> = existing
        .entries
        .iter()
        .flat_map(|e| e.src.iter().flat_map(move |s| e.tgt.iter().map(move |t| (s.key(), t.key()))))
        .collect();
    let best_surface = |k: &str| {
        surface
            .get(k)
            .and_then(|m| m.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(s, _)| s.clone()))
            .unwrap_or_else(|| k.to_string())
    };
    // English forms a Chinese gloss renders: not proposed as shared names.
    let glossed: HashSet<&String> = gloss_count.keys().map(|(_, e)| e).collect();
    // Terms the glossary already has are taken: they are not proposed with another partner.
    let mut used_zh: HashSet<String> =
        existing.entries.iter().flat_map(|e| e.src.iter().map(|t| t.key())).collect();
    let mut used_en: HashSet<String> =
        existing.entries.iter().flat_map(|e| e.tgt.iter().map(|t| t.key())).collect();
    let mut out = Vec::new();
    for (score, zk, ek, c, g, method) in &scored {
        if zk == ek && glossed.contains(ek) {
            continue;
        }
        if used_zh.contains(zk) || used_en.contains(ek) || known.contains(&(zk.clone(), ek.clone())) {
            continue;
        }
        used_zh.insert(zk.clone());
        used_en.insert(ek.clone());
        let mut entry = Entry::new(best_surface(zk), best_surface(ek));
        let mut acrs: Vec<String> = abbrevs.get(&(zk.clone(), ek.clone())).cloned().unwrap_or_default();
        if let Some(a) = en_abbrev.get(ek)
            && !acrs.contains(a)
        {
            acrs.push(a.clone());
        }
        for a in acrs {
            used_zh.insert(key(&a));
            used_en.insert(key(&a));
            if zh_norm.iter().any(|t| t.contains(&key(&a))) {
                entry.src.push(Term::new(a.clone()).abbreviated());
            }
            entry.tgt.push(Term::new(a).abbreviated());
        }
        out.push(Proposal { entry, score: *score, beads: *c, glosses: *g, method: method.clone() });
    }
    out
}

/// True when the English term is written in lower case (as most often seen).
fn best_surface_is_lower(surface: &HashMap<String, HashMap<String, usize>>, k: &str) -> bool {
    surface
        .get(k)
        .and_then(|m| m.iter().max_by_key(|(_, n)| **n).map(|(s, _)| s.chars().all(|c| !c.is_uppercase())))
        .unwrap_or(true)
}

/// Writes proposals as OmegaT TSV, best first: source, target, an empty comment (yours to fill),
/// the attribute column when a proposal has several terms, and the evidence in a fifth column, which
/// neither OmegaT nor hanalign's reader takes in (so `glossary merge` leaves it out).
pub fn write_tsv(proposals: &[Proposal], w: &mut dyn Write) -> io::Result<()> {
    if proposals.is_empty() {
        return Ok(());
    }
    writeln!(
        w,
        "# hanalign glossary extract: source, target, comment (empty), attributes, evidence (score; \
         beads; glosses; method), best first"
    )?;
    for p in proposals {
        let g = Glossary::new(vec![p.entry.clone()]);
        let mut buf = Vec::new();
        super::write(&g, super::Format::Tsv, &mut buf)?;
        let text = String::from_utf8_lossy(&buf);
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                writeln!(w, "{line}")?;
                continue;
            }
            let mut cols: Vec<&str> = line.split('\t').collect();
            cols.resize(4.max(cols.len()), "");
            writeln!(w, "{}\t{}", cols.join("\t"), p.evidence())?;
        }
    }
    Ok(())
}

/// How many of the first `k` proposals have their main pair in `gold` (source and target compared
/// in normalised form).
pub fn hits_at(proposals: &[Proposal], gold: &Glossary, k: usize) -> usize {
    let pairs: HashSet<(String, String)> = gold
        .entries
        .iter()
        .flat_map(|e| e.src.iter().flat_map(move |s| e.tgt.iter().map(move |t| (s.key(), t.key()))))
        .collect();
    proposals
        .iter()
        .take(k)
        .filter(|p| pairs.contains(&(key(p.entry.main_src()), key(p.entry.main_tgt()))))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_glosses_in_chinese_text() {
        let g = zh_glosses("公司突然轉向研發代號為Avocado(牛油果)的新模型");
        assert_eq!(g, vec![Gloss { zh: "牛油果".into(), latin: vec!["Avocado".into()] }]);
        let g = zh_glosses("只為打造「Meta超級智能實驗室」(Meta Superintelligence Labs,MSL)。");
        assert_eq!(g[0].zh, "Meta超級智能實驗室");
        assert_eq!(g[0].latin, vec!["Meta Superintelligence Labs".to_string(), "MSL".to_string()]);
        let g = zh_glosses("執掌全新的TBD實驗室(TBD Lab),負責管理Meta的大語言模型(LLM)");
        assert_eq!(g[0].zh, "TBD實驗室");
        assert_eq!(g[1].zh, "大語言模型");
        assert!(zh_glosses("在2025年(去年)").is_empty());
    }

    #[test]
    fn finds_english_acronym_expansions() {
        assert_eq!(
            en_acronyms("all to build Meta Superintelligence Labs (MSL)."),
            vec![("MSL".to_string(), "Meta Superintelligence Labs".to_string())]
        );
        assert_eq!(en_acronyms("large language models (LLMs)")[0].1, "large language models");
        assert!(en_acronyms("in 2025 (AI)").is_empty());
    }

    #[test]
    fn english_phrases_skip_sentence_starts() {
        let lower: HashSet<String> = ["after", "the"].iter().map(|s| s.to_string()).collect();
        let mut out = HashMap::new();
        en_phrases(
            "After the Llama 4 fiasco, Meta's AI division went to Alexandr Wang. The Avocado model",
            &lower,
            &mut out,
        );
        let mut keys: Vec<&String> = out.keys().collect();
        keys.sort();
        assert_eq!(keys, vec!["ai", "alexandr wang", "avocado", "llama 4", "meta"]);
    }

    #[test]
    fn english_terms_are_lower_case_n_grams_without_function_words_at_the_edges() {
        let mut out = HashMap::new();
        en_terms("In the earnings call, Meta's open-source model", &mut out);
        let mut keys: Vec<&String> = out.keys().collect();
        keys.sort();
        assert_eq!(
            keys,
            vec!["call", "earnings", "earnings call", "model", "open-source", "open-source model"]
        );
    }

    #[test]
    fn chinese_ngrams_keep_latin_prefixes_and_skip_particles() {
        let mut out = HashMap::new();
        zh_ngrams(&Side::new("打造Meta超級智能實驗室的計劃"), &mut out);
        assert_eq!(out.get("meta超级智能实验室").map(String::as_str), Some("Meta超級智能實驗室"));
        assert!(!out.keys().any(|k| k.contains('的')));
    }

    #[test]
    fn pairs_co_occurring_terms_and_ranks_glosses_first() {
        let beads: Vec<(String, String)> = [
            ("代號為Avocado(牛油果)的新模型。", "A new model code-named Avocado."),
            ("牛油果延期了。", "Avocado is delayed."),
            ("「牛油果」模型仍在測試。", "The Avocado model is still being tested."),
            ("扎克伯格很著急。", "Zuckerberg is anxious."),
            ("扎克伯格裁員600人。", "Zuckerberg laid off 600 people."),
            ("Meta和谷歌競爭。", "Meta competes with Google."),
            ("谷歌發布了Gemini 3。", "Google released Gemini 3."),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let p = extract(&beads, &Glossary::default());
        let pairs: Vec<(&str, &str)> = p.iter().map(|p| (p.entry.main_src(), p.entry.main_tgt())).collect();
        assert_eq!(pairs[0], ("牛油果", "Avocado"), "{pairs:?}");
        assert!(pairs.contains(&("扎克伯格", "Zuckerberg")), "{pairs:?}");
        assert!(pairs.contains(&("谷歌", "Google")), "{pairs:?}");
        assert!(
            !pairs.contains(&("Avocado", "Avocado")),
            "a name with a Chinese rendering is not also shared"
        );
        assert!(p.windows(2).all(|w| w[0].score >= w[1].score));
        // What the glossary already has is not proposed again.
        let known = Glossary::new(vec![Entry::new("牛油果", "Avocado")]);
        let again = extract(&beads, &known);
        assert!(again.iter().all(|p| p.entry.main_src() != "牛油果" && p.entry.main_tgt() != "Avocado"));
        assert!(again.iter().any(|p| p.entry.main_src() == "扎克伯格"));
        assert_eq!(hits_at(&p, &known, 1), 1);
    }
}
