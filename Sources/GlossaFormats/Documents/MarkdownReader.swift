public import GlossaKit
import GlossaText

/// Reads the prose of a Markdown article.
///
/// Front matter, fenced and indented code blocks, HTML comments, link reference definitions and
/// table rules are skipped; inline code, autolinks and bare URLs become a placeholder that no
/// term crosses; link and image destinations are dropped and their text kept; emphasis markers,
/// block-quote markers and list markers are dropped; headings (ATX and setext) are marked;
/// backslash escapes and character references are decoded. Every prose byte maps back to the
/// file. Front-matter keys (`date: 2024-05-01`) become document metadata.
public struct MarkdownReader: Sendable {
  /// Creates a reader.
  public init() {}

  /// The document for `source`, decoded UTF-8 read from `path`.
  public func read(_ source: [UInt8], path: String) -> Document {
    var prose = ProseBuilder(capacity: source.count)
    var metadata: [String: String] = [:]
    let lines = Self.lines(of: source)
    var index = 0
    // Front matter: a first line of '---' up to a line of '---' or '...'.
    if let first = lines.first, Self.trimmed(source, first.content) == Array("---".utf8) {
      var k = 1
      while k < lines.count {
        let text = Self.trimmed(source, lines[k].content)
        if text == Array("---".utf8) || text == Array("...".utf8) { break }
        let line = String(decoding: source[lines[k].content], as: UTF8.self)
        if let colon = line.firstIndex(of: ":"), !line.hasPrefix(" ") {
          let key = line[..<colon].trimmingSpaces.lowercased()
          var value = line[line.index(after: colon)...].trimmingSpaces
          if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'",
            value.last == quote
          {
            value = String(value.dropFirst().dropLast())
          }
          if !key.isEmpty && !value.isEmpty { metadata[key] = value }
        }
        k += 1
      }
      if k < lines.count {
        prose.paragraphBreak(for: 0..<lines[k].full.upperBound)
        index = k + 1
      } else {
        metadata = [:]
      }
    }
    var fence: (marker: UInt8, length: Int)?
    var inComment = false
    var commentStart = 0
    var previousBlank = true
    var previousParagraph: Range<Int>?
    var inCode = false
    while index < lines.count {
      let line = lines[index]
      index += 1
      let content = line.content
      let text = Array(source[content])
      let indent = text.prefix { $0 == 0x20 || $0 == 0x09 }.reduce(0) { $0 + ($1 == 0x09 ? 4 : 1) }
      let stripped = Self.trimmed(source, content)
      if inComment {
        if let end = text.firstRange(of: Array("-->".utf8), from: 0) {
          inComment = false
          prose.comment(source, commentStart..<(content.lowerBound + end.upperBound))
          let rest = (content.lowerBound + end.upperBound)..<content.upperBound
          inline(source, rest, into: &prose)
          prose.copy(source, content.upperBound..<line.full.upperBound)
        } else {
          prose.paragraphBreak(for: line.full)
        }
        continue
      }
      if let open = fence {
        let run = stripped.prefix { $0 == open.marker }.count
        if run >= open.length && stripped.dropFirst(run).allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
          fence = nil
        }
        prose.paragraphBreak(for: line.full)
        continue
      }
      if stripped.isEmpty {
        prose.copy(source, content.lowerBound..<line.full.upperBound)
        previousBlank = true
        previousParagraph = nil
        inCode = false
        continue
      }
      // Fenced code.
      if indent < 4, let marker = stripped.first,
        marker == UInt8(ascii: "`") || marker == UInt8(ascii: "~")
      {
        let run = stripped.prefix { $0 == marker }.count
        if run >= 3 {
          fence = (marker, run)
          prose.paragraphBreak(for: line.full)
          previousParagraph = nil
          continue
        }
      }
      // Indented code, after a blank line or more code.
      if indent >= 4 && (previousBlank || inCode) {
        inCode = true
        prose.paragraphBreak(for: line.full)
        previousParagraph = nil
        continue
      }
      inCode = false
      previousBlank = false
      // HTML comment blocks.
      if stripped.starts(with: Array("<!--".utf8)) {
        let open = content.lowerBound + Self.leadingSpaces(text)
        if let end = text.firstRange(of: Array("-->".utf8), from: 0) {
          prose.comment(source, open..<(content.lowerBound + end.upperBound))
          let rest = (content.lowerBound + end.upperBound)..<content.upperBound
          if Self.trimmed(source, rest).isEmpty {
            prose.paragraphBreak(for: line.full)
          } else {
            inline(source, rest, into: &prose)
            prose.copy(source, content.upperBound..<line.full.upperBound)
          }
        } else {
          inComment = true
          commentStart = open
          prose.paragraphBreak(for: line.full)
        }
        previousParagraph = nil
        continue
      }
      // Setext heading underline: the paragraph line before becomes a heading.
      if indent < 4, let paragraph = previousParagraph, let marker = stripped.first,
        marker == UInt8(ascii: "=") || marker == UInt8(ascii: "-"),
        stripped.allSatisfy({ $0 == marker || $0 == 0x20 || $0 == 0x09 })
      {
        prose.addHeading(paragraph)
        prose.paragraphBreak(for: line.full)
        previousParagraph = nil
        continue
      }
      // Thematic breaks and table rules.
      if Self.isThematicBreak(stripped) || Self.isTableRule(stripped) {
        prose.paragraphBreak(for: line.full)
        previousParagraph = nil
        continue
      }
      // Link reference definitions: [label]: destination
      if indent < 4, stripped.first == UInt8(ascii: "["),
        let close = stripped.firstIndex(of: UInt8(ascii: "]")),
        close + 1 < stripped.count, stripped[close + 1] == UInt8(ascii: ":")
      {
        prose.paragraphBreak(for: line.full)
        previousParagraph = nil
        continue
      }
      var start = content.lowerBound + Self.leadingSpaces(text)
      // ATX heading.
      let hashes = source[start..<content.upperBound].prefix { $0 == UInt8(ascii: "#") }.count
      if indent < 4, (1...6).contains(hashes),
        start + hashes == content.upperBound || source[start + hashes] == 0x20
          || source[start + hashes] == 0x09
      {
        var end = content.upperBound
        while end > start + hashes && (source[end - 1] == 0x20 || source[end - 1] == 0x09) {
          end -= 1
        }
        var closing = end
        while closing > start + hashes && source[closing - 1] == UInt8(ascii: "#") { closing -= 1 }
        if closing < end && (closing == start + hashes || source[closing - 1] == 0x20) {
          end = closing
        }
        prose.paragraphBreak(for: start..<(start + hashes))
        prose.beginHeading()
        inline(source, (start + hashes)..<end, into: &prose)
        prose.endHeading()
        prose.paragraphBreak(for: end..<line.full.upperBound)
        previousParagraph = nil
        continue
      }
      // Block quotes and list items: drop their markers.
      var marker = true
      var newBlock = false
      while marker {
        marker = false
        if start < content.upperBound && source[start] == UInt8(ascii: ">") {
          start += 1
          if start < content.upperBound && source[start] == 0x20 { start += 1 }
          marker = true
        } else if let length = Self.listMarker(source, start, content.upperBound) {
          start += length
          marker = true
          newBlock = true
        }
        while start < content.upperBound && (source[start] == 0x20 || source[start] == 0x09) {
          start += 1
        }
      }
      if newBlock { prose.paragraphBreak(for: content.lowerBound..<start) }
      let paragraphStart = prose.count
      inline(source, start..<content.upperBound, into: &prose)
      previousParagraph = paragraphStart..<prose.count
      prose.copy(source, content.upperBound..<line.full.upperBound)
    }
    var document = Document(
      path: path, format: .markdown, source: source, text: prose.text, sourceMap: prose.map,
      headings: prose.headings, metadata: metadata)
    document.suppressions = SuppressionComments.suppressions(
      from: prose.comments, lines: LineIndex(utf8: source))
    return document
  }

  /// Emits the prose of inline Markdown in `range`.
  private func inline(_ source: [UInt8], _ range: Range<Int>, into prose: inout ProseBuilder) {
    var i = range.lowerBound
    let end = range.upperBound
    while i < end {
      let byte = source[i]
      switch byte {
      case UInt8(ascii: "\\"):
        if i + 1 < end, Self.isASCIIPunctuation(source[i + 1]) {
          prose.replace(i..<(i + 2), with: [source[i + 1]])
          i += 2
          continue
        }
      case UInt8(ascii: "`"):
        let run = source[i..<end].prefix { $0 == UInt8(ascii: "`") }.count
        var k = i + run
        while k < end {
          if source[k] == UInt8(ascii: "`") {
            let closing = source[k..<end].prefix { $0 == UInt8(ascii: "`") }.count
            if closing == run {
              prose.replace(i..<(k + run), with: ProseBuilder.placeholder)
              i = k + run
              break
            }
            k += closing
          } else {
            k += 1
          }
        }
        if k < end || i >= k { continue }
        prose.copy(source, i..<(i + run))
        i += run
        continue
      case UInt8(ascii: "<"):
        if source.hasPrefix("<!--", at: i) {
          let close = source.firstRange(of: Array("-->".utf8), from: i + 4)
          let stop = min(close?.upperBound ?? end, end)
          prose.comment(source, i..<stop)
          i = stop
          continue
        }
        if let autolink = Self.autolink(source, i, end) {
          prose.replace(i..<autolink, with: ProseBuilder.placeholder)
          i = autolink
          continue
        }
        if let tag = HTMLReader.Tag.parse(source, at: i), tag.end <= end {
          if tag.name == "br" { prose.replace(i..<tag.end, with: [0x0A]) }
          i = tag.end
          continue
        }
      case UInt8(ascii: "!"), UInt8(ascii: "["):
        let open = byte == UInt8(ascii: "!") ? i + 1 : i
        if open < end, source[open] == UInt8(ascii: "["), let link = Self.link(source, open, end) {
          inline(source, (open + 1)..<link.textEnd, into: &prose)
          i = link.end
          continue
        }
      case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "~"):
        let run = source[i..<end].prefix { $0 == byte }.count
        let before: UInt8 = i > range.lowerBound ? source[i - 1] : 0x20
        let after: UInt8 = i + run < end ? source[i + run] : 0x20
        let isDelimiter: Bool
        if byte == UInt8(ascii: "_") {
          // Intraword underscores (snake_case) are text.
          isDelimiter = Self.isSpaceOrPunctuation(before) || Self.isSpaceOrPunctuation(after)
        } else if byte == UInt8(ascii: "~") {
          isDelimiter = run == 2
        } else {
          isDelimiter = !(before <= 0x20 && after <= 0x20)
        }
        if isDelimiter && !(before <= 0x20 && after <= 0x20) {
          i += run
          continue
        }
        prose.copy(source, i..<(i + run))
        i += run
        continue
      case UInt8(ascii: "&"):
        if let (text, stop) = HTMLEntities.decode(source, at: i), stop <= end {
          prose.replace(i..<stop, with: Array(text.utf8))
          i = stop
          continue
        }
      case UInt8(ascii: "h"), UInt8(ascii: "w"):
        if let url = Self.bareURL(
          source, i, end, after: i > range.lowerBound ? source[i - 1] : 0x20)
        {
          prose.replace(i..<url, with: ProseBuilder.placeholder)
          i = url
          continue
        }
      default:
        break
      }
      prose.copy(source, i..<(i + 1))
      i += 1
    }
  }

  /// `[text](destination "title")`, `[text][label]` or `[text][]`: the end of the text and of the
  /// whole link.
  private static func link(_ source: [UInt8], _ open: Int, _ end: Int) -> (textEnd: Int, end: Int)?
  {
    var depth = 0
    var k = open
    var close: Int?
    while k < end {
      let byte = source[k]
      if byte == UInt8(ascii: "\\") {
        k += 2
        continue
      }
      if byte == UInt8(ascii: "[") { depth += 1 }
      if byte == UInt8(ascii: "]") {
        depth -= 1
        if depth == 0 {
          close = k
          break
        }
      }
      k += 1
    }
    guard let close, close + 1 < end else { return nil }
    let next = source[close + 1]
    let closer: UInt8
    if next == UInt8(ascii: "(") {
      closer = UInt8(ascii: ")")
    } else if next == UInt8(ascii: "[") {
      closer = UInt8(ascii: "]")
    } else {
      return nil
    }
    var parens = 0
    k = close + 1
    while k < end {
      if source[k] == next { parens += 1 }
      if source[k] == closer {
        parens -= 1
        if parens == 0 { return (close, k + 1) }
      }
      k += 1
    }
    return nil
  }

  /// `<scheme:…>` or `<user@host>`: the offset after it.
  private static func autolink(_ source: [UInt8], _ start: Int, _ end: Int) -> Int? {
    var k = start + 1
    var sawColon = false
    var sawAt = false
    while k < end {
      let byte = source[k]
      if byte == UInt8(ascii: ">") { return (sawColon || sawAt) && k > start + 1 ? k + 1 : nil }
      if byte <= 0x20 || byte == UInt8(ascii: "<") { return nil }
      if byte == UInt8(ascii: ":") { sawColon = true }
      if byte == UInt8(ascii: "@") { sawAt = true }
      k += 1
    }
    return nil
  }

  /// A bare `http://`, `https://` or `www.` URL at `start`: the offset after it.
  static func bareURL(_ source: [UInt8], _ start: Int, _ end: Int, after previous: UInt8) -> Int? {
    guard !isWordByte(previous) else { return nil }
    guard
      source.hasPrefix("http://", at: start) || source.hasPrefix("https://", at: start)
        || source.hasPrefix("www.", at: start)
    else { return nil }
    var k = start
    while k < end, source[k] > 0x20, source[k] != UInt8(ascii: "<"), source[k] != UInt8(ascii: ">"),
      source[k] != UInt8(ascii: "\"")
    {
      k += 1
    }
    // Trailing punctuation belongs to the sentence.
    while k > start,
      [
        UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ")"), UInt8(ascii: ";"),
        UInt8(ascii: ":"), UInt8(ascii: "!"), UInt8(ascii: "?"),
      ].contains(source[k - 1])
    {
      k -= 1
    }
    return k
  }

  private static func isWordByte(_ byte: UInt8) -> Bool {
    (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
      || byte >= 0x80
  }

  private static func isSpaceOrPunctuation(_ byte: UInt8) -> Bool {
    byte <= 0x20 || isASCIIPunctuation(byte)
  }

  static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
    (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte)
      || (0x7B...0x7E).contains(byte)
  }

  private static func isThematicBreak(_ line: [UInt8]) -> Bool {
    guard let marker = line.first,
      [UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "_")].contains(marker)
    else { return false }
    let marks = line.filter { $0 == marker }.count
    return marks >= 3 && line.allSatisfy { $0 == marker || $0 == 0x20 || $0 == 0x09 }
  }

  private static func isTableRule(_ line: [UInt8]) -> Bool {
    line.contains(UInt8(ascii: "-")) && line.contains(UInt8(ascii: "|"))
      && line.allSatisfy {
        [UInt8(ascii: "|"), UInt8(ascii: "-"), UInt8(ascii: ":"), 0x20, 0x09].contains($0)
      }
  }

  /// The length of a list marker (`- `, `* `, `+ `, `12. `, `3) `) at `start`, or `nil`.
  private static func listMarker(_ source: [UInt8], _ start: Int, _ end: Int) -> Int? {
    guard start < end else { return nil }
    let byte = source[start]
    if [UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+")].contains(byte) {
      return start + 1 < end && (source[start + 1] == 0x20 || source[start + 1] == 0x09) ? 2 : nil
    }
    var k = start
    while k < end && k - start < 9 && (0x30...0x39).contains(source[k]) { k += 1 }
    guard k > start, k + 1 < end, source[k] == UInt8(ascii: ".") || source[k] == UInt8(ascii: ")"),
      source[k + 1] == 0x20 || source[k + 1] == 0x09
    else { return nil }
    return k + 2 - start
  }

  private static func leadingSpaces(_ text: [UInt8]) -> Int {
    text.prefix { $0 == 0x20 || $0 == 0x09 }.count
  }

  private static func trimmed(_ source: [UInt8], _ range: Range<Int>) -> [UInt8] {
    var lower = range.lowerBound
    var upper = range.upperBound
    while lower < upper && (source[lower] == 0x20 || source[lower] == 0x09) { lower += 1 }
    while upper > lower && (source[upper - 1] == 0x20 || source[upper - 1] == 0x09) { upper -= 1 }
    return Array(source[lower..<upper])
  }

  /// The lines of `source`: content without the line ending, and the full line with it.
  private static func lines(of source: [UInt8]) -> [(content: Range<Int>, full: Range<Int>)] {
    var result: [(Range<Int>, Range<Int>)] = []
    var start = 0
    var i = 0
    let n = source.count
    while i < n {
      if source[i] == 0x0A || source[i] == 0x0D {
        let contentEnd = i
        if source[i] == 0x0D && i + 1 < n && source[i + 1] == 0x0A { i += 1 }
        result.append((start..<contentEnd, start..<(i + 1)))
        start = i + 1
      }
      i += 1
    }
    if start < n { result.append((start..<n, start..<n)) }
    return result
  }
}
