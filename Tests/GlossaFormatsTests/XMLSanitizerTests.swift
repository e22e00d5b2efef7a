import GlossaTestSupport
import Testing

@testable import GlossaFormats

/// The sanitizer that stands between any XML input and Foundation's parser.
@Suite struct XMLSanitizerTests {
  /// Pieces of XML, with what the sanitizer must make of each (outside any other piece).
  static let pieces: [(input: String, output: String)] = [
    ("<doc>", "<doc>"), ("text ", "text "), ("重庆", "重庆"), ("\n", "\n"),
    ("<?pi data?>", ""), ("<?pi\nmore?>", "\n"), ("<?x??>", ""), ("<?pi?>", ""),
    ("<!-- <?kept?> -->", "<!-- <?kept?> -->"), ("<!---->", "<!---->"),
    ("<![CDATA[<?kept?> ]] >]]>", "<![CDATA[<?kept?> ]] >]]>"), ("<a b='?>'/>", "<a b='?>'/>"),
    ("</doc>", "</doc>"), ("-- [ ? > ", "-- [ ? > "),
  ]

  static func sanitize(_ bytes: [UInt8], chunks sizes: [Int]) throws -> [UInt8] {
    var sanitizer = XMLSanitizer(validatesUTF8: true)
    var output: [UInt8] = []
    var start = 0
    var sizes = sizes[...]
    while start < bytes.count {
      let size = max(1, sizes.popFirst() ?? bytes.count)
      let end = min(bytes.count, start + size)
      output += try sanitizer.process(Array(bytes[start..<end]), last: end == bytes.count)
      start = end
    }
    return output
  }

  @Test func instructionsAreLeftOutInAnyChunking() throws {
    var random = SeededGenerator(seed: 3)
    for _ in 0..<300 {
      let chosen = (0..<Int.random(in: 1...12, using: &random)).map { _ in
        Self.pieces.randomElement(using: &random)!
      }
      let declaration = Bool.random(using: &random) ? "<?xml version=\"1.0\"?>" : ""
      let input = Array((declaration + chosen.map(\.input).joined()).utf8)
      let expected = Array((declaration + chosen.map(\.output).joined()).utf8)
      let sizes = (0..<input.count).map { _ in Int.random(in: 1...7, using: &random) }
      let whole = try Self.sanitize(input, chunks: [])
      #expect(
        whole == expected,
        "\(String(decoding: input, as: UTF8.self)) → \(String(decoding: whole, as: UTF8.self))")
      #expect(try Self.sanitize(input, chunks: sizes) == expected)
    }
  }

  @Test func invalidUTF8AndNULArePlaced() {
    for (bytes, line, column) in [
      (Array("<a>\nok \u{00E9}".utf8) + [0xC3], 2, 5), (Array("<a>".utf8) + [0xE4, 0xB8], 1, 4),
      (Array("<a>\n\nx".utf8) + [0xFF], 3, 2), (Array("<a>".utf8) + [0x00], 1, 4),
      (Array("<a>".utf8) + [0xED, 0xA0, 0x80], 1, 4),
    ] {
      #expect {
        _ = try Self.sanitize(bytes, chunks: [2])
      } throws: { error in
        guard let problem = error as? XMLSanitizer.Problem else { return false }
        return (problem.line, problem.column) == (line, column)
      }
    }
  }
}
