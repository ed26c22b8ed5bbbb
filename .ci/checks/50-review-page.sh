#!/usr/bin/env bash
# The seed corpus's review page, opened in headless Chromium: from the rendered DOM, one row per bead,
# weak beads marked, and no console errors. Also saves a screenshot to target/review.png.
set -euo pipefail
bin="${HANALIGN_BIN:-target/release/hanalign}"
out=target/review-check
rm -rf "$out" && mkdir -p "$out"

command -v chromium >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}
command -v python3 >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >/dev/null
}

zh=corpora/meta-avocado/zh.txt en=corpora/meta-avocado/en.txt gl=glossary/ai-industry.tsv
# With the glossary the seed has no weak bead at the default threshold (calibrated confidence), so
# the page is made at a reviewer's stricter threshold, to have weak beads to mark and list.
"$bin" align "$zh" "$en" --glossary "$gl" --min-confidence 0.95 --report target/review.html --format jsonl \
  -o "$out/beads.jsonl"

# What the page must show, computed from the aligner's own JSON Lines output (not from the page).
threshold=$(grep -o 'data-min-confidence="[^"]*"' target/review.html | head -n1 | cut -d'"' -f2)
read -r want_rows want_weak < <(python3 - "$out/beads.jsonl" "$threshold" <<'EOF'
import json, sys
beads = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
t = float(sys.argv[2])
print(len(beads), sum(1 for b in beads if not (b["score"] >= t)))
EOF
)

chrome() {
  local profile
  profile=$(mktemp -d)
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --disable-quic --user-data-dir="$profile" \
    --enable-logging=stderr --v=0 --window-size=1400,1000 "$@"
  rm -rf "$profile"
}
page="file://$(pwd)/target/review.html"
chrome --dump-dom "$page" >"$out/dom.html" 2>"$out/chromium.log"
# The reviewer's view: weakest first, weak only (the page restores it from the URL).
chrome --dump-dom "$page#order=weak&weak" >"$out/dom-weak.html" 2>>"$out/chromium.log"
# The weakest-first view, as a reviewer would open it.
chrome --screenshot="$(pwd)/target/review.png" "$page#order=weak" >/dev/null 2>>"$out/chromium.log"

python3 - "$out/dom.html" "$want_rows" "$want_weak" "$out/chromium.log" "$out/dom-weak.html" <<'EOF'
import re, sys
from html.parser import HTMLParser

dom, want_rows, want_weak, log, dom_weak = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]

class Rows(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows = self.weak = self.weak_labels = 0
        self.selfcheck = None
        self.order = []  # (score, weak, hidden) in DOM order
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "tr" and "bead" in classes:
            self.rows += 1
            self.weak += "weak" in classes
            self.order.append((float(a["data-score"]), "weak" in classes, "hidden" in classes))
        if tag == "span" and "weak-label" in classes:
            self.weak_labels += 1
        if a.get("id") == "selfcheck":
            self.selfcheck = a

p = Rows()
p.feed(open(dom, encoding="utf-8").read())
console = [l.rstrip() for l in open(log, encoding="utf-8", errors="replace") if ":CONSOLE" in l]
sc = p.selfcheck or {}
print(f"rendered rows {p.rows} (beads {want_rows}); weak rows {p.weak}, weak labels {p.weak_labels} "
      f"(weak beads {want_weak}); selfcheck {sc.get('data-status')} rows={sc.get('data-rows')} "
      f"weak={sc.get('data-weak')} errors={sc.get('data-errors')}; console messages {len(console)}")
problems = []
if p.rows != want_rows: problems.append("row count differs from bead count")
if want_weak == 0: problems.append("no weak bead at the page's threshold: the weak marks go untested")
if p.weak != want_weak or p.weak_labels != want_weak: problems.append("weak beads not all marked")
if sc.get("data-status") != "ok" or sc.get("data-errors") != "0": problems.append("page self-check failed (did the script run?)")
if console: problems.append("console messages:\n  " + "\n  ".join(console))
w = Rows()
w.feed(open(dom_weak, encoding="utf-8").read())
shown = [r for r in w.order if not r[2]]
scores = [r[0] for r in w.order]
print(f"weakest-first view: {len(shown)} rows shown of {w.rows}, all weak: {all(r[1] for r in shown)}, "
      f"scores ascending: {scores == sorted(scores)}")
if len(shown) != want_weak or not all(r[1] for r in shown) or scores != sorted(scores):
    problems.append("the weakest-first, weak-only view does not list exactly the weak beads, weakest first")
if problems:
    sys.exit("review page check FAILED: " + "; ".join(problems))
print("review page check ok; screenshot in target/review.png")
EOF
