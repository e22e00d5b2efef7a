public import GlossaKit
import GlossaText

/// Reads the prose of an HTML article.
///
/// Tags are dropped (block-level tags end a paragraph, so no match crosses them), comments,
/// scripts, styles and code are skipped, character references are decoded, and the text of
/// `<title>` and `<h1>`…`<h6>` is marked as headings. Every prose byte maps back to the
/// file, so findings point at the original line and column. The reader is tolerant: HTML on
/// the web is rarely valid, and an article must still be checked.
public struct HTMLReader: Sendable {
  /// Creates a reader.
  public init() {}

  private static let blockTags: Set<String> = [
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog",
    "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "head", "header", "hgroup", "hr", "html", "li", "main", "nav", "ol", "option", "p",
    "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul", "img", "iframe",
    "video", "audio", "object",
  ]
  private static let skippedTags: Set<String> = [
    "script", "style", "template", "noscript", "svg", "math", "textarea", "select",
  ]
  private static let codeTags: Set<String> = ["code", "pre", "kbd", "samp", "var", "tt"]
  private static let headingTags: Set<String> = ["title", "h1", "h2", "h3", "h4", "h5", "h6"]

  /// The document for `source`, decoded UTF-8 read from `path`.
  public func read(_ source: [UInt8], path: String) -> Document {
    var prose = ProseBuilder(capacity: source.count)
    var metadata: [String: String] = [:]
    var i = 0
    let n = source.count
    while i < n {
      let byte = source[i]
      if byte == UInt8(ascii: "<") {
        if source.hasPrefix("<!--", at: i) {
          let end = source.firstRange(of: Array("-->".utf8), from: i + 4)?.upperBound ?? n
          prose.comment(source, i..<end)
          i = end
          continue
        }
        if source.hasPrefix("<![CDATA[", at: i) {
          let end = source.firstRange(of: Array("]]>".utf8), from: i + 9)
          prose.copy(source, (i + 9)..<(end?.lowerBound ?? n))
          i = end?.upperBound ?? n
          continue
        }
        if i + 1 < n, source[i + 1] == UInt8(ascii: "!") || source[i + 1] == UInt8(ascii: "?") {
          i = (source[i...].firstIndex(of: UInt8(ascii: ">")) ?? (n - 1)) + 1
          continue
        }
        if let tag = Tag.parse(source, at: i) {
          let range = i..<tag.end
          if tag.name == "meta", !tag.closing {
            let name = (tag.attributes["name"] ?? tag.attributes["property"] ?? "").lowercased()
            if let content = tag.attributes["content"], !name.isEmpty { metadata[name] = content }
          }
          if !tag.closing && Self.skippedTags.contains(tag.name) {
            i = Self.endOfElement(tag.name, in: source, from: tag.end)
            continue
          }
          if !tag.closing && !tag.selfClosing && Self.codeTags.contains(tag.name) {
            let end = Self.endOfElement(tag.name, in: source, from: tag.end)
            if tag.name == "pre" {
              prose.paragraphBreak(for: range)
            } else {
              prose.replace(i..<end, with: ProseBuilder.placeholder)
            }
            i = end
            continue
          }
          if tag.name == "br" {
            prose.replace(range, with: [0x0A])
          } else if Self.blockTags.contains(tag.name) {
            if Self.headingTags.contains(tag.name) && tag.closing { prose.endHeading() }
            prose.paragraphBreak(for: range)
            if Self.headingTags.contains(tag.name) && !tag.closing { prose.beginHeading() }
          }
          i = tag.end
          continue
        }
        prose.copy(source, i..<(i + 1))
        i += 1
        continue
      }
      if byte == UInt8(ascii: "&"), let (text, end) = HTMLEntities.decode(source, at: i) {
        prose.replace(i..<end, with: Array(text.utf8))
        i = end
        continue
      }
      let start = i
      i += 1
      while i < n && source[i] != UInt8(ascii: "<") && source[i] != UInt8(ascii: "&") { i += 1 }
      prose.copy(source, start..<i)
    }
    prose.endHeading()
    var document = Document(
      path: path, format: .html, source: source, text: prose.text, sourceMap: prose.map,
      headings: prose.headings, metadata: metadata)
    document.suppressions = SuppressionComments.suppressions(
      from: prose.comments, lines: LineIndex(utf8: source))
    return document
  }

  /// The offset after `</name …>` at or after `start`, or the end of the source.
  private static func endOfElement(_ name: String, in source: [UInt8], from start: Int) -> Int {
    var i = start
    let closing = Array("</\(name)".utf8)
    while let found = source.firstRange(of: closing, from: i, caseInsensitive: true) {
      let after = found.upperBound
      if after >= source.count || !isNameByte(source[after]) {
        return (source[after...].firstIndex(of: UInt8(ascii: ">")) ?? (source.count - 1)) + 1
      }
      i = after
    }
    return source.count
  }

  static func isNameByte(_ byte: UInt8) -> Bool {
    (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
      || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":")
  }

  /// A start or end tag.
  struct Tag {
    var name: String
    var closing: Bool
    var selfClosing: Bool
    var attributes: [String: String]
    var end: Int

    /// Parses the tag at `start` (a `<`), or `nil` when `<` does not begin a tag.
    static func parse(_ source: [UInt8], at start: Int) -> Tag? {
      let n = source.count
      var i = start + 1
      var closing = false
      if i < n && source[i] == UInt8(ascii: "/") {
        closing = true
        i += 1
      }
      guard i < n, (0x41...0x5A).contains(source[i]) || (0x61...0x7A).contains(source[i]) else {
        return nil
      }
      let nameStart = i
      while i < n && isNameByte(source[i]) { i += 1 }
      let name = String(decoding: source[nameStart..<i], as: UTF8.self).lowercased()
      var attributes: [String: String] = [:]
      var selfClosing = false
      while i < n {
        let byte = source[i]
        if byte == UInt8(ascii: ">") {
          return Tag(
            name: name, closing: closing, selfClosing: selfClosing, attributes: attributes,
            end: i + 1)
        }
        if byte == UInt8(ascii: "/") {
          selfClosing = true
          i += 1
          continue
        }
        if byte <= 0x20 {
          i += 1
          continue
        }
        selfClosing = false
        let keyStart = i
        while i < n, source[i] > 0x20, source[i] != UInt8(ascii: "="),
          source[i] != UInt8(ascii: ">"),
          source[i] != UInt8(ascii: "/")
        {
          i += 1
        }
        let key = String(decoding: source[keyStart..<i], as: UTF8.self).lowercased()
        while i < n && source[i] <= 0x20 { i += 1 }
        var value = ""
        if i < n && source[i] == UInt8(ascii: "=") {
          i += 1
          while i < n && source[i] <= 0x20 { i += 1 }
          if i < n, source[i] == UInt8(ascii: "\"") || source[i] == UInt8(ascii: "'") {
            let quote = source[i]
            i += 1
            let valueStart = i
            while i < n && source[i] != quote { i += 1 }
            value = String(decoding: source[valueStart..<min(i, n)], as: UTF8.self)
            i += 1
          } else {
            let valueStart = i
            while i < n && source[i] > 0x20 && source[i] != UInt8(ascii: ">") { i += 1 }
            value = String(decoding: source[valueStart..<i], as: UTF8.self)
          }
        }
        if !key.isEmpty { attributes[key] = value }
      }
      return nil
    }
  }
}

extension Array where Element == UInt8 {
  /// Whether the bytes at `offset` begin with the ASCII `prefix`.
  func hasPrefix(_ prefix: String, at offset: Int) -> Bool {
    let bytes = Array(prefix.utf8)
    guard offset + bytes.count <= count else { return false }
    for (k, byte) in bytes.enumerated() where self[offset + k] != byte { return false }
    return true
  }

  /// The first range at or after `start` holding `pattern`.
  func firstRange(of pattern: [UInt8], from start: Int, caseInsensitive: Bool = false) -> Range<
    Int
  >? {
    guard !pattern.isEmpty, count >= pattern.count else { return nil }
    var i = start
    let lowered = caseInsensitive ? pattern.map(Self.lower) : pattern
    while i + pattern.count <= count {
      var k = 0
      while k < pattern.count {
        let byte = caseInsensitive ? Self.lower(self[i + k]) : self[i + k]
        if byte != lowered[k] { break }
        k += 1
      }
      if k == pattern.count { return i..<(i + pattern.count) }
      i += 1
    }
    return nil
  }

  private static func lower(_ byte: UInt8) -> UInt8 {
    (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
  }
}
