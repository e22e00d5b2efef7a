import GlossaTestSupport
import Testing

@testable import GlossaText

/// The tests that read eight bytes at a time agree with the byte-by-byte definitions, and the
/// normalizer and tokenizer that use them read ASCII as byte-by-byte reading does.
@Suite struct EightBytesTests {
  /// Eight bytes around `byte` at `place`, the others from `random`, and the word they make.
  static func word(_ byte: UInt8, at place: Int, _ random: inout SeededGenerator) -> UInt64 {
    var word: UInt64 = 0
    for index in 0..<8 {
      let value = index == place ? byte : UInt8.random(in: 0...255, using: &random)
      word |= UInt64(value) << UInt64(8 * index)
    }
    return word
  }

  /// The high bits that `test` gives each byte of `word`, byte by byte.
  static func expected(_ word: UInt64, _ test: (UInt8) -> Bool) -> UInt64 {
    var bits: UInt64 = 0
    for index in 0..<8 where test(UInt8(truncatingIfNeeded: word >> UInt64(8 * index))) {
      bits |= 0x80 << UInt64(8 * index)
    }
    return bits
  }

  @Test(arguments: [
    (0x20, 0x7F), (0x41, 0x5A), (0x61, 0x7A), (0x30, 0x39), (0x00, 0x7F), (0x27, 0x27),
  ])
  func rangesAreExact(low: Int, high: Int) {
    var random = SeededGenerator(seed: UInt64(low * 256 + high))
    for byte in 0...255 {
      for place in 0..<8 {
        let word = Self.word(UInt8(byte), at: place, &random)
        let found = UTF8Scalars.bytes(from: UInt8(low), to: UInt8(high), in: word)
        #expect(found == Self.expected(word) { $0 >= low && $0 <= high }, "\(byte) at \(place)")
      }
    }
  }

  @Test func lettersAndDigitsAreExact() {
    var random = SeededGenerator(seed: 5)
    for byte in 0...255 {
      for place in 0..<8 {
        let word = Self.word(UInt8(byte), at: place, &random)
        let found = UTF8Scalars.letterOrDigitBytes(in: word)
        let letterOrDigit = { (b: UInt8) in
          (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
        }
        #expect(found == Self.expected(word, letterOrDigit), "\(byte) at \(place)")
      }
    }
  }

  /// Random ASCII from pieces that stop eight-byte reading at every place: capitals, backticks,
  /// single and double spaces, a space before punctuation, tabs, line ends, apostrophes inside
  /// and outside words, hyphens, and now and then a curly apostrophe.
  static func text(_ random: inout SeededGenerator) -> String {
    let pieces = [
      "Chongqing", "the", "CPC", "x", "Two", "Sessions", "2024", "a1b2", "don't", "`quoted`",
      " ", " ", " ", "  ", " (", ", ", ".", "\t", "\n", "\n\n", "-", "'", "’", "Five-Year",
      "élan", "word\u{301}", "ABCDEFGHIJKLMNOP", "abcdefghijklmnopqrstuvwxyz0123456789",
    ]
    var text = ""
    for _ in 0..<Int.random(in: 0...30, using: &random) {
      text += pieces[Int.random(in: 0..<pieces.count, using: &random)]
    }
    return text
  }

  /// Eight-byte reading in the normalizer's runs never takes a byte that byte-by-byte reading
  /// stops at, and stops within eight bytes of it (or nine of the end).
  @Test func plainRunsStopWhereByteByByteReadingStops() {
    var random = SeededGenerator(seed: 13)
    func isWordByte(_ byte: UInt8) -> Bool {
      (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        || (byte >= 0x30 && byte <= 0x39)
    }
    for _ in 0..<300 {
      let bytes = Array(Self.text(&random).utf8)
      bytes.withUnsafeBufferPointer { input in
        for start in 0...input.count {
          var exact = start
          while exact < input.count && input[exact] < 0x80 {
            let byte = input[exact]
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
              guard byte == 0x20, exact + 1 < input.count, isWordByte(input[exact + 1]) else {
                break
              }
            }
            // A control byte other than white space is taken too; eight-byte reading stops.
            exact += 1
          }
          let found = TextNormalizer.plainEnd(input, from: start)
          #expect(found >= start && found <= exact, "\(bytes) from \(start)")
          let controls = input[start..<exact].contains { $0 < 0x20 }
          #expect(
            controls || exact - found < 8 || found + 9 > input.count, "\(bytes) from \(start)")
        }
      }
    }
  }

  @Test func printableASCIIIsFoldedInPlace() throws {
    let normalizer = try TextNormalizer()
    var random = SeededGenerator(seed: 11)
    for _ in 0..<2_000 {
      // Printable ASCII with single spaces before letters and digits: copied and folded byte
      // for byte (capitals to small letters, backticks to apostrophes).
      let words = (0..<Int.random(in: 1...12, using: &random)).map { _ in
        String(
          (0..<Int.random(in: 1...14, using: &random)).map { _ in
            Character(Unicode.Scalar(UInt8.random(in: 0x21...0x7E, using: &random)))
          }
        )
      }
      let text = words.map { "a" + $0 }.joined(separator: " ")
      let normalized = normalizer.normalize(text)
      let expected = Array(text.utf8).map { byte -> UInt8 in
        byte == 0x60 ? 0x27 : byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
      }
      #expect(normalized.utf8 == expected, "\(text)")
      #expect(normalized.sourceRange(for: 0..<expected.count) == 0..<expected.count)
    }
  }

  @Test func asciiTextIsTokenizedAsByteByByteReadingDoes() throws {
    let normalizer = try TextNormalizer()
    var random = SeededGenerator(seed: 12)
    for _ in 0..<2_000 {
      let text = Self.text(&random).unicodeScalars.filter(\.isASCII).map(String.init).joined()
      let bytes = Array(normalizer.normalize(text).utf8)
      let found = normalizer.tokenizer.tokens(in: bytes).map(\.range)
      // Words: letters and digits, with apostrophes between two of them; any other byte that
      // is not white space or a dash is a token of its own.
      func isWord(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
          || (byte >= 0x30 && byte <= 0x39)
      }
      var expected: [Range<Int>] = []
      var i = 0
      while i < bytes.count {
        let byte = bytes[i]
        if byte == 0x20 || byte == 0x2D || (byte >= 0x09 && byte <= 0x0D) {
          i += 1
          continue
        }
        let start = i
        i += 1
        if isWord(byte) {
          while i < bytes.count {
            if isWord(bytes[i]) {
              i += 1
            } else if bytes[i] == 0x27 || bytes[i] == 0x60, i + 1 < bytes.count,
              isWord(bytes[i + 1])
            {
              i += 2
            } else {
              break
            }
          }
        }
        expected.append(start..<i)
      }
      #expect(found == expected, "\(text)")
    }
  }
}
