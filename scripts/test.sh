#!/usr/bin/env bash
# The test command: installs, builds, and runs the whole doctest suite under CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 1500
