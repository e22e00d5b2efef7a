#!/usr/bin/env python3
"""Writes a reproducible zh-CN → en TMX 1.4b file of N units for benchmarks.

Sentences are built from the words of CC-CEDICT (read from ../shared/data/cedict, never
copied): a Chinese sentence of 4 to 14 dictionary words with a figure, its English target made
of the words' first glosses. A share of the units (--near, default 0.3) are near duplicates of
an earlier unit: one to three words replaced, inserted or dropped, or the figure changed, as a
newsroom memory holds many versions of the same sentence. The same seed gives the same file.

    python3 scripts/generate-tmx.py --units 1000000 --seed 1 -o /tmp/tm-1m.tmx
"""

import argparse
import os
import random
import re
import sys
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
CEDICT = os.path.join(HERE, "..", "..", "shared", "data", "cedict",
                      "cc-cedict_1_0_ts_utf-8_mdbg_2023-11-07.txt")


def load_words(path):
    words = []
    pattern = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /([^/]+)/")
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            match = pattern.match(line)
            if not match:
                continue
            simplified, gloss = match.group(2), match.group(3)
            if not 2 <= len(simplified) <= 4 or gloss.startswith(("variant of", "see ", "surname", "old variant")):
                continue
            gloss = re.sub(r"\([^)]*\)", "", gloss).strip()
            if not gloss or len(gloss) > 30 or not re.fullmatch(r"[A-Za-z ,'-]+", gloss):
                continue
            words.append((simplified, gloss))
    return words


def sentence(rng, words):
    picked = [rng.choice(words) for _ in range(rng.randint(4, 14))]
    figure = rng.choice([str(rng.randint(2, 2030)), f"{rng.randint(1, 99)}.{rng.randint(1, 9)}"])
    return picked, figure


def render(picked, figure):
    middle = len(picked) // 2
    zh = "".join(w for w, _ in picked[:middle]) + figure + "".join(w for w, _ in picked[middle:]) + "。"
    en_words = [g for _, g in picked]
    en = " ".join(en_words[:middle] + [figure] + en_words[middle:])
    return zh, en[:1].upper() + en[1:] + "."


def mutate(rng, picked, figure, words):
    picked = list(picked)
    for _ in range(rng.randint(1, 3)):
        action = rng.random()
        if action < 0.4 and picked:
            picked[rng.randrange(len(picked))] = rng.choice(words)
        elif action < 0.6:
            picked.insert(rng.randrange(len(picked) + 1), rng.choice(words))
        elif action < 0.8 and len(picked) > 3:
            del picked[rng.randrange(len(picked))]
        else:
            figure = str(rng.randint(2, 2030))
    return picked, figure


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--near", type=float, default=0.3, help="share of near duplicates")
    parser.add_argument("--cedict", default=CEDICT)
    parser.add_argument("-o", "--output", default="-")
    args = parser.parse_args()

    words = load_words(args.cedict)
    if not words:
        sys.exit(f"{args.cedict}: no usable entries")
    rng = random.Random(args.seed)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
              '  <header creationtool="glossa-generate-tmx" creationtoolversion="1" segtype="sentence" '
              'o-tmf="generated" adminlang="en" srclang="zh-CN" datatype="plaintext"/>\n  <body>\n')
    recent = []
    for index in range(args.units):
        if recent and rng.random() < args.near:
            picked, figure = mutate(rng, *rng.choice(recent), words)
        else:
            picked, figure = sentence(rng, words)
        if len(recent) < 5000:
            recent.append((picked, figure))
        else:
            recent[rng.randrange(len(recent))] = (picked, figure)
        zh, en = render(picked, figure)
        out.write(f'    <tu tuid="g{index}"><tuv xml:lang="zh-CN"><seg>{escape(zh)}</seg></tuv>'
                  f'<tuv xml:lang="en"><seg>{escape(en)}</seg></tuv></tu>\n')
    out.write("  </body>\n</tmx>\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
