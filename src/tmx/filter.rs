//! Selecting and splitting translation memories, streaming: [`Filter`] keeps the units that pass
//! every condition (language pair, props, dates); [`split`] cuts a memory into parts by unit count
//! or by size. Both hold one unit at a time.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{TmxReader, TmxWriter, Tu, parse_tmx_date, same_lang};
use crate::error::{Error, Result};

/// A comparison in a prop condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `=`
    Eq,
    /// `!=`
    Ne,
}

/// A condition on a prop: `x-confidence<0.8`, `x-bead=2-1`, `x-domain!=legal`. Numbers compare as
/// numbers when both sides are numbers, otherwise `=`/`!=` compare text and the order comparisons
/// fail. A unit without the prop fails every condition except `!=`.
#[derive(Debug, Clone, PartialEq)]
pub struct PropTest {
    /// The prop's type.
    pub kind: String,
    /// The comparison.
    pub op: Op,
    /// The value compared with.
    pub value: String,
}

impl PropTest {
    /// Parses `TYPE OP VALUE` (spaces optional), OP one of `< <= > >= = == !=`.
    pub fn parse(s: &str) -> std::result::Result<PropTest, String> {
        let i = s.find(['<', '>', '=', '!']).ok_or_else(|| {
            format!("`{s}`: expected TYPE OP VALUE, e.g. `x-confidence<0.8` or `x-bead=2-1`")
        })?;
        let kind = s[..i].trim().to_string();
        let rest = &s[i..];
        let (op, len) = match () {
            _ if rest.starts_with("<=") => (Op::Le, 2),
            _ if rest.starts_with(">=") => (Op::Ge, 2),
            _ if rest.starts_with("!=") => (Op::Ne, 2),
            _ if rest.starts_with("==") => (Op::Eq, 2),
            _ if rest.starts_with('<') => (Op::Lt, 1),
            _ if rest.starts_with('>') => (Op::Gt, 1),
            _ if rest.starts_with('=') => (Op::Eq, 1),
            _ => return Err(format!("`{s}`: `!` must be followed by `=`")),
        };
        let value = rest[len..].trim().to_string();
        if kind.is_empty() {
            return Err(format!("`{s}`: no prop type before the comparison"));
        }
        if matches!(op, Op::Lt | Op::Le | Op::Gt | Op::Ge) && value.parse::<f64>().is_err() {
            return Err(format!("`{s}`: `{value}` is not a number, and only numbers can be ordered"));
        }
        Ok(PropTest { kind, op, value })
    }

    /// True when `tu` passes.
    pub fn passes(&self, tu: &Tu) -> bool {
        let Some(v) = tu.prop(&self.kind) else { return self.op == Op::Ne };
        let v = v.trim();
        match (v.parse::<f64>(), self.value.parse::<f64>()) {
            (Ok(a), Ok(b)) => match self.op {
                Op::Lt => a < b,
                Op::Le => a <= b,
                Op::Gt => a > b,
                Op::Ge => a >= b,
                Op::Eq => a == b,
                Op::Ne => a != b,
            },
            _ => match self.op {
                Op::Eq => v == self.value,
                Op::Ne => v != self.value,
                _ => false,
            },
        }
    }
}

/// Parses a date for `--since`/`--until`: a TMX date, or `YYYYMMDD` (midnight UTC).
pub fn parse_day(s: &str) -> std::result::Result<i64, String> {
    let s = s.trim();
    let full = if s.len() == 8 { format!("{s}T000000Z") } else { s.to_string() };
    parse_tmx_date(&full).ok_or_else(|| format!("`{s}` is not a date: write YYYYMMDD or YYYYMMDDThhmmssZ"))
}

/// Which units to keep. Every condition given must hold.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The unit must have a variant in each of these languages (`zh` matches `zh-TW`, `zh-Hant`…).
    pub langs: Vec<String>,
    /// Prop conditions.
    pub props: Vec<PropTest>,
    /// The unit's date (changedate, else creationdate) must be at or after this.
    pub since: Option<i64>,
    /// The unit's date must be before this.
    pub until: Option<i64>,
}

/// True when language tag `tag` is `want` or a more specific form of it (`zh-TW` for `zh`).
pub fn lang_matches(tag: &str, want: &str) -> bool {
    same_lang(tag, want)
        || (tag.len() > want.len()
            && matches!(tag.as_bytes()[want.len()], b'-' | b'_')
            && same_lang(&tag[..want.len()], want))
}

impl Filter {
    /// True when `tu` passes every condition.
    pub fn keep(&self, tu: &Tu) -> bool {
        let langs_ok = self
            .langs
            .iter()
            .all(|want| tu.tuvs.iter().any(|t| t.lang().is_some_and(|l| lang_matches(l, want))));
        if !langs_ok || !self.props.iter().all(|p| p.passes(tu)) {
            return false;
        }
        if self.since.is_some() || self.until.is_some() {
            let date = ["changedate", "creationdate"]
                .iter()
                .find_map(|a| tu.attrs.get(a))
                .and_then(|d| parse_tmx_date(d.trim()));
            let Some(d) = date else { return false };
            if self.since.is_some_and(|s| d < s) || self.until.is_some_and(|u| d >= u) {
                return false;
            }
        }
        true
    }
}

/// What [`filter`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FilterReport {
    /// Units read.
    pub tus_in: u64,
    /// Units written.
    pub tus_out: u64,
    /// Characters dropped because XML 1.0 cannot carry them.
    pub dropped_chars: usize,
}

/// Copies the units of `input` that pass `f` to `out`, under the input's header.
pub fn filter(input: &Path, f: &Filter, out: &mut dyn Write) -> Result<FilterReport> {
    let mut r = TmxReader::open(input)?;
    let mut w = TmxWriter::new(out, r.attrs(), r.header()).map_err(|e| Error::io("-", e))?;
    let mut report = FilterReport::default();
    while let Some(mut tu) = r.next_tu()? {
        report.tus_in += 1;
        if f.keep(&tu) {
            tu.line = None;
            w.tu(&tu).map_err(|e| Error::io("-", e))?;
        }
    }
    report.tus_out = w.tus_written();
    report.dropped_chars = w.finish().map_err(|e| Error::io("-", e))?.0;
    Ok(report)
}

/// Where [`split`] cuts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitBy {
    /// At most this many units per part.
    Units(u64),
    /// A new part once a part reaches this many bytes (a part holds at least one unit).
    Bytes(u64),
}

/// Parses a size: `500000`, `64K`, `50MB`, `1G` (powers of 1024).
pub fn parse_size(s: &str) -> std::result::Result<u64, String> {
    let t = s.trim().to_ascii_uppercase();
    let t = t.strip_suffix('B').unwrap_or(&t);
    let (num, mul) = match t.chars().last() {
        Some('K') => (&t[..t.len() - 1], 1u64 << 10),
        Some('M') => (&t[..t.len() - 1], 1 << 20),
        Some('G') => (&t[..t.len() - 1], 1 << 30),
        _ => (t, 1),
    };
    match num.trim().parse::<f64>() {
        Ok(n) if n >= 1.0 && n.is_finite() => Ok((n * mul as f64) as u64),
        _ => Err(format!("`{s}` is not a size: write e.g. 50MB, 500K or 100000")),
    }
}

struct Counting<'a> {
    inner: &'a mut dyn Write,
    n: u64,
}

impl Write for Counting<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let k = self.inner.write(buf)?;
        self.n += k as u64;
        Ok(k)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Splits `input` into parts named by `name(1)`, `name(2)`, …, each a complete TMX with the input's
/// header, each written atomically. Returns each part's path and unit count. An input without
/// units gives one empty part.
pub fn split(input: &Path, by: SplitBy, name: &dyn Fn(usize) -> PathBuf) -> Result<Vec<(PathBuf, u64)>> {
    let mut r = TmxReader::open(input)?;
    let (attrs, header) = (r.attrs().clone(), r.header().clone());
    let mut next = r.next_tu()?;
    let mut parts = Vec::new();
    loop {
        let dest = name(parts.len() + 1);
        if dest == input {
            return Err(Error::usage(format!("{}: a part would replace the input", dest.display())));
        }
        let n = crate::atomic::write(&dest, |w| {
            let mut c = Counting { inner: w, n: 0 };
            let mut tw = TmxWriter::new(&mut c, &attrs, &header).map_err(|e| Error::io(&dest, e))?;
            while let Some(mut tu) = next.take() {
                tu.line = None;
                tw.tu(&tu).map_err(|e| Error::io(&dest, e))?;
                next = r.next_tu()?;
                let full = match by {
                    SplitBy::Units(k) => tw.tus_written() >= k,
                    // 40 bytes for the end of the document
                    SplitBy::Bytes(b) => tw_bytes(&tw) + 40 >= b,
                };
                if full {
                    break;
                }
            }
            let n = tw.tus_written();
            tw.finish().map_err(|e| Error::io(&dest, e))?;
            Ok(n)
        })?;
        parts.push((dest, n));
        if next.is_none() {
            return Ok(parts);
        }
    }
}

fn tw_bytes(tw: &TmxWriter<&mut Counting<'_>>) -> u64 {
    tw.get_ref().n
}

#[cfg(test)]
mod tests {
    use super::super::{Meta, Prop, Tmx};
    use super::*;

    fn unit(conf: &str, bead: &str, date: &str, lang: &str) -> Tu {
        let mut tu = Tu::pair("zh-TW", "一", lang, "one");
        tu.meta.push(Meta::Prop(Prop::new("x-confidence", conf)));
        tu.meta.push(Meta::Prop(Prop::new("x-bead", bead)));
        tu.attrs.set("creationdate", date);
        tu
    }

    #[test]
    fn prop_tests_parse_and_compare() {
        let t = PropTest::parse("x-confidence < 0.8").unwrap();
        assert_eq!((t.kind.as_str(), t.op, t.value.as_str()), ("x-confidence", Op::Lt, "0.8"));
        assert!(t.passes(&unit("0.5", "1-1", "20250101T000000Z", "en-US")));
        assert!(!t.passes(&unit("0.9", "1-1", "20250101T000000Z", "en-US")));
        let b = PropTest::parse("x-bead=2-1").unwrap();
        assert!(b.passes(&unit("0.5", "2-1", "20250101T000000Z", "en-US")));
        assert!(!b.passes(&unit("0.5", "1-1", "20250101T000000Z", "en-US")));
        assert!(PropTest::parse("x-bead<abc").is_err());
        assert!(PropTest::parse("nothing").is_err());
        assert!(PropTest::parse("x-note!=a").unwrap().passes(&Tu::pair("zh", "a", "en", "b")));
    }

    #[test]
    fn filter_by_languages_props_and_dates() {
        let f = Filter {
            langs: vec!["zh".into(), "en".into()],
            props: vec![PropTest::parse("x-confidence>=0.5").unwrap()],
            since: Some(parse_day("20250101").unwrap()),
            until: Some(parse_day("20260101").unwrap()),
        };
        assert!(f.keep(&unit("0.7", "1-1", "20250601T000000Z", "en-US")));
        assert!(!f.keep(&unit("0.7", "1-1", "20250601T000000Z", "fr-FR")));
        assert!(!f.keep(&unit("0.2", "1-1", "20250601T000000Z", "en-US")));
        assert!(!f.keep(&unit("0.7", "1-1", "20240601T000000Z", "en-US")));
        assert!(!f.keep(&unit("0.7", "1-1", "20260101T000000Z", "en-US")));
        assert!(!f.keep(&unit("0.7", "1-1", "June 2025", "en-US")));
        assert!(lang_matches("zh-Hant-TW", "zh") && !lang_matches("zhx", "zh"));
    }

    #[test]
    fn split_by_units_and_by_size_keeps_every_unit_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Tmx::new("zh-TW");
        for i in 0..25 {
            t.tus.push(Tu::pair("zh-TW", &format!("第{i}句"), "en-US", &format!("Sentence {i}")));
        }
        let input = dir.path().join("in.tmx");
        crate::tmx::write_file(&t, &input).unwrap();
        let name = |i: usize| dir.path().join(format!("part-{i:04}.tmx"));
        let parts = split(&input, SplitBy::Units(10), &name).unwrap();
        assert_eq!(parts.iter().map(|p| p.1).collect::<Vec<_>>(), [10, 10, 5]);
        let mut all = Vec::new();
        for (p, _) in &parts {
            let m = crate::tmx::read_file(p).unwrap();
            assert_eq!(m.header, t.header);
            all.extend(m.tus.into_iter().map(|u| u.tuvs[1].text()));
        }
        assert_eq!(all, t.tus.iter().map(|u| u.tuvs[1].text()).collect::<Vec<_>>());
        let parts = split(&input, SplitBy::Bytes(2000), &name).unwrap();
        assert!(parts.len() > 1);
        for (p, _) in &parts[..parts.len() - 1] {
            let len = std::fs::metadata(p).unwrap().len();
            assert!(len <= 2000 + 400, "{len}");
        }
        assert_eq!(parts.iter().map(|p| p.1).sum::<u64>(), 25);
        assert_eq!(parse_size("50MB"), Ok(50 << 20));
        assert!(parse_size("lots").is_err());
    }
}
