import Foundation
import GlossaText

/// Prepares XML bytes for the parser (``XMLReader``), so that every input error is named with its
/// line and column in Glossa's words, and the parser sees one encoding.
///
/// Written for Foundation's `XMLParser`, which force-unwrapped names, comments and
/// processing-instruction data that were not valid UTF-8 and crashed on a processing instruction
/// without data (found by fuzzing); Glossa now drives libxml2 itself, and keeps these rules.
/// Before any byte reaches the parser:
/// - a UTF-8 document must be valid UTF-8 (an error names the line and column otherwise);
/// - UTF-16 and UTF-32 documents are transcoded to UTF-8 (their encoding declaration blanked);
/// - processing instructions other than the XML declaration are left out (Glossa reads none),
///   outside comments and CDATA sections; their line breaks are kept, so lines stay right.
///
/// Documents declared in a legacy encoding (`windows-1252`, `ISO-8859-1`) are converted to UTF-8
/// with ICU first (``prepare(_:file:)``).
struct XMLSanitizer {
  /// Why the input was refused.
  struct Problem: Error {
    var line: Int
    var column: Int
    var message: String
  }

  private enum State {
    case text, declaration, instruction, instructionQuestion, comment, cdata
  }

  /// Whether the bytes must be valid UTF-8.
  let validatesUTF8: Bool
  private var state = State.text
  /// The last eight bytes seen, the newest in the low byte, and the one before them: enough to
  /// spot `<?`, `<!--`, `-->`, `<![CDATA[` and `]]>` across chunks.
  private var window: UInt64 = 0
  private var older: UInt8 = 0
  /// The index of the next byte in the document.
  private var index = 0
  /// The index of the `?` of the XML declaration, when the document begins with one.
  private var declarationIndex = -1
  /// UTF-8 validation: continuation bytes still expected, and the range the next one must be in.
  private var needed = 0
  private var nextLow: UInt8 = 0x80
  private var nextHigh: UInt8 = 0xBF
  private(set) var line = 1
  private(set) var column = 1
  /// The first bytes of the document, until there are enough to recognize a declaration.
  private var start: [UInt8] = []
  /// A `<` held back from the end of the last chunk, until the next byte says what it opens.
  private var heldBack = false

  /// Whether runs of plain text are copied whole (``plainRun(_:from:)``); the tests compare this
  /// with the byte-by-byte path.
  let copiesRuns: Bool

  init(validatesUTF8: Bool, copiesRuns: Bool = true) {
    self.validatesUTF8 = validatesUTF8
    self.copiesRuns = copiesRuns
  }

  /// The sanitized bytes of the next chunk of the document; `last` for the final chunk.
  /// - Throws: `Problem` at the first byte that is not UTF-8 when the document must be.
  mutating func process(_ chunk: [UInt8], last: Bool = false) throws(Problem) -> [UInt8] {
    // The first bytes say whether the document opens with an XML declaration: wait for them.
    var chunk = chunk
    if index == 0 && !start.isEmpty {
      chunk = start + chunk
      start = []
    }
    if index == 0 && chunk.count < 9 && !last {
      start = chunk
      return []
    }
    if index == 0 {
      let bom = chunk.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
      let head = chunk.dropFirst(bom).prefix(6)
      if head.starts(with: Array("<?xml".utf8)), head.count == 6,
        [0x20, 0x09, 0x0A, 0x0D].contains(head.last)
      {
        declarationIndex = bom + 1
      }
    }
    var output: [UInt8] = []
    output.reserveCapacity(chunk.count + 1)
    if heldBack {
      output.append(UInt8(ascii: "<"))
      heldBack = false
    }
    var position = 0
    while position < chunk.count {
      // Text between markup is copied a run at a time (most of a document).
      if copiesRuns && state == .text && needed == 0 {
        let run = Self.plainRun(chunk, from: position)
        if run.end > position {
          output.append(contentsOf: chunk[position..<run.end])
          column += run.characters
          index += run.end - position
          // The window needs the run's last bytes only.
          for byte in chunk[max(position, run.end - 9)..<run.end] {
            older = UInt8(truncatingIfNeeded: window >> 56)
            window = window << 8 | UInt64(byte)
          }
          position = run.end
          continue
        }
      }
      let byte = chunk[position]
      position += 1
      if validatesUTF8 { try validate(byte) }
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
      if let kept = transform(byte, output: &output) { output.append(kept) }
    }
    if !last, output.last == UInt8(ascii: "<"), state == .text {
      output.removeLast()
      heldBack = true
    }
    if last && validatesUTF8 && needed > 0 {
      throw Problem(
        line: line, column: column - 1, message: "invalid UTF-8: the file ends inside a character")
    }
    return output
  }

  /// The end of the run of bytes from `start` that the byte-by-byte path would copy unchanged in
  /// text, with nothing to note but columns: ASCII other than NUL, a line break and the last
  /// characters of the patterns that change the state (`?`, `-`, `[`), and well-formed
  /// three-byte UTF-8 characters from U+1000 to U+FFFF outside the surrogates (Chinese text);
  /// and the number of characters in it.
  static func plainRun(_ bytes: [UInt8], from start: Int) -> (end: Int, characters: Int) {
    bytes.withUnsafeBufferPointer { bytes in
      var end = start
      var characters = 0
      while end < bytes.count {
        // Eight ASCII bytes at a time, while none of them ends the run.
        if end + 8 <= bytes.count {
          let word = UTF8Scalars.word(bytes, at: end)
          if word & 0x8080_8080_8080_8080 == 0 {
            let stops =
              UTF8Scalars.bytes(0, in: word) | UTF8Scalars.bytes(0x0A, in: word)
              | UTF8Scalars.bytes(UInt8(ascii: "?"), in: word)
              | UTF8Scalars.bytes(UInt8(ascii: "-"), in: word)
              | UTF8Scalars.bytes(UInt8(ascii: "["), in: word)
            let plain = stops == 0 ? 8 : stops.trailingZeroBitCount / 8
            end += plain
            characters += plain
            if plain < 8 { break }
            continue
          }
        }
        let byte = bytes[end]
        if byte < 0x80 {
          if byte == 0 || byte == 0x0A || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "[")
          {
            break
          }
          end += 1
        } else if (0xE1...0xEC).contains(byte) || byte == 0xEE || byte == 0xEF,
          end + 2 < bytes.count,
          bytes[end + 1] & 0xC0 == 0x80, bytes[end + 2] & 0xC0 == 0x80
        {
          end += 3
        } else {
          break
        }
        characters += 1
      }
      return (end, characters)
    }
  }

  private mutating func validate(_ byte: UInt8) throws(Problem) {
    if needed > 0 {
      // The broken character starts one column back.
      guard byte >= nextLow && byte <= nextHigh else { throw invalid(column: column - 1) }
      needed -= 1
      nextLow = 0x80
      nextHigh = 0xBF
      return
    }
    switch byte {
    case 0x00:
      // XML has no NUL; libxml2 would take it for UTF-16 or UTF-32 (found by fuzzing: it then
      // crashed).
      throw Problem(
        line: line, column: column,
        message: "a NUL byte: the file is binary, or in an encoding without a byte-order mark")
    case 0x01...0x7F: return
    case 0xC2...0xDF: needed = 1
    case 0xE0:
      needed = 2
      nextLow = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: needed = 2
    case 0xED:
      needed = 2
      nextHigh = 0x9F
    case 0xF0:
      needed = 3
      nextLow = 0x90
    case 0xF1...0xF3: needed = 3
    case 0xF4:
      needed = 3
      nextHigh = 0x8F
    default: throw invalid()
    }
  }

  private func invalid(column: Int? = nil) -> Problem {
    Problem(
      line: line, column: column ?? self.column,
      message:
        "invalid UTF-8 (the document is UTF-8 by its declaration or by default); save it as UTF-8")
  }

  /// A short ASCII pattern as the value the last bytes of `window` hold when they end with it.
  private static func pattern(_ text: StaticString) -> (value: UInt64, mask: UInt64) {
    var value: UInt64 = 0
    for index in 0..<text.utf8CodeUnitCount {
      value = value << 8 | UInt64(text.utf8Start[index])
    }
    let bits = text.utf8CodeUnitCount * 8
    return (value, bits >= 64 ? ~0 : (1 << UInt64(bits)) - 1)
  }

  private static let instructionStart = pattern("<?")
  private static let instructionEnd = pattern("?>")
  private static let commentStart = pattern("<!--")
  private static let commentEnd = pattern("-->")
  private static let cdataStart = pattern("![CDATA[")  // after a `<`
  private static let cdataEnd = pattern("]]>")

  private func ends(with pattern: (value: UInt64, mask: UInt64)) -> Bool {
    window & pattern.mask == pattern.value
  }

  /// The byte to write for `byte`; may also blank the `<` already written before it.
  private mutating func transform(_ byte: UInt8, output: inout [UInt8]) -> UInt8? {
    defer { index += 1 }
    older = UInt8(truncatingIfNeeded: window >> 56)
    window = window << 8 | UInt64(byte)
    // Inside an instruction only line breaks are kept, so that lines stay right.
    let blank: UInt8? = byte == 0x0A || byte == 0x0D ? byte : nil
    switch state {
    case .text:
      // Every pattern that changes the state ends in `?`, `-` or `[`.
      switch byte {
      case UInt8(ascii: "?") where ends(with: Self.instructionStart):
        if index == declarationIndex {
          state = .declaration
          return byte
        }
        // Drop the `<` too (held back at a chunk's end, so it is in this output).
        if output.last == UInt8(ascii: "<") { output.removeLast() }
        state = .instruction
        return nil
      case UInt8(ascii: "-") where ends(with: Self.commentStart):
        state = .comment
      case UInt8(ascii: "[") where ends(with: Self.cdataStart) && older == UInt8(ascii: "<"):
        state = .cdata
      default: break
      }
      return byte
    case .declaration:
      if byte == UInt8(ascii: ">") && ends(with: Self.instructionEnd) { state = .text }
      return byte
    case .instruction:
      if byte == UInt8(ascii: "?") { state = .instructionQuestion }
      return blank
    case .instructionQuestion:
      if byte == UInt8(ascii: ">") {
        state = .text
      } else if byte != UInt8(ascii: "?") {
        state = .instruction
      }
      return blank
    case .comment:
      if byte == UInt8(ascii: ">") && ends(with: Self.commentEnd) { state = .text }
      return byte
    case .cdata:
      if byte == UInt8(ascii: ">") && ends(with: Self.cdataEnd) { state = .text }
      return byte
    }
  }
}

extension XMLSanitizer {
  /// How the document is encoded, from its byte-order mark or its first bytes and declaration.
  enum Encoding {
    /// UTF-8 (declared, or by default).
    case utf8
    /// UTF-16 or UTF-32: transcoded before parsing.
    case wide
    /// A legacy encoding (`windows-1252`, `GBK`): converted with ICU before parsing.
    case legacy(String)
  }

  /// The encoding of a document that starts with `head`.
  static func encoding(of head: [UInt8]) -> Encoding {
    if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])
      || head.starts(with: [0x00, 0x00, 0xFE, 0xFF]) || head.starts(with: [0x00, 0x3C, 0x00])
      || head.starts(with: [0x3C, 0x00, 0x3F, 0x00]) || head.starts(with: [0x00, 0x00, 0x00, 0x3C])
      || head.starts(with: [0x3C, 0x00, 0x00, 0x00])
    {
      return .wide
    }
    if head.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8 }
    // `<?xml version="1.0" encoding="…"?>`
    guard head.starts(with: Array("<?xml".utf8)), let end = head.firstRange(of: Array("?>".utf8))
    else { return .utf8 }
    let declaration = String(decoding: head[..<end.lowerBound], as: UTF8.self).lowercased()
    guard let range = declaration.range(of: "encoding") else { return .utf8 }
    let rest = declaration[range.upperBound...].drop {
      $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'"
    }
    let name = String(rest.prefix { $0 != "\"" && $0 != "'" && $0 != " " })
    switch name {
    case "utf-8", "utf8", "": return .utf8
    case "utf-16", "utf-16le", "utf-16be", "utf-32", "ucs-2", "ucs-4": return .wide
    default: return .legacy(name)
    }
  }

  /// The bytes of a document, valid UTF-8, ready for the parser: transcoded from UTF-16,
  /// UTF-32 or a legacy encoding (with ICU; the encoding declaration blanked), instructions
  /// left out.
  static func prepare(_ bytes: [UInt8], file: String) throws(InputError) -> [UInt8] {
    var utf8 = bytes
    switch encoding(of: Array(bytes.prefix(256))) {
    case .utf8: break
    case .wide: utf8 = try transcode(bytes, file: file)
    case .legacy(let charset): utf8 = try convert(bytes, from: charset, file: file)
    }
    var sanitizer = XMLSanitizer(validatesUTF8: true)
    do {
      return try sanitizer.process(utf8, last: true)
    } catch {
      throw InputError(file: file, line: error.line, column: error.column, message: error.message)
    }
  }

  /// Bytes in a legacy character set as UTF-8 XML, the encoding declaration blanked.
  static func convert(_ bytes: [UInt8], from charset: String, file: String) throws(InputError)
    -> [UInt8]
  {
    do {
      return blankingEncodingDeclaration(try ICU.convertToUTF8(bytes, from: charset))
    } catch {
      guard let offset = error.offset else {
        throw InputError(
          file: file, line: 1,
          message:
            "the document's encoding '\(charset)' is not one Glossa can read (\(error.error))")
      }
      let before = bytes.prefix(offset)
      let line = before.filter { $0 == 0x0A }.count + 1
      let column = offset - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
      throw InputError(
        file: file, line: line, column: column,
        message: "a byte sequence that is not \(charset), as the document declares")
    }
  }

  /// UTF-16 or UTF-32 bytes as UTF-8 XML, the encoding declaration blanked.
  static func transcode(_ bytes: [UInt8], file: String) throws(InputError) -> [UInt8] {
    var input = bytes
    // UTF-16 and UTF-32 without a byte-order mark: the first `<` says which, and the order.
    if input.starts(with: [0x00, 0x00, 0x00, 0x3C]) {
      input = [0x00, 0x00, 0xFE, 0xFF] + input
    } else if input.starts(with: [0x3C, 0x00, 0x00, 0x00]) {
      input = [0xFF, 0xFE, 0x00, 0x00] + input
    } else if input.starts(with: [0x00, 0x3C]) {
      input = [0xFE, 0xFF] + input
    } else if input.starts(with: [0x3C, 0x00]) {
      input = [0xFF, 0xFE] + input
    }
    do {
      return blankingEncodingDeclaration(try TextDecoder.decode(input).utf8)
    } catch {
      throw InputError(
        file: file, line: error.line, column: error.column, message: error.description)
    }
  }

  /// UTF-8 XML with the encoding pseudo-attribute of its declaration blanked, so that libxml2
  /// reads it as UTF-8.
  static func blankingEncodingDeclaration(_ bytes: [UInt8]) -> [UInt8] {
    var utf8 = bytes
    if utf8.starts(with: Array("<?xml".utf8)), let end = utf8.firstRange(of: Array("?>".utf8)),
      let name = utf8[..<end.lowerBound].firstRange(of: Array("encoding".utf8))
    {
      // Blank `encoding="UTF-16"`: libxml2 then reads UTF-8.
      var index = name.lowerBound
      var quotes = 0
      while index < end.lowerBound && quotes < 2 {
        if utf8[index] == UInt8(ascii: "\"") || utf8[index] == UInt8(ascii: "'") { quotes += 1 }
        utf8[index] = 0x20
        index += 1
      }
    }
    return utf8
  }
}
