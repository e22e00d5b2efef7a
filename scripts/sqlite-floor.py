#!/usr/bin/env python3
"""What SQLite alone takes to write a translation memory's rows and indexes.

Copies the rows of a memory made by Glossa (e.g. .build/bench/tm-100000.sqlite from
scripts/bench.sh) into a fresh file with the same schema, set up as `glossa tm import` sets up an
empty memory (16 KB pages, a 32 MB page cache, a rollback journal with synchronous FULL, 100,000
pairs per transaction), with no Glossa code in the way: the floor under Glossa's import.

    python3 scripts/sqlite-floor.py .build/bench/tm-100000.sqlite
"""
import os
import sqlite3
import sys
import tempfile
import time

# As `glossa tm import --batch` (its default) and SQLiteMemory's page size and page cache.
BATCH = 100000
PAGE_SIZE = 16384
CACHE_KB = 32768


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        sys.exit("usage: scripts/sqlite-floor.py MEMORY.sqlite")
    source = sys.argv[1]
    # ATTACH makes an empty database of a path that is not there: refuse it first.
    if not os.path.isfile(source):
        sys.exit(f"{source}: error: no such memory file")
    folder = tempfile.mkdtemp(prefix="glossa-floor-")
    target = os.path.join(folder, "floor.sqlite")
    db = sqlite3.connect(target, isolation_level=None)
    # An import into an empty memory writes it with a rollback journal (SQLiteMemory.beginLoad):
    # each page once, where WAL writes it into the log at each commit and again at checkpoints.
    for pragma in (f"page_size = {PAGE_SIZE}", "journal_mode = DELETE", "synchronous = FULL",
                   f"cache_size = -{CACHE_KB}"):
        db.execute("PRAGMA " + pragma)
    db.execute("ATTACH ? AS old", (source,))
    (highest,) = db.execute("SELECT max(id) FROM old.unit").fetchone()
    for (sql,) in db.execute(
        "SELECT sql FROM old.sqlite_master WHERE type IN ('table', 'index') AND sql IS NOT NULL "
        "AND name NOT LIKE 'unit_text%'"
    ).fetchall():
        db.execute(sql)

    def batches(label, sql):
        start = time.time()
        for first in range(0, highest, BATCH):
            db.execute("BEGIN")
            db.execute(sql, (first, first + BATCH))
            db.execute("COMMIT")
        print(f"{label}: {time.time() - start:.2f} s")

    # The rows alone, then with the unique index on the source's hash and fingerprint: what the
    # index costs, which grows with the memory (random keys touch pages all over it).
    db.execute("CREATE TABLE bare AS SELECT * FROM old.unit WHERE 0")
    batches("unit rows alone, no index",
            "INSERT INTO bare SELECT * FROM old.unit WHERE id > ? AND id <= ?")
    db.execute("DROP TABLE bare")
    batches("unit rows with the unit_identity index",
            "INSERT INTO unit SELECT * FROM old.unit WHERE id > ? AND id <= ?")
    # The concordance index: Glossa's own blobs (schema v5) when the memory has them, else
    # (memories of schema v4 and before) FTS5's trigram index, as those memories wrote it.
    tables = {name for (name,) in db.execute("SELECT name FROM old.sqlite_master")}
    if "concord_bucket" in tables:
        start = time.time()
        db.execute("BEGIN")
        db.execute("INSERT INTO concord_bucket SELECT * FROM old.concord_bucket")
        db.execute("COMMIT")
        print(f"concordance index blobs (as written): {time.time() - start:.2f} s")
    else:
        db.execute(
            "CREATE VIRTUAL TABLE unit_text USING fts5(source_key, target_key, content='unit', "
            "content_rowid='id', tokenize='trigram', detail=none, columnsize=0)")
        db.execute("INSERT INTO unit_text (unit_text, rank) VALUES ('automerge', 64)")
        db.execute("INSERT INTO unit_text (unit_text, rank) VALUES ('crisismerge', 64)")
        batches("FTS5 trigram concordance index",
                "INSERT INTO unit_text (rowid, source_key, target_key) "
                "SELECT id, source_key, target_key FROM unit WHERE id > ? AND id <= ?")
    start = time.time()
    db.execute("BEGIN")
    db.execute("INSERT INTO fuzzy_bucket SELECT * FROM old.fuzzy_bucket")
    db.execute("COMMIT")
    print(f"fuzzy index blobs (as merged): {time.time() - start:.2f} s")
    db.close()
    for name in os.listdir(folder):
        os.remove(os.path.join(folder, name))
    os.rmdir(folder)


if __name__ == "__main__":
    main()
