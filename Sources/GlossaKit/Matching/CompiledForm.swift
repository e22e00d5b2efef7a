/// The bytes of a compiled glossary (its concepts and its matcher's tables), so that a large
/// glossary read again unchanged is not parsed and compiled again (see `GlossaryCache`).
///
/// The form is this build's own: tables are written as their memory holds them, so only the
/// same executable reads them back (the cache's key says which). Reading checks every count and
/// every index against what was read, and throws ``CompiledFormError`` rather than trap; the
/// cache also checks a hash of the whole.
public enum CompiledForm {
  /// Bumped whenever what is written changes.
  public static let version: UInt32 = 1

  /// The bytes of `matcher` and its glossary, after `room` zero bytes (for a header).
  public static func bytes(of matcher: TermMatcher, after room: Int = 0) -> [UInt8] {
    var writer = ByteWriter()
    writer.zeros(room)
    writer.u32(version)
    matcher.glossary.write(to: &writer)
    matcher.write(to: &writer)
    return writer.bytes
  }

  /// The matcher (with its glossary) that `bytes` hold.
  /// - Throws: `CompiledFormError` when the bytes are not a compiled glossary of this version.
  public static func matcher(from bytes: UnsafeRawBufferPointer) throws(CompiledFormError)
    -> TermMatcher
  {
    var reader = ByteReader(bytes)
    guard try reader.u32() == version else { throw CompiledFormError("another version") }
    let glossary = try Glossary(reading: &reader)
    let matcher = try TermMatcher(glossary: glossary, reading: &reader)
    guard reader.isAtEnd else { throw CompiledFormError("bytes after the end") }
    return matcher
  }
}

/// Bytes that are not a compiled glossary: cut short, of another version, or with a count or
/// index out of range.
public struct CompiledFormError: Error, Sendable, CustomStringConvertible {
  /// What is wrong with the bytes.
  public let description: String
  init(_ description: String) { self.description = description }
}

/// Writes values as bytes: integers as varints, strings as their length and UTF-8, arrays of
/// plain values as their memory.
struct ByteWriter {
  private(set) var bytes: [UInt8] = []

  mutating func u32(_ value: UInt32) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func varint(_ value: UInt64) {
    var value = value
    while value >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
      value >>= 7
    }
    bytes.append(UInt8(value))
  }

  mutating func int(_ value: Int) {
    // Zigzag, so that small negative numbers stay short.
    varint(UInt64(bitPattern: Int64((value << 1) ^ (value >> 63))))
  }

  mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

  mutating func zeros(_ count: Int) { bytes.append(contentsOf: repeatElement(0, count: count)) }

  /// A case of an enumeration, as its place among all its cases.
  mutating func `case`<T: CaseIterable & Equatable>(_ value: T) where T.AllCases == [T] {
    bytes.append(UInt8(T.allCases.firstIndex(of: value) ?? 0))
  }

  mutating func string(_ value: String) {
    var value = value
    value.withUTF8 { utf8 in
      int(utf8.count)
      bytes.append(contentsOf: utf8)
    }
  }

  mutating func string(_ value: String?) {
    bool(value != nil)
    if let value { string(value) }
  }

  mutating func strings(_ values: [String]) {
    int(values.count)
    for value in values { string(value) }
  }

  /// A dictionary, its keys sorted (so that equal dictionaries write equal bytes).
  mutating func dictionary(_ values: [String: String]) {
    int(values.count)
    for key in values.keys.sorted() {
      string(key)
      string(values[key] ?? "")
    }
  }

  /// An array of plain values, as their memory (with their count and stride).
  mutating func plain<T: BitwiseCopyable>(_ values: [T]) {
    int(values.count)
    int(MemoryLayout<T>.stride)
    values.withUnsafeBytes { bytes.append(contentsOf: $0) }
  }
}

/// Reads what a ``ByteWriter`` wrote.
struct ByteReader {
  private let bytes: UnsafeRawBufferPointer
  private var offset = 0

  init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  var isAtEnd: Bool { offset == bytes.count }

  mutating func u32() throws(CompiledFormError) -> UInt32 {
    guard bytes.count - offset >= 4 else { throw CompiledFormError("cut short") }
    var value: UInt32 = 0
    withUnsafeMutableBytes(of: &value) {
      $0.copyMemory(from: .init(rebasing: bytes[offset..<offset + 4]))
    }
    offset += 4
    return UInt32(littleEndian: value)
  }

  mutating func byte() throws(CompiledFormError) -> UInt8 {
    guard offset < bytes.count else { throw CompiledFormError("cut short") }
    defer { offset += 1 }
    return bytes[offset]
  }

  mutating func varint() throws(CompiledFormError) -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      let byte = try byte()
      guard shift < 64 else { throw CompiledFormError("a number too long") }
      value |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return value }
      shift += 7
    }
  }

  mutating func int() throws(CompiledFormError) -> Int {
    let raw = try varint()
    return Int(Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1))
  }

  /// A count of things of at least `size` bytes each, which the bytes left can hold.
  mutating func count(atLeast size: Int = 1) throws(CompiledFormError) -> Int {
    let count = try int()
    guard count >= 0, count <= (bytes.count - offset) / max(size, 1) else {
      throw CompiledFormError("a count out of range")
    }
    return count
  }

  /// An index below `limit`.
  mutating func index(below limit: Int) throws(CompiledFormError) -> Int {
    let value = try int()
    guard value >= 0, value < limit else { throw CompiledFormError("an index out of range") }
    return value
  }

  mutating func bool() throws(CompiledFormError) -> Bool {
    switch try byte() {
    case 0: return false
    case 1: return true
    default: throw CompiledFormError("a flag that is neither 0 nor 1")
    }
  }

  /// A string (the entry's hash was checked, so the bytes are what was written: decoding
  /// repairs rather than fails, and is quicker than `String(validating:)`, which looks up its
  /// generic metadata each time).
  mutating func string() throws(CompiledFormError) -> String {
    let count = try count()
    defer { offset += count }
    return String(
      decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
        .assumingMemoryBound(to: UInt8.self), as: UTF8.self)
  }

  /// A case of `T` written by ``ByteWriter/case(_:)``.
  mutating func `case`<T: CaseIterable & Equatable>(_: T.Type = T.self) throws(CompiledFormError)
    -> T where T.AllCases == [T]
  {
    let index = Int(try byte())
    let cases = T.allCases
    guard index < cases.count else { throw CompiledFormError("an unknown case") }
    return cases[index]
  }

  mutating func optionalString() throws(CompiledFormError) -> String? {
    try bool() ? try string() : nil
  }

  mutating func strings() throws(CompiledFormError) -> [String] {
    let count = try count()
    var values: [String] = []
    values.reserveCapacity(count)
    for _ in 0..<count { values.append(try string()) }
    return values
  }

  mutating func dictionary() throws(CompiledFormError) -> [String: String] {
    let count = try count(atLeast: 2)
    if count == 0 { return [:] }
    var values: [String: String] = [:]
    values.reserveCapacity(count)
    for _ in 0..<count {
      let key = try string()
      values[key] = try string()
    }
    return values
  }

  mutating func plain<T: BitwiseCopyable>(_: T.Type = T.self) throws(CompiledFormError) -> [T] {
    let count = try count()
    guard try int() == MemoryLayout<T>.stride else { throw CompiledFormError("another layout") }
    let size = count * MemoryLayout<T>.stride
    guard size <= bytes.count - offset else { throw CompiledFormError("cut short") }
    let source = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + size])
    offset += size
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
      initialized = count
    }
  }

  /// An array of plain values, each of which `valid` accepts.
  mutating func plain<T: BitwiseCopyable>(
    _: T.Type = T.self, where valid: (T) -> Bool
  ) throws(CompiledFormError) -> [T] {
    let values: [T] = try plain()
    guard values.allSatisfy(valid) else { throw CompiledFormError("a value out of range") }
    return values
  }
}

// MARK: The glossary

extension Glossary {
  func write(to writer: inout ByteWriter) {
    // Files are named once: every concept and field read from a file names it.
    var files: [String: Int] = [:]
    var names: [String] = []
    func file(_ location: SourceLocation) -> Int {
      if let known = files[location.file] { return known }
      files[location.file] = names.count
      names.append(location.file)
      return names.count - 1
    }
    for concept in concepts {
      if let origin = concept.origin { _ = file(origin) }
      for (_, origin) in concept.fieldOrigins { _ = file(origin) }
    }
    writer.strings(names)
    func location(_ value: SourceLocation) {
      writer.int(file(value))
      writer.int(value.line)
      writer.int(value.column ?? -1)
    }
    writer.int(concepts.count)
    for concept in concepts {
      writer.string(concept.id)
      writer.string(concept.subjectField)
      writer.string(concept.definition)
      writer.string(concept.note)
      writer.string(concept.source)
      writer.dictionary(concept.properties)
      writer.bool(concept.origin != nil)
      if let origin = concept.origin { location(origin) }
      writer.int(concept.fieldOrigins.count)
      for (key, origin) in concept.fieldOrigins.sorted(by: { $0.key < $1.key }) {
        writer.string(key)
        location(origin)
      }
      writer.int(concept.languages.count)
      for section in concept.languages {
        writer.string(section.language.rawValue)
        writer.int(section.terms.count)
        for term in section.terms { term.write(to: &writer) }
      }
    }
  }

  init(reading reader: inout ByteReader) throws(CompiledFormError) {
    let files = try reader.strings()
    func location() throws(CompiledFormError) -> SourceLocation {
      let file = try reader.index(below: files.count)
      let line = try reader.int()
      let column = try reader.int()
      return SourceLocation(file: files[file], line: line, column: column < 0 ? nil : column)
    }
    // A glossary names a few languages: each tag is read once.
    var tags: [String: LanguageTag] = [:]
    let count = try reader.count()
    var concepts: [Concept] = []
    concepts.reserveCapacity(count)
    for _ in 0..<count {
      var concept = Concept(
        id: try reader.string(), subjectField: try reader.optionalString(),
        definition: try reader.optionalString(), note: try reader.optionalString(),
        source: try reader.optionalString(), properties: try reader.dictionary())
      if try reader.bool() { concept.origin = try location() }
      let origins = try reader.count()
      if origins > 0 { concept.fieldOrigins.reserveCapacity(origins) }
      for _ in 0..<origins {
        let key = try reader.string()
        concept.fieldOrigins[key] = try location()
      }
      let sections = try reader.count()
      concept.languages.reserveCapacity(sections)
      for _ in 0..<sections {
        let text = try reader.string()
        let tag: LanguageTag
        if let known = tags[text] {
          tag = known
        } else {
          guard let parsed = LanguageTag(text), parsed.rawValue == text else {
            throw CompiledFormError("a language tag that is not canonical")
          }
          tags[text] = parsed
          tag = parsed
        }
        let termCount = try reader.count()
        var terms: [Term] = []
        terms.reserveCapacity(termCount)
        for _ in 0..<termCount { terms.append(try Term(reading: &reader)) }
        concept.languages.append(LanguageSection(language: tag, terms: terms))
      }
      concepts.append(concept)
    }
    self.init(concepts: concepts)
  }
}

extension Term {
  func write(to writer: inout ByteWriter) {
    writer.string(text)
    writer.case(status)
    writer.case(type)
    writer.string(partOfSpeech)
    writer.case(caseMode)
    writer.string(note)
    writer.string(effectiveDate)
    writer.strings(exceptions)
    writer.dictionary(properties)
  }

  init(reading reader: inout ByteReader) throws(CompiledFormError) {
    let text = try reader.string()
    let status: TermStatus = try reader.case()
    let type: TermType = try reader.case()
    let partOfSpeech = try reader.optionalString()
    let caseMode: CaseMode = try reader.case()
    self.init(
      text, status: status, type: type, partOfSpeech: partOfSpeech, caseMode: caseMode,
      note: try reader.optionalString(), effectiveDate: try reader.optionalString(),
      exceptions: try reader.strings(), properties: try reader.dictionary())
  }
}

extension TermEnding {
  /// The ending as a byte: 0 none, 1 possessive, 2 + the plural form's raw value.
  var code: UInt8 {
    switch self {
    case .none: 0
    case .possessive: 1
    case .plural(let form): 2 + form.rawValue
    }
  }

  init?(code: UInt8) {
    switch code {
    case 0: self = .none
    case 1: self = .possessive
    default:
      guard let form = PluralForm(rawValue: code &- 2) else { return nil }
      self = .plural(form)
    }
  }
}
