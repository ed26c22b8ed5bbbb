#!/usr/bin/env bash
# TMX from the README's main command on the seed corpus, as CAT tools see it:
#  1. ../shared/tmx/validate-tmx (xmllint against the TMX 1.4b DTD) and `hanalign tmx validate`;
#  2. ../shared/tmx/omegat-check: OmegaT loads it (no TM load error or TMX warning) and fills at least
#     the floor omegat.lines_filled (.ci/floors.toml) of zh.txt's lines from it;
#  3. translate-toolkit reads it with the same number of units as the file holds.
set -euo pipefail
shared="${HANALIGN_SHARED:-$(pwd)/../shared}"   # override to run outside CI
bin="${HANALIGN_BIN:-target/release/hanalign}"
out=target/tmx-check
rm -rf "$out" && mkdir -p "$out"

command -v xmllint >/dev/null || { apt-get update -qq && apt-get install -y -qq libxml2-utils >/dev/null; }
[ -f /usr/share/omegat/OmegaT.jar ] && command -v java >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq omegat >/dev/null
}
python3 -c 'import translate.storage.factory' 2>/dev/null || {
  python3 -m pip --version >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq python3-pip >/dev/null; }
  python3 -m pip install -q translate-toolkit 2>/dev/null ||
    python3 -m pip install -q --break-system-packages translate-toolkit
}

# The README's main command (the binary cargo run --release builds), writing into $out.
"$bin" align corpora/meta-avocado/zh.txt corpora/meta-avocado/en.txt --glossary glossary/ai-industry.tsv \
  --format tmx -o "$out/out.tmx"

echo "-- validate-tmx"
"$shared/tmx/validate-tmx" "$out/out.tmx"
"$bin" tmx validate "$out/out.tmx"
"$bin" tmx stats "$out/out.tmx"

echo "-- omegat-check"
set +e
"$shared/tmx/omegat-check" "$out/out.tmx" corpora/meta-avocado/zh.txt zh-TW en-US >"$out/omegat.log" 2>&1
rc=$?
set -e
grep -oE '(TF_TM_LOAD_ERROR|TMXR_WARNING|XMLStreamException|omegat-check: ).*' "$out/omegat.log" || true
if [ "$rc" -ne 0 ] || grep -qE 'TF_TM_LOAD_ERROR|TMXR_WARNING|XMLStreamException' "$out/omegat.log"; then
  echo "OmegaT did not load the TMX cleanly (omegat-check exit $rc); see $out/omegat.log"
  exit 1
fi
summary=$(grep -o '[0-9]* of [0-9]* non-empty source lines were translated' "$out/omegat.log")
read -r done _ total _ <<<"$summary"
echo "OmegaT filled $done of $total non-empty lines of zh.txt from the TMX ($((100 * done / total))%)"
.ci/floor check omegat.lines_filled "${done:-}" "OmegaT lines filled from the TMX"
# For the README's OmegaT tip: the same with OmegaT's default text filter (only blank lines end a
# paragraph), which joins a heading or image line to the next sentence. Printed, not held to a floor.
OMEGAT_SEGMENT_ON=EMPTYLINES "$shared/tmx/omegat-check" "$out/out.tmx" corpora/meta-avocado/zh.txt zh-TW en-US \
  >"$out/omegat-default.log" 2>&1 || true
default=$(grep -o '^.*[0-9]* of [0-9]* non-empty source lines were translated' "$out/omegat-default.log" |
  grep -oE '[0-9]+ of [0-9]+' || echo "?")
echo "with OmegaT's default text filter (blank lines end paragraphs): $default lines filled"

echo "-- translate-toolkit"
want=$(grep -c '<tu[ >]' "$out/out.tmx")
python3 - "$out/out.tmx" "$want" <<'PY'
import sys
from translate.storage import factory
store = factory.getobject(sys.argv[1])
units = [u for u in store.units if u.source and u.target]
want = int(sys.argv[2])
print(f"translate-toolkit ({type(store).__name__}) read {len(units)} units with source and target; the file has {want}")
sys.exit(0 if len(store.units) == want == len(units) else 1)
PY
