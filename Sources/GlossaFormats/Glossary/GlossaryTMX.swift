public import GlossaKit

/// A glossary as TMX: one `<tu>` per concept, one `<tuv>` per term.
///
/// Concept fields travel as `<tu>` properties (`x-glossa-subject`, `x-glossa-definition`,
/// `x-glossa-source`, `x-glossa-property-NAME`) and the concept note as its `<note>`; term
/// attributes as `<tuv>` properties (`x-glossa-status`, `x-glossa-type`, `x-glossa-case`,
/// `x-glossa-pos`, `x-glossa-since`, `x-glossa-except`, `x-glossa-NAME`) and the term note as its
/// `<note>`. A TMX written by another tool gives one concept per unit: its `tuid` (or
/// `tmx-LINE`), its first variant per language preferred, further ones admitted.
public enum GlossaryTMX {
  /// The TMX document for `glossary`.
  public static func write(_ glossary: Glossary, sourceLanguage: String, toolVersion: String)
    -> String
  {
    let writer = TMXWriter(
      sourceLanguage: sourceLanguage, toolVersion: toolVersion, originalFormat: "Glossa glossary",
      segmentType: "phrase")
    var text = writer.start()
    for concept in glossary.concepts where concept.languages.contains(where: { !$0.terms.isEmpty })
    {
      text += writer.unit(unit(for: concept))
    }
    return text + writer.end()
  }

  static func unit(for concept: Concept) -> TranslationUnit {
    var properties: [TranslationUnit.Property] = []
    func add(_ type: String, _ value: String?) {
      if let value { properties.append(.init(type: type, value: value)) }
    }
    add("x-glossa-subject", concept.subjectField)
    add("x-glossa-definition", concept.definition)
    add("x-glossa-source", concept.source)
    for key in concept.properties.keys.sorted() {
      add("x-glossa-property-\(key)", concept.properties[key])
    }
    var variants: [TranslationUnit.Variant] = []
    for section in concept.languages {
      for term in section.terms {
        var termProperties: [TranslationUnit.Property] = [
          .init(type: "x-glossa-status", value: term.status.rawValue)
        ]
        func add(_ type: String, _ value: String?) {
          if let value { termProperties.append(.init(type: type, value: value)) }
        }
        if term.type != .fullForm { add("x-glossa-type", term.type.rawValue) }
        if term.caseMode != .permissive { add("x-glossa-case", term.caseMode.rawValue) }
        add("x-glossa-pos", term.partOfSpeech)
        add("x-glossa-since", term.effectiveDate)
        for exception in term.exceptions { add("x-glossa-except", exception) }
        for key in term.properties.keys.sorted() { add("x-glossa-\(key)", term.properties[key]) }
        variants.append(
          .init(
            language: section.language.rawValue, segment: .init(text: term.text),
            properties: termProperties, notes: term.note.map { [$0] } ?? []))
      }
    }
    return TranslationUnit(
      id: concept.id, properties: properties, notes: concept.note.map { [$0] } ?? [],
      variants: variants)
  }

  /// The glossary in the TMX bytes read from `file`.
  /// - Throws: `InputError` for malformed TMX or an invalid language tag.
  public static func read(_ bytes: [UInt8], file: String) throws(InputError) -> Glossary {
    var concepts: [Concept] = []
    let reader = try TMXReader(data: bytes, file: file)
    try reader.read { unit, line throws(InputError) in
      concepts.append(try concept(from: unit, line: line, file: file))
    }
    return Glossary(concepts: concepts)
  }

  static func concept(from unit: TranslationUnit, line: Int, file: String) throws(InputError)
    -> Concept
  {
    var concept = Concept(
      id: unit.id ?? "tmx-\(line)", origin: SourceLocation(file: file, line: line))
    var notes = unit.notes
    for property in unit.properties {
      switch property.type {
      case "x-glossa-subject": concept.subjectField = property.value
      case "x-glossa-definition": concept.definition = property.value
      case "x-glossa-source": concept.source = property.value
      default:
        if property.type.hasPrefix("x-glossa-property-") {
          concept.properties[String(property.type.dropFirst("x-glossa-property-".count))] =
            property.value
        } else {
          concept.properties[property.type] = property.value
        }
      }
    }
    if !notes.isEmpty { concept.note = notes.removeFirst() }
    for variant in unit.variants {
      guard let language = LanguageTag(variant.language.replacing("_", with: "-")) else {
        throw InputError(
          file: file, line: line, message: "'\(variant.language)' is not a BCP 47 language tag")
      }
      let text = variant.segment.text.trimmingSpaces
      guard !text.isEmpty else { continue }
      var term = Term(text)
      var sawStatus = false
      for property in variant.properties {
        switch property.type {
        case "x-glossa-status":
          if let status = TermStatus(name: property.value) {
            term.status = status
            sawStatus = true
          }
        case "x-glossa-type": term.type = TermType(name: property.value) ?? .fullForm
        case "x-glossa-case": term.caseMode = CaseMode(rawValue: property.value) ?? .permissive
        case "x-glossa-pos": term.partOfSpeech = property.value
        case "x-glossa-since": term.effectiveDate = property.value
        case "x-glossa-except": term.exceptions.append(property.value)
        default:
          let key =
            property.type.hasPrefix("x-glossa-")
            ? String(property.type.dropFirst("x-glossa-".count)) : property.type
          term.properties[key] = property.value
        }
      }
      term.note = variant.notes.first
      if let index = concept.languages.firstIndex(where: { $0.language == language }) {
        if !sawStatus { term.status = .admitted }
        concept.languages[index].terms.append(term)
      } else {
        concept.languages.append(LanguageSection(language: language, terms: [term]))
      }
    }
    return concept
  }
}
