#!/usr/bin/env bash
# Measures how often the near-miss rule fires on ordinary English prose that mentions no
# glossary term: the English side of the TICO-19 memory (3,071 sentences) and the licence texts
# in /usr/share/common-licenses. Prints the reports per corpus and glossary.
# Usage: scripts/near-miss-false-alarms.sh [EXTRA_GLOSSARY.csv]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

swift build -c release --product glossa >/dev/null
glossa=.build/release/glossa

python3 - "$shared/samples/tmx/tico19/tico19-all.en-zh.tmx" "$work/tico19-en.txt" <<'PY'
import html, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
segments = re.findall(r'<tuv[^>]*xml:lang="en[^"]*"[^>]*>\s*<seg>(.*?)</seg>', text, re.S)
segments = [html.unescape(re.sub(r"<[^>]+>", "", s)) for s in segments]
open(sys.argv[2], "w", encoding="utf-8").write("\n\n".join(segments) + "\n")
PY
cat /usr/share/common-licenses/{GPL-3,GFDL-1.3,Apache-2.0,MPL-2.0,LGPL-2.1,Artistic} > "$work/licenses.txt" 2>/dev/null || true

glossaries=(glossary)
if [ $# -gt 0 ]; then glossaries+=("$1"); fi
for glossary in "${glossaries[@]}"; do
  for corpus in "$work/tico19-en.txt" "$work/licenses.txt"; do
    lines=$(wc -l < "$corpus")
    "$glossa" lint --no-config --no-cache --glossary "$glossary" --format jsonl --fail-on never "$corpus" > "$work/out.jsonl"
    count=$(grep -c '"rule": "near-miss"' "$work/out.jsonl" || true)
    echo "glossary=$glossary corpus=$(basename "$corpus") lines=$lines near-miss=$count"
    grep '"rule": "near-miss"' "$work/out.jsonl" | python3 -c '
import json, sys
for line in sys.stdin:
    f = json.loads(line)
    print("   ", repr(f["found"]), "->", f["expected"])' || true
  done
done
