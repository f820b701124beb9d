#!/usr/bin/env bash
# Installs what the project needs to build, test and benchmark, from Debian 12 packages only.
# Safe to re-run: packages already present are left as they are.
set -euo pipefail
packages=(
  build-essential cmake pkg-config
  libxapian-dev xapian-tools
  libfmt-dev libspdlog-dev doctest-dev
  libicu-dev libuchardet-dev libxml2-dev nlohmann-json3-dev libjemalloc-dev libedit-dev libzstd-dev
  python3 xz-utils
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
