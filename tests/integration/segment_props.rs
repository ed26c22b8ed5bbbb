//! Property tests for the segmenter: for arbitrary text, spans are in order, never overlap,
//! cover every non-whitespace character, and the cleaned text matches the span.

use hanalign::segment::{Lang, SegmenterBuilder};
use proptest::prelude::*;

/// Text built from pieces that exercise the rules: terminators, quotes, CJK, line breaks of every
/// kind, combining marks, bullets, list markers, URLs — plus arbitrary characters.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(".".to_string()),
        Just(". . .".to_string()),
        Just("...".to_string()),
        Just("?!".to_string()),
        Just("。".to_string()),
        Just("！」".to_string()),
        Just("《".to_string()),
        Just("》".to_string()),
        Just("「".to_string()),
        Just("」".to_string()),
        Just("……".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\n\n".to_string()),
        Just("\u{3000}".to_string()),
        Just("\u{a0}".to_string()),
        Just("e\u{301}".to_string()),
        Just("\u{301}".to_string()),
        Just("\u{200b}".to_string()),
        Just("• ".to_string()),
        Just("·".to_string()),
        Just("1.) ".to_string()),
        Just("a. ".to_string()),
        Just("![]()".to_string()),
        Just("U.S.".to_string()),
        Just("Mr.".to_string()),
        Just("http://x.y/z".to_string()),
        "[a-zA-Z]{1,6}",
        "[0-9]{1,4}",
        "[\u{4e00}-\u{4e20}]{1,4}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn check(input: &str, lang: Lang, wrapped: bool) -> Result<(), TestCaseError> {
    let got = SegmenterBuilder::new().lang(lang).wrapped(wrapped).build().segment(input);
    let mut covered = vec![false; input.len()];
    let mut last_end = 0;
    for s in &got {
        prop_assert!(s.start < s.end, "empty span {s:?}");
        prop_assert!(s.start >= last_end, "overlap or out of order at {s:?}");
        prop_assert!(input.is_char_boundary(s.start) && input.is_char_boundary(s.end));
        let span = &input[s.start..s.end];
        prop_assert_eq!(span.trim(), span, "span not trimmed");
        let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        prop_assert_eq!(squeeze(&s.text), squeeze(span), "text differs from span beyond whitespace");
        covered[s.start..s.end].iter_mut().for_each(|c| *c = true);
        last_end = s.end;
    }
    for (i, c) in input.char_indices() {
        prop_assert!(c.is_whitespace() || covered[i], "{c:?} at byte {i} not covered");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn spans_cover_text_in_order(input in text()) {
        for lang in [Lang::Auto, Lang::Zh, Lang::En] {
            for wrapped in [false, true] {
                check(&input, lang, wrapped)?;
            }
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(input in any::<String>()) {
        check(&input, Lang::Auto, false)?;
        check(&input, Lang::En, true)?;
    }
}
