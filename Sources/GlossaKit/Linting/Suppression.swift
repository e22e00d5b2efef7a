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
    var a: UInt64 = 0xcbf2_9ce4_8422_2325
    var b: UInt64 = 0x8422_2325_cbf2_9ce4
    for byte in text.utf8 {
      a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
      b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_0193
      b = b &+ (a >> 17)
    }
    func digits(_ value: UInt64) -> String {
      let text = String(value, radix: 16)
      return String(repeating: "0", count: 16 - text.count) + text
    }
    return digits(a) + digits(b)
  }
}
