/// The encoding a text file was read in.
public enum SourceEncoding: String, Sendable, Codable {
  /// UTF-8 without a byte-order mark.
  case utf8 = "utf-8"
  /// UTF-8 with a byte-order mark.
  case utf8BOM = "utf-8-bom"
  /// UTF-16, little-endian, with a byte-order mark.
  case utf16LE = "utf-16le"
  /// UTF-16, big-endian, with a byte-order mark.
  case utf16BE = "utf-16be"
  /// UTF-32, little-endian, with a byte-order mark.
  case utf32LE = "utf-32le"
  /// UTF-32, big-endian, with a byte-order mark.
  case utf32BE = "utf-32be"
}

/// A text file decoded to UTF-8.
public struct DecodedText: Sendable {
  /// The text, UTF-8, without a byte-order mark.
  public let utf8: [UInt8]
  /// The encoding the bytes were in.
  public let encoding: SourceEncoding
  /// The length of the byte-order mark; for UTF-8 files, add it to an offset in ``utf8`` to get
  /// the offset in the file.
  public let byteOrderMarkLength: Int
}

/// Why bytes could not be read as text.
public struct TextDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What went wrong.
  public enum Reason: Sendable, Equatable {
    /// A byte sequence that is not UTF-8.
    case invalidUTF8
    /// A NUL byte: the file is binary, or UTF-16 without a byte-order mark.
    case binary
    /// A lone surrogate or a truncated code unit in UTF-16 or UTF-32.
    case invalidUTF16
    /// A code point above U+10FFFF or a surrogate in UTF-32.
    case invalidUTF32
  }

  /// What went wrong.
  public let reason: Reason
  /// The byte offset of the first bad byte in the file.
  public let offset: Int
  /// The 1-based line of the first bad byte, as far as the text could be read.
  public let line: Int
  /// The 1-based column of the first bad byte, in scalars.
  public let column: Int

  /// Creates an error.
  public init(reason: Reason, offset: Int, line: Int, column: Int) {
    self.reason = reason
    self.offset = offset
    self.line = line
    self.column = column
  }

  /// A one-line description, without the file name.
  public var description: String {
    switch reason {
    case .invalidUTF8:
      "invalid UTF-8 at byte \(offset); save the file as UTF-8"
    case .binary:
      "binary data (a NUL byte at byte \(offset)); not a text file, or UTF-16 without a byte-order mark"
    case .invalidUTF16:
      "invalid UTF-16 at byte \(offset) (a lone surrogate or a truncated code unit)"
    case .invalidUTF32:
      "invalid UTF-32 at byte \(offset)"
    }
  }
}

/// Reads the bytes of a text file: UTF-8, or UTF-8, UTF-16 or UTF-32 with a byte-order mark.
public enum TextDecoder {
  /// Decodes `bytes` to UTF-8.
  /// - Throws: `TextDecodingError` naming the first bad byte.
  public static func decode(_ bytes: [UInt8]) throws(TextDecodingError) -> DecodedText {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      let body = Array(bytes[3...])
      try validate(body, base: 3)
      return DecodedText(utf8: body, encoding: .utf8BOM, byteOrderMarkLength: 3)
    }
    if bytes.starts(with: [0xFF, 0xFE, 0, 0]) {
      return DecodedText(
        utf8: try utf32(bytes, bigEndian: false), encoding: .utf32LE, byteOrderMarkLength: 4)
    }
    if bytes.starts(with: [0, 0, 0xFE, 0xFF]) {
      return DecodedText(
        utf8: try utf32(bytes, bigEndian: true), encoding: .utf32BE, byteOrderMarkLength: 4)
    }
    if bytes.starts(with: [0xFF, 0xFE]) {
      return DecodedText(
        utf8: try utf16(bytes, bigEndian: false), encoding: .utf16LE, byteOrderMarkLength: 2)
    }
    if bytes.starts(with: [0xFE, 0xFF]) {
      return DecodedText(
        utf8: try utf16(bytes, bigEndian: true), encoding: .utf16BE, byteOrderMarkLength: 2)
    }
    try validate(bytes, base: 0)
    return DecodedText(utf8: bytes, encoding: .utf8, byteOrderMarkLength: 0)
  }

  /// Checks that `bytes` are UTF-8 without NUL bytes.
  private static func validate(_ bytes: [UInt8], base: Int) throws(TextDecodingError) {
    let bad: (Int, TextDecodingError.Reason)? = bytes.withUnsafeBufferPointer { buffer in
      let n = buffer.count
      var i = 0
      while i < n {
        let b0 = buffer[i]
        if b0 < 0x80 {
          if b0 == 0 { return (i, .binary) }
          i += 1
          continue
        }
        var need = 0
        var minimum: UInt32 = 0
        var value: UInt32 = 0
        switch b0 {
        case 0xC2...0xDF:
          need = 1
          minimum = 0x80
          value = UInt32(b0 & 0x1F)
        case 0xE0...0xEF:
          need = 2
          minimum = 0x800
          value = UInt32(b0 & 0x0F)
        case 0xF0...0xF4:
          need = 3
          minimum = 0x10000
          value = UInt32(b0 & 0x07)
        default: return (i, .invalidUTF8)
        }
        if i + need > n - 1 { return (i, .invalidUTF8) }
        for k in 1...need {
          let b = buffer[i + k]
          if b & 0xC0 != 0x80 { return (i, .invalidUTF8) }
          value = (value << 6) | UInt32(b & 0x3F)
        }
        if value < minimum || value > 0x10FFFF || (value >= 0xD800 && value < 0xE000) {
          return (i, .invalidUTF8)
        }
        i += need + 1
      }
      return nil
    }
    if let (offset, reason) = bad {
      let valid = Array(bytes[..<offset])
      let position = LineIndex(utf8: valid).position(ofByte: offset)
      throw TextDecodingError(
        reason: reason, offset: offset + base, line: position.line, column: position.column)
    }
  }

  private static func failure(
    _ reason: TextDecodingError.Reason, at offset: Int, decoded: [UInt8]
  ) -> TextDecodingError {
    let position = LineIndex(utf8: decoded).position(ofByte: decoded.count)
    return TextDecodingError(
      reason: reason, offset: offset, line: position.line, column: position.column)
  }

  private static func utf16(_ bytes: [UInt8], bigEndian: Bool) throws(TextDecodingError) -> [UInt8]
  {
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var i = 2
    func unit(_ k: Int) -> UInt32 {
      bigEndian
        ? UInt32(bytes[k]) << 8 | UInt32(bytes[k + 1])
        : UInt32(bytes[k + 1]) << 8 | UInt32(bytes[k])
    }
    while i < bytes.count {
      guard i + 1 < bytes.count else { throw failure(.invalidUTF16, at: i, decoded: output) }
      let u = unit(i)
      var scalar = u
      var width = 2
      if u >= 0xD800 && u < 0xDC00 {
        guard i + 3 < bytes.count else { throw failure(.invalidUTF16, at: i, decoded: output) }
        let low = unit(i + 2)
        guard low >= 0xDC00 && low < 0xE000 else {
          throw failure(.invalidUTF16, at: i, decoded: output)
        }
        scalar = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)
        width = 4
      } else if u >= 0xDC00 && u < 0xE000 {
        throw failure(.invalidUTF16, at: i, decoded: output)
      }
      if scalar == 0 { throw failure(.binary, at: i, decoded: output) }
      UTF8Scalars.append(scalar, to: &output)
      i += width
    }
    return output
  }

  private static func utf32(_ bytes: [UInt8], bigEndian: Bool) throws(TextDecodingError) -> [UInt8]
  {
    var output: [UInt8] = []
    var i = 4
    while i < bytes.count {
      guard i + 3 < bytes.count else { throw failure(.invalidUTF32, at: i, decoded: output) }
      let b = bytes[i..<(i + 4)].map(UInt32.init)
      let scalar =
        bigEndian
        ? b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3] : b[3] << 24 | b[2] << 16 | b[1] << 8 | b[0]
      if scalar > 0x10FFFF || (scalar >= 0xD800 && scalar < 0xE000) {
        throw failure(.invalidUTF32, at: i, decoded: output)
      }
      if scalar == 0 { throw failure(.binary, at: i, decoded: output) }
      UTF8Scalars.append(scalar, to: &output)
      i += 4
    }
    return output
  }
}
