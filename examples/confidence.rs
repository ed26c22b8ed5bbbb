//! Fits and checks the aligner's confidence model (`hanalign::align::Calibration`), and measures
//! how omissions come out.
//!
//! ```text
//! cargo run --release --example confidence -- fit-omission [--trials N]  # the omission model
//! cargo run --release --example confidence -- fit [--trials N]       # fit, held-out reliability table
//! cargo run --release --example confidence -- omission [--trials N]  # deletion trials, all documents
//! ```
//!
//! Data, read at run time and never copied: the seed pair (`corpora/meta-avocado`, with its
//! glossary) and, when `../shared/eval/mac-dev` exists, the six MAC-Dev chapters. `fit` also makes
//! synthetic omissions (one target or one source sentence of a gold 1-1 bead deleted) so the model
//! sees what an untranslated sentence looks like, keeping the beads near each deletion.
//!
//! `fit` prints the reliability table on held-out documents (leave one document out: the model that
//! scores a document's beads was fitted on the others), then the constants fitted on everything, as
//! Rust, for `Calibration::default()`.

// matrix and table code indexes several arrays by the same counter
#![allow(clippy::needless_range_loop)]

use std::path::{Path, PathBuf};

use hanalign::align::{Aligner, AlignerBuilder, Bead, Calibration, Params, eval};

struct Doc {
    name: String,
    zh: Vec<String>,
    en: Vec<String>,
    zh_para: Option<Vec<usize>>,
    en_para: Option<Vec<usize>>,
    gold: Vec<eval::Pair>,
    glossary: bool,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The seed pair's gold units (markup dropped) and the paragraph each comes from.
fn text_units(units: &Path, original: &Path) -> (Vec<String>, Vec<usize>) {
    let doc = read(original);
    let mut pos = 0;
    let mut out = (Vec::new(), Vec::new());
    for unit in read(units).lines().filter(|l| !l.trim().is_empty()) {
        let at = pos + doc[pos..].find(unit).unwrap_or_else(|| panic!("{unit:?} in {}", original.display()));
        pos = at + unit.len();
        if unit.trim_start().starts_with("![") {
            continue;
        }
        out.0.push(unit.to_string());
        out.1.push(doc[..at].matches('\n').count());
    }
    out
}

fn docs() -> Vec<Doc> {
    let seed = root().join("corpora/meta-avocado");
    let (zh, zp) = text_units(&seed.join("zh.sentences.txt"), &seed.join("zh.txt"));
    let (en, ep) = text_units(&seed.join("en.sentences.txt"), &seed.join("en.txt"));
    let gold = eval::parse(&read(&seed.join("gold.align"))).unwrap();
    let mut out =
        vec![Doc { name: "seed".into(), zh, en, zh_para: Some(zp), en_para: Some(ep), gold, glossary: true }];
    let mac = root().join("../shared/eval/mac-dev");
    if let Ok(dir) = std::fs::read_dir(mac.join("gold")) {
        let mut names: Vec<String> = dir
            .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".align").map(String::from))
            .collect();
        names.sort();
        for n in names {
            let lines = |p: PathBuf| read(&p).lines().map(String::from).collect::<Vec<_>>();
            out.push(Doc {
                zh: lines(mac.join(format!("zh/{n}.zh"))),
                en: lines(mac.join(format!("en/{n}.en"))),
                gold: eval::parse(&read(&mac.join(format!("gold/{n}.align")))).unwrap(),
                name: format!("mac-dev/{n}"),
                zh_para: None,
                en_para: None,
                glossary: false,
            });
        }
    }
    out
}

fn aligner(glossary: bool, params: Params) -> Aligner {
    let mut b = AlignerBuilder::new();
    if glossary {
        let (g, _) = hanalign::glossary::load(&root().join("glossary/ai-industry.tsv")).unwrap();
        b.glossary(g);
    }
    b.params(params).build()
}

/// A document with one sentence deleted (`tgt` side or source side), the gold remapped, and the
/// counterpart sentence (other side) that now has none.
struct Trial {
    zh: Vec<String>,
    en: Vec<String>,
    zh_para: Option<Vec<usize>>,
    en_para: Option<Vec<usize>>,
    gold: Vec<eval::Pair>,
    /// The orphan: (is it a source sentence, its index after the deletion).
    orphan: (bool, usize),
}

fn delete(doc: &Doc, target_side: bool, bead: usize) -> Trial {
    let (s, t) = (&doc.gold[bead].0, &doc.gold[bead].1);
    let (del, orphan) = if target_side { (t[0], (true, s[0])) } else { (s[0], (false, t[0])) };
    let drop = |v: &[String], side: bool| -> Vec<String> {
        v.iter()
            .enumerate()
            .filter(|&(i, _)| side != target_side || i != del)
            .map(|(_, x)| x.clone())
            .collect()
    };
    let dropp = |v: &Option<Vec<usize>>, side: bool| -> Option<Vec<usize>> {
        v.as_ref().map(|v| {
            v.iter().enumerate().filter(|&(i, _)| side != target_side || i != del).map(|(_, x)| *x).collect()
        })
    };
    let fix = |v: &[usize], side: bool| -> Vec<usize> {
        v.iter()
            .filter(|&&i| side != target_side || i != del)
            .map(|&i| if side == target_side && i > del { i - 1 } else { i })
            .collect()
    };
    let mut gold = Vec::new();
    for (k, (a, b)) in doc.gold.iter().enumerate() {
        if k == bead {
            if target_side {
                gold.push((a.clone(), vec![]));
            } else {
                gold.push((vec![], fix(b, true)));
            }
        } else {
            gold.push((fix(a, false), fix(b, true)));
        }
    }
    Trial {
        zh: drop(&doc.zh, false),
        en: drop(&doc.en, true),
        zh_para: dropp(&doc.zh_para, false),
        en_para: dropp(&doc.en_para, true),
        gold,
        orphan,
    }
}

fn run(
    aligner: &Aligner,
    zh: &[String],
    en: &[String],
    zp: &Option<Vec<usize>>,
    ep: &Option<Vec<usize>>,
) -> Vec<Bead> {
    let z: Vec<&str> = zh.iter().map(String::as_str).collect();
    let e: Vec<&str> = en.iter().map(String::as_str).collect();
    aligner.align(&z, &e, zp.as_deref(), ep.as_deref()).beads
}

/// Gold 1-1 beads to delete from, a fixed sample of at most `n` (every k-th).
fn sample(doc: &Doc, n: usize) -> Vec<usize> {
    let ones: Vec<usize> =
        (0..doc.gold.len()).filter(|&k| doc.gold[k].0.len() == 1 && doc.gold[k].1.len() == 1).collect();
    let step = ones.len().div_ceil(n.max(1)).max(1);
    ones.into_iter().step_by(step).collect()
}

/// One labelled bead: its document, shape, features and whether it is in the gold.
struct Row {
    doc: usize,
    gap: bool,
    x: Vec<f64>,
    right: bool,
}

fn rows_of(doc: usize, beads: &[Bead], gold: &[eval::Pair], near: Option<(bool, usize)>, out: &mut Vec<Row>) {
    for b in beads {
        if let Some((src, i)) = near {
            let idx = if src { &b.src } else { &b.tgt };
            let close = idx.iter().any(|&j| j + 4 >= i && j <= i + 4);
            if !close {
                continue;
            }
        }
        let right = gold.iter().any(|(s, t)| *s == b.src && *t == b.tgt);
        let (a, c) = (b.src.len(), b.tgt.len());
        let gap = a == 0 || c == 0;
        let x = if gap {
            Calibration::gap_features(&b.reasons).to_vec()
        } else {
            Calibration::pair_features(&b.reasons, a, c).to_vec()
        };
        out.push(Row { doc, gap, x, right });
    }
}

/// The omission model's rows: every split candidate of every merged bead (near the orphan, in a
/// trial), right when the gold has its sentence alone.
fn omission_rows(
    doc: usize,
    beads: &[Bead],
    gold: &[eval::Pair],
    near: Option<(bool, usize)>,
    out: &mut Vec<Row>,
) {
    for b in beads {
        let Some(u) = &b.reasons.untranslated else { continue };
        for &(target, i, x) in &u.candidates {
            if let Some((src, j)) = near {
                let idx = if src { &b.src } else { &b.tgt };
                if !idx.iter().any(|&k| k + 4 >= j && k <= j + 4) {
                    continue;
                }
            }
            let right = gold.iter().any(|(s, t)| {
                if target { s.is_empty() && t == &vec![i] } else { t.is_empty() && s == &vec![i] }
            });
            out.push(Row { doc, gap: false, x: x.to_vec(), right });
        }
    }
}

/// Logistic regression by Newton's method with an L2 penalty `lambda` (not on the bias).
fn fit(rows: &[&Row], lambda: f64) -> Vec<f64> {
    let d = rows.first().map_or(1, |r| r.x.len());
    let mut w = vec![0.0; d];
    for _ in 0..50 {
        let mut g = vec![0.0; d];
        let mut h = vec![vec![0.0; d]; d];
        for r in rows {
            let z: f64 = r.x.iter().zip(&w).map(|(x, w)| x * w).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let y = if r.right { 1.0 } else { 0.0 };
            for i in 0..d {
                g[i] += (p - y) * r.x[i];
                for j in 0..d {
                    h[i][j] += p * (1.0 - p) * r.x[i] * r.x[j];
                }
            }
        }
        for i in 1..d {
            g[i] += lambda * w[i];
            h[i][i] += lambda;
        }
        for (i, row) in h.iter_mut().enumerate() {
            row[i] += 1e-9;
        }
        let step = solve(h, g);
        let mut change = 0.0;
        for i in 0..d {
            w[i] -= step[i];
            change += step[i].abs();
        }
        if change < 1e-8 {
            break;
        }
    }
    w
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for c in 0..n {
        let p = (c..n).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs())).unwrap_or(c);
        a.swap(c, p);
        b.swap(c, p);
        let d = a[c][c];
        if d.abs() < 1e-12 {
            continue;
        }
        for r in 0..n {
            if r != c {
                let f = a[r][c] / d;
                for k in c..n {
                    a[r][k] -= f * a[c][k];
                }
                b[r] -= f * b[c];
            }
        }
    }
    (0..n).map(|i| if a[i][i].abs() < 1e-12 { 0.0 } else { b[i] / a[i][i] }).collect()
}

fn predict(w: &[f64], x: &[f64]) -> f64 {
    let z: f64 = x.iter().zip(w).map(|(x, w)| x * w).sum();
    1.0 / (1.0 + (-z).exp())
}

fn table(title: &str, preds: &[(f64, bool)]) {
    println!("\n{title}: {} beads", preds.len());
    println!("| confidence | beads | exactly right | mean confidence |");
    println!("| --- | ---: | ---: | ---: |");
    for k in 0..10 {
        let (lo, hi) = (k as f64 / 10.0, (k + 1) as f64 / 10.0);
        let inb: Vec<&(f64, bool)> =
            preds.iter().filter(|(p, _)| *p >= lo && (*p < hi || (k == 9 && *p <= 1.0))).collect();
        if inb.is_empty() {
            println!("| {lo:.1}–{hi:.1} | 0 | – | – |");
            continue;
        }
        let right = inb.iter().filter(|(_, r)| *r).count() as f64 / inb.len() as f64;
        let mean = inb.iter().map(|(p, _)| p).sum::<f64>() / inb.len() as f64;
        println!("| {lo:.1}–{hi:.1} | {} | {:.3} | {mean:.3} |", inb.len(), right);
    }
    let brier =
        preds.iter().map(|(p, r)| (p - if *r { 1.0 } else { 0.0 }).powi(2)).sum::<f64>() / preds.len() as f64;
    let ece: f64 = (0..10)
        .map(|k| {
            let inb: Vec<&(f64, bool)> =
                preds.iter().filter(|(p, _)| ((p * 10.0) as usize).min(9) == k).collect();
            if inb.is_empty() {
                return 0.0;
            }
            let acc = inb.iter().filter(|(_, r)| *r).count() as f64 / inb.len() as f64;
            let mean = inb.iter().map(|(p, _)| p).sum::<f64>() / inb.len() as f64;
            (acc - mean).abs() * inb.len() as f64
        })
        .sum::<f64>()
        / preds.len() as f64;
    for t in [0.3, 0.4, 0.5, 0.6, 0.7] {
        let weak: Vec<&(f64, bool)> = preds.iter().filter(|(p, _)| *p < t).collect();
        let strong: Vec<&(f64, bool)> = preds.iter().filter(|(p, _)| *p >= t).collect();
        let wrong_weak = weak.iter().filter(|(_, r)| !*r).count();
        let wrong_all = preds.iter().filter(|(_, r)| !*r).count();
        let right_strong = strong.iter().filter(|(_, r)| *r).count();
        println!(
            "threshold {t}: {} weak, of which wrong {:.3}; catches {:.3} of the wrong beads; \
             not-weak beads right {:.3}",
            weak.len(),
            wrong_weak as f64 / weak.len().max(1) as f64,
            wrong_weak as f64 / wrong_all.max(1) as f64,
            right_strong as f64 / strong.len().max(1) as f64
        );
    }
    println!("Brier {brier:.4}, expected calibration error {ece:.4}");
}

fn arg(args: &[String], name: &str, default: usize) -> usize {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args.first().map(String::as_str).unwrap_or("fit");
    let docs = docs();
    eprintln!(
        "{} documents: {}",
        docs.len(),
        docs.iter().map(|d| d.name.as_str()).collect::<Vec<_>>().join(", ")
    );
    let mut params = Params::default();
    if let Some(i) = args.iter().position(|a| a == "--calibration") {
        params.confidence = args.get(i + 1).and_then(|c| Calibration::parse(c)).expect("--calibration P;G");
    }
    if let Some(i) = args.iter().position(|a| a == "--split-above") {
        params.confidence.split_above =
            args.get(i + 1).and_then(|x| x.parse().ok()).expect("--split-above P");
    }
    if args.iter().any(|a| a == "--no-split") {
        params.confidence.split_omissions = false;
    }
    match mode {
        "fit" => {
            let trials = arg(&args, "--trials", 30);
            let mut rows = Vec::new();
            for (k, doc) in docs.iter().enumerate() {
                let al = aligner(doc.glossary, params);
                let beads = run(&al, &doc.zh, &doc.en, &doc.zh_para, &doc.en_para);
                rows_of(k, &beads, &doc.gold, None, &mut rows);
                for target in [true, false] {
                    for b in sample(doc, trials) {
                        let t = delete(doc, target, b);
                        let beads = run(&al, &t.zh, &t.en, &t.zh_para, &t.en_para);
                        rows_of(k, &beads, &t.gold, Some(t.orphan), &mut rows);
                    }
                }
                eprintln!("{}: {} rows so far", doc.name, rows.len());
            }
            let lambda = 1.0;
            let mut held = Vec::new();
            let mut held_natural = Vec::new();
            for k in 0..docs.len() {
                for gap in [false, true] {
                    let train: Vec<&Row> = rows.iter().filter(|r| r.doc != k && r.gap == gap).collect();
                    if train.is_empty() {
                        continue;
                    }
                    let w = fit(&train, lambda);
                    for r in rows.iter().filter(|r| r.doc == k && r.gap == gap) {
                        held.push((predict(&w, &r.x), r.right));
                    }
                }
            }
            // the natural beads only (no synthetic deletion): first rows of each document
            let mut seen_doc = vec![0usize; docs.len()];
            let _ = &mut seen_doc;
            for k in 0..docs.len() {
                let al = aligner(docs[k].glossary, params);
                let beads = run(&al, &docs[k].zh, &docs[k].en, &docs[k].zh_para, &docs[k].en_para);
                let mut nat = Vec::new();
                rows_of(k, &beads, &docs[k].gold, None, &mut nat);
                for gap in [false, true] {
                    let train: Vec<&Row> = rows.iter().filter(|r| r.doc != k && r.gap == gap).collect();
                    if train.is_empty() {
                        continue;
                    }
                    let w = fit(&train, lambda);
                    for r in nat.iter().filter(|r| r.gap == gap) {
                        held_natural.push((predict(&w, &r.x), r.right));
                    }
                }
            }
            table("held out (leave one document out), natural beads", &held_natural);
            table("held out, natural beads and the beads near synthetic omissions", &held);
            let pair: Vec<&Row> = rows.iter().filter(|r| !r.gap).collect();
            let gap: Vec<&Row> = rows.iter().filter(|r| r.gap).collect();
            let wp = fit(&pair, lambda);
            let wg = fit(&gap, lambda);
            let f = |w: &[f64]| w.iter().map(|x| format!("{x:.3}")).collect::<Vec<_>>().join(", ");
            println!("\nfitted on all ({} paired, {} gap rows):", pair.len(), gap.len());
            println!("Calibration {{ pair: [{}], gap: [{}] }}", f(&wp), f(&wg));
            println!("--calibration '{};{}'", f(&wp), f(&wg));
        }
        "omission" => {
            let trials = arg(&args, "--trials", 200);
            let min = hanalign::report::DEFAULT_MIN_CONFIDENCE;
            for target in [true, false] {
                let (mut found, mut total, mut kept, mut kept_total) = (0usize, 0usize, 0usize, 0usize);
                for doc in &docs {
                    let al = aligner(doc.glossary, params);
                    let base = run(&al, &doc.zh, &doc.en, &doc.zh_para, &doc.en_para);
                    let (mut f, mut n) = (0, 0);
                    for b in sample(doc, trials) {
                        let t = delete(doc, target, b);
                        let beads = run(&al, &t.zh, &t.en, &t.zh_para, &t.en_para);
                        let (src, i) = t.orphan;
                        let bead =
                            beads.iter().find(|b| if src { b.src.contains(&i) } else { b.tgt.contains(&i) });
                        if bead.is_some_and(|b| b.is_gap() || hanalign::report::is_weak(b.score, min)) {
                            f += 1;
                        }
                        n += 1;
                        // untouched beads: gold beads (other than the one deleted from) that the
                        // undeleted alignment got right must stay right
                        let was_right: Vec<usize> = (0..doc.gold.len())
                            .filter(|&k| {
                                k != b
                                    && base.iter().any(|x| x.src == doc.gold[k].0 && x.tgt == doc.gold[k].1)
                            })
                            .collect();
                        for k in was_right {
                            kept_total += 1;
                            if beads.iter().any(|x| x.src == t.gold[k].0 && x.tgt == t.gold[k].1) {
                                kept += 1;
                            }
                        }
                    }
                    println!(
                        "{} sentence deleted, {}: counterpart 1-0/0-1 or weak in {f} of {n} ({:.1}%)",
                        if target { "target" } else { "source" },
                        doc.name,
                        100.0 * f as f64 / n.max(1) as f64
                    );
                    found += f;
                    total += n;
                }
                println!(
                    "{} sentence deleted, all: {found} of {total} ({:.1}%); untouched beads still right {:.2}%",
                    if target { "target" } else { "source" },
                    100.0 * found as f64 / total.max(1) as f64,
                    100.0 * kept as f64 / kept_total.max(1) as f64
                );
            }
        }
        "fit-omission" => {
            let trials = arg(&args, "--trials", 30);
            params.confidence.split_omissions = false;
            let mut rows = Vec::new();
            let (mut orphans, mut candidates) = (0usize, 0usize);
            for (k, doc) in docs.iter().enumerate() {
                let al = aligner(doc.glossary, params);
                let beads = run(&al, &doc.zh, &doc.en, &doc.zh_para, &doc.en_para);
                omission_rows(k, &beads, &doc.gold, None, &mut rows);
                for target in [true, false] {
                    for b in sample(doc, trials) {
                        let t = delete(doc, target, b);
                        let beads = run(&al, &t.zh, &t.en, &t.zh_para, &t.en_para);
                        orphans += 1;
                        let (src, i) = t.orphan;
                        let holds = |b: &&Bead| if src { b.src.contains(&i) } else { b.tgt.contains(&i) };
                        if beads.iter().find(holds).is_some_and(|b| {
                            b.reasons
                                .untranslated
                                .as_ref()
                                .is_some_and(|u| u.candidates.iter().any(|c| c.0 != src && c.1 == i))
                        }) {
                            candidates += 1;
                        }
                        omission_rows(k, &beads, &t.gold, Some(t.orphan), &mut rows);
                    }
                }
                eprintln!("{}: {} rows so far", doc.name, rows.len());
            }
            println!(
                "orphans at an edge of a merged bead (a split candidate): {candidates} of {orphans} \
                 ({:.1}%)",
                100.0 * candidates as f64 / orphans.max(1) as f64
            );
            let lambda = 1.0;
            let mut held = Vec::new();
            for k in 0..docs.len() {
                let train: Vec<&Row> = rows.iter().filter(|r| r.doc != k).collect();
                let w = fit(&train, lambda);
                for r in rows.iter().filter(|r| r.doc == k) {
                    held.push((predict(&w, &r.x), r.right));
                }
            }
            table("omission model, held out (leave one document out), candidates", &held);
            for t in [0.3, 0.4, 0.5, 0.6, 0.7] {
                let split: Vec<&(f64, bool)> = held.iter().filter(|(p, _)| *p > t).collect();
                let good = split.iter().filter(|(_, r)| *r).count();
                let pos = held.iter().filter(|(_, r)| *r).count();
                println!(
                    "split above {t}: {} splits, {good} right (precision {:.3}, recall {:.3})",
                    split.len(),
                    good as f64 / split.len().max(1) as f64,
                    good as f64 / pos.max(1) as f64
                );
            }
            let all: Vec<&Row> = rows.iter().collect();
            let w = fit(&all, lambda);
            let f = |w: &[f64]| w.iter().map(|x| format!("{x:.3}")).collect::<Vec<_>>().join(", ");
            println!("\nfitted on all ({} candidates): omission: [{}]", rows.len(), f(&w));
        }
        other => {
            eprintln!("unknown mode {other:?}: fit, fit-omission or omission");
            std::process::exit(2);
        }
    }
}
