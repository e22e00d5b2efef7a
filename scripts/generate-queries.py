#!/usr/bin/env python3
"""Writes N lookup queries, one per line, drawn from a TMX file's sources with up to four
characters replaced by common Chinese characters (as a translator's new sentence differs from
one the memory holds). Reproducible: the same file, count and seed give the same queries.

    python3 scripts/generate-queries.py .build/bench/tm-100000.tmx 1000 --seed 7
"""

import argparse
import random
import re
from xml.sax.saxutils import unescape

COMMON = "的是了在和有人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tmx")
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    units = []
    with open(args.tmx, encoding="utf-8") as handle:
        for line in handle:
            if "<tu " in line:
                units.append(re.findall(r"<seg>(.*?)</seg>", line))
    for _ in range(args.count):
        chars = list(unescape(rng.choice(units)[0]))
        for _ in range(rng.randint(0, 4)):
            chars[rng.randrange(len(chars))] = rng.choice(COMMON)
        print("".join(chars))


if __name__ == "__main__":
    main()
