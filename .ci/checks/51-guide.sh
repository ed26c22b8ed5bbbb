#!/usr/bin/env bash
# GUIDE.md stays true: every `hanalign …` command in its ```sh blocks runs (exit 0) on the seed corpus,
# in a scratch copy of corpora/ and glossary/. Commands that need the reader's own files (archive/,
# pairs.tsv, a PROJECT folder, the home folder) are skipped.
set -euo pipefail
command -v python3 >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >/dev/null
}
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r corpora glossary "$work/"
export PATH="$root/target/release:$PATH"
python3 - GUIDE.md >"$work/commands.sh" <<'EOF_PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for block in re.findall(r"```sh\n(.*?)```", text, re.S):
    for cmd in block.replace("\\\n", " ").splitlines():
        cmd = cmd.split("  #")[0].strip()
        if not cmd.startswith("hanalign ") or re.search(r"archive/|pairs\.tsv|PROJECT|~|\| *man", cmd):
            continue
        print(cmd)
EOF_PY
n=0
cd "$work"
while IFS= read -r cmd; do
  n=$((n + 1))
  if ! bash -c "$cmd" >"$work/out.txt" 2>"$work/err.txt"; then
    echo "GUIDE.md command failed: $cmd"
    cat "$work/err.txt"
    exit 1
  fi
done <"$work/commands.sh"
[ "$n" -ge 10 ] || { echo "only $n commands found in GUIDE.md; did the format change?"; exit 1; }
echo "GUIDE.md: $n commands ran"
