//! Merging translation memories with de-duplication. A conflict (the same source, different
//! translations) is won by the newest unit, or with [`Prefer::Confidence`] by the one with the
//! highest `x-confidence`; every decision says why.
//!
//! [`merge_files`] streams: a first pass keeps, per dedupe key, only a 128-bit hash of the key and
//! where the winning unit lives (about 56 bytes a key before the hash table's overhead); a second
//! pass re-reads the inputs and writes the winners as it meets them. [`merge`] does the same on
//! memories already in memory.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Header, Node, Tmx, TmxReader, TmxWriter, Tu, Tuv, parse_tmx_date, same_lang};
use crate::error::{Error, Location, Result};

/// Which units count as duplicates when merging.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Dedupe {
    /// Same source segment: one unit is kept; different translations are conflicts.
    #[default]
    Source,
    /// Same source and same translations: one unit is kept.
    Pair,
    /// Keep every unit.
    None,
}

/// Which unit wins when several share a dedupe key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Prefer {
    /// The newest: the later `changedate` (else `creationdate`) of the unit, else of its file's
    /// header; a unit whose date cannot be read is undated, and older than any dated one; ties go
    /// to the unit later in the input.
    #[default]
    Newest,
    /// The highest `x-confidence` prop (a unit without one ranks lowest); ties go to the newest.
    Confidence,
}

/// Two units with the same source and different translations, and which one was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The source segment's text.
    pub source: String,
    /// The translation kept, when known (the in-memory [`merge`] knows it; the streaming one names
    /// only where the kept unit is).
    pub kept: Option<String>,
    /// Where the kept unit came from.
    pub kept_from: Location,
    /// The translation dropped.
    pub dropped: String,
    /// Where the dropped unit came from.
    pub dropped_from: Location,
    /// Why the kept unit won (`changedate 20250601T000000Z is newer than 20250101T000000Z`).
    pub why: String,
}

/// Something worth telling the user while merging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeEvent {
    /// A unit lost to another with the same source and a different translation.
    Conflict(Conflict),
    /// A unit's date could not be read, so it counts as undated (older than any dated unit).
    BadDate {
        /// Where the unit is.
        at: Location,
        /// The attribute (`changedate`, `creationdate`).
        attr: String,
        /// Its value.
        value: String,
    },
}

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Input files.
    pub files: usize,
    /// Units read.
    pub tus_in: usize,
    /// Units written.
    pub tus_out: usize,
    /// Units dropped because an identical one (same source and translations) was kept.
    pub duplicates: usize,
    /// Units dropped because another with the same source and a different translation won.
    pub conflicts: Vec<Conflict>,
    /// How many conflicts there were (the streaming merge reports them as events, not here).
    pub conflict_count: usize,
    /// Characters dropped on writing because XML 1.0 cannot carry them (streaming merge).
    pub dropped_chars: usize,
}

/// How a unit ranks in a conflict.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rank {
    date: Option<i64>,
    conf: Option<f32>,
    order: u64,
}

impl Rank {
    fn beats(&self, other: &Rank, prefer: Prefer) -> bool {
        let date = |r: &Rank| (r.date.unwrap_or(i64::MIN), r.order);
        match prefer {
            Prefer::Newest => date(self) > date(other),
            Prefer::Confidence => {
                let c = |r: &Rank| r.conf.unwrap_or(f32::NEG_INFINITY);
                match c(self).partial_cmp(&c(other)) {
                    Some(std::cmp::Ordering::Greater) => true,
                    Some(std::cmp::Ordering::Less) => false,
                    _ => date(self) > date(other),
                }
            }
        }
    }

    /// Why `self` beat `other`.
    fn why(&self, other: &Rank, prefer: Prefer) -> String {
        let d = |x: Option<i64>| x.map(super::write::tmx_date).unwrap_or_else(|| "no readable date".into());
        if prefer == Prefer::Confidence && self.conf != other.conf {
            let c = |x: Option<f32>| x.map(|v| format!("{v}")).unwrap_or_else(|| "none".into());
            return format!("x-confidence {} beats {}", c(self.conf), c(other.conf));
        }
        if self.date != other.date {
            return format!("date {} is newer than {}", d(self.date), d(other.date));
        }
        format!("same date ({}); later in the input", d(self.date))
    }
}

/// The merge's view of one unit.
struct Seen {
    key: u128,
    targets: u64,
    rank: Rank,
}

struct Context<'a> {
    srclang: &'a str,
    dedupe: Dedupe,
    file_date: Option<i64>,
}

fn look(
    tu: &Tu,
    cx: &Context<'_>,
    order: u64,
    at: &dyn Fn() -> Location,
    events: &mut dyn FnMut(MergeEvent),
) -> Seen {
    let src_lang = tu.attrs.get("srclang").unwrap_or(cx.srclang);
    let src_i = tu
        .tuvs
        .iter()
        .position(|t| t.lang().is_some_and(|l| same_lang(l, src_lang)))
        .or(if tu.tuvs.is_empty() { None } else { Some(0) });
    let source = src_i.map(|i| seg_key(&tu.tuvs[i])).unwrap_or_default();
    let mut targets: Vec<String> = tu
        .tuvs
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != src_i)
        .map(|(_, t)| format!("{}\u{0}{}", t.lang().unwrap_or("").to_ascii_lowercase(), seg_key(t)))
        .collect();
    targets.sort();
    let targets = targets.join("\u{0}");
    let key = match cx.dedupe {
        Dedupe::Source => hash128(&[source.as_bytes()]),
        Dedupe::Pair => hash128(&[source.as_bytes(), b"\0\0", targets.as_bytes()]),
        Dedupe::None => u128::from(order),
    };
    let (mut date, mut unreadable) = (None, false);
    for attr in ["changedate", "creationdate"] {
        if let Some(v) = tu.attrs.get(attr) {
            match parse_tmx_date(v.trim()) {
                Some(d) => {
                    date = Some(d);
                    break;
                }
                None => {
                    unreadable = true;
                    events(MergeEvent::BadDate { at: at(), attr: attr.into(), value: v.into() });
                }
            }
        }
    }
    // A unit whose own date cannot be read is undated: it does not borrow its file's date.
    let date = if unreadable { date } else { date.or(cx.file_date) };
    let conf = tu.prop("x-confidence").and_then(|c| c.trim().parse::<f32>().ok()).filter(|c| c.is_finite());
    Seen { key, targets: hash128(&[targets.as_bytes()]) as u64, rank: Rank { date, conf, order } }
}

fn header_date(h: &Header) -> Option<i64> {
    ["changedate", "creationdate"].iter().find_map(|a| h.attrs.get(a).and_then(|v| parse_tmx_date(v.trim())))
}

/// A 128-bit hash of byte strings (two SipHash runs with different keys): collisions are not a
/// practical concern below 10^15 keys.
fn hash128(parts: &[&[u8]]) -> u128 {
    use std::hash::Hash;
    let mut a = std::collections::hash_map::DefaultHasher::new();
    let mut b = std::collections::hash_map::DefaultHasher::new();
    0xA5u8.hash(&mut b);
    for p in parts {
        a.write(p);
        b.write(p);
    }
    (u128::from(a.finish()) << 64) | u128::from(b.finish())
}

/// The keys are hashes already: use their low bits.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes.iter().take(8) {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u128(&mut self, v: u128) {
        self.0 = v as u64;
    }
}

type KeyMap<V> = HashMap<u128, V, BuildHasherDefault<KeyHasher>>;

/// Where a winning unit lives.
#[derive(Debug, Clone, Copy)]
struct Slot {
    rank: Rank,
    targets: u64,
    line: u64,
    file: u32,
}

/// The output header: a fresh hanalign header with the first input's segtype, adminlang,
/// datatype, notes and props.
fn out_header(first: &Header, srclang: &str) -> Tmx {
    let mut out = Tmx::new(srclang);
    for a in ["segtype", "adminlang", "datatype"] {
        if let Some(v) = first.attrs.get(a) {
            out.header.attrs.set(a, v);
        }
    }
    out.header.meta = first.meta.clone();
    out
}

fn check_srclang(first: &Path, srclang: &str, p: &Path, h: &Header) -> Result<()> {
    let s = h.attrs.get("srclang").unwrap_or("*all*");
    if !same_lang(s, srclang) {
        return Err(Error::usage(format!(
            "{}: srclang is {s} but {} has {srclang}; merge memories with the same source language",
            p.display(),
            first.display()
        )));
    }
    Ok(())
}

/// Merges the TMX files at `paths` (oldest first) into `out`, streaming: memory holds one unit
/// and, per dedupe key, its hash and where its winner lives. The winners are written in input
/// order. Every input must have the same header `srclang`. Conflicts and unreadable dates go to
/// `events` as they are found.
pub fn merge_files(
    paths: &[PathBuf],
    dedupe: Dedupe,
    prefer: Prefer,
    out: &mut dyn Write,
    events: &mut dyn FnMut(MergeEvent),
) -> Result<MergeReport> {
    let Some(first_path) = paths.first() else {
        return Err(Error::usage("merge needs at least one TMX file"));
    };
    let mut report = MergeReport { files: paths.len(), ..Default::default() };
    let first = TmxReader::open(first_path)?;
    let srclang = first.header().attrs.get("srclang").unwrap_or("*all*").to_string();
    let header = out_header(first.header(), &srclang);
    drop(first);
    // Pass 1: the winner of every key.
    let mut slots: KeyMap<Slot> = KeyMap::default();
    let mut order = 0u64;
    if dedupe != Dedupe::None {
        for (f, p) in paths.iter().enumerate() {
            let mut r = TmxReader::open(p)?;
            check_srclang(first_path, &srclang, p, r.header())?;
            let cx = Context { srclang: &srclang, dedupe, file_date: header_date(r.header()) };
            while let Some(tu) = r.next_tu()? {
                let line = tu.line.unwrap_or(0);
                let seen = look(&tu, &cx, order, &|| Location::file(p).with_line(line), events);
                order += 1;
                let slot = Slot { rank: seen.rank, targets: seen.targets, line, file: f as u32 };
                slots
                    .entry(seen.key)
                    .and_modify(|s| {
                        if seen.rank.beats(&s.rank, prefer) {
                            *s = slot;
                        }
                    })
                    .or_insert(slot);
            }
        }
    }
    // Pass 2: write the winners, report the others.
    let mut w = TmxWriter::new(out, &header.attrs, &header.header).map_err(|e| Error::io("-", e))?;
    let mut order = 0u64;
    let mut quiet = |_: MergeEvent| {};
    for p in paths {
        let mut r = TmxReader::open(p)?;
        check_srclang(first_path, &srclang, p, r.header())?;
        let cx = Context { srclang: &srclang, dedupe, file_date: header_date(r.header()) };
        while let Some(mut tu) = r.next_tu()? {
            report.tus_in += 1;
            let line = tu.line.unwrap_or(0);
            let this = order;
            order += 1;
            if dedupe == Dedupe::None {
                tu.line = None;
                w.tu(&tu).map_err(|e| Error::io("-", e))?;
                continue;
            }
            let seen = look(&tu, &cx, this, &|| Location::file(p).with_line(line), &mut quiet);
            let Some(slot) = slots.get(&seen.key) else {
                return Err(Error::parse(
                    Location::file(p).with_line(line),
                    "this unit was not there on the first pass: did the file change during the merge?",
                ));
            };
            if slot.rank.order == this {
                tu.line = None;
                w.tu(&tu).map_err(|e| Error::io("-", e))?;
            } else if slot.targets == seen.targets {
                report.duplicates += 1;
            } else {
                report.conflict_count += 1;
                let src_lang = tu.attrs.get("srclang").unwrap_or(&srclang).to_string();
                events(MergeEvent::Conflict(Conflict {
                    source: source_text(&tu, &src_lang),
                    kept: None,
                    kept_from: Location::file(&paths[slot.file as usize]).with_line(slot.line),
                    dropped: targets_text(&tu, &srclang),
                    dropped_from: Location::file(p).with_line(line),
                    why: slot.rank.why(&seen.rank, prefer),
                }));
            }
        }
    }
    report.tus_out = w.tus_written() as usize;
    let (dropped, _) = w.finish().map_err(|e| Error::io("-", e))?;
    report.dropped_chars = dropped;
    Ok(report)
}

/// Merges memories already read, in the order given (a later file counts as newer when dates
/// are equal or missing). Every input must have the same header `srclang`. The output has a fresh
/// hanalign header (segtype, adminlang and datatype of the first input) with the first input's
/// notes and props; the winners keep their input order. Unreadable dates count as missing.
pub fn merge(inputs: &[(PathBuf, Tmx)], dedupe: Dedupe) -> Result<(Tmx, MergeReport)> {
    merge_with(inputs, dedupe, Prefer::Newest)
}

/// [`merge`] with a choice of which unit wins a conflict.
pub fn merge_with(inputs: &[(PathBuf, Tmx)], dedupe: Dedupe, prefer: Prefer) -> Result<(Tmx, MergeReport)> {
    let Some((first_path, first)) = inputs.first() else {
        return Err(Error::usage("merge needs at least one TMX file"));
    };
    let srclang = first.srclang().unwrap_or("*all*").to_string();
    for (p, t) in &inputs[1..] {
        check_srclang(first_path, &srclang, p, &t.header)?;
    }
    let mut out = out_header(&first.header, &srclang);
    let mut report = MergeReport { files: inputs.len(), ..Default::default() };
    let mut seen: Vec<(usize, usize, Seen)> = Vec::new();
    let mut winner: KeyMap<usize> = KeyMap::default();
    let mut order = 0u64;
    let mut quiet = |_: MergeEvent| {};
    for (f, (p, tmx)) in inputs.iter().enumerate() {
        let cx = Context { srclang: &srclang, dedupe, file_date: header_date(&tmx.header) };
        for (n, tu) in tmx.tus.iter().enumerate() {
            report.tus_in += 1;
            let line = tu.line.unwrap_or(0);
            let s = look(tu, &cx, order, &|| Location::file(p).with_line(line), &mut quiet);
            order += 1;
            let i = seen.len();
            match winner.get_mut(&s.key) {
                Some(w) if s.rank.beats(&seen[*w].2.rank, prefer) => *w = i,
                Some(_) => {}
                None => {
                    winner.insert(s.key, i);
                }
            }
            seen.push((f, n, s));
        }
    }
    let locate = |f: usize, n: usize| {
        let loc = Location::file(&inputs[f].0);
        match inputs[f].1.tus[n].line {
            Some(l) => loc.with_line(l),
            None => loc,
        }
    };
    for (i, (f, n, s)) in seen.iter().enumerate() {
        let w = winner[&s.key];
        let tu = &inputs[*f].1.tus[*n];
        if w == i {
            let mut tu = tu.clone();
            tu.line = None;
            out.tus.push(tu);
            continue;
        }
        let (wf, wn, ws) = &seen[w];
        if ws.targets == s.targets {
            report.duplicates += 1;
        } else {
            let kept = &inputs[*wf].1.tus[*wn];
            let src_lang = tu.attrs.get("srclang").unwrap_or(&srclang).to_string();
            report.conflicts.push(Conflict {
                source: source_text(tu, &src_lang),
                kept: Some(targets_text(kept, &srclang)),
                kept_from: locate(*wf, *wn),
                dropped: targets_text(tu, &srclang),
                dropped_from: locate(*f, *n),
                why: ws.rank.why(&s.rank, prefer),
            });
        }
    }
    report.conflict_count = report.conflicts.len();
    report.tus_out = out.tus.len();
    Ok((out, report))
}

/// A key for a segment: its text, with each inline code marked by its name and attributes.
fn seg_key(tuv: &Tuv) -> String {
    fn walk(nodes: &[Node], out: &mut String) {
        for n in nodes {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => {
                    out.push('\u{1}');
                    out.push_str(&e.name);
                    for (k, v) in &e.attrs.0 {
                        out.push(' ');
                        out.push_str(k);
                        out.push('=');
                        out.push_str(v);
                    }
                    out.push('\u{2}');
                    walk(&e.children, out);
                    out.push('\u{3}');
                }
            }
        }
    }
    let mut s = String::new();
    walk(&tuv.seg, &mut s);
    super::collapse_ws(&s)
}

fn source_text(tu: &Tu, src_lang: &str) -> String {
    tu.tuv(src_lang).or(tu.tuvs.first()).map(|t| t.text()).unwrap_or_default()
}

fn targets_text(tu: &Tu, srclang: &str) -> String {
    let src_lang = tu.attrs.get("srclang").unwrap_or(srclang);
    let src = tu.tuv(src_lang).or(tu.tuvs.first());
    tu.tuvs
        .iter()
        .filter(|t| src.is_none_or(|s| !std::ptr::eq(*t, s)))
        .map(|t| format!("{}: {}", t.lang().unwrap_or("?"), t.text()))
        .collect::<Vec<_>>()
        .join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mem(date: &str, pairs: &[(&str, &str)]) -> Tmx {
        let mut t = Tmx::new("zh-TW");
        t.header.attrs.set("creationdate", date);
        for (i, (zh, en)) in pairs.iter().enumerate() {
            let mut tu = Tu::pair("zh-TW", zh, "en-US", en);
            tu.line = Some(i as u64 + 10);
            t.tus.push(tu);
        }
        t
    }

    fn inputs() -> Vec<(PathBuf, Tmx)> {
        vec![
            ("a.tmx".into(), mem("20250101T000000Z", &[("一", "one"), ("二", "two"), ("三", "three")])),
            ("b.tmx".into(), mem("20250601T000000Z", &[("二", "Two!"), ("一", "one"), ("四", "four")])),
        ]
    }

    #[test]
    fn source_dedupe_keeps_newest_and_reports_conflicts() {
        let (out, r) = merge(&inputs(), Dedupe::Source).unwrap();
        let got: Vec<String> = out.tus.iter().map(|t| t.tuvs[1].text()).collect();
        // the winners, in input order
        assert_eq!(got, ["three", "Two!", "one", "four"]);
        assert_eq!((r.tus_in, r.tus_out, r.duplicates), (6, 4, 1));
        assert_eq!(r.conflicts.len(), 1);
        let c = &r.conflicts[0];
        assert_eq!(
            (c.source.as_str(), c.kept.as_deref(), c.dropped.as_str()),
            ("二", Some("en-US: Two!"), "en-US: two")
        );
        assert_eq!(c.dropped_from.to_string(), "a.tmx:11");
        assert_eq!(c.kept_from.to_string(), "b.tmx:10");
        assert_eq!(c.why, "date 20250601T000000Z is newer than 20250101T000000Z");
    }

    #[test]
    fn pair_and_none() {
        let (out, r) = merge(&inputs(), Dedupe::Pair).unwrap();
        assert_eq!((out.tus.len(), r.duplicates, r.conflicts.len()), (5, 1, 0));
        let (out, _) = merge(&inputs(), Dedupe::None).unwrap();
        assert_eq!(out.tus.len(), 6);
    }

    #[test]
    fn older_later_file_loses_on_date() {
        let mut i = inputs();
        i[1].1.header.attrs.set("creationdate", "20200101T000000Z");
        let (out, r) = merge(&i, Dedupe::Source).unwrap();
        assert_eq!(out.tus[1].tuvs[1].text(), "two");
        assert_eq!(r.conflicts[0].kept.as_deref(), Some("en-US: two"));
    }

    #[test]
    fn different_source_languages_are_refused() {
        let mut i = inputs();
        i[1].1 = Tmx::new("zh-CN");
        let e = merge(&i, Dedupe::Source).unwrap_err().to_string();
        assert!(e.contains("b.tmx") && e.contains("zh-CN"), "{e}");
    }

    #[test]
    fn newest_wins_never_picks_an_unparsable_changedate() {
        let mut i = inputs();
        // b is the later file, but its unit's changedate is garbage (which sorts after any digit)
        i[1].1.tus[0].attrs.set("changedate", "garbage-2099");
        i[0].1.tus[1].attrs.set("changedate", "20250301T000000Z");
        let (out, r) = merge(&i, Dedupe::Source).unwrap();
        assert!(out.tus.iter().any(|t| t.tuvs[1].text() == "two"), "{out:?}");
        assert_eq!(r.conflicts[0].kept.as_deref(), Some("en-US: two"));
        assert!(r.conflicts[0].why.contains("no readable date"), "{}", r.conflicts[0].why);
    }

    #[test]
    fn prefer_confidence_keeps_the_right_unit_over_a_newer_wrong_one() {
        let mut i = inputs();
        i[0].1.tus[1].meta.push(super::super::Meta::Prop(super::super::Prop::new("x-confidence", "0.997")));
        i[1].1.tus[0].meta.push(super::super::Meta::Prop(super::super::Prop::new("x-confidence", "0.02")));
        let (_, newest) = merge_with(&i, Dedupe::Source, Prefer::Newest).unwrap();
        assert_eq!(newest.conflicts[0].kept.as_deref(), Some("en-US: Two!"));
        let (out, r) = merge_with(&i, Dedupe::Source, Prefer::Confidence).unwrap();
        assert!(out.tus.iter().any(|t| t.tuvs[1].text() == "two"));
        assert_eq!(r.conflicts[0].kept.as_deref(), Some("en-US: two"));
        assert_eq!(r.conflicts[0].why, "x-confidence 0.997 beats 0.02");
    }

    #[test]
    fn streaming_merge_writes_what_the_in_memory_merge_keeps() {
        let dir = tempfile::tempdir().unwrap();
        let mut i = inputs();
        i[0].1.tus[2].attrs.set("creationdate", "not a date");
        let mut paths = Vec::new();
        for (p, t) in &i {
            let path = dir.path().join(p);
            crate::tmx::write_file(t, &path).unwrap();
            paths.push(path);
        }
        for dedupe in [Dedupe::Source, Dedupe::Pair, Dedupe::None] {
            for prefer in [Prefer::Newest, Prefer::Confidence] {
                let read: Vec<(PathBuf, Tmx)> =
                    paths.iter().map(|p| (p.clone(), crate::tmx::read_file(p).unwrap())).collect();
                let (want, wr) = merge_with(&read, dedupe, prefer).unwrap();
                let mut bytes = Vec::new();
                let mut events = Vec::new();
                let r = merge_files(&paths, dedupe, prefer, &mut bytes, &mut |e| events.push(e)).unwrap();
                let got = crate::tmx::read_bytes(&bytes, Path::new("m.tmx")).unwrap();
                let texts = |t: &Tmx| t.tus.iter().map(|u| u.tuvs[1].text()).collect::<Vec<_>>();
                assert_eq!(texts(&got), texts(&want), "{dedupe:?} {prefer:?}");
                assert_eq!((r.tus_in, r.tus_out, r.duplicates), (wr.tus_in, wr.tus_out, wr.duplicates));
                let conflicts = events.iter().filter(|e| matches!(e, MergeEvent::Conflict(_))).count();
                assert_eq!(conflicts, wr.conflicts.len());
                if dedupe != Dedupe::None {
                    assert!(
                        events
                            .iter()
                            .any(|e| matches!(e, MergeEvent::BadDate { value, .. } if value == "not a date"))
                    );
                }
            }
        }
    }
}
