#!/usr/bin/env bash
# The README's Spark example, run in Spark local mode (`local[2]`, two partitions) when pyspark is
# installed (`pip install pyspark`; needs Java), otherwise the same pipe without Spark: the records
# split into two partitions, each piped through one `hanalign batch --jsonl -j 1` process, as
# RDD.pipe() does. Input: 8 copies of the seed article plus one record without `en`.
#
#   benches/spark-local.sh          (needs target/release/hanalign and python3)
#
# Prints the bead lines per id and the error records; exits 1 unless every copy gives as many bead
# lines as `hanalign align` gives beads for the seed pair, and the bad record gives one error record.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(pwd)/target/release/hanalign
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/pairs.jsonl" <<'PY'
import json, sys
zh = open("corpora/meta-avocado/zh.txt", encoding="utf-8").read()
en = open("corpora/meta-avocado/en.txt", encoding="utf-8").read()
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(8):
        f.write(json.dumps({"id": f"doc-{i}", "zh": zh, "en": en}, ensure_ascii=False) + "\n")
        if i == 3:
            f.write(json.dumps({"id": "no-en", "zh": zh}, ensure_ascii=False) + "\n")
PY
want=$("$bin" align corpora/meta-avocado/zh.txt corpora/meta-avocado/en.txt -g glossary/ai-industry.tsv \
  --format beads 2>/dev/null | wc -l)
cp "$bin" glossary/ai-industry.tsv "$work/"
if python3 -c 'import pyspark' 2>/dev/null; then
  echo "pyspark $(python3 -c 'import pyspark; print(pyspark.__version__)'), local[2]"
  (cd "$work" && python3 - <<'PY'
from pyspark import SparkContext
sc = SparkContext("local[2]", "hanalign", pyFiles=[])
sc.setLogLevel("ERROR")
pairs = sc.textFile("pairs.jsonl", minPartitions=2)
beads = pairs.pipe("./hanalign batch --jsonl -j 1 -g ai-industry.tsv")
open("beads.jsonl", "w", encoding="utf-8").write("".join(l + "\n" for l in beads.collect()))
print(f"partitions: {pairs.getNumPartitions()}")
sc.stop()
PY
  ) 2> >(grep -v -E 'WARN|^\s*$|Setting default log level|To adjust logging level' >&2)
else
  echo "pyspark not installed (pip install pyspark): the same pipe over two partitions, without Spark"
  n=$(wc -l <"$work/pairs.jsonl")
  head -n $((n / 2)) "$work/pairs.jsonl" >"$work/part-0"
  tail -n +$((n / 2 + 1)) "$work/pairs.jsonl" >"$work/part-1"
  for p in part-0 part-1; do
    (cd "$work" && ./hanalign batch --jsonl -j 1 -g ai-industry.tsv <"$p" || true)
  done >"$work/beads.jsonl" 2>"$work/stderr"
fi
python3 - "$work/beads.jsonl" "$want" <<'PY'
import collections, json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
want = int(sys.argv[2])
errors = [r for r in recs if "error" in r]
per_id = collections.Counter(r["id"] for r in recs if "error" not in r)
print(f"bead lines per id: {dict(sorted(per_id.items()))}; error records: {len(errors)}")
for e in errors:
    print(f"  error record: {json.dumps(e, ensure_ascii=False)[:160]}")
ok = len(per_id) == 8 and set(per_id.values()) == {want} and len(errors) == 1 and errors[0]["id"] == "no-en"
print(f"{'ok' if ok else 'FAILED'}: want 8 x {want} bead lines (the seed's beads) and one error record for no-en")
sys.exit(0 if ok else 1)
PY
