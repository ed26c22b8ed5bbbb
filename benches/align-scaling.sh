#!/usr/bin/env bash
# Wall time and peak memory of one alignment per real pair, and the growth exponent k of
# time ∝ n^k over the long-N series (least squares on log time against log Chinese sentences).
# Each case runs RUNS times (default 3); the best time and the largest peak are kept. The align
# step's CPU time is reported too, and k is fitted on it: on a shared machine wall time follows
# the load.
#   benches/align-scaling.sh [CASE...]     cases: seed mac-dev long-dev long-5000 … long-40000
# Single-threaded (the aligner uses one core), pinned to one CPU with taskset when it is there.
# The pairs are read at run time (see benches/align.rs); absent ones are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(seed mac-dev long-dev long-5000 long-10000 long-20000 long-40000)
cargo bench --bench align --no-run >/dev/null 2>&1 || { echo "cargo bench --bench align --no-run failed" >&2; exit 2; }
bin=$(ls -t target/release/deps/align-* | grep -v '\.d$' | head -1)
pin=(); command -v taskset >/dev/null && pin=(taskset -c 0)
out=$(mktemp)
for c in "${cases[@]}"; do
  for _ in $(seq "$runs"); do
    if ! /usr/bin/time -f "%e %M" -o "$out.time" "${pin[@]}" "$bin" --once "$c" >"$out.row"; then
      continue 2
    fi
    printf '%s\t%s\n' "$(cat "$out.row")" "$(cat "$out.time")" >>"$out"
  done
done
python3 - "$out" <<'PY'
import math, sys
rows = {}
for line in open(sys.argv[1]):
    case, nz, ne, beads, secs, cpu, before, after, wall_mem = line.rstrip("\n").split("\t")
    wall, kb = wall_mem.split()
    r = rows.setdefault(case, dict(nz=int(nz), ne=int(ne), beads=int(beads), t=[], w=[], u=[], before=0, peak=0))
    r["t"].append(float(secs)); r["w"].append(float(wall)); r["u"].append(float(cpu))
    r["before"] = max(r["before"], int(before)); r["peak"] = max(r["peak"], int(kb))
print("| case | sentences (zh × en) | beads | align wall, best of %d | align CPU, best | process wall, best | peak RSS before aligning | peak RSS (process) |" % max(len(r["t"]) for r in rows.values()))
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for c, r in rows.items():
    print(f"| {c} | {r['nz']:,} × {r['ne']:,} | {r['beads']:,} | {min(r['t']):.3f} s | {min(r['u']):.2f} s | {min(r['w']):.2f} s | {r['before']/1024:.0f} MB | {r['peak']/1024:.0f} MB |")
def fit(key):
    pts = [(math.log(r["nz"]), math.log(max(min(r[key]), 1e-3))) for c, r in rows.items() if c.startswith("long-") and c[5:].isdigit()]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts); my = sum(y for _, y in pts) / len(pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts), len(pts)
if fit("u"):
    (ku, n), (kt, _) = fit("u"), fit("t")
    print(f"\ngrowth over the long-N series ({n} sizes): align CPU time ∝ n^{ku:.2f}, align wall time ∝ n^{kt:.2f}")
PY
rm -f "$out" "$out.time" "$out.row"
