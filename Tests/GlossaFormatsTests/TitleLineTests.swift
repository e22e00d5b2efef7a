import GlossaTestSupport
import Testing

@testable import GlossaFormats

/// Title lines of ASCII are told on bytes; the decision is the same as on strings.
@Suite struct TitleLineTests {
  static let pieces = [
    "The", "the", "of", "and", "Chongqing", "economic", "Circle", "GDP", "2024", "(Two",
    "Sessions)",
    "\"Belt", "Road\"", "a", "To", "in", "vs", "is", "Chen", "Min'er", "-", "—", ".", "!", "?",
    ",", ":", "e.g.", "U.S.", "mid-year", "x", "Y", "'s", "...", "People’s", "“Two", "Sessions”",
    "‘a", "it’s", "’", "–", "2023–2024", "“the", "end.”",
    "Chengdu–Chongqing–Economic–Circle–Development–Zone’s",
  ]
  static let gaps = [" ", " ", " ", "  ", "\t", ". ", "! ", " - ", ",", ""]

  /// Lines of ASCII, dashes and curly quotes, of up to 60 words (some over 200 characters but
  /// not 200 bytes).
  @Test func asciiTitlesAgreeWithTheStringRule() {
    var random = SeededGenerator(seed: 11)
    var titles = 0
    for _ in 0..<20_000 {
      var line = Int.random(in: 0..<4, using: &random) == 0 ? " " : ""
      for _ in 0..<Int.random(in: 1...(Bool.random(using: &random) ? 30 : 60), using: &random) {
        line += Self.pieces[Int.random(in: Self.pieces.indices, using: &random)]
        line += Self.gaps[Int.random(in: Self.gaps.indices, using: &random)]
      }
      let bytes = ArraySlice(Array(line.utf8))
      let expected = TitleLines.isTitleLine(bytes)
      #expect(TitleLines.isPlainlyPunctuated(bytes))
      #expect(TitleLines.isASCIITitle(bytes) == expected, "\(line)")
      if expected { titles += 1 }
    }
    #expect(titles > 100)
  }

  /// The byte-level screen (which gives up on a line as soon as too many lower-case words are
  /// seen for the rest to make up) never rejects a title: on short and long lines, ASCII or not,
  /// the decision is the string rule's.
  @Test func theScreenNeverRejectsATitle() {
    var random = SeededGenerator(seed: 12)
    let pieces = Self.pieces + ["重庆", "Économie", "du", "À", "of,—", "the\u{A0}", "of\u{0B}"]
    var titles = 0
    var prose = 0
    for _ in 0..<20_000 {
      var line = ""
      for _ in 0..<Int.random(in: 1...(Bool.random(using: &random) ? 30 : 140), using: &random) {
        line += pieces[Int.random(in: pieces.indices, using: &random)]
        line += Self.gaps[Int.random(in: Self.gaps.indices, using: &random)]
      }
      let bytes = ArraySlice(Array(line.utf8))
      let expected = bytes.count <= 800 && TitleLines.isTitleLine(bytes)
      #expect(TitleLines.isTitle(bytes) == expected, "\(line)")
      if expected { titles += 1 } else { prose += 1 }
    }
    #expect(titles > 100 && prose > 10_000)
  }

  /// The title lines of a text are its lines, split at every line feed and carriage return,
  /// that are titles: with and without carriage returns, blank lines, a last line with and
  /// without its end (fails when a line is cut one byte short or the last line is dropped).
  @Test func titleLinesOfATextAreItsLinesThatAreTitles() {
    var random = SeededGenerator(seed: 13)
    let ends = ["\n", "\n", "\n\n", "\r\n", "\r"]
    var found = 0
    for round in 0..<2_000 {
      var text = ""
      for _ in 0..<Int.random(in: 0...8, using: &random) {
        for _ in 0..<Int.random(in: 1...12, using: &random) {
          text += Self.pieces[Int.random(in: Self.pieces.indices, using: &random)] + " "
        }
        // Line ends of one kind in half of the texts, of any kind in the others.
        let end = round % 2 == 0 ? "\n" : ends[Int.random(in: ends.indices, using: &random)]
        text += Bool.random(using: &random) ? end : "Two Sessions Open" + end
      }
      if Bool.random(using: &random) { text += "Chongqing Economic Circle" }
      let bytes = Array(text.utf8)
      var expected: [Range<Int>] = []
      var start = 0
      for index in 0...bytes.count
      where index == bytes.count || bytes[index] == 0x0A || bytes[index] == 0x0D {
        if index > start, TitleLines.isTitle(bytes[start..<index]) {
          expected.append(start..<index)
        }
        start = index + 1
      }
      #expect(TitleLines.ranges(in: bytes) == expected, "\(text.debugDescription)")
      found += expected.count
    }
    #expect(found > 1_000)
  }
}
