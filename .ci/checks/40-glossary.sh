#!/usr/bin/env bash
# Glossary formats against real tools (issue #5):
# - the shipped glossaries pass `hanalign glossary lint` with no findings;
# - TBX-Core output validates against the official TBX-Core RelaxNG schema (xmllint), TBX-Basic
#   output against the TBX v3 core structure schema;
# - TBX v2 output is read by translate-toolkit (tbx2po) with every entry and the right pairs.
set -euo pipefail
bin="${HANALIGN_BIN:-target/release/hanalign}"
[ -x "$bin" ] || cargo build --release -q
shared="${HANALIGN_SHARED:-$(pwd)/../shared}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "-- lint the shipped glossaries"
"$bin" glossary lint glossary/*.tsv


"$bin" glossary convert glossary/ai-industry.tsv "$tmp/core.tbx" --to tbx-core
"$bin" glossary convert glossary/ai-industry.tsv "$tmp/v2.tbx" --to tbx
# A glossary using statuses, abbreviations and parts of speech, for TBX-Basic.
printf '%s\n' \
  "Meta超級智能實驗室	Meta Superintelligence Labs	lab	id=msl; tgt=pos:noun" \
  "MSL	MSL		id=msl; src=abbr; tgt=abbr" \
  "臉書	Facebook	old name	tgt=deprecated" \
  "小扎	Zuck		src=admitted" > "$tmp/rich.tsv"
"$bin" glossary convert "$tmp/rich.tsv" "$tmp/basic.tbx" --to tbx-basic

[ -f "$shared/tbx/TBXcoreStructV03_TBX-Core_integrated.rng" ] ||
  { echo "FAILED: $shared/tbx not found (CI runs with ../shared beside the clone)"; exit 1; }
echo "-- xmllint RelaxNG: TBX-Core and TBX-Basic output"
command -v xmllint >/dev/null || { apt-get update -qq && apt-get install -y -qq libxml2-utils; }
xmllint --noout --relaxng "$shared/tbx/TBXcoreStructV03_TBX-Core_integrated.rng" "$tmp/core.tbx"
xmllint --noout --relaxng "$shared/tbx/TBXcoreStructV03.rng" "$tmp/basic.tbx"
# And our reader on the official examples: no crash, and at least the floor (.ci/floors.toml
# tbx_examples) of term pairs read from each (an empty or half-read TBX fails here).
for name in Example_Astronomy_DCA_VALID Basic_Example_Astronomy_DCA_VALID; do
  f="$shared/tbx/$name.tbx"
  "$bin" glossary convert "$f" "$tmp/example.tsv" 2>"$tmp/warnings" || { cat "$tmp/warnings"; exit 1; }
  pairs=$(grep -cv '^#' "$tmp/example.tsv" || true)
  echo "   read $pairs term pairs from $name.tbx"
  .ci/floor check "tbx_examples.$name" "$pairs" "term pairs read from $name.tbx"
  # One pair checked by value, so a reader that swaps or mangles languages fails too.
  grep -qP '^black hole\tagujero negro(\t|$)' "$tmp/example.tsv" ||
    { echo "FAILED: $name.tbx: the pair black hole / agujero negro was not read"; exit 1; }
done

echo "-- translate-toolkit reads the TBX v2 output"
if ! command -v tbx2po >/dev/null; then
  pip install -q translate-toolkit 2>/dev/null || pip install -q --break-system-packages translate-toolkit
fi
tbx2po --progress=none "$tmp/v2.tbx" "$tmp/v2.po"
units=$(grep -c '^msgid "[^"]' "$tmp/v2.po")
entries=$(grep -c '<termEntry' "$tmp/v2.tbx")
echo "   tbx2po: $units units (TBX: $entries concepts)"
[ "$units" -eq "$entries" ]
grep -A1 -x 'msgid "牛油果"' "$tmp/v2.po" | grep -qx 'msgstr "Avocado"'
grep -A1 -x 'msgid "Meta超級智能實驗室"' "$tmp/v2.po" | grep -qx 'msgstr "Meta Superintelligence Labs"'
echo "glossary checks passed"
