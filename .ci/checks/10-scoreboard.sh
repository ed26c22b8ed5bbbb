#!/usr/bin/env bash
# The public scoreboards (segmentation Golden Rules, MAC-Dev alignment), printed for the record.
set -euo pipefail
shared="$(pwd)/../shared"
if [ ! -d "$shared/eval" ]; then
  echo "../shared/eval not found; skipping the scoreboards"
  exit 0
fi
"$shared/eval/segment-golden" target/release/hanalign | tail -n 1
"$shared/eval/align-mac-dev" target/release/hanalign | tail -n 3
