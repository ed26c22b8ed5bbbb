//! The TMX reader and validator never panic on any bytes, and whatever the reader accepts
//! writes back to bytes that read and write again identically (parse → write → parse is identity).
#![no_main]

use std::path::Path;

use hanalign::tmx;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.tmx");
    let _ = tmx::validate_bytes(data, path);
    if let Ok(doc) = tmx::read_bytes(data, path) {
        let mut first = Vec::new();
        tmx::write(&doc, &mut first).expect("writing to memory");
        let again = tmx::read_bytes(&first, path).expect("hanalign reads its own output");
        let mut second = Vec::new();
        tmx::write(&again, &mut second).expect("writing to memory");
        assert_eq!(first, second, "write → read → write changed the bytes");
    }
});
