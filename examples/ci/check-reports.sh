#!/usr/bin/env bash
# Gate a change on spinaps' energy/area reports: run every configuration in configs/ and compare it
# with its golden report in reports/golden/ under reports/tolerances/default.json (or $TOLERANCES).
# Writes, into $OUT (default: spinaps-reports/), the comparison as Markdown (golden-diff.md, for a
# pull-request comment or job summary) and an HTML report, a Markdown summary and a JSON report
# per configuration (to keep as CI artifacts).
# Exit status: 0 every metric within tolerance; 1 a metric outside tolerance or a golden report
# missing; 2 unusable input (a broken configuration or tolerance file).
# Run from the repository root after building (tools/setup.sh --no-run builds build/spinaps).
set -uo pipefail

spinaps="${SPINAPS:-build/spinaps}"
out="${OUT:-spinaps-reports}"
tolerances="${TOLERANCES:-reports/tolerances/default.json}"
mkdir -p "$out"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1

"$spinaps" golden --tolerances "$tolerances" --markdown "$out/golden-diff.md"
status=$?

for config in configs/*.json; do
  name="$(basename "$config" .json)"
  "$spinaps" run "$config" -q --out "$out/$name.json" --html "$out/$name.html" --markdown "$out/$name.md"
  code=$?
  if [ "$code" -ne 0 ] && [ "$status" -eq 0 ]; then status=$code; fi
done
exit "$status"
