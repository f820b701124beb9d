#!/usr/bin/env bash
# Side-by-side benchmark on the 33,958 OrangeSum articles, in one run on this machine: full build time and
# index size, retrieval quality (MRR@10 on the 2,721 development queries, as written and as a hurried user
# types them) and query latency, for this project and for the Lucene peer (../shared/eval).
#
# Usage: bench/orangesum_bench.sh [BUILD_DIR] [WORK_DIR]     (defaults: build, a temporary folder)
# Environment: FNS_SHARED (default: ../shared beside the repository), QUERIES=N to use the first N queries.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$repo/build}" && pwd)
shared=${FNS_SHARED:-$repo/../shared}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
eval_dir=$shared/eval
data=$shared/data/orangesum

echo "== preparing data in $work" >&2
[[ -f $work/articles.jsonl ]] || xz -dc "$data/articles.jsonl.xz" > "$work/articles.jsonl"
[[ -f $work/docs.tsv ]] || python3 "$eval_dir/to_tsv.py" "$work/articles.jsonl" "$work/docs.tsv"
python3 "$eval_dir/to_tsv.py" "$data/known-item-dev.jsonl" "$work/queries-all.tsv"
if [[ -n ${QUERIES:-} ]]; then head -n "$QUERIES" "$work/queries-all.tsv" > "$work/queries.tsv"; else cp "$work/queries-all.tsv" "$work/queries.tsv"; fi
python3 "$repo/bench/hurried_queries.py" "$work/queries.tsv" > "$work/hurried.tsv"
python3 "$repo/bench/hurried_queries.py" "$work/queries.tsv" 2 > "$work/short.tsv"
mkdir -p "$work/corpus" && ln -sf "$work/articles.jsonl" "$work/corpus/articles.jsonl"

seconds() { local start=$1 end; end=$(date +%s.%N); awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'; }
size_mb() { du -sm "$1" | cut -f1; }

echo "== indexing (whole process, full build)" >&2
rm -rf "$work/fns.db"
start=$(date +%s.%N)
"$build/indexer/indexer" --quiet --db "$work/fns.db" "$work/corpus"
ours_index=$(seconds "$start")
start=$(date +%s.%N)
"$build/indexer/indexer" --quiet --db "$work/fns.db" "$work/corpus"
ours_rerun=$(seconds "$start")
start=$(date +%s.%N)
"$eval_dir/lucene-peer.sh" index "$work/docs.tsv" "$work/peer" 2> "$work/lucene-index.log"
peer_index=$(seconds "$start")
ours_mb=$(size_mb "$work/fns.db")
peer_mb=$(size_mb "$work/peer/lucene")

echo "== quality (MRR@10, known-item)" >&2
run_peer() { "$eval_dir/lucene-peer.sh" search "$work/peer" "$1" 100 > "$2" 2> "$3"; }
# MRR@10 and success@1/@10 on the even and odd halves of the query ids (orangesum-N) and on all of them.
awk -F'\t' '{ split($1, id, "-"); print > ("'"$work"'/half-" (id[2] % 2 ? "odd" : "even") ".qids") }' "$work/queries.tsv"
half_queries() {  # the lines of $1 whose query ids are in half $2 (even, odd or all), into $work/half.tsv
    if [[ $2 == all ]]; then cp "$1" "$work/half.tsv"; else grep -F -w -f <(cut -f1 "$work/half-$2.qids") "$1" > "$work/half.tsv"; fi
}
# Ours: the searcher's own --qrels figures (equal to known_item.py's, tested); the peer's TREC run: known_item.py.
mrr_ours() {
    local half
    for half in even odd all; do
        half_queries "$1" "$half"
        printf '%s %s  ' "$half" "$("$build/searcher/searcher" --db "$work/fns.db" --queries "$work/half.tsv" --qrels "$work/qrels.txt" \
            --plain --all-copies --format json | python3 -c 'import json, sys; d = json.load(sys.stdin); print("mrr@10=%s s@1=%s s@10=%s" % (d["mrr@10"], d["success@1"], d["success@10"]))')"
    done
}
mrr_peer() {
    local half line
    for half in even odd all; do
        half_queries "$2" "$half"
        line=$(python3 "$eval_dir/known_item.py" "$data/known-item-dev.jsonl" "$1" "$work/half.tsv")
        printf '%s %s  ' "$half" "$(python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print("mrr@10=%s s@1=%s s@10=%s" % (d["mrr@10"], d["s@1"], d["s@10"]))' "$line")"
    done
}
python3 "$repo/bench/known_item_qrels.py" "$data/known-item-dev.jsonl" > "$work/qrels.txt"
run_peer "$work/queries.tsv" "$work/peer.run" "$work/peer-latency.log"
run_peer "$work/hurried.tsv" "$work/peer-hurried.run" "$work/peer-hurried-latency.log"

echo "== latency (warmed up, in process, top 100)" >&2
ours_bench=$("$build/searcher/searcher" --db "$work/fns.db" --queries "$work/queries.tsv" --plain --bench --limit 100 --all-copies)
ours_bench_hurried=$("$build/searcher/searcher" --db "$work/fns.db" --queries "$work/hurried.tsv" --plain --bench --limit 100 --all-copies)
ours_bench_short=$("$build/searcher/searcher" --db "$work/fns.db" --queries "$work/short.tsv" --plain --bench --limit 100 --all-copies)
"$eval_dir/lucene-peer.sh" search "$work/peer" "$work/short.tsv" 100 > /dev/null 2> "$work/peer-short-latency.log"

echo "index build, s:      ours $ours_index   lucene $peer_index   (re-run with nothing changed: ours $ours_rerun; before schema 3: ~15 s quiet)"
echo "index size, MB:      ours $ours_mb   lucene $peer_mb   ratio $(awk -v a="$ours_mb" -v b="$peer_mb" 'BEGIN { printf "%.2f", a / b }')   (before schema 3: 195)"
echo "MRR@10 as written:   ours $(mrr_ours "$work/queries.tsv")"
echo "                     lucene $(mrr_peer "$work/peer.run" "$work/queries.tsv")"
echo "MRR@10 hurried:      ours $(mrr_ours "$work/hurried.tsv")"
echo "                     lucene $(mrr_peer "$work/peer-hurried.run" "$work/hurried.tsv")"
echo "latency as written:  ours $ours_bench"
echo "                     lucene $(tail -n 1 "$work/peer-latency.log")"
echo "latency hurried:     ours $ours_bench_hurried"
echo "                     lucene $(tail -n 1 "$work/peer-hurried-latency.log")"
echo "latency 2 words:     ours $ours_bench_short"
echo "                     lucene $(tail -n 1 "$work/peer-short-latency.log")"
