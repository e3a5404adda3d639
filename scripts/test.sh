#!/usr/bin/env bash
# The test command: installs, builds, runs the whole doctest suite under CTest
# (the kill -9 soak's short form included), then runs every libFuzzer target
# for NASKERNEL_FUZZ_SECONDS (20) each, from a fixed seed (FUZZ_SEED, 1) so
# that the same inputs are tried every time; run scripts/fuzz.sh alone to
# explore new ones.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --for-tests
bash scripts/build.sh
(cd build && ctest --output-on-failure -j"$(nproc)" --timeout 1500)
FUZZ_SEED="${FUZZ_SEED:-1}" bash scripts/fuzz.sh "${NASKERNEL_FUZZ_SECONDS:-20}"
