#!/usr/bin/env python3
"""align-long-score.py PARA_JSON BEADS...

Scores `align --format beads` output on long-dev or on the long-dev pair cycled to N sentences
(`/tmp/.../zhN.txt`: long-dev's sentence lists repeated, sentence i of a side being sentence
i mod n of long-dev, in copy i div n), the way ../shared/eval/align-long-dev does: the share of
sentences whose bead is paired and stays inside one paragraph pair (and one copy). Also splits the
misses by kind (1-0/0-1, a bead whose two sides share some but not all paragraphs, a bead across a
paragraph end on both sides, a bead in the wrong paragraph) and lists the longest runs of missed
sentences (a search that lost the diagonal shows as one long run).

PARA_JSON: {"zh": [paragraph of each sentence], "en": [...]}, from `hanalign segment --format
jsonl` of the harness's cached zh.txt/en.txt with markup units dropped, as the harness does.
"""
import collections, json, sys

para = json.load(open(sys.argv[1]))
pz, pe = para["zh"], para["en"]
key = lambda side, i: (i // len(side), side[i % len(side)])
for path in sys.argv[2:]:
    bad = collections.Counter()
    runs, cur, tot = [], 0, 0
    for line in open(path):
        if not line.strip():
            continue
        s, t = line.split(":")[:2]
        s = [int(x) for x in s.strip("[]").split(",") if x.strip()]
        t = [int(x) for x in t.strip("[]").split(",") if x.strip()]
        n = len(s) + len(t)
        tot += n
        ps, pt = {key(pz, i) for i in s}, {key(pe, j) for j in t}
        if not s or not t:
            kind = "gap"
        elif len(ps | pt) == 1:
            kind = None
        elif ps == pt:
            kind = "across a paragraph end"
        elif ps & pt:
            kind = "partly another paragraph"
        else:
            kind = "wrong paragraph"
        if kind:
            bad[kind] += n
            cur += n
        elif cur:
            runs.append(cur)
            cur = 0
    if cur:
        runs.append(cur)
    runs.sort(reverse=True)
    share = lambda x: f"{x / tot * 100:.2f}%"
    print(f"{path}: paragraph-consistent {share(tot - sum(bad.values()))} of {tot} sentences; misses "
          + ", ".join(f"{k} {share(v)}" for k, v in bad.most_common())
          + f"; longest missed runs {runs[:5]}")
