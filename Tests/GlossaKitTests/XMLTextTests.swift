import Foundation
import GlossaKit
import GlossaTestSupport
import Testing

/// `XMLText.escape` returns text with nothing to escape as it is; everything else as the
/// scalar-by-scalar escape writes it.
@Suite struct XMLTextTests {
  /// What the escape must write, scalar by scalar: markup characters and carriage returns
  /// (and, in attributes, quotes, tabs and line feeds) as references; control characters XML 1.0
  /// cannot carry, U+FFFE and U+FFFF left out; everything else as it is.
  static func reference(_ text: String, quotes: Bool) -> String {
    var references: [UInt32: String] = [0x26: "&amp;", 0x3C: "&lt;", 0x3E: "&gt;", 0x0D: "&#13;"]
    if quotes {
      references[0x22] = "&quot;"
      references[0x09] = "&#9;"
      references[0x0A] = "&#10;"
    }
    let unwritable = Set((UInt32(0)..<0x20).filter { $0 != 0x09 && $0 != 0x0A }).union([
      0xFFFE, 0xFFFF,
    ])
    return text.unicodeScalars.map { scalar -> String in
      if let reference = references[scalar.value] { return reference }
      return unwritable.contains(scalar.value) ? "" : String(scalar)
    }.joined()
  }

  static let pieces: [String] = [
    "Chongqing", " ", "两会", "&", "<", ">", "\"", "'", "\t", "\n", "\r", "\u{0}", "\u{1F}",
    "\u{7F}", "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "\u{EFFF}", "\u{FEFF}", "😀", "é", "e\u{301}",
    "\u{A0}", "Ｆｕｌｌ", "—",
  ]

  /// Up to twelve pieces, picked at random.
  static func randomText(_ random: inout SeededGenerator) -> String {
    (0..<Int.random(in: 0...12, using: &random)).map { _ in
      pieces[Int.random(in: pieces.indices, using: &random)]
    }.joined()
  }

  @Test(arguments: 0..<20)
  func escapeEqualsTheScalarByScalarEscape(seed: UInt64) {
    var random = SeededGenerator(seed: seed &+ 70)
    for _ in 0..<500 {
      let text = Self.randomText(&random)
      for quotes in [false, true] {
        #expect(XMLText.escape(text, quotes: quotes) == Self.reference(text, quotes: quotes))
      }
    }
  }

  @Test(arguments: 0..<10)
  func appendEscapedWritesTheBytesOfTheEscape(seed: UInt64) {
    var random = SeededGenerator(seed: seed &+ 170)
    for _ in 0..<500 {
      let text = Self.randomText(&random)
      // Appended after what the buffer holds, which stays.
      var output = Array("<seg>".utf8)
      Array(text.utf8).withUnsafeBytes { XMLText.appendEscaped($0, to: &output) }
      #expect(output == Array(("<seg>" + XMLText.escape(text)).utf8), "\(text.debugDescription)")
    }
  }
}
