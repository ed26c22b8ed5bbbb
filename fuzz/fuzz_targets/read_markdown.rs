//! No panic and no hang on any input to the markdown reader: it returns text or an error, and text
//! re-segments without panicking.
#![no_main]

use std::path::Path;

use hanalign::input::{InputFormat, extract};
use hanalign::segment::SegmenterBuilder;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = extract(data, Path::new("fuzz"), InputFormat::Markdown) {
        let _ = SegmenterBuilder::new().build().segment(&text);
    }
});
