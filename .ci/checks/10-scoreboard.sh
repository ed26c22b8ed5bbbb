#!/usr/bin/env bash
# The public scoreboards, each held to its floor in .ci/floors.toml: segmentation Golden Rules,
# MAC-Dev alignment (strict and lax F1), long-dev (Debian Reference, paragraph-consistent share, and
# the sentences the segmenter finds in it).
# HANALIGN_BIN overrides the binary (to show that a worse binary fails this check).
set -euo pipefail
bin="${HANALIGN_BIN:-target/release/hanalign}"
shared="${HANALIGN_SHARED:-$(pwd)/../shared}"
[ -d "$shared/eval" ] || { echo "FAILED: $shared/eval not found (CI runs with ../shared beside the clone)"; exit 1; }
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

# long-dev builds its pair once from two Debian packages (apt-get download needs the package lists)
# and caches it; later runs only align (~15 s on the shared machine).
cache="${HANALIGN_EVAL_CACHE:-$HOME/.cache/hanalign-eval}/debian-reference"
if [ ! -f "$cache/zh.txt" ]; then
  apt-get update -qq
  command -v dpkg-deb >/dev/null || { echo "FAILED: dpkg-deb not found"; exit 1; }
fi

status=0
floor() { .ci/floor check "$@" || status=1; }

"$shared/eval/segment-golden" "$bin" >"$log/golden" 2>&1 || true
tail -n 1 "$log/golden"
passed=$(grep -oE 'all [0-9]+/' "$log/golden" | grep -oE '[0-9]+' || true)
floor segment_golden.passed "${passed:-}" "Golden Rules cases passed"

"$shared/eval/align-mac-dev" "$bin" >"$log/mac" 2>&1 || true
tail -n 3 "$log/mac"
strict=$(sed -nE 's/^MAC-Dev strict F1 ([0-9.]+) lax F1 ([0-9.]+);.*/\1/p' "$log/mac")
lax=$(sed -nE 's/^MAC-Dev strict F1 ([0-9.]+) lax F1 ([0-9.]+);.*/\2/p' "$log/mac")
floor mac_dev.strict_f1 "${strict:-}" "MAC-Dev strict F1"
floor mac_dev.lax_f1 "${lax:-}" "MAC-Dev lax F1"

"$shared/eval/align-long-dev" "$bin" >"$log/long" 2>&1 || true
tail -n 1 "$log/long"
share=$(sed -nE 's/.*paragraph-consistent sentences ([0-9.]+)%.*/\1/p' "$log/long")
floor long_dev.share_pct "${share:-}" "long-dev paragraph-consistent sentences (%)"
# The share rises when the segmenter cuts less (every paragraph one sentence scores ~100%), so the
# sentences it finds in long-dev have a floor too: a segmenter that stops cutting fails here.
sents=$(sed -nE 's/.*\(Debian Reference en\/zh-CN, ([0-9]+) x ([0-9]+) sentences\).*/\1 \2/p' "$log/long")
floor long_dev.zh_sentences "$(cut -d' ' -f1 <<<"${sents:-x}")" "long-dev Chinese sentences found"
floor long_dev.en_sentences "$(cut -d' ' -f2 <<<"${sents:-x x}")" "long-dev English sentences found"
exit $status
