//! The streaming TMX reader and validator fed in tiny, uneven reads (so every character, control
//! and reference can fall across a read boundary) never panic, and agree with reading the same
//! bytes whole: the same units, or the same error at the same line and column.
#![no_main]

use std::io::Read;
use std::path::Path;

use hanalign::tmx::{self, TmxReader};
use libfuzzer_sys::fuzz_target;

/// Hands out 1 to 7 bytes per read, the size taken from the data itself.
struct Trickle<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let rest = &self.data[self.pos..];
        let n = (1 + rest.first().map_or(0, |b| (*b % 7) as usize)).min(rest.len()).min(out.len());
        out[..n].copy_from_slice(&rest[..n]);
        self.pos += n;
        Ok(n)
    }
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.tmx");
    let whole = tmx::read_bytes(data, path);
    let streamed = TmxReader::from_read(Box::new(Trickle { data, pos: 0 }), path)
        .and_then(|r| r.into_tmx());
    match (&whole, &streamed) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "streaming and whole reads differ"),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "different errors"),
        _ => panic!("one read failed, the other did not: {whole:?} / {streamed:?}"),
    }
    let _ = tmx::validate_bytes(data, path);
});
