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
    state.add(CollectionOfOne(0x1F))
    state.add(String(ordinal).utf8)
    return state.hex
  }

  private struct State {
    var a: UInt64 = 0xcbf2_9ce4_8422_2325
    var b: UInt64 = 0x8422_2325_cbf2_9ce4

    mutating func add(_ bytes: some Sequence<UInt8>) {
      for byte in bytes {
        a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_0193
        b = b &+ (a >> 17)
      }
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
