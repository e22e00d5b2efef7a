public import GlossaKit
import Synchronization

/// One translation pair of the memory: a source and a target segment, with everything the TMX
/// unit said about them, so that export gives back what came in.
public struct MemoryUnit: Sendable, Equatable, Codable {
  /// The unit's identifier (`tuid`), if it had one.
  public var tuid: String?
  /// The source language.
  public var sourceLanguage: LanguageTag
  /// The target language.
  public var targetLanguage: LanguageTag
  /// The source segment, markup kept.
  public var source: TranslationUnit.Segment
  /// The target segment, markup kept.
  public var target: TranslationUnit.Segment
  /// When the unit was created (TMX `creationdate`, `YYYYMMDDThhmmssZ`).
  public var creationDate: String?
  /// Who created it (TMX `creationid`).
  public var creationUser: String?
  /// When it last changed (TMX `changedate`).
  public var changeDate: String?
  /// Who changed it last (TMX `changeid`).
  public var changeUser: String?
  /// The file it was imported from.
  public var origin: String?
  /// The rest of the TMX unit and of its two variants.
  public var extras: Extras

  /// What TMX says about a unit besides its segments, kept for export.
  public struct Extras: Sendable, Equatable, Codable {
    /// The unit's other attributes.
    public var attributes: [String: String] = [:]
    /// The unit's properties.
    public var properties: [TranslationUnit.Property] = []
    /// The unit's notes.
    public var notes: [String] = []
    /// The source variant's language as written, its attributes, properties and notes.
    public var source = Variant()
    /// The target variant's language as written, its attributes, properties and notes.
    public var target = Variant()

    /// A variant's language as written (`en-us`), attributes, properties and notes.
    public struct Variant: Sendable, Equatable, Codable {
      /// The language as the file wrote it.
      public var language: String?
      /// The variant's attributes.
      public var attributes: [String: String] = [:]
      /// The variant's properties.
      public var properties: [TranslationUnit.Property] = []
      /// The variant's notes.
      public var notes: [String] = []

      private enum CodingKeys: String, CodingKey {
        case language, attributes, properties, notes
      }

      /// A variant with these fields.
      public init(
        language: String? = nil, attributes: [String: String] = [:],
        properties: [TranslationUnit.Property] = [], notes: [String] = []
      ) {
        self.language = language
        self.attributes = attributes
        self.properties = properties
        self.notes = notes
      }

      /// Reads what ``encode(to:)`` writes (an absent field is empty).
      public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        language = try container.decodeIfPresent(String.self, forKey: .language)
        attributes =
          try container.decodeIfPresent([String: String].self, forKey: .attributes) ?? [:]
        properties =
          try container.decodeIfPresent([TranslationUnit.Property].self, forKey: .properties) ?? []
        notes = try container.decodeIfPresent([String].self, forKey: .notes) ?? []
      }

      /// Writes the fields that are not empty.
      public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(language, forKey: .language)
        if !attributes.isEmpty { try container.encode(attributes, forKey: .attributes) }
        if !properties.isEmpty { try container.encode(properties, forKey: .properties) }
        if !notes.isEmpty { try container.encode(notes, forKey: .notes) }
      }
    }

    /// Empty extras.
    public init() {}

    private enum CodingKeys: String, CodingKey {
      case attributes, properties, notes, source, target
    }

    /// Reads what ``encode(to:)`` writes (an absent field is empty).
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      attributes = try container.decodeIfPresent([String: String].self, forKey: .attributes) ?? [:]
      properties =
        try container.decodeIfPresent([TranslationUnit.Property].self, forKey: .properties) ?? []
      notes = try container.decodeIfPresent([String].self, forKey: .notes) ?? []
      source = try container.decodeIfPresent(Variant.self, forKey: .source) ?? Variant()
      target = try container.decodeIfPresent(Variant.self, forKey: .target) ?? Variant()
    }

    /// Writes the fields that are not empty (most units have only their languages).
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      if !attributes.isEmpty { try container.encode(attributes, forKey: .attributes) }
      if !properties.isEmpty { try container.encode(properties, forKey: .properties) }
      if !notes.isEmpty { try container.encode(notes, forKey: .notes) }
      if source != Variant() { try container.encode(source, forKey: .source) }
      if target != Variant() { try container.encode(target, forKey: .target) }
    }
  }

  /// Creates a pair.
  public init(
    tuid: String? = nil, sourceLanguage: LanguageTag, targetLanguage: LanguageTag,
    source: TranslationUnit.Segment, target: TranslationUnit.Segment, creationDate: String? = nil,
    creationUser: String? = nil, changeDate: String? = nil, changeUser: String? = nil,
    origin: String? = nil, extras: Extras = Extras()
  ) {
    self.tuid = tuid
    self.sourceLanguage = sourceLanguage
    self.targetLanguage = targetLanguage
    self.source = source
    self.target = target
    self.creationDate = creationDate
    self.creationUser = creationUser
    self.changeDate = changeDate
    self.changeUser = changeUser
    self.origin = origin
    self.extras = extras
  }

  /// Why a TMX unit gives no pairs.
  public enum PairingProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// The unit has fewer than two languages.
    case oneLanguage
    /// The source language is not in the unit.
    case noSourceVariant(String)
    /// A language tag is not BCP 47.
    case invalidLanguage(String)
    /// A segment is empty.
    case emptySegment(String)

    /// A one-line description.
    public var description: String {
      switch self {
      case .oneLanguage: "has fewer than two languages"
      case .noSourceVariant(let language): "has no variant in the source language '\(language)'"
      case .invalidLanguage(let language):
        "has a variant in '\(language)', which is not a BCP 47 language tag"
      case .emptySegment(let language): "has an empty \(language) segment"
      }
    }
  }

  /// The pairs of a TMX unit: its source variant with each other language.
  ///
  /// The source language is the unit's own `srclang`, else `sourceLanguage` (the header's, or
  /// the user's); with `*all*` or none, the first variant is the source. A unit in three or more
  /// languages gives one pair per target language.
  /// - Throws: `PairingProblem` when the unit cannot give a pair.
  public static func pairs(
    from unit: consuming TranslationUnit, sourceLanguage: String?, origin: String?
  ) throws(PairingProblem) -> [MemoryUnit] {
    // The first variant's language only, read in place: a copy of the variant (which `first`
    // makes) would retain each of its strings.
    guard !unit.variants.isEmpty, case let firstLanguage = unit.variants[0].language,
      unit.variants.contains(where: { !sameTag($0.language, firstLanguage) })
    else { throw .oneLanguage }
    var wanted = unit.attributes["srclang"] ?? sourceLanguage
    if wanted == "*all*" { wanted = nil }
    let sourceIndex: Int
    if let wanted {
      let wantedTag = tag(wanted)
      // The same tag but for case, else the first variant of the same language.
      var found = unit.variants.firstIndex { sameTag($0.language, wanted) }
      if found == nil, let wantedTag {
        found = unit.variants.firstIndex { variant in
          guard let variantTag = tag(variant.language) else { return false }
          return wantedTag.covers(variantTag)
        }
      }
      guard let index = found else { throw .noSourceVariant(wanted) }
      sourceIndex = index
    } else {
      sourceIndex = 0
    }
    guard let sourceTag = tag(unit.variants[sourceIndex].language) else {
      throw .invalidLanguage(unit.variants[sourceIndex].language)
    }
    guard !blank(unit.variants[sourceIndex].segment.text) else {
      throw .emptySegment(unit.variants[sourceIndex].language)
    }
    // The unit's parts are moved out of it, not copied (a copy retains each string; the
    // attributes, shared, were copied whole by the first removal).
    var unit = unit
    var sourceVariant = TranslationUnit.Variant(language: "", segment: .init(markup: "", text: ""))
    swap(&sourceVariant, &unit.variants[sourceIndex])
    var attributes: [String: String] = [:]
    swap(&attributes, &unit.attributes)
    let dates = (
      attributes.removeValue(forKey: "creationdate"), attributes.removeValue(forKey: "creationid"),
      attributes.removeValue(forKey: "changedate"), attributes.removeValue(forKey: "changeid")
    )
    var variants: [TranslationUnit.Variant] = []
    swap(&variants, &unit.variants)
    var result: [MemoryUnit] = []
    for index in variants.indices where index != sourceIndex {
      guard !sameTag(variants[index].language, sourceVariant.language) else { continue }
      guard let targetTag = tag(variants[index].language) else {
        throw .invalidLanguage(variants[index].language)
      }
      guard !blank(variants[index].segment.text) else {
        throw .emptySegment(variants[index].language)
      }
      // A target variant makes one pair: its parts are moved into it.
      var variant = TranslationUnit.Variant(language: "", segment: .init(markup: "", text: ""))
      swap(&variant, &variants[index])
      var extras = Extras()
      extras.attributes = attributes
      extras.properties = unit.properties
      extras.notes = unit.notes
      extras.source = .init(
        language: sourceVariant.language, attributes: sourceVariant.attributes,
        properties: sourceVariant.properties, notes: sourceVariant.notes)
      extras.target = .init(
        language: variant.language, attributes: variant.attributes, properties: variant.properties,
        notes: variant.notes)
      result.append(
        MemoryUnit(
          tuid: unit.id, sourceLanguage: sourceTag, targetLanguage: targetTag,
          source: sourceVariant.segment, target: variant.segment, creationDate: dates.0,
          creationUser: dates.1, changeDate: dates.2, changeUser: dates.3, origin: origin,
          extras: extras))
    }
    return result
  }

  /// Whether two language tags as written are the same but for case.
  static func sameTag(_ a: String, _ b: String) -> Bool {
    let ascii = a.withBytesInPlace { x in
      b.withBytesInPlace { y -> Bool? in
        guard x.count == y.count else {
          return x.allSatisfy { $0 < 0x80 } && y.allSatisfy { $0 < 0x80 } ? false : nil
        }
        for index in x.indices {
          let p = x[index]
          let q = y[index]
          guard p < 0x80 && q < 0x80 else { return nil }
          // ASCII letters differ in bit 0x20 alone between cases.
          if p != q && !(p | 0x20 == q | 0x20 && (0x61...0x7A).contains(p | 0x20)) { return false }
        }
        return true
      }
    }
    return ascii ?? (a.lowercased() == b.lowercased())
  }

  /// Whether `text` is whitespace alone (or empty), as `Character.isWhitespace` says; a first
  /// byte that is printable ASCII settles it at once.
  static func blank(_ text: String) -> Bool {
    if let first = text.utf8.first, first > 0x20 && first < 0x7F { return false }
    return text.allSatisfy(\.isWhitespace)
  }

  /// Tags as TMX files write them, canonicalized (a memory's units use a handful of tags).
  private static let tags = Mutex<[String: LanguageTag?]>([:])

  private static func tag(_ text: String) -> LanguageTag? {
    if let known = tags.withLock({ $0[text] }) { return known }
    let tag = LanguageTag(
      text.utf8.contains(UInt8(ascii: "_")) ? String(text.map { $0 == "_" ? "-" : $0 }) : text)
    tags.withLock { tags in
      if tags.count > 1_000 { tags.removeAll() }
      tags[text] = tag
    }
    return tag
  }

  /// The TMX unit for this pair.
  public var translationUnit: TranslationUnit {
    var attributes = extras.attributes
    if let creationDate { attributes["creationdate"] = creationDate }
    if let creationUser { attributes["creationid"] = creationUser }
    if let changeDate { attributes["changedate"] = changeDate }
    if let changeUser { attributes["changeid"] = changeUser }
    return TranslationUnit(
      id: tuid, attributes: attributes, properties: extras.properties, notes: extras.notes,
      variants: [
        .init(
          language: extras.source.language ?? sourceLanguage.rawValue, segment: source,
          attributes: extras.source.attributes, properties: extras.source.properties,
          notes: extras.source.notes),
        .init(
          language: extras.target.language ?? targetLanguage.rawValue, segment: target,
          attributes: extras.target.attributes, properties: extras.target.properties,
          notes: extras.target.notes),
      ])
  }
}
