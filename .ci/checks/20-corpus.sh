#!/usr/bin/env bash
# The shipped corpora and glossary agree with themselves: gold sentence lists reproduce the texts,
# gold.align covers every text unit once and in order, every glossary entry occurs in the seed pair.
set -euo pipefail
command -v python3 >/dev/null || { apt-get update -qq && apt-get install -y -qq python3; }
python3 corpora/check.py
