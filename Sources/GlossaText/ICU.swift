internal import CICU

/// An error reported by the system ICU library.
public struct ICUError: Error, Equatable, Sendable, CustomStringConvertible {
  /// ICU's `UErrorCode`, positive.
  public let code: Int32
  /// What Glossa was doing when ICU failed.
  public let operation: String

  /// A one-line description for the user.
  public var description: String { "ICU error \(code) while \(operation)" }
}

/// The thin Swift face of the C shim: every call goes through here, and a negative return
/// value becomes an `ICUError` instead of a trap.
package enum ICU {
  /// Normalization forms of the shim.
  package enum Form: Int32, Sendable {
    case nfc = 0
    case nfd = 1
    case nfkc = 2
    case nfkcCasefold = 3
  }

  /// A legacy character set ICU cannot convert, or a byte sequence it does not define.
  package struct ConversionError: Error {
    /// The offset of the bad byte sequence, when that was the problem.
    package var offset: Int?
    /// ICU's error.
    package var error: ICUError
  }

  /// The bytes `source` in `charset` (such as `windows-1252`), as UTF-8.
  /// - Throws: `ConversionError` for an unknown charset or an undefined byte sequence.
  package static func convertToUTF8(_ source: [UInt8], from charset: String) throws(ConversionError)
    -> [UInt8]
  {
    var capacity = source.count * 3 + 16
    while true {
      var output = [UInt8](repeating: 0, count: capacity)
      var bad: Int32 = -1
      let length = source.withUnsafeBufferPointer { input in
        output.withUnsafeMutableBufferPointer { out in
          glossa_convert_to_utf8(
            charset, input.baseAddress, Int32(input.count), out.baseAddress, Int32(capacity), &bad)
        }
      }
      if length < 0 {
        throw ConversionError(
          offset: bad >= 0 ? Int(bad) : nil,
          error: ICUError(code: -length, operation: "converting from \(charset)"))
      }
      if Int(length) <= capacity { return Array(output.prefix(Int(length))) }
      capacity = Int(length)
    }
  }

  /// The version of the system ICU library, such as `72.1`.
  package static var version: String {
    var buffer = [CChar](repeating: 0, count: 32)
    buffer.withUnsafeMutableBufferPointer { glossa_icu_version($0.baseAddress, 32) }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Normalizes UTF-16 code units to `form`.
  package static func normalize(_ units: [UInt16], to form: Form) throws(ICUError) -> [UInt16] {
    try grow(units, operation: "normalizing text") { src, len, dst, cap in
      glossa_normalize(form.rawValue, src, len, dst, cap)
    }
  }

  /// Applies full Unicode case folding.
  package static func foldCase(_ units: [UInt16]) throws(ICUError) -> [UInt16] {
    try grow(units, operation: "folding case") { src, len, dst, cap in
      glossa_fold_case(src, len, dst, cap)
    }
  }

  /// Whether `scalar` starts a new normalization segment for `form`.
  package static func hasBoundaryBefore(_ scalar: UInt32, for form: Form) -> Bool {
    glossa_has_boundary_before(form.rawValue, scalar) != 0
  }

  /// The raw `GLOSSA_CHAR_*` bits of a code point.
  package static func characterFlags(_ scalar: UInt32) -> UInt32 {
    glossa_char_flags(scalar)
  }

  private static func grow(
    _ units: [UInt16], operation: String,
    _ call: (UnsafePointer<UInt16>?, Int32, UnsafeMutablePointer<UInt16>?, Int32) -> Int32
  ) throws(ICUError) -> [UInt16] {
    if units.isEmpty { return [] }
    var capacity = units.count * 3 + 8
    while true {
      var output = [UInt16](repeating: 0, count: capacity)
      let length = units.withUnsafeBufferPointer { src in
        output.withUnsafeMutableBufferPointer { dst in
          call(src.baseAddress, Int32(src.count), dst.baseAddress, Int32(capacity))
        }
      }
      if length < 0 { throw ICUError(code: -length, operation: operation) }
      if Int(length) <= capacity {
        output.removeSubrange(Int(length)...)
        return output
      }
      capacity = Int(length)
    }
  }
}

/// An ICU transliterator, such as `Hant-Hans` (Traditional to Simplified Chinese).
///
/// ICU transliterators are not thread-safe; each instance belongs to one normalizer,
/// and normalizers are not shared between threads.
package final class Transliterator {
  private let handle: UnsafeMutableRawPointer

  /// Opens the transliterator with ICU's `id`.
  package init(id: String) throws(ICUError) {
    let units = Array(id.utf16)
    var status: Int32 = 0
    let opened = units.withUnsafeBufferPointer {
      glossa_transliterator_open($0.baseAddress, Int32($0.count), &status)
    }
    guard let opened else {
      throw ICUError(code: status, operation: "opening transliterator \(id)")
    }
    handle = opened
  }

  deinit { glossa_transliterator_close(handle) }

  /// Transliterates UTF-16 code units.
  package func transliterate(_ units: [UInt16]) throws(ICUError) -> [UInt16] {
    var capacity = units.count * 4 + 16
    while true {
      var buffer = units + [UInt16](repeating: 0, count: capacity - units.count)
      let length = buffer.withUnsafeMutableBufferPointer {
        glossa_transliterate(handle, $0.baseAddress, Int32(units.count), Int32(capacity))
      }
      if length < 0 {
        throw ICUError(code: -length, operation: "transliterating text")
      }
      if Int(length) <= capacity {
        buffer.removeSubrange(Int(length)...)
        return buffer
      }
      capacity = Int(length) * 2
    }
  }
}

/// An ICU collator: orders strings as people of a language expect.
///
/// Glossa sorts glossary rows by the root collation (the Unicode Collation Algorithm's default
/// order, CLDR root), so that a one-term change is a one-line diff wherever the file is written.
public final class Collator: @unchecked Sendable {
  // ICU's sort-key function takes a const collator and is safe from several threads.
  private let handle: UnsafeMutableRawPointer

  /// Opens the collator for `locale`; the empty string is the root collation.
  /// - Throws: `ICUError` when ICU cannot open it.
  public init(locale: String = "") throws(ICUError) {
    var status: Int32 = 0
    guard let opened = glossa_collator_open(locale, &status) else {
      throw ICUError(
        code: status, operation: "opening the \(locale.isEmpty ? "root" : locale) collator")
    }
    handle = opened
  }

  deinit { glossa_collator_close(handle) }

  /// The sort key of `text`: byte arrays that compare (lexicographically) in collation order.
  public func sortKey(_ text: String) -> [UInt8] {
    let units = Array(text.utf16)
    var capacity = units.count * 4 + 16
    while true {
      var key = [UInt8](repeating: 0, count: capacity)
      let length = units.withUnsafeBufferPointer { src in
        key.withUnsafeMutableBufferPointer { dst in
          glossa_collator_sort_key(
            handle, src.baseAddress, Int32(src.count), dst.baseAddress, Int32(capacity))
        }
      }
      if length <= capacity {
        // The key ends with a zero byte, which need not take part in comparisons.
        return Array(key[0..<max(0, Int(length) - 1)])
      }
      capacity = Int(length)
    }
  }
}
