#!/usr/bin/env bash
# Glossary formats against real tools (issue #5):
# - the shipped glossaries pass `hanalign glossary lint` with no findings;
# - TBX-Core output validates against the official TBX-Core RelaxNG schema (xmllint), TBX-Basic
#   output against the TBX v3 core structure schema;
# - TBX v2 output is read by translate-toolkit (tbx2po) with every entry and the right pairs.
set -euo pipefail
bin=target/release/hanalign
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

if [ -f "$shared/tbx/TBXcoreStructV03_TBX-Core_integrated.rng" ]; then
  echo "-- xmllint RelaxNG: TBX-Core and TBX-Basic output"
  command -v xmllint >/dev/null || { apt-get update -qq && apt-get install -y -qq libxml2-utils; }
  xmllint --noout --relaxng "$shared/tbx/TBXcoreStructV03_TBX-Core_integrated.rng" "$tmp/core.tbx"
  xmllint --noout --relaxng "$shared/tbx/TBXcoreStructV03.rng" "$tmp/basic.tbx"
  # And our reader on the official examples (no crash, every concept with terms read).
  for f in "$shared"/tbx/*Example*_VALID.tbx; do
    "$bin" glossary convert "$f" "$tmp/example.tsv" 2>"$tmp/warnings" || { cat "$tmp/warnings"; exit 1; }
    echo "   read $(wc -l <"$tmp/example.tsv") term pairs from $(basename "$f")"
  done
else
  echo "../shared/tbx not found; skipping the RelaxNG validation"
fi

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
