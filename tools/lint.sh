#!/usr/bin/env bash
# Checks the C++ sources against the committed .clang-format and .clang-tidy.
#
#   tools/lint.sh                 # clang-format on every source; clang-tidy on those changed since origin/main
#   tools/lint.sh FILE.cpp ...    # clang-format on every source; clang-tidy on the files given
#   tools/lint.sh --all           # clang-format and clang-tidy on every source (slow: about an hour on 2 cores)
#
# clang-tidy reads build/compile_commands.json (tools/setup.sh makes it). GCC's precompiled-header
# flags in it (-include .../cmake_pch.hxx, -Winvalid-pch) are removed first: clang cannot read a
# header GCC precompiled. Exits 1 on any formatting difference or clang-tidy warning.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${SPINAPS_BUILD_DIR:-build}"

mapfile -t sources < <(git ls-files '*.cpp' '*.h')
echo "== clang-format (${#sources[@]} files)"
clang-format --dry-run --Werror "${sources[@]}"

if [[ "${1:-}" == "--all" ]]; then
  mapfile -t tidy < <(git ls-files '*.cpp')
elif [[ $# -gt 0 ]]; then
  tidy=("$@")
else
  base="$(git merge-base HEAD origin/main 2>/dev/null || git rev-parse HEAD)"
  mapfile -t tidy < <({ git diff --name-only "$base" -- '*.cpp'; git ls-files --others --exclude-standard '*.cpp'; } | sort -u)
fi
if [[ ${#tidy[@]} -eq 0 ]]; then
  echo "== clang-tidy: no changed sources"
  exit 0
fi
if [[ ! -f "$build/compile_commands.json" ]]; then
  echo "tools/lint.sh: $build/compile_commands.json is missing: run tools/setup.sh first" >&2
  exit 1
fi
database="$(mktemp -d)"
trap 'rm -rf "$database"' EXIT
python3 - "$build/compile_commands.json" "$database/compile_commands.json" <<'EOF'
import json, re, sys
entries = json.load(open(sys.argv[1]))
for entry in entries:
    entry["command"] = re.sub(r"\s-include\s+\S*cmake_pch\S*|\s-Winvalid-pch", "", entry["command"])
json.dump(entries, open(sys.argv[2], "w"))
EOF
echo "== clang-tidy (${#tidy[@]} files)"
output="$(clang-tidy -p "$database" --quiet "${tidy[@]}" 2>/dev/null || true)"
if grep -E "(warning|error):" <<<"$output"; then
  echo "tools/lint.sh: clang-tidy found the problems above" >&2
  exit 1
fi
echo "clean"
