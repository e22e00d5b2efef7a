#!/usr/bin/env bash
# A few-second benchmark for CI: fails only on a gross regression, measured as a ratio to grep in
# the same run (never as an absolute time, which a busy machine would break).
#
# It lints a 3 MB generated corpus with the 100k-term CEDICT glossary and compares the lint core
# loop (--timings: read, lint and report, after the glossary is loaded) with
# LC_ALL=C grep -F -o over the same text and terms. The floor is a quarter of the ratio measured
# when it was set, so only a real regression trips it.
set -euo pipefail
cd "$(dirname "$0")/.."
FLOOR=${GLOSSA_SMOKE_FLOOR:-0.1}
DATA=${GLOSSA_BENCH_DATA:-.build/bench}/smoke
mkdir -p "$DATA"
[ -s "$DATA/glossary.csv" ] || python3 scripts/generate-glossary.py --terms 100000 --seed 1 -o "$DATA/glossary.csv" 2>/dev/null
[ -d "$DATA/corpus" ] || python3 scripts/generate-corpus.py --megabytes 3 --files 300 \
  --glossary "$DATA/glossary.csv" --seed 3 -o "$DATA/corpus" 2>/dev/null
python3 - "$DATA/glossary.csv" > "$DATA/terms.txt" <<'PY'
import csv, re, sys
forms = set()
for row in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    for column, value in row.items():
        if column and column.split(":")[0] == "en" and value:
            for part in re.split(r"(?<!\\)\|", re.sub(r"\s*\{[^}]*\}\s*$", "", value)):
                if part.strip():
                    forms.add(part.strip())
print("\n".join(sorted(forms)))
PY
swift build -c release --product glossa >&2
mb=$(python3 -c "import sys; print($(du -sb "$DATA/corpus" | cut -f1)/1e6)")
best_grep=0
best_lint=0
for _ in 1 2 3; do
  start=$(date +%s%N)
  LC_ALL=C grep -r -h -F -o -f "$DATA/terms.txt" "$DATA/corpus" | wc -l > /dev/null
  end=$(date +%s%N)
  best_grep=$(python3 -c "print(max($best_grep, $mb / (($end - $start) / 1e9)))")
  .build/release/glossa lint --no-cache --jobs 1 --timings --glossary "$DATA/glossary.csv" --format jsonl \
    --fail-on never "$DATA/corpus" 2> "$DATA/timings.out" > /dev/null
  rate=$(sed -n 's/.*, \([0-9.]*\) MB\/s).*/\1/p' "$DATA/timings.out")
  best_lint=$(python3 -c "print(max($best_lint, $rate))")
done
ratio=$(python3 -c "print(f'{$best_lint / $best_grep:.3f}')")
echo "smoke: lint core loop $best_lint MB/s, grep -F -o $best_grep MB/s, ratio $ratio (floor $FLOOR)"
python3 -c "import sys; sys.exit(0 if $ratio >= $FLOOR else 1)" || {
  echo "smoke: lint throughput regressed below $FLOOR × grep -F -o" >&2
  exit 1
}
