#!/usr/bin/env bash
# Sets spinaps up on Debian 12 from nothing but git and the clone: installs the compiler, CMake and
# the libraries from Debian's packages (with sudo when not root), builds with the default preset,
# then runs the default simulation on the bundled MNIST digits.
#   tools/setup.sh            install, build, run configs/spinaps.json
#   tools/setup.sh --no-run   install and build only (CI uses this)
set -euo pipefail

cd "$(dirname "$0")/.."
run_default=1
for argument in "$@"; do
  case "$argument" in
    --no-run) run_default=0 ;;
    *) echo "setup.sh: unknown option '$argument' (expected --no-run)" >&2; exit 2 ;;
  esac
done

packages=(
  build-essential cmake ninja-build pkg-config ca-certificates
  libsystemc-dev            # SystemC 2.3.4 with TLM-2.0
  libeigen3-dev             # golden model and trainer linear algebra
  libcli11-dev              # command line
  nlohmann-json3-dev        # configuration and reports
  zlib1g-dev                # gzip-compressed IDX data
  libfftw3-dev              # ptychography diffraction patterns (workloads/ptycho)
  libonnx-dev libprotobuf-dev protobuf-compiler  # ONNX model import (workloads/cnn); protoc decodes models for inspection
  libgtest-dev libgmock-dev # tests
  libbenchmark-dev          # micro-benchmarks (tests/bench; tools/bench/performance.py)
  python3-minimal python3-jsonschema  # tests validate reports against reports/schema
  python3-matplotlib        # standalone figures: pareto, fidelity, study, map --plot-dir (tools/plot)
  slurm-wlm munge           # sweep --launcher slurm; the Slurm test starts a cluster on 127.0.0.1
  chromium                  # tests render the HTML report in a headless browser
  clang libclang-rt-14-dev  # libFuzzer targets (tools/fuzz.sh)
  clang-format clang-tidy   # tools/lint.sh: .clang-format and .clang-tidy
)

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "setup.sh: not root and sudo is missing; install these packages as root: ${packages[*]}" >&2
  exit 1
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup.sh: installing ${missing[*]}"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

jobs="$(nproc 2>/dev/null || echo 2)"
cmake --preset default
cmake --build --preset default -j "$jobs"

if [ "$run_default" -eq 1 ]; then
  export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
  build/spinaps run configs/spinaps.json --out build/default-report.json
fi
