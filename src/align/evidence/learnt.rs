//! The `learnt` kind: word correspondences learnt from the confident beads of a first pass (a
//! Chinese unit and an English concept that keep occurring together), used by a second pass.

use std::collections::HashMap;

use super::{Cx, Kind, Side, SourceOut, SourceSentence};
use crate::align::{Bead, Params};

/// Chinese unit text → the concepts it was seen to translate to.
pub(crate) struct Learnt {
    pub pairs: HashMap<String, Vec<u32>>,
}

impl Kind for Learnt {
    fn source(&mut self, _cx: &mut Cx, s: &SourceSentence, out: &mut SourceOut) {
        for (u, &(us, ue)) in s.spans.iter().enumerate() {
            if let Some(cs) = self.pairs.get(&s.norm[us..ue]) {
                out.matches(u as u32, u as u32 + 1, cs);
            }
        }
    }
}

/// Word correspondences learnt from the confident beads of a first pass: a Chinese unit of at
/// least `learn_min_chars` characters and an English concept that occur together in at least
/// `learn_min_count` beads at least `learn_confidence` sure, with a Dice coefficient of at least
/// `learn_dice` over those beads.
pub(crate) fn learn(src: &Side, tgt: &Side, beads: &[Bead], params: &Params) -> HashMap<String, Vec<u32>> {
    let mut cz: HashMap<&str, u32> = HashMap::new();
    let mut ce: HashMap<u32, u32> = HashMap::new();
    let mut pair: HashMap<(&str, u32), u32> = HashMap::new();
    let mut zs: Vec<&str> = Vec::new();
    let mut es: Vec<u32> = Vec::new();
    for b in
        beads.iter().filter(|b| b.score >= params.learn_confidence && !b.src.is_empty() && !b.tgt.is_empty())
    {
        zs.clear();
        es.clear();
        for &s in &b.src {
            zs.extend(
                src.units(s)
                    .map(|u| src.unit_text[u].as_str())
                    .filter(|t| t.chars().count() >= params.learn_min_chars),
            );
        }
        for &t in &b.tgt {
            es.extend(tgt.units(t).map(|u| tgt.unit_concept[u]));
        }
        zs.sort_unstable();
        zs.dedup();
        es.sort_unstable();
        es.dedup();
        for &z in &zs {
            *cz.entry(z).or_default() += 1;
            for &e in &es {
                *pair.entry((z, e)).or_default() += 1;
            }
        }
        for &e in &es {
            *ce.entry(e).or_default() += 1;
        }
    }
    let mut out: HashMap<String, Vec<u32>> = HashMap::new();
    let mut keep: Vec<(&str, u32)> = pair
        .into_iter()
        .filter(|&((z, e), n)| {
            n >= params.learn_min_count && 2.0 * n as f64 / (cz[z] + ce[&e]) as f64 >= params.learn_dice
        })
        .map(|(k, _)| k)
        .collect();
    keep.sort_unstable();
    for (z, e) in keep {
        out.entry(z.to_string()).or_default().push(e);
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
        let zh = fb.chinese(&["天线嗡嗡响。", "天线又嗡嗡响。", "没有。"]);
        let bead = |i: usize, score: f64| Bead { src: vec![i], tgt: vec![i], score, anchors: vec![] };
        let learnt = learn(&zh, &en, &[bead(0, 0.9), bead(1, 0.9), bead(2, 0.1)], &Params::default());
        let hum = fb.cx.concepts.get("hum").expect("hummed is stemmed to hum");
        assert!(learnt.get("嗡嗡").is_some_and(|cs| cs.contains(&hum)), "{learnt:?}");
        assert!(!learnt.contains_key("没有"), "a weak bead teaches nothing");
        // the learnt pair now covers 嗡嗡 in a second pass
        fb.learnt(learnt);
        let zh2 = fb.chinese(&["嗡嗡。"]);
        assert!(zh2.matches_of(0).iter().any(|m| zh2.concepts[m.c0 as usize..m.c1 as usize].contains(&hum)));
    }
}
