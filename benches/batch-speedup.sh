#!/usr/bin/env bash
# Batch alignment speed-up over one thread, on pairs built from the seed corpus.
#
#   benches/batch-speedup.sh [PAIRS]        (default 240 pairs; needs target/release/hanalign, python3;
#                                            uses hyperfine when installed: apt-get install hyperfine)
#
# Each pair is a window of the gold alignment of corpora/meta-avocado, 40 to 240 beads long, taken
# cyclically from a different starting bead, written as ordinary text (one paragraph per bead), so
# the batch exercises reading, segmentation and alignment. Nothing is written into the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-240}
bin=$(pwd)/target/release/hanalign
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - corpora/meta-avocado "$work/in" "$pairs" <<'PY'
import os, re, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
zh = open(f"{src}/zh.sentences.txt", encoding="utf-8").read().splitlines()
en = open(f"{src}/en.sentences.txt", encoding="utf-8").read().splitlines()
beads = []
for line in open(f"{src}/gold.align", encoding="utf-8"):
    s, t = line.strip().split(":")[:2]
    idx = lambda x: [int(i) for i in re.findall(r"\d+", x)]
    beads.append((idx(s), idx(t)))
os.makedirs(out, exist_ok=True)
total = 0
for p in range(n):
    start, length = (p * 7) % len(beads), 40 + (p * 37) % 201
    window = [beads[(start + k) % len(beads)] for k in range(length)]
    zh_doc = "\n\n".join("".join(zh[i] for i in s) for s, t in window if s)
    en_doc = "\n\n".join(" ".join(en[i] for i in t) for s, t in window if t)
    open(f"{out}/p{p:04}.zh.txt", "w", encoding="utf-8").write(zh_doc + "\n")
    open(f"{out}/p{p:04}.en.txt", "w", encoding="utf-8").write(en_doc + "\n")
    total += length
print(f"{n} pairs, {total} gold beads in all", file=sys.stderr)
PY

cmd1="RAYON_NUM_THREADS=1 $bin batch $work/in -o $work/out1 -g glossary/ai-industry.tsv"
cmd2="RAYON_NUM_THREADS=2 $bin batch $work/in -o $work/out2 -g glossary/ai-industry.tsv"
echo "nproc: $(nproc); $("$bin" --version)"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs "${RUNS:-5}" --style basic --output=null -n "1 thread" "$cmd1" -n "2 threads" "$cmd2"
else
  for c in "$cmd1" "$cmd2"; do
    echo "$c"
    for _ in 1 2 3; do /usr/bin/time -f "%e s wall, %U s user" bash -c "$c >/dev/null"; done
  done
fi
# The two runs must agree bead for bead: parallelism changes speed, never results. (A `diff && echo`
# list would not stop the script under `set -e`; say so and exit 1.)
if ! diff -r "$work/out1" "$work/out2" --exclude summary.tsv; then
  echo "FAILED: outputs differ between 1 and 2 threads" >&2
  exit 1
fi
echo "outputs identical for 1 and 2 threads"
if ! diff <(cut -f1-7 "$work/out1/summary.tsv") <(cut -f1-7 "$work/out2/summary.tsv"); then
  echo "FAILED: summaries differ between 1 and 2 threads" >&2
  exit 1
fi
echo "summaries identical"
