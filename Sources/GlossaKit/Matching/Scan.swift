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
  /// The trie's first steps from each token (see ``TokenLinks``).
  var links = TokenLinks()
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

/// The first steps of the term trie from each token of a scan, looked up for all tokens in one
/// pass before any walk: each look-up waits on a cache miss in the tables of a large glossary,
/// and in one loop over the tokens, whose look-ups do not depend on each other, the processor
/// overlaps these misses; the walks then read the results in order, where each of their own
/// look-ups waited for the one before.
struct TokenLinks: Sendable {
  /// Token `p`'s word record (an empty one for a word not in the glossary), read here with
  /// every other token's, so that a walk reads them in order.
  var infos: [WordInfo] = []
  /// The child of token `p`'s root child (`infos[p].root`) along token `p + 1`'s word, or -1.
  var pairs: [Int32] = []
  /// The child of token `p + 1`'s root child along token `p`'s word (the two words swapped), or
  /// -1; -1 too where that root child leads to no key a near miss can report (only near misses
  /// read it).
  var swaps: [Int32] = []
  /// The child of token `p`'s root child along token `p + 2`'s word (the word between left out),
  /// or -1; -1 too where that root child leads to no key a near miss can report.
  var skips: [Int32] = []

  init() {}

  /// The links of the tokens whose identifiers are `ids`.
  init(ids: [Int32], matcher: TermMatcher) {
    let count = ids.count
    var infos = [WordInfo](repeating: WordInfo(), count: count)
    var pairs = [Int32](repeating: -1, count: count)
    var swaps = [Int32](repeating: -1, count: count)
    var skips = [Int32](repeating: -1, count: count)
    let edges = matcher.edges
    let nearMissNodes = matcher.nearMissNodes
    ids.withUnsafeBufferPointer { ids in
      matcher.wordInfo.withUnsafeBufferPointer { info in
        for p in 0..<count where ids[p] >= 0 { infos[p] = info[Int(ids[p])] }
      }
      for p in 0..<count {
        let root = infos[p].root
        if root >= 0 && p + 1 < count && ids[p + 1] >= 0 {
          pairs[p] = edges.child(root, ids[p + 1])
        }
        if root >= 0 && p + 2 < count && ids[p + 2] >= 0 && nearMissNodes.contains(root) {
          skips[p] = edges.child(root, ids[p + 2])
        }
        let next = p + 1 < count ? infos[p + 1].root : -1
        if ids[p] >= 0 && next >= 0 && nearMissNodes.contains(next) {
          swaps[p] = edges.child(next, ids[p])
        }
      }
    }
    self.infos = infos
    self.pairs = pairs
    self.swaps = swaps
    self.skips = skips
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
