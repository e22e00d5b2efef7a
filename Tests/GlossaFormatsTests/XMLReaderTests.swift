import Foundation
import GlossaTestSupport
import Testing

@testable import GlossaFormats

/// The streaming XML reader over libxml2: what it reports, and what it refuses.
@Suite struct XMLReaderTests {
  /// An element of a random document: what the reader must report for it.
  indirect enum Node: Equatable {
    case element(name: String, attributes: [String: String], children: [Node])
    case text(String)
  }

  static let names = ["tu", "tuv", "seg", "hi", "basic:definition", "x-y.z", "重庆"]
  static let attributeNames = ["tuid", "xml:lang", "o-tmf", "type", "名"]
  /// Characters that must be escaped or that test the reader's decoding, beside ordinary text.
  static let characters: [Character] = [
    "a", "Z", " ", "&", "<", ">", "\"", "'", "重", "庆", "é", "😀", "\t", "\n", "#", "3", "8", ";",
  ]

  static func pick<T>(_ choices: [T], _ random: inout SeededGenerator) -> T {
    choices[Int.random(in: 0..<choices.count, using: &random)]
  }

  static func randomText(_ random: inout SeededGenerator, count: ClosedRange<Int>) -> String {
    String(
      (0..<Int.random(in: count, using: &random)).map { _ in
        pick(characters, &random)
      })
  }

  static func randomNode(_ random: inout SeededGenerator, depth: Int) -> Node {
    if depth > 4 || Int.random(in: 0..<3, using: &random) == 0 {
      return .text(randomText(&random, count: 1...40))
    }
    var attributes: [String: String] = [:]
    for _ in 0..<Int.random(in: 0...3, using: &random) {
      attributes[pick(attributeNames, &random)] = randomText(&random, count: 0...12)
    }
    return .element(
      name: pick(names, &random), attributes: attributes,
      children: (0..<Int.random(in: 0...4, using: &random)).map { _ in
        randomNode(&random, depth: depth + 1)
      })
  }

  /// The node as XML, escaping text in one of several equivalent ways (references by name, by
  /// number, CDATA sections).
  static func xml(_ node: Node, _ random: inout SeededGenerator) -> String {
    func escape(_ text: String, attribute: Bool) -> String {
      if !attribute && !text.contains("]]>") && Bool.random(using: &random) {
        return "<![CDATA[\(text)]]>"
      }
      return text.map { character -> String in
        switch character {
        case "&": return pick(["&amp;", "&#38;", "&#x26;"], &random)
        case "<": return pick(["&lt;", "&#60;"], &random)
        case ">": return pick(["&gt;", ">"], &random)
        case "\"" where attribute: return "&quot;"
        // Line breaks and tabs in attributes are normalized to spaces unless written as
        // references.
        case "\n" where attribute: return "&#10;"
        case "\t" where attribute: return "&#9;"
        default: return String(character)
        }
      }.joined()
    }
    switch node {
    case .text(let text): return escape(text, attribute: false)
    case .element(let name, let attributes, let children):
      let declaration = name.hasPrefix("basic:") ? " xmlns:basic=\"urn:basic\"" : ""
      let written = attributes.sorted { $0.key < $1.key }.map {
        " \($0.key)=\"\(escape($0.value, attribute: true))\""
      }.joined()
      let inner = children.map { xml($0, &random) }.joined()
      return "<\(name)\(declaration)\(written)>\(inner)</\(name)>"
    }
  }

  /// The events the reader must give for `node`: local names, attributes, text in one piece
  /// between tags.
  static func events(_ node: Node) -> [String] {
    switch node {
    case .text(let text): return ["text \(text)"]
    case .element(let name, let attributes, let children):
      let local = name.split(separator: ":").last.map(String.init) ?? name
      return [
        "start \(local) \(attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })"
      ]
        + children.flatMap(events) + ["end \(local)"]
    }
  }

  /// The reader's events, adjacent text pieces joined.
  static func read(_ reader: XMLReader) throws -> [String] {
    var events: [String] = []
    var text: String?
    try reader.read { event, _ in
      if case .text(let piece) = event {
        text = (text ?? "") + piece
        return
      }
      if let pending = text {
        events.append("text \(pending)")
        text = nil
      }
      switch event {
      case .start(let name, let attributes):
        events.append(
          "start \(name) \(attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })")
      case .end(let name): events.append("end \(name)")
      case .text: break
      }
    }
    return events
  }

  /// Joins adjacent text events of the expected list, as the reader's are joined.
  static func joined(_ events: [String]) -> [String] {
    var result: [String] = []
    for event in events {
      if event.hasPrefix("text "), let last = result.last, last.hasPrefix("text ") {
        result[result.count - 1] = last + event.dropFirst(5)
      } else {
        result.append(event)
      }
    }
    return result
  }

  /// The first event where `read` and `expected` differ, both sides shown; nil when equal.
  static func firstDifference(_ read: [String], _ expected: [String]) -> String? {
    guard read != expected else { return nil }
    let index =
      zip(read, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
      ?? min(read.count, expected.count)
    func at(_ events: [String]) -> String { index < events.count ? events[index] : "(none)" }
    return
      "event \(index): read \(at(read).debugDescription), expected \(at(expected).debugDescription)"
  }

  @Test func randomDocumentsAreReadAsWritten() throws {
    var random = SeededGenerator(seed: 11)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "glossa-xmlreader-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for round in 0..<200 {
      // Some documents are larger than a chunk of the file stream, so that events cross chunks.
      let count = round % 20 == 0 ? 3_000 : Int.random(in: 1...6, using: &random)
      let children = (0..<count).map { _ in Self.randomNode(&random, depth: 1) }
      let root = Node.element(name: "root", attributes: [:], children: children)
      let document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + Self.xml(root, &random)
      let expected = Self.joined(Self.events(root))
      let fromMemory = try Self.read(XMLReader(data: Data(document.utf8), file: "doc.xml"))
      #expect(Self.firstDifference(fromMemory, expected) == nil, "round \(round)")
      let path = folder.appendingPathComponent("doc-\(round).xml").path
      try Data(document.utf8).write(to: URL(fileURLWithPath: path))
      let fromFile = try Self.read(XMLReader(path: path))
      #expect(Self.firstDifference(fromFile, expected) == nil, "round \(round) from a file")
    }
  }

  /// Records, at each element, its name and what the in-place attribute look-ups give, beside the
  /// dictionary the events hold.
  final class LookupRecorder: XMLContentHandler {
    var names: [String] = []
    var lookups: [[String?]] = []
    var leftOut: [[String: String]] = []

    static let looked: [StaticString] = ["tuid", "xml:lang", "lang", "名", "type"]

    func start(_ name: XMLName, _ attributes: XMLAttributes, line: Int) {
      names.append(name.string)
      lookups.append(Self.looked.map { attributes.value($0) })
      leftOut.append(attributes.dictionary(leavingOut: "xml:lang", "tuid"))
    }
    func end(_ name: XMLName, line: Int) {}
    func text(_ bytes: UnsafeRawBufferPointer, line: Int) {}
  }

  @Test func inPlaceLookupsAgreeWithTheEventsAttributes() throws {
    var random = SeededGenerator(seed: 12)
    for round in 0..<100 {
      let children = (0..<Int.random(in: 1...6, using: &random)).map { _ in
        Self.randomNode(&random, depth: 1)
      }
      let root = Node.element(name: "root", attributes: [:], children: children)
      let document = Self.xml(root, &random)
      var starts: [(name: String, attributes: [String: String])] = []
      try XMLReader(data: Data(document.utf8), file: "doc.xml").read { event, _ in
        if case .start(let name, let attributes) = event { starts.append((name, attributes)) }
      }
      let recorder = LookupRecorder()
      try XMLReader(data: Data(document.utf8), file: "doc.xml").read(recorder)
      #expect(recorder.names == starts.map(\.name), "round \(round)")
      #expect(
        recorder.lookups
          == starts.map { start in
            LookupRecorder.looked.map { start.attributes[$0.description] }
          }, "round \(round)")
      #expect(
        recorder.leftOut
          == starts.map { $0.attributes.filter { $0.key != "xml:lang" && $0.key != "tuid" } },
        "round \(round)")
    }
  }

  @Test func entitiesDeclaredPastTheFirstBytesAreRefused() throws {
    // The prolog check reads the first 64 KB; a declaration after a long comment is met by the
    // parser, which stops there.
    let comment = "<!--" + String(repeating: "x", count: 70_000) + "-->"
    let document =
      "<?xml version=\"1.0\"?>\n\(comment)\n<!DOCTYPE root [<!ENTITY a \"aaaaaaaaaa\">"
      + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<root>&b;</root>\n"
    var seen: [String] = []
    #expect {
      try XMLReader(data: Data(document.utf8), file: "late.xml").read { event, _ in
        seen.append("\(event)")
      }
    } throws: { error in
      guard let error = error as? InputError else { return false }
      return error.file == "late.xml" && error.line == 3
        && error.message.contains("declares entities in its DOCTYPE")
    }
    #expect(seen.isEmpty)
  }

  @Test func anExternalSubsetIsNeverLoaded() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "glossa-xmlreader-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    // A DTD beside the document that would give the root an attribute by default and declare an
    // entity: neither may be seen.
    try Data("<!ATTLIST root added CDATA \"from the DTD\"><!ENTITY e \"expanded\">".utf8)
      .write(to: folder.appendingPathComponent("doc.dtd"))
    let path = folder.appendingPathComponent("doc.xml").path
    try Data(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE root SYSTEM \"doc.dtd\">\n<root a=\"1\">text</root>\n"
        .utf8
    ).write(to: URL(fileURLWithPath: path))
    #expect(
      try Self.read(XMLReader(path: path)) == ["start root [\"a=1\"]", "text text", "end root"])
    try Data("<!DOCTYPE root SYSTEM \"doc.dtd\">\n<root>&e;</root>\n".utf8)
      .write(to: URL(fileURLWithPath: path))
    #expect {
      try Self.read(XMLReader(path: path))
    } throws: { error in
      (error as? InputError)?.message.contains("entity reference Glossa does not expand") == true
    }
  }

  /// A document without any element is named as such, whatever it holds instead.
  @Test(arguments: ["", "   \n", "<?xml version=\"1.0\"?>\n", "<!-- nothing -->\n"])
  func aDocumentWithoutElementsHasNoRoot(text: String) {
    #expect {
      try Self.read(XMLReader(data: Data(text.utf8), file: "none.xml"))
    } throws: { error in
      (error as? InputError)?.message == "not an XML document (no root element)"
    }
  }
}
