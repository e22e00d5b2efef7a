import Foundation
public import GlossaKit

/// Reads TBX: TBX v3 (ISO 30042:2019, DCT and DCA styles, TBX-Basic and TBX-Min) and the older
/// TBX v2 `<martif>` files many tools still write.
///
/// Concepts (`conceptEntry`/`termEntry`), language sections (`langSec`/`langSet`), terms
/// (`termSec`/`tig`/`ntig`), and the data categories Glossa's model holds: administrative
/// status, part of speech, term type, subject field, definition, source, notes. Other data
/// categories are kept as properties of their concept or term; transaction groups and elements
/// Glossa does not know are counted in ``Report/skipped`` so that nothing is dropped unseen.
public enum TBXReader {
  /// What reading a TBX file found besides the glossary.
  public struct Report: Sendable, Equatable {
    /// The TBX version: 2 for `<martif>`, 3 for `<tbx>`.
    public var version = 3
    /// Elements whose content Glossa does not keep, with the number of each.
    public var skipped: [String: Int] = [:]
  }

  private static let containers: Set<String> = [
    "descripGrp", "termNoteGrp", "adminGrp", "termGrp", "refObjectList", "back", "text", "body",
    "tbxHeader", "martifHeader", "fileDesc", "sourceDesc", "titleStmt", "publicationStmt",
    "encodingDesc", "revisionDesc", "p", "title", "refObjectSec", "refObject", "item", "itemSet",
  ]
  private static let typedElements: Set<String> = [
    "descrip", "termNote", "admin", "ref", "xref", "transac", "transacNote", "adminNote",
    "descripNote",
  ]

  /// Reads the TBX bytes of `file`.
  /// - Throws: `InputError` for malformed XML, a file that is not TBX, or an invalid language tag.
  public static func read(_ bytes: [UInt8], file: String) throws(InputError) -> (Glossary, Report) {
    let reader = try XMLReader(data: Data(bytes), file: file)
    var report = Report()
    var concepts: [Concept] = []
    var concept: Concept?
    var language: LanguageTag?
    var term: Term?
    var stack: [(name: String, category: String?)] = []
    var text = ""
    var sawRoot = false
    var writtenByGlossa = false
    var entryLine = 0
    var transaction = 0

    func assign(_ category: String, _ value: String, line: Int) {
      let value = value.trimmingSpaces
      guard !value.isEmpty else { return }
      if term != nil {
        switch category {
        case "administrativeStatus", "normativeAuthorization":
          if let status = TermStatus(name: value) {
            term?.status = status
          } else {
            term?.properties[category] = value
          }
        case "partOfSpeech": term?.partOfSpeech = value
        case "termType":
          if let type = TermType(name: value) {
            term?.type = type
          } else {
            term?.properties[category] = value
          }
        case "note":
          let previous = term?.note
          term?.note = previous.map { $0 + "\n" + value } ?? value
        case "subjectField":
          let previous = concept?.subjectField
          concept?.subjectField = previous ?? value
        default: term?.properties[category] = value
        }
      } else if let language {
        switch category {
        case "definition" where concept?.definition == nil: concept?.definition = value
        case "subjectField" where concept?.subjectField == nil: concept?.subjectField = value
        default: concept?.properties["\(category)@\(language.rawValue)"] = value
        }
      } else if concept != nil {
        switch category {
        case "subjectField" where concept?.subjectField == nil: concept?.subjectField = value
        case "definition" where concept?.definition == nil: concept?.definition = value
        case "source" where concept?.source == nil: concept?.source = value
        case "note":
          let previous = concept?.note
          concept?.note = previous.map { $0 + "\n" + value } ?? value
        default: concept?.properties[category] = value
        }
      }
    }

    try reader.read { event, line throws(InputError) in
      switch event {
      case .start(let name, let attributes):
        if !sawRoot {
          sawRoot = true
          switch name {
          case "tbx": report.version = 3
          case "martif": report.version = 2
          default:
            throw InputError(
              file: file, line: line,
              message: "not a TBX document: the root element is <\(name)>, not <tbx> or <martif>")
          }
          stack.append((name, nil))
          return
        }
        text = ""
        var category: String?
        switch name {
        case "conceptEntry", "termEntry":
          var id = attributes["id"] ?? "tbx-\(concepts.count + 1)"
          if writtenByGlossa, id.hasPrefix("_") { id = TBXWriter.decodeID(id) }
          concept = Concept(id: id, origin: SourceLocation(file: file, line: line))
          entryLine = line
        case "langSec", "langSet":
          guard let lang = attributes["xml:lang"] ?? attributes["lang"],
            let tag = LanguageTag(lang.replacing("_", with: "-"))
          else {
            throw InputError(
              file: file, line: line,
              message:
                "language section without a valid xml:lang ('\(attributes["xml:lang"] ?? "")') in concept '\(concept?.id ?? "")'"
            )
          }
          language = tag
        case "termSec", "tig", "ntig":
          term = Term("")
        case "term":
          category = "term"
        case "transacGrp":
          transaction += 1
        case "note":
          category = "note"
        default:
          if typedElements.contains(name) {
            category = attributes["type"] ?? name
          } else if !containers.contains(name) && transaction == 0 {
            // DCT style: the element's name is the data category.
            category = name
          }
        }
        stack.append((name, category))
      case .text(let string):
        text += string
      case .end(let name):
        let (_, category) = stack.removeLast()
        switch name {
        case "conceptEntry", "termEntry":
          if let finished = concept {
            for index in finished.languages.indices where finished.languages[index].terms.isEmpty {
              report.skipped["empty langSec", default: 0] += 1
            }
            concepts.append(finished)
          }
          concept = nil
          _ = entryLine
        case "langSec", "langSet":
          language = nil
        case "termSec", "tig", "ntig":
          if var finished = term, let language {
            finished.text = finished.text.trimmingSpaces
            if finished.text.isEmpty {
              report.skipped["empty term", default: 0] += 1
            } else if let index = concept?.languages.firstIndex(where: { $0.language == language })
            {
              concept?.languages[index].terms.append(finished)
            } else {
              concept?.languages.append(LanguageSection(language: language, terms: [finished]))
            }
          }
          term = nil
        case "transacGrp":
          transaction -= 1
          report.skipped["transacGrp", default: 0] += 1
        case "p" where stack.contains(where: { $0.name == "sourceDesc" }):
          if text.contains("Glossa") { writtenByGlossa = true }
        default:
          guard let category, transaction == 0 else { return }
          if category == "term" {
            term?.text += text
          } else if concept != nil {
            assign(category, text, line: line)
          } else {
            report.skipped[name, default: 0] += 1
          }
        }
        text = ""
      }
    }
    guard sawRoot else {
      throw InputError(file: file, message: "not a TBX document: no root element")
    }
    for index in concepts.indices {
      for section in concepts[index].languages.indices {
        concepts[index].languages[section].terms.sort { $0.status < $1.status }
      }
    }
    return (Glossary(concepts: concepts), report)
  }
}
