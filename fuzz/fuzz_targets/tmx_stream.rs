//! See `fuzz/checks.rs`: `checks::tmx_stream`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::tmx_stream(data));
