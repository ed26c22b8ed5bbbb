#!/usr/bin/env bash
# The library's API documentation builds without a warning: no broken or private intra-doc link,
# no ambiguous one (`write` the function vs the macro). The crate docs are how a Rust program
# learns the API (issue 12), so a link that does not resolve is a bug.
set -euo pipefail
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --lib -q
echo "cargo doc: no warning"
