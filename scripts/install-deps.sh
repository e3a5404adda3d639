#!/usr/bin/env bash
# Installs the Debian packages naskernel needs; quiet and quick when all are there.
set -euo pipefail

packages=(
  build-essential cmake ccache
  libtorch-dev libboost-dev libboost-filesystem-dev libtomlplusplus-dev libspdlog-dev
  libcli11-dev doctest-dev libsqlite3-dev zlib1g-dev nlohmann-json3-dev libstb-dev libssl-dev
  dataset-fashion-mnist
)

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
