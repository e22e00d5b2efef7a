import Foundation
import GRDB
import GlossaKit

@testable import GlossaMemory

extension SQLiteMemory {
  /// Writes `units` to a new memory at `path` as Glossa wrote memories of schema v1: one
  /// `fuzzy_posting` row per token and batch of 100 (varint gaps and lengths), document
  /// frequencies in `fuzzy_token`, the source index on whole keys, the concordance index with
  /// positions, extras as full JSON.
  static func writeVersionOne(units: [MemoryUnit], to path: String) throws {
    let queue = try DatabaseQueue(path: path)
    try migrator.migrate(queue, upTo: "v1")
    let helper = try SQLiteMemory(path: path + ".helper.sqlite")
    let encoder = JSONEncoder()
    try queue.write { db in
      var postings: [Int64: [(Int64, Int)]] = [:]
      var block: Int64?
      func flush() throws {
        guard let first = block else { return }
        for (token, list) in postings {
          var bytes: [UInt8] = []
          var previous: Int64 = 0
          for (id, length) in list {
            bytes.appendVarint(UInt64(id - previous))
            bytes.appendVarint(UInt64(length))
            previous = id
          }
          try db.execute(
            sql: "INSERT INTO fuzzy_posting (token, block, units) VALUES (?, ?, ?)",
            arguments: [token, first, Data(bytes)])
          try db.execute(
            sql:
              "INSERT INTO fuzzy_token (token, df) VALUES (?, ?) ON CONFLICT(token) DO UPDATE SET df = df + excluded.df",
            arguments: [token, list.count])
        }
        postings = [:]
        block = nil
      }
      for (index, unit) in units.enumerated() {
        let sourceKey = helper.matchingForm(unit.source.text)
        let targetKey = helper.matchingForm(unit.target.text)
        let extras = String(decoding: try encoder.encode(unit.extras), as: UTF8.self)
        try db.execute(
          sql: """
            INSERT OR IGNORE INTO unit (tuid, source_lang, target_lang, source_markup,
              target_markup, source_text, target_text, source_key, target_key, created_at,
              created_by, changed_at, changed_by, origin, extras, fingerprint)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
          arguments: [
            unit.tuid, unit.sourceLanguage.rawValue, unit.targetLanguage.rawValue,
            unit.source.markup, unit.target.markup, unit.source.text, unit.target.text,
            sourceKey, targetKey, unit.creationDate, unit.creationUser, unit.changeDate,
            unit.changeUser, unit.origin, extras, Data(fingerprintBeforeV8(unit)),
          ])
        guard db.changesCount > 0 else { continue }
        let id = db.lastInsertedRowID
        block = block ?? id
        try db.execute(
          sql: "INSERT INTO unit_text (rowid, source_key, target_key) VALUES (?, ?, ?)",
          arguments: [id, sourceKey, targetKey])
        let length = sourceKey.unicodeScalars.count
        for token in helper.tokens(of: sourceKey) {
          postings[token.hash, default: []].append((id, length))
        }
        if index % 100 == 99 { try flush() }
      }
      try flush()
    }
  }
}

extension SQLiteMemory {
  /// Turns the memory at `path` (closed) back into schema v2: the fuzzy index's rows keyed by
  /// bucket, then segment; the concordance index in FTS5, merging 16 segments at a time.
  static func downgradeToVersionTwo(path: String) throws {
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
      try db.execute(
        sql: """
          CREATE TABLE fuzzy_bucket_v2 (
            bucket INTEGER NOT NULL, segment INTEGER NOT NULL, data BLOB NOT NULL,
            PRIMARY KEY (bucket, segment)) WITHOUT ROWID;
          INSERT INTO fuzzy_bucket_v2 SELECT bucket, segment, data FROM fuzzy_bucket;
          DROP TABLE fuzzy_bucket;
          ALTER TABLE fuzzy_bucket_v2 RENAME TO fuzzy_bucket;
          DROP TABLE concord_bucket;
          DROP TABLE concord_segment;
          CREATE VIRTUAL TABLE unit_text USING fts5(
            source_key, target_key, content='unit', content_rowid='id', tokenize='trigram',
            detail=none, columnsize=0);
          INSERT INTO unit_text (unit_text, rank) VALUES ('automerge', 16);
          INSERT INTO unit_text (unit_text) VALUES ('rebuild');
          DELETE FROM grdb_migrations WHERE identifier IN ('v3', 'v4', 'v5');
          """)
    }
  }

  /// The SQL that made the fuzzy index's table in the memory at `path`.
  static func fuzzyTableSQL(path: String) throws -> String {
    try DatabaseQueue(path: path).read { db in
      try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'fuzzy_bucket'")
        ?? ""
    }
  }
}

extension SQLiteMemory {
  /// How many segments the FTS5 concordance index (schemas v1 to v4) of the memory at `path`
  /// merges at a time.
  static func concordanceAutomerge(path: String) throws -> Int? {
    try DatabaseQueue(path: path).read { db in
      try Int.fetchOne(db, sql: "SELECT v FROM unit_text_config WHERE k = 'automerge'")
    }
  }

  /// The names of the tables of the memory at `path`.
  static func tableNames(path: String) throws -> Set<String> {
    try DatabaseQueue(path: path).read { db in
      Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
    }
  }
}

extension SQLiteMemory {
  /// The names of the indexes of the `unit` table of the memory at `path`.
  static func unitIndexes(path: String) throws -> Set<String> {
    try DatabaseQueue(path: path).read { db in
      Set(try String.fetchAll(db, sql: "SELECT name FROM pragma_index_list('unit')"))
    }
  }
}

extension SQLiteMemory {
  /// The fingerprint that memories of schemas v1 to v7 hold (a byte at a time), which the
  /// upgrade to v8 computes again.
  static func fingerprintBeforeV8(_ unit: MemoryUnit) -> [UInt8] {
    var a: UInt64 = 0xcbf2_9ce4_8422_2325
    var b: UInt64 = 0x6c62_272e_07bb_0142
    func add(_ part: String) {
      for byte in part.utf8 + [0xFF] {
        a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_0193
        b = b &+ (a >> 23)
      }
    }
    add(unit.sourceLanguage.rawValue)
    add(unit.targetLanguage.rawValue)
    add(unit.source.markup)
    add(unit.target.markup)
    return (0..<16).map { UInt8(truncatingIfNeeded: ($0 < 8 ? a : b) >> (56 - 8 * UInt64($0 % 8))) }
  }
}
