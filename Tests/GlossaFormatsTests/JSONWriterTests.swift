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

  /// The escaping of one byte at a time, as JSON and JavaScript need it.
  static func reference(_ text: String) -> [UInt8] {
    var output: [UInt8] = [0x22]
    let bytes = Array(text.utf8)
    var i = 0
    while i < bytes.count {
      let byte = bytes[i]
      switch byte {
      case 0x22: output += [0x5C, 0x22]
      case 0x5C: output += [0x5C, 0x5C]
      case 0x0A: output += [0x5C, 0x6E]
      case 0x0D: output += [0x5C, 0x72]
      case 0x09: output += [0x5C, 0x74]
      case 0..<0x20, 0x7F: output += Array(String(format: "\\u%04x", Int(byte)).utf8)
      case 0xE2
      where i + 2 < bytes.count && bytes[i + 1] == 0x80
        && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
        output += Array((bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
        i += 2
      default: output.append(byte)
      }
      i += 1
    }
    return output + [0x22]
  }

  /// Texts with escapes at every place of an eight-byte word, long plain runs among them: the
  /// same bytes as escaping one byte at a time (fails when a word test lets a byte through).
  @Test func wordsAtATimeEscapeAsBytesDo() {
    var random = SeededGenerator(seed: 9)
    let plain = Array("abcXYZ 019~!#$%&'()*+,-./:;<=>?@[]^_`{|}".utf8).map {
      String(UnicodeScalar($0))
    }
    let special = [
      "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{80}", "é", "\u{2028}",
      "\u{2029}", "–", "中", "😀",
    ]
    for _ in 0..<5_000 {
      let text = (0..<Int.random(in: 0...40, using: &random)).map { _ in
        Int.random(in: 0..<8, using: &random) == 0
          ? special[Int.random(in: 0..<special.count, using: &random)]
          : plain[Int.random(in: 0..<plain.count, using: &random)]
      }.joined()
      var bytes: [UInt8] = []
      JSON.append(text, to: &bytes)
      #expect(bytes == Self.reference(text), "\(text.debugDescription)")
    }
    for byte in UInt8(0)...UInt8(0x7F) {
      let text = String(repeating: "a", count: 7) + String(UnicodeScalar(byte)) + "bbbbbbbb"
      var bytes: [UInt8] = []
      JSON.append(text, to: &bytes)
      #expect(bytes == Self.reference(text), "byte \(byte)")
    }
  }
}
