public import GlossaKit
public import GlossaText

/// Writes Glossa's CSV glossary deterministically, so that a one-term change is a one-line diff.
///
/// - Columns: the existing file's header order is kept (with its unknown columns); columns it
///   lacks are added at the end. A new file gets `id`, `subject`, the language columns
///   (`zh-Hans`, `zh-Hant`, `en`, then other tags alphabetically; for each, the preferred column
///   and then `:admitted`, `:deprecated`, `:superseded` as used), `definition`, `note`, `source`,
///   and property columns in alphabetical order.
/// - Rows: sorted by the ICU root collation of the concept's preferred English form (its first
///   preferred form in column order when it has none in English); ties by concept id, in code
///   point order.
/// - Cells: RFC 4180 quoting (quotes doubled; fields with commas, quotes, line breaks or edge
///   spaces quoted); a cell that begins with `=`, `+`, `-`, `@` (or `'` and one of them) gets a
///   leading `'` so spreadsheets show it as text; the reader removes it again.
/// - Lines end with LF; `excel` adds a UTF-8 byte-order mark and CR LF line ends.
public struct GlossaryCSVWriter: Sendable {
  /// The header of the file being rewritten, if any.
  public var header: [String]
  /// Whether to write for Microsoft Excel.
  public var excel: Bool

  /// Creates a writer that keeps `header`'s column order.
  public init(header: [String] = [], excel: Bool = false) {
    self.header = header
    self.excel = excel
  }

  private static let statuses: [TermStatus] = [.preferred, .admitted, .deprecated, .superseded]

  /// The name of the column for `language` and `status`.
  static func columnName(_ language: LanguageTag, _ status: TermStatus) -> String {
    status == .preferred ? language.rawValue : "\(language.rawValue):\(status.rawValue)"
  }

  /// The columns `glossary` needs, in order.
  public func columns(for glossary: Glossary) -> [String] {
    var needed: [String] = ["id"]
    if glossary.concepts.contains(where: { $0.subjectField != nil }) { needed.append("subject") }
    let languages = glossary.languages.sorted { Self.languageRank($0) < Self.languageRank($1) }
    for language in languages {
      for status in Self.statuses
      where glossary.concepts.contains(where: {
        $0.terms(in: language).contains { $0.status == status }
      }) {
        needed.append(Self.columnName(language, status))
      }
    }
    for (name, used) in [
      ("definition", glossary.concepts.contains { $0.definition != nil }),
      ("note", glossary.concepts.contains { $0.note != nil }),
      ("source", glossary.concepts.contains { $0.source != nil }),
    ] where used {
      needed.append(name)
    }
    needed += Set(glossary.concepts.flatMap(\.properties.keys)).sorted()
    guard !header.isEmpty else { return needed }
    var columns = header
    let known = Set(header.map { Self.canonicalColumn($0) })
    for column in needed where !known.contains(Self.canonicalColumn(column)) {
      columns.append(column)
    }
    return columns
  }

  /// A column name in a form that compares equal for equivalent spellings (`EN` and `en`,
  /// `en:forbidden` and `en:deprecated`, `notes` and `note`).
  public static func canonicalColumn(_ name: String) -> String {
    let lower = name.lowercased()
    switch lower {
    case "notes": return "note"
    case "subject-field", "subjectfield", "domain": return "subject"
    default: break
    }
    let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
    guard GlossaryCSVReader.looksLikeLanguageTag(parts[0]), let tag = LanguageTag(parts[0]) else {
      return lower
    }
    let status = parts.count == 2 ? TermStatus(name: parts[1]) ?? .preferred : .preferred
    return columnName(tag, status)
  }

  private static func languageRank(_ tag: LanguageTag) -> (Int, String) {
    switch tag.rawValue {
    case "zh-Hans": (0, "")
    case "zh-Hant": (1, "")
    case "en": (2, "")
    default: (3, tag.rawValue)
    }
  }

  /// The file's bytes.
  /// - Throws: `ICUError` when the root collator cannot be opened.
  public func write(_ glossary: Glossary) throws(ICUError) -> [UInt8] {
    let collator = try Collator()
    let columns = columns(for: glossary)
    let keyed = glossary.concepts.map { concept -> ([UInt8], Concept) in
      let english = concept.preferredTerm(for: .english)?.text
      // Without English, the first preferred form in column order, so that the order of the
      // concept's sections does not matter.
      let sections = concept.languages.sorted {
        Self.languageRank($0.language) < Self.languageRank($1.language)
      }
      let any = sections.lazy.compactMap { $0.terms.first { $0.status == .preferred }?.text }.first
      return (collator.sortKey(english ?? any ?? concept.id), concept)
    }
    let sorted = keyed.sorted { a, b in
      a.0 != b.0
        ? a.0.lexicographicallyPrecedes(b.0)
        : Array(a.1.id.unicodeScalars.map(\.value)).lexicographicallyPrecedes(
          b.1.id.unicodeScalars.map(\.value))
    }
    let newline = excel ? "\r\n" : "\n"
    var text = columns.map(Self.field).joined(separator: ",") + newline
    for (_, concept) in sorted {
      text +=
        columns.map { Self.field(Self.value(of: concept, column: $0)) }.joined(separator: ",")
        + newline
    }
    return (excel ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
  }

  /// What `concept` holds in `column`.
  public static func value(of concept: Concept, column: String) -> String {
    switch canonicalColumn(column) {
    case "id": return concept.id
    case "subject": return concept.subjectField ?? ""
    case "definition": return concept.definition ?? ""
    case "note": return concept.note ?? ""
    case "source": return concept.source ?? ""
    default:
      let parts = column.split(separator: ":", maxSplits: 1).map(String.init)
      if GlossaryCSVReader.looksLikeLanguageTag(parts[0]), let tag = LanguageTag(parts[0]) {
        let status = parts.count == 2 ? TermStatus(name: parts[1]) ?? .preferred : .preferred
        return concept.terms(in: tag).filter { $0.status == status }.map(cell).joined(
          separator: " | ")
      }
      return concept.properties[column] ?? ""
    }
  }

  /// One form with its attributes, escaped for a cell.
  static func cell(_ term: Term) -> String {
    var text = ""
    for character in term.text {
      if "\\|{}".contains(character) { text.append("\\") }
      text.append(character)
    }
    var attributes: [String] = []
    if term.type != .fullForm { attributes.append("type=\(term.type.rawValue)") }
    if term.caseMode != .permissive { attributes.append("case=\(term.caseMode.rawValue)") }
    if let pos = term.partOfSpeech { attributes.append("pos=\(quote(pos))") }
    if let note = term.note { attributes.append("note=\(quote(note))") }
    if let since = term.effectiveDate { attributes.append("since=\(since)") }
    for exception in term.exceptions { attributes.append("except=\(quote(exception))") }
    for key in term.properties.keys.sorted() {
      attributes.append("x-\(key)=\(quote(term.properties[key] ?? ""))")
    }
    return attributes.isEmpty ? text : text + " {" + attributes.joined(separator: "; ") + "}"
  }

  /// An attribute value, quoted unless it is a plain word.
  static func quote(_ value: String) -> String {
    let plain =
      !value.isEmpty
      && value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    if plain { return value }
    var output = "\""
    for character in value {
      if character == "\"" || character == "\\" { output.append("\\") }
      output.append(character)
    }
    return output + "\""
  }

  /// A CSV field (RFC 4180), protected from spreadsheet formulas.
  static func field(_ value: String) -> String {
    var value = value
    if let first = value.first,
      "=+-@".contains(first)
        || (first == "'" && value.dropFirst().first.map { "=+-@'".contains($0) } == true)
    {
      value = "'" + value
    }
    let needsQuotes =
      value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
      || value.first.map(\.isWhitespace) == true || value.last.map(\.isWhitespace) == true
    return needsQuotes ? "\"" + value.replacing("\"", with: "\"\"") + "\"" : value
  }
}
