//! TMX speed on the seed corpus's sentences (77 pairs, repeated to 7,700 units with x- props):
//! write, read and validate, each beside a naive baseline (a format!-and-escape writer; a bare
//! quick-xml event loop that interprets nothing).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hanalign::tmx::{self, Meta, Prop, Tmx, Tu};

fn memory() -> Tmx {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/meta-avocado");
    let read = |name: &str| -> Vec<String> {
        std::fs::read_to_string(root.join(name))
            .expect("seed corpus")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with("![]"))
            .map(str::to_string)
            .collect()
    };
    let (zh, en) = (read("zh.sentences.txt"), read("en.sentences.txt"));
    let mut t = Tmx::new("zh-TW");
    for copy in 0..100 {
        for (z, e) in zh.iter().zip(&en) {
            let mut tu = Tu::pair("zh-TW", &format!("{z}{copy}"), "en-US", &format!("{e} {copy}"));
            tu.meta.push(Meta::Prop(Prop::new("x-confidence", "0.9731")));
            tu.meta.push(Meta::Prop(Prop::new("x-bead", "1-1")));
            tu.meta.push(Meta::Prop(Prop::new("x-src-doc", "corpora/meta-avocado/zh.txt")));
            t.tus.push(tu);
        }
    }
    t
}

/// The naive way: format! strings with quick-xml's escape, no control-character handling.
fn naive_write(t: &Tmx) -> String {
    use quick_xml::escape::escape;
    let mut s =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header/><body>\n");
    for tu in &t.tus {
        s.push_str("<tu>");
        for p in tu.props() {
            s.push_str(&format!("<prop type=\"{}\">{}</prop>", escape(p.kind()), escape(p.value.as_str())));
        }
        for v in &tu.tuvs {
            let text = v.text();
            s.push_str(&format!(
                "<tuv xml:lang=\"{}\"><seg>{}</seg></tuv>",
                escape(v.lang().unwrap_or("")),
                escape(text.as_str())
            ));
        }
        s.push_str("</tu>\n");
    }
    s.push_str("</body></tmx>\n");
    s
}

fn naive_read(bytes: &[u8]) -> usize {
    let mut r = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut n = 0;
    loop {
        match r.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) | Err(_) => break,
            Ok(_) => n += 1,
        }
        buf.clear();
    }
    n
}

fn bench(c: &mut Criterion) {
    let t = memory();
    let mut bytes = Vec::new();
    tmx::write(&t, &mut bytes).unwrap();
    let mut g = c.benchmark_group("tmx");
    g.sample_size(20);
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("write (hanalign)", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(bytes.len());
            tmx::write(black_box(&t), &mut out).unwrap();
            out
        })
    });
    g.bench_function("write (naive format!)", |b| b.iter(|| naive_write(black_box(&t))));
    g.bench_function("read (hanalign, lossless model)", |b| {
        b.iter(|| tmx::read_bytes(black_box(&bytes), Path::new("bench.tmx")).unwrap())
    });
    g.bench_function("read (bare quick-xml events)", |b| b.iter(|| naive_read(black_box(&bytes))));
    g.bench_function("validate (hanalign)", |b| {
        b.iter(|| tmx::validate_bytes(black_box(&bytes), Path::new("bench.tmx")))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
