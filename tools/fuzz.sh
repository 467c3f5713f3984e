#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (configure preset "sanitize", build preset "fuzz") and
# runs each for a bounded time.
# Fails (non-zero) on the first crash, leak, sanitizer report or timeout; the crashing input is
# left in build-sanitize/fuzz/findings/TARGET/.
#   tools/fuzz.sh            60 s per target
#   tools/fuzz.sh 300        300 s per target
#   tools/fuzz.sh 300 -1     300 s per target, no cap on the number of runs
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
runs="${2:-40000}"
cmake --preset sanitize >/dev/null
cmake --build --preset fuzz -j "$(nproc 2>/dev/null || echo 2)"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
for corpus in tests/fuzz/corpus/*/; do
  target="$(basename "$corpus")"
  scratch="build-sanitize/fuzz/corpus/$target"
  rm -rf "$scratch"  # start from the seed corpus every time
  findings="build-sanitize/fuzz/findings/$target"
  mkdir -p "$scratch" "$findings"
  echo "== fuzz_$target for ${seconds}s"
  # New inputs go to the scratch corpus; the committed seed corpus is only read.
  # A fixed seed and a cap on runs make a CI run repeatable: the same inputs in the same order.
  if ! "build-sanitize/fuzz/fuzz_$target" "$scratch" "$corpus" -max_total_time="$seconds" -seed=1 -runs="$runs" -timeout=10 \
      -rss_limit_mb=2048 -artifact_prefix="$findings/" -print_final_stats=1 2>&1 | tail -n 12; then
    echo "fuzz.sh: fuzz_$target failed; the input is in $findings" >&2
    exit 1
  fi
done
echo "fuzz.sh: every target ran (up to ${seconds}s or ${runs} runs, seed 1) without a finding"
