//! The `lexicon` kind: a Chinese word is covered by an English sentence holding one of its
//! glosses (CC-CEDICT through [`crate::lexicon`], stemmed like the English side's words).

use super::{Cx, Kind, SourceOut, SourceSentence};

/// Matches for every lexicon headword found in a Chinese sentence.
pub(crate) struct Glosses;

impl Kind for Glosses {
    fn source(&mut self, cx: &mut Cx, s: &SourceSentence, out: &mut SourceOut) {
        let share = cx.params.lexicon_contains_share;
        let min = cx.params.lexicon_contains_chars;
        for m in s.lex_matches {
            let g = cx.lex.glosses(m.head);
            if g.is_empty() {
                continue;
            }
            let mlen = s.norm[m.start..m.end].chars().count();
            // units inside the match, or a unit containing a long enough match
            let (lo, hi) = s.unit_range(m.start, m.end);
            let mut a = lo;
            let mut b = lo;
            for u in lo..hi {
                let (us, ue) = s.spans[u as usize];
                let inside = us >= m.start && ue <= m.end;
                let ulen = s.unit_chars[u as usize];
                let contains = mlen >= min && mlen as f32 >= share * ulen as f32;
                if inside || contains {
                    if a == b {
                        a = u;
                    }
                    b = u + 1;
                }
            }
            if a < b {
                out.matches(a, b, g);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::align::Params;
    use crate::align::evidence::{Builder, Evidence};
    use crate::lexicon::Lexicon;

    fn glossed(zh: &str, params: &Params) -> Vec<(u32, u32)> {
        let lex = Lexicon::from_entries([
            ("望远镜", "telescope"),
            ("射电望远镜", "radio telescope"),
            ("远", "far"),
        ]);
        let ev = Evidence { tokens: false, names: false, ..Evidence::default() };
        let mut b = Builder::new(&lex, None, ev, 0, params);
        let _ = b.english(&["A telescope."]);
        let side = b.chinese(&[zh]);
        side.matches_of(0).iter().map(|m| (m.lo, m.hi)).collect()
    }

    #[test]
    fn a_match_inside_a_longer_word_counts_when_long_enough() {
        // 射电望远镜 is one unit; 望远镜 (3 of its 5 characters) covers it, 远 (1 of 5) does not
        let p = Params::default();
        let m = glossed("射电望远镜。", &p);
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(m.iter().all(|&(lo, hi)| (lo, hi) == (0, 1)));
        let strict = Params { lexicon_contains_share: 0.9, ..p };
        assert_eq!(glossed("射电望远镜。", &strict).len(), 1);
    }
}
