//! Replays every fuzz seed and every crash ever found (`fuzz/seeds/NAME/`, `fuzz/crashes/NAME/`)
//! through the checks the cargo-fuzz targets run (`fuzz/checks.rs`), on stable, so CI keeps each
//! fixed crash fixed without nightly. A new crash: copy libFuzzer's artifact into
//! `fuzz/crashes/NAME/`, fix it, and this test guards it from then on.

#[path = "../../fuzz/checks.rs"]
mod checks;

use std::path::Path;

#[test]
fn every_fuzz_seed_and_recorded_crash_passes_its_target_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut ran = 0;
    for (name, check) in checks::TARGETS {
        let mut files = 0;
        for dir in ["seeds", "crashes"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir).join(name)) else { continue };
            for e in entries {
                let path = e.unwrap().path();
                let data = std::fs::read(&path).unwrap();
                let r = std::panic::catch_unwind(|| check(&data));
                assert!(r.is_ok(), "{name}: {} fails its check", path.display());
                files += 1;
            }
        }
        assert!(files > 0, "no seeds for the fuzz target {name}");
        ran += files;
    }
    assert!(ran >= 15, "{ran} files replayed");
}
