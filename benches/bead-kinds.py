#!/usr/bin/env python3
"""Per-bead-kind recall of an alignment against a gold one.

    benches/bead-kinds.py GOLD_DIR PRED_DIR

GOLD_DIR and PRED_DIR hold NAME.align files of `[i,j]:[k]` lines (PRED_DIR is what
`../shared/eval/align-mac-dev` prints as "predictions kept in DIR"; GOLD_DIR is its gold/ folder).
For each gold bead shape (1-1, 2-3, 1-0 …): how many gold beads of that shape there are and how many
the prediction produced exactly; also how many beads of each shape the prediction made."""
import collections, os, sys

def beads(path):
    out = []
    for line in open(path, encoding="utf-8"):
        f = line.strip().split(":")
        if len(f) < 2:
            continue
        side = lambda s: tuple(int(x) for x in s.strip().strip("[]").split(",") if x.strip())
        out.append((side(f[0]), side(f[1])))
    return out

def kind(b):
    return f"{len(b[0])}-{len(b[1])}"

def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    gold_dir, pred_dir = sys.argv[1:]
    gold_n, hit, made = collections.Counter(), collections.Counter(), collections.Counter()
    for name in sorted(os.listdir(gold_dir)):
        if not name.endswith(".align"):
            continue
        gold = beads(os.path.join(gold_dir, name))
        pred = set(beads(os.path.join(pred_dir, name)))
        for b in gold:
            gold_n[kind(b)] += 1
            hit[kind(b)] += b in pred
        for b in pred:
            made[kind(b)] += 1
    order = sorted(set(gold_n) | set(made), key=lambda k: (-gold_n[k], k))
    print("| gold kind | gold beads | produced exactly | recall | predicted beads of this kind |")
    print("| --- | --- | --- | --- | --- |")
    for k in order:
        r = f"{hit[k] / gold_n[k]:.3f}" if gold_n[k] else "-"
        print(f"| {k} | {gold_n[k]} | {hit[k]} | {r} | {made[k]} |")
    total, got = sum(gold_n.values()), sum(hit.values())
    print(f"| all | {total} | {got} | {got / total:.3f} | {sum(made.values())} |")

main()
