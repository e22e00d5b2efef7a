#!/usr/bin/env python3
"""Writes a reproducible Glossa CSV glossary of about N terms built from CC-CEDICT.

Each concept is one dictionary entry: its Simplified form (zh-Hans), its Traditional form when it
differs (zh-Hant), and its first English gloss as the preferred English form. So that every lint
rule has work, some concepts also get (at fixed rates, from the seed):
  - an admitted English form (the entry's second gloss), 10 %;
  - a deprecated English form, 12 %: a misspelling of the preferred form (two letters swapped,
    or a letter dropped), or an old romanization for names;
  - a superseded form with an effective date, 2 %;
  - a case mode: `case=sensitive` for all-capital forms (acronyms), `case=insensitive` for 5 %;
  - an acronym (term type acronym) for glosses with an upper-case abbreviation in them.
English forms are unique (the first entry with a gloss keeps it). The dictionary gives about
100,000 terms; beyond that (`--terms 1000000`), compound concepts join two entries drawn at random
("export quota" + "reform" → "export quota reform", 出口配额改革), as multiword house terms do.
The dictionary is read from ../shared/data/cedict, never copied.

    python3 scripts/generate-glossary.py --terms 100000 --seed 1 -o /tmp/cedict-100k.csv
"""

import argparse
import csv
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CEDICT = os.path.join(HERE, "..", "..", "shared", "data", "cedict",
                      "cc-cedict_1_0_ts_utf-8_mdbg_2023-11-07.txt")
ENTRY = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.+)/\s*$")
SKIP = ("variant of", "old variant", "see ", "surname ", "abbr. for", "used in", "CL:", "(bound form)")


def glosses(field):
    result = []
    for gloss in field.split("/"):
        gloss = re.sub(r"\([^)]*\)", "", gloss).strip(" ;,.")
        if not gloss or gloss.startswith(SKIP) or "[" in gloss or "|" in gloss:
            continue
        if len(gloss) > 40 or not re.fullmatch(r"[A-Za-z][A-Za-z '\-.,]*", gloss):
            continue
        result.append(gloss)
    return result


def misspell(rng, text):
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 5:
        return None
    chars = list(text)
    if rng.random() < 0.5:
        i = rng.choice(letters[1:-1])
        j = i + 1
        if j < len(chars) and chars[j].isalpha() and chars[i] != chars[j]:
            chars[i], chars[j] = chars[j], chars[i]
            return "".join(chars)
    i = rng.choice(letters[1:])
    del chars[i]
    return "".join(chars)


def cell(text, **attributes):
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("{", "\\{").replace("}", "\\}")
    if attributes:
        text += " {" + "; ".join(f"{k}={v}" for k, v in attributes.items()) + "}"
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=100_000, help="about how many forms in all")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cedict", default=CEDICT)
    parser.add_argument("-o", "--output", default="-")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    used_english = set()
    used_chinese = set()
    rows = []
    terms = 0
    with open(args.cedict, encoding="utf-8") as handle:
        for line in handle:
            if terms >= args.terms:
                break
            match = ENTRY.match(line)
            if not match or line.startswith("#"):
                continue
            traditional, simplified, _, field = match.groups()
            english = [g for g in glosses(field) if g.lower() not in used_english]
            if not english or simplified in used_chinese:
                continue
            preferred = english[0]
            used_english.add(preferred.lower())
            used_chinese.add(simplified)
            row = {"id": f"cedict-{len(rows) + 1}", "zh-Hans": cell(simplified)}
            terms += 2
            if traditional != simplified:
                row["zh-Hant"] = cell(traditional)
                terms += 1
            if preferred.isupper() and len(preferred) <= 6:
                row["en"] = cell(preferred, case="sensitive", type="acronym")
            elif rng.random() < 0.05:
                row["en"] = cell(preferred, case="insensitive")
            else:
                row["en"] = cell(preferred)
            if len(english) > 1 and rng.random() < 0.10 and english[1].lower() not in used_english:
                used_english.add(english[1].lower())
                row["en:admitted"] = cell(english[1])
                terms += 1
            if rng.random() < 0.12:
                wrong = misspell(rng, preferred)
                if wrong and wrong.lower() not in used_english:
                    used_english.add(wrong.lower())
                    row["en:deprecated"] = cell(wrong)
                    terms += 1
            elif rng.random() < 0.02 and " " in preferred:
                old = preferred.replace(" ", "-", 1)
                if old.lower() not in used_english:
                    used_english.add(old.lower())
                    row["en:superseded"] = cell(old, since="2020-01-01")
                    terms += 1
            rows.append(row)
    dictionary = [(row["zh-Hans"], row["en"].split(" {")[0]) for row in rows]
    attempts = 0
    while terms < args.terms and dictionary and attempts < 20 * args.terms:
        attempts += 1
        (zh1, en1), (zh2, en2) = rng.choice(dictionary), rng.choice(dictionary)
        english, chinese = f"{en1} {en2}", zh1 + zh2
        if english.lower() in used_english or chinese in used_chinese or len(english) > 60:
            continue
        used_english.add(english.lower())
        used_chinese.add(chinese)
        rows.append({"id": f"compound-{len(rows) + 1}", "zh-Hans": chinese, "en": english})
        terms += 2
    columns = ["id", "zh-Hans", "zh-Hant", "en", "en:admitted", "en:deprecated", "en:superseded"]
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8", newline="")
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    if out is not sys.stdout:
        out.close()
    print(f"{len(rows)} concepts, {terms} terms", file=sys.stderr)


if __name__ == "__main__":
    main()
