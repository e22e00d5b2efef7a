public import GlossaKit
import GlossaText

/// Turns the bytes of an article into a ``Document``, by format.
public enum DocumentReader {
  /// The file extensions read by default when a folder is linted, by format.
  public static let extensions: [String: Document.Format] = [
    "txt": .plain, "text": .plain, "md": .markdown, "markdown": .markdown, "mdown": .markdown,
    "html": .html, "htm": .html, "xhtml": .html,
  ]

  /// The format of `path`, from its extension; plain text when unknown.
  public static func format(of path: String) -> Document.Format {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = name.lastIndex(of: ".") else { return .plain }
    return extensions[String(name[name.index(after: dot)...]).lowercased()] ?? .plain
  }

  /// Reads an article.
  /// - Parameters:
  ///   - bytes: the file's bytes (UTF-8, or UTF-8/16/32 with a byte-order mark).
  ///   - path: the name used in findings.
  ///   - format: the format; by default, the one the extension says.
  /// - Returns: the document, its prose extracted and mapped to the file.
  /// - Throws: `InputError` when the bytes are not text.
  public static func read(_ bytes: [UInt8], path: String, format: Document.Format? = nil)
    throws(InputError) -> Document
  {
    let decoded: DecodedText
    do {
      decoded = try TextDecoder.decode(bytes)
    } catch {
      throw InputError(
        file: path, line: error.line, column: error.column, message: error.description)
    }
    var document: Document
    switch format ?? self.format(of: path) {
    case .plain:
      document = Document(
        path: path, format: .plain, source: decoded.utf8,
        headings: TitleLines.ranges(in: decoded.utf8))
    case .markdown:
      document = MarkdownReader().read(decoded.utf8, path: path)
    case .html:
      document = HTMLReader().read(decoded.utf8, path: path)
    }
    document.encoding = decoded.encoding
    document.byteOffsetBase = decoded.encoding == .utf8BOM ? 3 : 0
    return document
  }
}
