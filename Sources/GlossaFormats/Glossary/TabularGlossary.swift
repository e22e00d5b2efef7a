public import GlossaKit
import GlossaText

/// Two-language glossaries in the simple shapes other tools write: OmegaT's tab-separated files
/// (`source<TAB>target<TAB>comment`, `#` comment lines) and two- or three-column CSV
/// (`source,target[,note]`, with or without a header such as TICO-19's
/// `sourceString,targetString`).
public enum TabularGlossary {
  /// Reads a two-language glossary.
  /// - Parameters:
  ///   - bytes: the file.
  ///   - file: its name, for messages.
  ///   - separator: tab for TSV, comma for CSV.
  ///   - source: the language of the first column.
  ///   - target: the language of the second column.
  /// - Returns: one concept per row.
  /// - Throws: `InputError` with the line of the first problem.
  public static func read(
    _ bytes: [UInt8], file: String, separator: UInt8, source: LanguageTag, target: LanguageTag
  ) throws(InputError) -> Glossary {
    let text: [UInt8]
    do {
      text = try TextDecoder.decode(bytes).utf8
    } catch {
      throw InputError(
        file: file, line: error.line, column: error.column, message: error.description)
    }
    var records: [(fields: [String], line: Int)] = []
    if separator == 0x09 {
      // OmegaT's TSV has no quoting: a field is everything between tabs.
      var line = 0
      for row in String(decoding: text, as: UTF8.self).split(
        separator: "\n", omittingEmptySubsequences: false)
      {
        line += 1
        let content = row.hasSuffix("\r") ? row.dropLast() : row
        if content.trimmingSpaces.isEmpty || content.hasPrefix("#") { continue }
        records.append(
          (content.split(separator: "\t", omittingEmptySubsequences: false).map(String.init), line))
      }
    } else {
      records = try CSVTable(utf8: text, file: file).records.map { ($0.fields, $0.line) }
    }
    // A header names the columns; without one the columns are source, target, note.
    var columns = (source: 0, target: 1, note: 2, sourceLanguage: -1, targetLanguage: -1, pos: -1)
    if let first = records.first {
      let names = first.fields.map { $0.trimmingSpaces.lowercased() }
      let sourceNames = ["source", "sourcestring", "source term", "term"]
      let targetNames = ["target", "targetstring", "target term", "translation"]
      if let s = names.firstIndex(where: sourceNames.contains),
        let t = names.firstIndex(where: targetNames.contains)
      {
        columns.source = s
        columns.target = t
        columns.note =
          names.firstIndex { ["note", "comment", "description", "notes"].contains($0) } ?? -1
        columns.sourceLanguage = names.firstIndex(of: "sourcelang") ?? -1
        columns.targetLanguage = names.firstIndex(of: "targetlang") ?? -1
        columns.pos = names.firstIndex(of: "pos") ?? -1
        records.removeFirst()
      }
    }
    var concepts: [Concept] = []
    var used: Set<String> = []
    for record in records {
      func field(_ index: Int) -> String? {
        index >= 0 && index < record.fields.count
          ? record.fields[index].trimmingSpaces.nilIfEmpty : nil
      }
      guard let sourceText = field(columns.source) else {
        throw InputError(
          file: file, line: record.line, column: 1, message: "the row has no source term")
      }
      func language(_ index: Int, _ fallback: LanguageTag) throws(InputError) -> LanguageTag {
        guard let text = field(index) else { return fallback }
        guard let tag = LanguageTag(text.replacing("_", with: "-")) else {
          throw InputError(
            file: file, line: record.line, message: "'\(text)' is not a BCP 47 language tag")
        }
        return tag
      }
      var concept = Concept(
        id: uniqueID(for: sourceText, used: &used),
        origin: SourceLocation(file: file, line: record.line))
      var sourceTerm = Term(sourceText)
      sourceTerm.partOfSpeech = field(columns.pos)
      concept.languages.append(
        LanguageSection(language: try language(columns.sourceLanguage, source), terms: [sourceTerm])
      )
      if let targetText = field(columns.target) {
        // Several renderings in one cell: TICO-19 separates them with ' : '.
        let forms = targetText.split(separator: " : ").map(\.trimmingSpaces).filter { !$0.isEmpty }
        let terms = forms.enumerated().map { Term($1, status: $0 == 0 ? .preferred : .admitted) }
        concept.languages.append(
          LanguageSection(language: try language(columns.targetLanguage, target), terms: terms))
      }
      concept.note = field(columns.note)
      concepts.append(concept)
    }
    return Glossary(concepts: concepts)
  }

  /// An identifier made from a term (`Chen Min'er` → `chen-min-er`), unique among `used`.
  static func uniqueID(for text: String, used: inout Set<String>) -> String {
    var slug = ""
    for character in text.lowercased() {
      if character.isLetter || character.isNumber {
        slug.append(character)
      } else if !slug.hasSuffix("-") && !slug.isEmpty {
        slug.append("-")
      }
    }
    while slug.hasSuffix("-") { slug.removeLast() }
    if slug.isEmpty { slug = "term" }
    var id = slug
    var counter = 2
    while used.contains(id) {
      id = "\(slug)-\(counter)"
      counter += 1
    }
    used.insert(id)
    return id
  }

  /// The glossary as OmegaT TSV: the first preferred `source` form, the first preferred `target`
  /// form, and the concept note; one line per concept that has both.
  public static func tsv(_ glossary: Glossary, source: LanguageTag, target: LanguageTag) -> String {
    var text = ""
    for concept in glossary.concepts {
      guard let from = concept.preferredTerm(for: source)?.text,
        let to = concept.preferredTerm(for: target)?.text
      else {
        continue
      }
      let note = (concept.note ?? "").replacing("\t", with: " ").replacing("\r\n", with: " ")
        .replacing("\n", with: " ")
      text += [from, to, note].joined(separator: "\t") + "\n"
    }
    return text
  }
}
