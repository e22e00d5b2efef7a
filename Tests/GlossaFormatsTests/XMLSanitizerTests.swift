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

  /// A plain run ends where a byte-by-byte reading ends it.
  ///
  /// The run is read eight bytes at a time where they are ASCII; checked from every start, with
  /// each stop byte at each place of a word, and words cut by non-ASCII characters. Fails if a
  /// stop byte inside a word is skipped, or a run stops one byte early or late.
  @Test func plainRunsEndWhereByteByByteReadingEndsThem() {
    func reference(_ bytes: [UInt8], from start: Int) -> (end: Int, characters: Int) {
      var end = start
      var characters = 0
      while end < bytes.count {
        let byte = bytes[end]
        if byte < 0x80 {
          if [0, 0x0A, UInt8(ascii: "?"), UInt8(ascii: "-"), UInt8(ascii: "[")].contains(byte) {
            break
          }
          end += 1
        } else if (0xE1...0xEC).contains(byte) || byte == 0xEE || byte == 0xEF,
          end + 2 < bytes.count, bytes[end + 1] & 0xC0 == 0x80, bytes[end + 2] & 0xC0 == 0x80
        {
          end += 3
        } else {
          break
        }
        characters += 1
      }
      return (end, characters)
    }
    var random = SeededGenerator(seed: 41)
    let pieces: [[UInt8]] = [
      Array("abcdefgh".utf8), Array("x".utf8), Array("重".utf8), [0], [0x0A], Array("?".utf8),
      Array("-".utf8), Array("[".utf8), Array("é".utf8), [0x80], Array("<seg> ".utf8), [0x7F],
      [0xE4, 0xB8],
    ]
    for _ in 0..<3_000 {
      var bytes: [UInt8] = []
      for _ in 0..<Int.random(in: 0...12, using: &random) {
        bytes += pieces[Int.random(in: pieces.indices, using: &random)]
      }
      for start in 0...bytes.count {
        let run = XMLSanitizer.plainRun(bytes, from: start)
        let expected = reference(bytes, from: start)
        #expect(
          run.end == expected.end && run.characters == expected.characters, "\(bytes) \(start)")
      }
    }
  }

  /// Copying runs of plain text whole gives what the byte-by-byte path gives: the same bytes,
  /// lines and columns, and the same error at the same place, however the input is cut.
  @Test func runsCopiedWholeMatchTheByteByBytePath() {
    var random = SeededGenerator(seed: 17)
    let pieces: [[UInt8]] = [
      Array("<seg>".utf8), Array("text ".utf8), Array("重庆".utf8), Array("é".utf8), Array("😀".utf8),
      [0x0A], Array("<?pi x?>".utf8), Array("<!-- - -->".utf8), Array("<![CDATA[ ? ]]>".utf8),
      Array("?-[>".utf8), [0xEF, 0xBF, 0xBF], [0xED, 0x9F, 0xBF], [0xE0, 0xA0, 0x80],
      // Broken: a lone continuation byte, a cut character, a surrogate, an overlong form, NUL.
      [0x80], [0xE4, 0xB8], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0x00],
    ]
    for round in 0..<2_000 {
      var input = Bool.random(using: &random) ? Array("<?xml version=\"1.0\"?>".utf8) : []
      for _ in 0..<Int.random(in: 1...30, using: &random) {
        // Mostly well-formed pieces, so that runs are long and errors come late.
        let piece = pieces[Int.random(in: 0..<(round % 4 == 0 ? pieces.count : 13), using: &random)]
        input += piece
      }
      let sizes = (0..<input.count).map { _ in Int.random(in: 1...40, using: &random) }
      func run(copying: Bool) -> (output: [UInt8], line: Int, column: Int, error: String?) {
        var sanitizer = XMLSanitizer(validatesUTF8: true, copiesRuns: copying)
        var output: [UInt8] = []
        var start = 0
        var sizes = sizes[...]
        do {
          while start < input.count {
            let end = min(input.count, start + (sizes.popFirst() ?? input.count))
            output += try sanitizer.process(Array(input[start..<end]), last: end == input.count)
            start = end
          }
        } catch {
          return (
            output, sanitizer.line, sanitizer.column,
            "\(error.line):\(error.column) \(error.message)"
          )
        }
        return (output, sanitizer.line, sanitizer.column, nil)
      }
      let whole = run(copying: true)
      let byByte = run(copying: false)
      #expect(whole.output == byByte.output, "round \(round)")
      #expect(whole.error == byByte.error, "round \(round)")
      #expect(whole.line == byByte.line && whole.column == byByte.column, "round \(round)")
    }
  }
}
