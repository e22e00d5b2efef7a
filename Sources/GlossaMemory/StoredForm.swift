internal import GRDB
import GlossaKit
import GlossaText

/// How a row stores what can be rebuilt from the rest of it (schema v7).
///
/// - A matching form that is its text with the ASCII capitals lowered and nothing else changed
///   (Chinese as it stands, most English) is stored as an empty blob. Any other form is stored
///   as text, the empty one too (the form of a text of spaces alone), so the two never mix.
/// - Extras that are the two languages alone, as the row's language columns write them, are
///   stored as an empty string (extras are JSON otherwise, never empty).
///
/// The row of a pair was 545 bytes on average in the 1,000,000-pair benchmark, 209 of them the
/// two forms and 58 the extras; SQLite writes each byte of it and copies it more than once.
enum StoredForm {
  /// `text` with its ASCII capitals lowered, all else as it is.
  static func plain(_ text: String) -> String {
    text.withBytesInPlace { bytes in
      guard bytes.contains(where: { (0x41...0x5A).contains($0) }) else { return text }
      return String(
        unsafeUninitializedCapacity: bytes.count,
        initializingUTF8With: { buffer in
          for (index, byte) in bytes.enumerated() { buffer[index] = lowered(byte) }
          return bytes.count
        })
    }
  }

  /// Whether `key` is ``plain(_:)`` of `text`, compared without building it, eight bytes at a
  /// time (byte by byte, this was 2 % of an import's processor time).
  static func isPlain(_ key: String, of text: String) -> Bool {
    key.withBytesInPlace { key in
      text.withBytesInPlace { text in
        guard key.count == text.count else { return false }
        let count = text.count
        guard let keyBytes = key.baseAddress, let textBytes = text.baseAddress else { return true }
        var index = 0
        while index + 8 <= count {
          let word = UnsafeRawPointer(textBytes + index).loadUnaligned(as: UInt64.self)
          let other = UnsafeRawPointer(keyBytes + index).loadUnaligned(as: UInt64.self)
          if other != lowered(word) { return false }
          index += 8
        }
        while index < count {
          if keyBytes[index] != lowered(textBytes[index]) { return false }
          index += 1
        }
        return true
      }
    }
  }

  /// Eight bytes with their ASCII capitals lowered, other bytes as they are (a capital's high
  /// bit, shifted, is its small letter's 0x20).
  @inline(__always)
  static func lowered(_ word: UInt64) -> UInt64 {
    word | UTF8Scalars.bytes(from: 0x41, to: 0x5A, in: word) >> 2
  }

  /// A byte lowered if it is an ASCII capital.
  @inline(__always)
  static func lowered(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }

  /// Binds the stored form of `key`, the matching form of `text`, to parameter `index`.
  static func bind(_ index: Int32, _ key: String, text: String, to statement: RawStatement) {
    if isPlain(key, of: text) {
      statement.bind(index, bytes: [])
    } else {
      statement.bind(index, key)
    }
  }

  /// The matching form of `text` from its stored form (any row: forms written before v7 are
  /// stored whole).
  static func key(_ stored: DatabaseValue, text: String) -> String {
    switch stored.storage {
    case .blob: plain(text)
    case .string(let key): key
    default: ""
    }
  }

  /// SQL for the matching form of a row's source, and of its target.
  static let sourceKey = "glossa_key(source_key, source_text)"
  static let targetKey = "glossa_key(target_key, target_text)"

  /// The SQL function behind ``sourceKey`` and ``targetKey``, added to each connection.
  static let keyFunction = DatabaseFunction("glossa_key", argumentCount: 2, pure: true) {
    values in
    key(values[0], text: String.fromDatabaseValue(values[1]) ?? "")
  }

  /// Extras that say the two languages alone, as `unit`'s language tags write them.
  static func languages(of unit: MemoryUnit) -> MemoryUnit.Extras {
    var extras = MemoryUnit.Extras()
    extras.source.language = unit.sourceLanguage.rawValue
    extras.target.language = unit.targetLanguage.rawValue
    return extras
  }

  /// Whether `unit`'s extras are ``languages(of:)``, stored as an empty string.
  static func languagesAlone(_ unit: borrowing MemoryUnit) -> Bool {
    unit.extras.attributes.isEmpty && unit.extras.properties.isEmpty && unit.extras.notes.isEmpty
      && unit.extras.source == .init(language: unit.sourceLanguage.rawValue)
      && unit.extras.target == .init(language: unit.targetLanguage.rawValue)
  }
}
