internal import GRDB
internal import GRDBSQLite

/// A statement run through SQLite's C API, for the import's inserts.
///
/// Binding seventeen values a row through GRDB's argument arrays boxed each one and cost an
/// import more than SQLite's own writing of the row. Used inside a GRDB transaction, on its
/// connection; finalized on `deinit`.
final class RawStatement {
  private let statement: OpaquePointer
  private let connection: OpaquePointer

  /// SQLite copies what is bound (`SQLITE_TRANSIENT`).
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  /// Compiles `sql` on the connection of `db`.
  init(_ db: Database, _ sql: String) throws {
    guard let connection = db.sqliteConnection else { throw DatabaseError(message: "closed") }
    var statement: OpaquePointer?
    let code = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
    guard code == SQLITE_OK, let statement else {
      sqlite3_finalize(statement)
      throw Self.error(code, connection, sql)
    }
    self.connection = connection
    self.statement = statement
  }

  deinit { sqlite3_finalize(statement) }

  private static func error(_ code: Int32, _ connection: OpaquePointer, _ sql: String)
    -> DatabaseError
  {
    DatabaseError(
      resultCode: ResultCode(rawValue: code),
      message: String(cString: sqlite3_errmsg(connection)), sql: sql)
  }

  /// Binds `value` (text, or NULL) to parameter `index` (from 1).
  func bind(_ index: Int32, _ value: String?) {
    guard let value else {
      sqlite3_bind_null(statement, index)
      return
    }
    value.withBytesInPlace { bytes in
      bytes.withMemoryRebound(to: CChar.self) { text in
        if let start = text.baseAddress, !text.isEmpty {
          _ = sqlite3_bind_text(statement, index, start, Int32(text.count), Self.transient)
        } else {
          _ = sqlite3_bind_text(statement, index, "", 0, Self.transient)  // empty, not NULL
        }
      }
    }
  }

  /// Binds an integer to parameter `index` (from 1).
  func bind(_ index: Int32, _ value: Int64) {
    sqlite3_bind_int64(statement, index, value)
  }

  /// Binds bytes to parameter `index` (from 1).
  func bind(_ index: Int32, bytes: [UInt8]) {
    if bytes.isEmpty {
      sqlite3_bind_zeroblob(statement, index, 0)
      return
    }
    bytes.withUnsafeBytes { raw in
      _ = sqlite3_bind_blob(statement, index, raw.baseAddress, Int32(raw.count), Self.transient)
    }
  }

  /// Runs the statement with what is bound, then resets it for the next row.
  /// - Returns: the number of rows it changed.
  @discardableResult
  func run() throws -> Int {
    let code = sqlite3_step(statement)
    let changes = Int(sqlite3_changes(connection))
    sqlite3_reset(statement)
    guard code == SQLITE_DONE else {
      throw Self.error(code, connection, String(cString: sqlite3_sql(statement)))
    }
    return changes
  }
}
