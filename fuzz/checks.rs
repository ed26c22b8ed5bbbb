//! The properties the fuzz targets check, one function per target. Shared by the cargo-fuzz
//! targets (`fuzz_targets/*.rs`, nightly) and by `tests/integration/fuzz_replay.rs`, which runs every seed and
//! every crash ever found (`fuzz/seeds/NAME/`, `fuzz/crashes/NAME/`) on stable, in CI.

use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use hanalign::batch::{self, Files, Source};
use hanalign::glossary::{self, Format};

/// One target's check.
pub type Check = fn(&[u8]);

/// The checks by target name.
pub const TARGETS: [(&str, Check); 5] = [
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

/// A small pair aligned with the built-in lexicon: no panic, beads cover both sides in order,
/// confidences in [0, 1], and the time stays within a budget (quadratic cases show up as
/// timeouts; libFuzzer's `-timeout` is the sharper budget when fuzzing).
pub fn align_small(data: &[u8]) {
    static ALIGNER: OnceLock<hanalign::align::Aligner> = OnceLock::new();
    let aligner = ALIGNER.get_or_init(|| hanalign::align::AlignerBuilder::new().build());
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
