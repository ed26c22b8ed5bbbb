//! A summary of a translation memory: units, languages, bead kinds, confidence, duplicates.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use super::{Header, Tmx, Tu};

/// Per-language counts.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct LangStats {
    /// Variants in this language.
    pub tuvs: usize,
    /// Characters of segment text.
    pub chars: usize,
    /// Variants whose segment is empty.
    pub empty: usize,
}

/// The summary of one TMX.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Stats {
    /// The header's srclang.
    pub srclang: Option<String>,
    /// The header's creationtool.
    pub creationtool: Option<String>,
    /// Translation units.
    pub tus: usize,
    /// Counts per language tag (as written).
    pub langs: BTreeMap<String, LangStats>,
    /// Units per bead kind (`x-bead` prop, as hanalign writes it).
    pub bead_kinds: BTreeMap<String, usize>,
    /// Mean of the `x-confidence` props, when there are any.
    pub confidence_mean: Option<f64>,
    /// Units with `x-confidence` below 0.5.
    pub low_confidence: usize,
    /// Units whose source text appeared in an earlier unit.
    pub duplicate_sources: usize,
    /// Units with inline codes.
    pub with_codes: usize,
    /// Units with notes.
    pub with_notes: usize,
    /// The longest segment, in characters.
    pub longest_segment: usize,
}

impl Stats {
    /// Summarises `tmx`.
    pub fn of(tmx: &Tmx) -> Stats {
        let mut b = StatsBuilder::new(&tmx.header);
        for tu in &tmx.tus {
            b.add(tu);
        }
        b.finish()
    }
}

/// Builds [`Stats`] one unit at a time (for a streaming reader). Its memory grows only with the
/// number of distinct source segments, 8 bytes each (a 64-bit hash) plus the set's overhead.
#[derive(Debug, Clone)]
pub struct StatsBuilder {
    stats: Stats,
    srclang: String,
    sources: HashSet<u64>,
    conf_sum: f64,
    conf_n: usize,
}

impl StatsBuilder {
    /// Starts a summary of a memory with this header.
    pub fn new(header: &Header) -> StatsBuilder {
        let srclang = header.attrs.get("srclang");
        StatsBuilder {
            stats: Stats {
                srclang: srclang.map(str::to_string),
                creationtool: header.attrs.get("creationtool").map(str::to_string),
                ..Stats::default()
            },
            srclang: srclang.unwrap_or("*all*").to_string(),
            sources: HashSet::new(),
            conf_sum: 0.0,
            conf_n: 0,
        }
    }

    /// Counts one unit.
    pub fn add(&mut self, tu: &Tu) {
        let s = &mut self.stats;
        s.tus += 1;
        let src = tu.tuv(tu.attrs.get("srclang").unwrap_or(&self.srclang)).or(tu.tuvs.first());
        for tuv in &tu.tuvs {
            let text = tuv.text();
            let n = text.chars().count();
            let lang = tuv.lang().unwrap_or("?");
            // A memory has a few languages: look the tag up before allocating a key for it.
            let l = match s.langs.get_mut(lang) {
                Some(l) => l,
                None => s.langs.entry(lang.to_string()).or_default(),
            };
            l.tuvs += 1;
            l.chars += n;
            l.empty += usize::from(text.trim().is_empty());
            s.longest_segment = s.longest_segment.max(n);
            if src.is_some_and(|v| std::ptr::eq(v, tuv)) && !self.sources.insert(hash64(&text)) {
                s.duplicate_sources += 1;
            }
        }
        if let Some(k) = tu.prop("x-bead") {
            *s.bead_kinds.entry(k.to_string()).or_default() += 1;
        }
        if let Some(c) = tu.prop("x-confidence").and_then(|c| c.trim().parse::<f64>().ok()) {
            self.conf_sum += c;
            self.conf_n += 1;
            s.low_confidence += usize::from(c < 0.5);
        }
        s.with_codes += usize::from(tu.tuvs.iter().any(|t| t.has_codes()));
        s.with_notes += usize::from(tu.notes().next().is_some());
    }

    /// The summary.
    pub fn finish(mut self) -> Stats {
        if self.conf_n > 0 {
            self.stats.confidence_mean = Some(self.conf_sum / self.conf_n as f64);
        }
        self.stats
    }
}

/// A 64-bit hash of a string, the same in every run (SipHash with fixed keys).
pub(crate) fn hash64(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "translation units: {}", self.tus)?;
        writeln!(f, "srclang: {}", self.srclang.as_deref().unwrap_or("(none)"))?;
        writeln!(f, "creationtool: {}", self.creationtool.as_deref().unwrap_or("(none)"))?;
        for (lang, l) in &self.langs {
            writeln!(f, "language {lang}: {} segments, {} characters, {} empty", l.tuvs, l.chars, l.empty)?;
        }
        if !self.bead_kinds.is_empty() {
            let kinds: Vec<String> = self.bead_kinds.iter().map(|(k, n)| format!("{k}: {n}")).collect();
            writeln!(f, "bead kinds: {}", kinds.join(", "))?;
        }
        if let Some(m) = self.confidence_mean {
            writeln!(f, "confidence: mean {m:.3}, {} below 0.5", self.low_confidence)?;
        }
        writeln!(f, "duplicate sources: {}", self.duplicate_sources)?;
        writeln!(f, "units with inline codes: {}", self.with_codes)?;
        writeln!(f, "units with notes: {}", self.with_notes)?;
        write!(f, "longest segment: {} characters", self.longest_segment)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Meta, Prop, Tu};
    use super::*;

    #[test]
    fn counts() {
        let mut t = Tmx::new("zh-TW");
        for (zh, en, kind, conf) in
            [("一", "one", "1-1", "0.9"), ("二。三。", "two three", "2-1", "0.3"), ("一", "", "1-1", "x")]
        {
            let mut tu = Tu::pair("zh-TW", zh, "en-US", en);
            tu.meta.push(Meta::Prop(Prop::new("x-bead", kind)));
            tu.meta.push(Meta::Prop(Prop::new("x-confidence", conf)));
            t.tus.push(tu);
        }
        let s = Stats::of(&t);
        assert_eq!(s.tus, 3);
        assert_eq!(s.langs["zh-TW"], LangStats { tuvs: 3, chars: 6, empty: 0 });
        assert_eq!(s.langs["en-US"].empty, 1);
        assert_eq!(s.bead_kinds["1-1"], 2);
        assert_eq!(s.confidence_mean, Some(0.6));
        assert_eq!((s.low_confidence, s.duplicate_sources, s.longest_segment), (1, 1, 9));
        assert!(s.to_string().starts_with("translation units: 3\n"));
    }
}
