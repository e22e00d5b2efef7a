import GlossaText
import Testing

@Suite struct TextDecoderTests {
  @Test func plainUTF8PassesThrough() throws {
    let decoded = try TextDecoder.decode(Array("重庆".utf8))
    #expect(decoded.utf8 == Array("重庆".utf8))
    #expect(decoded.encoding == .utf8)
  }

  @Test func byteOrderMarksAreHonoured() throws {
    #expect(try TextDecoder.decode([0xEF, 0xBB, 0xBF] + Array("Hi".utf8)).utf8 == Array("Hi".utf8))
    let le: [UInt8] = [0xFF, 0xFE, 0xCD, 0x91, 0x86, 0x5E]  // 重庆 in UTF-16LE
    #expect(try TextDecoder.decode(le).utf8 == Array("重庆".utf8))
    let be: [UInt8] = [0xFE, 0xFF, 0xD8, 0x3D, 0xDE, 0x00]  // 😀 in UTF-16BE
    #expect(try TextDecoder.decode(be).utf8 == Array("😀".utf8))
    let utf32: [UInt8] = [0xFF, 0xFE, 0, 0, 0x41, 0, 0, 0]
    #expect(try TextDecoder.decode(utf32).utf8 == [0x41])
  }

  @Test(
    arguments: [
      ([0x61, 0x0A, 0x62, 0xFF], 3, 2, 2),  // a stray byte on line 2
      ([0xC0, 0x80], 0, 1, 1),  // an overlong NUL
      ([0xED, 0xA0, 0x80], 0, 1, 1),  // an encoded surrogate
      ([0x61, 0xE4, 0xB8], 1, 1, 2),  // a truncated sequence
      ([0xF4, 0x90, 0x80, 0x80], 0, 1, 1),  // above U+10FFFF
    ] as [([UInt8], Int, Int, Int)])
  func invalidUTF8IsPlaced(bytes: [UInt8], offset: Int, line: Int, column: Int) {
    #expect(
      throws: TextDecodingError(reason: .invalidUTF8, offset: offset, line: line, column: column)
    ) {
      try TextDecoder.decode(bytes)
    }
  }

  @Test func nulBytesMeanBinary() {
    #expect(throws: TextDecodingError(reason: .binary, offset: 2, line: 1, column: 3)) {
      try TextDecoder.decode([0x61, 0x62, 0x00, 0x63])
    }
  }

  @Test func loneSurrogatesInUTF16AreRefused() {
    #expect(throws: TextDecodingError(reason: .invalidUTF16, offset: 4, line: 1, column: 2)) {
      try TextDecoder.decode([0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x41, 0x00])
    }
  }
}
