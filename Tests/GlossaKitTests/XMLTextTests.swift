import Foundation
import GlossaKit
import GlossaTestSupport
import Testing

/// `XMLText.escape` returns text with nothing to escape as it is; everything else as the
/// scalar-by-scalar escape writes it.
@Suite struct XMLTextTests {
  /// The escape as written before its shortcut: every scalar looked at.
  static func reference(_ text: String, quotes: Bool) -> String {
    var output = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": output += "&amp;"
      case "<": output += "&lt;"
      case ">": output += "&gt;"
      case "\"" where quotes: output += "&quot;"
      case "\r": output += "&#13;"
      case "\t" where quotes: output += "&#9;"
      case "\n" where quotes: output += "&#10;"
      default:
        let value = scalar.value
        if value < 0x20 && value != 0x09 && value != 0x0A { continue }
        if value == 0xFFFE || value == 0xFFFF { continue }
        output.unicodeScalars.append(scalar)
      }
    }
    return output
  }

  static let pieces: [String] = [
    "Chongqing", " ", "两会", "&", "<", ">", "\"", "'", "\t", "\n", "\r", "\u{0}", "\u{1F}",
    "\u{7F}", "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "\u{EFFF}", "\u{FEFF}", "😀", "é", "e\u{301}",
    "\u{A0}", "Ｆｕｌｌ", "—",
  ]

  @Test(arguments: 0..<20)
  func escapeEqualsTheScalarByScalarEscape(seed: UInt64) {
    var random = SeededGenerator(seed: seed &+ 70)
    for _ in 0..<500 {
      let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in
        Self.pieces[Int.random(in: Self.pieces.indices, using: &random)]
      }.joined()
      for quotes in [false, true] {
        #expect(XMLText.escape(text, quotes: quotes) == Self.reference(text, quotes: quotes))
      }
    }
  }
}
