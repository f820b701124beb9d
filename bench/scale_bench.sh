#!/usr/bin/env bash
# Scale benchmark (issue 10), not in CI: N synthetic French news articles (bench/synth_news.py, regenerated,
# deleted after), built with all cores, then query latency warm and cold, beside the Lucene peer
# (../shared/eval/lucene-peer.sh) on the same articles and queries.
#
# Usage: bench/scale_bench.sh N [BUILD_DIR] [WORK_DIR]     (100000 for a quick look, 1000000 for the record)
# Environment: FNS_SHARED (default ../shared beside the repository), QUERIES (default 1000), COLD (default 100:
# cold queries, one searcher process each), REUSE=1 (measure again the corpus, queries and index that an
# earlier run left in WORK_DIR: latency and the peer only).
# Prints: docs/s, MB/s, wall and CPU seconds and peak RSS of the indexer, index size by table (the glass
# files), peak disk, latency p50/p95/p99 of long and short queries warm (--bench) and cold, the searcher's
# peak RSS; the same for Lucene where it applies.
set -euo pipefail
n=${1:?usage: scale_bench.sh N [BUILD_DIR] [WORK_DIR]}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${2:-$repo/build}" && pwd)
shared=${FNS_SHARED:-$repo/../shared}
work=${3:-$(mktemp -d)}
queries=${QUERIES:-1000}
cold=${COLD:-100}
mkdir -p "$work/corpus"
eval_dir=$shared/eval
source_xz=$shared/data/orangesum/articles.jsonl.xz
time_v=/usr/bin/time

# Peak disk of a folder while a command runs: sampled every half second (du fails when a file vanishes as it
# walks: that sample is skipped).
watch_disk() { local dir=$1 out=$2 peak=0 now; while [[ -e $out.running ]]; do
  now=$(du -sk "$dir" 2>/dev/null | cut -f1 | head -n 1) || now=0; (( now > peak )) && peak=$now; sleep 0.5; done
  echo "$peak" > "$out"; }
field() { awk -F': ' -v k="$2" '$1 ~ k { print $2 }' "$1" | tail -n 1; }
wall_seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }' <<< "$1"; }

if [[ ${REUSE:-} != 1 ]]; then
echo "== generating $n articles and $queries queries in $work" >&2
python3 "$repo/bench/synth_news.py" articles "$n" --source "$source_xz" > "$work/corpus/synth.jsonl"
python3 "$repo/bench/synth_news.py" queries "$n" "$queries" --source "$source_xz" > "$work/queries.jsonl"
python3 "$eval_dir/to_tsv.py" "$work/queries.jsonl" "$work/long.tsv"
python3 "$repo/bench/hurried_queries.py" "$work/long.tsv" 2 > "$work/short.tsv"
input_mb=$(du -sm "$work/corpus/synth.jsonl" | cut -f1)

echo "== indexing (all cores)" >&2
rm -rf "$work/fns.db"
touch "$work/disk.peak.running"; watch_disk "$work" "$work/disk.peak" & watcher=$!
$time_v -v "$build/indexer/indexer" --quiet --db "$work/fns.db" "$work/corpus" 2> "$work/indexer.time"
rm -f "$work/disk.peak.running"; wait "$watcher"
wall=$(wall_seconds "$(field "$work/indexer.time" 'Elapsed \\(wall clock\\)')")
cpu=$(awk -v u="$(field "$work/indexer.time" 'User time')" -v s="$(field "$work/indexer.time" 'System time')" 'BEGIN { print u + s }')
rss_mb=$(( $(field "$work/indexer.time" 'Maximum resident') / 1024 ))
corpus_kb=$(du -sk "$work/corpus" | cut -f1)
echo "indexer: $n articles, $input_mb MB in $wall s wall, $cpu s CPU: $(awk -v n="$n" -v w="$wall" 'BEGIN { printf "%.0f", n / w }') docs/s, $(awk -v m="$input_mb" -v w="$wall" 'BEGIN { printf "%.1f", m / w }') MB/s; peak RSS $rss_mb MB; peak disk $(( ($(cat "$work/disk.peak") - corpus_kb) / 1024 )) MB beside the input"
fi
echo "index size: $(du -sm "$work/fns.db" | cut -f1) MB; by table (MB): $(for f in "$work"/fns.db/*.glass; do printf '%s %s  ' "$(basename "$f" .glass)" "$(du -m "$f" | cut -f1)"; done)"

echo "== latency" >&2
for kind in long short; do
  $time_v -v "$build/searcher/searcher" --db "$work/fns.db" --queries "$work/$kind.tsv" --plain --bench --limit 10 \
    > "$work/warm-$kind.json" 2> "$work/searcher-$kind.time"
  echo "warm $kind (top 10): $(cat "$work/warm-$kind.json")  searcher peak RSS $(( $(field "$work/searcher-$kind.time" 'Maximum resident') / 1024 )) MB"
  head -n "$cold" "$work/$kind.tsv" | cut -f2 > "$work/cold-$kind.txt"
  : > "$work/cold-$kind.ms"
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true  # cold cache when allowed (root); else a new process only
  while IFS= read -r query; do
    [[ -n $query ]] || continue
    start=$(date +%s%N)
    "$build/searcher/searcher" --db "$work/fns.db" --plain --limit 10 --format json "$query" > /dev/null
    echo $(( ($(date +%s%N) - start) / 1000 )) >> "$work/cold-$kind.ms"
  done < "$work/cold-$kind.txt"
  echo "cold $kind (a new searcher process a query, top 10, ms): $(sort -n "$work/cold-$kind.ms" | awk '{ a[NR] = $1 / 1000 } END { printf "p50 %.1f  p95 %.1f  p99 %.1f", a[int(NR * 0.5) + 1], a[int(NR * 0.95) + 1], a[int(NR * 0.99) + 1] }')"
done

echo "== Lucene peer" >&2
if [[ -f $work/corpus/synth.jsonl ]]; then  # else (REUSE=1 after a whole run deleted it): the peer's index kept
python3 "$eval_dir/to_tsv.py" "$work/corpus/synth.jsonl" "$work/docs.tsv"
$time_v -v "$eval_dir/lucene-peer.sh" index "$work/docs.tsv" "$work/peer" > /dev/null 2> "$work/lucene-index.time"
echo "lucene index: $(wall_seconds "$(field "$work/lucene-index.time" 'Elapsed \\(wall clock\\)')") s wall, peak RSS $(( $(field "$work/lucene-index.time" 'Maximum resident') / 1024 )) MB, size $(du -sm "$work/peer/lucene" | cut -f1) MB"
fi
for kind in long short; do
  "$eval_dir/lucene-peer.sh" search "$work/peer" "$work/$kind.tsv" 10 > /dev/null 2> "$work/lucene-$kind.log"
  echo "lucene warm $kind (top 10): $(tail -n 1 "$work/lucene-$kind.log")"
done
rm -f "$work/corpus/synth.jsonl" "$work/docs.tsv"  # regenerated on demand, never kept
