public import GlossaKit
import GlossaText

/// Reads Glossa's CSV glossary: one concept per row, one column per language and status.
///
/// ```
/// id,subject,zh-Hans,en,en:admitted,en:deprecated,note
/// chen-miner,person,陈敏尔,Chen Min'er,,Chen Miner | Chen Min-er,Secretary of the CPC …
/// cpc,organization,中国共产党,Communist Party of China,CPC {type=acronym; case=sensitive},Chinese Communist Party,
/// ```
///
/// - `id` (required) names the concept; `subject`, `definition`, `note` and `source` describe it.
/// - A column named by a BCP 47 tag (`en`, `zh-Hans`) holds preferred forms; `TAG:admitted`,
///   `TAG:deprecated` (or `TAG:forbidden`) and `TAG:superseded` hold the others.
/// - Several forms in one cell are separated by ` | `; `\|`, `\{`, `\}` and `\\` write those
///   characters in a form.
/// - A form may end with attributes in braces: `{type=acronym; case=sensitive; pos=noun;
///   note="…"; since=2024-01-01; except="…"; x-anything="…"}`.
/// - Any other column is kept as a property of the concept and written back.
/// - Unquoted fields are trimmed; quoted fields keep their spaces. A field that begins with `'`
///   followed by `=`, `+`, `-`, `@` or `'` loses the `'` (the writer adds it so that spreadsheets
///   show such cells as text).
public struct GlossaryCSVReader: Sendable {
  /// The file name used in messages.
  public let file: String

  /// Creates a reader for `file`.
  public init(file: String) { self.file = file }

  /// The role of a column.
  enum Column: Equatable {
    case id, subject, definition, note, source
    case terms(LanguageTag, TermStatus)
    case property(String)
  }

  /// Parses the bytes of a glossary file.
  /// - Throws: `InputError` naming the file, line, column and field of the first problem; a
  ///   malformed glossary is never half-read.
  public func read(_ bytes: [UInt8]) throws(InputError) -> Glossary {
    try read(bytes, each: { _ in })
  }

  /// Parses the bytes of a glossary file, calling `each` with every concept as it is read (in
  /// order; when a problem is then found, the concepts given before it are not a glossary).
  /// - Throws: `InputError` naming the file, line, column and field of the first problem.
  public func read(_ bytes: [UInt8], each: (Concept) -> Void) throws(InputError) -> Glossary {
    let (glossary, problems) = try parse(bytes, lenient: false, each: each)
    if let first = problems.first { throw first.error }
    return glossary
  }

  /// Parses a glossary file, collecting the problems a strict read would stop at (duplicate ids,
  /// rows without a preferred form, invalid language tags) instead of throwing, for
  /// `glossa glossary check`.
  /// - Throws: `InputError` for what cannot be read at all: bad encoding, broken quoting, no
  ///   header.
  public func readLeniently(_ bytes: [UInt8]) throws(InputError) -> (Glossary, [GlossaryProblem]) {
    try parse(bytes, lenient: true)
  }

  /// The header of a glossary file: its column names in order.
  public func header(_ bytes: [UInt8]) throws(InputError) -> [String] {
    let table = try CSVTable(utf8: try decode(bytes), file: file)
    return table.records.first?.fields.map(\.trimmingSpaces) ?? []
  }

  private func decode(_ bytes: [UInt8]) throws(InputError) -> [UInt8] {
    do {
      return try TextDecoder.decode(bytes).utf8
    } catch {
      throw InputError(
        file: file, line: error.line, column: error.column, message: error.description)
    }
  }

  private func parse(
    _ bytes: [UInt8], lenient: Bool, each: (Concept) -> Void = { _ in }
  ) throws(InputError) -> (Glossary, [GlossaryProblem]) {
    let table = try CSVTable(utf8: try decode(bytes), file: file)
    let rows = table.records.filter { !$0.fields.allSatisfy { $0.trimmingSpaces.isEmpty } }
    guard let header = rows.first else {
      throw InputError(
        file: file, line: 1,
        message: "empty glossary: expected a header row such as 'id,zh-Hans,en'")
    }
    var problems: [GlossaryProblem] = []
    let columns = try parseHeader(header, problems: &problems, lenient: lenient)
    if !lenient, let first = problems.first { throw first.error }
    let names = header.fields.map(\.trimmingSpaces)
    var concepts: [Concept] = []
    concepts.reserveCapacity(rows.count - 1)
    var seen: [String: Int] = [:]
    seen.reserveCapacity(rows.count - 1)
    for row in rows.dropFirst() {
      let concept = try parseRow(row, columns: columns, names: names, problems: &problems)
      if let first = seen[concept.id] {
        problems.append(
          GlossaryProblem(
            rule: "duplicate-id", concept: concept.id,
            error: InputError(
              file: file, line: row.line, column: 1, field: "id",
              message: "duplicate concept id '\(concept.id)' (first on line \(first))")))
        if !lenient { throw problems[problems.count - 1].error }
      } else {
        seen[concept.id] = row.line
      }
      if !lenient, let first = problems.first { throw first.error }
      each(concept)
      concepts.append(concept)
    }
    return (Glossary(concepts: concepts), problems)
  }

  private func parseHeader(
    _ header: CSVTable.Record, problems: inout [GlossaryProblem], lenient: Bool
  ) throws(InputError) -> [Column] {
    var columns: [Column] = []
    for (index, raw) in header.fields.enumerated() {
      let name = raw.trimmingSpaces
      let position = header.positions[index]
      func fail(_ message: String) -> InputError {
        InputError(
          file: file, line: position.line, column: position.column, field: name, message: message)
      }
      var column: Column
      switch name.lowercased() {
      case "id": column = .id
      case "subject", "subject-field", "subjectfield", "domain": column = .subject
      case "definition": column = .definition
      case "note", "notes": column = .note
      case "source": column = .source
      case "": throw fail("empty column name in the header")
      default:
        // `:`, `en:` and `:x` keep their empty parts (found by fuzzing: a bare `:` crashed).
        let parts = name.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
          .map(String.init)
        let tagText = parts.first ?? ""
        if parts.count == 2 && (parts[0].isEmpty || parts[1].isEmpty) {
          throw fail(
            "nothing on one side of ':'; write a language and a status such as 'en:deprecated'"
          )
        }
        let looksLikeLanguage = Self.looksLikeLanguageTag(tagText)
        // `TAG:status` is a language column; `TAG:word` too, so that a misspelt status is an
        // error rather than a silent property. Other names with colons are properties.
        let statusLike =
          parts.count == 2 && (4...12).contains(parts[1].count)
          && parts[1].allSatisfy { $0.isASCII && $0.isLetter }
        if (looksLikeLanguage && (parts.count == 1 || statusLike))
          || (parts.count == 2 && TermStatus(name: parts[1]) != nil)
        {
          guard let tag = LanguageTag(tagText), (2...3).contains(tag.language.count) else {
            let hint =
              tagText.contains("_") ? " (did you mean '\(tagText.replacing("_", with: "-"))'?)" : ""
            problems.append(
              GlossaryProblem(
                rule: "invalid-language-tag", concept: nil,
                error: fail(
                  "'\(tagText)' is not a BCP 47 language tag (such as en, en-GB, zh-Hans)\(hint)")))
            column = .property(name)
            break
          }
          if parts.count == 2 {
            guard let status = TermStatus(name: parts[1]) else {
              throw fail(
                "'\(parts[1])' is not a status; use preferred, admitted, deprecated (or forbidden) or superseded"
              )
            }
            column = .terms(tag, status)
          } else {
            column = .terms(tag, .preferred)
          }
        } else {
          column = .property(name)
        }
      }
      if columns.contains(column) { throw fail("column '\(name)' appears twice in the header") }
      columns.append(column)
    }
    guard columns.contains(.id) else {
      throw InputError(
        file: file, line: header.line, column: 1,
        message:
          "missing header row: the first row must name the columns, with 'id' and at least one language such as 'en' or 'zh-Hans' (found '\(header.fields.joined(separator: ","))')"
      )
    }
    guard
      columns.contains(where: { if case .terms = $0 { true } else { false } }) || !problems.isEmpty
    else {
      throw InputError(
        file: file, line: header.line, column: 1,
        message: "the header names no language column (such as 'en', 'zh-Hans' or 'en:deprecated')")
    }
    return columns
  }

  /// Whether a column name is meant as a language tag: two or three letters, then subtags.
  static func looksLikeLanguageTag(_ name: String) -> Bool {
    let parts = name.split(whereSeparator: { $0 == "-" || $0 == "_" })
    guard let first = parts.first, (2...3).contains(first.count),
      first.allSatisfy({ $0.isASCII && $0.isLetter })
    else { return false }
    return parts.dropFirst().allSatisfy {
      $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
  }

  private func parseRow(
    _ row: CSVTable.Record, columns: [Column], names: [String],
    problems: inout [GlossaryProblem]
  ) throws(InputError) -> Concept {
    guard row.fields.count <= columns.count else {
      let extra = row.positions[columns.count]
      throw InputError(
        file: file, line: extra.line, column: extra.column,
        message: "row has \(row.fields.count) fields but the header names \(columns.count) columns")
    }
    var concept = Concept(id: "", origin: SourceLocation(file: file, line: row.line))
    for (index, column) in columns.enumerated() {
      guard index < row.fields.count else { break }
      let value = Self.cellValue(row.fields[index], quoted: row.quoted[index])
      let position = row.positions[index]
      let name = names[index]
      if value.isEmpty {
        if case .id = column {} else { continue }
      }
      concept.fieldOrigins[name] = SourceLocation(
        file: file, line: position.line, column: position.column)
      switch column {
      case .id:
        guard !value.isEmpty else {
          throw InputError(
            file: file, line: position.line, column: position.column, field: name,
            message: "row has no concept id")
        }
        guard !Self.hasWhitespace(value) else {
          throw InputError(
            file: file, line: position.line, column: position.column, field: name,
            message: "concept id '\(value)' contains whitespace; use letters, digits, '-' or '.'")
        }
        concept.id = value
      case .subject: concept.subjectField = value.nilIfEmpty
      case .definition: concept.definition = value.nilIfEmpty
      case .note: concept.note = value.nilIfEmpty
      case .source: concept.source = value.nilIfEmpty
      case .property(let key): if !value.isEmpty { concept.properties[key] = value }
      case .terms(let language, let status):
        let terms = try TermCellParser(file: file, position: position, column: name)
          .parse(value, status: status)
        guard !terms.isEmpty else { continue }
        if let section = concept.languages.firstIndex(where: { $0.language == language }) {
          concept.languages[section].terms.append(contentsOf: terms)
        } else {
          concept.languages.append(LanguageSection(language: language, terms: terms))
        }
      }
    }
    for index in concept.languages.indices {
      concept.languages[index].terms.sort { $0.status < $1.status }
    }
    if !concept.languages.contains(where: { $0.terms.contains { $0.status == .preferred } }) {
      problems.append(
        GlossaryProblem(
          rule: "missing-preferred", concept: concept.id,
          error: InputError(
            file: file, line: row.line, column: 1,
            message:
              "concept '\(concept.id)' has no preferred form; fill a language column such as 'en' or 'zh-Hans'"
          )))
    }
    return concept
  }

  /// A cell's value: unquoted cells are trimmed; a leading `'` that protects a formula-like cell
  /// from spreadsheets is dropped.
  static func cellValue(_ raw: String, quoted: Bool) -> String {
    var value = quoted ? raw : raw.trimmingSpaces
    if value.hasPrefix("'"), let second = value.dropFirst().first, "=+-@'".contains(second) {
      value.removeFirst()
    }
    return value
  }
}

/// A problem found while reading a glossary leniently.
public struct GlossaryProblem: Sendable, Equatable {
  /// The `glossa glossary check` rule it belongs to.
  public var rule: String
  /// The concept, when the problem is in a row.
  public var concept: String?
  /// The error a strict read would throw.
  public var error: InputError

  /// Creates a problem.
  public init(rule: String, concept: String?, error: InputError) {
    self.rule = rule
    self.concept = concept
    self.error = error
  }
}

/// Parses and writes one cell of forms: `Chen Min'er | Chen Miner {note="old spelling"}`.
extension GlossaryCSVReader {
  /// Whether `value` holds white space (`Character.isWhitespace`): on bytes while they are ASCII
  /// (tab to carriage return, space), by characters from the first byte beyond.
  static func hasWhitespace(_ value: String) -> Bool {
    for byte in value.utf8 {
      if byte >= 0x80 { return value.contains(where: \.isWhitespace) }
      if UTF8Scalars.isASCIIWhitespace(byte) { return true }
    }
    return false
  }
}

struct TermCellParser {
  let file: String
  let position: LineIndex.Position
  let column: String

  func fail(_ message: String) -> InputError {
    InputError(
      file: file, line: position.line, column: position.column, field: column, message: message)
  }

  func parse(_ cell: String, status: TermStatus) throws(InputError) -> [Term] {
    // Most cells hold one plain form: no separators, attributes, escapes or outer spaces.
    if cell.utf8.allSatisfy({ $0 != 0x7C && $0 != 0x7B && $0 != 0x7D && $0 != 0x5C }) {
      let text = cell.trimmingSpaces
      return text.isEmpty ? [] : [Term(text, status: status)]
    }
    var terms: [Term] = []
    for item in Self.splitForms(cell) {
      var raw = Substring(item)
      var attributes: [(String, String)] = []
      if let open = Self.attributeBlockStart(raw) {
        attributes = try parseAttributes(
          String(raw[raw.index(after: open)..<raw.index(before: raw.endIndex)]))
        raw = raw[..<open]
      }
      let text = Self.unescape(raw).trimmingSpaces
      guard !text.isEmpty else {
        if !attributes.isEmpty { throw fail("attributes without a form in '\(item)'") }
        continue
      }
      var term = Term(text, status: status)
      for (key, value) in attributes {
        switch key {
        case "type":
          guard let type = TermType(name: value) else {
            throw fail(
              "'\(value)' is not a term type; use full-form, acronym, abbreviation, short-form or variant"
            )
          }
          term.type = type
        case "case":
          guard let mode = CaseMode(rawValue: value.lowercased()) else {
            throw fail("'\(value)' is not a case mode; use sensitive, insensitive or permissive")
          }
          term.caseMode = mode
        case "pos": term.partOfSpeech = value
        case "note": term.note = value
        case "since":
          guard Self.isDate(value) else { throw fail("'\(value)' is not a date; write YYYY-MM-DD") }
          term.effectiveDate = value
        case "except": term.exceptions.append(value)
        default:
          if key.hasPrefix("x-") && key.count > 2 {
            term.properties[String(key.dropFirst(2))] = value
          } else {
            throw fail(
              "unknown attribute '\(key)' in '\(item)'; use type, case, pos, note, since, except or x-NAME"
            )
          }
        }
      }
      terms.append(term)
    }
    return terms
  }

  /// Splits a cell at unescaped `|` outside attribute braces, keeping escapes.
  static func splitForms(_ cell: String) -> [String] {
    var items: [String] = []
    var current = ""
    var depth = 0
    var quoted = false
    var escaped = false
    for character in cell {
      if escaped {
        current.append(character)
        escaped = false
        continue
      }
      switch character {
      case "\\":
        escaped = true
        current.append(character)
      case "{" where !quoted:
        depth += 1
        current.append(character)
      case "}" where !quoted:
        depth = max(0, depth - 1)
        current.append(character)
      case "\"" where depth > 0:
        quoted.toggle()
        current.append(character)
      case "|" where depth == 0:
        items.append(current)
        current = ""
      default:
        current.append(character)
      }
    }
    items.append(current)
    return items.map(\.trimmingSpaces).filter { !$0.isEmpty }
  }

  /// Where the attribute block `{…}` that ends `item` begins, if it ends with one.
  static func attributeBlockStart(_ item: Substring) -> Substring.Index? {
    var index = item.startIndex
    var open: Substring.Index?
    var quoted = false
    var lastClose: Substring.Index?
    while index < item.endIndex {
      let character = item[index]
      if character == "\\" {
        index = item.index(after: index)
        if index < item.endIndex { index = item.index(after: index) }
        continue
      }
      if open != nil && character == "\"" { quoted.toggle() }
      if character == "{" && !quoted && open == nil { open = index }
      if character == "}" && !quoted && open != nil { lastClose = index }
      index = item.index(after: index)
    }
    guard let open, let lastClose, item.index(after: lastClose) == item.endIndex else { return nil }
    return open
  }

  /// The text with `\x` escapes resolved.
  static func unescape(_ text: Substring) -> String {
    var output = ""
    var escaped = false
    for character in text {
      if escaped {
        output.append(character)
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else {
        output.append(character)
      }
    }
    return output
  }

  /// Parses `key=value; key="quoted \" value"`.
  private func parseAttributes(_ text: String) throws(InputError) -> [(String, String)] {
    var result: [(String, String)] = []
    var rest = Substring(text)
    while true {
      rest = rest.drop { $0 == " " || $0 == ";" }
      guard !rest.isEmpty else { break }
      guard let equals = rest.firstIndex(of: "=") else {
        throw fail("attribute '\(rest.trimmingSpaces)' has no value; write key=value")
      }
      let key = rest[..<equals].trimmingSpaces.lowercased()
      rest = rest[rest.index(after: equals)...].drop { $0 == " " }
      var value = ""
      if rest.first == "\"" {
        rest = rest.dropFirst()
        var closed = false
        var escaped = false
        while let character = rest.first {
          rest = rest.dropFirst()
          if escaped {
            value.append(character)
            escaped = false
          } else if character == "\\" {
            escaped = true
          } else if character == "\"" {
            closed = true
            break
          } else {
            value.append(character)
          }
        }
        guard closed else { throw fail("unterminated quoted value for attribute '\(key)'") }
      } else {
        let end = rest.firstIndex(of: ";") ?? rest.endIndex
        value = rest[..<end].trimmingSpaces
        rest = rest[end...]
      }
      result.append((key, value))
    }
    return result
  }

  static func isDate(_ text: String) -> Bool {
    let parts = text.split(separator: "-")
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil
    else { return false }
    return (1...12).contains(month) && (1...31).contains(day)
  }
}

extension StringProtocol {
  /// The string without leading and trailing spaces, tabs and line breaks.
  var trimmingSpaces: String {
    guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return "" }
    // Visible ASCII or CJK at both ends (the common case): nothing to trim.
    func visible(_ scalar: Unicode.Scalar) -> Bool {
      (0x21..<0x7F).contains(scalar.value) || (0x4E00...0x9FFF).contains(scalar.value)
    }
    if visible(first) && visible(last) { return String(self) }
    if !first.properties.isWhitespace && !last.properties.isWhitespace { return String(self) }
    let scalars = Array(unicodeScalars)
    guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    var result = ""
    result.unicodeScalars.append(contentsOf: scalars[start...end])
    return result
  }
}

extension String {
  var nilIfEmpty: String? { isEmpty ? nil : self }
}
