import Foundation
public import GlossaKit

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
  /// The header, once read.
  public private(set) var header: TMXHeader?

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

  private static let codeElements: Set<String> = ["bpt", "ept", "ph", "it", "ut"]

  /// Reads the document, calling `unit` with each translation unit and the line it starts on.
  /// - Throws: `InputError` for malformed XML, a file that is not TMX, or what `unit` throws.
  public func read(_ unit: @escaping (consuming TranslationUnit, Int) throws(InputError) -> Void)
    throws(InputError)
  {
    var stack: [String] = []
    var sawRoot = false
    var header: TMXHeader?
    var current: TranslationUnit?
    var currentLine = 0
    var variant: TranslationUnit.Variant?
    var property: TranslationUnit.Property?
    var note: String?
    var markup = ""
    var text = ""
    var inline: [String] = []
    var seen: Set<String> = []
    let file = file

    func fail(_ line: Int, _ message: String) -> InputError {
      InputError(file: file, line: line, message: message)
    }

    try reader.read { event, line throws(InputError) in
      switch event {
      case .start(let name, let attributes):
        defer { stack.append(name) }
        if !sawRoot {
          sawRoot = true
          guard name == "tmx" else {
            throw fail(line, "not a TMX document: the root element is <\(name)>, not <tmx>")
          }
          guard let version = attributes["version"], !version.isEmpty else {
            throw fail(line, "malformed TMX: the <tmx> element has no version attribute")
          }
          guard version.hasPrefix("1.") else {
            throw fail(line, "unsupported TMX version '\(version)' (1.1 to 1.4b are read)")
          }
          header = TMXHeader(version: version, attributes: [:], properties: [], notes: [])
          return
        }
        // A segment belongs directly in a variant: a stray <seg> (under <tmx>, <body>, <tu>, or
        // inside another segment) would make what follows look like inline markup.
        if name == "seg" && stack.last != "tuv" {
          throw fail(
            line, "malformed TMX: <seg> must be inside a <tuv>, not inside <\(stack.last ?? "")>")
        }
        if variant != nil && stack.contains("seg") {
          // Inline markup inside a segment, with the attributes TMX 1.4b requires, so that
          // what is exported is valid.
          if (name == "bpt" || name == "ept") && attributes["i"] == nil {
            throw fail(line, "malformed TMX: <\(name)> without the i attribute that pairs it")
          }
          if name == "it" && attributes["pos"] == nil {
            throw fail(line, "malformed TMX: <it> without the pos attribute (begin or end)")
          }
          markup +=
            "<" + name
            + attributes.keys.sorted().map {
              " \($0)=\"\(XMLText.escape(attributes[$0] ?? "", quotes: true))\""
            }.joined() + ">"
          inline.append(name)
          return
        }
        switch name {
        case "header", "body":
          guard !seen.contains(name) else {
            throw fail(line, "malformed TMX: a second <\(name)> element")
          }
          seen.insert(name)
          if name == "body" { break }
          header?.attributes = attributes
          self.header = header
        case "tu":
          var unit = TranslationUnit(id: attributes["tuid"], attributes: attributes)
          unit.attributes["tuid"] = nil
          current = unit
          currentLine = line
        case "tuv":
          guard current != nil else { throw fail(line, "<tuv> outside a <tu>") }
          guard let language = attributes["xml:lang"] ?? attributes["lang"], !language.isEmpty
          else {
            throw fail(
              line,
              "<tuv> without xml:lang in unit \(current?.id.map { "'\($0)'" } ?? "at line \(currentLine)")"
            )
          }
          var rest = attributes
          rest["xml:lang"] = nil
          rest["lang"] = nil
          variant = TranslationUnit.Variant(
            language: language, segment: .init(markup: "", text: ""), attributes: rest)
        case "seg":
          markup = ""
          text = ""
          inline = []
        case "prop":
          var rest = attributes
          rest["type"] = nil
          property = TranslationUnit.Property(
            type: attributes["type"] ?? "", value: "", attributes: rest)
        case "note":
          note = ""
        default:
          break
        }
      case .end(let name):
        stack.removeLast()
        if variant != nil && stack.contains("seg") && name != "seg" {
          markup += "</\(name)>"
          _ = inline.popLast()
          return
        }
        switch name {
        case "seg":
          variant?.segment = TranslationUnit.Segment(markup: markup, text: text)
        case "tuv":
          // Moved out rather than copied (a copy would retain each of its strings).
          if let finished = variant.take() { current?.variants.append(finished) }
        case "tu":
          if let finished = current.take() { try unit(finished, currentLine) }
        case "prop":
          if let finished = property {
            if variant != nil {
              variant?.properties.append(finished)
            } else if current != nil {
              current?.properties.append(finished)
            } else {
              header?.properties.append(finished)
              self.header = header
            }
          }
          property = nil
        case "note":
          if let finished = note {
            if variant != nil {
              variant?.notes.append(finished)
            } else if current != nil {
              current?.notes.append(finished)
            } else {
              header?.notes.append(finished)
              self.header = header
            }
          }
          note = nil
        default:
          break
        }
      case .text(let string):
        if variant != nil && stack.contains("seg") {
          markup += XMLText.escape(string)
          if inline.allSatisfy({ $0 == "hi" }) { text += string }
        } else if property != nil {
          property?.value += string
        } else if note != nil {
          note? += string
        }
      }
    }
    if !sawRoot { throw InputError(file: file, message: "not a TMX document: no root element") }
    if self.header == nil {
      throw InputError(file: file, message: "not a TMX document: no <header>")
    }
  }
}
