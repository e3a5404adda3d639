#!/usr/bin/env bash
# Installs the Debian packages naskernel needs; quiet and quick when all are there.
#   scripts/install-deps.sh              what building and running need
#   scripts/install-deps.sh --for-tests  also what the test command needs:
#                                        clang and its libFuzzer runtime (the
#                                        fuzz targets), python3 (the soak),
#                                        python3-torch (torchrun, for the distributed tests)
set -euo pipefail

packages=(
  build-essential cmake ccache
  libtorch-dev libboost-dev libboost-filesystem-dev libtomlplusplus-dev libspdlog-dev
  libcli11-dev doctest-dev libsqlite3-dev zlib1g-dev nlohmann-json3-dev libstb-dev libssl-dev libgloo-dev
  dataset-fashion-mnist
)
case "${1:-}" in
  "") ;;
  --for-tests) packages+=(clang libclang-rt-dev python3 python3-torch) ;;
  *) echo "install-deps.sh: unknown argument $1 (use --for-tests or nothing)" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
