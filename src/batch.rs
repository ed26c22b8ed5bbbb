//! Aligning many document pairs in parallel.
//!
//! A batch is a list of [`Pair`]s, found three ways:
//!
//! - [`discover`]: every `NAME.zh.txt` under a folder with its `NAME.en.txt` beside it (the id is the
//!   path of `NAME` relative to the folder, with `/` between folders);
//! - [`read_manifest`] on a TSV file: `ZH_PATH<TAB>EN_PATH[<TAB>ID]` per line, `#` comments, relative
//!   paths taken from the manifest's folder;
//! - [`read_manifest`] on a JSON Lines file (`.jsonl`/`.ndjson`), or [`stream_jsonl`] on standard
//!   input: one [`Record`] per line.
//!
//! Pairs are aligned with rayon at the batch level (the aligner itself is single-threaded and
//! `Sync`); results come back in input order, and a pair that fails is an `Err` in its place, never
//! a reason to stop the others.
//!
//! # The JSON Lines record
//!
//! Input, one object per line (blank lines are skipped):
//!
//! ```json
//! {"id": "doc-17", "zh": "中文全文……", "en": "The English text…"}
//! {"id": 18, "zh_file": "a/18.zh.txt", "en_file": "a/18.en.txt"}
//! ```
//!
//! `id` (a string or a number; default: the line number) names the pair in every output. Each side
//! is given inline (`zh`, `en`: the whole document as a string, newlines as `\n`) or, in a manifest
//! file only, as a file (`zh_file`, `en_file`, relative to the manifest's folder). `zh` is the
//! source side and `en` the target side.
//!
//! A stream ([`stream_jsonl`]) is data from elsewhere (a Spark or Hadoop map step): its records
//! carry their texts, and `zh_file`/`en_file` are refused unless the caller names a folder they
//! must stay inside ([`Files::Under`]), so whoever writes the data cannot make the tool read and
//! emit other local files.
//!
//! Output of [`stream_jsonl`], one [`BeadRecord`] per bead in document order, pairs in input order:
//!
//! ```json
//! {"id":"doc-17","bead":0,"src":[0],"tgt":[0,1],"src_text":"…","tgt_text":"…","score":0.93,"kind":"1-2","anchors":["牛油果"],"weak":false}
//! ```
//!
//! and for a record that could not be aligned, one [`ErrorRecord`] in its place:
//!
//! ```json
//! {"id":"doc-18","line":2,"error":"a/18.zh.txt: No such file or directory (os error 2)"}
//! ```

use std::collections::HashSet;
use std::io::{self, BufRead, Write};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::align::Aligner;
use crate::document::Document;
use crate::error::{Error, ErrorKind, Location, Result};
use crate::pipeline::is_weak;
use crate::pipeline::{self, AlignedDoc, Segmentation};

/// One side of a pair: a file to read, or the text itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A document on disk (UTF-8 or UTF-16 with BOM).
    File(PathBuf),
    /// The document's text.
    Text(String),
}

/// A document pair to align.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The pair's name in outputs; a relative path without `..` (it names output files).
    pub id: String,
    /// The source (Chinese) document.
    pub src: Source,
    /// The target (English) document.
    pub tgt: Source,
}

/// The pairs of a batch, and what could not be made into a pair (each an error naming where).
#[derive(Debug, Default)]
pub struct Discovery {
    /// Pairs in a stable order (sorted by id for folders, file order for manifests).
    pub pairs: Vec<Pair>,
    /// Unpaired files, bad manifest lines, duplicate ids.
    pub problems: Vec<Problem>,
}

/// Something in a batch's input that could not be made into a pair.
#[derive(Debug)]
pub struct Problem {
    /// The pair id it would have had, when one is known (an unpaired file's NAME, a duplicate id).
    pub id: Option<String>,
    /// What is wrong, and where.
    pub error: Error,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

/// Finds `NAME.zh.txt` + `NAME.en.txt` pairs under `dir`, in sub-folders too. A file with no
/// partner is a problem; the pairs are sorted by id.
pub fn discover(dir: &Path) -> Result<Discovery> {
    let mut zh = Vec::new();
    let mut en = HashSet::new();
    walk(dir, dir, &mut zh, &mut en)?;
    zh.sort();
    let mut found = Discovery::default();
    for id in &zh {
        if en.remove(id) {
            found.pairs.push(Pair {
                id: id.clone(),
                src: Source::File(dir.join(format!("{id}.zh.txt"))),
                tgt: Source::File(dir.join(format!("{id}.en.txt"))),
            });
        } else {
            let path = dir.join(format!("{id}.zh.txt"));
            let error = Error::parse(
                Location::file(&path),
                format!("no English partner (expected {})", dir.join(format!("{id}.en.txt")).display()),
            );
            found.problems.push(Problem { id: Some(id.clone()), error });
        }
    }
    let mut lonely: Vec<String> = en.into_iter().collect();
    lonely.sort();
    for id in lonely {
        let error = Error::parse(
            Location::file(dir.join(format!("{id}.en.txt"))),
            format!("no Chinese partner (expected {})", dir.join(format!("{id}.zh.txt")).display()),
        );
        found.problems.push(Problem { id: Some(id), error });
    }
    Ok(found)
}

fn walk(root: &Path, dir: &Path, zh: &mut Vec<String>, en: &mut HashSet<String>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let ty = entry.file_type().map_err(|e| Error::io(&path, e))?;
        if ty.is_dir() {
            walk(root, &path, zh, en)?;
            continue;
        }
        let Ok(rel) = path.strip_prefix(root) else { continue };
        let Some(rel) = rel.to_str() else { continue };
        let rel = rel.replace(std::path::MAIN_SEPARATOR, "/");
        if let Some(id) = rel.strip_suffix(".zh.txt") {
            zh.push(id.to_string());
        } else if let Some(id) = rel.strip_suffix(".en.txt") {
            en.insert(id.to_string());
        }
    }
    Ok(())
}

/// One input line of a JSON Lines manifest or stream (see the [module docs](self)).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The pair's name: a string or a number.
    #[serde(default)]
    pub id: Option<serde_json::Value>,
    /// The Chinese (source) text.
    #[serde(default)]
    pub zh: Option<String>,
    /// The English (target) text.
    #[serde(default)]
    pub en: Option<String>,
    /// The Chinese document's path (relative to the manifest's folder).
    #[serde(default)]
    pub zh_file: Option<PathBuf>,
    /// The English document's path.
    #[serde(default)]
    pub en_file: Option<PathBuf>,
}

impl Record {
    /// The id as text: a string as is, a number as written, the line number when missing.
    fn id(&self, line: u64) -> String {
        match &self.id {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => line.to_string(),
        }
    }
}

/// Whether a JSON Lines record may name files (`zh_file`, `en_file`), and where they may be.
#[derive(Debug, Clone, Copy)]
pub enum Files<'a> {
    /// Not at all: records carry their texts (the default for a stream).
    Refused,
    /// Anywhere, relative paths from this folder (a manifest the user wrote: its folder).
    Manifest(&'a Path),
    /// Only inside this folder (relative paths are taken from it; `..`, absolute paths and
    /// symbolic links leading out are refused).
    Under(&'a Path),
}

/// Resolves a record's file name under `files`, or says why it is refused (`None`: files are
/// refused altogether).
fn record_file(f: PathBuf, files: Files, field: &str) -> std::result::Result<PathBuf, Option<String>> {
    match files {
        Files::Refused => Err(None),
        Files::Manifest(base) => Ok(if f.is_absolute() { f } else { base.join(f) }),
        Files::Under(root) => {
            let outside =
                || format!("`{field}` {} is outside the allowed folder {}", f.display(), root.display());
            let root = std::fs::canonicalize(root).map_err(|e| Some(format!("{}: {e}", root.display())))?;
            let joined = root.join(&f);
            let real = std::fs::canonicalize(&joined).map_err(|e| Some(format!("{}: {e}", f.display())))?;
            if real.starts_with(&root) { Ok(real) } else { Err(Some(outside())) }
        }
    }
}

/// Parses one JSON Lines record at `location` (whose line is set) into a pair; file fields are
/// allowed as `files` says. Also returns the id when the record was readable but not usable.
pub fn parse_record(
    line: &str,
    location: &Location,
    files: Files,
) -> std::result::Result<Pair, (Option<String>, Error)> {
    let line_no = location.line.unwrap_or(0);
    let rec: Record = serde_json::from_str(line).map_err(|e| {
        let loc = location.clone().with_col(e.column() as u64);
        (None, Error::parse(loc, format!("not a pair record: {e}; expected {{\"id\":…,\"zh\":…,\"en\":…}}")))
    })?;
    let id = rec.id(line_no);
    let fail = |msg: String| (Some(id.clone()), Error::parse(location.clone(), msg));
    let side = |text: Option<String>, file: Option<PathBuf>, lang: &str| match (text, file) {
        (Some(t), None) => Ok(Source::Text(t)),
        (None, Some(f)) => {
            let field = format!("{lang}_file");
            record_file(f, files, &field).map(Source::File).map_err(|why| match why {
                Some(msg) => fail(msg),
                None => {
                    (Some(id.clone()), ErrorKind::FileNotAllowed { location: location.clone(), field }.into())
                }
            })
        }
        (Some(_), Some(_)) => Err(fail(format!("give `{lang}` or `{lang}_file`, not both"))),
        (None, None) => Err(fail(format!("missing `{lang}` (the text) or `{lang}_file` (its path)"))),
    };
    let src = side(rec.zh, rec.zh_file, "zh")?;
    let tgt = side(rec.en, rec.en_file, "en")?;
    check_id(&id).map_err(fail)?;
    Ok(Pair { id, src, tgt })
}

/// Checks that an id can name output files: non-empty, relative, no `.`/`..` parts.
fn check_id(id: &str) -> std::result::Result<(), String> {
    let p = Path::new(id);
    let ok = !id.is_empty()
        && !id.contains('\\')
        && !id.contains('\0')
        && p.components().all(|c| matches!(c, Component::Normal(_)))
        && !id.ends_with('/');
    if ok { Ok(()) } else { Err(format!("id `{id}` cannot name a file (use a relative name without `..`)")) }
}

/// Reads a manifest: JSON Lines when the name ends in `.jsonl`/`.ndjson`, otherwise TSV
/// (`ZH_PATH<TAB>EN_PATH[<TAB>ID]`). Relative paths are taken from the manifest's folder. Bad lines
/// and duplicate ids are problems; the good lines are used.
pub fn read_manifest(path: &Path) -> Result<Discovery> {
    let text = crate::input::read_text(path)?;
    let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let jsonl = path.extension().is_some_and(|e| e == "jsonl" || e == "ndjson");
    let mut found = Discovery::default();
    let mut seen = HashSet::new();
    for (i, line) in text.lines().enumerate() {
        let loc = Location::file(path).with_line(i as u64 + 1);
        if line.trim().is_empty() || (!jsonl && line.starts_with('#')) {
            continue;
        }
        let pair = if jsonl {
            parse_record(line, &loc, Files::Manifest(&base))
        } else {
            tsv_line(line, &loc, &base).map_err(|e| (None, e))
        };
        match pair {
            Ok(p) if !seen.insert(p.id.clone()) => {
                let error =
                    Error::parse(loc, format!("id `{}` already used above; ids name output files", p.id));
                found.problems.push(Problem { id: Some(p.id), error });
            }
            Ok(p) => found.pairs.push(p),
            Err((id, error)) => found.problems.push(Problem { id, error }),
        }
    }
    Ok(found)
}

fn tsv_line(line: &str, loc: &Location, base: &Path) -> Result<Pair> {
    let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
    if cols.len() < 2 || cols.len() > 3 || cols[..2].iter().any(|c| c.is_empty()) {
        return Err(Error::parse(
            loc.clone(),
            format!("expected `ZH_PATH<TAB>EN_PATH[<TAB>ID]`, found {} column(s)", cols.len()),
        ));
    }
    let (zh, en) = (base.join(cols[0]), base.join(cols[1]));
    let id = match cols.get(2) {
        Some(id) if !id.is_empty() => id.to_string(),
        _ => default_id(Path::new(cols[0])),
    };
    check_id(&id).map_err(|m| Error::parse(loc.clone(), m))?;
    Ok(Pair { id, src: Source::File(zh), tgt: Source::File(en) })
}

/// `a/b/x.zh.txt` → `a/b/x`; `x.txt` → `x`.
fn default_id(zh: &Path) -> String {
    let s = zh.to_string_lossy().replace('\\', "/");
    let s = s.trim_start_matches("./");
    let s = s.strip_suffix(".zh.txt").or_else(|| s.strip_suffix(".txt")).unwrap_or(s);
    s.split('/').filter(|c| !c.is_empty() && *c != "." && *c != "..").collect::<Vec<_>>().join("/")
}

/// The settings shared by every pair of a batch. `Sync`: one is shared by all workers.
#[derive(Debug, Clone)]
pub struct Batch {
    /// How documents are split into sentences.
    pub segmentation: Segmentation,
    /// The aligner (with its glossaries).
    pub aligner: Aligner,
    /// A folder of corrections files, `ID.corrections.json` per pair (see [`crate::corrections`]):
    /// a pair with one is aligned around its fixed beads; the others as usual.
    pub corrections: Option<PathBuf>,
}

impl Batch {
    /// Reads (if needed), segments and aligns one pair.
    pub fn align(&self, pair: &Pair) -> Result<AlignedDoc<'static>> {
        let read = |s: &Source, suffix: &str| -> Result<Document<'static>> {
            match s {
                Source::File(p) => Ok(self
                    .segmentation
                    .document(crate::input::read_document(p, Default::default())?)
                    .named(p)),
                Source::Text(t) => {
                    Ok(self.segmentation.document(t.clone()).named(format!("{}.{suffix}", pair.id)))
                }
            }
        };
        let (src, tgt) = (read(&pair.src, "zh")?, read(&pair.tgt, "en")?);
        pipeline::align_pair(src, tgt, &self.aligner, self.corrections_of(pair)?.as_ref())
    }

    /// The pair's corrections file, `DIR/ID.corrections.json`, when there is a folder and the file.
    pub fn corrections_of(&self, pair: &Pair) -> Result<Option<crate::corrections::Corrections>> {
        let Some(dir) = &self.corrections else { return Ok(None) };
        let path = dir.join(format!("{}.corrections.json", pair.id));
        if !path.is_file() {
            return Ok(None);
        }
        crate::corrections::Corrections::load(&path).map(Some)
    }

    /// Runs `job` on every pair in parallel, `chunk` pairs at a time, and hands each chunk's results
    /// to `sink` in input order (so output can be written in order with memory bounded by the chunk).
    /// `job` receives the pair and its alignment (or why it failed).
    pub fn run<T, J, S>(&self, pairs: &[Pair], chunk: usize, job: J, mut sink: S) -> Result<()>
    where
        T: Send,
        J: Fn(&Pair, Result<AlignedDoc<'static>>) -> T + Sync,
        S: FnMut(&Pair, T) -> Result<()>,
    {
        for part in pairs.chunks(chunk.max(1)) {
            let results: Vec<T> = part.par_iter().map(|p| job(p, self.align(p))).collect();
            for (p, r) in part.iter().zip(results) {
                sink(p, r)?;
            }
        }
        Ok(())
    }
}

/// One bead in JSON Lines output: `align --format jsonl` writes these fields, `batch` the pair `id`
/// and the bead's number in front of them.
#[derive(Debug, Clone, Serialize)]
pub struct BeadRecord<'a> {
    /// The pair's id (batch).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a str>,
    /// 0-based bead number within the pair (batch).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bead: Option<usize>,
    /// 0-based source sentence indices.
    pub src: &'a [usize],
    /// 0-based target sentence indices.
    pub tgt: &'a [usize],
    /// The source sentences' text.
    pub src_text: String,
    /// The target sentences' text.
    pub tgt_text: String,
    /// Confidence in [0, 1].
    pub score: f64,
    /// Shape, e.g. `"1-2"`.
    pub kind: String,
    /// Glossary terms anchoring the bead.
    pub anchors: &'a [String],
    /// True when the confidence is under the weak threshold.
    pub weak: bool,
    /// Why the confidence is what it is.
    pub reasons: &'a crate::align::Reasons,
}

/// A record that could not be aligned, in place of its beads.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorRecord<'a> {
    /// The pair's id, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a str>,
    /// 1-based input line.
    pub line: u64,
    /// What went wrong.
    pub error: String,
}

/// Writes every bead of `doc` as a [`BeadRecord`] line; with the pair's `id`, numbered.
pub fn write_bead_records<W: Write + ?Sized>(
    w: &mut W,
    id: Option<&str>,
    doc: &AlignedDoc,
    min_confidence: f64,
) -> io::Result<()> {
    for (i, b) in doc.alignment.beads.iter().enumerate() {
        let rec = BeadRecord {
            id,
            bead: id.map(|_| i),
            src: &b.src,
            tgt: &b.tgt,
            src_text: doc.src_text(i),
            tgt_text: doc.tgt_text(i),
            score: b.score,
            kind: b.kind(),
            anchors: &b.anchors,
            weak: is_weak(b.score, min_confidence),
            reasons: &b.reasons,
        };
        serde_json::to_writer(&mut *w, &rec)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// What [`stream_jsonl`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreamSummary {
    /// Records read (blank lines not counted).
    pub records: usize,
    /// Records that could not be aligned (each written as an [`ErrorRecord`]).
    pub failed: usize,
    /// Beads written.
    pub beads: usize,
    /// Of which weak.
    pub weak: usize,
}

/// Streaming mode: reads [`Record`]s from `input` (`name` is used in messages), aligns them in
/// parallel `chunk` records at a time, and writes [`BeadRecord`]s (or an [`ErrorRecord`] for a
/// record that fails) to `output` in input order. `on_error` hears about each failed record and
/// returns the message its error record carries (e.g. the error with advice for the user;
/// `|e| e.to_string()` for the error as it is).
/// Only reading the input or writing the output can fail the whole stream.
#[allow(clippy::too_many_arguments)]
pub fn stream_jsonl<R: BufRead, W: Write>(
    batch: &Batch,
    files: Files,
    mut input: R,
    name: &Path,
    output: &mut W,
    min_confidence: f64,
    chunk: usize,
    on_error: &(dyn Fn(&Error) -> String + Sync),
) -> Result<StreamSummary> {
    let mut summary = StreamSummary::default();
    let mut line_no = 0u64;
    let mut buf = Vec::new();
    loop {
        // Read up to `chunk` records; a line that is not UTF-8 becomes a failed record.
        let mut lines: Vec<(u64, std::result::Result<String, Error>)> = Vec::with_capacity(chunk);
        let mut eof = false;
        while lines.len() < chunk.max(1) {
            buf.clear();
            let n = input.read_until(b'\n', &mut buf).map_err(|e| Error::io(name, e))?;
            if n == 0 {
                eof = true;
                break;
            }
            line_no += 1;
            let bytes =
                if line_no == 1 { buf.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(&buf) } else { &buf };
            match std::str::from_utf8(bytes) {
                Ok(t) if t.trim().is_empty() => {}
                Ok(t) => lines.push((line_no, Ok(t.to_string()))),
                Err(_) => lines.push((
                    line_no,
                    Err(Error::parse(
                        Location::file(name).with_line(line_no),
                        "invalid UTF-8; JSON Lines input must be UTF-8",
                    )),
                )),
            }
        }
        let outs: Vec<(Vec<u8>, bool, usize, usize)> = lines
            .into_par_iter()
            .map(|(n, line)| {
                let loc = Location::file(name).with_line(n);
                let mut out = Vec::new();
                let (text, aligned) = match line {
                    Ok(line) => {
                        let r = parse_record(line.trim_end(), &loc, files);
                        (Some(line), r)
                    }
                    Err(e) => (None, Err((None, e))),
                };
                let aligned = aligned.and_then(|p| batch.align(&p).map(|d| (p, d)).map_err(|e| (None, e)));
                match aligned {
                    Ok((pair, doc)) => {
                        write_bead_records(&mut out, Some(&pair.id), &doc, min_confidence)
                            .expect("writing to memory");
                        let weak =
                            doc.alignment.beads.iter().filter(|b| is_weak(b.score, min_confidence)).count();
                        (out, true, doc.alignment.beads.len(), weak)
                    }
                    Err((id, err)) => {
                        let error = on_error(&err);
                        let id = id.or_else(|| text.as_deref().and_then(id_of));
                        let rec = ErrorRecord { id: id.as_deref(), line: n, error };
                        serde_json::to_writer(&mut out, &rec).expect("writing to memory");
                        out.push(b'\n');
                        (out, false, 0, 0)
                    }
                }
            })
            .collect();
        for (bytes, ok, beads, weak) in outs {
            summary.records += 1;
            summary.failed += usize::from(!ok);
            summary.beads += beads;
            summary.weak += weak;
            output.write_all(&bytes).map_err(|e| Error::io("-", e))?;
        }
        // Let each chunk reach the next stage of a pipeline as soon as it is done.
        output.flush().map_err(|e| Error::io("-", e))?;
        if eof {
            return Ok(summary);
        }
    }
}

/// The id of a record whose sides were fine but whose alignment failed, re-read from the line.
fn id_of(line: &str) -> Option<String> {
    let rec: Record = serde_json::from_str(line.trim_end()).ok()?;
    rec.id.map(|v| match v {
        serde_json::Value::String(s) => s,
        v => v.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::AlignerBuilder;

    fn batch() -> Batch {
        Batch {
            segmentation: Segmentation::Presegmented,
            aligner: AlignerBuilder::new().build(),
            corrections: None,
        }
    }

    #[test]
    fn discovers_pairs_in_subfolders_and_reports_orphans() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("sub")).unwrap();
        for f in
            ["b.zh.txt", "b.en.txt", "a.zh.txt", "a.en.txt", "sub/c.zh.txt", "sub/c.en.txt", "lone.zh.txt"]
        {
            std::fs::write(d.join(f), "x\n").unwrap();
        }
        std::fs::write(d.join("other.en.txt"), "x\n").unwrap();
        std::fs::write(d.join("readme.txt"), "x\n").unwrap();
        let found = discover(d).unwrap();
        let ids: Vec<&str> = found.pairs.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "sub/c"]);
        assert_eq!(found.pairs[2].src, Source::File(d.join("sub/c.zh.txt")));
        let problems: Vec<String> = found.problems.iter().map(|e| e.to_string()).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("lone.zh.txt: no English partner"), "{problems:?}");
        assert!(problems[1].contains("other.en.txt: no Chinese partner"), "{problems:?}");
        let ids: Vec<Option<&str>> = found.problems.iter().map(|p| p.id.as_deref()).collect();
        assert_eq!(ids, [Some("lone"), Some("other")]);
    }

    #[test]
    fn tsv_manifest_paths_ids_and_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let m = dir.path().join("list.tsv");
        std::fs::write(
            &m,
            "# comment\nx/a.zh.txt\tx/a.en.txt\nb.zh\tb.en\tmy-b\nonly-one-column\n\
             c.zh\tc.en\t../escape\nx/a.zh.txt\tx/a.en.txt\n",
        )
        .unwrap();
        let found = read_manifest(&m).unwrap();
        assert_eq!(found.pairs.len(), 2);
        assert_eq!(found.pairs[0].id, "x/a");
        assert_eq!(found.pairs[0].src, Source::File(dir.path().join("x/a.zh.txt")));
        assert_eq!(found.pairs[1].id, "my-b");
        let problems: Vec<String> = found.problems.iter().map(|e| e.to_string()).collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("list.tsv:4: expected `ZH_PATH<TAB>EN_PATH[<TAB>ID]`"), "{problems:?}");
        assert!(problems[1].contains("list.tsv:5: id `../escape` cannot name a file"), "{problems:?}");
        assert!(problems[2].contains("list.tsv:6: id `x/a` already used"), "{problems:?}");
    }

    #[test]
    fn jsonl_records_inline_and_files() {
        let loc = Location::file("m.jsonl").with_line(3);
        let p = parse_record(r#"{"id":7,"zh":"一。","en":"One."}"#, &loc, Files::Refused).unwrap();
        assert_eq!((p.id.as_str(), &p.src), ("7", &Source::Text("一。".into())));
        let p = parse_record(
            r#"{"zh_file":"a.zh","en_file":"/abs/a.en"}"#,
            &loc,
            Files::Manifest(Path::new("base")),
        )
        .unwrap();
        assert_eq!(p.id, "3");
        assert_eq!(p.src, Source::File(PathBuf::from("base/a.zh")));
        assert_eq!(p.tgt, Source::File(PathBuf::from("/abs/a.en")));
        let (id, e) =
            parse_record(r#"{"id":"k","zh":"x"}"#, &loc, Files::Manifest(Path::new(""))).unwrap_err();
        assert_eq!(id.as_deref(), Some("k"));
        assert!(e.to_string().starts_with("m.jsonl:3: missing `en`"), "{e}");
        let (_, e) = parse_record(
            r#"{"id":"k","zh":"x","zh_file":"y","en":""}"#,
            &loc,
            Files::Manifest(Path::new("")),
        )
        .unwrap_err();
        assert!(e.to_string().contains("not both"), "{e}");
        let (id, e) = parse_record("{oops", &loc, Files::Manifest(Path::new(""))).unwrap_err();
        assert!(id.is_none() && e.to_string().starts_with("m.jsonl:3:2: not a pair record"), "{e}");
        let (_, e) = parse_record(r#"{"zh":"a","en":"b","lang":"x"}"#, &loc, Files::Manifest(Path::new("")))
            .unwrap_err();
        assert!(e.to_string().contains("unknown field `lang`"), "{e}");
    }

    #[test]
    fn stream_records_cannot_read_files_unless_allowed_and_then_only_inside() {
        let loc = Location::file("-").with_line(1);
        for rec in [r#"{"zh_file":"/etc/passwd","en":"x"}"#, r#"{"zh":"x","en_file":"../secret"}"#] {
            let (_, e) = parse_record(rec, &loc, Files::Refused).unwrap_err();
            assert!(
                matches!(e.kind(), ErrorKind::FileNotAllowed { field, .. } if field.ends_with("_file")),
                "{e}"
            );
            // The library names no flag of the command.
            assert!(
                e.to_string().contains("is not read from a stream") && !e.to_string().contains("--"),
                "{e}"
            );
        }
        let dir = tempfile::tempdir().unwrap();
        let allowed = dir.path().join("docs");
        std::fs::create_dir(&allowed).unwrap();
        std::fs::write(allowed.join("a.zh.txt"), "一。").unwrap();
        std::fs::write(dir.path().join("secret"), "no").unwrap();
        let ok = parse_record(r#"{"zh_file":"a.zh.txt","en":"One."}"#, &loc, Files::Under(&allowed)).unwrap();
        assert!(matches!(ok.src, Source::File(_)));
        for rec in [r#"{"zh_file":"../secret","en":"x"}"#, r#"{"zh_file":"/etc/passwd","en":"x"}"#] {
            let (_, e) = parse_record(rec, &loc, Files::Under(&allowed)).unwrap_err();
            assert!(e.to_string().contains("outside the allowed folder"), "{e}");
        }
    }

    #[test]
    fn run_keeps_order_and_isolates_failures() {
        let dir = tempfile::tempdir().unwrap();
        let pairs: Vec<Pair> = (0..20)
            .map(|i| Pair {
                id: i.to_string(),
                src: if i == 5 {
                    Source::File(dir.path().join("missing"))
                } else {
                    Source::Text(format!("{i}。\n"))
                },
                tgt: Source::Text(format!("{i}.\n")),
            })
            .collect();
        let mut seen = Vec::new();
        batch()
            .run(
                &pairs,
                3,
                |_, r| r.map(|d| d.src_text(0)).map_err(|e| e.to_string()),
                |p, r| {
                    seen.push((p.id.clone(), r));
                    Ok(())
                },
            )
            .unwrap();
        assert_eq!(seen.len(), 20);
        for (i, (id, r)) in seen.iter().enumerate() {
            assert_eq!(id, &i.to_string());
            if i == 5 {
                assert!(r.as_ref().unwrap_err().contains("missing"));
            } else {
                assert_eq!(r.as_deref().unwrap(), format!("{i}。"));
            }
        }
    }

    #[test]
    fn stream_writes_beads_in_order_and_error_records() {
        let input = "{\"id\":\"a\",\"zh\":\"一。\\n二。\",\"en\":\"One.\\nTwo.\"}\n\n\
                     not json\n{\"id\":\"c\",\"zh\":\"三。\",\"en\":\"Three.\"}\n";
        let mut out = Vec::new();
        let errors = std::sync::Mutex::new(Vec::new());
        let s = stream_jsonl(
            &batch(),
            Files::Refused,
            input.as_bytes(),
            Path::new("-"),
            &mut out,
            0.5,
            2,
            &|e| {
                errors.lock().unwrap().push(e.to_string());
                format!("said: {e}")
            },
        )
        .unwrap();
        assert_eq!(s, StreamSummary { records: 3, failed: 1, beads: 3, weak: 0 });
        let lines: Vec<serde_json::Value> =
            String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0]["id"], "a");
        assert_eq!(lines[0]["bead"], 0);
        assert_eq!(lines[1]["src_text"], "二。");
        assert_eq!(lines[1]["tgt_text"], "Two.");
        assert_eq!(lines[2]["line"], 3);
        // The error record carries what `on_error` made of the error.
        assert!(lines[2]["error"].as_str().unwrap().starts_with("said: -:3:2: not a pair record"));
        assert_eq!(lines[3]["id"], "c");
        assert_eq!(errors.lock().unwrap().len(), 1);
    }

    #[test]
    fn stream_reports_invalid_utf8_and_goes_on() {
        let mut out = Vec::new();
        let input = &b"\xEF\xBB\xBF{\"zh\":\"\",\"en\":\"\"}\n\xff\n{\"zh\":\"a\",\"en\":\"b\"}"[..];
        let s = stream_jsonl(&batch(), Files::Refused, input, Path::new("-"), &mut out, 0.5, 8, &|e| {
            e.to_string()
        })
        .unwrap();
        assert_eq!(s, StreamSummary { records: 3, failed: 1, beads: 1, weak: 0 });
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out.lines().next().unwrap(),
            r#"{"line":2,"error":"-:2: invalid UTF-8; JSON Lines input must be UTF-8"}"#
        );
        assert!(out.lines().nth(1).unwrap().starts_with(r#"{"id":"3","bead":0,"#), "{out}");
    }

    #[test]
    fn default_ids() {
        assert_eq!(default_id(Path::new("./a/b.zh.txt")), "a/b");
        assert_eq!(default_id(Path::new("../x.txt")), "x");
        assert_eq!(default_id(Path::new("doc")), "doc");
    }
}
