#!/usr/bin/env bash
# Start-up cost of the embedded lexicon, for BENCHMARKS.md: wall and user CPU time of `align` and
# `batch` on a one-sentence pair, with and without the lexicon, RUNS runs each (default 5), interleaved
# so every command sees the same machine load.
#
#   benches/startup.sh              (needs target/release/hanalign)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(pwd)/target/release/hanalign
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
echo "你好。" >"$work/in/one.zh.txt"
echo "Hello." >"$work/in/one.en.txt"
names=("align, lexicon" "align, --no-lexicon" "batch, lexicon" "batch, --no-lexicon")
cmds=("$bin align --presegmented --format beads $work/in/one.zh.txt $work/in/one.en.txt"
  "$bin align --presegmented --format beads --no-lexicon $work/in/one.zh.txt $work/in/one.en.txt"
  "$bin batch $work/in -o $work/out"
  "$bin batch $work/in -o $work/out --no-lexicon")
for _ in $(seq "$runs"); do
  for i in "${!cmds[@]}"; do
    /usr/bin/time -f "$i %e %U %M" -a -o "$work/times" ${cmds[$i]} >/dev/null 2>&1
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each"
for i in "${!cmds[@]}"; do
  awk -v i="$i" -v name="${names[$i]}" '$1 == i { n++; w += $2; u += $3; m += $4 }
    END { printf "%-22s wall %.3f s, user %.3f s, peak RSS %.0f MB (mean of %d)\n", name, w/n, u/n, m/n/1024, n }' "$work/times"
done
