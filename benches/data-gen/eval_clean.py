#!/usr/bin/env python3
"""eval_clean.py BIN: `tmx clean` against what make_tm.py --clean-eval planted (held-out Debian
Reference paragraphs, 5% of targets shuffled, planted duplicates, near-duplicates, untranslated
units, swapped language tags, differing numbers, empty targets). Per rule: planted, flagged,
precision (flagged units that were planted at all: a bad unit can break several rules), strict
precision (flagged units planted as that rule), recall. Data in /tmp, deleted after."""
import collections, json, os, subprocess, sys, tempfile, shutil
here = os.path.dirname(os.path.abspath(__file__))
binary = os.path.abspath(sys.argv[1])
tmp = tempfile.mkdtemp(prefix="tm-clean-eval.")
try:
    tm, truth = os.path.join(tmp, "eval.tmx"), os.path.join(tmp, "truth.tsv")
    subprocess.run([sys.executable, os.path.join(here, "make_tm.py"), tm, "0", "--clean-eval", truth], check=True)
    planted = {}
    for line in open(truth):
        k, rule = line.split()
        planted[k] = rule
    rep = os.path.join(tmp, "qa.jsonl")
    subprocess.run([binary, "tmx", "clean", tm, "-o", os.path.join(tmp, "out.tmx"), "--json", "--report", rep] + sys.argv[2:], check=True)
    found = collections.defaultdict(set)
    for line in open(rep):
        j = json.loads(line)
        if "summary" in j:
            print("summary:", json.dumps(j["summary"]))
            continue
        for r in j["rules"]:
            found[r].add(j["tuid"])
    total = sum(1 for _ in open(tm) if "<tu " in _)
    print(f"{total} units, {len(planted)} planted")
    print("| rule | planted | flagged | precision | strict precision | recall |")
    print("| --- | --- | --- | --- | --- | --- |")
    for rule in ["misaligned", "duplicate", "near-duplicate", "untranslated", "wrong-language", "numbers", "empty", "urls", "length-ratio"]:
        want = {k for k, r in planted.items() if r == rule}
        got = found.get(rule, set())
        p = sum(1 for k in got if k in planted) / len(got) if got else float("nan")
        sp = len(got & want) / len(got) if got else float("nan")
        r = len(got & want) / len(want) if want else float("nan")
        print(f"| {rule} | {len(want)} | {len(got)} | {p:.3f} | {sp:.3f} | {r:.3f} |")
finally:
    shutil.rmtree(tmp)
