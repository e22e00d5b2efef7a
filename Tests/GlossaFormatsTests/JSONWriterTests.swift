import Foundation
import GlossaTestSupport
import Testing

@testable import GlossaFormats

/// The JSON string writer escapes what JSON and JavaScript need escaped, and nothing else.
@Suite struct JSONWriterTests {
  @Test func escapesExactly() {
    #expect(JSON.string("plain Chen Min'er 陈敏尔") == "\"plain Chen Min'er 陈敏尔\"")
    #expect(JSON.string("a\"b\\c") == #""a\"b\\c""#)
    #expect(JSON.string("\n\r\t\u{1}\u{1F}\u{7F}") == #""\n\r\t\u0001\u001f\u007f""#)
    #expect(JSON.string("x\u{2028}y\u{2029}z–—") == #""x\u2028y\u2029z–—""#)
    #expect(JSON.string("") == "\"\"")
    #expect(JSON.string("\u{FEFF}x") == "\"\u{FEFF}x\"")
  }

  /// Random strings of every awkward kind read back unchanged through Foundation's parser (which
  /// drops a U+FEFF wherever it stands, so that one is left to `escapesExactly`).
  @Test func randomStringsReadBack() throws {
    var random = SeededGenerator(seed: 5)
    let pieces: [String] = [
      "a", "Z", " ", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1B}", "\u{7F}", "\u{2028}",
      "\u{2029}", "\u{2027}", "–", "’", "é", "中", "😀", "/",
    ]
    for _ in 0..<3_000 {
      let text = (0..<Int.random(in: 0...20, using: &random)).map { _ in
        pieces[Int.random(in: 0..<pieces.count, using: &random)]
      }.joined()
      let json = "[" + JSON.string(text) + "]"
      let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
      #expect(parsed == [text])
    }
  }
}
