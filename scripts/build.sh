#!/usr/bin/env bash
# Configures and builds into build/ (or $1), with warnings on. FNS_SANITIZE=ON builds with ASan + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFNS_SANITIZE="${FNS_SANITIZE:-OFF}" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
