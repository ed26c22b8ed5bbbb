//! Alignment speed on real document pairs only, one core (the aligner is single-threaded).
//!
//! | case | pair | where it is read from |
//! | --- | --- | --- |
//! | `seed` | the seed article, gold sentences (84 × 77) | `corpora/meta-avocado/*.sentences.txt` |
//! | `mac-dev` | the 6 MAC-Dev chapters concatenated (1,463 × 1,951) | `../shared/eval/mac-dev/{zh,en}/` |
//! | `long-dev` | the Debian Reference en/zh-CN pair (7.4k × 8.4k) | `~/.cache/hanalign-eval/debian-reference/` |
//! | `long-N` | the long-dev pair repeated, cut at a paragraph, to N Chinese sentences | the same |
//!
//! The long-dev pair is built by `../shared/eval/align-long-dev` (its cache folder can be moved
//! with `HANALIGN_EVAL_CACHE`); its paragraphs correspond one to one, so the pair can be cut after
//! any paragraph and repeated to any length (`long-5000` … `long-40000`). It is segmented here as
//! the harness segments it (`--lang zh`/`en`, markup units dropped) and aligned without paragraph
//! marks, as the harness aligns it. Data that is absent is skipped with a message; nothing from
//! `../shared` or the cache is ever copied into the repository.
//!
//! `cargo bench --bench align` runs criterion on every case present (`-- CASE` to pick some);
//! `benches/align-scaling.sh` runs each case once under `/usr/bin/time` for wall time and peak
//! memory and fits the growth exponent (the bench binary's `--once CASE` mode).

use std::path::{Path, PathBuf};

use criterion::{BenchmarkId, Criterion, SamplingMode};
use hanalign::align::AlignerBuilder;
use hanalign::segment::{Lang, SegmenterBuilder, UnitKind};

/// Sizes of the `long-N` series (Chinese sentences).
const SERIES: [usize; 4] = [5_000, 10_000, 20_000, 40_000];

/// A sentence-aligned-by-paragraph document pair.
struct Pair {
    zh: Vec<String>,
    en: Vec<String>,
}

/// One paragraph's sentences on each side (Chinese, English).
type Paragraph = (Vec<String>, Vec<String>);

fn lines(path: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with("![")).map(str::to_string).collect())
}

fn seed() -> Result<Pair, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/meta-avocado");
    Ok(Pair { zh: lines(&dir.join("zh.sentences.txt"))?, en: lines(&dir.join("en.sentences.txt"))? })
}

fn mac_dev() -> Result<Pair, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/mac-dev");
    let mut p = Pair { zh: Vec::new(), en: Vec::new() };
    for n in 1..=6 {
        p.zh.extend(lines(&dir.join(format!("zh/{n:03}.zh")))?);
        p.en.extend(lines(&dir.join(format!("en/{n:03}.en")))?);
    }
    Ok(p)
}

fn cache() -> PathBuf {
    let base = std::env::var_os("HANALIGN_EVAL_CACHE").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/hanalign-eval")
    });
    base.join("debian-reference")
}

/// The long-dev pair as paragraphs of sentences (paragraph k of one side is paragraph k of the other).
fn long_dev_paragraphs() -> Result<Vec<Paragraph>, String> {
    let dir = cache();
    let side = |name: &str, lang: Lang| -> Result<Vec<Vec<String>>, String> {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            format!(
                "{}: {e} (build it with `../shared/eval/align-long-dev target/release/hanalign`)",
                path.display()
            )
        })?;
        let mut paras: Vec<Vec<String>> = Vec::new();
        for s in SegmenterBuilder::new().lang(lang).build().segment(&text) {
            let t = s.text.replace('\n', " ");
            if s.kind == UnitKind::Markup || t.trim().is_empty() {
                continue;
            }
            paras.resize_with(paras.len().max(s.paragraph + 1), Vec::new);
            paras[s.paragraph].push(t.trim().to_string());
        }
        Ok(paras)
    };
    let (mut zh, mut en) = (side("zh.txt", Lang::Zh)?, side("en.txt", Lang::En)?);
    // a last paragraph of markup only on one side
    let n = zh.len().max(en.len());
    zh.resize_with(n, Vec::new);
    en.resize_with(n, Vec::new);
    Ok(zh.into_iter().zip(en).collect())
}

fn long_dev() -> Result<Pair, String> {
    let mut p = Pair { zh: Vec::new(), en: Vec::new() };
    for (z, e) in long_dev_paragraphs()? {
        p.zh.extend(z);
        p.en.extend(e);
    }
    Ok(p)
}

/// The long-dev pair repeated paragraph by paragraph until the Chinese side has `n` sentences.
fn long(n: usize) -> Result<Pair, String> {
    let paras = long_dev_paragraphs()?;
    let mut p = Pair { zh: Vec::new(), en: Vec::new() };
    for (z, e) in paras.iter().cycle() {
        if p.zh.len() >= n {
            break;
        }
        p.zh.extend(z.iter().cloned());
        p.en.extend(e.iter().cloned());
    }
    Ok(p)
}

fn cases() -> Vec<String> {
    let mut c: Vec<String> = ["seed", "mac-dev", "long-dev"].map(String::from).into();
    c.extend(SERIES.iter().map(|n| format!("long-{n}")));
    c
}

fn load(case: &str) -> Result<Pair, String> {
    match case {
        "seed" => seed(),
        "mac-dev" => mac_dev(),
        "long-dev" => long_dev(),
        _ => match case.strip_prefix("long-").and_then(|n| n.parse().ok()) {
            Some(n) => long(n),
            None => Err(format!("unknown case {case}; the cases are {}", cases().join(", "))),
        },
    }
}

fn bench(c: &mut Criterion, filter: &[String]) {
    let aligner = AlignerBuilder::new().build();
    let mut g = c.benchmark_group("align");
    g.sample_size(10).sampling_mode(SamplingMode::Flat);
    for case in cases() {
        if !filter.is_empty() && !filter.iter().any(|f| case.contains(f.as_str())) {
            continue;
        }
        let pair = match load(&case) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("align/{case}: skipped: {e}");
                continue;
            }
        };
        let z: Vec<&str> = pair.zh.iter().map(String::as_str).collect();
        let e: Vec<&str> = pair.en.iter().map(String::as_str).collect();
        // the embedded lexicon is a view made on first use: make it outside the measurement
        let _ = aligner.align(&z[..10], &e[..10], None, None);
        g.bench_with_input(BenchmarkId::new(&case, format!("{}x{}", z.len(), e.len())), &(), |b, _| {
            b.iter(|| aligner.align(&z, &e, None, None))
        });
    }
    g.finish();
}

/// CPU time (user + system) this process has used so far, in seconds (Linux, 10 ms ticks; 0
/// elsewhere): on a shared machine the align step's CPU time is steadier than its wall time.
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // fields after the command name (which is in parentheses and may hold spaces)
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of stat(5), 12 and 13 after the name
    (ticks(11) + ticks(12)) / 100.0
}

/// Peak resident memory of this process so far, in KiB (Linux; 0 elsewhere).
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).unwrap_or("0 kB");
    field.trim().trim_end_matches("kB").trim().parse().unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--once") {
        // one alignment, for /usr/bin/time (benches/align-scaling.sh)
        let case = args.get(i + 1).map_or("long-40000", String::as_str);
        let pair = match load(case) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("align/{case}: skipped: {e}");
                std::process::exit(3);
            }
        };
        let z: Vec<&str> = pair.zh.iter().map(String::as_str).collect();
        let e: Vec<&str> = pair.en.iter().map(String::as_str).collect();
        let before = peak_kib();
        let (t, cpu) = (std::time::Instant::now(), cpu_secs());
        let a = AlignerBuilder::new().build().align(&z, &e, None, None);
        let (secs, cpu) = (t.elapsed().as_secs_f64(), cpu_secs() - cpu);
        // case, sizes, beads, align wall and CPU seconds, peak KiB before aligning, peak KiB after
        println!(
            "{case}\t{}\t{}\t{}\t{secs:.3}\t{cpu:.2}\t{before}\t{}",
            z.len(),
            e.len(),
            a.beads.len(),
            peak_kib()
        );
        return;
    }
    // criterion's own flags (--bench, --save-baseline …) pass through; plain words pick cases
    let filter: Vec<String> = args.iter().filter(|a| !a.starts_with('-')).cloned().collect();
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c, &filter);
    c.final_summary();
}
