#!/usr/bin/env bash
# Omission trials (issue 9): for the seed pair and each MAC-Dev chapter, delete one sentence of a
# gold 1-1 bead at a time (a fixed sample of TRIALS per document and side), re-align, and count how
# often the deleted sentence's counterpart comes out as 1-0 / 0-1 or weak, and how many of the other
# beads the undeleted alignment got right stay right. Reported in BENCHMARKS.md.
#
#     benches/omission.sh [TRIALS]      # default 200; needs ../shared/eval/mac-dev for MAC-Dev
set -euo pipefail
cd "$(dirname "$0")/.."
nice -n 10 cargo run --release --quiet --example confidence -- omission --trials "${1:-200}"
