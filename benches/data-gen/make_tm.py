#!/usr/bin/env python3
"""make_tm.py OUT.tmx SIZE_MB [--clean-eval TRUTH.tsv] [--seed N]

Writes a TMX of about SIZE_MB megabytes made of REAL sentence pairs, for benchmarks and for the
`tmx clean` evaluation. Never commit its output: generate it in /tmp.

Sources (both real translations):
- corpora/meta-avocado: the gold sentence alignment (gold.align over zh/en.sentences.txt);
- the Debian Reference pair cached by ../shared/eval/align-long-dev in ~/.cache/hanalign-eval
  (paragraph k of zh.txt is paragraph k of en.txt).
Round 0 writes each pair once; later rounds join two pairs chosen at random (both sides joined the
same way, so the unit is still a translation) until the size is reached, with dates, tuids,
x-confidence props, and about 3% exact duplicates so `merge` has work.

With --clean-eval, the file is instead the `tmx clean` evaluation set: the real pairs once each,
5% of units with their target side shuffled (not translations), plus planted exact duplicates,
width/whitespace duplicates, untranslated units, wrong language tags, differing numbers and empty
segments; TRUTH.tsv lists `tuid<TAB>rule` for everything planted (rule names as in `tmx clean`).
"""
import os, random, re, sys
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CACHE = os.environ.get("HANALIGN_EVAL_CACHE", os.path.expanduser("~/.cache/hanalign-eval"))


def pairs():
    a, b = pairs_split()
    return a + b


def pairs_split():
    """(seed corpus gold pairs, Debian Reference paragraph pairs)."""
    out = []
    d = os.path.join(ROOT, "corpora", "meta-avocado")
    # gold.align numbers the text units: markup units (`![]()`) excluded, as corpora/check.py does
    markup = re.compile(r"!\[[^\]]*\]\([^)]*\)")
    units = lambda n: [u for u in open(os.path.join(d, n), encoding="utf-8").read().split("\n")
                       if u != "" and not markup.fullmatch(u)]
    zh, en = units("zh.sentences.txt"), units("en.sentences.txt")
    for line in open(os.path.join(d, "gold.align"), encoding="utf-8"):
        m = re.match(r"\[([\d,]*)\]:\[([\d,]*)\]", line.strip())
        if not m or not m.group(1) or not m.group(2):
            continue
        z = "".join(zh[int(i)] for i in m.group(1).split(","))
        e = " ".join(en[int(i)] for i in m.group(2).split(","))
        if z.strip() and e.strip():
            out.append((z.strip(), e.strip()))
    dr = os.path.join(CACHE, "debian-reference")
    if os.path.exists(os.path.join(dr, "zh.txt")):
        zp = open(os.path.join(dr, "zh.txt"), encoding="utf-8").read().split("\n\n")
        ep = open(os.path.join(dr, "en.txt"), encoding="utf-8").read().split("\n\n")
        deb = [(z.strip(), e.strip()) for z, e in zip(zp, ep) if z.strip() and e.strip()]
    else:
        sys.stderr.write("make_tm: no long-dev cache (run ../shared/eval/align-long-dev once); seed only\n")
        deb = []
    return out, deb


HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n  <header creationtool="make_tm" '
        'creationtoolversion="1" segtype="sentence" o-tmf="hanalign" adminlang="en-US" srclang="{src}" '
        'datatype="plaintext" creationdate="20250101T000000Z"/>\n  <body>\n')


def unit(tuid, zl, z, el, e, date, conf, extra=""):
    return (f'    <tu tuid="{tuid}" creationdate="{date}">\n      <prop type="x-confidence">{conf}</prop>{extra}\n'
            f'      <tuv xml:lang="{zl}">\n        <seg>{escape(z)}</seg>\n      </tuv>\n'
            f'      <tuv xml:lang="{el}">\n        <seg>{escape(e)}</seg>\n      </tuv>\n    </tu>\n')


def date(rng):
    return f"20{rng.randint(15, 25):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}0000Z"


def bench(out, size, rng):
    ps = pairs()
    limit = size * 1_000_000
    with open(out, "w", encoding="utf-8") as f:
        f.write(HEAD.format(src="zh-CN"))
        n, written, recent = 0, 0, []
        while written < limit:
            if n < len(ps):
                z, e = ps[n]
            elif recent and rng.random() < 0.03:
                z, e = rng.choice(recent)
            else:
                (z1, e1), (z2, e2) = rng.choice(ps), rng.choice(ps)
                z, e = z1 + z2, e1 + " " + e2
            if len(recent) < 10000:
                recent.append((z, e))
            else:
                recent[rng.randrange(10000)] = (z, e)
            s = unit(n, "zh-CN", z, "en-US", e, date(rng), f"{rng.random():.3f}")
            f.write(s)
            written += len(s.encode("utf-8"))
            n += 1
        f.write("  </body>\n</tmx>\n")
    sys.stderr.write(f"make_tm: {out}: {n} units, {written / 1e6:.0f} MB\n")


FULLWIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


def clean_eval(out, truth, rng):
    # the odd-numbered Debian paragraphs: calibrate_clean.py chose the threshold on the others
    _, deb = pairs_split()
    ps = [p for i, p in enumerate(deb) if i % 2 == 1 and 4 <= len(p[0]) < 400 and len(p[1]) < 800]
    ps = list(dict.fromkeys(ps))  # the Reference repeats some paragraphs (headings): once each
    rng.shuffle(ps)
    ps = ps[:3000]
    units, planted = [], []
    n = len(ps)
    shuffled = set(rng.sample(range(n), n // 20))
    targets = [e for _, e in ps]
    order = sorted(shuffled)
    moved = order[1:] + order[:1]  # a cycle: every chosen unit gets another unit's target
    for a, b in zip(order, moved):
        targets[a] = ps[b][1]
    for i, (z, _) in enumerate(ps):
        units.append(("zh-CN", z, "en-US", targets[i]))
        if i in shuffled:
            planted.append((i, "misaligned"))
    def add(zl, z, el, e, rule):
        planted.append((len(units), rule))
        units.append((zl, z, el, e))
    clean = [i for i in range(n) if i not in shuffled]
    for i in rng.sample(clean, 60):
        z, e = ps[i]
        add("zh-CN", z, "en-US", e, "duplicate")
    for i in rng.sample(clean, 40):
        z, e = ps[i]
        add("zh-CN", z.translate(FULLWIDTH) + " ", "en-US", "  " + e.replace(" ", "  "), "near-duplicate")
    for i in rng.sample(clean, 40):
        z, e = ps[i]
        add("zh-CN", e, "en-US", e, "untranslated")
    for i in rng.sample(clean, 40):
        z, e = ps[i]
        add("en-US", z, "zh-CN", e, "wrong-language")
    for i in rng.sample(clean, 30):
        z, e = ps[i]
        add("zh-CN", z + "（2019年）", "en-US", e + " (in 2017)", "numbers")
    for i in rng.sample(clean, 20):
        z, _ = ps[i]
        add("zh-CN", z, "en-US", "", "empty")
    with open(out, "w", encoding="utf-8") as f:
        f.write(HEAD.format(src="zh-CN"))
        for k, (zl, z, el, e) in enumerate(units):
            f.write(unit(k, zl, z, el, e, "20250101T000000Z", "1.000"))
        f.write("  </body>\n</tmx>\n")
    with open(truth, "w", encoding="utf-8") as t:
        for k, rule in planted:
            t.write(f"{k}\t{rule}\n")
    sys.stderr.write(f"make_tm: {out}: {len(units)} units, {len(planted)} planted\n")


def main():
    a = sys.argv[1:]
    if a == ["--noop"]:
        return
    seed = 7
    if "--seed" in a:
        i = a.index("--seed"); seed = int(a[i + 1]); del a[i:i + 2]
    rng = random.Random(seed)
    if "--clean-eval" in a:
        i = a.index("--clean-eval"); truth = a[i + 1]; del a[i:i + 2]
        clean_eval(a[0], truth, rng)
    else:
        bench(a[0], int(a[1]), rng)


main()
