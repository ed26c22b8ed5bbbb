//! Cleaning a translation memory: rules that find units a TM should not keep, and the aligner's
//! judgement of whether the two sides of a unit translate each other.
//!
//! Each unit is checked against every [`Rule`]; a unit that breaks any is removed (or, with
//! [`CleanOptions::flag_only`], kept with a `prop type="x-qa"` naming the rules). The work is
//! streamed in chunks: a chunk of units is read, judged in parallel with rayon (the rules that
//! look at one unit, including the aligner's score), then de-duplicated in order and written,
//! so memory holds one chunk plus 16 bytes per distinct unit for the duplicate rules.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use rayon::prelude::*;

use super::{Meta, Prop, TmxReader, TmxWriter, Tu, Tuv};
use crate::align::Aligner;
use crate::error::{Error, Result};
use crate::script::{self, Script};

/// Why a unit is removed or flagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// A side is empty, or holds only inline codes.
    Empty,
    /// The same source and target as an earlier unit.
    Duplicate,
    /// The same as an earlier unit once whitespace, full-width forms, Traditional/Simplified and
    /// case are folded.
    NearDuplicate,
    /// The target is the source (not translated).
    Untranslated,
    /// A language tag contradicts the text: a `zh` variant without Chinese, an `en` one that is
    /// mostly Chinese, `zh-TW`/`zh-Hant` on Simplified text or `zh-CN`/`zh-Hans` on Traditional.
    WrongLanguage,
    /// Numbers differ between the sides.
    Numbers,
    /// URLs or e-mail addresses differ between the sides.
    Urls,
    /// One side is far longer than a translation would be.
    LengthRatio,
    /// The aligner does not see a translation: its 1-1 bead score is below the threshold.
    Misaligned,
}

impl Rule {
    /// Every rule, in report order.
    pub const ALL: [Rule; 9] = [
        Rule::Empty,
        Rule::Duplicate,
        Rule::NearDuplicate,
        Rule::Untranslated,
        Rule::WrongLanguage,
        Rule::Numbers,
        Rule::Urls,
        Rule::LengthRatio,
        Rule::Misaligned,
    ];

    /// The rule's name (`near-duplicate`), as in reports and `x-qa` props.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Empty => "empty",
            Rule::Duplicate => "duplicate",
            Rule::NearDuplicate => "near-duplicate",
            Rule::Untranslated => "untranslated",
            Rule::WrongLanguage => "wrong-language",
            Rule::Numbers => "numbers",
            Rule::Urls => "urls",
            Rule::LengthRatio => "length-ratio",
            Rule::Misaligned => "misaligned",
        }
    }
}

/// The default [`CleanOptions::misaligned_below`]: the best-F1 threshold on a calibration set of
/// 2,694 real pairs and as many with shuffled targets (corpora/meta-avocado and the even-numbered
/// Debian Reference paragraphs; `benches/data-gen/calibrate_clean.py`, BENCHMARKS.md "tmx clean"):
/// real pairs score median 0.996 (5th percentile 0.832), shuffled ones 0.083 (95th 0.401).
pub const MISALIGNED_BELOW: f64 = 0.625;

/// Settings for [`clean`].
#[derive(Debug, Clone)]
pub struct CleanOptions {
    /// Keep every unit and add `prop type="x-qa"` to the ones that break a rule.
    pub flag_only: bool,
    /// A unit whose aligner score is below this is [`Rule::Misaligned`]; `None` skips the aligner.
    pub misaligned_below: Option<f64>,
    /// Units judged together (in parallel) before they are written.
    pub chunk: usize,
}

impl Default for CleanOptions {
    fn default() -> CleanOptions {
        CleanOptions { flag_only: false, misaligned_below: Some(MISALIGNED_BELOW), chunk: 4096 }
    }
}

/// What was found in one unit.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Verdict {
    /// The unit's 0-based position in the input.
    pub index: u64,
    /// Its line in the input.
    pub line: u64,
    /// Its `tuid`, if any.
    pub tuid: Option<String>,
    /// The rules it breaks (empty: a good unit).
    pub rules: Vec<Rule>,
    /// Why, one phrase per rule.
    pub why: Vec<String>,
    /// The aligner's score for the pair, when it was computed.
    pub score: Option<f64>,
}

/// Totals of a [`clean`] run.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct CleanReport {
    /// Units read.
    pub tus_in: u64,
    /// Units written.
    pub tus_out: u64,
    /// Units removed (0 with `flag_only`).
    pub removed: u64,
    /// Units flagged (with `flag_only`).
    pub flagged: u64,
    /// Units per rule (a unit can break several).
    pub per_rule: std::collections::BTreeMap<String, u64>,
}

/// The two sides a rule compares: the source variant and the first other one.
fn sides<'a>(tu: &'a Tu, srclang: &str) -> Option<(&'a Tuv, &'a Tuv)> {
    let src_lang = tu.attrs.get("srclang").unwrap_or(srclang);
    let si = tu
        .tuvs
        .iter()
        .position(|t| t.lang().is_some_and(|l| super::filter::lang_matches(l, src_lang)))
        .unwrap_or(0);
    let src = tu.tuvs.get(si)?;
    let tgt = tu.tuvs.iter().enumerate().find(|(i, _)| *i != si).map(|(_, t)| t)?;
    Some((src, tgt))
}

use super::collapse_ws as collapse;

/// The folded form the near-duplicate rule compares ([`script::normalize`], spacing collapsed).
/// ASCII text has no width, script or non-ASCII case to fold: it skips the script converter.
fn fold(s: &str) -> String {
    if s.is_ascii() { collapse(&s.to_ascii_lowercase()) } else { collapse(&script::normalize(s)) }
}

fn is_zh_tag(tag: &str) -> bool {
    super::filter::lang_matches(tag, "zh")
}

fn han_share(s: &str) -> (usize, usize) {
    let (mut han, mut letters) = (0, 0);
    for c in s.chars() {
        if script::is_han(c) {
            han += 1;
        } else if c.is_alphabetic() {
            letters += 1;
        }
    }
    (han, letters)
}

/// Digit runs (full-width folded, thousands separators dropped), sorted.
fn numbers(s: &str) -> Vec<String> {
    let s = script::fold_width(s);
    let b: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let mut n = String::new();
            while i < b.len()
                && (b[i].is_ascii_digit()
                    || ((b[i] == ',' || b[i] == '.') && i + 1 < b.len() && b[i + 1].is_ascii_digit()))
            {
                if b[i] != ',' {
                    n.push(b[i]);
                }
                i += 1;
            }
            out.push(n);
        } else {
            i += 1;
        }
    }
    out.sort();
    out
}

/// URLs and e-mail addresses, trailing punctuation removed, sorted.
fn urls(s: &str) -> Vec<String> {
    let mut out: Vec<String> = s
        .split(|c: char| {
            c.is_whitespace() || matches!(c, '（' | '）' | '「' | '」' | '，' | '。' | '<' | '>' | '"')
        })
        .filter(|w| {
            w.starts_with("http://") || w.starts_with("https://") || w.starts_with("www.") || {
                let at = w.find('@');
                at.is_some_and(|i| i > 0 && w[i + 1..].contains('.'))
            }
        })
        .map(|w| w.trim_end_matches(['.', ',', ')', ';', ':', '!', '?', '\'']).to_ascii_lowercase())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The checks that look at one unit alone (everything but the duplicate rules).
fn judge(tu: &Tu, srclang: &str, aligner: Option<(&Aligner, f64)>) -> (Vec<Rule>, Vec<String>, Option<f64>) {
    let mut rules = Vec::new();
    let mut why = Vec::new();
    let Some((src, tgt)) = sides(tu, srclang) else {
        return (vec![Rule::Empty], vec!["fewer than two variants".into()], None);
    };
    let (s, t) = (src.text(), tgt.text());
    let (s_trim, t_trim) = (s.trim(), t.trim());
    if s_trim.is_empty() || t_trim.is_empty() {
        let side = if s_trim.is_empty() { src } else { tgt };
        let what = if side.has_codes() { "holds only inline codes" } else { "is empty" };
        rules.push(Rule::Empty);
        why.push(format!("the {} side {what}", side.lang().unwrap_or("?")));
        return (rules, why, None);
    }
    let (ns, nt) = (collapse(&script::fold_width(s_trim)), collapse(&script::fold_width(t_trim)));
    if ns.to_lowercase() == nt.to_lowercase() && ns.chars().any(char::is_alphabetic) {
        rules.push(Rule::Untranslated);
        why.push("the target is the source".into());
    }
    // An untranslated unit contradicts one of its tags by definition: one rule is enough.
    let sides_to_check: &[&Tuv] = if rules.is_empty() { &[src, tgt] } else { &[] };
    for &v in sides_to_check {
        let Some(tag) = v.lang() else { continue };
        let text = if std::ptr::eq(v, src) { s_trim } else { t_trim };
        let (han, letters) = han_share(text);
        let lower = tag.to_ascii_lowercase();
        if is_zh_tag(tag) {
            if han == 0 && letters >= 3 {
                rules.push(Rule::WrongLanguage);
                why.push(format!("{tag} variant has no Chinese characters"));
                break;
            }
            let script = script::detect(text);
            let trad_tag = lower.contains("hant")
                || lower.ends_with("-tw")
                || lower.ends_with("-hk")
                || lower.ends_with("-mo");
            let simp_tag = lower.contains("hans") || lower.ends_with("-cn") || lower.ends_with("-sg");
            if (trad_tag && script == Script::Simplified) || (simp_tag && script == Script::Traditional) {
                rules.push(Rule::WrongLanguage);
                let written = if script == Script::Simplified { "Simplified" } else { "Traditional" };
                why.push(format!("{tag} variant is written in {written} characters"));
                break;
            }
        } else if super::filter::lang_matches(tag, "en") && han > 0 && han * 2 >= letters {
            rules.push(Rule::WrongLanguage);
            why.push(format!("{tag} variant is mostly Chinese"));
            break;
        }
    }
    let (a, b) = (numbers(s_trim), numbers(t_trim));
    if a != b {
        let only_a: Vec<&String> = a.iter().filter(|n| !b.contains(n)).collect();
        let only_b: Vec<&String> = b.iter().filter(|n| !a.contains(n)).collect();
        // A number missing on one side is often written out in words there ("三" / "three"): only
        // numbers on both sides that do not match count.
        if !only_a.is_empty() && !only_b.is_empty() {
            rules.push(Rule::Numbers);
            let show = |v: &[&String]| {
                if v.is_empty() {
                    "-".to_string()
                } else {
                    v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")
                }
            };
            why.push(format!(
                "numbers only in the source: {}; only in the target: {}",
                show(&only_a),
                show(&only_b)
            ));
        }
    }
    let (ua, ub) = (urls(s_trim), urls(t_trim));
    if ua != ub {
        rules.push(Rule::Urls);
        why.push(format!("URLs differ: {} vs {}", ua.join(" "), ub.join(" ")));
    }
    let (ls, lt) = (s_trim.chars().count() as f64, t_trim.chars().count() as f64);
    let zh_to_en = src.lang().is_some_and(is_zh_tag) != tgt.lang().is_some_and(is_zh_tag);
    // English runs about 3 characters per Chinese character; other pairs about 1.
    let (lo, hi) = if zh_to_en { (0.5, 12.0) } else { (0.25, 4.0) };
    let ratio = if src.lang().is_some_and(is_zh_tag) {
        lt / ls
    } else if zh_to_en {
        ls / lt
    } else {
        lt / ls
    };
    if ls.max(lt) >= 20.0 && !(lo..=hi).contains(&ratio) {
        rules.push(Rule::LengthRatio);
        why.push(format!("length ratio {ratio:.2} is outside {lo}..{hi}"));
    }
    let mut score = None;
    if let Some((al, below)) = aligner
        && !rules.iter().any(|r| matches!(r, Rule::Untranslated | Rule::WrongLanguage))
    {
        let a = al.align(&[s_trim], &[t_trim], None, None);
        let sc = match a.beads.as_slice() {
            [b] if b.src.len() == 1 && b.tgt.len() == 1 => b.score,
            _ => 0.0,
        };
        score = Some(sc);
        if sc < below {
            rules.push(Rule::Misaligned);
            why.push(format!("the aligner scores the pair {sc:.3} (below {below})"));
        }
    }
    (rules, why, score)
}

/// One unit's checks: (rules, why, aligner score, exact key hash, folded key hash).
type Judged = (Vec<Rule>, Vec<String>, Option<f64>, u64, u64);

/// Cleans the TMX at `input` into `out` (under the input's header), calling `on_unit` with the
/// verdict of every unit that breaks a rule, in input order.
pub fn clean(
    input: &Path,
    opts: &CleanOptions,
    aligner: Option<&Aligner>,
    out: &mut dyn Write,
    on_unit: &mut dyn FnMut(&Verdict),
) -> Result<CleanReport> {
    let mut r = TmxReader::open(input)?;
    let srclang = r.header().attrs.get("srclang").unwrap_or("*all*").to_string();
    let mut w = TmxWriter::new(out, r.attrs(), r.header()).map_err(|e| Error::io("-", e))?;
    let mut exact: HashSet<u64> = HashSet::new();
    let mut near: HashSet<u64> = HashSet::new();
    let mut report = CleanReport::default();
    let al = aligner.and_then(|a| opts.misaligned_below.map(|t| (a, t)));
    let chunk = opts.chunk.max(1);
    let mut buf: Vec<Tu> = Vec::with_capacity(chunk);
    let mut index = 0u64;
    loop {
        buf.clear();
        while buf.len() < chunk {
            match r.next_tu()? {
                Some(tu) => buf.push(tu),
                None => break,
            }
        }
        if buf.is_empty() {
            break;
        }
        let judged: Vec<Judged> = buf
            .par_iter()
            .map(|tu| {
                let (rules, why, score) = judge(tu, &srclang, al);
                let (e, n) = match sides(tu, &srclang) {
                    Some((s, t)) => {
                        let (s, t) = (s.text(), t.text());
                        let e = super::stats::hash64(&format!("{s}\u{0}{t}"));
                        let n = super::stats::hash64(&format!("{}\u{0}{}", fold(&s), fold(&t)));
                        (e, n)
                    }
                    None => (0, 0),
                };
                (rules, why, score, e, n)
            })
            .collect();
        for (mut tu, (mut rules, mut why, score, e, n)) in buf.drain(..).zip(judged) {
            report.tus_in += 1;
            let this = index;
            index += 1;
            if e != 0 {
                if !exact.insert(e) {
                    rules.insert(0, Rule::Duplicate);
                    why.insert(0, "the same source and target as an earlier unit".into());
                } else if !near.insert(n) {
                    rules.insert(0, Rule::NearDuplicate);
                    why.insert(
                        0,
                        "the same as an earlier unit once spacing, width, script and case are folded".into(),
                    );
                }
                near.insert(n);
            }
            if rules.is_empty() {
                tu.line = None;
                w.tu(&tu).map_err(|e| Error::io("-", e))?;
                continue;
            }
            rules.sort();
            for r in &rules {
                *report.per_rule.entry(r.name().to_string()).or_default() += 1;
            }
            let v = Verdict {
                index: this,
                line: tu.line.unwrap_or(0),
                tuid: tu.attrs.get("tuid").map(str::to_string),
                rules: rules.clone(),
                why: why.clone(),
                score,
            };
            on_unit(&v);
            if opts.flag_only {
                report.flagged += 1;
                let names: Vec<&str> = rules.iter().map(|r| r.name()).collect();
                tu.meta
                    .push(Meta::Prop(Prop::new("x-qa", format!("{}: {}", names.join(","), why.join("; ")))));
                tu.line = None;
                w.tu(&tu).map_err(|e| Error::io("-", e))?;
            } else {
                report.removed += 1;
            }
        }
    }
    report.tus_out = w.tus_written();
    w.finish().map_err(|e| Error::io("-", e))?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(zl: &str, z: &str, el: &str, e: &str) -> Tu {
        Tu::pair(zl, z, el, e)
    }

    fn rules(tu: &Tu) -> Vec<Rule> {
        judge(tu, "zh-CN", None).0
    }

    #[test]
    fn each_rule_on_a_unit_that_breaks_it() {
        assert_eq!(rules(&unit("zh-CN", "模型延期了。", "en-US", "The model was delayed.")), vec![]);
        assert_eq!(rules(&unit("zh-CN", "模型", "en-US", " ")), vec![Rule::Empty]);
        assert_eq!(rules(&unit("zh-CN", "Meta AI", "en-US", "Meta  AI")), vec![Rule::Untranslated]);
        assert_eq!(
            rules(&unit("zh-CN", "The model", "en-US", "The model was late")),
            vec![Rule::WrongLanguage]
        );
        assert_eq!(
            rules(&unit("zh-TW", "模型延期了，价格很高。", "en-US", "The model was delayed.")),
            vec![Rule::WrongLanguage]
        );
        assert_eq!(rules(&unit("zh-CN", "2019年发布。", "en-US", "Released in 2017.")), vec![Rule::Numbers]);
        assert_eq!(rules(&unit("zh-CN", "第3章", "en-US", "Chapter three")), vec![]);
        assert_eq!(
            rules(&unit("zh-CN", "见 https://a.org/x。", "en-US", "See https://b.org/x.")),
            vec![Rule::Urls]
        );
        assert_eq!(
            rules(&unit(
                "zh-CN",
                "好。",
                "en-US",
                &"This is a very long sentence that no two-character source explains. ".repeat(2)
            )),
            vec![Rule::LengthRatio]
        );
    }
}
