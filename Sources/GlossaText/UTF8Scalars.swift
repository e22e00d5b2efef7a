/// Decoding and encoding of single scalars in already validated UTF-8.
package enum UTF8Scalars {
  /// Decodes the scalar that starts at `i`; returns it and its length in bytes.
  ///
  /// `bytes` must be valid UTF-8 and `i` must be the start of a scalar.
  @inline(__always)
  package static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
    let b0 = UInt32(bytes[i])
    if b0 < 0x80 { return (b0, 1) }
    if b0 < 0xE0 { return (((b0 & 0x1F) << 6) | (UInt32(bytes[i + 1]) & 0x3F), 2) }
    if b0 < 0xF0 {
      return (
        ((b0 & 0x0F) << 12) | ((UInt32(bytes[i + 1]) & 0x3F) << 6) | (UInt32(bytes[i + 2]) & 0x3F),
        3
      )
    }
    let value =
      ((b0 & 0x07) << 18) | ((UInt32(bytes[i + 1]) & 0x3F) << 12)
      | ((UInt32(bytes[i + 2]) & 0x3F) << 6) | (UInt32(bytes[i + 3]) & 0x3F)
    return (value, 4)
  }

  /// Appends the UTF-8 encoding of `scalar` to `output`.
  @inline(__always)
  package static func append(_ scalar: UInt32, to output: inout [UInt8]) {
    switch scalar {
    case 0..<0x80:
      output.append(UInt8(scalar))
    case 0x80..<0x800:
      output.append(UInt8(0xC0 | (scalar >> 6)))
      output.append(UInt8(0x80 | (scalar & 0x3F)))
    case 0x800..<0x10000:
      output.append(UInt8(0xE0 | (scalar >> 12)))
      output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
      output.append(UInt8(0x80 | (scalar & 0x3F)))
    default:
      output.append(UInt8(0xF0 | (scalar >> 18)))
      output.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
      output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
      output.append(UInt8(0x80 | (scalar & 0x3F)))
    }
  }

  /// The scalars of UTF-16 code units (lone surrogates become U+FFFD).
  package static func scalars(ofUTF16 units: [UInt16]) -> [UInt32] {
    var result: [UInt32] = []
    result.reserveCapacity(units.count)
    var i = 0
    while i < units.count {
      let u = UInt32(units[i])
      if u >= 0xD800 && u < 0xDC00 && i + 1 < units.count {
        let low = UInt32(units[i + 1])
        if low >= 0xDC00 && low < 0xE000 {
          result.append(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00))
          i += 2
          continue
        }
      }
      result.append(u >= 0xD800 && u < 0xE000 ? 0xFFFD : u)
      i += 1
    }
    return result
  }

  /// The UTF-16 code units of scalars.
  package static func utf16(of scalars: some Sequence<UInt32>) -> [UInt16] {
    var result: [UInt16] = []
    for s in scalars {
      if s < 0x10000 {
        result.append(UInt16(s))
      } else {
        let v = s - 0x10000
        result.append(UInt16(0xD800 + (v >> 10)))
        result.append(UInt16(0xDC00 + (v & 0x3FF)))
      }
    }
    return result
  }

  /// Whether `byte` begins a scalar (is not a continuation byte).
  @inline(__always)
  package static func isLeading(_ byte: UInt8) -> Bool { byte & 0xC0 != 0x80 }

  /// The eight bytes of `bytes` from `offset` (at most `bytes.count - 8`) as one number, the
  /// first byte lowest, for tests that read eight bytes at a time.
  @inline(__always)
  package static func word(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
    UInt64(
      littleEndian: UnsafeRawBufferPointer(bytes).loadUnaligned(
        fromByteOffset: offset, as: UInt64.self))
  }

  /// Whether `a` and `b` hold the same bytes, compared eight at a time.
  package static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>)
    -> Bool
  {
    guard a.count == b.count else { return false }
    var i = 0
    while i + 8 <= a.count {
      if word(a, at: i) != word(b, at: i) { return false }
      i += 8
    }
    while i < a.count {
      if a[i] != b[i] { return false }
      i += 1
    }
    return true
  }

  /// The high bit of each byte of `word` that equals `byte`, eight bytes at a time (exact: no
  /// other bit is set), for scans that skip eight bytes at once while none is wanted.
  @inline(__always)
  package static func bytes(_ byte: UInt8, in word: UInt64) -> UInt64 {
    let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    let x = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
    return ~(((x & low) &+ low) | x) & ~low
  }

  /// The high bit of each byte of `word` from `low` to `high` (both below 0x80), eight bytes at
  /// a time (exact: no other bit is set, whatever the other bytes hold).
  @inline(__always)
  package static func bytes(from low: UInt8, to high: UInt8, in word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let top: UInt64 = 0x8080_8080_8080_8080
    // Per byte, on its low seven bits (no borrow crosses into the next byte): at least `low`,
    // at most `high`; and the high bit clear.
    let atLeast = ((word | top) &- ones &* UInt64(low)) & top
    let atMost = ((ones &* UInt64(high) | top) &- (word & ~top)) & top
    return atLeast & atMost & ~word & top
  }

  /// The high bit of each byte of `word` that is an ASCII letter or digit.
  @inline(__always)
  package static func letterOrDigitBytes(in word: UInt64) -> UInt64 {
    // A capital's bit 0x20 set makes it its small letter; no other byte becomes a letter.
    bytes(from: 0x61, to: 0x7A, in: word | 0x2020_2020_2020_2020)
      | bytes(from: 0x30, to: 0x39, in: word)
  }

  /// Whether the ASCII `byte` is white space as Unicode says (`White_Space`, and so
  /// `Character.isWhitespace`): tab to carriage return, and space.
  @inline(__always)
  package static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (0x09...0x0D).contains(byte)
  }
}
