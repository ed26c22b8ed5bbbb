#!/usr/bin/env bash
# The `opencc-cpp` feature: hanalign's second script backend, the real C++ OpenCC through
# opencc-rust 2 (which needs OpenCC >= 1.4; Debian 12 ships 1.1.6). Recipe: link the static
# libopencc.a and libmarisa.a shipped in the PyPI wheel `opencc` 1.4.x, downloaded once into
# target/opencc-wheel/ (never committed), then run the test that converts every text under
# corpora/ with both backends and prints how often they agree.
set -euo pipefail
wheel=target/opencc-wheel
if [ ! -f "$wheel/opencc/clib/lib64/libopencc.a" ]; then
  command -v python3 >/dev/null || { apt-get update -qq && apt-get install -y -qq python3 python3-pip; }
  mkdir -p "$wheel"
  python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$wheel" "opencc>=1.4,<1.5"
  python3 -m zipfile -e "$wheel"/opencc-*.whl "$wheel"
fi
export OPENCC_LIB_DIRS="$PWD/$wheel/opencc/clib/lib64"
export OPENCC_INCLUDE_DIRS="$PWD/$wheel/opencc/clib/include"
export OPENCC_LIBS=opencc:marisa OPENCC_STATIC=1 OPENCC_DYLIB_STDCPP=1
cargo test --features opencc-cpp --test integration script_backends:: -- --nocapture
