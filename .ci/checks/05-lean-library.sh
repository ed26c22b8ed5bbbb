#!/usr/bin/env bash
# The library alone (issue 12): `hanalign = { default-features = false }` builds, and pulls in none
# of the command's crates (clap, clap_complete, clap_mangen, ctrlc, indicatif).
set -euo pipefail
cargo build --quiet --no-default-features --lib
cli_crates=$(cargo tree --no-default-features --edges normal --prefix none --format '{p}' \
  | awk '{print $1}' | grep -Ex 'clap|clap_complete|clap_mangen|clap_builder|ctrlc|indicatif' | sort -u || true)
if [ -n "$cli_crates" ]; then
  echo "the library without the cli feature still depends on: $cli_crates"
  exit 1
fi
echo "library without the cli feature: builds, no clap/indicatif/ctrlc"
