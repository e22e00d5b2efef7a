import Foundation
import GlossaText

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A safe, streaming XML reader for TMX, TBX and XLIFF, over Foundation's `XMLParser`
/// (libxml2 underneath).
///
/// Safety rules: external entities and DTDs are never loaded; a document whose DOCTYPE declares
/// entities is refused before parsing (so nothing is expanded without bound); nesting deeper
/// than ``maximumDepth`` is refused. Errors name the file, line and column.
final class XMLReader: NSObject, XMLParserDelegate {
  /// One parsing event.
  ///
  /// Element names are local names (`basic:definition` → `definition`);
  /// attribute names keep their prefixes (`xml:lang`).
  enum Event {
    case start(name: String, attributes: [String: String])
    case end(name: String)
    case text(String)
  }

  static let maximumDepth = 256

  private let file: String
  private let parser: XMLParser
  /// The sanitizing stream a file is read through, if any.
  private let stream: SanitizedFileStream?
  private var handler: ((Event, Int) throws(InputError) -> Void)?
  private var failure: InputError?
  private var depth = 0
  /// The open elements, innermost last.
  private var open: [String] = []

  /// A reader of the XML in `data`, read from `file`.
  /// - Throws: `InputError` when the document declares entities.
  init(data: Data, file: String) throws(InputError) {
    self.file = file
    try Self.refuseEntityDeclarations(data, file: file)
    let bytes = try XMLSanitizer.prepare(Array(data), file: file)
    // Fed to libxml2 in pieces: given more than 10 MB at once, it stops with an internal
    // error ("huge input lookup").
    parser = XMLParser(stream: InputStream(data: Data(bytes)))
    stream = nil
    super.init()
    configure()
  }

  /// A reader of the XML file at `path`, streamed from disk.
  /// - Throws: `InputError` when the file cannot be opened or declares entities.
  init(path: String) throws(InputError) {
    file = path
    let head = try FileAccess.readPrefix(path, count: 1 << 16)
    try Self.refuseEntityDeclarations(Data(head), file: path)
    if case .utf8 = XMLSanitizer.encoding(of: Array(head.prefix(256))) {
      guard let handle = FileHandle(forReadingAtPath: path) else {
        throw InputError(file: path, message: "cannot open the file")
      }
      let sanitized = SanitizedFileStream(handle: handle, validatesUTF8: true)
      parser = XMLParser(stream: sanitized)
      stream = sanitized
    } else {
      // UTF-16, UTF-32 and legacy encodings are converted whole (such files are rare and small).
      parser = XMLParser(
        stream: InputStream(
          data: Data(try XMLSanitizer.prepare(try FileAccess.read(path), file: path))))
      stream = nil
    }
    super.init()
    configure()
  }

  private func configure() {
    parser.delegate = self
    parser.shouldResolveExternalEntities = false
    parser.shouldProcessNamespaces = false
    parser.shouldReportNamespacePrefixes = false
  }

  /// The line the parser is at.
  var line: Int { parser.lineNumber }

  /// Parses the document, calling `handler` with each event and the line it is on.
  /// - Throws: `InputError` for malformed XML or an error the handler throws.
  func read(_ handler: @escaping (Event, Int) throws(InputError) -> Void) throws(InputError) {
    self.handler = handler
    let ok = parser.parse()
    self.handler = nil
    if let problem = stream?.problem {
      throw InputError(
        file: file, line: problem.line, column: problem.column, message: problem.message)
    }
    if let failure { throw failure }
    // Foundation's parser on Linux may recover from an error and still return true: any error
    // it reported makes the document malformed.
    if !ok || parser.parserError != nil {
      throw InputError(
        file: file, line: parser.lineNumber, column: parser.columnNumber,
        message: Self.describe(parser.parserError))
    }
  }

  private func emit(_ event: Event) {
    guard failure == nil, let handler else { return }
    do {
      try handler(event, parser.lineNumber)
    } catch {
      failure = error
      parser.abortParsing()
    }
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    depth += 1
    if depth > Self.maximumDepth {
      failure = InputError(
        file: file, line: parser.lineNumber, column: parser.columnNumber,
        message: "elements nested deeper than \(Self.maximumDepth) levels; refusing the file")
      parser.abortParsing()
      return
    }
    open.append(elementName)
    emit(.start(name: Self.localName(elementName), attributes: attributeDict))
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    depth -= 1
    if !open.isEmpty { open.removeLast() }
    emit(.end(name: Self.localName(elementName)))
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { emit(.text(string)) }

  func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
    guard failure == nil else { return }
    var message = Self.describe(parseError)
    // The streaming parser reports a file that stops inside the root element as content at the
    // end: say what it is.
    if let innermost = open.last, [5, 77, 85].contains((parseError as NSError).code) {
      message =
        "malformed XML: the file ends inside <\(innermost)> (\(open.count) elements left open); is it truncated?"
    }
    failure = InputError(
      file: file, line: parser.lineNumber, column: parser.columnNumber, message: message)
    parser.abortParsing()
  }

  func parser(_ parser: XMLParser, foundCDATA block: Data) {
    emit(.text(String(decoding: block, as: UTF8.self)))
  }

  func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?)
    -> Data?
  {
    nil
  }

  static func localName(_ name: String) -> String {
    guard let colon = name.lastIndex(of: ":") else { return name }
    return String(name[name.index(after: colon)...])
  }

  /// Refuses a document whose DOCTYPE declares entities: Glossa never expands them.
  static func refuseEntityDeclarations(_ data: Data, file: String) throws(InputError) {
    var prolog = Array(data.prefix(1 << 16))
    // UTF-16 and UTF-32 prologs are checked in UTF-8.
    if let decoded = try? TextDecoder.decode(prolog),
      decoded.encoding != .utf8 && decoded.encoding != .utf8BOM
    {
      prolog = decoded.utf8
    } else if prolog.count >= 4 && (prolog[0] == 0 || prolog[1] == 0) {
      var units: [UInt16] = []
      let bigEndian = prolog[0] == 0
      var index = 0
      while index + 1 < prolog.count {
        units.append(
          bigEndian
            ? UInt16(prolog[index]) << 8 | UInt16(prolog[index + 1])
            : UInt16(prolog[index + 1]) << 8 | UInt16(prolog[index]))
        index += 2
      }
      prolog = Array(String(decoding: units, as: UTF16.self).utf8)
    }
    guard let doctype = prolog.firstRange(of: Array("<!DOCTYPE".utf8), from: 0) else { return }
    guard let entity = prolog.firstRange(of: Array("<!ENTITY".utf8), from: doctype.lowerBound)
    else { return }
    let line = prolog[..<entity.lowerBound].filter { $0 == 0x0A }.count + 1
    throw InputError(
      file: file, line: line,
      message:
        "the document declares entities in its DOCTYPE; Glossa does not expand entities, so it refuses the file"
    )
  }

  /// A message for libxml2's error code (the code of the parser's `NSError`).
  static func describe(_ error: Error?) -> String {
    guard let code = (error as NSError?)?.code else { return "malformed XML" }
    switch code {
    case 3, 4: return "not an XML document (no root element)"
    case 5, 86: return "malformed XML: content after the end of the root element"
    case 8, 9: return "malformed XML: an invalid character"
    case 23, 26, 27: return "malformed XML: an entity reference Glossa does not expand"
    case 31, 32, 81: return "malformed XML: an encoding Glossa cannot read"
    case 39, 41: return "malformed XML: an attribute without a quoted value"
    case 42: return "malformed XML: an attribute given twice"
    case 68, 72, 73, 74: return "malformed XML: a tag is not closed properly"
    case 76: return "malformed XML: an end tag does not match its start tag"
    case 77, 85: return "malformed XML: the document ends inside an element (is it truncated?)"
    case 89: return "malformed XML: entities refer to each other without end"
    default: return "malformed XML (libxml2 error \(code))"
    }
  }

}
