//! One renderer per output format, shared by `align` (one pair) and `batch` (a file per pair, or
//! one merged file whose rows carry the pair's id). TMX is written by `hanalign::tmx`.

use std::io::{self, Write};

use hanalign::batch::write_bead_records;
use hanalign::escape::tsv_field;
use hanalign::pipeline::AlignedDoc;

/// `source<TAB>target<TAB>score` per bead (texts escaped with [`tsv_field`]); with `id`, the
/// pair's id in a first column.
pub fn tsv<W: Write + ?Sized>(w: &mut W, doc: &AlignedDoc, id: Option<&str>) -> io::Result<()> {
    for (i, b) in doc.alignment.beads.iter().enumerate() {
        let (s, t) = (doc.src_text(i), doc.tgt_text(i));
        let (s, t) = (tsv_field(&s), tsv_field(&t));
        match id {
            Some(id) => writeln!(w, "{}\t{s}\t{t}\t{:.4}", tsv_field(id), b.score)?,
            None => writeln!(w, "{s}\t{t}\t{:.4}", b.score)?,
        }
    }
    Ok(())
}

/// `[i,j]:[k]:score` per bead: 0-based sentence indices without spaces, source first (the beads
/// format of `../shared/eval/align-mac-dev`).
pub fn beads<W: Write + ?Sized>(w: &mut W, doc: &AlignedDoc) -> io::Result<()> {
    for b in &doc.alignment.beads {
        writeln!(w, "{}:{}:{:.4}", index_list(&b.src), index_list(&b.tgt), b.score)?;
    }
    Ok(())
}

/// One JSON object per bead ([`hanalign::batch::BeadRecord`]); with `id`, the pair's id and the
/// bead's number in each.
pub fn jsonl<W: Write + ?Sized>(
    w: &mut W,
    doc: &AlignedDoc,
    id: Option<&str>,
    min_confidence: f64,
) -> io::Result<()> {
    write_bead_records(w, id, doc, min_confidence)
}

fn index_list(v: &[usize]) -> String {
    let items: Vec<String> = v.iter().map(|i| i.to_string()).collect();
    format!("[{}]", items.join(","))
}
