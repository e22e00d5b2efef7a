import GlossaText
import Testing

@Suite struct LineIndexTests {
  @Test func positionsCountScalarsFromOne() {
    let text = Array("ab\r\n重庆 x\ny".utf8)
    let lines = LineIndex(utf8: text)
    #expect(lines.lineCount == 3)
    #expect(lines.position(ofByte: 0) == .init(line: 1, column: 1))
    #expect(lines.position(ofByte: 4) == .init(line: 2, column: 1))
    #expect(lines.position(ofByte: 7) == .init(line: 2, column: 2))
    #expect(lines.position(ofByte: 11) == .init(line: 2, column: 4))
    #expect(lines.position(ofByte: 13) == .init(line: 3, column: 1))
    #expect(String(decoding: lines.line(1), as: UTF8.self) == "重庆 x")
  }

  @Test func longLinesUseBlockCounts() {
    let line = String(repeating: "é", count: 10_000) + "x"
    let lines = LineIndex(utf8: Array(line.utf8))
    #expect(lines.position(ofByte: 20_000) == .init(line: 1, column: 10_001))
  }

  @Test func loneCarriageReturnsEndLines() {
    let lines = LineIndex(utf8: Array("a\rb\rc".utf8))
    #expect(lines.position(ofByte: 4) == .init(line: 3, column: 1))
  }

  /// Positions agree with counting the scalars of the line before the offset, for random text
  /// of one- to four-byte characters and line breaks, at every scalar boundary.
  @Test func positionsAgreeWithCountingScalars() {
    var generator = SystemRandomNumberGenerator()
    let pieces = ["a", "Z", " ", "é", "重", "庆", "😀", "\n", "\r\n", "\r", "’", "\u{A0}"]
    for _ in 0..<200 {
      let length = Int.random(in: 0..<400, using: &generator)
      let text = (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
      let bytes = Array(text.utf8)
      let lines = LineIndex(utf8: bytes)
      var line = 1
      var column = 1
      var offset = 0
      for scalar in text.unicodeScalars {
        #expect(lines.position(ofByte: offset) == .init(line: line, column: column), "\(text)")
        let width = String(scalar).utf8.count
        let nextIsLF = offset + 1 < bytes.count && bytes[offset + 1] == 0x0A
        if scalar == "\n" || (scalar == "\r" && !nextIsLF) {
          line += 1
          column = 1
        } else if scalar != "\r" {
          column += 1
        } else {
          column += 1  // the CR of a CRLF: the line ends after the LF
        }
        offset += width
      }
      #expect(lines.position(ofByte: bytes.count) == .init(line: line, column: column))
    }
  }
}
