//! The `learnt` kind: word correspondences learnt from the confident beads of a first pass (a
//! Chinese unit and an English concept that keep occurring together), used by a second pass.
//!
//! The Chinese document's units do not change between the passes, only its matches: a learnt
//! pair adds a match over every unit with that text. So the second pass's evidence is the first
//! pass's `Side` with those matches appended to each sentence's (`Learnt::apply`), not the
//! document tokenised again; and learning counts unit *keys* (their interned texts) and concept
//! ids, integers, not strings.

use rustc_hash::FxHashMap;

use super::{Match, Side};
use crate::align::{Bead, Params};

/// What was learnt: per unit key of the Chinese side (see [`Side::unit_key`]), the concepts it
/// was seen to translate to, in increasing order.
#[derive(Debug, Default)]
pub(crate) struct Learnt {
    /// `(key, concepts)`, by increasing key.
    pairs: Vec<(u32, Vec<u32>)>,
}

impl Learnt {
    /// Nothing was learnt.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Word pairs learnt, in all.
    pub fn count(&self) -> usize {
        self.pairs.iter().map(|(_, c)| c.len()).sum()
    }

    /// The concepts learnt for the text of key `k`, if any (for tests and debugging).
    #[cfg(test)]
    pub fn concepts_of(&self, side: &Side, text: &str) -> Option<&[u32]> {
        let k = side.key_text.iter().position(|t| t == text)? as u32;
        self.pairs.iter().find(|(key, _)| *key == k).map(|(_, c)| c.as_slice())
    }

    /// `side` (the Chinese side the pairs were learnt on) with a match over each unit whose text
    /// was learnt, to the concepts learnt for it, after the sentence's other matches. Marks
    /// (keys `#p?`, `#%` …: a class, not the unit's text) get none.
    pub fn apply(&self, side: &Side) -> Side {
        let mut by_key = vec![u32::MAX; side.key_text.len()];
        for (i, (k, _)) in self.pairs.iter().enumerate() {
            if let Some(slot) = by_key.get_mut(*k as usize)
                && !side.key_text[*k as usize].starts_with('#')
            {
                *slot = i as u32;
            }
        }
        let n = side.n();
        let mut matches = Vec::with_capacity(side.matches.len());
        let mut concepts = Vec::with_capacity(side.concepts.len());
        let mut match_start = Vec::with_capacity(n + 1);
        match_start.push(0u32);
        for s in 0..n {
            for m in side.matches_of(s) {
                let c0 = concepts.len() as u32;
                concepts.extend_from_slice(&side.concepts[m.c0 as usize..m.c1 as usize]);
                matches.push(Match { c0, c1: concepts.len() as u32, ..*m });
            }
            let u0 = side.unit_start[s] as usize;
            for u in side.units(s) {
                let i = by_key[side.unit_key[u] as usize];
                if i != u32::MAX {
                    let c0 = concepts.len() as u32;
                    concepts.extend_from_slice(&self.pairs[i as usize].1);
                    let lo = (u - u0) as u32;
                    matches.push(Match { lo, hi: lo + 1, c0, c1: concepts.len() as u32 });
                }
            }
            match_start.push(matches.len() as u32);
        }
        Side {
            unit_start: side.unit_start.clone(),
            unit_w: side.unit_w.clone(),
            unit_concept: side.unit_concept.clone(),
            unit_key: side.unit_key.clone(),
            key_text: side.key_text.clone(),
            total_w: side.total_w.clone(),
            len: side.len.clone(),
            match_start,
            matches,
            concepts,
            words: side.words.clone(),
            word_start: side.word_start.clone(),
            gloss_start: side.gloss_start.clone(),
            gloss: side.gloss.clone(),
        }
    }
}

/// Word correspondences learnt from the confident beads of a first pass: a Chinese unit of at
/// least `learn_min_chars` characters and an English concept that occur together in at least
/// `learn_min_count` beads at least `learn_confidence` sure, with a Dice coefficient of at least
/// `learn_dice` over those beads.
pub(crate) fn learn(src: &Side, tgt: &Side, beads: &[Bead], params: &Params) -> Learnt {
    // keys long enough to teach anything
    let long: Vec<bool> = src.key_text.iter().map(|t| t.chars().count() >= params.learn_min_chars).collect();
    let mut cz = vec![0u32; src.key_text.len()];
    let mut ce: FxHashMap<u32, u32> = FxHashMap::default();
    let mut pair: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let mut zs: Vec<u32> = Vec::new();
    let mut es: Vec<u32> = Vec::new();
    for b in
        beads.iter().filter(|b| b.score >= params.learn_confidence && !b.src.is_empty() && !b.tgt.is_empty())
    {
        zs.clear();
        es.clear();
        for &s in &b.src {
            zs.extend(src.units(s).map(|u| src.unit_key[u]).filter(|&k| long[k as usize]));
        }
        for &t in &b.tgt {
            es.extend(tgt.units(t).map(|u| tgt.unit_concept[u]));
        }
        zs.sort_unstable();
        zs.dedup();
        es.sort_unstable();
        es.dedup();
        for &z in &zs {
            cz[z as usize] += 1;
            for &e in &es {
                *pair.entry((z, e)).or_default() += 1;
            }
        }
        for &e in &es {
            *ce.entry(e).or_default() += 1;
        }
    }
    let mut keep: Vec<(u32, u32)> = pair
        .into_iter()
        .filter(|&((z, e), n)| {
            n >= params.learn_min_count
                && 2.0 * n as f64 / (cz[z as usize] + ce[&e]) as f64 >= params.learn_dice
        })
        .map(|(k, _)| k)
        .collect();
    keep.sort_unstable();
    let mut out = Learnt::default();
    for (z, e) in keep {
        match out.pairs.last_mut() {
            Some((k, cs)) if *k == z => cs.push(e),
            _ => out.pairs.push((z, vec![e])),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::evidence::{Builder, Evidence};
    use crate::lexicon::Lexicon;

    #[test]
    fn learns_word_pairs_from_confident_beads() {
        let lex = Lexicon::from_entries([("天线", "antenna"), ("嗡嗡", "buzz"), ("没有", "none")]);
        let mut fb = Builder::new(&lex, None, Evidence::default(), 0, &Params::default());
        let en = fb.english(&["The antenna hummed loudly.", "The antenna hummed again.", "Nothing."]);
        let zh = fb.chinese(&["天线嗡嗡响。", "天线又嗡嗡响。", "没有。", "嗡嗡。"]);
        let bead = |i: usize, score: f64| Bead::new(vec![i], vec![i], score);
        let learnt = learn(&zh, &en, &[bead(0, 0.9), bead(1, 0.9), bead(2, 0.1)], &Params::default());
        let hum = fb.cx.concepts.get("hum").expect("hummed is stemmed to hum");
        assert!(learnt.concepts_of(&zh, "嗡嗡").is_some_and(|cs| cs.contains(&hum)), "{learnt:?}");
        assert!(learnt.concepts_of(&zh, "没有").is_none(), "a weak bead teaches nothing");
        // the learnt pair now covers 嗡嗡 in the last sentence too, after its other matches
        let zh2 = learnt.apply(&zh);
        let of = |side: &Side, s: usize| -> Vec<(u32, u32, Vec<u32>)> {
            side.matches_of(s)
                .iter()
                .map(|m| (m.lo, m.hi, side.concepts[m.c0 as usize..m.c1 as usize].to_vec()))
                .collect()
        };
        let (before, after) = (of(&zh, 3), of(&zh2, 3));
        assert_eq!(after[..before.len()], before[..]);
        assert!(after[before.len()..].iter().any(|(_, _, cs)| cs.contains(&hum)), "{after:?}");
        assert_eq!((zh2.unit_w.clone(), zh2.total_w.clone()), (zh.unit_w.clone(), zh.total_w.clone()));
    }
}
