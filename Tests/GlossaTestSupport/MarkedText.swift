/// Text with positions marked inline, so tests state places by pointing at them.
///
/// `"Leaders met in ↓chongqing."` marks the byte where a finding must start. Several kinds of
/// marks are understood: `↓` and the keycap digits `1️⃣` … `9️⃣`.
public struct MarkedText: Sendable {
  /// The text without marks.
  public let text: String
  /// The byte offset of each mark in ``text``, in order of appearance.
  public let offsets: [Int]
  /// The byte offset of each named mark (`1️⃣` → "1").
  public let named: [String: Int]

  private static let keycaps: [String: String] = Dictionary(
    uniqueKeysWithValues: (1...9).map { ("\($0)\u{FE0F}\u{20E3}", "\($0)") })

  /// Parses marked text.
  public init(_ marked: String) {
    var text = ""
    var offsets: [Int] = []
    var named: [String: Int] = [:]
    var rest = Substring(marked)
    outer: while let first = rest.first {
      if first == "↓" {
        offsets.append(text.utf8.count)
        rest = rest.dropFirst()
        continue
      }
      for (keycap, name) in Self.keycaps where rest.hasPrefix(keycap) {
        offsets.append(text.utf8.count)
        named[name] = text.utf8.count
        rest = rest.dropFirst(keycap.count)
        continue outer
      }
      text.append(first)
      rest = rest.dropFirst()
    }
    self.text = text
    self.offsets = offsets
    self.named = named
  }
}
