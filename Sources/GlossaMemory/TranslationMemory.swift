public import GlossaKit

/// A translation memory: what `glossa tm` commands and `glossa check` use, whatever stores it.
///
/// Glossa's store is one SQLite file (``SQLiteMemory``); a shared server database can implement
/// this protocol without the commands changing. Implementations are used from one thread.
public protocol TranslationMemory: AnyObject {
  /// Adds pairs in one transaction, skipping those already present (same languages, source and
  /// target); returns how many were added.
  @discardableResult
  func add(_ units: [MemoryUnit]) throws(MemoryError) -> Int
  /// The number of pairs.
  func count() throws(MemoryError) -> Int
  /// Exact and fuzzy matches for `sentence`, best first.
  func lookup(_ sentence: String, options: LookupOptions) throws(MemoryError) -> [FuzzyMatch]
  /// Pairs whose source or target contains `phrase` (in matching form).
  func concordance(_ phrase: String, options: ConcordanceOptions) throws(MemoryError)
    -> [ConcordanceHit]
  /// Calls `body` with every pair, in the order they were added, without loading them all.
  func forEach(_ body: (StoredUnit) throws -> Void) throws
}

/// A pair as stored, with its row number.
public struct StoredUnit: Sendable, Equatable {
  /// The row number: the order in which pairs were added.
  public var id: Int64
  /// The pair.
  public var unit: MemoryUnit
  /// The source in matching form.
  public var sourceKey: String
  /// The target in matching form.
  public var targetKey: String
}

/// How to look a sentence up.
public struct LookupOptions: Sendable {
  /// The source language to match (any variant of its primary language), or any.
  public var sourceLanguage: LanguageTag?
  /// The target language wanted (any variant of its primary language), or any.
  public var targetLanguage: LanguageTag?
  /// The most matches to return.
  public var limit: Int
  /// The lowest percentage to return.
  public var minimum: Int
  /// How many candidates the index proposes for exact scoring.
  public var candidates: Int

  /// Creates options.
  public init(
    sourceLanguage: LanguageTag? = nil, targetLanguage: LanguageTag? = nil, limit: Int = 5,
    minimum: Int = 70, candidates: Int = 500
  ) {
    self.sourceLanguage = sourceLanguage
    self.targetLanguage = targetLanguage
    self.limit = limit
    self.minimum = minimum
    self.candidates = candidates
  }
}

/// A match from the memory.
public struct FuzzyMatch: Sendable, Equatable {
  /// The pair.
  public var unit: StoredUnit
  /// The match percentage (see ``MatchScore``).
  public var percentage: Int
  /// The similarity before the CAT adjustments, for ordering ties.
  public var similarity: Double
}

/// How to search the memory for a phrase.
public struct ConcordanceOptions: Sendable {
  /// Which side to search.
  public enum Side: String, Sendable, CaseIterable {
    case source, target, both
  }

  /// Which side to search.
  public var side: Side
  /// The most hits to return.
  public var limit: Int

  /// Creates options.
  public init(side: Side = .both, limit: Int = 20) {
    self.side = side
    self.limit = limit
  }
}

/// A pair that contains the phrase, with where.
public struct ConcordanceHit: Sendable, Equatable {
  /// The pair.
  public var unit: StoredUnit
  /// The ranges of the phrase in the source text (UTF-8 byte offsets).
  public var sourceRanges: [Range<Int>]
  /// The ranges of the phrase in the target text (UTF-8 byte offsets).
  public var targetRanges: [Range<Int>]
}
