#!/usr/bin/env bash
# Fuzzing as a habit (issue 13): every seed and every crash ever found (fuzz/seeds/, fuzz/crashes/)
# goes through the fuzz targets' checks (fuzz/checks.rs) on stable, in seconds, so a fixed crash stays
# fixed. The targets themselves need nightly and cargo-fuzz: see fuzz/Cargo.toml and BENCHMARKS.md.
set -euo pipefail
cargo test --quiet --test integration fuzz_replay::
