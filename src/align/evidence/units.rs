//! Units: what each sentence must account for, shared by every lexical kind.
//!
//! An English sentence's units are its content words (stemmed, stopwords out) and, when the
//! `tokens` kind is on, its numbers, URLs and marks ([`super::tokens`]); then each kind may add
//! its own (`super::Kind::target`: glossary terms). A Chinese sentence's units are its words by
//! forward maximum matching against the lexicon (single Han characters without one), and, with
//! `tokens`, its Latin words, numbers and marks; kinds then add matches over them
//! (`super::Kind::source`).

use rustc_hash::FxHashMap;

use super::tokens::{self, number_key, number_word, tokenize_en};
use super::{Cx, Kind, Side, SourceOut, SourceSentence, TargetOut, TargetSentence, Word};
use crate::lexicon::{self, LexMatch};
use crate::script;

/// An English (or other space-separated) document's units, then every kind's.
pub(crate) fn english(cx: &mut Cx, kinds: &mut [Box<dyn Kind + '_>], sentences: &[&str]) -> Side {
    let mut side = Side::default();
    let mut keys = Vec::new();
    let mut boost = Vec::new();
    side.unit_start.push(0);
    side.match_start.push(0);
    side.gloss_start.push(0);
    let mut toks: Vec<(String, bool)> = Vec::new();
    let mut words: Vec<Word> = Vec::new();
    let on = cx.evidence.tokens;
    let max_units = cx.params.max_units;
    for text in sentences {
        side.len.push(text.chars().filter(|c| !c.is_whitespace()).count() as f32);
        let folded = script::fold_width(text);
        let norm = folded.to_lowercase();
        let start = side.unit_concept.len();
        let mut out = TargetOut { side: &mut side, keys: &mut keys, boost: &mut boost, start, max_units };
        // Tokens: words, numbers (with their scale words), punctuation marks.
        toks.clear();
        words.clear();
        tokenize_en(&folded, &mut toks);
        let mut marks = [false; 3];
        let mut i = 0;
        let mut first_word = true;
        while i < toks.len() {
            let (t, upper) = (&toks[i].0, toks[i].1);
            if let Some(url) = t.strip_prefix("#u") {
                if on {
                    let c = cx.concepts.id(&format!("#u{url}"));
                    out.unit(c, 1.0);
                }
                i += 1;
                continue;
            }
            let mark = ["?", "!", "\""].iter().position(|m| m == t);
            if let Some(k) = mark {
                if on && !marks[k] {
                    marks[k] = true;
                    let c = cx.concepts.id(&format!("#p{t}"));
                    out.unit(c, 1.0);
                }
                i += 1;
                continue;
            }
            if t == "%" || t == "percent" {
                if on {
                    let c = cx.concepts.id("#%");
                    out.unit(c, 1.0);
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
                if on && value != 1.0 && value != 0.0 {
                    let c = cx.concepts.id(&number_key(value));
                    out.unit(c, 1.0);
                } else if j == i + 1 && t.chars().all(|c| c.is_alphabetic()) {
                    // "one", "zero": an ordinary word (the lexicon glosses 一 as "one")
                    let c = cx.concepts.id(t);
                    out.unit(c, 1.0);
                }
                first_word = false;
                i = j;
                continue;
            }
            if !lexicon::is_stopword(t) && t.chars().any(|c| c.is_alphabetic()) {
                let st = lexicon::stem(t);
                let c = cx.concepts.id(&st);
                words.push(Word { text: t.clone(), upper, first: first_word, concept: c });
                out.unit(c, 1.0);
            }
            first_word = false;
            i += 1;
        }
        let sent = TargetSentence { norm: &norm, words: &words };
        for k in kinds.iter_mut() {
            k.target(cx, &sent, &mut out);
        }
        side.unit_start.push(side.unit_concept.len() as u32);
        side.match_start.push(0);
        side.gloss_start.push(side.gloss.len() as u32);
    }
    for k in kinds.iter_mut() {
        k.target_done(cx);
    }
    side.finish(&keys, &boost);
    side
}

/// A Chinese document's units, then every kind's matches over them.
pub(crate) fn chinese(cx: &mut Cx, kinds: &mut [Box<dyn Kind + '_>], sentences: &[&str]) -> Side {
    let mut side = Side::default();
    let mut keys: Vec<u32> = Vec::new();
    let mut key_ids: FxHashMap<String, u32> = FxHashMap::default();
    side.unit_start.push(0);
    side.match_start.push(0);
    side.gloss_start.push(0);
    let mut lm: Vec<LexMatch> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut toks: Vec<(String, bool)> = Vec::new();
    let mut self_matches: Vec<(usize, u32)> = Vec::new();
    let on = cx.evidence.tokens;
    let max_units = cx.params.max_units;
    let normalized = normalize_all(sentences);
    for (text, norm) in sentences.iter().zip(normalized) {
        side.len.push(text.chars().filter(|c| !c.is_whitespace()).count() as f32);
        let unit0 = side.unit_concept.len();
        spans.clear();
        self_matches.clear();
        if cx.evidence.lexicon || cx.evidence.names {
            cx.lex.find_all(&norm, &mut lm);
        } else {
            lm.clear();
        }
        // Units: forward maximum matching over Han text; Latin words, numbers, marks.
        let mut marks = [false; 3];
        let mut p = 0;
        let mut li = 0;
        let bytes = norm.as_bytes();
        while p < norm.len() {
            if spans.len() >= max_units {
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
                keys.push(key_id(&mut key_ids, &norm[p..end]));
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
                        if on && v != 1.0 && v != 0.0 {
                            concept = Some(cx.concepts.id(&number_key(v)));
                        }
                    } else if on && !lexicon::is_stopword(t) {
                        concept = Some(cx.concepts.id(&lexicon::stem(t)));
                    }
                }
                if let Some(cid) = concept {
                    self_matches.push((spans.len(), cid));
                    spans.push((p, e));
                    keys.push(key_id(&mut key_ids, &norm[p..e]));
                    side.unit_concept.push(u32::MAX);
                }
                p = e;
                continue;
            }
            if let Some((k, key)) = tokens::zh_mark(c)
                && on
                && (k == 3 || !marks[k])
            {
                if k < 3 {
                    marks[k] = true;
                }
                let cid = cx.concepts.id(key);
                self_matches.push((spans.len(), cid));
                spans.push((p, p + cl));
                keys.push(key_id(&mut key_ids, key));
                side.unit_concept.push(u32::MAX);
            }
            p += cl;
        }
        let nunits = spans.len();
        // characters per unit, counted once (a unit may be a long run of Latin letters)
        let unit_chars: Vec<usize> = spans.iter().map(|&(us, ue)| norm[us..ue].chars().count()).collect();
        let sent = SourceSentence {
            norm: &norm,
            spans: &spans,
            unit_chars: &unit_chars,
            lex_matches: &lm,
            self_matches: &self_matches,
        };
        let mut out = SourceOut { side: &mut side };
        for k in kinds.iter_mut() {
            k.source(cx, &sent, &mut out);
        }
        debug_assert_eq!(side.unit_concept.len() - unit0, nunits);
        side.unit_start.push(side.unit_concept.len() as u32);
        side.match_start.push(side.matches.len() as u32);
        side.gloss_start.push(side.gloss.len() as u32);
    }
    let boost = vec![1.0; keys.len()];
    side.finish(&keys, &boost);
    side.key_text = vec![String::new(); key_ids.len()];
    for (t, k) in key_ids {
        side.key_text[k as usize] = t;
    }
    side.unit_key = keys;
    side
}

/// The key of a unit's text, interned (no allocation when it is known).
fn key_id(ids: &mut FxHashMap<String, u32>, text: &str) -> u32 {
    if let Some(&k) = ids.get(text) {
        return k;
    }
    let k = ids.len() as u32;
    ids.insert(text.to_string(), k);
    k
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

#[cfg(test)]
mod tests {
    use super::super::{Builder, Evidence, Params};
    use crate::lexicon::Lexicon;

    /// Issue 13: a long run of Latin letters on the Chinese side made the lexicon step count the
    /// run's characters once per lexicon match inside it (quadratic: `a`×1M took 28 s). With a
    /// headword matching at every position of a 400k-letter run, the quadratic version would
    /// examine 1.6·10¹¹ characters and never finish; the linear one takes milliseconds.
    #[test]
    fn latin_run_on_the_chinese_side_is_linear_issue_13() {
        let lex = Lexicon::from_entries([("aa", "double"), ("望远镜", "telescope")]);
        let mut b = Builder::new(&lex, None, Evidence::default(), 0, &Params::default());
        let long = format!("望远镜{}。", "a".repeat(400_000));
        let zh = b.chinese(&[long.as_str(), "望远镜。"]);
        assert_eq!(zh.n(), 2);
        assert!(zh.units(0).len() >= 2, "the run is one unit beside the Han word");
    }

    #[test]
    fn units_stop_at_the_limit() {
        let lex = Lexicon::from_entries([("望远镜", "telescope")]);
        let p = Params { max_units: 3, ..Params::default() };
        let mut b = Builder::new(&lex, None, Evidence::default(), 0, &p);
        let en = b.english(&["alpha beta gamma delta epsilon", "alpha"]);
        let zh = b.chinese(&["望远镜望远镜望远镜望远镜望远镜。"]);
        assert_eq!((en.units(0).len(), en.units(1).len()), (3, 1));
        assert_eq!(zh.units(0).len(), 3);
    }
}
