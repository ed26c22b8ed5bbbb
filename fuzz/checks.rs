//! The properties the fuzz targets check, one function per target. Shared by the cargo-fuzz
//! targets (`fuzz_targets/*.rs`, nightly) and by `tests/integration/fuzz_replay.rs`, which runs every seed and
//! every crash ever found (`fuzz/seeds/NAME/`, `fuzz/crashes/NAME/`) on stable, in CI.

use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use hanalign::batch::{self, Files, Source};
use hanalign::glossary::{self, Format};
use hanalign::input::{InputFormat, extract};
use hanalign::segment::{Lang, SegmenterBuilder};
use hanalign::tmx::{self, TmxReader};

/// One target's check.
pub type Check = fn(&[u8]);

/// The checks by target name.
pub const TARGETS: [(&str, Check); 11] = [
    ("tmx_read", tmx_read),
    ("tmx_stream", tmx_stream),
    ("segment", segment),
    ("read_docx", read_docx),
    ("read_html", read_html),
    ("read_markdown", read_markdown),
    ("glossary_tsv", glossary_tsv),
    ("glossary_csv", glossary_csv),
    ("glossary_tbx", glossary_tbx),
    ("jsonl_record", jsonl_record),
    ("align_small", align_small),
];

/// Reading never panics and names the file in every message; what was read writes to text that
/// reads back and writes again identically (write → read → write is a fixed point).
fn glossary_round_trip(data: &[u8], read_as: Format, write_as: Format) {
    let path = Path::new("fuzz.in");
    let text =
        hanalign::input::decode(data, path).unwrap_or_else(|_| String::from_utf8_lossy(data).into_owned());
    let g = match glossary::read_str(&text, read_as, path) {
        Ok((g, diags)) => {
            for d in diags {
                assert!(d.to_string().starts_with("fuzz.in"), "{d}");
            }
            g
        }
        Err(e) => {
            assert!(e.to_string().starts_with("fuzz.in"), "{e}");
            return;
        }
    };
    let mut first = Vec::new();
    glossary::write(&g, write_as, &mut first).expect("writing to memory");
    let first_text = String::from_utf8(first).expect("the writers write UTF-8");
    let (back, diags) = glossary::read_str(&first_text, write_as, Path::new("again"))
        .unwrap_or_else(|e| panic!("hanalign cannot read its own {write_as:?}: {e}\n{first_text}"));
    assert!(diags.is_empty(), "its own {write_as:?} has problems: {diags:?}\n{first_text}");
    let mut second = Vec::new();
    glossary::write(&back, write_as, &mut second).expect("writing to memory");
    assert_eq!(first_text, String::from_utf8(second).unwrap(), "write → read → write changed the text");
}

/// OmegaT TSV, read and written.
pub fn glossary_tsv(data: &[u8]) {
    glossary_round_trip(data, Format::Tsv, Format::Tsv);
}

/// CSV, read and written.
pub fn glossary_csv(data: &[u8]) {
    glossary_round_trip(data, Format::Csv, Format::Csv);
}

/// TBX, read as v2 and written as v2 and TBX-Basic.
pub fn glossary_tbx(data: &[u8]) {
    glossary_round_trip(data, Format::Tbx2, Format::Tbx2);
    glossary_round_trip(data, Format::Tbx2, Format::TbxBasic);
}

/// Every line parsed as a stream record: no panic, errors name the stream, and a stream record
/// never names a file to read (issue 13: data must not make the tool read local files).
pub fn jsonl_record(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for (i, line) in text.lines().enumerate() {
        let loc = hanalign::error::Location::file("-").with_line(i as u64 + 1);
        match batch::parse_record(line, &loc, Files::Refused) {
            Ok(pair) => {
                assert!(matches!(pair.src, Source::Text(_)) && matches!(pair.tgt, Source::Text(_)));
            }
            Err((_, e)) => assert!(e.to_string().starts_with("-:"), "{e}"),
        }
    }
}

/// The aligner `align_small` uses, built once per process. The fuzz target builds it in
/// libFuzzer's init (`LLVMFuzzerInitialize`), outside the per-input `-timeout`: the build (the
/// built-in lexicon) is not what is fuzzed, and on a busy machine at `nice -n 19` it took longer
/// than any sensible per-input budget.
pub fn align_small_aligner() -> &'static hanalign::align::Aligner {
    static ALIGNER: OnceLock<hanalign::align::Aligner> = OnceLock::new();
    ALIGNER.get_or_init(|| hanalign::align::AlignerBuilder::new().build())
}

/// A small pair aligned with the built-in lexicon: no panic, beads cover both sides in order,
/// confidences in [0, 1], and the time stays within a budget (quadratic cases show up as
/// timeouts; libFuzzer's `-timeout` is the sharper budget when fuzzing).
pub fn align_small(data: &[u8]) {
    let aligner = align_small_aligner();
    let data = &data[..data.len().min(8192)];
    let cut = data.iter().position(|&b| b == 0).unwrap_or(data.len() / 2);
    let zh = String::from_utf8_lossy(&data[..cut]).into_owned();
    let en = String::from_utf8_lossy(&data[(cut + 1).min(data.len())..]).into_owned();
    let seg = hanalign::pipeline::Segmentation::Segment(
        hanalign::segment::SegmenterBuilder::new().lang(hanalign::segment::Lang::Auto).build(),
    );
    let start = Instant::now();
    let (src, tgt, alignment) = hanalign::pipeline::align_texts(&zh, &en, &seg, aligner);
    assert!(start.elapsed() < Duration::from_secs(20), "{} bytes took {:?}", data.len(), start.elapsed());
    let (mut i, mut j) = (0, 0);
    for b in &alignment.beads {
        assert!((0.0..=1.0).contains(&b.score), "score {}", b.score);
        for &s in &b.src {
            assert_eq!(s, i, "source sentences in order");
            i += 1;
        }
        for &t in &b.tgt {
            assert_eq!(t, j, "target sentences in order");
            j += 1;
        }
    }
    assert_eq!((i, j), (src.len(), tgt.len()), "every sentence in a bead");
}

/// The TMX reader and validator never panic on any bytes, and whatever the reader accepts writes
/// back to bytes that read and write again identically (write → read → write is a fixed point).
pub fn tmx_read(data: &[u8]) {
    let path = Path::new("fuzz.tmx");
    let _ = tmx::validate_bytes(data, path);
    if let Ok(doc) = tmx::read_bytes(data, path) {
        let mut first = Vec::new();
        tmx::write(&doc, &mut first).expect("writing to memory");
        let again = tmx::read_bytes(&first, path).expect("hanalign reads its own output");
        let mut second = Vec::new();
        tmx::write(&again, &mut second).expect("writing to memory");
        assert_eq!(first, second, "write → read → write changed the bytes");
    }
}

/// Hands out 1 to 7 bytes per read, the size taken from the data itself.
struct Trickle<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let rest = &self.data[self.pos..];
        let n = (1 + rest.first().map_or(0, |b| (*b % 7) as usize)).min(rest.len()).min(out.len());
        out[..n].copy_from_slice(&rest[..n]);
        self.pos += n;
        Ok(n)
    }
}

/// The streaming TMX reader and validator fed in tiny, uneven reads (so every character, control
/// and reference can fall across a read boundary) never panic, and agree with reading the same
/// bytes whole: the same units, or the same error at the same line and column; and the validator
/// gives the same findings either way.
pub fn tmx_stream(data: &[u8]) {
    let path = Path::new("fuzz.tmx");
    let whole = tmx::read_bytes(data, path);
    let streamed = TmxReader::from_read(Box::new(Trickle { data, pos: 0 }), path).and_then(|r| r.into_tmx());
    match (&whole, &streamed) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "streaming and whole reads differ"),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "different errors"),
        _ => panic!("one read failed, the other did not: {whole:?} / {streamed:?}"),
    }
    // The validator too: the same findings (controls, bad bytes, structure) at the same places.
    let whole: Vec<String> = tmx::validate_bytes(data, path).iter().map(|f| f.to_string()).collect();
    let mut streamed = Vec::new();
    tmx::validate_reader(Box::new(Trickle { data, pos: 0 }), path, &mut |f| streamed.push(f));
    streamed.sort_by_key(|f| (f.location.line, f.location.col));
    let streamed: Vec<String> = streamed.iter().map(|f| f.to_string()).collect();
    assert_eq!(whole, streamed, "streaming and whole validation differ");
}

/// No panic on any input, and the span invariants hold: the bytes are decoded as the CLI does
/// (BOM, UTF-16), then segmented with every setting; spans are in order, trimmed, and cover every
/// non-blank character.
pub fn segment(data: &[u8]) {
    // Inputs the decoder refuses (with an error) still exercise the segmenter, lossily decoded.
    let text = hanalign::input::decode(data, Path::new("fuzz"))
        .unwrap_or_else(|_| String::from_utf8_lossy(data).into_owned());
    for lang in [Lang::Auto, Lang::Zh, Lang::En] {
        for wrapped in [false, true] {
            let units = SegmenterBuilder::new().lang(lang).wrapped(wrapped).build().segment(&text);
            let mut covered = 0;
            let mut last = 0;
            for u in &units {
                assert!(last <= u.start && u.start < u.end && u.end <= text.len());
                assert_eq!(text[u.start..u.end].trim(), &text[u.start..u.end]);
                covered += text[u.start..u.end].chars().filter(|c| !c.is_whitespace()).count();
                last = u.end;
            }
            assert_eq!(
                covered,
                text.chars().filter(|c| !c.is_whitespace()).count(),
                "non-blank text not covered"
            );
        }
    }
}

/// No panic and no hang on any input to a document reader: it returns text or an error naming
/// the file, and text re-segments without panicking.
fn read_document(data: &[u8], format: InputFormat) {
    match extract(data, Path::new("fuzz.in"), format) {
        Ok(text) => {
            let _ = SegmenterBuilder::new().build().segment(&text);
        }
        Err(e) => assert!(e.to_string().starts_with("fuzz.in"), "{e}"),
    }
}

/// The .docx reader.
pub fn read_docx(data: &[u8]) {
    read_document(data, InputFormat::Docx);
}

/// The HTML reader.
pub fn read_html(data: &[u8]) {
    read_document(data, InputFormat::Html);
}

/// The Markdown reader.
pub fn read_markdown(data: &[u8]) {
    read_document(data, InputFormat::Markdown);
}
