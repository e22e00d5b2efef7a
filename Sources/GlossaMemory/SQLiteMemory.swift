import Foundation
internal import GRDB
internal import GRDBSQLite
import GlossaKit
import GlossaText

#if canImport(Glibc)
import Glibc
#endif

/// Glossa's translation memory: one SQLite file, in WAL mode, with a versioned schema.
///
/// Tables: `unit` (one row per pair: languages, segments with markup, plain texts, matching
/// forms, dates and users, origin, the TMX extras as JSON, a hash of the matching source, and a
/// fingerprint of languages, source and target; their unique index makes re-imports add
/// nothing and finds exact matches); `fuzzy_bucket` and `fuzzy_segment`,
/// the fuzzy-match index: for each token (a word, or a pair of Chinese characters) of each
/// matching source, the rows that hold it, in blobs by bucket of tokens, written a batch (a
/// segment) at a time, keyed by segment then bucket (so that a batch appends its rows), and
/// merged after an import (see `FuzzyIndex`); `concord_bucket` and `concord_segment`, the
/// concordance index, laid out the same way: for each gram (three characters, two Chinese) of
/// the matching forms, the rows that hold it (see `ConcordanceIndex`).
///
/// A file is recognized by its SQLite `application_id`; any other database is refused.
public final class SQLiteMemory: TranslationMemory {
  /// The `application_id` of Glossa memories: "GLSA".
  static let applicationID: Int32 = 0x474C_5341

  /// The memory file.
  public let path: String
  private let database: DatabaseQueue
  /// Opened to read only.
  private let readOnly: Bool
  private let normalizer: TextNormalizer
  private let classify = CharacterClassifier()

  /// How long a connection waits for another that holds the memory.
  static let busyMilliseconds: Int32 = 60_000
  /// The size of a new memory's pages.
  static let pageSize = 16_384
  /// The size of the write-ahead log past which a commit copies it into the memory.
  static let checkpointBytes = 64 << 20

  /// Opens (or creates) the memory at `path`.
  /// - Parameters:
  ///   - path: the SQLite file.
  ///   - readOnly: open without writing (the file must exist).
  ///   - mapped: with `readOnly`, map the file into memory: lookups read postings and rows all
  ///     over it, faster from the map than copied page by page; a reading of every pair (an
  ///     export, a check of the whole memory) would map all of it, so it passes `false` and its
  ///     memory stays that of the page cache.
  /// - Throws: `MemoryError` when the file is not a Glossa memory, cannot be opened, or its
  ///   schema is newer than this Glossa.
  public init(path: String, readOnly: Bool = false, mapped: Bool = true) throws(MemoryError) {
    self.path = path
    self.readOnly = readOnly
    var configuration = Configuration()
    configuration.readonly = readOnly
    configuration.busyMode = .timeout(Double(Self.busyMilliseconds) / 1_000)
    configuration.label = "glossa-tm"
    configuration.prepareDatabase { db in
      db.add(function: StoredForm.keyFunction)
      if !readOnly {
        // WAL with synchronous NORMAL: a crash of Glossa or of the machine never corrupts the
        // memory and never loses a committed batch to a crash of Glossa; a power cut may lose the
        // last batches, which the same import adds again.
        //
        // A new memory gets pages of 16 KB (a memory made earlier keeps its 4 KB: SQLite fixes
        // the size when the file is first written). The index blobs of a bucket (a few KB each)
        // then fit in their leaf instead of a chain of overflow pages, and writing and
        // checkpointing take a quarter of the calls: importing 100,000 pairs 3.09-3.30 ->
        // 2.64-2.76 s, 1,000,000 pairs 38.4 -> 31.7 s, lookups as fast (p50 5.1 / 5.2 ms at
        // 1,000,000). 32 and 64 KB were no faster and made lookups' p99 worse.
        try db.execute(sql: "PRAGMA page_size = \(Self.pageSize)")
        // A memory that another process is loading (``beginLoad()``) keeps its rollback journal
        // while that process holds it: SQLite refuses to change the mode then, at once, without
        // waiting. This connection works with the rollback journal too (and turns the memory
        // back to WAL when it closes, if the loader has not).
        var mode: String?
        do {
          mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
          mode = nil
        }
        try db.execute(sql: "PRAGMA synchronous = \(mode == "wal" ? "NORMAL" : "FULL")")
        // A checkpoint when the log passes 64 MB, whatever the size of the pages.
        let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
        try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.checkpointBytes / pageSize)")
      }
      // 32 MB of page cache: an import's index pages stay in it (importing 100,000 pairs is as
      // fast as with 64 MB), and the import's peak memory is 30 MB lower (it now lets 16
      // prepared chunks wait for the writer instead of 4).
      try db.execute(sql: "PRAGMA cache_size = -32768")
      // Lookups read postings and rows all over the file: map it (up to SQLite's default limit,
      // 2 GB) rather than copy pages from the kernel's cache. The pages a lookup touches then
      // count in the process's resident size, but they are the same pages of the kernel's file
      // cache that reads would fill, shared and reclaimable. A 1,000,000-pair memory (1.5 GB):
      // p50 8.6-10.2 ms mapping its first 256 MB, 6.1-6.7 ms mapping all of it. (Imports and
      // full readings do not map, so that their memory stays small.)
      if readOnly && mapped { try db.execute(sql: "PRAGMA mmap_size = 2147418112") }
      try db.execute(sql: "PRAGMA temp_store = MEMORY")
      try db.execute(sql: "PRAGMA foreign_keys = ON")
    }
    do {
      normalizer = try TextNormalizer()
    } catch {
      throw MemoryError(file: path, message: error.description)
    }
    if readOnly && FileManager.default.fileExists(atPath: path) == false {
      throw MemoryError(file: path, message: "no such translation memory")
    }
    do {
      if !readOnly {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
          try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
      }
      // Processes that open a new memory at once take turns to check and create the schema
      // (the check would otherwise see another's half-made schema).
      let lock = readOnly ? nil : Self.lock(path + ".lock")
      defer { if let lock { Glibc.close(lock) } }
      if readOnly && FileManager.default.fileExists(atPath: path + "-journal") {
        try Self.rollBack(path, configuration: configuration)
      }
      database = try DatabaseQueue(path: path, configuration: configuration)
      try database.read { db in
        let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
        if id != Self.applicationID && (id != 0 || tables > 0) {
          throw MemoryError(
            file: path, message: "not a Glossa translation memory (another SQLite database)")
        }
        // A schema this Glossa does not know would be misread (v6 stores plain markup empty).
        if tables > 0, try Self.migrator.hasBeenSuperseded(db) {
          throw MemoryError(
            file: path,
            message:
              "the memory was made by a newer Glossa (schema \(try Self.migrator.appliedIdentifiers(db).sorted().last ?? "?")); upgrade Glossa to read it"
          )
        }
      }
      if !readOnly {
        // An upgrade rewrites whole tables in one transaction (v5 drops FTS5's): the journal of
        // its statements goes to a file rather than memory (upgrading a 1,000,000-pair memory to
        // v5 peaked at 424 MB with it in memory). The setting is read when a transaction starts.
        try database.writeWithoutTransaction { try $0.execute(sql: "PRAGMA temp_store = FILE") }
        try Self.migrator.migrate(database)
        try database.writeWithoutTransaction { try $0.execute(sql: "PRAGMA temp_store = MEMORY") }
      } else if try database.read({ try Self.migrator.hasCompletedMigrations($0) }) == false {
        // A memory of an earlier schema: upgraded in place (as any writer would) when the file
        // can be written, then read.
        try Self.openToWrite(
          path,
          orSay:
            "the memory was made by an earlier Glossa and needs an upgrade; open it once with write access (e.g. glossa tm import)"
        )
      }
    } catch let error as MemoryError {
      throw error
    } catch {
      throw Self.describe(error, file: path)
    }
  }

  /// Rolls back the transaction of a load cut short (``beginLoad()``).
  ///
  /// A connection that only reads cannot do it, and SQLite refuses to read the memory until it
  /// is done. The memory is opened once with write access, which rolls it back; without that
  /// access, the error says so. Nothing is done when the journal is not left over (a load under
  /// way holds it).
  private static func rollBack(_ path: String, configuration: Configuration) throws {
    do {
      try DatabaseQueue(path: path, configuration: configuration).read { db in
        _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
      }
    } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_READONLY_ROLLBACK {
      try openToWrite(
        path,
        orSay:
          "an import into the memory was cut short; open it once with write access (e.g. glossa tm import) to roll back its last transaction"
      )
    }
  }

  /// Opens the memory once with write access, which upgrades it or rolls it back as any writer
  /// would; without that access, throws `message`.
  private static func openToWrite(_ path: String, orSay message: String) throws {
    guard access(path, W_OK) == 0 else { throw MemoryError(file: path, message: message) }
    _ = try SQLiteMemory(path: path, readOnly: false)
  }

  /// Takes an exclusive advisory lock on `path` (created if needed).
  ///
  /// Closing the descriptor releases it. `nil` when the lock file cannot be made (a read-only
  /// folder): opening then fails with SQLite's own error.
  private static func lock(_ path: String) -> Int32? {
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { return nil }
    while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
    return descriptor
  }

  /// The schema, version by version.
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(sql: "PRAGMA application_id = \(applicationID)")
      try db.execute(
        sql: """
          CREATE TABLE unit (
            id INTEGER PRIMARY KEY,
            tuid TEXT,
            source_lang TEXT NOT NULL,
            target_lang TEXT NOT NULL,
            source_markup TEXT NOT NULL,
            target_markup TEXT NOT NULL,
            source_text TEXT NOT NULL,
            target_text TEXT NOT NULL,
            source_key TEXT NOT NULL,
            target_key TEXT NOT NULL,
            created_at TEXT,
            created_by TEXT,
            changed_at TEXT,
            changed_by TEXT,
            origin TEXT,
            extras TEXT NOT NULL,
            fingerprint BLOB NOT NULL UNIQUE
          );
          CREATE INDEX unit_source_key ON unit(source_key);
          CREATE VIRTUAL TABLE unit_text USING fts5(
            source_key, target_key, content='unit', content_rowid='id', tokenize='trigram');
          CREATE TABLE fuzzy_token (token INTEGER PRIMARY KEY, df INTEGER NOT NULL);
          CREATE TABLE fuzzy_posting (
            token INTEGER NOT NULL, block INTEGER NOT NULL, units BLOB NOT NULL,
            PRIMARY KEY (token, block)) WITHOUT ROWID;
          """)
    }
    migrator.registerMigration("v2") { db in
      // The fuzzy index in buckets (see FuzzyIndex): v1's rows of one token and batch are
      // regrouped, batch by batch, then merged.
      try db.execute(
        sql: """
          CREATE TABLE fuzzy_segment (segment INTEGER PRIMARY KEY);
          CREATE TABLE fuzzy_bucket (
            bucket INTEGER NOT NULL, segment INTEGER NOT NULL, data BLOB NOT NULL,
            PRIMARY KEY (bucket, segment)) WITHOUT ROWID;
          """)
      let blocks = try Int64.fetchAll(
        db, sql: "SELECT DISTINCT block FROM fuzzy_posting ORDER BY block")
      let rows = try db.makeStatement(
        sql: "SELECT token, units FROM fuzzy_posting WHERE block = ? ORDER BY token")
      for block in blocks {
        var blobs: [Int64: [UInt8]] = [:]
        let cursor = try Row.fetchCursor(rows, arguments: [block])
        while let row = try cursor.next() {
          let token: Int64 = row["token"]
          let units: Data = row["units"]
          var postings: FuzzyIndex.Postings = []
          units.withUnsafeBytes { FuzzyIndex.decode($0) { postings.append(($0, $1)) } }
          blobs[FuzzyIndex.bucket(of: token), default: []].appendEntry(
            token: token, postings: postings)
        }
        try SegmentedIndex.fuzzy.write(db, segment: block, blobs: blobs)
      }
      try db.execute(sql: "DROP TABLE fuzzy_posting; DROP TABLE fuzzy_token")
      try SegmentedIndex.fuzzy.merge(db, from: 0)
      // Exact matches by a hash of the matching source: an index of 8-byte keys rather than of
      // whole sentences (which cost an import more than the rows themselves).
      try db.execute(
        sql: "DROP INDEX unit_source_key; ALTER TABLE unit ADD COLUMN source_hash INTEGER")
      let update = try db.makeStatement(sql: "UPDATE unit SET source_hash = ? WHERE id = ?")
      let keys = try Row.fetchCursor(db, sql: "SELECT id, \(StoredForm.sourceKey) FROM unit")
      while let row = try keys.next() {
        let key: String = row[1]
        try update.execute(arguments: [SQLiteMemory.keyHash(key), row["id"] as Int64])
      }
      try db.execute(sql: "CREATE INDEX unit_source_hash ON unit(source_hash)")
      // The concordance index without positions (half the size and a third less work for an
      // import: a query asks for units with all the trigrams of the phrase and checks them),
      // merging its segments 16 at a time rather than 4.
      try db.execute(
        sql: """
          DROP TABLE unit_text;
          CREATE VIRTUAL TABLE unit_text USING fts5(
            source_key, target_key, content='unit', content_rowid='id', tokenize='trigram',
            detail=none, columnsize=0);
          INSERT INTO unit_text (unit_text, rank) VALUES ('automerge', 16);
          INSERT INTO unit_text (unit_text, rank) VALUES ('crisismerge', 64);
          INSERT INTO unit_text (unit_text) VALUES ('rebuild');
          """)
    }
    migrator.registerMigration("v3") { db in
      // The fuzzy index's rows by segment, then bucket: a batch appends its rows at the end of
      // the table instead of inserting one into each bucket's run (past a few hundred thousand
      // pairs, each batch rewrote thousands of pages scattered over the table), and a lookup
      // reads its bucket's row in each segment.
      try db.execute(
        sql: """
          CREATE TABLE fuzzy_bucket_v3 (
            bucket INTEGER NOT NULL, segment INTEGER NOT NULL, data BLOB NOT NULL,
            PRIMARY KEY (segment, bucket)) WITHOUT ROWID;
          INSERT INTO fuzzy_bucket_v3 (bucket, segment, data)
            SELECT bucket, segment, data FROM fuzzy_bucket ORDER BY segment, bucket;
          DROP TABLE fuzzy_bucket;
          ALTER TABLE fuzzy_bucket_v3 RENAME TO fuzzy_bucket;
          """)
    }
    migrator.registerMigration("v4") { db in
      // The concordance index merges its segments 64 at a time rather than 16: FTS5 rewrites
      // its index less often as it grows (writing it for 1,000,000 pairs took 30 s instead of
      // 35 s), and a query reads a few more segments.
      try db.execute(sql: "INSERT INTO unit_text (unit_text, rank) VALUES ('automerge', 64)")
    }
    migrator.registerMigration("v5") { db in
      // The concordance index in blobs by bucket of grams, as the fuzzy index, instead of
      // FTS5's: writing FTS5's took more than half of an import. Built again from the rows.
      try db.execute(
        sql: """
          DROP TABLE unit_text;
          CREATE TABLE concord_segment (segment INTEGER PRIMARY KEY);
          CREATE TABLE concord_bucket (key INTEGER PRIMARY KEY, data BLOB NOT NULL);
          """)
      let segment = PostingsBuilder.concordance()
      let rows = try Row.fetchCursor(
        db,
        sql: "SELECT id, \(StoredForm.sourceKey), \(StoredForm.targetKey) FROM unit ORDER BY id")
      while let row = try rows.next() {
        segment.add(id: row[0], sourceKey: row[1], targetKey: row[2])
        if segment.pairs >= 20_000 { try segment.flush(db) }
      }
      try segment.flush(db)
      try SegmentedIndex.concordance.merge(db, from: 0)
    }
    migrator.registerMigration("v6") { _ in
      // From here on a pair whose markup equals its text stores it empty (a sixth of an
      // import's bytes, which SQLite writes twice in WAL mode). Rows written before are read
      // as they are; the migration marks the memory so that an earlier Glossa, which would read
      // the empty markup as empty segments, refuses it.
    }
    migrator.registerMigration("v7") { _ in
      // From here on a matching form that is its text with ASCII capitals lowered (most pairs)
      // is stored as an empty blob, and extras that are the two languages alone, as the row's
      // language columns write them, as an empty string (see ``StoredForm``): the rows of the
      // 1,000,000-pair benchmark take 301 MB instead of 545. Rows written before are read as
      // they are; the migration marks the memory so that an earlier Glossa, which would read
      // the empty forms as such, refuses it.
    }
    migrator.registerMigration("v8") { db in
      // One unique index, on the source's hash then the fingerprint, in place of two (the
      // fingerprint's, which made re-imports add nothing, and the hash's, for exact matches):
      // an import inserts into one B-tree of random keys per pair instead of two, which was a
      // tenth of an import of 1,000,000 pairs. A pair the memory holds has the same source, so
      // the same hash, as well as the same fingerprint: it is left out as before. SQLite keeps
      // a column's UNIQUE constraint until the table is made again, so the rows are copied,
      // their fingerprints computed again.
      let columns = """
        id, tuid, source_lang, target_lang, source_markup, target_markup, source_text, \
        target_text, source_key, target_key, created_at, created_by, changed_at, changed_by, \
        origin, extras, fingerprint, source_hash
        """
      // Eight bytes at a time (see ``fingerprint(_:_:_:_:)``).
      db.add(function: fingerprintFunction)
      let fingerprint = """
        glossa_fingerprint(source_lang, target_lang, source_markup, source_text, \
        target_markup, target_text)
        """
      try db.execute(
        sql: """
          CREATE TABLE unit_v8 (
            id INTEGER PRIMARY KEY,
            tuid TEXT,
            source_lang TEXT NOT NULL,
            target_lang TEXT NOT NULL,
            source_markup TEXT NOT NULL,
            target_markup TEXT NOT NULL,
            source_text TEXT NOT NULL,
            target_text TEXT NOT NULL,
            source_key TEXT NOT NULL,
            target_key TEXT NOT NULL,
            created_at TEXT,
            created_by TEXT,
            changed_at TEXT,
            changed_by TEXT,
            origin TEXT,
            extras TEXT NOT NULL,
            fingerprint BLOB NOT NULL,
            source_hash INTEGER NOT NULL
          );
          INSERT INTO unit_v8 (\(columns))
            SELECT \(columns.replacingOccurrences(of: "fingerprint", with: fingerprint))
            FROM unit ORDER BY id;
          DROP TABLE unit;
          ALTER TABLE unit_v8 RENAME TO unit;
          CREATE UNIQUE INDEX unit_identity ON unit(source_hash, fingerprint);
          """)
    }
    return migrator
  }

  static func describe(_ error: any Error, file: String) -> MemoryError {
    if let error = error as? DatabaseError {
      switch error.resultCode {
      case .SQLITE_NOTADB:
        return MemoryError(
          file: file, message: "not a Glossa translation memory (not an SQLite database)")
      case .SQLITE_FULL:
        return MemoryError(
          file: file, message: "the disk is full; the memory holds what was committed before")
      case .SQLITE_READONLY:
        return MemoryError(file: file, message: "the memory is read-only; nothing was changed")
      case .SQLITE_CANTOPEN:
        return MemoryError(
          file: file, message: "cannot open the memory (check the path and permissions)")
      case .SQLITE_CORRUPT: return MemoryError(file: file, message: "the memory file is damaged")
      case .SQLITE_BUSY:
        return MemoryError(file: file, message: "another process holds the memory for too long")
      default:
        return MemoryError(
          file: file, message: "SQLite error: \(error.message ?? "\(error.resultCode)")")
      }
    }
    if let error = error as? MemoryError { return error }
    return MemoryError(file: file, message: "\(error)")
  }

  // MARK: Adding

  /// Pairs ready to be written: matching forms and extras computed (see ``prepare(_:)``); the
  /// fingerprints are computed as the rows are written, the index tokens and grams as the
  /// segments are built.
  public struct PreparedUnits: Sendable {
    struct Item: Sendable {
      var unit: MemoryUnit
      var sourceKey: String
      var targetKey: String
      var extras: String
    }
    var items: [Item] = []
    /// The encoder of extras other than languages alone.
    private let encoder: JSONEncoder = {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      return encoder
    }()
    /// The last unit's extras and their JSON: most units of a file have the same.
    private var lastExtras: (extras: MemoryUnit.Extras, json: String)?

    /// No pairs yet.
    public init() {}

    /// The number of pairs.
    public var count: Int { items.count }

    /// Makes room for `count` more pairs.
    public mutating func reserve(_ count: Int) { items.reserveCapacity(items.count + count) }

    /// The JSON of `extras`, read back from the last unit's when they are the same.
    fileprivate mutating func extrasJSON(_ extras: MemoryUnit.Extras) -> String {
      if let lastExtras, lastExtras.extras == extras { return lastExtras.json }
      let json = SQLiteMemory.extrasJSON(extras, encoder: encoder)
      lastExtras = (extras, json)
      return json
    }
  }

  /// Computes what writing `units` needs, outside any transaction (an import prepares the next
  /// batch while the last one is written).
  public func prepare(_ units: [MemoryUnit]) -> PreparedUnits {
    var prepared = PreparedUnits()
    prepared.reserve(units.count)
    for unit in units { prepare(unit, into: &prepared) }
    return prepared
  }

  /// Computes what writing `unit` needs and appends it to `prepared`, taking the unit itself
  /// (an import's units are not copied, nor their strings retained and released again).
  public func prepare(_ unit: consuming MemoryUnit, into prepared: inout PreparedUnits) {
    let sourceKey = normalizer.matchingForm(unit.source.text)
    let targetKey = normalizer.matchingForm(unit.target.text)
    let extras =
      StoredForm.languagesAlone(unit) ? "" : prepared.extrasJSON(unit.extras)
    // The fingerprint and the source's hash are the writer's to compute, the fuzzy-index tokens
    // the indexer's: the reading thread, the busiest, keeps the normalization.
    prepared.items.append(
      .init(unit: unit, sourceKey: sourceKey, targetKey: targetKey, extras: extras))
  }

  /// The number of Unicode scalars of `text`: its UTF-8 bytes that start one.
  static func scalarCount(_ text: String) -> Int { scalarCount(text.utf8) }

  /// The number of Unicode scalars in UTF-8 `bytes`.
  static func scalarCount(_ bytes: some Sequence<UInt8>) -> Int {
    var count = 0
    for byte in bytes where UTF8Scalars.isLeading(byte) { count += 1 }
    return count
  }

  /// Adds pairs in one transaction, leaving out those the memory already holds.
  /// - Returns: the number of pairs added.
  /// - Throws: `MemoryError` when the memory cannot be written; nothing of the batch is kept.
  @discardableResult
  public func add(_ units: [MemoryUnit]) throws(MemoryError) -> Int {
    try add(prepare(units))
  }

  /// Adds prepared pairs in one transaction, leaving out those the memory already holds.
  /// - Returns: the number of pairs added.
  /// - Throws: `MemoryError` when the memory cannot be written; nothing of the batch is kept.
  @discardableResult
  public func add(_ prepared: PreparedUnits) throws(MemoryError) -> Int {
    guard prepared.count > 0 else { return 0 }
    do {
      return try database.write { db -> Int in
        var batch = try BatchInsert(db)
        let ids = try batch.add(prepared)
        var index = IndexBuffers(classify: classify)
        index.add(prepared, ids: ids)
        try index.take().write(db)
        return batch.added
      }
    } catch {
      throw Self.describe(error, file: path)
    }
  }

  /// Adds the prepared pairs that `next` gives (`nil` at the end), leaving out those the memory
  /// already holds, in transactions of `batch` pairs or more (whole chunks; the last one may be
  /// smaller), each with its index rows.
  ///
  /// A chunk is written as soon as it comes and then released, so that the pairs in memory are a
  /// few chunks rather than a transaction's worth. The index segments are built on a thread of
  /// their own (an ``Indexer``) as the rows are written: a concordance segment every `segment`
  /// pairs added or so, written as the transaction goes on, and one fuzzy segment per
  /// transaction, merged from parts of `segment` pairs and written at its end. `ending` is
  /// called when a transaction's last chunk is written, before its end (the index segments,
  /// the commit), and `committed` after it, with the pairs added so far.
  /// - Returns: the number of pairs added.
  /// - Throws: `MemoryError` when the memory cannot be written, or what `next` throws; the
  ///   transaction under way is rolled back, those before it are kept.
  @discardableResult
  public func add(
    batch: Int, segment: Int = 20_000, from next: () throws -> PreparedUnits?,
    ending: () -> Void = {}, committed: (Int) -> Void = { _ in }
  ) throws -> Int {
    var added = 0
    var ended = false
    let indexer = Indexer(segment: segment)
    defer { indexer.stop() }
    while !ended {
      do {
        added += try database.write { db -> Int in
          var insert = try BatchInsert(db)
          while insert.pairs < batch {
            guard let chunk = try next() else {
              ended = true
              break
            }
            let ids = try insert.add(chunk)
            indexer.submit(chunk, ids: ids)
            try indexer.packedConcordance().write(db)
          }
          ending()
          try indexer.take().write(db)
          return insert.added
        }
      } catch let error as DatabaseError {
        throw Self.describe(error, file: path)
      }
      committed(added)
    }
    return added
  }

  /// The rows of one transaction's pairs (their index segments are built by ``IndexBuffers``).
  private struct BatchInsert {
    let db: Database
    let insert: RawStatement
    /// The pairs given, added or not.
    var pairs = 0
    var added = 0

    init(_ db: Database) throws {
      self.db = db
      insert = try RawStatement(
        db,
        """
        INSERT OR IGNORE INTO unit (tuid, source_lang, target_lang, source_markup, target_markup,
          source_text, target_text, source_key, target_key, created_at, created_by, changed_at,
          changed_by, origin, extras, fingerprint, source_hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    }

    /// Writes the rows of `prepared`.
    /// - Returns: the id of each pair, 0 for those left out (already held).
    mutating func add(_ prepared: PreparedUnits) throws -> [Int64] {
      pairs += prepared.count
      let insert = insert
      let db = db
      var added = 0
      defer { self.added += added }
      // Read in place, through a pointer: an item copied out of the array would retain each of
      // its strings, and was, handed as a borrowed value from the buffer (`perf`: the copy and
      // its release were 0.9 % of an import's samples).
      return try prepared.items.withUnsafeBufferPointer { items throws in
        guard let base = items.baseAddress else { return [] }
        return try items.indices.map { index in
          guard try Self.write(base + index, with: insert) else { return 0 }
          added += 1
          return db.lastInsertedRowID
        }
      }
    }

    /// Writes the row of the item at `item`; returns whether it was added (not already held).
    private static func write(
      _ item: UnsafePointer<PreparedUnits.Item>, with insert: RawStatement
    ) throws -> Bool {
      insert.bind(1, item.pointee.unit.tuid)
      insert.bind(2, item.pointee.unit.sourceLanguage.rawValue)
      insert.bind(3, item.pointee.unit.targetLanguage.rawValue)
      // Markup equal to the text (no inline code: most pairs) is stored empty (schema v6).
      insert.bind(
        4,
        item.pointee.unit.source.markup == item.pointee.unit.source.text
          ? "" : item.pointee.unit.source.markup)
      insert.bind(
        5,
        item.pointee.unit.target.markup == item.pointee.unit.target.text
          ? "" : item.pointee.unit.target.markup)
      insert.bind(6, item.pointee.unit.source.text)
      insert.bind(7, item.pointee.unit.target.text)
      StoredForm.bind(8, item.pointee.sourceKey, text: item.pointee.unit.source.text, to: insert)
      StoredForm.bind(9, item.pointee.targetKey, text: item.pointee.unit.target.text, to: insert)
      insert.bind(10, item.pointee.unit.creationDate)
      insert.bind(11, item.pointee.unit.creationUser)
      insert.bind(12, item.pointee.unit.changeDate)
      insert.bind(13, item.pointee.unit.changeUser)
      insert.bind(14, item.pointee.unit.origin)
      insert.bind(15, item.pointee.extras)
      // The parts themselves: the whole unit, handed over, would be copied out of the item.
      insert.bind(
        16,
        bytes: SQLiteMemory.fingerprint(
          item.pointee.unit.sourceLanguage.rawValue, item.pointee.unit.targetLanguage.rawValue,
          item.pointee.unit.source.markup, item.pointee.unit.target.markup))
      insert.bind(17, SQLiteMemory.keyHash(item.pointee.sourceKey))
      return try insert.run() > 0
    }
  }

  /// The JSON of empty extras (most units have none), encoded once.
  static let emptyExtras: String = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(MemoryUnit.Extras())).map { String(decoding: $0, as: UTF8.self) }
      ?? "{}"
  }()

  /// The JSON of `extras` as `encoder` (sorted keys) writes it.
  ///
  /// Most units carry only their languages as written (`zh-CN`, `en`), whose JSON is written
  /// here directly: the encoder took a third of the time preparing a pair.
  static func extrasJSON(_ extras: MemoryUnit.Extras, encoder: JSONEncoder) -> String {
    if extras == MemoryUnit.Extras() { return emptyExtras }
    func plain(_ tag: String?) -> Bool {
      tag?.utf8.allSatisfy {
        $0 == 0x2D || $0 == 0x5F || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0)
          || (0x61...0x7A).contains($0)
      } ?? true
    }
    if extras.attributes.isEmpty && extras.properties.isEmpty && extras.notes.isEmpty,
      MemoryUnit.Extras.Variant(language: extras.source.language) == extras.source,
      MemoryUnit.Extras.Variant(language: extras.target.language) == extras.target,
      plain(extras.source.language) && plain(extras.target.language)
    {
      let parts = [("source", extras.source.language), ("target", extras.target.language)]
        .compactMap { side, language in language.map { "\"\(side)\":{\"language\":\"\($0)\"}" } }
      return "{" + parts.joined(separator: ",") + "}"
    }
    return (try? encoder.encode(extras)).map { String(decoding: $0, as: UTF8.self) }
      ?? emptyExtras
  }

  /// A fingerprint of languages, source and target: what makes two pairs the same.
  static func fingerprint(_ unit: MemoryUnit) -> [UInt8] {
    fingerprint(
      unit.sourceLanguage.rawValue, unit.targetLanguage.rawValue, unit.source.markup,
      unit.target.markup)
  }

  /// The fingerprint of two language tags and two segments' markup (schema v8): 16 bytes.
  ///
  /// Two 64-bit lanes over each part's bytes, eight at a time, each step a 128-bit product
  /// folded to 64 bits; each part ends with its last bytes and its length, so that the parts
  /// read back from the end are the only ones that give these steps. Before v8 the lanes took
  /// a byte at a time, 1.5 % of an import's processor time; v8 computes the stored ones again.
  static func fingerprint(
    _ sourceLanguage: String, _ targetLanguage: String, _ sourceMarkup: String,
    _ targetMarkup: String
  ) -> [UInt8] {
    // The lanes are passed in and out of each part's closure, not captured by it: captured and
    // changed there, each step checked them for exclusive access at run time (`AccessSet` in
    // `perf`, 1.7 % of an import's writing thread).
    @inline(__always) func step(_ lanes: inout (UInt64, UInt64), _ value: UInt64) {
      lanes.0 = fold(lanes.0 ^ value, 0xA076_1D64_78BD_642F)
      lanes.1 = fold(lanes.1 ^ value, 0xE703_7ED1_A0B4_28DB)
    }
    func add(_ part: String, to start: (UInt64, UInt64)) -> (UInt64, UInt64) {
      part.withBytesInPlace { bytes in
        var lanes = start
        var index = 0
        if let base = bytes.baseAddress {
          while index + 8 <= bytes.count {
            step(&lanes, UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            index += 8
          }
        }
        var last: UInt64 = 0
        for place in index..<bytes.count {
          last |= UInt64(bytes[place]) << (8 * UInt64(place - index))
        }
        step(&lanes, last)
        step(&lanes, UInt64(bytes.count))
        return lanes
      }
    }
    var lanes: (UInt64, UInt64) = (0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344)
    lanes = add(sourceLanguage, to: lanes)
    lanes = add(targetLanguage, to: lanes)
    lanes = add(sourceMarkup, to: lanes)
    lanes = add(targetMarkup, to: lanes)
    let (a, b) = lanes
    let first = fold(a ^ (b >> 29 | b << 35), 0x8EBC_6AF0_9C88_C6E3)
    let second = fold(b ^ first, 0x5899_65CC_7537_4CC3)
    return [UInt8](unsafeUninitializedCapacity: 16) { buffer, count in
      for index in 0..<8 {
        buffer[index] = UInt8(truncatingIfNeeded: first >> (56 - 8 * UInt64(index)))
        buffer[8 + index] = UInt8(truncatingIfNeeded: second >> (56 - 8 * UInt64(index)))
      }
      count = 16
    }
  }

  /// The 128-bit product of `value` and `factor`, its halves added bit by bit.
  @inline(__always)
  private static func fold(_ value: UInt64, _ factor: UInt64) -> UInt64 {
    let (high, low) = value.multipliedFullWidth(by: factor)
    return high ^ low
  }

  /// ``fingerprint(_:_:_:_:)`` as an SQL function of a row's languages, markup and text
  /// (markup stored empty stands for the text, schema v6).
  static let fingerprintFunction = DatabaseFunction(
    "glossa_fingerprint", argumentCount: 6, pure: true
  ) { values in
    let strings = values.map { String.fromDatabaseValue($0) ?? "" }
    return Data(
      fingerprint(
        strings[0], strings[1], strings[2].isEmpty ? strings[3] : strings[2],
        strings[4].isEmpty ? strings[5] : strings[4]))
  }

  /// The fuzzy-index tokens of a matching form: its words, and its Chinese characters in pairs
  /// (a lone character alone), each with the number of characters it stands for.
  func tokens(of key: String) -> [(hash: Int64, weight: Int)] {
    var result: [Int64: Int] = [:]
    Self.forEachToken(of: key, classify: classify) { result[$0, default: 0] += $1 }
    return result.map { (hash: $0.key, weight: $0.value) }
  }

  /// Calls `body` with the hash and weight of each token of a matching form, repeats included.
  static func forEachToken(
    of key: String, classify: CharacterClassifier, _ body: (Int64, Int) -> Void
  ) {
    // The bytes read where they lie, not copied into an array of their own for each pair.
    key.withBytesInPlace { bytes in
      forEachToken(of: bytes, classify: classify, body)
    }
  }

  /// ``forEachToken(of:classify:_:)`` on the UTF-8 bytes of a matching form.
  static func forEachToken(
    of bytes: UnsafeBufferPointer<UInt8>, classify: CharacterClassifier,
    _ body: (Int64, Int) -> Void
  ) {
    let tokens = Tokenizer(classifier: classify).tokens(in: bytes)
    var index = 0
    while index < tokens.count {
      let token = tokens[index]
      switch token.kind {
      case .word:
        // A word and the space after it: its characters, counted from their UTF-8 bytes.
        body(hash(bytes[token.range]), scalarCount(bytes[token.range]) + 1)
        index += 1
      case .ideograph:
        var run = index
        while run + 1 < tokens.count, tokens[run + 1].kind == .ideograph,
          tokens[run + 1].gap == .none
        { run += 1 }
        if run == index {
          body(hash(bytes[token.range]), 1)
        } else {
          for k in index..<run {
            body(hash(bytes[Int(tokens[k].start)..<Int(tokens[k + 1].end)]), 1)
          }
        }
        index = run + 1
      case .symbol:
        index += 1
      }
    }
  }

  /// The hash of a matching source that finds exact matches.
  static func keyHash(_ key: String) -> Int64 {
    // The bytes read where they lie: through the UTF-8 view, 1.7 % of the writer's time.
    key.withBytesInPlace { hash($0) }
  }

  /// FNV-1a of `bytes`, shifted right by one bit so that it is a positive SQLite integer.
  static func hash(_ bytes: some Sequence<UInt8>) -> Int64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    return Int64(bitPattern: h >> 1)
  }

  /// The tables of an index written in segments of blobs by bucket (the fuzzy index and the
  /// concordance index), and how to write and merge them.
  struct SegmentedIndex {
    /// The segments' table: `(segment)`.
    let segments: String
    /// Writes a row: bucket `?1`, segment `?2`, blob `?3`.
    let insertSQL: String
    /// The blobs of bucket `?1` in the segments from `?2` on, oldest first.
    let selectSQL: String
    /// Deletes the rows of the segments after `?1`.
    let deleteSQL: String
    let bucketCount: Int64
    /// The bucket of a key.
    let bucket: @Sendable (Int64) -> Int64
    /// Whether postings hold source lengths (see ``FuzzyIndex``).
    let lengths: Bool
    /// Whether an import merges its own segments into one.
    let mergesEachImport: Bool
    /// The most segments kept: past them, an import merges them all into one.
    let segmentLimit: Int

    /// The fuzzy index: rows keyed by segment, then bucket, in a table without rowids.
    ///
    /// A lookup reads a row per segment for each of the (many) buckets of its words: an import's
    /// segments are merged.
    static let fuzzy = SegmentedIndex(
      segments: "fuzzy_segment",
      insertSQL: "INSERT OR REPLACE INTO fuzzy_bucket (bucket, segment, data) VALUES (?1, ?2, ?3)",
      selectSQL: """
        SELECT data FROM fuzzy_bucket
        WHERE segment IN (SELECT segment FROM fuzzy_segment WHERE segment >= ?2) AND bucket = ?1
        ORDER BY segment
        """,
      deleteSQL: "DELETE FROM fuzzy_bucket WHERE segment > ?1",
      bucketCount: FuzzyIndex.bucketCount, bucket: FuzzyIndex.bucket(of:), lengths: true,
      mergesEachImport: true,
      segmentLimit: 16)

    /// The concordance index: rows keyed by segment × 4096 + bucket, in a table with rowids.
    ///
    /// A segment's blobs are small (about 1.8 KB for 20,000 pairs), and a table without rowids
    /// keeps at most a quarter of a page of a row in its leaf, the rest on an overflow page of
    /// its own (961 MB of pages for 371 MB of blobs at 1,000,000 pairs; 473 MB with rowids). A
    /// search reads a row per segment for the few buckets of its grams, so segments are left
    /// as written up to 64 (merging the 5 of 100,000 pairs took 0.55 s, a tenth of their
    /// import; the 50 of 1,000,000, 5 s).
    static let concordance = SegmentedIndex(
      segments: "concord_segment",
      insertSQL: """
        INSERT OR REPLACE INTO concord_bucket (key, data)
        VALUES (?2 * \(ConcordanceIndex.bucketCount) + ?1, ?3)
        """,
      selectSQL: """
        SELECT data FROM concord_bucket
        WHERE key IN (
          SELECT segment * \(ConcordanceIndex.bucketCount) + ?1 FROM concord_segment
          WHERE segment >= ?2)
        ORDER BY key
        """,
      deleteSQL:
        "DELETE FROM concord_bucket WHERE key >= (?1 + 1) * \(ConcordanceIndex.bucketCount)",
      bucketCount: ConcordanceIndex.bucketCount, bucket: ConcordanceIndex.bucket(of:),
      lengths: false, mergesEachImport: false,
      segmentLimit: 64)

    /// Writes the rows of one segment.
    func write(_ db: Database, segment: Int64, blobs: [Int64: [UInt8]]) throws {
      let insert = try db.cachedStatement(sql: insertSQL)
      for bucket in blobs.keys.sorted() {
        try insert.execute(arguments: [bucket, segment, Data(blobs[bucket] ?? [])])
      }
      try db.execute(sql: "INSERT INTO \(segments) (segment) VALUES (?)", arguments: [segment])
    }

    /// Merges the segments from `first` on into one.
    func merge(_ db: Database, from first: Int64) throws {
      let list = try Int64.fetchAll(
        db, sql: "SELECT segment FROM \(segments) WHERE segment >= ? ORDER BY segment",
        arguments: [first])
      guard let target = list.first, list.count > 1 else { return }
      let rows = try db.makeStatement(sql: selectSQL)
      let insert = try db.makeStatement(sql: insertSQL)
      // Buckets a group at a time, small enough that memory stays flat. While a group is merged
      // (on the other threads: the merging is most of the work), this thread writes the group
      // before it and reads the one after. Done one after the other, reading and writing left
      // the other core idle for a third of the merge (1,000,000 pairs: 1.25 s at the import's
      // end, one core busy and the other at half; 0.9 s so, in `perf`'s timeline).
      let group: Int64 = 64
      let lengths = lengths
      var merging: (buckets: Range<Int64>, job: FuzzyIndex.MergeJob)?
      for first in stride(from: 0, to: bucketCount, by: Int(group)) {
        let buckets = first..<min(first + group, bucketCount)
        let blobs = try buckets.map { bucket in
          try Data.fetchAll(rows, arguments: [bucket, target]).map { [UInt8]($0) }
        }
        let job = FuzzyIndex.MergeJob(blobs, lengths: lengths)
        if let (buckets, job) = merging { try write(job.result(), of: buckets, with: insert) }
        merging = (buckets, job)
      }
      if let (buckets, job) = merging { try write(job.result(), of: buckets, with: insert) }
      func write(_ merged: [[UInt8]?], of buckets: Range<Int64>, with insert: Statement) throws {
        for (index, bucket) in buckets.enumerated() {
          guard let blob = merged[index] else { continue }
          try insert.execute(arguments: [bucket, target, Data(blob)])
        }
      }
      try db.execute(sql: deleteSQL, arguments: [target])
      try db.execute(sql: "DELETE FROM \(segments) WHERE segment > ?", arguments: [target])
    }

    /// Where `keys` stand: the rows of their buckets (one per segment, oldest first), and for
    /// each key found, its number of postings and the byte ranges of its entries in those rows.
    func find(_ keys: Set<Int64>, _ db: Database) throws -> (
      blobs: [Data], places: [Int64: (count: Int, entries: [(blob: Int, range: Range<Int>)])]
    ) {
      var blobs: [Data] = []
      var places: [Int64: (count: Int, entries: [(blob: Int, range: Range<Int>)])] = [:]
      let rows = try db.cachedStatement(sql: selectSQL)
      for bucket in Set(keys.map(bucket)).sorted() {
        for blob in try Data.fetchAll(rows, arguments: [bucket, 0]) {
          let number = blobs.count
          blobs.append(blob)
          blob.withUnsafeBytes { raw in
            FuzzyIndex.entries(in: raw) { key, count, range in
              guard keys.contains(key) else { return }
              places[key, default: (0, [])].count += count
              places[key, default: (0, [])].entries.append((number, range))
            }
          }
        }
      }
      return (blobs, places)
    }

    /// The number of segments.
    func count(_ db: Database) throws -> Int {
      try Int.fetchOne(db, sql: "SELECT count(*) FROM \(segments)") ?? 0
    }
  }

  /// Folds the index segments from unit `first` on (those of one import) into one where that
  /// index merges each import's segments (see ``SegmentedIndex``).
  ///
  /// All of an index's segments become one when there are more than its limit, so that lookups
  /// and searches read few rows. Run after an import; one transaction (an interrupted merge
  /// leaves the indexes as they were).
  /// - Throws: `MemoryError` when the memory cannot be written.
  public func mergeIndex(from first: Int64) throws(MemoryError) {
    do {
      try database.write { db in
        // The rows a merge deletes are index postings of pairs the memory still holds: nothing
        // to wipe. Debian's SQLite is built to zero deleted content and freed pages
        // (`SECURE_DELETE`), which made the deletion of an import's merged fuzzy segments a
        // third slower; `FAST` still zeroes what lies in pages written anyway.
        let secure = try Int.fetchOne(db, sql: "PRAGMA secure_delete") ?? 1
        try db.execute(sql: "PRAGMA secure_delete = FAST")
        defer {
          try? db.execute(
            sql: "PRAGMA secure_delete = \(secure == 2 ? "FAST" : secure == 0 ? "OFF" : "ON")")
        }
        for index in [SegmentedIndex.fuzzy, .concordance] {
          if index.mergesEachImport { try index.merge(db, from: first) }
          if try index.count(db) > index.segmentLimit { try index.merge(db, from: 0) }
        }
      }
    } catch {
      throw Self.describe(error, file: path)
    }
  }

  /// The size of the memory's pages and the pages of log past which a commit checkpoints it.
  func storage() throws -> (pageSize: Int, checkpointPages: Int) {
    try database.read { db in
      (
        try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0,
        try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") ?? 0
      )
    }
  }

  /// How SQLite wipes deleted content on the memory's connection: 0 not, 1 always, 2 `FAST`.
  func secureDelete() throws -> Int {
    try database.read { try Int.fetchOne($0, sql: "PRAGMA secure_delete") ?? -1 }
  }

  /// The number of the concordance index's segments.
  func concordanceSegments() throws -> Int {
    try database.read { try SegmentedIndex.concordance.count($0) }
  }

  /// Closes the memory now rather than when the last reference goes.
  ///
  /// A thread that held one may let it go after the process has ended. Closing, SQLite
  /// checkpoints the write-ahead log into the file and removes it. Nothing committed depends on
  /// it: when the log cannot be checkpointed, it stays, and the next opening reads it. A memory
  /// loaded with a rollback journal (``beginLoad()``) is turned back to WAL first. The memory is
  /// not used after.
  public func close() {
    if !readOnly { endLoad() }
    try? database.close()
  }

  /// Readies an empty memory for a bulk load, and returns whether it did.
  ///
  /// While the memory holds no pair and no other connection has it open, it is written with a
  /// rollback journal (synchronous `FULL`) rather than the write-ahead log, until ``endLoad()``
  /// or ``close()``.
  ///
  /// In WAL mode SQLite writes each page twice: into the log at each commit, then from the log
  /// into the file at each checkpoint. A rollback journal keeps only the pages the memory held
  /// when the transaction began, which for a load into an empty memory are a few: each page is
  /// written once. Importing 100,000 pairs, medians of 4 interleaved runs, twice: 2.75 -> 2.48 s
  /// and 2.66 -> 2.42 s; 1,000,000 pairs, one run each: 32.5 -> 28.0 s. A commit is as safe as
  /// in WAL mode; an import cut short leaves a journal that the next opening with write access
  /// rolls back (the transactions committed before stay). The cost is that a connection opened
  /// during the load waits while a transaction writes (SQLite locks the file from its first
  /// spilled page to its commit), which is why only an empty memory is loaded so, and only when
  /// no one else has it open: a memory in use keeps its log, and its readers never wait.
  /// - Throws: `MemoryError` when the memory cannot be read.
  @discardableResult
  public func beginLoad() throws(MemoryError) -> Bool {
    guard !readOnly else { return false }
    do {
      return try database.writeWithoutTransaction { db -> Bool in
        guard try Int.fetchOne(db, sql: "SELECT 1 FROM unit LIMIT 1") == nil,
          let connection = db.sqliteConnection
        else { return false }
        // Leaving WAL needs the only connection: with another one open, SQLite reports the
        // file busy at once rather than after the usual wait.
        sqlite3_busy_timeout(connection, 0)
        defer { sqlite3_busy_timeout(connection, Self.busyMilliseconds) }
        guard (try? String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")) == "delete" else {
          return false
        }
        try db.execute(sql: "PRAGMA synchronous = FULL")
        return true
      }
    } catch {
      throw Self.describe(error, file: path)
    }
  }

  /// Turns a memory loaded with a rollback journal (``beginLoad()``) back to WAL, so that its
  /// readers no longer wait for its writers.
  ///
  /// Best effort: a memory left with its rollback journal (another process had it open, and
  /// SQLite refuses to change the mode then) is as sound, and the next opening with write access,
  /// or the other process's closing, turns it to WAL.
  public func endLoad() {
    try? database.writeWithoutTransaction { db in
      guard try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" else { return }
      try db.execute(sql: "PRAGMA journal_mode = WAL")
      try db.execute(sql: "PRAGMA synchronous = NORMAL")
    }
  }

  /// The journal mode SQLite reports: `wal`, or `delete` during a load (``beginLoad()``).
  func journalMode() throws -> String {
    try database.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") ?? "" }
  }

  /// The id the next pair added will get.
  /// - Throws: `MemoryError` when the memory cannot be read.
  public func nextID() throws(MemoryError) -> Int64 {
    do {
      return try database.read { db in
        (try Int64.fetchOne(db, sql: "SELECT max(id) FROM unit") ?? 0) + 1
      }
    } catch {
      throw Self.describe(error, file: path)
    }
  }

  // MARK: Reading

  /// The number of pairs.
  /// - Throws: `MemoryError` when the memory cannot be read.
  public func count() throws(MemoryError) -> Int {
    do {
      return try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM unit") ?? 0 }
    } catch {
      throw Self.describe(error, file: path)
    }
  }

  private static let columns =
    "id, tuid, source_lang, target_lang, source_markup, target_markup, source_text, target_text, source_key, target_key, created_at, created_by, changed_at, changed_by, origin, extras"

  /// A stored segment: empty markup stands for markup equal to the text, character for
  /// character (schema v6: no inline code and nothing escaped, most pairs); a pair's text is
  /// never empty, and rows written before keep their markup whole.
  static func segment(markup: String?, text: String?) -> TranslationUnit.Segment {
    let text = text ?? ""
    let markup = markup ?? ""
    return TranslationUnit.Segment(markup: markup.isEmpty ? text : markup, text: text)
  }

  private static func stored(_ row: Row) -> StoredUnit {
    var unit = MemoryUnit(
      tuid: row["tuid"],
      sourceLanguage: LanguageTag(row["source_lang"] as String? ?? "") ?? .english,
      targetLanguage: LanguageTag(row["target_lang"] as String? ?? "") ?? .english,
      source: segment(markup: row["source_markup"], text: row["source_text"]),
      target: segment(markup: row["target_markup"], text: row["target_text"]),
      creationDate: row["created_at"],
      creationUser: row["created_by"], changeDate: row["changed_at"], changeUser: row["changed_by"],
      origin: row["origin"])
    let extras = row["extras"] as String? ?? "{}"
    if extras.isEmpty {
      unit.extras = StoredForm.languages(of: unit)
    } else {
      unit.extras =
        (try? JSONDecoder().decode(MemoryUnit.Extras.self, from: Data(extras.utf8)))
        ?? MemoryUnit.Extras()
    }
    return StoredUnit(
      id: row["id"], unit: unit,
      sourceKey: StoredForm.key(row["source_key"], text: unit.source.text),
      targetKey: StoredForm.key(row["target_key"], text: unit.target.text))
  }

  /// Calls `body` with every pair, in the order they were added.
  /// - Throws: `MemoryError` when the memory cannot be read, or what `body` throws.
  public func forEach(_ body: (StoredUnit) throws -> Void) throws {
    do {
      try database.read { db in
        let rows = try Row.fetchCursor(db, sql: "SELECT \(Self.columns) FROM unit ORDER BY id")
        while let row = try rows.next() { try body(Self.stored(row)) }
      }
    } catch let error as DatabaseError {
      throw Self.describe(error, file: path)
    }
  }

  /// Rows by id.
  func units(_ ids: [Int64]) throws -> [StoredUnit] {
    guard !ids.isEmpty else { return [] }
    return try database.read { db in
      let list = ids.map(String.init).joined(separator: ",")
      return try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM unit WHERE id IN (\(list))")
        .map(Self.stored)
    }
  }

  // MARK: Lookup

  /// The matching form of `text`: what lookups compare and the memory stores as keys.
  public func matchingForm(_ text: String) -> String { normalizer.matchingForm(text) }

  /// The pairs of a source's hash and matching form (through `unit_identity`).
  static let exactMatches =
    "SELECT id FROM unit WHERE source_hash = ? AND \(StoredForm.sourceKey) = ? LIMIT 100"

  /// The most postings a lookup reads (the rarest tokens first).
  static let postingBudget = 400_000

  /// The exact and fuzzy matches of `sentence`, best first (see ``MatchScore``).
  /// - Returns: at most `options.limit` matches of `options.minimum` percent or more.
  /// - Throws: `MemoryError` when the memory cannot be read.
  public func lookup(_ sentence: String, options: LookupOptions) throws(MemoryError) -> [FuzzyMatch]
  {
    let key = normalizer.matchingForm(sentence)
    let keyScalars = key.unicodeScalars.map(\.value)
    guard !key.isEmpty else { return [] }
    do {
      // Candidates: units that share words (or pairs of Chinese characters) with the sentence,
      // scored by an estimate of the similarity: 2 × shared characters / (m + n).
      let length = keyScalars.count
      let ratio = Double(options.minimum) / 100
      let shortest = Int((Double(length) * ratio / (2 - ratio)).rounded(.down))
      let longest = Int((Double(length) * (2 - ratio) / max(ratio, 0.01)).rounded(.up))
      // Shared characters per unit, in flat arrays indexed by id (ids are dense): a hash table
      // of a few hundred thousand candidates cost more than reading their postings.
      let highest = try database.read { db in
        try Int64.fetchOne(db, sql: "SELECT max(id) FROM unit") ?? 0
      }
      var scratch = takeScratch(size: Int(highest) + 1)
      defer { returnScratch(scratch) }
      let exact = try database.read { db -> [Int64] in
        try Int64.fetchAll(db, sql: Self.exactMatches, arguments: [Self.keyHash(key), key])
      }
      let queryTokens = tokens(of: key)
      try database.read { db in
        // The rows of the query's buckets; each token's postings are found in them by its entry.
        let weights = Dictionary(
          queryTokens.map { ($0.hash, $0.weight) }, uniquingKeysWith: +)
        let (blobs, found) = try SegmentedIndex.fuzzy.find(Set(weights.keys), db)
        // The rarest tokens first, up to a budget of postings to read.
        let frequencies = found.sorted { ($0.value.count, $0.key) < ($1.value.count, $1.key) }
        var read = 0
        for (index, (token, postings)) in frequencies.enumerated() {
          if index >= 3 && read + postings.count > Self.postingBudget { break }
          read += postings.count
          let weight = Int32(clamping: weights[token] ?? 0)
          for place in postings.entries {
            blobs[place.blob].withUnsafeBytes { raw in
              FuzzyIndex.decode(UnsafeRawBufferPointer(rebasing: raw[place.range])) {
                id, unitLength in
                guard unitLength >= shortest && unitLength <= longest,
                  id >= 0 && id < Int64(scratch.characters.count)
                else { return }
                let slot = Int(id)
                if scratch.characters[slot] == 0 {
                  scratch.touched.append(id)
                  scratch.lengths[slot] = Int32(clamping: unitLength)
                }
                scratch.characters[slot] += weight
              }
            }
          }
        }
      }
      let candidates = Self.best(
        options.candidates,
        of: scratch.touched.lazy.map { [scratch] id in
          let slot = Int(id)
          return (
            id: id,
            estimate: 2 * Double(scratch.characters[slot])
              / Double(length + Int(scratch.lengths[slot]))
          )
        })
      var best = exact
      let known = Set(exact)
      for candidate in candidates where !known.contains(candidate.id) {
        best.append(candidate.id)
      }
      let pattern = MatchScore.Pattern(keyScalars)
      // Exact scores, from the few columns they need; whole rows for the best only.
      var scored: [(id: Int64, percentage: Int, similarity: Double)] = []
      try database.read { db in
        for chunk in stride(from: 0, to: best.count, by: 500) {
          let ids = best[chunk..<min(best.count, chunk + 500)].map(String.init).joined(
            separator: ",")
          let rows = try Row.fetchCursor(
            db,
            sql:
              "SELECT id, source_lang, target_lang, source_text, source_key FROM unit WHERE id IN (\(ids))"
          )
          while let row = try rows.next() {
            if let language = options.sourceLanguage,
              !language.covers(LanguageTag(row["source_lang"] as String? ?? "") ?? .english)
            {
              continue
            }
            if let language = options.targetLanguage,
              !language.covers(LanguageTag(row["target_lang"] as String? ?? "") ?? .english)
            {
              continue
            }
            let sourceKey = StoredForm.key(row["source_key"], text: row["source_text"])
            let scalars = sourceKey.unicodeScalars.map(\.value)
            let ratio = pattern.ratio(scalars)
            let percentage = MatchScore.percentage(
              query: sentence, queryKey: keyScalars, text: row["source_text"], key: scalars,
              ratio: ratio)
            if percentage >= options.minimum { scored.append((row["id"], percentage, ratio)) }
          }
        }
      }
      scored.sort {
        ($0.percentage, $0.similarity, -$0.id) > ($1.percentage, $1.similarity, -$1.id)
      }
      let top = Array(scored.prefix(options.limit))
      let rows = Dictionary(uniqueKeysWithValues: try units(top.map(\.id)).map { ($0.id, $0) })
      let matches = top.compactMap { item in
        rows[item.id].map {
          FuzzyMatch(unit: $0, percentage: item.percentage, similarity: item.similarity)
        }
      }
      return Array(matches.prefix(options.limit))
    } catch {
      throw Self.describe(error, file: path)
    }
  }

  /// Per-unit counters for a lookup, kept between lookups so that a batch of queries does not
  /// allocate them each time; every counter a lookup touched is zero again when it is returned.
  struct Scratch {
    var characters: [Int32] = []
    var lengths: [Int32] = []
    var touched: [Int64] = []
  }

  private var spare = Scratch()
  private let spareLock = NSLock()

  private func takeScratch(size: Int) -> Scratch {
    spareLock.lock()
    var scratch = spare
    spare = Scratch()
    spareLock.unlock()
    if scratch.characters.count < size {
      scratch.characters = [Int32](repeating: 0, count: size)
      scratch.lengths = [Int32](repeating: 0, count: size)
    }
    return scratch
  }

  private func returnScratch(_ scratch: Scratch) {
    var scratch = scratch
    for id in scratch.touched { scratch.characters[Int(id)] = 0 }
    scratch.touched.removeAll(keepingCapacity: true)
    spareLock.lock()
    spare = scratch
    spareLock.unlock()
  }

  /// The `count` candidates of highest estimate (ties: the lower id), best first, without
  /// sorting them all: a bounded heap whose root is the worst kept.
  static func best(
    _ count: Int, of candidates: some Sequence<(id: Int64, estimate: Double)>
  ) -> [(id: Int64, estimate: Double)] {
    func better(_ a: (id: Int64, estimate: Double), _ b: (id: Int64, estimate: Double)) -> Bool {
      a.estimate != b.estimate ? a.estimate > b.estimate : a.id < b.id
    }
    guard count > 0 else { return [] }
    var heap: [(id: Int64, estimate: Double)] = []
    heap.reserveCapacity(count)
    func siftDown(_ start: Int) {
      var parent = start
      while true {
        let left = 2 * parent + 1
        guard left < heap.count else { return }
        var worst = left
        if left + 1 < heap.count && better(heap[worst], heap[left + 1]) { worst = left + 1 }
        guard better(heap[parent], heap[worst]) else { return }
        heap.swapAt(parent, worst)
        parent = worst
      }
    }
    for candidate in candidates {
      if heap.count < count {
        heap.append(candidate)
        var child = heap.count - 1
        while child > 0 {
          let parent = (child - 1) / 2
          guard better(heap[parent], heap[child]) else { break }
          heap.swapAt(parent, child)
          child = parent
        }
      } else if better(candidate, heap[0]) {
        heap[0] = candidate
        siftDown(0)
      }
    }
    return heap.sorted(by: better)
  }

  // MARK: Concordance

  /// The pairs whose source or target contains `phrase` in matching form, with its places.
  /// - Returns: at most `options.limit` pairs, oldest first.
  /// - Throws: `MemoryError` when the memory cannot be read.
  public func concordance(_ phrase: String, options: ConcordanceOptions) throws(MemoryError)
    -> [ConcordanceHit]
  {
    let key = normalizer.matchingForm(phrase).trimmingCharacters(in: .whitespaces)
    guard !key.isEmpty else { return [] }
    do {
      // Candidates in id order, a page at a time, until `limit` of them hold the phrase: units
      // that have all its grams (the index keeps no positions), or, for a phrase with none (one
      // character, two that do not start with an ideograph), a scan.
      let grams = ConcordanceIndex.distinctGrams(of: key)
      let candidates = grams.isEmpty ? nil : try database.read { try Self.holding(grams, $0) }
      let condition =
        switch options.side {
        case .source: "instr(\(StoredForm.sourceKey), ?1) > 0"
        case .target: "instr(\(StoredForm.targetKey), ?1) > 0"
        case .both:
          "(instr(\(StoredForm.sourceKey), ?1) > 0 OR instr(\(StoredForm.targetKey), ?1) > 0)"
        }
      let page = max(options.limit * 4, 64)
      var hits: [ConcordanceHit] = []
      var after: Int64 = 0
      var next = 0
      while hits.count < options.limit {
        let ids: [Int64]
        if let candidates {
          ids = Array(candidates[next..<min(candidates.count, next + page)])
          next += ids.count
        } else {
          ids = try database.read { db in
            try Int64.fetchAll(
              db, sql: "SELECT id FROM unit WHERE \(condition) AND id > ?2 ORDER BY id LIMIT ?3",
              arguments: [key, after, page])
          }
        }
        guard let last = ids.last else { break }
        after = last
        for unit in try units(ids).sorted(by: { $0.id < $1.id }) {
          let sourceRanges =
            options.side == .target ? [] : ranges(of: key, in: unit.unit.source.text)
          let targetRanges =
            options.side == .source ? [] : ranges(of: key, in: unit.unit.target.text)
          guard !sourceRanges.isEmpty || !targetRanges.isEmpty else { continue }
          hits.append(
            ConcordanceHit(unit: unit, sourceRanges: sourceRanges, targetRanges: targetRanges))
          if hits.count == options.limit { break }
        }
        if ids.count < page { break }
      }
      return hits
    } catch {
      throw Self.describe(error, file: path)
    }
  }

  /// Candidates for a phrase of `grams`: ascending ids of pairs that hold its rarest grams (a
  /// superset of the pairs that hold them all; each candidate is checked for the phrase).
  ///
  /// Lists are decoded rarest first, and a list more than ``listRatio`` times longer than the
  /// candidates kept so far is not read: checking those few candidates costs less than
  /// decoding it (at 1,000,000 pairs, a common English trigram is in half a million).
  static func holding(_ grams: Set<Int64>, _ db: Database) throws -> [Int64] {
    // Each gram's entries (blob, byte range) and its number of pairs, before decoding any.
    let (blobs, places) = try SegmentedIndex.concordance.find(grams, db)
    // A gram no pair holds: no pair holds the phrase.
    guard places.count == grams.count else { return [] }
    var result: [Int64]?
    for (_, place) in places.sorted(by: { ($0.value.count, $0.key) < ($1.value.count, $1.key) }) {
      if let result, place.count > Self.listRatio * max(result.count, 1) { break }
      var list: [Int64] = []
      list.reserveCapacity(place.count)
      for entry in place.entries {
        blobs[entry.blob].withUnsafeBytes { raw in
          FuzzyIndex.decode(UnsafeRawBufferPointer(rebasing: raw[entry.range]), lengths: false) {
            id, _ in list.append(id)
          }
        }
      }
      // Segments follow one another in id order; a list out of order (a damaged index) is
      // sorted.
      if !zip(list, list.dropFirst()).allSatisfy({ $0 < $1 }) { list = Array(Set(list)).sorted() }
      result = result.map { ConcordanceIndex.intersection([$0, list]) } ?? list
      if result?.isEmpty == true { break }
    }
    return result ?? []
  }

  /// How much longer than the candidates kept a gram's list may be and still be read.
  static let listRatio = 256

  /// Where the matching form `key` occurs in `text`, as byte ranges of `text`.
  func ranges(of key: String, in text: String) -> [Range<Int>] {
    let normalized = normalizer.normalize(text)
    let needle = Array(key.utf8)
    let haystack = normalized.utf8
    guard !needle.isEmpty, haystack.count >= needle.count else { return [] }
    var result: [Range<Int>] = []
    var start = 0
    while start + needle.count <= haystack.count {
      if haystack[start..<(start + needle.count)].elementsEqual(needle) {
        result.append(normalized.sourceRange(for: start..<(start + needle.count)))
        start += needle.count
      } else {
        start += 1
      }
    }
    return result
  }

  // MARK: Consistency

  /// Groups of pairs with the same matching source and different targets (or, with
  /// `byTarget`, the same matching target and different sources).
  public func inconsistencies(byTarget: Bool) throws(MemoryError) -> [[StoredUnit]] {
    let key = byTarget ? StoredForm.targetKey : StoredForm.sourceKey
    let other = byTarget ? StoredForm.sourceKey : StoredForm.targetKey
    do {
      let groups: [[Int64]] = try database.read { db in
        let rows = try Row.fetchAll(
          db,
          sql: """
            SELECT group_concat(id) AS ids FROM unit GROUP BY source_lang, target_lang, \(key)
            HAVING count(DISTINCT \(other)) > 1 ORDER BY min(id)
            """)
        return rows.map { row in
          ((row["ids"] as String?) ?? "").split(separator: ",").compactMap { Int64($0) }
        }
      }
      return try groups.map { try units($0).sorted { $0.id < $1.id } }
    } catch {
      throw Self.describe(error, file: path)
    }
  }
}

extension PostingsBuilder {
  /// Writes the concordance segment of the pairs added, if any, and empties the builder.
  func flush(_ db: Database) throws {
    guard let first else { return }
    try SQLiteMemory.SegmentedIndex.concordance.write(db, segment: first, blobs: take())
  }
}
