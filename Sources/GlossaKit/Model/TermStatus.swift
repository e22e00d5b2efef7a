/// The usage status of a term, as TBX's `administrativeStatus` has it.
public enum TermStatus: String, CaseIterable, Sendable, Codable, Comparable {
  /// The approved form to use.
  case preferred
  /// An approved alternative, such as a short form.
  case admitted
  /// A form not to use (also written `forbidden` in glossary files).
  case deprecated
  /// A form replaced by another, possibly from an effective date.
  case superseded

  /// Parses a status name, accepting the TBX spellings (`preferredTerm-admn-sts`) and
  /// `forbidden` for `deprecated`.
  public init?(name: String) {
    var key = name.lowercased()
    if key.hasSuffix("term-admn-sts") { key.removeLast("term-admn-sts".count) }
    switch key {
    case "preferred": self = .preferred
    case "admitted": self = .admitted
    case "deprecated", "forbidden", "not recommended", "notrecommended": self = .deprecated
    case "superseded", "obsolete": self = .superseded
    default: return nil
    }
  }

  /// Whether the form may be used.
  public var isApproved: Bool { self == .preferred || self == .admitted }

  private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

  /// Orders statuses from preferred to superseded.
  public static func < (lhs: TermStatus, rhs: TermStatus) -> Bool { lhs.rank < rhs.rank }
}

/// What kind of form a term is, as TBX's `termType` has it.
public enum TermType: String, CaseIterable, Sendable, Codable {
  /// The complete form: `Chinese People's Political Consultative Conference`.
  case fullForm = "full-form"
  /// An acronym: `CPPCC`.
  case acronym
  /// An abbreviation: `Govt.`.
  case abbreviation
  /// A shortened form of a longer term: `Belt and Road` for `Belt and Road Initiative`.
  case shortForm = "short-form"
  /// A spelling variant.
  case variant

  /// Parses a type name, accepting TBX's camel-case spellings (`fullForm`).
  public init?(name: String) {
    let key = name.lowercased().filter { $0 != "-" && $0 != " " }
    switch key {
    case "fullform": self = .fullForm
    case "acronym": self = .acronym
    case "abbreviation": self = .abbreviation
    case "shortform": self = .shortForm
    case "variant": self = .variant
    default: return nil
    }
  }
}

/// How the letter case of a term is matched.
public enum CaseMode: String, CaseIterable, Sendable, Codable {
  /// Only the exact casing is the term; other casings are not occurrences at all.
  case sensitive
  /// Any casing is an occurrence; one that differs from the glossary is a `term-case` finding.
  case insensitive
  /// As `insensitive`, except that words written in capitals in the glossary (acronyms such as
  /// `CPC` inside `CPC Central Committee`) must match exactly. The default.
  case permissive
}
