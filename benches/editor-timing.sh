#!/usr/bin/env bash
# Review page (editor) timings in headless Chromium for 100, 1,000 and 5,000 beads: time to first
# contentful paint and to the editor being ready, and one edit (split, join, confirm; each undone before the next) including the
# layout it causes. Documents: the seed pair's beads repeated, one bead text per line (--presegmented).
# Needs what .ci/checks/52-editor.sh installs (chromium, websocket-client in target/pydeps).
# Usage: bash benches/editor-timing.sh [BIN]
set -euo pipefail
bin="${1:-target/release/hanalign}"
out=target/editor-timing
mkdir -p "$out"
"$bin" align corpora/meta-avocado/zh.txt corpora/meta-avocado/en.txt -g glossary/ai-industry.tsv \
  -o "$out/seed.jsonl" 2>/dev/null
for n in 100 1000 5000; do
  python3 - "$out/seed.jsonl" "$n" "$out/zh-$n.txt" "$out/en-$n.txt" <<'PY'
import json, sys
beads = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
n = int(sys.argv[2])
zh, en = open(sys.argv[3], "w", encoding="utf-8"), open(sys.argv[4], "w", encoding="utf-8")
for i in range(n):
    b = beads[i % len(beads)]
    if b["src_text"]: zh.write(b["src_text"] + "\n")
    if b["tgt_text"]: en.write(b["tgt_text"] + "\n")
PY
  "$bin" align "$out/zh-$n.txt" "$out/en-$n.txt" --presegmented -g glossary/ai-industry.tsv \
    --report "$out/review-$n.html" -o /dev/null 2>/dev/null
done
PYTHONPATH="target/pydeps:.ci/checks" python3 - "$out" <<'PY'
import os, statistics, sys
import cdp
out = os.path.abspath(sys.argv[1])
EDIT = """(async function (act) {
  var ed = hanalign.editor, f = Math.floor(ed.beads().length / 2);
  ed.setFocus(f);
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  var t0 = performance.now();
  ed.run(act);
  document.body.offsetHeight;
  var t1 = performance.now();
  await new Promise(r => requestAnimationFrame(r));
  var t2 = performance.now();
  ed.run('undo');
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return [t1 - t0, t2 - t0];
})"""
print("| beads | page size | first contentful paint | editor ready | split (script + layout / to next frame) | join | confirm |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for n in (100, 1000, 5000):
    path = os.path.join(out, f"review-{n}.html")
    fcp, ready, res = [], [], {"split": [], "join": [], "confirm": []}
    for _ in range(3):
        b = cdp.Browser()
        try:
            b.open("file://" + path)
            fcp.append(b.js("performance.getEntriesByType('paint').filter(e => e.name === 'first-contentful-paint').map(e => e.startTime)[0] || 0"))
            ready.append(b.js("hanalign.ready"))
            beads = b.js("hanalign.editor.beads().length")
            for act in ("split", "join", "confirm"):
                for _ in range(3):
                    res[act].append(b.js(EDIT + f"('{act}')"))
        finally:
            b.close()
    med = lambda xs: statistics.median(xs)
    cell = lambda xs: f"{med([x[0] for x in xs]):.1f} / {med([x[1] for x in xs]):.1f} ms"
    print(f"| {beads} | {os.path.getsize(path) / 1e6:.1f} MB | {(f"{med(fcp):.0f} ms" if med(fcp) else "—")} | {med(ready):.0f} ms | "
          f"{cell(res['split'])} | {cell(res['join'])} | {cell(res['confirm'])} |")
PY
