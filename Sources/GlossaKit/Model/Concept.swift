/// A glossary entry: one meaning, with its terms in any number of languages.
///
/// Glossa's model is concept-oriented, as TBX (ISO 30042) is: the concept carries what is true
/// of the meaning (subject field, definition, source), each language section lists the forms
/// of that language, and each form carries its own status, type and case mode.
public struct Concept: Hashable, Sendable, Codable, Identifiable {
  /// A stable identifier, unique in the glossary (`chen-miner`).
  public var id: String
  /// The subject field, such as `politics` or `place`.
  public var subjectField: String?
  /// A definition of the concept.
  public var definition: String?
  /// A note for translators.
  public var note: String?
  /// Where the approved renderings come from.
  public var source: String?
  /// The terms, language by language, in the order they were given.
  public var languages: [LanguageSection]
  /// Further fields read from a glossary file (unknown CSV columns, TBX data categories).
  ///
  /// They are written back on export. Keys such as `acronym-first-use` configure rules.
  public var properties: [String: String]
  /// Where the concept was read from, for messages; not part of its identity.
  public var origin: SourceLocation?
  /// Where each field of the concept was read from (by column name), for messages.
  public var fieldOrigins: [String: SourceLocation] = [:]

  /// Creates a concept.
  public init(
    id: String, subjectField: String? = nil, definition: String? = nil, note: String? = nil,
    source: String? = nil, languages: [LanguageSection] = [], properties: [String: String] = [:],
    origin: SourceLocation? = nil
  ) {
    self.id = id
    self.subjectField = subjectField
    self.definition = definition
    self.note = note
    self.source = source
    self.languages = languages
    self.properties = properties
    self.origin = origin
  }

  /// The terms of `language` (exact tag), in glossary order.
  public func terms(in language: LanguageTag) -> [Term] {
    languages.first { $0.language == language }?.terms ?? []
  }

  /// The first preferred term among the languages `language` covers, or `nil`.
  public func preferredTerm(for language: LanguageTag) -> Term? {
    for section in languages where language.covers(section.language) {
      if let term = section.terms.first(where: { $0.status == .preferred }) { return term }
    }
    return nil
  }

  /// Whether two concepts hold the same data (their origins aside).
  public static func == (lhs: Concept, rhs: Concept) -> Bool {
    // Origins are where a concept was read, not what it is.
    lhs.id == rhs.id && lhs.subjectField == rhs.subjectField && lhs.definition == rhs.definition
      && lhs.note == rhs.note && lhs.source == rhs.source && lhs.languages == rhs.languages
      && lhs.properties == rhs.properties
  }

  /// Hashes the concept by its identifier.
  public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// The terms of one concept in one language.
public struct LanguageSection: Hashable, Sendable, Codable {
  /// The language of the terms.
  public var language: LanguageTag
  /// The terms, preferred first by convention.
  public var terms: [Term]

  /// Creates a language section.
  public init(language: LanguageTag, terms: [Term]) {
    self.language = language
    self.terms = terms
  }
}

/// A place in a file: a glossary row, an article line.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
  /// The file path as the user gave it.
  public var file: String
  /// The 1-based line.
  public var line: Int
  /// The 1-based column, if known.
  public var column: Int?

  /// Creates a location.
  public init(file: String, line: Int, column: Int? = nil) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column`, or `file:line`.
  public var description: String {
    column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)"
  }
}
