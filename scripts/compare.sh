#!/usr/bin/env bash
# Side-by-side baselines, measured in one run so that ratios hold on a noisy machine:
#   - LC_ALL=C grep -F -o -f TERMS over the benchmark corpus (byte-exact multi-pattern search),
#   - grep -F -i -w -o -f TERMS over a slice of it (what a user would try first),
#   - glossa lint over the same corpus and terms,
#   - rapidfuzz's full scan (process.extract, fuzz.ratio, limit 5, cutoff 70) over the same
#     memory and queries as glossa tm lookup, with the top-5 agreement.
#
#   scripts/compare.sh            full sizes (100 MB corpus, 1M-unit memory)
#   scripts/compare.sh --quick    small sizes
#
# Peers are installed here: Debian's grep is present; rapidfuzz comes from PyPI into a virtual
# environment in .build/bench/venv. Data come from scripts/bench.sh --data.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=full
[ "${1:-}" = --quick ] && MODE=quick
DATA=${GLOSSA_BENCH_DATA:-.build/bench}
if [ "$MODE" = quick ]; then
  bash scripts/bench.sh --quick --data >&2
  CORPUS_MB=5; UNITS=20000; QUERIES=200; SLICE=100000
else
  bash scripts/bench.sh --data >&2
  CORPUS_MB=100; UNITS=1000000; QUERIES=1000; SLICE=1000000
fi

swift build -c release --product glossa >&2
G=.build/release/glossa
GLOSSARY="$DATA/cedict-100k.csv"
CORPUS="$DATA/corpus-${CORPUS_MB}mb"
# Lint reads the glossary compiled from its cache, as every run after a glossary's first does
# (filled here by one lint of an empty file); the --no-cache rows compile it each time.
export GLOSSA_CACHE_DIR="$DATA/cache"
rm -rf "$GLOSSA_CACHE_DIR"
: > "$DATA/empty.txt"
"$G" lint --glossary "$GLOSSARY" --fail-on never "$DATA/empty.txt" > /dev/null 2>&1 || true

# The English forms glossa matches, one per line, for grep.
TERMS="$DATA/terms-en.txt"
python3 - "$GLOSSARY" > "$TERMS" <<'PY'
import csv, re, sys
forms = set()
for row in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    for column, value in row.items():
        if column and column.split(":")[0] == "en" and value:
            value = re.sub(r"\s*\{[^}]*\}\s*$", "", value)
            for part in re.split(r"(?<!\\)\|", value):
                part = part.strip().replace("\\|", "|")
                if part:
                    forms.add(part)
print("\n".join(sorted(forms)))
PY
terms=$(wc -l < "$TERMS")
bytes=$(du -sb "$CORPUS" | cut -f1)
mb=$(python3 -c "print($bytes/1e6)")

seconds() { local start end; start=$(date +%s%N); "$@"; end=$(date +%s%N); python3 -c "print(($end-$start)/1e9)"; }
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
round() { python3 -c "print(f'{$1:.${2:-2}f}')"; }

echo "# Glossa side by side ($MODE), $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "Machine: $(nproc) cores, $(uname -sr). Corpus: $(round "$mb" 1) MB in $(find "$CORPUS" -type f | wc -l) files; $terms English terms."
echo
echo "| measure | figure |"
echo "|---|---|"

# grep -F and lint run ROUNDS times, interleaved, and report their medians (a busy machine slows
# a run by a quarter now and then). grep prints every match; its output goes to wc, since GNU
# grep stops at the first match when it writes to /dev/null.
ROUNDS=${GLOSSA_COMPARE_ROUNDS:-3}
median() { python3 -c "import statistics, sys; print(statistics.median(map(float, sys.argv[1:])))" "$@"; }
grep_times=()
lint_times_1=()
lint_times_n=()
lint_times_u=()
for round in $(seq "$ROUNDS"); do
  grep_times+=("$(seconds bash -c "LC_ALL=C grep -r -h -F -o -f '$TERMS' '$CORPUS' | wc -l > '$DATA/grep.count'")")
  lint_times_1+=("$(seconds bash -c "'$G' lint --jobs 1 --glossary '$GLOSSARY' --format jsonl --fail-on never '$CORPUS' | wc -l > '$DATA/lint.count'")")
  lint_times_n+=("$(seconds bash -c "'$G' lint --jobs $(nproc) --glossary '$GLOSSARY' --format jsonl --fail-on never '$CORPUS' | wc -l > '$DATA/lint.count'")")
  lint_times_u+=("$(seconds bash -c "'$G' lint --no-cache --jobs $(nproc) --glossary '$GLOSSARY' --format jsonl --fail-on never '$CORPUS' | wc -l > '$DATA/lint.count'")")
done
t_grep=$(median "${grep_times[@]}")
grep_rate=$(python3 -c "print($mb/$t_grep)")
echo "| LC_ALL=C grep -F -o -f TERMS, median of $ROUNDS | $(round "$grep_rate") MB/s ($(round "$t_grep") s, $(cat "$DATA/grep.count") matches) |"

python3 - "$CORPUS" "$SLICE" > "$DATA/slice.txt" <<'PY'
import os, sys
folder, limit = sys.argv[1], int(sys.argv[2])
out = bytearray()
for name in sorted(os.listdir(folder)):
    out += open(os.path.join(folder, name), "rb").read()
    if len(out) >= limit:
        break
sys.stdout.buffer.write(bytes(out[:limit]))
PY
slice_mb=$(python3 -c "print($SLICE/1e6)")
# One run: it takes minutes, and varies little.
t_grepw=$(seconds bash -c "grep -F -i -w -o -f '$TERMS' '$DATA/slice.txt' | wc -l > /dev/null")
grepw_rate=$(python3 -c "print($slice_mb/$t_grepw)")
echo "| grep -F -i -w -o -f TERMS on $(round "$slice_mb" 1) MB, one run | $(round "$grepw_rate" 4) MB/s ($(round "$t_grepw") s) |"

for jobs in 1 "$(nproc)" "$(nproc) --no-cache"; do
  case "$jobs" in
    1) t_lint=$(median "${lint_times_1[@]}") ;;
    *--no-cache) t_lint=$(median "${lint_times_u[@]}") ;;
    *) t_lint=$(median "${lint_times_n[@]}") ;;
  esac
  lint_rate=$(python3 -c "print($mb/$t_lint)")
  echo "| glossa lint --jobs $jobs (folds, word boundaries, positions, rules), median of $ROUNDS | $(round "$lint_rate") MB/s ($(round "$t_lint") s, $(cat "$DATA/lint.count") findings) |"
  echo "| ratio to grep -F -o (--jobs $jobs) | $(ratio "$lint_rate" "$grep_rate")× |"
  echo "| ratio to grep -F -i -w -o (--jobs $jobs) | $(ratio "$lint_rate" "$grepw_rate")× |"
done

# ---- fuzzy lookup against rapidfuzz -----------------------------------------------------------
# The memory scripts/bench.sh built, or a new one.
TM="$DATA/tm-$UNITS.sqlite"
if [ ! -s "$TM" ]; then
  "$G" tm import --tm "$TM" "$DATA/tm-$UNITS.tmx" > /dev/null
fi
python3 scripts/generate-queries.py "$DATA/tm-$UNITS.tmx" "$QUERIES" --seed 11 > "$DATA/compare-queries.txt"
# Three runs of the whole batch; the figures are the medians of their p50s and p99s (the tail of
# one run moves with whatever else the machine does).
for round in 1 2 3; do
  "$G" tm lookup --tm "$TM" --limit 20 --min 60 --format json - < "$DATA/compare-queries.txt" > "$DATA/compare-lookup-$round.json"
done

VENV="$DATA/venv"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet rapidfuzz
fi
"$VENV/bin/python" - "$TM" "$DATA"/compare-lookup-{1,2,3}.json <<'PY'
import json, sqlite3, statistics, sys, time
from rapidfuzz import fuzz, process
database = sys.argv[1]
runs = [json.load(open(path)) for path in sys.argv[2:]]
lookups = runs[-1]
rows = sqlite3.connect(database).execute("SELECT id, source_key, source_text FROM unit").fetchall()
ids = [row[0] for row in rows]
# A matching form stored as an empty blob is the text with its ASCII capitals lowered (schema v7).
capitals = bytes.maketrans(bytes(range(65, 91)), bytes(range(97, 123)))
keys = [
    row[2].encode().translate(capitals).decode() if isinstance(row[1], bytes) else row[1]
    for row in rows
]
theirs_ms = []
above = agree = 0
for item in lookups:
    start = time.perf_counter()
    found = process.extract(item["key"], keys, scorer=fuzz.ratio, limit=5, score_cutoff=70)
    theirs_ms.append((time.perf_counter() - start) * 1000)
    if not found:
        continue
    above += 1
    theirs = sorted(round(score, 4) for _, score, _ in found)
    ours = sorted(m["similarity"] for m in item["matches"] if m["similarity"] >= 70)[-5:]
    # Ties at the fifth place make id sets ambiguous: compare the top-5 scores.
    if [round(s, 2) for s in ours] == [round(s, 2) for s in theirs]:
        agree += 1
def percentiles(run):
    times = sorted(item["milliseconds"] for item in run)
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]
p50 = statistics.median(percentiles(run)[0] for run in runs)
p99 = statistics.median(percentiles(run)[1] for run in runs)
r50 = statistics.median(theirs_ms)
print(f"| glossa tm lookup, {len(rows)} units, {len(lookups)} queries, median of {len(runs)} runs | p50 {p50:.2f} ms, p99 {p99:.2f} ms |")
print(f"| rapidfuzz process.extract full scan, same memory and queries | p50 {r50:.2f} ms |")
print(f"| ratio (rapidfuzz p50 / glossa p50) | {r50 / p50:.1f}× |")
print(f"| same top-5 scores as rapidfuzz, queries with a match ≥ 70 | {agree}/{above} ({100 * agree / max(above, 1):.1f} %) |")
PY
