#!/usr/bin/env bash
# Builds (incrementally) and runs the whole test suite through ctest. Run tools/setup.sh once first.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc 2>/dev/null || echo 2)"
if [ ! -f build/CMakeCache.txt ]; then
  cmake --preset default
fi
cmake --build --preset default -j "$jobs"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
ctest --preset default -j "$jobs" "$@"
