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
}
