//! Strict and lax precision, recall and F1 of an alignment against a gold one, as Vecalign's and
//! Bertalign's scorer computes them (see `../shared/eval/score_align.py`):
//!
//! - precision judges every predicted bead with a non-empty side; strict = the bead is in the gold,
//!   lax = it overlaps a gold bead on both sides (a predicted 1-0/0-1 that is not exact fails);
//! - recall: beads with an empty side are dropped from both, then the same with roles swapped;
//! - counts add up over documents (micro-average).

use std::collections::{HashMap, HashSet};

/// A bead as two index lists.
pub type Pair = (Vec<usize>, Vec<usize>);

/// True/false positive counts: `[strict tp, strict fp, lax tp, lax fp]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Precision counts.
    pub precision: [usize; 4],
    /// Recall counts (tp, fn as fp).
    pub recall: [usize; 4],
}

/// Strict and lax F1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// Strict F1.
    pub strict: f64,
    /// Lax F1.
    pub lax: f64,
}

fn judge(gold: &[Pair], test: &[Pair]) -> [usize; 4] {
    let gold: HashSet<&Pair> = gold.iter().filter(|(s, t)| !s.is_empty() || !t.is_empty()).collect();
    let test: HashSet<&Pair> = test.iter().filter(|(s, t)| !s.is_empty() || !t.is_empty()).collect();
    let mut reach: HashMap<usize, HashSet<usize>> = HashMap::new();
    for (s, t) in &gold {
        for &i in s {
            reach.entry(i).or_default().extend(t.iter().copied());
        }
    }
    let mut c = [0; 4];
    for p in &test {
        if gold.contains(p) {
            c[0] += 1;
            c[2] += 1;
        } else {
            c[1] += 1;
            let lax = p.0.iter().any(|i| reach.get(i).is_some_and(|r| p.1.iter().any(|j| r.contains(j))));
            if lax { c[2] += 1 } else { c[3] += 1 }
        }
    }
    c
}

/// Counts for one document.
pub fn counts(gold: &[Pair], test: &[Pair]) -> Counts {
    let nd = |v: &[Pair]| -> Vec<Pair> {
        v.iter().filter(|(s, t)| !s.is_empty() && !t.is_empty()).cloned().collect()
    };
    Counts { precision: judge(gold, test), recall: judge(&nd(test), &nd(gold)) }
}

impl Counts {
    /// Adds another document's counts.
    pub fn add(&mut self, o: &Counts) {
        for k in 0..4 {
            self.precision[k] += o.precision[k];
            self.recall[k] += o.recall[k];
        }
    }

    /// The F1 scores.
    pub fn scores(&self) -> Scores {
        let ratio = |a: usize, b: usize| if a + b == 0 { 0.0 } else { a as f64 / (a + b) as f64 };
        let f1 = |p: f64, r: f64| if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        let (p, r) = (&self.precision, &self.recall);
        Scores {
            strict: f1(ratio(p[0], p[1]), ratio(r[0], r[1])),
            lax: f1(ratio(p[2], p[3]), ratio(r[2], r[3])),
        }
    }
}

/// Parses alignment lines `[0,1]:[2]` (a trailing `:score` is ignored).
pub fn parse(text: &str) -> Result<Vec<Pair>, String> {
    let list = |f: &str| -> Result<Vec<usize>, String> {
        let inner =
            f.trim().strip_prefix('[').and_then(|x| x.strip_suffix(']')).ok_or(format!("bad list {f:?}"))?;
        inner
            .split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(|x| x.parse().map_err(|_| format!("bad index {x:?}")))
            .collect()
    };
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let mut f = line.split(':');
        let (Some(a), Some(b)) = (f.next(), f.next()) else {
            return Err(format!("line {}: need two fields", i + 1));
        };
        out.push((
            list(a).map_err(|e| format!("line {}: {e}", i + 1))?,
            list(b).map_err(|e| format!("line {}: {e}", i + 1))?,
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_and_lax_as_the_reference_scorer() {
        let gold = parse("[0]:[0]\n[1]:[1,2]\n[2]:[]\n[3]:[3]").unwrap();
        let test = parse("[0]:[0]\n[1]:[1]\n[]:[2]\n[2]:[]\n[3]:[3]:0.9").unwrap();
        let c = counts(&gold, &test);
        // precision: [0]:[0] ok, [1]:[1] lax only, []:[2] wrong, [2]:[] ok, [3]:[3] ok
        assert_eq!(c.precision, [3, 2, 4, 1]);
        // recall over non-deletions: gold [0]:[0] ok, [1]:[1,2] lax, [3]:[3] ok
        assert_eq!(c.recall, [2, 1, 3, 0]);
        let s = c.scores();
        assert!((s.strict - 2.0 * 0.6 * (2.0 / 3.0) / (0.6 + 2.0 / 3.0)).abs() < 1e-9);
        assert_eq!(counts(&gold, &gold).scores(), Scores { strict: 1.0, lax: 1.0 });
    }
}
