#!/usr/bin/env bash
# OmegaT with hanalign's segmentation rules, loaded as a translator loads them: `hanalign srx
# --format omegat-conf` written to the project's omegat/segmentation.conf (OmegaT 3.6, as Debian
# ships it, keeps rules there; 4.x and later read omegat/segmentation.srx, which `hanalign srx`
# writes). The project is built as ../shared/tmx/omegat-check builds it (text filter: a line break
# ends a paragraph), then OmegaT translates corpora/meta-avocado/zh.txt with
#   a) the README's TMX and b) a TMX made from the gold alignment (corpora/meta-avocado/gold.align),
# each with OmegaT's own rules and with hanalign's; and a probe (below) counts how many of
# hanalign's sentences OmegaT cuts alike. Prints the figures and holds omegat_srx.lines_filled and
# omegat_srx.sentences_alike (.ci/floors.toml) with hanalign's rules.
set -euo pipefail
bin="${HANALIGN_BIN:-target/release/hanalign}"
out=target/omegat-srx
rm -rf "$out" && mkdir -p "$out"
[ -f /usr/share/omegat/OmegaT.jar ] && command -v java >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq omegat >/dev/null
}

"$bin" align corpora/meta-avocado/zh.txt corpora/meta-avocado/en.txt --glossary glossary/ai-industry.tsv \
  --format tmx -o "$out/hanalign.tmx"
"$bin" srx --format omegat-conf -o "$out/segmentation.conf"
"$bin" srx -o "$out/segmentation.srx"
python3 - corpora/meta-avocado "$out/gold.tmx" <<'PY'
# The gold TMX: the gold beads of corpora/meta-avocado, text units joined as hanalign joins them.
import re, sys
from xml.sax.saxutils import escape
d, out = sys.argv[1], sys.argv[2]
units = {l: [u for u in open(f"{d}/{l}.sentences.txt", encoding="utf-8").read().splitlines() if u != "![]()"]
         for l in ("zh", "en")}
def join(us):
    s = ""
    for u in us:
        tight = not s or not s[-1].isascii() or not u[0].isascii() or (re.search(r"[\u4e00-\u9fff]", s) and re.search(r"[\u4e00-\u9fff]", u))
        s += ("" if tight else " ") + u
    return s
tus = []
for line in open(f"{d}/gold.align", encoding="utf-8"):
    src, tgt = (json_list.strip("[]") for json_list in line.strip().split(":")[:2])
    src = [int(i) for i in src.split(",") if i]; tgt = [int(i) for i in tgt.split(",") if i]
    if src and tgt:
        tus.append((join(units["zh"][i] for i in src), join(units["en"][i] for i in tgt)))
with open(out, "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="gold" creationtoolversion="1" '
            'segtype="sentence" o-tmf="none" adminlang="en" srclang="zh-TW" datatype="plaintext"/><body>\n')
    for s, t in tus:
        f.write(f'<tu><tuv xml:lang="zh-TW"><seg>{escape(s)}</seg></tuv><tuv xml:lang="en-US"><seg>{escape(t)}</seg></tuv></tu>\n')
    f.write("</body></tmx>\n")
print(f"gold TMX: {len(tus)} units")
PY

# The probe: every sentence hanalign cuts from zh.txt (and from the hard cases below, real web-Chinese
# patterns) as its own unit with target "S<n>": the units OmegaT fills show how many of hanalign's
# sentences OmegaT cuts alike.
{ cat corpora/meta-avocado/zh.txt; echo; } >"$out/probe.txt"   # zh.txt has no final newline
cat >>"$out/probe.txt" <<'TXT'
他喊「快跑！」然後就跑了。「快跑！」他喊。
《你好。世界》是書。Google Inc.和Meta合作。Yahoo!Japan很好!真的不好?對。
他來了……我們走吧。最新消息,Meta的新模型不僅閉源,甚至套殼Qwen!據彭博社報道,TBD團隊蒸餾了數據。
TXT
"$bin" segment --format jsonl "$out/probe.txt" | python3 -c '
import json, sys
from xml.sax.saxutils import escape
units = [json.loads(l) for l in sys.stdin]
units = [u["text"] for u in units if u.get("kind") != "markup"]
print("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"probe\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"none\" adminlang=\"en\" srclang=\"zh-TW\" datatype=\"plaintext\"/><body>")
for i, u in enumerate(units):
    print(f"<tu><tuv xml:lang=\"zh-TW\"><seg>{escape(u)}</seg></tuv><tuv xml:lang=\"en-US\"><seg>S{i}</seg></tuv></tu>")
print("</body></tmx>")
' >"$out/probe.tmx"
probe_total=$(grep -c '<tu>' "$out/probe.tmx")

# translate TMX RULES [SOURCE]: prints the number of zh.txt lines OmegaT filled from TMX (RULES: default|hanalign).
translate() {
  local tmx=$1 rules=$2 src=${3:-corpora/meta-avocado/zh.txt} p
  p=$(mktemp -d "$out/project.XXXXXX")
  mkdir -p "$p"/{source,target,tm/auto,glossary,dictionary,omegat} "$p/cfg"
  cp "$src" "$p/source/"; cp "$tmx" "$p/tm/auto/"
  cat > "$p/omegat.project" <<XML
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat><project version="1.0">
 <source_dir>__DEFAULT__</source_dir><target_dir>__DEFAULT__</target_dir><tm_dir>__DEFAULT__</tm_dir>
 <glossary_dir>__DEFAULT__</glossary_dir><glossary_file>__DEFAULT__</glossary_file><dictionary_dir>__DEFAULT__</dictionary_dir>
 <source_lang>zh-TW</source_lang><target_lang>en-US</target_lang>
 <source_tok>org.omegat.tokenizer.LuceneSmartChineseTokenizer</source_tok><target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
 <sentence_seg>true</sentence_seg><support_default_translations>true</support_default_translations><remove_tags>false</remove_tags>
</project></omegat>
XML
  cat > "$p/omegat/filters.xml" <<XML
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<filters removeTags="false" removeSpacesNonseg="true" preserveSpaces="false" ignoreFileContext="false">
 <filter className="org.omegat.filters2.text.TextFilter" enabled="true">
  <files sourceFilenameMask="*.txt" targetFilenamePattern="\${filename}" sourceEncoding="UTF-8" targetEncoding="UTF-8"/>
  <option name="segmentOn" value="BREAKS"/>
 </filter>
</filters>
XML
  if [ "$rules" = hanalign ]; then
    cp "$out/segmentation.conf" "$p/omegat/segmentation.conf"
    cp "$out/segmentation.srx" "$p/omegat/segmentation.srx"
  fi
  timeout 300 java -Djava.awt.headless=true -jar /usr/share/omegat/OmegaT.jar "$p" --mode=console-translate \
    --config-dir="$p/cfg" --quiet > "$p/run.log" 2>&1 || true
  if grep -qE 'TF_TM_LOAD_ERROR|Exception' "$p/run.log"; then
    echo "OmegaT reported an error ($rules rules, $(basename "$tmx")); see $p/run.log" >&2
    grep -E 'TF_TM_LOAD_ERROR|Exception' "$p/run.log" | head -5 >&2
    echo -1
    return
  fi
  if [ "$src" = "$out/probe.txt" ]; then
    grep -oE 'S[0-9]+' "$p/target/probe.txt" | sort -u | wc -l
  else
    diff <(sed 's/[[:space:]]*$//' "$src") <(sed 's/[[:space:]]*$//' "$p/target/$(basename "$src")") | grep -c '^>' || true
  fi
}

total=$(grep -c . corpora/meta-avocado/zh.txt)
ours_default=$(translate "$out/hanalign.tmx" default)
gold_default=$(translate "$out/gold.tmx" default)
ours_srx=$(translate "$out/hanalign.tmx" hanalign)
gold_srx=$(translate "$out/gold.tmx" hanalign)
probe_default=$(translate "$out/probe.tmx" default "$out/probe.txt")
probe_srx=$(translate "$out/probe.tmx" hanalign "$out/probe.txt")
echo "hanalign's sentences of zh.txt and the hard cases that OmegaT cuts alike (of $probe_total):"
echo "  OmegaT's rules: $probe_default; hanalign's rules: $probe_srx"
echo "OmegaT lines of zh.txt filled (of $total):"
echo "  OmegaT's rules:   hanalign TMX $ours_default, gold TMX $gold_default"
echo "  hanalign's rules: hanalign TMX $ours_srx, gold TMX $gold_srx"
.ci/floor check omegat_srx.lines_filled "$ours_srx" "OmegaT lines filled with hanalign's SRX"
.ci/floor check omegat_srx.sentences_alike "$probe_srx" "hanalign sentences OmegaT cuts alike with hanalign's SRX"
