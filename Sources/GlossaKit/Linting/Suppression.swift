/// Lines of a document where some rules (or all) are turned off by an inline comment.
///
/// In Markdown and HTML: `<!-- glossa-disable term-case -->` … `<!-- glossa-enable -->`, or
/// `<!-- glossa-disable-next-line forbidden-term -->` before the line.
public struct Suppression: Sendable, Equatable {
  /// The rules turned off; empty for every rule.
  public var rules: Set<String>
  /// The 1-based lines covered.
  public var lines: ClosedRange<Int>

  /// Creates a suppression.
  public init(rules: Set<String>, lines: ClosedRange<Int>) {
    self.rules = rules
    self.lines = lines
  }

  /// Whether the suppression silences `finding`.
  public func covers(_ finding: Finding) -> Bool {
    (rules.isEmpty || rules.contains(finding.rule)) && lines.contains(finding.line)
  }
}

/// A stable 128-bit hash, the same on every run and machine (Swift's `Hasher` is seeded per
/// process), written as 32 hexadecimal digits.
public enum StableHash {
  /// The hash of `text`.
  public static func hex(_ text: String) -> String {
    var state = State()
    state.add(text.utf8)
    return state.hex
  }

  /// The hash of `text`, a U+001F separator and the decimal digits of `ordinal`: the same as
  /// `hex(text + "\u{1F}\(ordinal)")`, without building that string.
  public static func hex(_ text: String, ordinal: Int) -> String {
    var state = State()
    state.add(text.utf8)
    return state.hex(ordinal: ordinal)
  }

  /// The hash of some bytes as it grows, so that a text made of parts is hashed without
  /// joining them; its ``hex`` reads back as the state (``init(hex:)``), so that a hash can be
  /// carried as its digits and continued later.
  struct State: Hashable {
    private var a: UInt64 = 0xcbf2_9ce4_8422_2325
    private var b: UInt64 = 0x8422_2325_cbf2_9ce4

    init() {}

    /// The state whose ``hex`` is `hex`, or `nil` when `hex` is not 32 small hexadecimal digits.
    init?(hex: String) {
      var hex = hex
      guard
        let (a, b) = hex.withUTF8({ digits -> (UInt64, UInt64)? in
          guard digits.count == 32 else { return nil }
          // Each digit's value from a table (16 and up: not a digit), without a branch: this
          // runs for every finding.
          return Self.digitValues.withUnsafeBufferPointer { values in
            var halves: (UInt64, UInt64) = (0, 0)
            var invalid: UInt8 = 0
            for k in 0..<16 {
              let value = values[Int(digits[k])]
              invalid |= value
              halves.0 = halves.0 << 4 | UInt64(value & 0x0F)
            }
            for k in 16..<32 {
              let value = values[Int(digits[k])]
              invalid |= value
              halves.1 = halves.1 << 4 | UInt64(value & 0x0F)
            }
            return invalid & 0xF0 == 0 ? halves : nil
          }
        })
      else { return nil }
      self.a = a
      self.b = b
    }

    /// The value of each small hexadecimal digit by its byte; 0xFF for any other byte.
    private static let digitValues: [UInt8] = (0...255).map { byte in
      switch byte {
      case 0x30...0x39: UInt8(byte - 0x30)
      case 0x61...0x66: UInt8(byte - 0x61 + 10)
      default: 0xFF
      }
    }

    /// The state's bits, well mixed, for a table's slot.
    var slotHash: UInt64 { (a ^ b &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9 }

    mutating func add(_ bytes: some Sequence<UInt8>) {
      for byte in bytes { add(byte) }
    }

    @inline(__always)
    mutating func add(_ byte: UInt8) {
      a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
      b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_0193
      b = b &+ (a >> 17)
    }

    /// The hash of what was added, a U+001F separator and the decimal digits of `ordinal`.
    func hex(ordinal: Int) -> String {
      var state = self
      state.add(0x1F)
      state.add(String(ordinal).utf8)
      return state.hex
    }

    static let digits = Array("0123456789abcdef".utf8)

    var hex: String {
      String(unsafeUninitializedCapacity: 32) { output in
        for k in 0..<16 {
          output[k] = Self.digits[Int((a >> UInt64(60 - 4 * k)) & 15)]
          output[16 + k] = Self.digits[Int((b >> UInt64(60 - 4 * k)) & 15)]
        }
        return 32
      }
    }
  }
}
