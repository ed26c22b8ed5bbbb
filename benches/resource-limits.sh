#!/usr/bin/env bash
# resource-limits.sh [BIN]: wall time and peak memory (`/usr/bin/time -v`) of the commands whose
# memory grows with the input, on inputs of growing size, for README's "Resource limits" table.
#
# - align: real document pairs of about 1k, 10k and 40k Chinese sentences, made of the Debian
#   Reference paragraph pairs cached by ../shared/eval/align-long-dev (~/.cache/hanalign-eval;
#   run that once first), repeated paragraph by paragraph until the size is reached;
# - glossary lint and convert: a generated 100,000-row TSV (random terms, 2% duplicates, 1.3%
#   conflicting targets, a comment per row);
# - tmx validate: a 100 MB TMX of real pairs (benches/data-gen/make_tm.py).
# Everything is generated under a temp dir and deleted at the end; nothing goes into the repo.
# Prints one Markdown table row per command: input | command | wall s | CPU s (user + system) |
# peak RSS MB. On a shared machine the wall time is mostly waiting: compare CPU time and memory.
set -euo pipefail
bin=$(realpath "${1:-target/release/hanalign}")
here=$(cd "$(dirname "$0")" && pwd)
cache="${HANALIGN_EVAL_CACHE:-$HOME/.cache/hanalign-eval}/debian-reference"
[ -f "$cache/zh.txt" ] || { echo "no $cache/zh.txt: run ../shared/eval/align-long-dev BIN once" >&2; exit 1; }
tmp=$(mktemp -d /tmp/resource-limits.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

run() {
  local what=$1 name=$2; shift 2
  /usr/bin/time -v "$@" >/dev/null 2>"$tmp/time.txt" || { echo "FAILED: $name" >&2; tail -5 "$tmp/time.txt" >&2; exit 1; }
  local wall cpu rss
  cpu=$(awk -F': ' '/User time|System time/ {t += $2} END {printf "%.2f", t}' "$tmp/time.txt")
  wall=$(grep 'Elapsed (wall clock)' "$tmp/time.txt" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep 'Maximum resident set size' "$tmp/time.txt" | awk '{printf "%.0f", $NF/1024}')
  echo "| $what | $name | $wall | $cpu | $rss |"
}

# Sentences per Chinese paragraph (hanalign's own segmentation), to cut pairs of N sentences.
"$bin" segment --lang zh --format jsonl "$cache/zh.txt" >"$tmp/zh.jsonl"
python3 - "$cache" "$tmp" <<'EOF'
import json, sys
cache, tmp = sys.argv[1], sys.argv[2]
per = {}
for line in open(f"{tmp}/zh.jsonl", encoding="utf-8"):
    u = json.loads(line)
    if u.get("kind") != "markup" and u["text"].strip():
        per[u["paragraph"]] = per.get(u["paragraph"], 0) + 1
zh = open(f"{cache}/zh.txt", encoding="utf-8").read().split("\n\n")
en = open(f"{cache}/en.txt", encoding="utf-8").read().split("\n\n")
assert len(zh) == len(en), (len(zh), len(en))
assert len(per) <= len(zh) and max(per) < len(zh), (len(per), len(zh))
counts = [per.get(k, 0) for k in range(len(zh))]
for n in (1000, 10000, 40000):
    out_zh, out_en, got, k = [], [], 0, 0
    while got < n:
        out_zh.append(zh[k % len(zh)].strip()); out_en.append(en[k % len(en)].strip())
        got += counts[k % len(zh)]; k += 1
    open(f"{tmp}/zh{n}.txt", "w", encoding="utf-8").write("\n\n".join(out_zh) + "\n")
    open(f"{tmp}/en{n}.txt", "w", encoding="utf-8").write("\n\n".join(out_en) + "\n")
EOF
echo "| input | command | wall (s) | CPU (s) | peak memory (MB) |"
echo "| --- | --- | --- | --- | --- |"
for n in 1000 10000 40000; do
  kb=$(( ($(stat -c %s "$tmp/zh$n.txt") + $(stat -c %s "$tmp/en$n.txt")) / 1024 ))
  sents=$("$bin" segment --lang zh "$tmp/zh$n.txt" | grep -c .)
  run "$sents zh sentences, $kb KB" "align zh en -o out.tmx" "$bin" align "$tmp/zh$n.txt" "$tmp/en$n.txt" -o "$tmp/out.tmx"
  rm -f "$tmp/out.tmx"
done

python3 - "$tmp/g.tsv" <<'EOF'
import random, sys
random.seed(1)
cjk = [chr(c) for c in range(0x4e00, 0x4e00 + 3000)]
out = ["# generated: 100,000 random rows"]
for i in range(100000):
    zh = "".join(random.choice(cjk) for _ in range(random.randint(2, 5)))
    en = " ".join("".join(random.choice("abcdefghijklmnop") for _ in range(random.randint(3, 8))) for _ in range(random.randint(1, 3)))
    out.append(f"{zh}\t{en}\tterm; row {i}")
    if i % 50 == 0: out.append(f"{zh}\t{en}\tterm; row {i}")
    if i % 77 == 0: out.append(f"{zh}\tother {en}")
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(out) + "\n")
EOF
rows=$(grep -vc '^#' "$tmp/g.tsv")
mb=$(( $(stat -c %s "$tmp/g.tsv") / 1000000 ))
# lint exits 1 when it finds something (it does: the planted duplicates).
run "$rows-row TSV, $mb MB" "glossary lint" sh -c '"$1" glossary lint "$2" || [ $? = 1 ]' _ "$bin" "$tmp/g.tsv"
run "$rows-row TSV, $mb MB" "glossary convert to TBX" "$bin" glossary convert "$tmp/g.tsv" "$tmp/g.tbx"
run "$rows-row TBX" "glossary lint" sh -c '"$1" glossary lint "$2" || [ $? = 1 ]' _ "$bin" "$tmp/g.tbx"
rm -f "$tmp/g.tbx"

nice -n 10 python3 "$here/data-gen/make_tm.py" "$tmp/tm.tmx" 100 >/dev/null
units=$(grep -c '<tu ' "$tmp/tm.tmx")
run "100 MB TMX, $units units" "tmx validate" "$bin" tmx validate "$tmp/tm.tmx"
