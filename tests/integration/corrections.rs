//! `--corrections`: fixed beads are kept and the stretches between them re-aligned (issue 10).
//!
//! The derailment test: the seed pair with one English paragraph dropped, aligned without the
//! lexicon (numbers, Latin words and lengths only), goes wrong for a stretch around the gap. The
//! translator's loop — set the first wrong bead of the stretch right, re-align with the corrections —
//! repairs the stretch with fewer fixes than it had wrong beads: each fix repairs what follows.

use std::collections::HashSet;
use std::path::Path;

use crate::util::bin;
use hanalign::align::AlignerBuilder;
use hanalign::corrections::{Corrections, DocRef, FixedBead, Status};
use hanalign::pipeline::{self, Segmentation};
use hanalign::segment::{Lang, SegmenterBuilder};

type Shape = (Vec<usize>, Vec<usize>);

fn gold() -> Vec<Shape> {
    let text = std::fs::read_to_string("corpora/meta-avocado/gold.align").unwrap();
    let list = |s: &str| -> Vec<usize> {
        s.trim_matches(|c| c == '[' || c == ']')
            .split(',')
            .filter(|x| !x.is_empty())
            .map(|x| x.parse().unwrap())
            .collect()
    };
    text.lines()
        .map(|l| {
            let mut it = l.split(':');
            (list(it.next().unwrap()), list(it.next().unwrap()))
        })
        .collect()
}

/// Half-open ranges of a bead list, as a corrections file writes them.
fn ranges(beads: &[Shape]) -> Vec<([usize; 2], [usize; 2])> {
    let (mut s, mut t) = (0, 0);
    beads
        .iter()
        .map(|(a, b)| {
            let rs = a.first().map_or([s, s], |&x| [x, a.last().unwrap() + 1]);
            let rt = b.first().map_or([t, t], |&x| [x, b.last().unwrap() + 1]);
            (s, t) = (rs[1], rt[1]);
            (rs, rt)
        })
        .collect()
}

#[test]
fn one_fix_repairs_a_derailed_stretch() {
    let seg = Segmentation::Segment(SegmenterBuilder::new().lang(Lang::Auto).build());
    let zh = std::fs::read_to_string("corpora/meta-avocado/zh.txt").unwrap();
    let en = std::fs::read_to_string("corpora/meta-avocado/en.txt").unwrap();
    // Drop the English paragraph on line 9 (4 sentences) from the translation.
    let dropped_line = 8;
    let lines: Vec<&str> = en.split('\n').collect();
    let line_start: usize = lines[..dropped_line].iter().map(|l| l.len() + 1).sum();
    let line_end = line_start + lines[dropped_line].len();
    let en_cut = format!("{}{}", &en[..line_start], &en[line_end + 1..]);

    // The gold alignment of the cut pair: the dropped English sentences disappear (their Chinese
    // become 1-0 beads), later English indices move up.
    let aligner = AlignerBuilder::new().no_lexicon().build();
    let (_, en_all, _) = pipeline::align_texts(&zh, &en, &seg, &aligner);
    let dropped: HashSet<usize> = (0..en_all.len())
        .filter(|&j| (line_start..line_end).contains(&en_all.spans()[j].range.start))
        .collect();

    let new_index = |j: usize| j - dropped.iter().filter(|&&d| d < j).count();
    let mut want: Vec<Shape> = Vec::new();
    for (a, b) in gold() {
        let kept: Vec<usize> = b.iter().filter(|j| !dropped.contains(j)).map(|&j| new_index(j)).collect();
        if kept.is_empty() && !b.is_empty() {
            want.extend(a.iter().map(|&i| (vec![i], vec![])));
        } else {
            want.push((a, kept));
        }
    }
    let right: HashSet<Shape> = want.iter().cloned().collect();

    let (src, tgt, plain) = pipeline::align_texts(&zh, &en_cut, &seg, &aligner);
    let shapes = |a: &hanalign::align::Alignment| -> Vec<Shape> {
        a.beads.iter().map(|b| (b.src.clone(), b.tgt.clone())).collect()
    };
    let before = shapes(&plain);
    let first_wrong = before.iter().position(|b| !right.contains(b)).expect("the cut pair derails");
    // The derailed stretch: from the first wrong bead to where the plain alignment is right again
    // for good (three right beads in a row).
    let r_before = ranges(&before);
    let resync = (first_wrong..before.len().saturating_sub(2))
        .find(|&i| (i..i + 3).all(|k| right.contains(&before[k])))
        .unwrap_or(before.len());
    let stretch = r_before[first_wrong].0[0]..r_before.get(resync).map_or(src.len(), |r| r.0[0]);
    let wrong_in = |v: &[Shape]| -> Vec<usize> {
        let r = ranges(v);
        (0..v.len()).filter(|&i| stretch.contains(&r[i].0[0]) && !right.contains(&v[i])).collect()
    };
    let outside = |v: &[Shape]| {
        let r = ranges(v);
        (0..v.len()).filter(|&i| !stretch.contains(&r[i].0[0]) && !right.contains(&v[i])).count()
    };
    let wrong_stretch_before = wrong_in(&before).len();

    // The translator's loop: fix the first wrong bead of the stretch (set the gold bead that starts at
    // its Chinese sentence), re-align with the corrections, look again.
    let gold_ranges = ranges(&want);
    let mut c = Corrections::new(DocRef::of("zh.txt", &src), DocRef::of("en-cut.txt", &tgt));
    let mut current = before.clone();
    let mut history = vec![wrong_stretch_before];
    while let Some(&i) = wrong_in(&current).first() {
        assert!(c.beads.len() < 4, "still wrong after {} fixes: {current:?}", c.beads.len());
        let start = ranges(&current)[i].0[0];
        let g = gold_ranges.iter().position(|(rs, _)| rs[0] == start && rs[1] > rs[0]).unwrap();
        let (fs, ft) = gold_ranges[g];
        c.beads.push(FixedBead { src: fs, tgt: ft, status: Status::Edited });
        c.beads.sort_by_key(|b| (b.src[0], b.tgt[0]));
        let (_, _, fixed) = pipeline::align_texts_corrected(&zh, &en_cut, &seg, &aligner, &c).unwrap();
        current = shapes(&fixed);
        assert!(current.contains(&want[g]), "the fixed bead is kept");
        history.push(wrong_in(&current).len());
    }
    let changed = current.iter().filter(|b| !before.contains(b)).count();
    println!(
        "derailment: English line {} dropped ({} sentences); {} beads; stretch of Chinese sentences {:?}: \
         wrong beads {} (after each fix: {:?}); {} fix(es), {changed} beads changed; wrong outside the \
         stretch {} -> {}",
        dropped_line + 1,
        dropped.len(),
        before.len(),
        stretch,
        wrong_stretch_before,
        &history[1..],
        c.beads.len(),
        outside(&before),
        outside(&current),
    );
    assert!(wrong_stretch_before >= 4, "the stretch was derailed ({wrong_stretch_before} wrong beads)");
    // The first fix repairs beads beyond itself; all the fixes together fewer than were wrong.
    assert!(history[1] + 2 <= wrong_stretch_before, "{history:?}");
    assert!(c.beads.len() < wrong_stretch_before, "{history:?}");
    assert!(outside(&current) <= outside(&before), "nothing outside the stretch gets worse");
}

#[test]
fn cli_keeps_the_fixed_beads_and_refuses_other_documents() {
    let dir = tempfile::tempdir().unwrap();
    let zh = dir.path().join("zh.txt");
    let en = dir.path().join("en.txt");
    std::fs::write(&zh, "他看到了望远镜。\n天线在暮色中一字排开。\n风很大。\n我们回家了。\n").unwrap();
    std::fs::write(&en, "He saw the telescope.\nThe antennas stood in a row in the dusk.\nWe went home.\n")
        .unwrap();
    let sents = |p: &Path| hanalign::Document::presegmented(std::fs::read_to_string(p).unwrap());
    let mut c = Corrections::new(DocRef::of("zh.txt", &sents(&zh)), DocRef::of("en.txt", &sents(&en)));
    // 风很大 has no counterpart; the telescope bead is confirmed.
    c.beads.push(FixedBead { src: [0, 1], tgt: [0, 1], status: Status::Confirmed });
    c.beads.push(FixedBead { src: [2, 3], tgt: [2, 2], status: Status::Edited });
    let cfile = dir.path().join("c.json");
    std::fs::write(&cfile, c.to_json()).unwrap();
    let out = bin()
        .args(["align", "--presegmented", "--format", "beads", "--corrections"])
        .arg(&cfile)
        .arg(&zh)
        .arg(&en)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert_eq!((lines[0], lines[2]), ("[0]:[0]:1.0000", "[2]:[]:1.0000"), "{text}");
    assert!(lines[1].starts_with("[1]:[1]:") && lines[3].starts_with("[3]:[2]:"), "{text}");

    // Another target text: a clear error naming the file, exit 2, no output.
    std::fs::write(&en, "He saw the telescope.\nThe antennas stood.\nWe went home.\n").unwrap();
    let out = bin()
        .args(["align", "--presegmented", "--corrections"])
        .arg(&cfile)
        .arg(&zh)
        .arg(&en)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("c.json") && err.contains("made for another target document"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn batch_takes_a_corrections_folder() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    let fixes = dir.path().join("fixes");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::create_dir_all(&fixes).unwrap();
    let zh = "他看到了望远镜。\n天线在暮色中一字排开。\n";
    let en = "He saw the telescope.\nThe antennas stood in a row in the dusk.\n";
    for id in ["a", "b"] {
        std::fs::write(docs.join(format!("{id}.zh.txt")), zh).unwrap();
        std::fs::write(docs.join(format!("{id}.en.txt")), en).unwrap();
    }
    let (s, t) = (hanalign::Document::presegmented(zh), hanalign::Document::presegmented(en));
    let mut c = Corrections::new(DocRef::of("a.zh.txt", &s), DocRef::of("a.en.txt", &t));
    // A deliberate (wrong-looking) choice the aligner would never make: everything in one bead.
    c.beads.push(FixedBead { src: [0, 2], tgt: [0, 2], status: Status::Edited });
    std::fs::write(fixes.join("a.corrections.json"), c.to_json()).unwrap();
    let out = bin()
        .args(["batch", "--presegmented", "--corrections"])
        .arg(&fixes)
        .arg(&docs)
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let a = std::fs::read_to_string(dir.path().join("out/a.jsonl")).unwrap();
    let b = std::fs::read_to_string(dir.path().join("out/b.jsonl")).unwrap();
    assert_eq!(a.lines().count(), 1, "{a}");
    assert!(a.contains("\"kind\":\"2-2\"") && a.contains("\"score\":1.0"), "{a}");
    assert_eq!(b.lines().count(), 2, "{b}");
}
