//! The `names` kind: runs of Han characters whose pinyin spells an English word that looks like
//! a name (汪淼 → Wang Miao, 叶文洁 → Ye Wenjie, 黑龙潭 → Heilongtan).
//!
//! A word looks like a name when the English document writes it with a capital somewhere other
//! than at the start of a sentence and never in lower case.

use std::collections::{HashMap, HashSet};

use super::{Cx, Kind, SourceOut, SourceSentence, TargetOut, TargetSentence};
use crate::script;

/// The names of the English document and what the Chinese side matches against.
#[derive(Default)]
pub(crate) struct Names {
    /// Per lower-case word: (capitalised inside a sentence, lower case, concept).
    seen: HashMap<String, (u32, u32, u32)>,
    /// Words that look like names, lower case, with their concept ids.
    names: HashMap<String, u32>,
    /// Every prefix of those words.
    prefixes: HashSet<String>,
}

impl Kind for Names {
    fn target(&mut self, _cx: &mut Cx, s: &TargetSentence, _out: &mut TargetOut) {
        for w in s.words {
            let e = self.seen.entry(w.text.clone()).or_insert((0, 0, w.concept));
            if w.upper && !w.first {
                e.0 += 1;
            } else if !w.upper {
                e.1 += 1;
            }
        }
    }

    fn target_done(&mut self, cx: &mut Cx) {
        let min = cx.params.name_min_letters;
        self.names = std::mem::take(&mut self.seen)
            .into_iter()
            .filter(|(w, (up, low, _))| *up > 0 && *low == 0 && w.len() >= min && w.is_ascii())
            .map(|(w, (_, _, c))| (w, c))
            .collect();
        self.prefixes = self.names.keys().flat_map(|w| (1..=w.len()).map(|k| w[..k].to_string())).collect();
    }

    /// A run of up to `Params::name_max_chars` Han characters whose readings (the first
    /// `Params::name_readings` of each character) spell a name. A single-character match counts
    /// only next to another match (a surname and a given name).
    fn source(&mut self, cx: &mut Cx, s: &SourceSentence, out: &mut SourceOut) {
        if self.names.is_empty() {
            return;
        }
        let (max_chars, readings) = (cx.params.name_max_chars, cx.params.name_readings);
        let norm = s.norm;
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
                if e >= chars.len() || e - k >= max_chars || !script::is_han(chars[e].1) {
                    continue;
                }
                let Some(r) = cx.lex.reading(chars[e].1) else { continue };
                for syl in r.syllables.iter().take(readings) {
                    let cand = format!("{prefix}{syl}");
                    if !self.prefixes.contains(&cand) {
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
            let lo = s.spans.partition_point(|&(_, ue)| ue <= start);
            let hi = s.spans.partition_point(|&(us, _)| us < end);
            if lo < hi {
                out.matches(lo as u32, hi as u32, &[c]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::align::Params;
    use crate::align::evidence::{Builder, Evidence};

    #[test]
    fn pinyin_matches_names() {
        let lex = crate::align::evidence::tests::lex();
        let mut b = Builder::new(&lex, None, Evidence::default(), 0, &Params::default());
        let _en = b.english(&["Then Chen Qingyang came.", "He said Qingyang was there."]);
        let zh = b.chinese(&["陈清扬来了。"]);
        let concepts: Vec<u32> = zh
            .matches_of(0)
            .iter()
            .flat_map(|m| zh.concepts[m.c0 as usize..m.c1 as usize].to_vec())
            .collect();
        for name in ["chen", "qingyang"] {
            assert!(concepts.contains(&b.cx.concepts.get(name).unwrap()), "{name}");
        }
        // a lone surname-like character is not a name
        let zh = b.chinese(&["陈旧了。"]);
        let concepts: Vec<u32> = zh
            .matches_of(0)
            .iter()
            .flat_map(|m| zh.concepts[m.c0 as usize..m.c1 as usize].to_vec())
            .collect();
        assert!(!concepts.contains(&b.cx.concepts.get("chen").unwrap()));
    }

    #[test]
    fn a_name_longer_than_the_limit_is_not_matched() {
        let lex = crate::align::evidence::tests::lex();
        let p = Params { name_max_chars: 2, ..Params::default() };
        let mut b = Builder::new(&lex, None, Evidence::default(), 0, &p);
        let _en = b.english(&["Then Chenqingyang came."]);
        let zh = b.chinese(&["陈清扬来了。"]);
        assert!(zh.matches_of(0).is_empty(), "three characters, two allowed");
    }
}
