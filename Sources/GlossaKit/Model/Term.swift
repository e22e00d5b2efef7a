/// One form of a concept in one language, with its status and how to match it.
///
/// ```swift
/// Term("Chen Min'er")                                   // preferred, full form, permissive
/// Term("Chen Miner", status: .deprecated)
/// Term("CPC", type: .acronym, caseMode: .sensitive)
/// ```
public struct Term: Hashable, Sendable, Codable {
  /// The form as written in the glossary.
  public var text: String
  /// Whether the form may be used.
  public var status: TermStatus
  /// The kind of form: full form, acronym, ….
  public var type: TermType
  /// The part of speech, free text as in TBX (`noun`, `properNoun`, `verb`); `nil` when not given.
  public var partOfSpeech: String?
  /// How letter case is matched.
  public var caseMode: CaseMode
  /// A note for translators.
  public var note: String?
  /// The date (ISO 8601, `YYYY-MM-DD`) from which the status holds; used by date-aware rules
  /// such as `superseded-term`.
  public var effectiveDate: String?
  /// Contexts in which this form is allowed even though its status says otherwise (a proper name
  /// that keeps an old romanization, say); each is a phrase that contains the form.
  public var exceptions: [String]
  /// Further attributes read from an exchange format and written back to it.
  public var properties: [String: String]

  /// Creates a term.
  public init(
    _ text: String, status: TermStatus = .preferred, type: TermType = .fullForm,
    partOfSpeech: String? = nil, caseMode: CaseMode = .permissive, note: String? = nil,
    effectiveDate: String? = nil, exceptions: [String] = [], properties: [String: String] = [:]
  ) {
    self.text = text
    self.status = status
    self.type = type
    self.partOfSpeech = partOfSpeech
    self.caseMode = caseMode
    self.note = note
    self.effectiveDate = effectiveDate
    self.exceptions = exceptions
    self.properties = properties
  }
}
