//! No panic on any input, and the span invariants hold: the bytes are decoded as the CLI does
//! (BOM, UTF-16), then segmented with every setting.
#![no_main]

use std::path::Path;

use hanalign::segment::{Lang, SegmenterBuilder};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
            assert_eq!(covered, text.chars().filter(|c| !c.is_whitespace()).count(), "non-blank text not covered");
        }
    }
});
