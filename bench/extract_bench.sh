#!/usr/bin/env bash
# Extraction benchmark: runs our HTML extractor and the peer (readability-lxml) on the labelled development
# pages (web-dev: 581 pages of many sites; OrangeSum html-dev: 1,000 French news pages) and prints dates,
# snippets, boilerplate, token F1, titles and our speed (see bench/extract_eval.py for the matching rules).
#
# Usage: bench/extract_bench.sh [BUILD_DIR]        (default ./build)
# Environment: FNS_DATA_DIR (default: the shared/data folder beside the repository, ../shared/data from its
# root, as CI clones it), EXTRACTOR (a command to use instead of
# "BUILD_DIR/indexer/indexer --extract-only"), BASELINE (an older extractor command, run and scored in the
# same run as "before", so that speed is compared on the same machine load), EXTRACT_EVAL_WORST (misses
# listed per kind, default 4). The peer needs Debian's python3-readability and python3-lxml.
# web-dev is scored in two halves split by site (see bench/extract_eval.py) and whole.
set -euo pipefail

build_dir=${1:-./build}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$here/.." && pwd)
data_dir=${FNS_DATA_DIR:-$repo_root/../shared/data}
extractor=${EXTRACTOR:-"$build_dir/indexer/indexer --extract-only"}
read -r -a extractor_cmd <<< "$extractor"

if [[ ! -x ${extractor_cmd[0]} ]]; then
    echo "extractor not found: ${extractor_cmd[0]} (build the project, or set EXTRACTOR)" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/web-dev" "$work/orangesum"
tar -xJf "$data_dir/web-dev/pages.tar.xz" -C "$work/web-dev"
tar -xJf "$data_dir/orangesum/html-dev.tar.xz" -C "$work/orangesum"
pages=("$work"/web-dev/*.html "$work"/orangesum/*.html)

# Runs an extractor command (one process, one thread) on every page: NAME CMD...; sets speeds and systems.
systems=()
speeds=()
run_extractor() {
    local name=$1
    shift
    echo "$name: $* on ${#pages[@]} pages" >&2
    local start end
    start=$(date +%s.%N)
    "$@" "${pages[@]}" > "$work/$name.jsonl" || true
    end=$(date +%s.%N)
    speeds+=(--speed "$name=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')")
    systems+=(--system "$name=$work/$name.jsonl")
}

run_extractor ours "${extractor_cmd[@]}"
if [[ -n ${BASELINE:-} ]]; then
    read -r -a baseline_cmd <<< "$BASELINE"
    run_extractor before "${baseline_cmd[@]}"
fi
if /usr/bin/python3 -c 'import readability, lxml' 2>/dev/null; then
    echo "peer: readability-lxml on ${#pages[@]} pages" >&2
    /usr/bin/python3 "$here/extract_eval.py" peer "${pages[@]}" > "$work/peer.jsonl" 2>/dev/null
    systems+=(--system "readability-lxml=$work/peer.jsonl")
else
    echo "peer skipped: apt-get install -y python3-readability python3-lxml" >&2
fi

python3 "$here/extract_eval.py" score --web-dev "$data_dir/web-dev" --web-dev-pages "$work/web-dev" \
    --orangesum-truth "$data_dir/orangesum/html-dev.truth.jsonl" "${systems[@]}" "${speeds[@]}"
