//! Segmentation throughput on real prose, with two baselines measured in the same run:
//! unicode-segmentation's UAX #29 sentence bounds and ICU4X's `icu_segmenter`.
//!
//! Data: `target/bench-data/{en,zh}.txt` (≥ 5 MB each); create them with
//! `benches/prepare-data.sh` (see benches/README.md). Run: `cargo bench --bench segment`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hanalign::segment::{Lang, SegmenterBuilder};
use icu_segmenter::SentenceSegmenter;
use icu_segmenter::options::SentenceBreakInvariantOptions;
use unicode_segmentation::UnicodeSegmentation;

fn load(name: &str) -> Option<String> {
    let path = format!("{}/target/bench-data/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(_) => {
            eprintln!("{path} is missing: run benches/prepare-data.sh first (see benches/README.md)");
            None
        }
    }
}

fn segmentation(c: &mut Criterion) {
    for (lang, rules) in [("en", Lang::En), ("zh", Lang::Zh)] {
        let Some(text) = load(lang) else { continue };
        let text = text.as_str();
        let mut g = c.benchmark_group(format!("segment/{lang}"));
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));

        let auto = SegmenterBuilder::new().build();
        let fixed = SegmenterBuilder::new().lang(rules).build();
        g.bench_function("hanalign (sentences with text, --lang auto)", |b| {
            b.iter(|| black_box(auto.segment(text)).len())
        });
        g.bench_function(format!("hanalign (spans only, --lang {lang})"), |b| {
            b.iter(|| black_box(fixed.spans(text)).len())
        });
        g.bench_function("unicode-segmentation (UAX #29)", |b| {
            b.iter(|| black_box(text).split_sentence_bound_indices().count())
        });
        let icu = SentenceSegmenter::new(SentenceBreakInvariantOptions::default());
        g.bench_function("icu_segmenter (UAX #29)", |b| b.iter(|| icu.segment_str(black_box(text)).count()));
        g.finish();
    }
}

criterion_group!(benches, segmentation);
criterion_main!(benches);
