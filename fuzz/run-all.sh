#!/usr/bin/env bash
# run-all.sh [SECONDS] [TARGET…]: runs every cargo-fuzz target (or the ones named) for SECONDS
# each (default 600), two at a time, at the lowest priority, and prints one totals line per target
# (for BENCHMARKS.md, "Fuzzing"). Needs nightly and cargo-fuzz (`cargo install cargo-fuzz`).
#
# Each target runs in libFuzzer's fork mode with one worker (`-fork=1`), which keeps going after a
# crash, a timeout or running out of memory, so a target gets its whole time however many it finds
# (align_small: one process, restarted after a finding, see below);
# every finding lands in artifacts/TARGET/ (copy it to crashes/TARGET/ once fixed: tests/fuzz_replay.rs
# then replays it on stable). The corpus grows in corpus/TARGET/ (not committed) from seeds/TARGET/.
# Logs: target/fuzz-logs/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)
[ "${FUZZ_NO_BUILD:-}" = 1 ] || cargo +nightly fuzz build >/dev/null   # FUZZ_NO_BUILD=1: the binaries as built
bin=target/x86_64-unknown-linux-gnu/release
mkdir -p target/fuzz-logs

one() {
  local t=$1
  mkdir -p "corpus/$t" "artifacts/$t"
  # The binary directly (what `cargo fuzz run` starts), so edits to the library while it runs do
  # not trigger a rebuild.
  local opts=(-rss_limit_mb=2048 -timeout=10 -artifact_prefix="artifacts/$t/")
  local last
  if [ "$t" = align_small ]; then
    # The aligner (the built-in lexicon) is built in the target's init, outside libFuzzer's
    # per-input timer; the budget per pair is the check's own 20 s (wall), so libFuzzer's is
    # set above it and a slow pair fails with the check's message (its size and time).
    opts=(-rss_limit_mb=2048 -timeout=30 -artifact_prefix="artifacts/$t/")
    # align_small builds the aligner (the built-in lexicon) once per process, which a fork job
    # would redo every few seconds: one process instead, restarted with the time left after a
    # finding. Totals: the executions of each process summed.
    local end=$(($(date +%s) + secs)) execs=0 n
    : >"target/fuzz-logs/$t.log"
    while [ "$(date +%s)" -lt "$end" ]; do
      nice -n 19 "$bin/$t" "${opts[@]}" -print_final_stats=1 -max_total_time=$((end - $(date +%s))) \
        "corpus/$t" "seeds/$t" >"target/fuzz-logs/$t.run.log" 2>&1 || true
      cat "target/fuzz-logs/$t.run.log" >>"target/fuzz-logs/$t.log"
      n=$(grep -oE "^#[0-9]+" "target/fuzz-logs/$t.run.log" | tail -n 1 | tr -d "#" || true)
      execs=$((execs + ${n:-0}))
    done
    last="#$execs executions (summed over the restarts)"
  else
    nice -n 19 "$bin/$t" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 "${opts[@]}" \
      -max_total_time="$secs" "corpus/$t" "seeds/$t" >"target/fuzz-logs/$t.log" 2>&1 || true
    last=$(grep -E '^#[0-9]+: cov' "target/fuzz-logs/$t.log" | tail -n 1)
  fi
  local found
  found=$(find "artifacts/$t" -type f | wc -l)
  echo "$t | ${secs} s | ${last} | artifacts: $found"
}

running=0
for t in "${targets[@]}"; do
  one "$t" &
  running=$((running + 1))
  if [ "$running" -ge 2 ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait
