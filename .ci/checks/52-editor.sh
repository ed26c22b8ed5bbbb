#!/usr/bin/env bash
# The review page as an alignment editor (issue 10), driven in headless Chromium through the DevTools
# protocol (.ci/checks/cdp.py, websocket-client from PyPI): every kind of edit by keyboard, reload
# (localStorage), Download TMX and Download corrections; the TMX passes ../shared/tmx/validate-tmx and
# differs from the CLI's only in the edited beads; `align --corrections` reproduces the page's beads.
# Screenshot: target/editor-check/edited.png.
set -euo pipefail
shared="${HANALIGN_SHARED:-$(pwd)/../shared}"
bin="${HANALIGN_BIN:-target/release/hanalign}"
out=target/editor-check
rm -rf "$out" && mkdir -p "$out"

command -v chromium >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}
command -v xmllint >/dev/null || { apt-get update -qq && apt-get install -y -qq libxml2-utils >/dev/null; }
# A CJK face, so the screenshot shows the Chinese (the page lists Noto Sans CJK first).
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null || true
}
deps=target/pydeps
PYTHONPATH="$deps" python3 -c 'import websocket' 2>/dev/null || {
  python3 -m pip --version >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq python3-pip >/dev/null; }
  python3 -m pip install -q --target "$deps" 'websocket-client>=1.6,<2'
}

zh=corpora/meta-avocado/zh.txt en=corpora/meta-avocado/en.txt gl=glossary/ai-industry.tsv
# With the glossary the seed has no weak bead at the default threshold (issue 9: calibrated
# confidence), so the page is made at a reviewer's stricter threshold to have weak beads to visit.
"$bin" align "$zh" "$en" -g "$gl" --min-confidence 0.95 --report "$out/review.html" -o "$out/orig.tmx"
PYTHONPATH="$deps:.ci/checks" python3 .ci/checks/editor_check.py "$out" "$bin" "$shared"
