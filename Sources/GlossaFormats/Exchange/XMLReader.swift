internal import CXML
import Foundation
import GlossaText

#if canImport(Glibc)
import Glibc
#endif

/// A safe, streaming XML reader for TMX, TBX and XLIFF, over libxml2's push parser (through the
/// `CXML` shim).
///
/// Safety rules: external entities and DTDs are never loaded and no entity is substituted but the
/// five predefined ones and character references; a document whose DOCTYPE declares entities is
/// refused before parsing, and the parser stops at any entity declaration it meets later (so
/// nothing is expanded without bound); nesting deeper than ``maximumDepth`` is refused. Bytes go
/// through ``XMLSanitizer`` first (valid UTF-8, wide and legacy encodings transcoded). Errors
/// name the file, line and column.
///
/// Its state is marked `@exclusivity(unchecked)`, as the TMX reader's document is: one thread
/// reads a document, and the run-time checks of each access were a cost of every element.
final class XMLReader {
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

  /// Where the bytes come from: prepared in memory, or a UTF-8 file streamed from disk.
  private enum Source {
    case bytes([UInt8])
    case file(String)
  }

  private let file: String
  private let source: Source
  @exclusivity(unchecked) private var parser: OpaquePointer?
  @exclusivity(unchecked) private var handler: (any XMLContentHandler)?
  @exclusivity(unchecked) private var failure: InputError?
  @exclusivity(unchecked) private var depth = 0
  /// The open elements, innermost last.
  @exclusivity(unchecked) private var openElements: [String] = []
  /// Whether any element started.
  @exclusivity(unchecked) private var sawElement = false

  /// The bytes given to the parser at a time (libxml2 stops with an internal error, "huge input
  /// lookup", when handed more than 10 MB at once).
  private static let chunkSize = 1 << 17

  /// A reader of the XML in `data`, read from `file`.
  /// - Throws: `InputError` when the document declares entities or its bytes cannot be read.
  init(data: Data, file: String) throws(InputError) {
    self.file = file
    try Self.refuseEntityDeclarations(data, file: file)
    source = .bytes(try XMLSanitizer.prepare(Array(data), file: file))
  }

  /// A reader of the XML file at `path`, streamed from disk.
  /// - Throws: `InputError` when the file cannot be opened or declares entities.
  init(path: String) throws(InputError) {
    file = path
    let head = try FileAccess.readPrefix(path, count: 1 << 16)
    try Self.refuseEntityDeclarations(Data(head), file: path)
    if case .utf8 = XMLSanitizer.encoding(of: Array(head.prefix(256))) {
      source = .file(path)
    } else {
      // UTF-16, UTF-32 and legacy encodings are converted whole (such files are rare and small).
      source = .bytes(try XMLSanitizer.prepare(try FileAccess.read(path), file: path))
    }
  }

  /// Parses the document, calling `handler` with each event and the line it is on.
  /// - Throws: `InputError` for malformed XML or an error the handler throws.
  func read(_ handler: @escaping (Event, Int) throws(InputError) -> Void) throws(InputError) {
    try read(EventHandler(handler))
  }

  /// Parses the document, handing `handler` each element and text in place: names, attributes
  /// and text are read from libxml2's buffers, and strings are made only of what is kept.
  /// - Throws: `InputError` for malformed XML or an error the handler throws.
  func read(_ handler: some XMLContentHandler) throws(InputError) {
    var callbacks = glossa_xml_callbacks(
      context: Unmanaged.passUnretained(self).toOpaque(),
      start: { context, localname, prefix, count, attributes, line in
        guard let context, let localname else { return }
        Unmanaged<XMLReader>.fromOpaque(context).takeUnretainedValue().started(
          localname, prefix: prefix, count: Int(count), attributes: attributes, line: line)
      },
      end: { context, localname, prefix, line in
        guard let context, let localname else { return }
        Unmanaged<XMLReader>.fromOpaque(context).takeUnretainedValue().ended(
          localname, line: line)
      },
      text: { context, bytes, length, line in
        guard let context, let bytes else { return }
        Unmanaged<XMLReader>.fromOpaque(context).takeUnretainedValue().found(
          UnsafeRawBufferPointer(start: bytes, count: Int(length)), line: line)
      })
    guard let parser = glossa_xml_create(&callbacks, file) else {
      throw InputError(file: file, message: "out of memory")
    }
    self.parser = parser
    self.handler = handler
    defer {
      glossa_xml_free(parser)
      self.parser = nil
      self.handler = nil
    }
    switch source {
    case .bytes(let bytes):
      var start = 0
      repeat {
        let end = min(bytes.count, start + Self.chunkSize)
        try feed(bytes[start..<end], last: end == bytes.count)
        start = end
      } while start < bytes.count
    case .file(let path):
      try stream(path)
    }
  }

  /// Reads the file at `path` a chunk at a time through the sanitizer into the parser.
  private func stream(_ path: String) throws(InputError) {
    let descriptor = Glibc.open(path, O_RDONLY)
    guard descriptor >= 0 else { throw InputError(file: path, message: "cannot open the file") }
    defer { Glibc.close(descriptor) }
    var sanitizer = XMLSanitizer(validatesUTF8: true)
    var buffer = [UInt8](repeating: 0, count: Self.chunkSize)
    var finished = false
    while !finished {
      let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
      guard count >= 0 else {
        throw InputError(
          file: path, message: "cannot read the file (\(String(cString: strerror(errno))))")
      }
      finished = count == 0
      let sanitized: [UInt8]
      do {
        sanitized = try sanitizer.process(Array(buffer[..<count]), last: finished)
      } catch {
        throw InputError(
          file: path, line: error.line, column: error.column, message: error.message)
      }
      try feed(sanitized[...], last: finished)
    }
  }

  /// Gives `bytes` to the parser; throws the handler's error or the parser's.
  private func feed(_ bytes: ArraySlice<UInt8>, last: Bool) throws(InputError) {
    guard let parser else { return }
    let code = bytes.withUnsafeBytes {
      glossa_xml_feed(
        parser, $0.baseAddress?.assumingMemoryBound(to: CChar.self), Int32($0.count), last ? 1 : 0)
    }
    if let failure { throw failure }
    guard code != 0 else { return }
    let line = glossa_xml_error_line(parser)
    let column = glossa_xml_error_column(parser)
    var message = Self.describe(code: Int(code))
    // libxml2's push parser reports a document with no element at all (empty, blank, a
    // declaration or comments alone) as content after its end.
    if !sawElement, [4, 5, 86].contains(code) { message = Self.describe(code: 4) }
    // A file that stops inside the root element: say what it is.
    if let innermost = openElements.last, [5, 77, 85].contains(code) {
      message =
        "malformed XML: the file ends inside <\(innermost)> (\(openElements.count) elements left open); is it truncated?"
    }
    throw InputError(file: file, line: line, column: column, message: message)
  }

  private func stop(_ error: InputError) {
    failure = error
    if let parser { glossa_xml_stop(parser) }
  }

  private func started(
    _ localname: UnsafePointer<CChar>, prefix: UnsafePointer<CChar>?, count: Int,
    attributes: UnsafePointer<UnsafePointer<CChar>?>?, line: Int
  ) {
    depth += 1
    if depth > Self.maximumDepth {
      stop(
        InputError(
          file: file, line: line, column: parser.map { glossa_xml_column($0) },
          message: "elements nested deeper than \(Self.maximumDepth) levels; refusing the file"))
      return
    }
    sawElement = true
    let name = XMLName(localname)
    openElements.append(prefix.map { String(cString: $0) + ":" + name.string } ?? name.string)
    deliver { handler throws(InputError) in
      try handler.start(
        name, XMLAttributes(pointers: attributes, count: attributes == nil ? 0 : count),
        line: line)
    }
  }

  private func ended(_ localname: UnsafePointer<CChar>, line: Int) {
    depth -= 1
    if !openElements.isEmpty { openElements.removeLast() }
    deliver { handler throws(InputError) in try handler.end(XMLName(localname), line: line) }
  }

  private func found(_ bytes: UnsafeRawBufferPointer, line: Int) {
    deliver { handler throws(InputError) in try handler.text(bytes, line: line) }
  }

  /// Calls the handler unless reading has failed; an error it throws stops the parser.
  private func deliver(_ call: (any XMLContentHandler) throws(InputError) -> Void) {
    guard failure == nil, let handler else { return }
    do {
      try call(handler)
    } catch {
      stop(error)
    }
  }

  /// An attribute's value as libxml2 gives it, where a `&` (from `&amp;` or `&#38;`) is written
  /// `&#38;`: no other `&` can be in a well-formed value.
  static func attributeValue(_ bytes: UnsafeRawBufferPointer) -> String {
    let value = String(decoding: bytes, as: UTF8.self)
    guard bytes.contains(UInt8(ascii: "&")) else { return value }
    return value.replacingOccurrences(of: "&#38;", with: "&")
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

  /// A message for a parser error code (libxml2's `xmlParserErrors`).
  static func describe(code: Int) -> String {
    switch code {
    case Int(GLOSSA_XML_ENTITY_DECLARED):
      return
        "the document declares entities in its DOCTYPE; Glossa does not expand entities, so it refuses the file"
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

/// What ``XMLReader/read(_:)-(XMLContentHandler)`` hands over, in place: each call may read its
/// arguments only until it returns.
protocol XMLContentHandler: AnyObject {
  /// An element starts.
  func start(_ name: XMLName, _ attributes: XMLAttributes, line: Int) throws(InputError)
  /// An element ends.
  func end(_ name: XMLName, line: Int) throws(InputError)
  /// Text (CDATA sections included), UTF-8, in one or more pieces.
  func text(_ bytes: UnsafeRawBufferPointer, line: Int) throws(InputError)
}

/// An element's local name (`basic:definition` → `definition`), read in place.
struct XMLName {
  /// The name's UTF-8 bytes.
  let bytes: UnsafeBufferPointer<UInt8>

  init(_ pointer: UnsafePointer<CChar>) {
    bytes = UnsafeBufferPointer(
      start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer))
  }

  /// The name as a string.
  var string: String { String(decoding: bytes, as: UTF8.self) }
}

/// An element's attributes as libxml2 hands them over (five pointers each: local name, prefix,
/// namespace, first byte of the value, byte after it), read in place.
struct XMLAttributes {
  let pointers: UnsafePointer<UnsafePointer<CChar>?>?
  /// The number of attributes.
  let count: Int

  /// The attribute at `index`: its local name, prefix and value bytes; nil where libxml2 left a
  /// pointer out.
  private func attribute(_ index: Int) -> (
    local: UnsafePointer<CChar>, prefix: UnsafePointer<CChar>?, value: UnsafeRawBufferPointer
  )? {
    guard let pointers else { return nil }
    let base = index * 5
    guard let local = pointers[base], let start = pointers[base + 3], let end = pointers[base + 4]
    else { return nil }
    return (local, pointers[base + 1], UnsafeRawBufferPointer(start: start, count: end - start))
  }

  /// Whether an attribute's local name and prefix spell `name` (`local` or `prefix:local`).
  private func isNamed(
    _ local: UnsafePointer<CChar>, _ prefix: UnsafePointer<CChar>?, _ name: StaticString
  ) -> Bool {
    name.withUTF8Buffer { name in
      let localBytes = UnsafeBufferPointer(
        start: UnsafeRawPointer(local).assumingMemoryBound(to: UInt8.self), count: strlen(local))
      // Compared eight bytes at a time (`elementsEqual` went byte by byte through the generic
      // sequence: 1 % of a TMX import's reading thread).
      guard let prefix else { return UTF8Scalars.same(localBytes, name) }
      let prefixBytes = UnsafeBufferPointer(
        start: UnsafeRawPointer(prefix).assumingMemoryBound(to: UInt8.self), count: strlen(prefix))
      return prefixBytes.count + 1 + localBytes.count == name.count
        && UTF8Scalars.same(prefixBytes, UnsafeBufferPointer(rebasing: name[..<prefixBytes.count]))
        && name[prefixBytes.count] == UInt8(ascii: ":")
        && UTF8Scalars.same(
          localBytes, UnsafeBufferPointer(rebasing: name[(prefixBytes.count + 1)...]))
    }
  }

  /// The value of the attribute `name` (`local` or `prefix:local`).
  func value(_ name: StaticString) -> String? {
    for index in 0..<count {
      guard let attribute = attribute(index) else { continue }
      if isNamed(attribute.local, attribute.prefix, name) {
        return XMLReader.attributeValue(attribute.value)
      }
    }
    return nil
  }

  /// The attributes keyed by name (`prefix:local`, or `local`), `first` and `second` left out
  /// (each `local` or `prefix:local`); empty, without a dictionary made, when none is left.
  func dictionary(leavingOut first: StaticString? = nil, _ second: StaticString? = nil)
    -> [String: String]
  {
    var result: [String: String] = [:]
    for index in 0..<count {
      guard let attribute = attribute(index) else { continue }
      if let first, isNamed(attribute.local, attribute.prefix, first) { continue }
      if let second, isNamed(attribute.local, attribute.prefix, second) { continue }
      if result.isEmpty { result.reserveCapacity(count) }
      let key =
        attribute.prefix.map { String(cString: $0) + ":" + String(cString: attribute.local) }
        ?? String(cString: attribute.local)
      result[key] = XMLReader.attributeValue(attribute.value)
    }
    return result
  }
}

/// Hands ``XMLReader/Event``s to a closure.
private final class EventHandler: XMLContentHandler {
  private let body: (XMLReader.Event, Int) throws(InputError) -> Void

  init(_ body: @escaping (XMLReader.Event, Int) throws(InputError) -> Void) { self.body = body }

  func start(_ name: XMLName, _ attributes: XMLAttributes, line: Int) throws(InputError) {
    try body(.start(name: name.string, attributes: attributes.dictionary()), line)
  }

  func end(_ name: XMLName, line: Int) throws(InputError) {
    try body(.end(name: name.string), line)
  }

  func text(_ bytes: UnsafeRawBufferPointer, line: Int) throws(InputError) {
    try body(.text(String(decoding: bytes, as: UTF8.self)), line)
  }
}
