#!/usr/bin/env bash
# Prepares the benchmark corpora under target/bench-data/ (never committed):
#   en.txt  English prose, >= 5 MB   (Debian Reference 2.100, package debian-reference-en)
#   zh.txt  Chinese prose, >= 5 MB   (the same book in Traditional Chinese, debian-reference-zh-tw)
# The chapter HTML files are stripped of tags: one line per paragraph, list item, heading or
# table cell, code blocks dropped. The book (about 0.9 MB of text per language) is repeated
# until the file reaches 5 MB. Needs apt-get (Debian/Ubuntu) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench-data
mkdir -p "$out/deb"
for pkg in debian-reference-en debian-reference-zh-tw; do
  if ! ls "$out/deb/${pkg}"_*.deb >/dev/null 2>&1; then
    (cd "$out/deb" && apt-get download "$pkg")
  fi
  rm -rf "$out/deb/$pkg" && mkdir -p "$out/deb/$pkg"
  dpkg-deb -x "$out/deb/${pkg}"_*.deb "$out/deb/$pkg"
done
python3 - "$out" <<'PY'
import glob, html.parser, os, re, sys

out = sys.argv[1]
BLOCKS = {"p", "li", "dt", "dd", "td", "th", "h1", "h2", "h3", "h4", "h5", "title", "caption"}
SKIP = {"pre", "script", "style"}

class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paras, self.buf, self.skip = [], [], 0
    def flush(self):
        t = re.sub(r"\s+", " ", "".join(self.buf)).strip()
        if t:
            self.paras.append(t)
        self.buf = []
    def handle_starttag(self, tag, attrs):
        if tag in SKIP: self.skip += 1
        if tag in BLOCKS: self.flush()
    def handle_endtag(self, tag):
        if tag in SKIP: self.skip = max(0, self.skip - 1)
        if tag in BLOCKS: self.flush()
    def handle_data(self, data):
        if not self.skip: self.buf.append(data)

for lang, pkg in (("en", "debian-reference-en"), ("zh", "debian-reference-zh-tw")):
    files = sorted(glob.glob(f"{out}/deb/{pkg}/usr/share/debian-reference/ch*.html"),
                   key=lambda f: (len(f), f))
    p = Text()
    for f in files:
        p.feed(open(f, encoding="utf-8").read()); p.flush()
    book = "\n".join(p.paras) + "\n"
    size = len(book.encode())
    copies = -(-5_000_000 // size)
    with open(f"{out}/{lang}.txt", "w", encoding="utf-8") as f:
        f.write(book * copies)
    print(f"{out}/{lang}.txt: {len(files)} chapters, {len(p.paras)} paragraphs, "
          f"{size} bytes x {copies} = {size * copies} bytes")
PY
