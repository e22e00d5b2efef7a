import Foundation
public import GlossaKit
import GlossaText

/// The `<header>` of a TMX document.
public struct TMXHeader: Sendable, Equatable {
  /// The TMX version (`1.4`).
  public var version: String
  /// The header's attributes (`srclang`, `creationtool`, …).
  public var attributes: [String: String]
  /// The header's properties.
  public var properties: [TranslationUnit.Property]
  /// The header's notes.
  public var notes: [String]

  /// The source language, `*all*` or a tag, when given.
  public var sourceLanguage: String? { attributes["srclang"] }
}

/// Reads TMX (1.1 to 1.4b) one translation unit at a time, from a file or from memory.
///
/// Streaming: units are handed over as they are read, so memory does not grow with the file.
/// Inline elements inside `<seg>` are kept as markup and left out of the plain text.
///
/// Related standard: TMX 1.4b.
public final class TMXReader {
  private let reader: XMLReader
  private let file: String
  /// The document being read, then read.
  private var document: TMXDocument?

  /// The header, once read.
  public var header: TMXHeader? { document?.header }

  /// A reader of the TMX file at `path`, streamed.
  public init(path: String) throws(InputError) {
    reader = try XMLReader(path: path)
    file = path
  }

  /// A reader of TMX bytes read from `file`.
  public init(data: [UInt8], file: String) throws(InputError) {
    reader = try XMLReader(data: Data(data), file: file)
    self.file = file
  }

  /// Reads the document, calling `unit` with each translation unit and the line it starts on.
  /// - Throws: `InputError` for malformed XML, a file that is not TMX, or what `unit` throws.
  public func read(_ unit: @escaping (consuming TranslationUnit, Int) throws(InputError) -> Void)
    throws(InputError)
  {
    let document = TMXDocument(file: file, unit: unit)
    self.document = document
    // The reader keeps the document for its header, not the callback: a callback that holds
    // this reader (to read its header) would hold it, and what it writes to, for good.
    defer { document.finish() }
    try reader.read(document)
    if !document.sawRoot {
      throw InputError(file: file, message: "not a TMX document: no root element")
    }
    if document.header == nil {
      throw InputError(file: file, message: "not a TMX document: no <header>")
    }
  }
}

/// What a TMX document holds, built from the reader's events in place: attributes are looked up
/// where libxml2 holds them, and a unit's parts become strings once.
///
/// Its state is marked `@exclusivity(unchecked)`: it is one reader's, on one thread, and no two
/// accesses overlap, while the run-time check of each access (with the reader's and the
/// normalizer's) took 6 % of a TMX import's reading thread in `perf` (1,000,000 units).
private final class TMXDocument: XMLContentHandler {
  private let file: String
  /// Called with each unit; `nil` once the document is read.
  @exclusivity(unchecked) private var unit:
    ((consuming TranslationUnit, Int) throws(InputError) -> Void)?
  /// The header, once its element is read (before that, `draft` holds it).
  @exclusivity(unchecked) private(set) var header: TMXHeader?
  @exclusivity(unchecked) private(set) var sawRoot = false
  @exclusivity(unchecked) private var draft: TMXHeader?
  /// The local names of the open elements, innermost last.
  @exclusivity(unchecked) private var stack: [String] = []
  /// How many of them are `seg`.
  @exclusivity(unchecked) private var segments = 0
  @exclusivity(unchecked) private var sawHeader = false
  @exclusivity(unchecked) private var sawBody = false
  @exclusivity(unchecked) private var current: TranslationUnit?
  @exclusivity(unchecked) private var currentLine = 0
  @exclusivity(unchecked) private var variant: TranslationUnit.Variant?
  @exclusivity(unchecked) private var property: TranslationUnit.Property?
  @exclusivity(unchecked) private var note: String?
  /// Whether `current`, `variant`, `property` and `note` hold one: read at every event, where
  /// testing an optional for nil copied it whole (a retain and a release of each string).
  @exclusivity(unchecked) private var inUnit = false
  @exclusivity(unchecked) private var inVariant = false
  @exclusivity(unchecked) private var inProperty = false
  @exclusivity(unchecked) private var inNote = false
  /// The segment being read, as XML and as text.
  @exclusivity(unchecked) private var markup: [UInt8] = []
  @exclusivity(unchecked) private var text: [UInt8] = []
  /// For each inline element open in the segment, whether it hides its text (all but `hi`).
  @exclusivity(unchecked) private var inline: [Bool] = []
  /// How many open inline elements hide their text.
  @exclusivity(unchecked) private var hiding = 0

  init(file: String, unit: @escaping (consuming TranslationUnit, Int) throws(InputError) -> Void) {
    self.file = file
    self.unit = unit
  }

  /// Lets the callback go.
  func finish() { unit = nil }

  private func fail(_ line: Int, _ message: String) -> InputError {
    InputError(file: file, line: line, message: message)
  }

  func start(_ name: XMLName, _ attributes: XMLAttributes, line: Int) throws(InputError) {
    let local = name.string
    defer { stack.append(local) }
    if local == "seg" { segments += 1 }
    if !sawRoot {
      sawRoot = true
      guard local == "tmx" else {
        throw fail(line, "not a TMX document: the root element is <\(local)>, not <tmx>")
      }
      guard let version = attributes.value("version"), !version.isEmpty else {
        throw fail(line, "malformed TMX: the <tmx> element has no version attribute")
      }
      guard version.hasPrefix("1.") else {
        throw fail(line, "unsupported TMX version '\(version)' (1.1 to 1.4b are read)")
      }
      draft = TMXHeader(version: version, attributes: [:], properties: [], notes: [])
      return
    }
    // A segment belongs directly in a variant: a stray <seg> (under <tmx>, <body>, <tu>, or
    // inside another segment) would make what follows look like inline markup.
    if local == "seg" && stack.last != "tuv" {
      throw fail(
        line, "malformed TMX: <seg> must be inside a <tuv>, not inside <\(stack.last ?? "")>")
    }
    if inVariant && segments > (local == "seg" ? 1 : 0) {
      // Inline markup inside a segment, with the attributes TMX 1.4b requires, so that
      // what is exported is valid.
      let attributes = attributes.dictionary()
      if (local == "bpt" || local == "ept") && attributes["i"] == nil {
        throw fail(line, "malformed TMX: <\(local)> without the i attribute that pairs it")
      }
      if local == "it" && attributes["pos"] == nil {
        throw fail(line, "malformed TMX: <it> without the pos attribute (begin or end)")
      }
      var tag = "<" + local
      for key in attributes.keys.sorted() {
        tag += " \(key)=\"\(XMLText.escape(attributes[key] ?? "", quotes: true))\""
      }
      markup.append(contentsOf: (tag + ">").utf8)
      let hides = local != "hi"
      inline.append(hides)
      if hides { hiding += 1 }
      return
    }
    switch local {
    case "header":
      guard !sawHeader else { throw fail(line, "malformed TMX: a second <header> element") }
      sawHeader = true
      draft?.attributes = attributes.dictionary()
      header = draft
    case "body":
      guard !sawBody else { throw fail(line, "malformed TMX: a second <body> element") }
      sawBody = true
    case "tu":
      current = TranslationUnit(
        id: attributes.value("tuid"), attributes: attributes.dictionary(leavingOut: "tuid"))
      currentLine = line
      inUnit = true
    case "tuv":
      guard inUnit else { throw fail(line, "<tuv> outside a <tu>") }
      guard let language = attributes.value("xml:lang") ?? attributes.value("lang"),
        !language.isEmpty
      else {
        throw fail(
          line,
          "<tuv> without xml:lang in unit \(current?.id.map { "'\($0)'" } ?? "at line \(currentLine)")"
        )
      }
      variant = TranslationUnit.Variant(
        language: language, segment: .init(markup: "", text: ""),
        attributes: attributes.dictionary(leavingOut: "xml:lang", "lang"))
      inVariant = true
    case "seg":
      markup.removeAll(keepingCapacity: true)
      text.removeAll(keepingCapacity: true)
      inline.removeAll(keepingCapacity: true)
      hiding = 0
    case "prop":
      property = TranslationUnit.Property(
        type: attributes.value("type") ?? "", value: "",
        attributes: attributes.dictionary(leavingOut: "type"))
      inProperty = true
    case "note":
      note = ""
      inNote = true
    default:
      break
    }
  }

  func end(_ name: XMLName, line: Int) throws(InputError) {
    let ended = stack.removeLast()
    let isSegment = ended == "seg"
    if isSegment { segments -= 1 }
    if inVariant && segments > 0 && !isSegment {
      markup.append(contentsOf: "</".utf8)
      markup.append(contentsOf: name.bytes)
      markup.append(UInt8(ascii: ">"))
      if let hid = inline.popLast(), hid { hiding -= 1 }
      return
    }
    if isSegment {
      if inVariant {
        // Most segments' markup is their text (no inline codes, nothing escaped): one string
        // made for both. The bytes are compared eight at a time (`==` on the arrays went byte by
        // byte: 1.5 % of a TMX import's reading thread).
        let plain = String(decoding: text, as: UTF8.self)
        let same = markup.withUnsafeBufferPointer { markup in
          text.withUnsafeBufferPointer { UTF8Scalars.same(markup, $0) }
        }
        variant?.segment = TranslationUnit.Segment(
          markup: same ? plain : String(decoding: markup, as: UTF8.self), text: plain)
      }
    } else if ended == "tuv" {
      // Moved out rather than copied (a copy would retain each of its strings).
      inVariant = false
      if let finished = variant.take() { current?.variants.append(finished) }
    } else if ended == "tu" {
      inUnit = false
      if let finished = current.take(), let unit { try unit(finished, currentLine) }
    } else if ended == "prop" {
      inProperty = false
      if let finished = property.take() {
        attach(finished, variant: \.properties, unit: \.properties, header: \.properties)
      }
    } else if ended == "note" {
      inNote = false
      if let finished = note.take() {
        attach(finished, variant: \.notes, unit: \.notes, header: \.notes)
      }
    }
  }

  /// Adds a finished property or note to what holds it: the variant, else the unit, else the
  /// header.
  private func attach<Item>(
    _ item: Item, variant inVariant: WritableKeyPath<TranslationUnit.Variant, [Item]>,
    unit inUnit: WritableKeyPath<TranslationUnit, [Item]>,
    header inHeader: WritableKeyPath<TMXHeader, [Item]>
  ) {
    if self.inVariant {
      variant?[keyPath: inVariant].append(item)
    } else if self.inUnit {
      current?[keyPath: inUnit].append(item)
    } else {
      draft?[keyPath: inHeader].append(item)
      header = draft
    }
  }

  func text(_ bytes: UnsafeRawBufferPointer, line: Int) throws(InputError) {
    if inVariant && segments > 0 {
      XMLText.appendEscaped(bytes, to: &markup)
      if hiding == 0 { text.append(contentsOf: bytes) }
    } else if inProperty {
      property?.value += String(decoding: bytes, as: UTF8.self)
    } else if inNote {
      note? += String(decoding: bytes, as: UTF8.self)
    }
  }
}
