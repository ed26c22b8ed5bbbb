#!/usr/bin/env bash
# bench_tmx.sh SIZE_MB [BIN]: time and peak memory of the TMX tools on a TMX of SIZE_MB made of real
# sentence pairs (make_tm.py), next to xmllint in the same run. The file lives in /tmp and is deleted
# at the end. Prints one Markdown table row per command: command | wall s | CPU s (user + system,
# less disturbed than wall time by other work on a shared machine) | peak RSS MB.
set -euo pipefail
size=$1
bin=$(realpath "${2:-target/release/hanalign}")
here=$(dirname "$0")
command -v xmllint >/dev/null || { apt-get update -qq && apt-get install -y -qq libxml2-utils >/dev/null; }
tmp=$(mktemp -d /tmp/tm-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
nice -n 10 python3 "$here/make_tm.py" "$tmp/tm.tmx" "$size"
units=$(grep -c '<tu ' "$tmp/tm.tmx")
echo "| file | units | command | wall (s) | CPU (s) | peak memory (MB) |"
echo "| --- | --- | --- | --- | --- | --- |"
run() {
  local name=$1; shift
  /usr/bin/time -v "$@" >/dev/null 2>"$tmp/time.txt" || true
  local wall cpu rss
  wall=$(grep 'Elapsed (wall clock)' "$tmp/time.txt" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$tmp/time.txt")
  rss=$(grep 'Maximum resident set size' "$tmp/time.txt" | awk '{printf "%.0f", $NF/1024}')
  echo "| ${size} MB | $units | $name | $wall | $cpu | $rss |"
}
run "xmllint --noout --stream" xmllint --noout --stream "$tmp/tm.tmx"
run "hanalign tmx validate" "$bin" tmx validate "$tmp/tm.tmx"
run "hanalign tmx stats" "$bin" tmx stats "$tmp/tm.tmx"
run "hanalign tmx merge tm tm (dedupe source)" "$bin" tmx merge "$tmp/tm.tmx" "$tmp/tm.tmx" -o "$tmp/merged.tmx"
rm -f "$tmp/merged.tmx"
run "hanalign tmx merge --dedupe none" "$bin" tmx merge "$tmp/tm.tmx" --dedupe none -o "$tmp/merged.tmx"
rm -f "$tmp/merged.tmx"
run "hanalign tmx clean --no-aligner" "$bin" tmx clean "$tmp/tm.tmx" -o "$tmp/clean.tmx" --no-aligner --report /dev/null
rm -f "$tmp/clean.tmx"
if [ "${BENCH_ALIGNER:-1}" = 1 ]; then
  run "hanalign tmx clean" "$bin" tmx clean "$tmp/tm.tmx" -o "$tmp/clean.tmx" --report /dev/null
  rm -f "$tmp/clean.tmx"
fi
run "xmllint --noout --stream (again)" xmllint --noout --stream "$tmp/tm.tmx"
