#!/usr/bin/env bash
# Fuzzes every parser and normalize-then-match with libFuzzer and AddressSanitizer.
#
#   scripts/fuzz.sh SECONDS [TARGET...]    each target for SECONDS (default: all targets)
#
# Targets: csv tsv tbx tmx xliff markdown html config match (see Sources/glossa-fuzz). Seed
# corpora come from the real sample files in ../shared/samples, the project's glossary, seeds,
# documents and small inline examples; corpora grow in .build/fuzz/corpus/TARGET between runs.
# Any crash, failed invariant, leak or sanitizer report fails the run: the input is kept in
# .build/fuzz/crashes/TARGET and should become a regression test. A summary line per target gives
# the executions, the coverage and the corpus size.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:?usage: scripts/fuzz.sh SECONDS [TARGET...]}
shift
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(csv tsv tbx tmx xliff markdown html config match)
SHARED=../shared
WORK=.build/fuzz
mkdir -p "$WORK/corpus" "$WORK/crashes" "$WORK/seeds"

# An optimized build runs about three times as many inputs as a debug one in the same time.
swift build --scratch-path "$WORK/build" -c release --product glossa-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DGLOSSA_FUZZING >&2
FUZZER="$WORK/build/release/glossa-fuzz"

seed() {  # seed TARGET FILE...: copies files into the target's seed folder
  local target=$1; shift
  mkdir -p "$WORK/seeds/$target"
  for file in "$@"; do
    [ -f "$file" ] && cp "$file" "$WORK/seeds/$target/$(echo "$file" | tr '/ ' '__')" || true
  done
}
inline() {  # inline TARGET NAME TEXT
  mkdir -p "$WORK/seeds/$1"
  printf '%s' "$3" > "$WORK/seeds/$1/$2"
}

seed csv glossary/*.csv $(find "$SHARED/samples/glossaries" -name '*.csv' 2>/dev/null)
inline csv quoted.csv $'id,en,zh-Hans,en:deprecated\nc1,"Two ""Sessions""",两会,two meetings {since=2020-01-01}\nc2,CPC {type=acronym; case=sensitive},中共,"a | b"\n'
seed tsv $(find "$SHARED/samples/glossaries" \( -name '*.txt' -o -name '*.tab' -o -name '*.tsv' \) 2>/dev/null)
seed tbx $(find "$SHARED/samples/tbx" -name '*.tbx' -size -200k 2>/dev/null)
seed tmx $(find "$SHARED/samples/tmx" -name '*.tmx' -size -200k 2>/dev/null)
inline xliff v12.xlf '<?xml version="1.0"?><xliff version="1.2"><file source-language="zh-CN" target-language="en"><body><trans-unit id="1"><source>重庆<x id="1"/>发布</source><target>Chongqing <g id="2">releases</g></target><alt-trans><target>x</target></alt-trans></trans-unit></body></file></xliff>'
inline xliff v20.xlf '<?xml version="1.0"?><xliff version="2.0" srcLang="zh-Hant" trgLang="en"><file id="f"><unit id="u"><segment><source>成渝<ph id="1"/>地區</source><target>Chengdu</target></segment><segment id="s2"><source>两会</source></segment></unit></file></xliff>'
seed markdown README.md docs/*.md
inline markdown front.md $'---\ndate: 2024-01-01\n---\n# Chungking\n\nThe *Communist Party of China* (`CPC`) <!-- glossa-disable-next-line -->\nChen Miner [link](http://x) &amp; more\n'
inline html page.html '<html><head><meta name="date" content="2024-01-01"><script>var x="Chungking";</script></head><body><h1>Two Sessions</h1><p>Chen&nbsp;Min&rsquo;er met the <b>CPC</b> &#x4E2D;&#22269;<!-- glossa-disable --></p></body></html>'
inline config full.yml $'glossary: [glossary/]\nlanguage: en\ninclude: ["**/*.md"]\nexclude: [drafts/**]\nfail-on: warning\nformat: json\ndate: 2024-01-01\nrules:\n  term-case: error\n  near-miss: off\nfolds:\n  quotes: off\nmax-file-size: 1000\n'
seed match seeds/*.txt
inline match folds.txt $'Ｃｈｏｎｇｑｉｎｇ’s two‐sessions\u00a0and the CPC\u2019s Chen Min·er Chengdu–Chongqing economic circle\n\n重慶 Five Year Plans'

failed=0
for target in "${TARGETS[@]}"; do
  corpus="$WORK/corpus/$target"
  crashes="$WORK/crashes/$target"
  mkdir -p "$corpus" "$crashes"
  log="$WORK/$target.log"
  set +e
  GLOSSA_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    "$FUZZER" "$corpus" "$WORK/seeds/$target" -max_total_time="$SECONDS_EACH" -max_len=65536 \
    -rss_limit_mb=4096 -timeout=30 -artifact_prefix="$crashes/" -print_final_stats=1 \
    > "$log" 2>&1
  status=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  files=$(find "$corpus" -type f | wc -l)
  if [ $status -ne 0 ]; then
    failed=1
    echo "fuzz $target: FAILED (status $status) after ${runs:-?} executions; see $log and $crashes"
    grep -E 'ERROR|SUMMARY|Fatal error|Precondition' "$log" | head -5 || true
  else
    echo "fuzz $target: ${runs:-0} executions in ${SECONDS_EACH} s, coverage ${coverage:-?} edges, corpus $files inputs, no crash"
  fi
done
exit $failed
