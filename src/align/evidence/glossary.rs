//! The `glossary` kind: a glossary entry's target term in an English sentence is a unit (weighing
//! `Params::glossary_weight` times its IDF), and its source term in a Chinese sentence translates
//! to it. The entries found per sentence are kept for the beads' anchors.

use super::{Cx, Kind, SourceOut, SourceSentence, TargetOut, TargetSentence};
use crate::glossary::Matcher;

/// The glossary's terms, one concept per entry.
pub(crate) struct Terms<'a> {
    pub matcher: &'a Matcher,
    /// The concept of entry `e`.
    pub concepts: Vec<u32>,
}

impl Kind for Terms<'_> {
    fn target(&mut self, cx: &mut Cx, s: &TargetSentence, out: &mut TargetOut) {
        let mut found: Vec<u32> = self.matcher.find_tgt(s.norm).iter().map(|t| t.entry as u32).collect();
        found.sort_unstable();
        found.dedup();
        for e in found {
            out.unit(self.concepts[e as usize], cx.params.glossary_weight);
            out.glossary_entry(e);
        }
    }

    fn source(&mut self, _cx: &mut Cx, s: &SourceSentence, out: &mut SourceOut) {
        let mut found = self.matcher.find_src(s.norm);
        found.sort_by_key(|t| (t.entry, t.start));
        found.dedup_by_key(|t| t.entry);
        for t in found {
            let (lo, hi) = s.unit_range(t.start, t.end);
            if lo < hi {
                out.matches(lo, hi, &[self.concepts[t.entry]]);
            }
            out.glossary_entry(t.entry as u32);
        }
    }
}
