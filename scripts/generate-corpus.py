#!/usr/bin/env python3
"""Writes a reproducible English news-like corpus of about N megabytes for benchmarks.

Sentences come from a word-bigram model of the articles in seeds/ (their vocabulary and rhythm),
in paragraphs of 2 to 6 sentences, lines wrapped at about 100 characters. Glossary terms are
planted at known rates per sentence (from --glossary, a Glossa CSV such as the one
generate-glossary.py writes):
  --preferred  an approved English form as written (default 0.30)
  --deprecated a deprecated form (0.05)
  --miscased   an approved form in lower or upper case (0.05)
  --typo       a multi-word approved form with one letter changed (0.02)
The planted counts are printed to standard error as JSON. The same seed gives the same text.
With --files N, the corpus is N article files of equal size in the folder -o names.

    python3 scripts/generate-corpus.py --megabytes 100 --glossary /tmp/cedict-100k.csv -o /tmp/corpus-100m.txt
    python3 scripts/generate-corpus.py --megabytes 100 --files 20000 -o /tmp/corpus-100m/
"""

import argparse
import csv
import glob
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def strip(cell):
    cell = re.sub(r"\s*\{[^}]*\}\s*$", "", cell)
    return [part.strip().replace("\\|", "|") for part in re.split(r"(?<!\\)\|", cell) if part.strip()]


def load_terms(path):
    approved, deprecated = [], []
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for column, value in row.items():
                if not value or column is None:
                    continue
                if column == "en" or column == "en:admitted":
                    approved += strip(value)
                elif column in ("en:deprecated", "en:superseded"):
                    deprecated += strip(value)
    return approved, deprecated


def bigram_model(folder):
    words = []
    for path in sorted(glob.glob(os.path.join(folder, "*.txt"))):
        with open(path, encoding="utf-8") as handle:
            words += re.findall(r"[A-Za-z][A-Za-z'’\-]*|[0-9][0-9,.]*|[.,;:]", handle.read())
    following = {}
    for a, b in zip(words, words[1:]):
        following.setdefault(a, []).append(b)
    starts = [b for a, b in zip(words, words[1:]) if a == "." and b[:1].isupper()]
    return following, starts


def sentence(rng, following, starts):
    word = rng.choice(starts)
    out = [word]
    while len(out) < 60:
        options = following.get(word)
        if not options:
            break
        word = rng.choice(options)
        if word == ".":
            break
        out.append(word)
    text = " ".join(out)
    return re.sub(r" ([,;:])", r"\1", text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seeds", default=os.path.join(HERE, "..", "seeds"))
    parser.add_argument("--glossary", default=os.path.join(HERE, "..", "glossary", "glossary.csv"))
    parser.add_argument("--preferred", type=float, default=0.30)
    parser.add_argument("--deprecated", type=float, default=0.05)
    parser.add_argument("--miscased", type=float, default=0.05)
    parser.add_argument("--typo", type=float, default=0.02)
    parser.add_argument("--files", type=int, default=1, help="write this many articles into a folder")
    parser.add_argument("-o", "--output", default="-")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    following, starts = bigram_model(args.seeds)
    approved, deprecated = load_terms(args.glossary)
    multiword = [t for t in approved if " " in t and len(t) > 8]
    counts = {"sentences": 0, "preferred": 0, "deprecated": 0, "miscased": 0, "typo": 0}
    limit = int(args.megabytes * 1_000_000)
    per_file = limit // max(1, args.files)
    index = 0

    def open_next():
        if args.files > 1:
            os.makedirs(args.output, exist_ok=True)
            return open(os.path.join(args.output, f"article-{index:06d}.txt"), "w", encoding="utf-8")
        return sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")

    out = open_next()
    in_file = 0
    written = 0
    while written < limit:
        if args.files > 1 and in_file >= per_file and index + 1 < args.files:
            out.close()
            index += 1
            in_file = 0
            out = open_next()
        paragraph = []
        for _ in range(rng.randint(2, 6)):
            words = sentence(rng, following, starts).split(" ")
            counts["sentences"] += 1
            plants = []
            if rng.random() < args.preferred:
                plants.append(rng.choice(approved))
                counts["preferred"] += 1
            if deprecated and rng.random() < args.deprecated:
                plants.append(rng.choice(deprecated))
                counts["deprecated"] += 1
            if rng.random() < args.miscased:
                term = rng.choice(approved)
                plants.append(term.lower() if term != term.lower() else term.upper())
                counts["miscased"] += 1
            if multiword and rng.random() < args.typo:
                term = list(rng.choice(multiword))
                letters = [i for i, c in enumerate(term) if c.isalpha()]
                term[rng.choice(letters[1:])] = rng.choice("aeiourstln")
                plants.append("".join(term))
                counts["typo"] += 1
            for plant in plants:
                words.insert(rng.randint(1, len(words)), plant)
            paragraph.append(" ".join(words) + ".")
        text = " ".join(paragraph)
        # Wrap at about 100 characters, as newsroom exports do.
        lines, line = [], ""
        for word in text.split(" "):
            if line and len(line) + 1 + len(word) > 100:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        block = "\n".join(lines) + "\n\n"
        out.write(block)
        size = len(block.encode("utf-8"))
        written += size
        in_file += size
    if out is not sys.stdout:
        out.close()
    print(json.dumps(counts), file=sys.stderr)


if __name__ == "__main__":
    main()
