#!/usr/bin/env bash
# The main job: installs, builds, and runs the quickstart study
# (NB201 on Fashion-MNIST, SPOS vs SPOS+landmark). Re-running continues it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
./build/bin/naskernel plugins
./build/bin/naskernel run configs/quickstart.toml "$@"
