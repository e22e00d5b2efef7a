public import GlossaText

/// What a scan of one text finds: its matching form and tokens, the term occurrences, the
/// acronyms used inside longer terms, and the probable misspellings of terms.
public struct Scan: Sendable {
  /// The text in its matching form.
  public var normalized: NormalizedText
  /// The tokens of the matching form.
  public var tokens: [Token]
  /// The term occurrences, in order, not overlapping.
  public var occurrences: [TermOccurrence] = []
  /// Occurrences of other concepts inside longer occurrences (`CPC` in `CPC Chongqing
  /// Municipal Committee`, `Communist Party of China` in `Chongqing Municipal Congress of the
  /// Communist Party of China`), in order.
  public var embedded: [TermOccurrence] = []
  /// Probable misspellings of multi-word terms, in order.
  public var nearMisses: [NearMiss] = []
  /// Each token's identifier in the matcher's word table, or -1 (looked up once per scan).
  var tokenIDs: [Int32] = []
  /// In a lint's scan, the token ranges of the quiet occurrences (empty in any other scan).
  ///
  /// Quiet occurrences are approved forms with no exception contexts, found as they stand (no
  /// fold, no case change), none of whose words is of a concept with an acronym. No rule reports
  /// them, so a lint leaves them out of ``occurrences``; they still take their tokens
  /// (leftmost-longest), and near misses are looked for around them as around any occurrence.
  var quiet: [Range<Int>] = []

  /// Creates a scan with no findings yet.
  public init(normalized: NormalizedText, tokens: [Token]) {
    self.normalized = normalized
    self.tokens = tokens
  }
}

/// A probable misspelling of a multi-word term: one word one or two edits off, or two words
/// swapped.
public struct NearMiss: Sendable, Equatable {
  /// What kind of slip it looks like.
  public enum Slip: String, Sendable, Codable {
    /// One word is misspelled.
    case misspelledWord = "misspelled-word"
    /// Two neighbouring words are swapped.
    case swappedWords = "swapped-words"
  }

  /// The term it most probably means.
  public var reference: TermReference
  /// The identifier of the term's concept.
  public var conceptID: String
  /// The term it most probably means.
  public var term: Term
  /// The bytes of the scanned text.
  public var range: Range<Int>
  /// The normalized byte range.
  public var normalizedRange: Range<Int>
  /// The text found.
  public var text: String
  /// The slip.
  public var slip: Slip
}
