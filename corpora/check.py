#!/usr/bin/env python3
"""Consistency check of the shipped corpora and glossary (stdlib only).

For every corpora/<name>/ holding zh.txt, en.txt, zh.sentences.txt, en.sentences.txt and gold.align:
  * each gold sentence list reproduces its text: the units occur in order in the original, each unit
    is trimmed, and together they cover every non-whitespace character;
  * gold.align covers every text unit (markup units such as `![]()` excluded) of both sides exactly
    once and in order; prints the bead-kind histogram.
For glossary/ai-industry.tsv: every source term occurs in corpora/meta-avocado/zh.txt and every
target in corpora/meta-avocado/en.txt; no duplicate sources; three columns.

Run from the repository root: `python3 corpora/check.py`. Exit status 1 on any finding.
"""
import collections
import os
import re
import sys

MARKUP = re.compile(r"!\[[^\]]*\]\([^)]*\)")
BEAD = re.compile(r"\[([0-9,]*)\]:\[([0-9,]*)\](?::[0-9.]+)?")
problems = []


def bad(msg):
    problems.append(msg)
    print("check.py: " + msg, file=sys.stderr)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def check_units(text_path, units_path):
    text = read(text_path)
    units = [u for u in read(units_path).split("\n") if u != ""]
    pos = 0
    covered = [False] * len(text)
    for n, u in enumerate(units, 1):
        if u != u.strip():
            bad(f"{units_path}:{n}: unit is not trimmed")
        i = text.find(u, pos)
        if i < 0:
            bad(f"{units_path}:{n}: unit not found in order in {text_path}: {u[:40]!r}")
            continue
        gap = text[pos:i]
        if gap.strip():
            bad(f"{units_path}:{n}: text skipped before this unit: {gap.strip()[:40]!r}")
        for k in range(i, i + len(u)):
            covered[k] = True
        pos = i + len(u)
    if text[pos:].strip():
        bad(f"{units_path}: text after the last unit not covered: {text[pos:].strip()[:40]!r}")
    return units


def text_units(units):
    return [u for u in units if not MARKUP.fullmatch(u)]


def check_align(path, nzh, nen):
    hist = collections.Counter()
    nz = ne = 0
    for n, line in enumerate(read(path).split("\n"), 1):
        if not line.strip():
            continue
        m = BEAD.fullmatch(line.strip())
        if not m:
            bad(f"{path}:{n}: not a bead: {line!r}")
            continue
        a = [int(x) for x in m.group(1).split(",") if x]
        b = [int(x) for x in m.group(2).split(",") if x]
        if not a and not b:
            bad(f"{path}:{n}: empty bead")
        if a != list(range(nz, nz + len(a))):
            bad(f"{path}:{n}: Chinese indices {a} out of order (expected from {nz})")
        if b != list(range(ne, ne + len(b))):
            bad(f"{path}:{n}: English indices {b} out of order (expected from {ne})")
        nz += len(a)
        ne += len(b)
        hist[f"{len(a)}-{len(b)}"] += 1
    if nz != nzh:
        bad(f"{path}: covers {nz} Chinese text units, the gold list has {nzh}")
    if ne != nen:
        bad(f"{path}: covers {ne} English text units, the gold list has {nen}")
    return hist


def check_glossary(path, zh_text, en_text):
    seen = set()
    count = 0
    for n, line in enumerate(read(path).split("\n"), 1):
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) not in (3, 4) or not all(c.strip() for c in cols):
            bad(f"{path}:{n}: expected three non-empty tab-separated columns (and optional attributes)")
            continue
        src, tgt = cols[0], cols[1]
        count += 1
        if src in seen:
            bad(f"{path}:{n}: duplicate source {src!r}")
        seen.add(src)
        if src not in zh_text:
            bad(f"{path}:{n}: source {src!r} does not occur in zh.txt")
        if not re.search(r"(?<![A-Za-z])" + re.escape(tgt) + r"(?![A-Za-z])", en_text):
            bad(f"{path}:{n}: target {tgt!r} does not occur as a word in en.txt")
    return count


def main():
    root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    corpora = os.path.join(root, "corpora")
    for name in sorted(os.listdir(corpora)):
        d = os.path.join(corpora, name)
        if not os.path.isfile(os.path.join(d, "gold.align")):
            continue
        zh = check_units(os.path.join(d, "zh.txt"), os.path.join(d, "zh.sentences.txt"))
        en = check_units(os.path.join(d, "en.txt"), os.path.join(d, "en.sentences.txt"))
        zt, et = text_units(zh), text_units(en)
        hist = check_align(os.path.join(d, "gold.align"), len(zt), len(et))
        kinds = ", ".join(f"{k}: {v}" for k, v in sorted(hist.items()))
        print(f"{name}: zh {len(zh)} units ({len(zt)} text), en {len(en)} units ({len(et)} text), "
              f"{sum(hist.values())} beads ({kinds})")
    gl = os.path.join(root, "glossary", "ai-industry.tsv")
    seed = os.path.join(corpora, "meta-avocado")
    n = check_glossary(gl, read(os.path.join(seed, "zh.txt")), read(os.path.join(seed, "en.txt")))
    print(f"glossary/ai-industry.tsv: {n} entries checked against meta-avocado")
    if problems:
        print(f"check.py: {len(problems)} problem(s)", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
