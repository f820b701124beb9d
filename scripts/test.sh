#!/usr/bin/env bash
# The README's second command: every test (unit and end to end), in a normal build and then under
# AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
# A failed test runs once more before it counts, and the output shows both runs: a test that passes only
# the second time is a defect to fix (the prompt test was one: it typed before the prompt read keys).
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build
ctest --test-dir build --output-on-failure -j "$(nproc)" --repeat until-pass:2
FNS_SANITIZE=ON scripts/build.sh build-sanitize
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-sanitize --output-on-failure -j "$(nproc)" --repeat until-pass:2
