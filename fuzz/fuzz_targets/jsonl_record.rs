//! See `fuzz/checks.rs`: `checks::jsonl_record`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::jsonl_record(data));
