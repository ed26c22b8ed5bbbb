//! Alignment speed at 1k, 10k and 40k sentences per side.
//!
//! Long pairs are built by concatenating the seed corpus (corpora/meta-avocado, gold segmentation)
//! with synthetic parallel text generated here (a fixed pseudo-random mix of phrase pairs, with
//! 1-2 and 2-1 splits and some untranslated sentences), so the input grows without repeating one
//! short document only. `cargo bench --bench align`; the 40k case also runs as
//! `cargo bench --bench align -- --profile 40000` for `/usr/bin/time -v` (see BENCHMARKS.md).

use criterion::{BenchmarkId, Criterion, criterion_group};
use hanalign::align::AlignerBuilder;

const PHRASES: &[(&str, &str)] = &[
    ("研究人员", "the researchers"),
    ("发布了", "released"),
    ("新模型", "a new model"),
    ("在北京", "in Beijing"),
    ("昨天", "yesterday"),
    ("公司", "the company"),
    ("宣布", "announced"),
    ("计划", "a plan"),
    ("市场", "the market"),
    ("投资者", "investors"),
    ("担心", "worried about"),
    ("价格", "prices"),
    ("上涨", "rising"),
    ("政府", "the government"),
    ("支持", "supported"),
    ("学生", "the students"),
    ("学习", "studied"),
    ("历史", "history"),
    ("医生", "the doctor"),
    ("建议", "recommended"),
    ("休息", "rest"),
    ("天气", "the weather"),
    ("很冷", "was cold"),
    ("工程师", "the engineers"),
    ("设计了", "designed"),
    ("望远镜", "a telescope"),
    ("城市", "the city"),
    ("建设", "built"),
    ("铁路", "a railway"),
];

/// A deterministic parallel text of about `n` Chinese sentences.
fn synthetic(n: usize, seed: u64) -> (Vec<String>, Vec<String>) {
    let mut x = seed;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let (mut zh, mut en) = (Vec::new(), Vec::new());
    for i in 0..n {
        let k = 3 + (next() % 6) as usize;
        let picks: Vec<usize> = (0..k).map(|_| (next() % PHRASES.len() as u64) as usize).collect();
        let num = next() % 1_000_000;
        let z: String = picks.iter().map(|&p| PHRASES[p].0).collect::<String>();
        let e: Vec<&str> = picks.iter().map(|&p| PHRASES[p].1).collect();
        match next() % 10 {
            0 => {
                // one Chinese sentence, two English ones
                let (a, b) = e.split_at(e.len() / 2);
                zh.push(format!("{z}，共{num}个。"));
                en.push(format!("{}.", cap(&a.join(" "))));
                en.push(format!("{} — {num} in all.", cap(&b.join(" "))));
            }
            1 if i > 0 => {
                // two Chinese sentences, one English
                zh.push(format!("{z}。"));
                zh.push(format!("总共{num}个。"));
                en.push(format!("{}, {num} in all.", cap(&e.join(" "))));
            }
            2 => zh.push(format!("（第{i}页）")),
            _ => {
                zh.push(format!("{z}，{num}。"));
                en.push(format!("{}, {num}.", cap(&e.join(" "))));
            }
        }
    }
    (zh, en)
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn seed() -> (Vec<String>, Vec<String>) {
    let read = |p: &str| -> Vec<String> {
        std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with("!["))
            .map(str::to_string)
            .collect()
    };
    (read("corpora/meta-avocado/zh.sentences.txt"), read("corpora/meta-avocado/en.sentences.txt"))
}

/// At least `n` Chinese sentences: the seed, then a synthetic chunk, then the seed again, … (whole
/// chunks, so both sides end together).
fn long_pair(n: usize) -> (Vec<String>, Vec<String>) {
    let (sz, se) = seed();
    let (mut zh, mut en) = (Vec::new(), Vec::new());
    let mut chunk = 0;
    while zh.len() < n {
        zh.extend(sz.iter().cloned());
        en.extend(se.iter().cloned());
        let (z, e) = synthetic(if n <= 1000 { 100 } else { 900 }, 0x9E3779B97F4A7C15 ^ chunk);
        zh.extend(z);
        en.extend(e);
        chunk += 1;
    }
    (zh, en)
}

fn bench(c: &mut Criterion) {
    let aligner = AlignerBuilder::new().build();
    let mut g = c.benchmark_group("align");
    g.sample_size(10);
    for n in [1_000, 10_000, 40_000] {
        let (zh, en) = long_pair(n);
        let z: Vec<&str> = zh.iter().map(String::as_str).collect();
        let e: Vec<&str> = en.iter().map(String::as_str).collect();
        // warm the lexicon outside the measurement
        let _ = aligner.align(&z[..10], &e[..10], None, None);
        g.bench_with_input(BenchmarkId::new("sentences", format!("{}x{}", z.len(), e.len())), &(), |b, _| {
            b.iter(|| aligner.align(&z, &e, None, None))
        });
    }
    g.finish();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--profile") {
        // one run for /usr/bin/time -v
        let n: usize = args.get(i + 1).and_then(|x| x.parse().ok()).unwrap_or(40_000);
        let (zh, en) = long_pair(n);
        let z: Vec<&str> = zh.iter().map(String::as_str).collect();
        let e: Vec<&str> = en.iter().map(String::as_str).collect();
        let t = std::time::Instant::now();
        let a = AlignerBuilder::new().build().align(&z, &e, None, None);
        eprintln!(
            "{}x{} sentences: {} beads in {:.2?} (lexicon load included)",
            z.len(),
            e.len(),
            a.beads.len(),
            t.elapsed()
        );
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}

criterion_group!(benches, bench);
