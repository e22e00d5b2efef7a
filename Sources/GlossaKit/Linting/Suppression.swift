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
          var halves: (UInt64, UInt64) = (0, 0)
          for (k, digit) in digits.enumerated() {
            let value: UInt8
            switch digit {
            case 0x30...0x39: value = digit - 0x30
            case 0x61...0x66: value = digit - 0x61 + 10
            default: return nil
            }
            if k < 16 {
              halves.0 = halves.0 << 4 | UInt64(value)
            } else {
              halves.1 = halves.1 << 4 | UInt64(value)
            }
          }
          return halves
        })
      else { return nil }
      self.a = a
      self.b = b
    }

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
