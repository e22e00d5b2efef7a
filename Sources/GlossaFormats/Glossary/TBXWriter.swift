public import GlossaKit

/// Writes a glossary as TBX-Basic: TBX v3 (ISO 30042:2019) in DCT style, or TBX v2 `<martif>`.
///
/// Written: concepts with their subject field, definition, source and note; language sections;
/// terms with administrative status, part of speech (TBX's picklist: noun, verb, adjective,
/// adverb, other), term type, and note; term properties that TBX-Basic defines (context,
/// source, geographicalUsage, grammaticalGender, termLocation, projectSubset, customerSubset).
/// Not written, because TBX-Basic has no place for them: case modes, effective dates, exception
/// contexts, and other properties.
///
/// Related standard: ISO 30042:2019 (TBX), TBX-Basic dialect.
public enum TBXWriter {
  /// The part-of-speech values TBX-Basic allows.
  static let partsOfSpeech: Set<String> = ["noun", "verb", "adjective", "adverb", "other"]

  /// The TBX-Basic part of speech for Glossa's free text.
  static func partOfSpeech(_ value: String) -> String {
    let lower = value.lowercased()
    if partsOfSpeech.contains(lower) { return lower }
    if lower.contains("noun") { return "noun" }
    if lower.hasPrefix("adj") { return "adjective" }
    if lower.hasPrefix("adv") { return "adverb" }
    if lower.hasPrefix("verb") { return "verb" }
    return "other"
  }

  /// The TBX type name of a term type.
  static func termType(_ type: TermType) -> String {
    switch type {
    case .fullForm: "fullForm"
    case .acronym: "acronym"
    case .abbreviation: "abbreviation"
    case .shortForm: "shortForm"
    case .variant: "variant"
    }
  }

  /// An `xs:ID` for a concept id: the id itself when it is a valid NCName not starting with `_`,
  /// otherwise `_` followed by the id with other characters written `_xHHHH_`.
  static func encodeID(_ id: String) -> String {
    func isNameStart(_ c: Character) -> Bool { c.isLetter }
    func isName(_ c: Character) -> Bool {
      c.isLetter || c.isNumber || c == "-" || c == "." || c == "_"
    }
    if let first = id.first, isNameStart(first), id.allSatisfy(isName) { return id }
    var output = "_"
    for scalar in id.unicodeScalars {
      let c = Character(scalar)
      if isName(c) && c != "_" {
        output.unicodeScalars.append(scalar)
      } else {
        output += "_x" + String(scalar.value, radix: 16, uppercase: true) + "_"
      }
    }
    return output
  }

  /// The concept id an ``encodeID(_:)`` result stands for.
  static func decodeID(_ id: String) -> String {
    guard id.hasPrefix("_") else { return id }
    var output = ""
    var rest = Substring(id.dropFirst())
    while let first = rest.first {
      if rest.hasPrefix("_x"), let end = rest.dropFirst(2).firstIndex(of: "_"),
        let value = UInt32(rest[rest.index(rest.startIndex, offsetBy: 2)..<end], radix: 16),
        let scalar = Unicode.Scalar(value)
      {
        output.unicodeScalars.append(scalar)
        rest = rest[rest.index(after: end)...]
      } else {
        output.append(first)
        rest = rest.dropFirst()
      }
    }
    return output
  }

  /// The TBX document for `glossary`, version 3 or 2.
  public static func write(_ glossary: Glossary, version: Int = 3, toolVersion: String) -> String {
    version == 2
      ? martif(glossary, toolVersion: toolVersion) : dct(glossary, toolVersion: toolVersion)
  }

  private static func escape(_ text: String) -> String { XMLText.escape(text) }

  private static func dct(_ glossary: Glossary, toolVersion: String) -> String {
    var text = """
      <?xml version="1.0" encoding="UTF-8"?>
      <tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2" xmlns:min="http://www.tbxinfo.net/ns/min" xmlns:basic="http://www.tbxinfo.net/ns/basic">
        <tbxHeader>
          <fileDesc>
            <sourceDesc>
              <p>Exported by Glossa \(escape(toolVersion))</p>
            </sourceDesc>
          </fileDesc>
        </tbxHeader>
        <text>
          <body>

      """
    for concept in glossary.concepts where concept.languages.contains(where: { !$0.terms.isEmpty })
    {
      text += "      <conceptEntry id=\"\(escape(encodeID(concept.id)))\">\n"
      if let subject = concept.subjectField {
        text += "        <min:subjectField>\(escape(subject))</min:subjectField>\n"
      }
      if let definition = concept.definition {
        text += "        <basic:definition>\(escape(definition))</basic:definition>\n"
      }
      if let source = concept.source {
        text += "        <basic:source>\(escape(source))</basic:source>\n"
      }
      if let project = concept.properties["projectSubset"] {
        text += "        <basic:projectSubset>\(escape(project))</basic:projectSubset>\n"
      }
      if let customer = concept.properties["customerSubset"] {
        text += "        <min:customerSubset>\(escape(customer))</min:customerSubset>\n"
      }
      if let note = concept.note { text += "        <note>\(escape(note))</note>\n" }
      for section in concept.languages where !section.terms.isEmpty {
        text += "        <langSec xml:lang=\"\(escape(section.language.rawValue))\">\n"
        for term in section.terms {
          text += "          <termSec>\n            <term>\(escape(term.text))</term>\n"
          text +=
            "            <min:administrativeStatus>\(term.status.rawValue)Term-admn-sts</min:administrativeStatus>\n"
          if let pos = term.partOfSpeech {
            text += "            <min:partOfSpeech>\(partOfSpeech(pos))</min:partOfSpeech>\n"
          }
          text += "            <basic:termType>\(termType(term.type))</basic:termType>\n"
          for name in [
            "geographicalUsage", "grammaticalGender", "termLocation", "context", "source",
            "projectSubset",
          ] {
            if let value = term.properties[name] {
              text += "            <basic:\(name)>\(escape(value))</basic:\(name)>\n"
            }
          }
          if let customer = term.properties["customerSubset"] {
            text += "            <min:customerSubset>\(escape(customer))</min:customerSubset>\n"
          }
          if let note = term.note { text += "            <note>\(escape(note))</note>\n" }
          text += "          </termSec>\n"
        }
        text += "        </langSec>\n"
      }
      text += "      </conceptEntry>\n"
    }
    return text + "    </body>\n  </text>\n</tbx>\n"
  }

  private static func martif(_ glossary: Glossary, toolVersion: String) -> String {
    var text = """
      <?xml version="1.0" encoding="UTF-8"?>
      <!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
      <martif type="TBX-Basic-V1" xml:lang="en">
        <martifHeader>
          <fileDesc>
            <sourceDesc>
              <p>Exported by Glossa \(escape(toolVersion))</p>
            </sourceDesc>
          </fileDesc>
          <encodingDesc>
            <p type="XCSURI">TBXBasicXCSV02.xcs</p>
          </encodingDesc>
        </martifHeader>
        <text>
          <body>

      """
    for concept in glossary.concepts where concept.languages.contains(where: { !$0.terms.isEmpty })
    {
      text += "      <termEntry id=\"\(escape(encodeID(concept.id)))\">\n"
      if let subject = concept.subjectField {
        text += "        <descrip type=\"subjectField\">\(escape(subject))</descrip>\n"
      }
      if let definition = concept.definition {
        text +=
          "        <descripGrp>\n          <descrip type=\"definition\">\(escape(definition))</descrip>\n"
        if let source = concept.source {
          text += "          <admin type=\"source\">\(escape(source))</admin>\n"
        }
        text += "        </descripGrp>\n"
      } else if let source = concept.source {
        text += "        <admin type=\"source\">\(escape(source))</admin>\n"
      }
      if let note = concept.note { text += "        <note>\(escape(note))</note>\n" }
      for section in concept.languages where !section.terms.isEmpty {
        text += "        <langSet xml:lang=\"\(escape(section.language.rawValue))\">\n"
        for term in section.terms {
          text += "          <tig>\n            <term>\(escape(term.text))</term>\n"
          if let pos = term.partOfSpeech {
            text += "            <termNote type=\"partOfSpeech\">\(partOfSpeech(pos))</termNote>\n"
          }
          text += "            <termNote type=\"termType\">\(termType(term.type))</termNote>\n"
          text +=
            "            <termNote type=\"administrativeStatus\">\(term.status.rawValue)Term-admn-sts</termNote>\n"
          for name in ["geographicalUsage", "grammaticalGender", "termLocation"] {
            if let value = term.properties[name] {
              text += "            <termNote type=\"\(name)\">\(escape(value))</termNote>\n"
            }
          }
          if let context = term.properties["context"] {
            text += "            <descrip type=\"context\">\(escape(context))</descrip>\n"
          }
          if let source = term.properties["source"] {
            text += "            <admin type=\"source\">\(escape(source))</admin>\n"
          }
          if let note = term.note { text += "            <note>\(escape(note))</note>\n" }
          text += "          </tig>\n"
        }
        text += "        </langSet>\n"
      }
      text += "      </termEntry>\n"
    }
    return text + "    </body>\n  </text>\n</martif>\n"
  }
}
