#!/usr/bin/env bash
# Gate a change on spinaps' energy/area reports: run each configuration (default: every one in
# configs/, both accelerators) as its golden report in reports/golden/ was made, and compare the
# fresh report with it under reports/golden/../tolerances/default.json (or $TOLERANCES).
# Writes, into $OUT (default: spinaps-reports/), the comparison as Markdown (golden-diff.md, for a
# pull-request comment or job summary) and, per configuration, the fresh JSON report, its HTML page
# and its Markdown summary (to keep as CI artifacts).
# Usage: examples/ci/check-reports.sh [CONFIG...]
# Environment: SPINAPS (the binary, default build/spinaps), OUT, TOLERANCES, GOLDEN_DIR (default
# reports/golden).
# Exit status: 0 every metric within tolerance; 1 a metric outside tolerance or a golden report
# missing; 2 unusable input (a broken configuration, golden report or tolerance file).
# Run from the repository root after building (tools/setup.sh --no-run builds build/spinaps).
set -uo pipefail

spinaps="${SPINAPS:-build/spinaps}"
out="${OUT:-spinaps-reports}"
tolerances="${TOLERANCES:-reports/tolerances/default.json}"
golden_dir="${GOLDEN_DIR:-reports/golden}"
mkdir -p "$out"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1

"$spinaps" golden "$@" --golden-dir "$golden_dir" --tolerances "$tolerances" --markdown "$out/golden-diff.md" \
  --keep "$out"
