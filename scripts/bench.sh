#!/usr/bin/env bash
# Glossa's benchmark suite: generates reproducible data (a seed, no downloads), runs the release
# build, and prints throughput, latency percentiles and peak memory as a Markdown table.
#
#   scripts/bench.sh            the full suite (100k-term glossary, 100 MB corpus, 100k and 1M TMX)
#   scripts/bench.sh --quick    small sizes, a minute or so (no 1M memory)
#   scripts/bench.sh --data     only generate the data (with --quick: the small data)
#
# Data go to .build/bench (GLOSSA_BENCH_DATA to change); they are generated once and reused.
# Figures go to standard output as a Markdown table; machine-readable lines
# (name<TAB>value<TAB>unit) to .build/bench/results.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=full
DATA_ONLY=0
for argument in "$@"; do
  case "$argument" in
    --quick) MODE=quick ;;
    --data) DATA_ONLY=1 ;;
    *) echo "usage: scripts/bench.sh [--quick] [--data]" >&2; exit 2 ;;
  esac
done

DATA=${GLOSSA_BENCH_DATA:-.build/bench}
mkdir -p "$DATA"
if [ "$MODE" = quick ]; then
  CORPUS_MB=5; CORPUS_FILES=1000; TMX_SIZES="20000"; QUERIES=200
else
  CORPUS_MB=100; CORPUS_FILES=20000; TMX_SIZES="100000 1000000"; QUERIES=1000
fi

need() { command -v "$1" >/dev/null || { echo "scripts/bench.sh needs $1" >&2; exit 2; }; }
need python3
need /usr/bin/time

# ---- data -------------------------------------------------------------------------------------
GLOSSARY="$DATA/cedict-100k.csv"
[ -s "$GLOSSARY" ] || python3 scripts/generate-glossary.py --terms 100000 --seed 1 -o "$GLOSSARY"
CORPUS="$DATA/corpus-${CORPUS_MB}mb"
if [ ! -d "$CORPUS" ]; then
  python3 scripts/generate-corpus.py --megabytes "$CORPUS_MB" --files "$CORPUS_FILES" \
    --glossary "$GLOSSARY" --seed 1 -o "$CORPUS.tmp" 2> "$DATA/corpus-${CORPUS_MB}mb.planted.json"
  mv "$CORPUS.tmp" "$CORPUS"
fi
for units in $TMX_SIZES; do
  [ -s "$DATA/tm-$units.tmx" ] || python3 scripts/generate-tmx.py --units "$units" --seed 1 \
    -o "$DATA/tm-$units.tmx"
done
: > "$DATA/empty.txt"
[ "$DATA_ONLY" = 1 ] && exit 0

swift build -c release --product glossa >&2
G=.build/release/glossa
# The compiled-glossary cache of this run only, empty at its start: the first lint compiles.
export GLOSSA_CACHE_DIR="$DATA/cache"
rm -rf "$GLOSSA_CACHE_DIR"
RESULTS="$DATA/results.tsv"
: > "$RESULTS"
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$RESULTS"; printf '| %s | %s %s |\n' "$1" "$2" "$3"; }
# Runs a command under /usr/bin/time; sets ELAPSED (s) and PEAK (MB).
timed() {
  /usr/bin/time -f '%e %M' -o "$DATA/time.out" "$@"
  read -r ELAPSED PEAK_KB < "$DATA/time.out"
  PEAK=$((PEAK_KB / 1024))
}
# Runs `PREPARE` then the command under /usr/bin/time RUNS times (standard error to
# "$DATA/stderr-K.out" for run K); sets ELAPSED to the median run's seconds, MEDIAN_RUN to its
# number, ELAPSED_ALL to every run's seconds and PEAK to the highest peak (MB).
timed_median() {
  local runs=$1 prepare=$2; shift 2
  local lines=() peak_kb=0
  for run in $(seq "$runs"); do
    "$prepare"
    /usr/bin/time -f '%e %M' -o "$DATA/time.out" "$@" 2> "$DATA/stderr-$run.out"
    read -r seconds kb < "$DATA/time.out"
    lines+=("$seconds $run")
    [ "$kb" -gt "$peak_kb" ] && peak_kb=$kb
  done
  read -r ELAPSED MEDIAN_RUN < <(printf '%s\n' "${lines[@]}" | sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}')
  ELAPSED_ALL=$(printf '%s\n' "${lines[@]}" | cut -d' ' -f1 | paste -sd' ')
  PEAK=$((peak_kb / 1024))
}
median_of_runs() {  # median wall time in ms of N runs of a command
  local runs=$1; shift
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N); "$@" > /dev/null 2>&1 || true; end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

echo "# Glossa benchmarks ($MODE), $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); $(swift --version 2>/dev/null | head -1)"
echo
echo "| measure | figure |"
echo "|---|---|"

# ---- glossary load and compile ----------------------------------------------------------------
terms=$(python3 -c "
import csv,sys
n=0
for row in csv.DictReader(open(sys.argv[1], encoding='utf-8')):
    for k, v in row.items():
        if k != 'id' and v: n += v.count('|') + 1
print(n)" "$GLOSSARY")
ms=$(median_of_runs 7 "$G" lint --no-cache --glossary "$GLOSSARY" --fail-on never "$DATA/empty.txt")
record "100k-term glossary ($terms terms): load + compile, whole process, median of 7" "$ms" "ms"
"$G" lint --glossary "$GLOSSARY" --fail-on never "$DATA/empty.txt" > /dev/null 2>&1 || true
ms=$(median_of_runs 7 "$G" lint --glossary "$GLOSSARY" --fail-on never "$DATA/empty.txt")
record "100k-term glossary: read compiled from the cache, whole process, median of 7" "$ms" "ms"

# ---- lint throughput --------------------------------------------------------------------------
bytes=$(du -sb "$CORPUS" | cut -f1)
files=$(find "$CORPUS" -type f | wc -l)
mb=$(python3 -c "print(round($bytes/1e6, 1))")
for jobs in "$(nproc)" 1; do
  timed_median 3 : "$G" lint --jobs "$jobs" --timings --glossary "$GLOSSARY" --format jsonl \
    --fail-on never "$CORPUS" > /dev/null
  rate=$(python3 -c "print(round($mb/$ELAPSED, 2))")
  core=$(sed -n 's/.*, \([0-9.]*\) MB\/s).*/\1/p' "$DATA/stderr-$MEDIAN_RUN.out" | tail -1)
  record "lint $mb MB ($files files), 100k glossary, --jobs $jobs: whole process, median of 3" "$rate" "MB/s ($ELAPSED s of $ELAPSED_ALL; $PEAK MB peak)"
  record "lint $mb MB, 100k glossary, --jobs $jobs: core loop (read + lint + report), median run" "$core" "MB/s"
done

# ---- one seed article, shipped glossary -------------------------------------------------------
seed=$(ls seeds/*.txt | head -1)
ms=$(median_of_runs 21 "$G" lint --fail-on never "$seed")
record "one seed article, shipped glossary, whole process, median of 21" "$ms" "ms"

# ---- translation memory -----------------------------------------------------------------------
for units in $TMX_SIZES; do
  tm="$DATA/tm-$units.sqlite"
  # Each import into an empty memory. What was written before (the last run's memory: a
  # gigabyte at 1,000,000 units) is flushed first, or the kernel writes it back during the next
  # import, on the same two cores: run back to back, the second of two imports took up to a
  # sixth longer whichever binary it was.
  empty_memory() { rm -f "$tm" "$tm-wal" "$tm-shm"; sync; }
  timed_median 3 empty_memory "$G" tm import --tm "$tm" "$DATA/tm-$units.tmx" > /dev/null
  rate=$(python3 -c "print(round($units/$ELAPSED))")
  record "tm import, $units-unit TMX, median of 3" "$rate" "units/s ($ELAPSED s of $ELAPSED_ALL; $PEAK MB peak)"

  python3 scripts/generate-queries.py "$DATA/tm-$units.tmx" "$QUERIES" --seed 7 > "$DATA/queries-$units.txt"
  "$G" tm lookup --tm "$tm" --format json - < "$DATA/queries-$units.txt" > "$DATA/lookup-$units.json"
  read -r p50 p99 matched < <(python3 - "$DATA/lookup-$units.json" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
ms = sorted(q["milliseconds"] for q in runs)
n = len(ms)
print(ms[n // 2], ms[min(n - 1, int(n * 0.99))], sum(1 for q in runs if q["matches"]))
PY
)
  record "tm lookup at $units units, $QUERIES queries: p50" "$p50" "ms"
  record "tm lookup at $units units, $QUERIES queries: p99" "$p99" "ms ($matched queries with a match ≥ 70)"

  phrases=(经济 发展规划 "the day" "Lake Chad" 委员会 "to keep watch")
  times=()
  for phrase in "${phrases[@]}"; do
    start=$(date +%s%N); "$G" tm concordance --tm "$tm" "$phrase" > /dev/null; end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  record "tm concordance at $units units, ${#phrases[@]} phrases, whole process: median" "$median" "ms"

  timed "$G" tm export --tm "$tm" -o "$DATA/export-$units.tmx" 2> /dev/null
  rate=$(python3 -c "print(round($units/$ELAPSED))")
  record "tm export, $units units" "$rate" "units/s ($ELAPSED s, $PEAK MB peak)"
done

cp "$RESULTS" "$DATA/results-$MODE.tsv"
