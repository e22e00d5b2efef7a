/// One form of a concept in one language, with its status and how to match it.
///
/// ```swift
/// Term("Chen Min'er")                                   // preferred, full form, permissive
/// Term("Chen Miner", status: .deprecated)
/// Term("CPC", type: .acronym, caseMode: .sensitive)
/// ```
public struct Term: Hashable, Sendable, Codable {
  /// The fields, shared between copies until one of them changes (copy on write): a term is
  /// copied into every occurrence of it that a scan finds, and one reference copies faster than
  /// nine fields.
  private final class Storage: @unchecked Sendable {
    var text: String
    var status: TermStatus
    var type: TermType
    var partOfSpeech: String?
    var caseMode: CaseMode
    var note: String?
    var effectiveDate: String?
    var exceptions: [String]
    var properties: [String: String]

    init(
      text: String, status: TermStatus, type: TermType, partOfSpeech: String?,
      caseMode: CaseMode, note: String?, effectiveDate: String?, exceptions: [String],
      properties: [String: String]
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

    func copy() -> Storage {
      Storage(
        text: text, status: status, type: type, partOfSpeech: partOfSpeech, caseMode: caseMode,
        note: note, effectiveDate: effectiveDate, exceptions: exceptions, properties: properties)
    }
  }

  private var storage: Storage

  /// The storage, copied first when another term shares it.
  private var unique: Storage {
    mutating get {
      if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
      return storage
    }
  }

  /// The form as written in the glossary.
  public var text: String {
    get { storage.text }
    set { unique.text = newValue }
  }
  /// Whether the form may be used.
  public var status: TermStatus {
    get { storage.status }
    set { unique.status = newValue }
  }
  /// The kind of form: full form, acronym, ….
  public var type: TermType {
    get { storage.type }
    set { unique.type = newValue }
  }
  /// The part of speech, free text as in TBX (`noun`, `properNoun`, `verb`); `nil` when not given.
  public var partOfSpeech: String? {
    get { storage.partOfSpeech }
    set { unique.partOfSpeech = newValue }
  }
  /// How letter case is matched.
  public var caseMode: CaseMode {
    get { storage.caseMode }
    set { unique.caseMode = newValue }
  }
  /// A note for translators.
  public var note: String? {
    get { storage.note }
    set { unique.note = newValue }
  }
  /// The date (ISO 8601, `YYYY-MM-DD`) from which the status holds; used by date-aware rules
  /// such as `superseded-term`.
  public var effectiveDate: String? {
    get { storage.effectiveDate }
    set { unique.effectiveDate = newValue }
  }
  /// Contexts in which this form is allowed even though its status says otherwise (a proper name
  /// that keeps an old romanization, say); each is a phrase that contains the form.
  public var exceptions: [String] {
    get { storage.exceptions }
    set { unique.exceptions = newValue }
  }
  /// Further attributes read from an exchange format and written back to it.
  public var properties: [String: String] {
    get { storage.properties }
    set { unique.properties = newValue }
  }

  /// Creates a term.
  public init(
    _ text: String, status: TermStatus = .preferred, type: TermType = .fullForm,
    partOfSpeech: String? = nil, caseMode: CaseMode = .permissive, note: String? = nil,
    effectiveDate: String? = nil, exceptions: [String] = [], properties: [String: String] = [:]
  ) {
    storage = Storage(
      text: text, status: status, type: type, partOfSpeech: partOfSpeech, caseMode: caseMode,
      note: note, effectiveDate: effectiveDate, exceptions: exceptions, properties: properties)
  }

  /// Whether two terms have the same fields.
  public static func == (a: Term, b: Term) -> Bool {
    a.storage === b.storage
      || (a.text == b.text && a.status == b.status && a.type == b.type
        && a.partOfSpeech == b.partOfSpeech && a.caseMode == b.caseMode && a.note == b.note
        && a.effectiveDate == b.effectiveDate && a.exceptions == b.exceptions
        && a.properties == b.properties)
  }

  /// Hashes every field.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(text)
    hasher.combine(status)
    hasher.combine(type)
    hasher.combine(partOfSpeech)
    hasher.combine(caseMode)
    hasher.combine(note)
    hasher.combine(effectiveDate)
    hasher.combine(exceptions)
    hasher.combine(properties)
  }

  private enum CodingKeys: String, CodingKey {
    case text, status, type, partOfSpeech, caseMode, note, effectiveDate, exceptions, properties
  }

  /// Reads a term as ``encode(to:)`` writes it (the field names of the type).
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      try container.decode(String.self, forKey: .text),
      status: try container.decode(TermStatus.self, forKey: .status),
      type: try container.decode(TermType.self, forKey: .type),
      partOfSpeech: try container.decodeIfPresent(String.self, forKey: .partOfSpeech),
      caseMode: try container.decode(CaseMode.self, forKey: .caseMode),
      note: try container.decodeIfPresent(String.self, forKey: .note),
      effectiveDate: try container.decodeIfPresent(String.self, forKey: .effectiveDate),
      exceptions: try container.decode([String].self, forKey: .exceptions),
      properties: try container.decode([String: String].self, forKey: .properties))
  }

  /// Writes every field under its name; absent optional fields are left out.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(text, forKey: .text)
    try container.encode(status, forKey: .status)
    try container.encode(type, forKey: .type)
    try container.encodeIfPresent(partOfSpeech, forKey: .partOfSpeech)
    try container.encode(caseMode, forKey: .caseMode)
    try container.encodeIfPresent(note, forKey: .note)
    try container.encodeIfPresent(effectiveDate, forKey: .effectiveDate)
    try container.encode(exceptions, forKey: .exceptions)
    try container.encode(properties, forKey: .properties)
  }
}
