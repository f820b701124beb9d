#!/usr/bin/env bash
# The README's first command: install what is missing, build, index corpus/ and run one search.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build
build/indexer/indexer --db build/corpus.db corpus
build/searcher/searcher --db build/corpus.db --limit 3 "accord États-Unis"
