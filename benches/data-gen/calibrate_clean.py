#!/usr/bin/env python3
"""calibrate_clean.py BIN

Chooses `tmx clean`'s misaligned threshold on a CALIBRATION set: the gold sentence pairs of
corpora/meta-avocado and the even-numbered paragraph pairs of the Debian Reference (long-dev cache),
each real pair once and once with its target replaced by another pair's target. The odd-numbered
Debian paragraphs are left for the evaluation (make_tm.py --clean-eval). Prints the score
distribution of real and shuffled pairs and the threshold with the best F1 for "shuffled".
"""
import json, os, random, subprocess, sys, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import importlib.util
spec = importlib.util.spec_from_file_location("make_tm", os.path.join(os.path.dirname(os.path.abspath(__file__)), "make_tm.py"))

def main():
    binary = sys.argv[1]
    sys.argv = [sys.argv[0], "--noop"]
    mt = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(mt)
    except (IndexError, SystemExit):
        pass
    seed_pairs, debian = mt.pairs_split()
    cal = seed_pairs + [p for i, p in enumerate(debian) if i % 2 == 0]
    cal = [p for p in cal if 4 <= len(p[0]) < 400 and len(p[1]) < 800]
    rng = random.Random(11)
    shuffled = [(z, cal[(i + 1 + rng.randrange(len(cal) - 1)) % len(cal)][1]) for i, (z, _) in enumerate(cal)]
    tmp = tempfile.mkdtemp()
    tm = os.path.join(tmp, "cal.tmx")
    with open(tm, "w", encoding="utf-8") as f:
        f.write(mt.HEAD.format(src="zh-CN"))
        k = 0
        for label, ps in (("real", cal), ("shuffled", shuffled)):
            for z, e in ps:
                f.write(mt.unit(f"{label}-{k}", "zh-CN", z, "en-US", e, "20250101T000000Z", "1.000"))
                k += 1
        f.write("  </body>\n</tmx>\n")
    rep = os.path.join(tmp, "qa.jsonl")
    subprocess.run([binary, "tmx", "clean", tm, "-o", os.path.join(tmp, "out.tmx"), "--flag-only", "--json",
                    "--misaligned-below", "2", "--report", rep], check=True)
    scores = {"real": [], "shuffled": []}
    for line in open(rep, encoding="utf-8"):
        j = json.loads(line)
        if "summary" in j or j.get("score") is None:
            continue
        scores[j["tuid"].split("-")[0]].append(j["score"])
    for k, v in scores.items():
        v.sort()
        q = lambda p: v[min(len(v) - 1, int(p * len(v)))]
        print(f"{k}: n={len(v)} p05={q(.05):.3f} p25={q(.25):.3f} median={q(.5):.3f} p75={q(.75):.3f} p95={q(.95):.3f}")
    best = None
    for t in sorted(set(scores["real"] + scores["shuffled"])):
        t2 = t + 1e-9
        tp = sum(s < t2 for s in scores["shuffled"]); fp = sum(s < t2 for s in scores["real"])
        fn = len(scores["shuffled"]) - tp
        p = tp / (tp + fp) if tp + fp else 1.0; r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if best is None or f1 > best[0]:
            best = (f1, t2, p, r)
    print(f"best threshold {best[1]:.3f}: precision {best[2]:.3f} recall {best[3]:.3f} F1 {best[0]:.3f} (calibration set)")

main()
