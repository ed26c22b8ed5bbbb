#!/usr/bin/env bash
# GUIDE.md stays true, as a translator would follow it:
# - every `hanalign …` command in its ```sh blocks runs with `set -o pipefail` (exit 0), in a scratch
#   copy of corpora/ and glossary/ with a fresh HOME and a narrow terminal (COLUMNS=60); the batch
#   commands run on an archive/ and a pairs.tsv made from the seed article;
# - every line of every ```text block (output the GUIDE quotes) appears in what those commands printed
#   (or wrote with -o);
# - the figures the GUIDE's prose quotes (EXPECT below) appear in the output of their command;
# - at least guide.commands (.ci/floors.toml) commands ran and matched.
# Only commands that need the reader's own OmegaT project (PROJECT/) are skipped.
set -euo pipefail
command -v python3 >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >/dev/null
}
root=$(pwd)
bin="${HANALIGN_BIN:-$root/target/release/hanalign}"
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/home" "$work/run"
ln -s "$bin" "$work/bin/hanalign"
cp -r corpora glossary "$work/run/"
# The reader's archive for section 5: two copies of the seed article, in a sub-folder too, and a manifest.
mkdir -p "$work/run/archive/2025"
cp corpora/meta-avocado/zh.txt "$work/run/archive/meta.zh.txt"
cp corpora/meta-avocado/en.txt "$work/run/archive/meta.en.txt"
cp corpora/meta-avocado/zh.txt "$work/run/archive/2025/meta-copy.zh.txt"
cp corpora/meta-avocado/en.txt "$work/run/archive/2025/meta-copy.en.txt"
printf 'corpora/meta-avocado/zh.txt\tcorpora/meta-avocado/en.txt\tavocado\n' >"$work/run/pairs.tsv"

# What the GUIDE's prose says a command prints: "command substring<TAB>excerpt of its output".
cat >"$work/expect.tsv" <<'EOF_EXPECT'
--format tsv -o meta.tsv --report review.html	hanalign: warning: 7 of 78 beads are weak (confidence under 0.5); review them
--glossary glossary/ai-industry.tsv -o out.tmx	hanalign: 71 translation units (zh-TW -> en-US)
hanalign tmx validate out.tmx	out.tmx: valid TMX 1.4b (0 warning(s))
hanalign tmx stats out.tmx	bead kinds: 1-1: 59, 1-2: 6, 2-1: 6
hanalign tmx stats out.tmx	0 below 0.5
hanalign glossary check --tmx out.tmx	0 findings in 71 pairs
hanalign batch archive/	meta-copy
hanalign batch pairs.tsv	avocado
EOF_EXPECT

python3 - GUIDE.md "$work/commands.sh" "$work/texts.txt" <<'EOF_PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
cmds, texts = [], []
for kind, block in re.findall(r"```(sh|text)\n(.*?)```", text, re.S):
    if kind == "text":
        texts += [l for l in block.splitlines() if l.strip()]
        continue
    for cmd in block.replace("\\\n", " ").splitlines():
        cmd = cmd.split("  #")[0].strip()
        if (cmd.startswith("hanalign ") or cmd.startswith("mkdir ")) and "PROJECT" not in cmd:
            cmds.append(cmd)
open(sys.argv[2], "w", encoding="utf-8").write("".join(c + "\n" for c in cmds))
open(sys.argv[3], "w", encoding="utf-8").write("".join(t + "\n" for t in texts))
EOF_PY
# The prose's `--fail-under` example: 0.9 passes, 0.95 fails (exit 1) with the quoted message.
cat >>"$work/commands.sh" <<'EOF_CMDS'
hanalign align corpora/meta-avocado/zh.txt corpora/meta-avocado/en.txt --glossary glossary/ai-industry.tsv -o fu.tsv --fail-under 0.9
! hanalign align corpora/meta-avocado/zh.txt corpora/meta-avocado/en.txt --glossary glossary/ai-industry.tsv -o fu.tsv --fail-under 0.95
EOF_CMDS
command -v man >/dev/null || sed -i 's/ | man -l -$/ >\/dev\/null/' "$work/commands.sh"

n=0
: >"$work/all.txt"
cd "$work/run"
while IFS= read -r cmd; do
  n=$((n + 1))
  if ! env -i PATH="$work/bin:/usr/bin:/bin" HOME="$work/home" COLUMNS=60 MANPAGER=cat LANG=C.UTF-8 \
    bash -c "set -o pipefail; $cmd" >"$work/out.txt" 2>&1 </dev/null; then
    echo "GUIDE.md command failed: $cmd"
    cat "$work/out.txt"
    exit 1
  fi
  { echo "\$ $cmd"; cat "$work/out.txt"; } >>"$work/all.txt"
  # What a command wrote with -o counts as its output too (the GUIDE quotes candidates.tsv).
  for f in $(grep -oE -- '-o [^ ]+' <<<"$cmd" | cut -c4-); do
    [ -f "$f" ] && cat "$f" >>"$work/all.txt"
  done
  while IFS=$'\t' read -r pattern excerpt; do
    case "$cmd" in *"$pattern"*)
      grep -qF -- "$excerpt" "$work/out.txt" || {
        echo "GUIDE.md says \`$cmd\` prints \`$excerpt\`; it printed:"
        cat "$work/out.txt"
        exit 1
      } ;;
    esac
  done <"$work/expect.tsv"
done <"$work/commands.sh"

# Every quoted output line, whitespace-insensitive, appears in what the commands printed.
python3 - "$work/texts.txt" "$work/all.txt" <<'EOF_PY'
import sys
norm = lambda s: " ".join(s.split())
out = norm(open(sys.argv[2], encoding="utf-8").read())
missing = [t for t in open(sys.argv[1], encoding="utf-8").read().splitlines() if norm(t) not in out]
for t in missing:
    print(f"GUIDE.md quotes output no command printed: {t}")
sys.exit(1 if missing else 0)
EOF_PY
echo "GUIDE.md: $n commands ran, their quoted output matched"
cd "$root"
.ci/floor check guide.commands "$n" "GUIDE.md commands run and matched"
