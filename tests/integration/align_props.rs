//! Property: whatever the input, the beads cover every sentence of both sides exactly once, in
//! order, with consecutive indices and confidences in [0, 1].

use hanalign::align::{AlignerBuilder, Evidence};
use proptest::prelude::*;

const ZH: &[&str] = &[
    "他看到了望远镜。",
    "天线在暮色中一字排开。",
    "2006年建成了两台。",
    "为什么?",
    "这个实验室不大。",
    "陈清扬来了。",
    "",
    "Meta发布了Llama 4。",
    "……",
    "他说：“好！”",
];
const EN: &[&str] = &[
    "He saw the telescope.",
    "The antennas lined up in the dusk.",
    "Two were built in 2006.",
    "Why?",
    "The lab was small.",
    "Chen Qingyang came.",
    "",
    "Meta released Llama 4.",
    "...",
    "\"Good!\" he said.",
];

fn check(src: &[&str], tgt: &[&str], evidence: Evidence, length_only: bool) -> Result<(), TestCaseError> {
    let aligner = AlignerBuilder::new().evidence(evidence).length_only(length_only).window(3).build();
    let a = aligner.align(src, tgt, None, None);
    let (mut i, mut j) = (0, 0);
    for b in &a.beads {
        prop_assert!(!(b.src.is_empty() && b.tgt.is_empty()), "empty bead");
        for &s in &b.src {
            prop_assert_eq!(s, i);
            i += 1;
        }
        for &t in &b.tgt {
            prop_assert_eq!(t, j);
            j += 1;
        }
        prop_assert!((0.0..=1.0).contains(&b.score), "score {}", b.score);
    }
    prop_assert_eq!((i, j), (src.len(), tgt.len()));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn beads_cover_both_sides_once_in_order(
        src in prop::collection::vec(0..ZH.len(), 0..40),
        tgt in prop::collection::vec(0..EN.len(), 0..60),
        names in any::<bool>(),
        length_only in any::<bool>(),
    ) {
        let s: Vec<&str> = src.iter().map(|&k| ZH[k]).collect();
        let t: Vec<&str> = tgt.iter().map(|&k| EN[k]).collect();
        let evidence = Evidence { names, ..Evidence::default() };
        check(&s, &t, evidence, length_only)?;
    }

    #[test]
    fn arbitrary_text_never_panics(src in prop::collection::vec(".{0,40}", 0..12), tgt in prop::collection::vec(".{0,40}", 0..12)) {
        let s: Vec<&str> = src.iter().map(String::as_str).collect();
        let t: Vec<&str> = tgt.iter().map(String::as_str).collect();
        check(&s, &t, Evidence::default(), false)?;
    }
}
