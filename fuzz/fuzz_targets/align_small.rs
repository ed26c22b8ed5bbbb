//! See `fuzz/checks.rs`: `checks::align_small`.
#![no_main]

#[path = "../checks.rs"]
#[allow(dead_code)] // each target uses one check
mod checks;

// The aligner is built before fuzzing starts, outside libFuzzer's per-input timeout.
libfuzzer_sys::fuzz_target!(
    init: {
        checks::align_small_aligner();
    },
    |data: &[u8]| checks::align_small(data)
);
