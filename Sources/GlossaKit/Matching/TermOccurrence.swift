public import GlossaText

/// One place where a glossary term occurs in a text.
public struct TermOccurrence: Sendable, Equatable {
  /// The term that matched, and where it sits in the glossary.
  public var reference: TermReference
  /// The identifier of the term's concept.
  public var conceptID: String
  /// The glossary form that matched.
  public var term: Term
  /// The language of the form that matched.
  public var language: LanguageTag
  /// The matched bytes of the scanned text; a possessive ending is not part of it.
  public var range: Range<Int>
  /// The matched text.
  public var text: String
  /// The English ending the last word took.
  public var ending: TermEnding
  /// The folds the match needed; empty for an exact match.
  public var folds: FoldSet
  /// How the letter case differs from the glossary form, when it does.
  public var caseChange: CaseChange?
  /// The normalized byte range of the occurrence, in ``Scan/normalized``.
  public var normalizedRange: Range<Int> = 0..<0
  /// The tokens of the occurrence, in ``Scan/tokens``.
  public var tokenRange: Range<Int> = 0..<0
  /// Whether the occurrence lies inside one of the term's exception contexts, where its status
  /// does not apply.
  public var isExcepted = false
  /// The matcher entry that matched.
  var entry: Int = 0

  init(
    reference: TermReference, conceptID: String, term: Term, language: LanguageTag,
    range: Range<Int>, text: String, ending: TermEnding, folds: FoldSet, caseChange: CaseChange?,
    entry: Int
  ) {
    self.reference = reference
    self.conceptID = conceptID
    self.term = term
    self.language = language
    self.range = range
    self.text = text
    self.ending = ending
    self.folds = folds
    self.caseChange = caseChange
    self.entry = entry
  }

  /// The glossary form with the same ending as the text (`Five-Year Plans` for a plural).
  public var expectedSurface: String { TermOccurrence.surface(of: term.text, ending: ending) }

  /// `form` with the plural of `ending`, if any.
  public static func surface(of form: String, ending: TermEnding) -> String {
    ending.plural.map { $0.apply(to: form) } ?? form
  }
}

/// How the letter case of an occurrence differs from its glossary form.
public enum CaseChange: String, Sendable, Codable {
  /// Only the first letter is a capital: expected at the start of a sentence.
  case initialCapital = "initial-capital"
  /// Letters that are small in the glossary are capitals in the text, and nothing else
  /// differs: expected in title-case headings.
  case moreCapitals = "more-capitals"
  /// Any other difference, such as a capital written small.
  case other
}
