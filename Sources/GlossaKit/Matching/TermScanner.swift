public import GlossaText

/// Finds the terms of a compiled glossary in text, and says which folds each match needed.
///
/// ```swift
/// let matcher = try TermMatcher(glossary: glossary, language: .english)
/// let scanner = try TermScanner(matcher: matcher)
/// for occurrence in scanner.occurrences(in: Array("the 14th Five Year Plan".utf8)) {
///   print(occurrence.term.text, occurrence.folds.folds)   // 14th Five-Year Plan [hyphenation]
/// }
/// ```
///
/// Matches are leftmost-longest: of the terms that start at the leftmost token, the longest
/// valid one wins, so an approved `Belt and Road Initiative` is one occurrence, not a
/// `Belt and Road` followed by text. Matches never cross a paragraph break or a gap of
/// several dashes. A scanner caches normalizations and is not thread-safe: one per thread.
public final class TermScanner {
  /// The compiled glossary.
  public let matcher: TermMatcher
  private let classify: CharacterClassifier
  private let normalizer: TextNormalizer
  private let tokenizer: Tokenizer
  private var normalizers: [FoldSet: TextNormalizer] = [:]
  private var canonicalCache: [FoldSet: [String: [UInt8]]] = [:]
  private var cachedStrings = 0
  /// What ``bestEntry(at:span:ending:text:)`` found at nodes of several choices and for texts
  /// not written as a node's one term.
  private var memo = BestEntryMemo()

  /// Creates a scanner for `matcher`.
  /// - Throws: `ICUError` when ICU cannot be loaded.
  public init(matcher: TermMatcher) throws(ICUError) {
    self.matcher = matcher
    classify = CharacterClassifier()
    normalizer = try TextNormalizer(folds: .all, classifier: classify)
    tokenizer = Tokenizer(classifier: classify)
    normalizers[.all] = normalizer
    for fold in Fold.allCases {
      let folds = FoldSet.all.subtracting(FoldSet(fold))
      normalizers[folds] = try TextNormalizer(folds: folds, classifier: classify)
    }
  }

  /// The term occurrences in `text` (valid UTF-8), in order, not overlapping.
  public func occurrences(in text: [UInt8]) -> [TermOccurrence] {
    scan(text).occurrences
  }

  /// Scans `text` (valid UTF-8): its matching form, tokens, term occurrences, acronyms inside
  /// longer terms, and probable misspellings of terms.
  public func scan(_ text: [UInt8]) -> Scan { scan(text, forLint: false) }

  /// ``scan(_:)``, or, `forLint`, what a lint needs of it: occurrences inside longer ones only
  /// where they may be of a concept with an acronym, and no quiet occurrences (see
  /// ``Scan/quiet``), which no rule reports.
  func scan(_ text: [UInt8], forLint: Bool) -> Scan {
    let normalized = text.withUnsafeBufferPointer { normalizer.normalize(utf8: $0) }
    let tokens = tokenizer.tokens(in: normalized.utf8)
    var scan = Scan(normalized: normalized, tokens: tokens)
    scan.tokenIDs = normalized.utf8.withUnsafeBufferPointer { bytes in
      tokens.map { matcher.words.lookup(UnsafeBufferPointer(rebasing: bytes[$0.range])) }
    }
    scan.links = TokenLinks(ids: scan.tokenIDs, matcher: matcher)
    (scan.occurrences, scan.quiet) = occurrences(in: scan, text: text, leavingOutQuiet: forLint)
    markExceptions(in: &scan)
    scan.embedded = embeddedOccurrences(in: scan, text: text, all: !forLint)
    scan.nearMisses = nearMisses(in: scan, text: text)
    return scan
  }

  /// The term occurrences of a scan whose matching form, tokens and token identifiers are
  /// known; `leavingOutQuiet`, the quiet ones apart, as token ranges.
  func occurrences(in scan: Scan, text: [UInt8], leavingOutQuiet: Bool) -> (
    [TermOccurrence], [Range<Int>]
  ) {
    var walk = Walk(scanner: self, text: text, scan: scan, leavingOutQuiet: leavingOutQuiet)
    var result: [TermOccurrence] = []
    result.reserveCapacity(scan.tokens.count / 16)
    var quiet: [Range<Int>] = []
    var p = 0
    while p < scan.tokens.count {
      if let match = walk.longestMatchFound(at: p, limit: scan.tokens.count) {
        // Built in place: an occurrence is large, and each move of it is a copy.
        result.append(walk.occurrence(of: match))
        p = match.tokens.upperBound
      } else if let end = walk.quietEnd {
        quiet.append(p..<end)
        p = end
      } else {
        p += 1
      }
    }
    return (result, quiet)
  }

  /// One pass of matching over a scanned text, from any token.
  struct Walk {
    let scanner: TermScanner
    /// The scanner's matcher, held once for the whole walk.
    let matcher: TermMatcher
    let text: [UInt8]
    let normalized: NormalizedText
    let tokens: [Token]
    /// The tokens' identifiers in the matcher's word table, or -1.
    let ids: [Int32]
    /// The tokens' word records and the trie's second steps, looked up before
    /// (``TokenLinks/infos``, ``TokenLinks/pairs``).
    let infos: [WordInfo]
    let pairs: [Int32]
    /// Whether a quiet match is left out (see ``Scan/quiet``).
    let leavingOutQuiet: Bool
    /// After a ``longestMatch(at:limit:)`` that found a quiet match and left it out, the token
    /// after it; otherwise `nil`.
    private(set) var quietEnd: Int?
    private var candidates: [(node: Int32, last: Int, ending: TermEnding)] = []
    /// Where the last match's start was found in the normalized text's map.
    private var piece = 0

    init(scanner: TermScanner, text: [UInt8], scan: Scan, leavingOutQuiet: Bool = false) {
      self.scanner = scanner
      self.matcher = scanner.matcher
      self.text = text
      self.normalized = scan.normalized
      self.tokens = scan.tokens
      self.ids = scan.tokenIDs
      self.infos = scan.links.infos
      self.pairs = scan.links.pairs
      self.leavingOutQuiet = leavingOutQuiet
    }

    func identifier(_ index: Int) -> Int32 { ids[index] }

    /// Whether a word of a concept with an acronym stands among the matched tokens `tokens`
    /// (such an occurrence is never quiet: `acronym-first-use` reads it, or what it holds).
    func holdsAcronymConceptWord(_ tokens: ClosedRange<Int>) -> Bool {
      tokens.contains { matcher.isAcronymConceptWord(ids[$0]) }
    }

    /// The longest valid occurrence that starts at token `p` and ends before token `limit`.
    mutating func longestMatch(at p: Int, limit: Int) -> TermOccurrence? {
      longestMatchFound(at: p, limit: limit).map { occurrence(of: $0) }
    }

    /// What ``longestMatch(at:limit:)`` finds, before it is made an occurrence.
    struct Match {
      let tokens: Range<Int>
      let span: Range<Int>
      let normalizedRange: Range<Int>
      let ending: TermEnding
      let entry: Int
      let found: String
      let folds: FoldSet
      let caseChange: CaseChange?
    }

    /// The occurrence a match makes.
    func occurrence(of match: Match) -> TermOccurrence {
      // The entry's fields, not a copy of the whole entry.
      let entries = matcher.entries
      var occurrence = TermOccurrence(
        reference: entries[match.entry].reference, conceptID: entries[match.entry].conceptID,
        term: entries[match.entry].term, language: entries[match.entry].language,
        range: match.span, text: match.found, ending: match.ending, folds: match.folds,
        caseChange: match.caseChange, entry: match.entry)
      occurrence.normalizedRange = match.normalizedRange
      occurrence.tokenRange = match.tokens
      return occurrence
    }

    /// ``longestMatch(at:limit:)``, as a ``Match``.
    mutating func longestMatchFound(at p: Int, limit: Int) -> Match? {
      quietEnd = nil
      guard identifier(p) >= 0 else { return nil }
      if !candidates.isEmpty { candidates.removeAll(keepingCapacity: true) }
      var node: Int32 = 0
      var q = p
      while q < limit {
        if q > p {
          let gap = tokens[q].gap
          if gap == .paragraph || gap == .other { break }
        }
        let id = identifier(q)
        if id < 0 { break }
        let info = infos[q]
        for k in info.endings {
          let (base, ending) = matcher.endings[k]
          let child = matcher.edges.child(node, base)
          if child >= 0 && matcher.isTerminal(child) {
            candidates.append((child, q, ending))
          }
        }
        guard info.flags & WordInfo.termWord != 0 else { break }
        // From the root, the word's own record says where it leads.
        if node == 0 {
          node = info.root
          guard node >= 0 else { break }
          if info.flags & WordInfo.rootIsTerminal != 0 { candidates.append((node, q, .none)) }
        } else {
          // The second word's step was looked up with every other token's.
          let child = q == p + 1 ? pairs[p] : matcher.edges.child(node, id)
          guard child >= 0 else { break }
          node = child
          if matcher.isTerminal(node) { candidates.append((node, q, .none)) }
        }
        q += 1
      }
      // By index: iterating the array would take a reference to it for every match.
      var remaining = candidates.count
      while remaining > 0 {
        remaining -= 1
        let candidate = candidates[remaining]
        let end = Int(tokens[candidate.last].end) - candidate.ending.possessiveLength
        let span = normalized.sourceRange(for: Int(tokens[p].start)..<end, near: &piece)
        // A quiet match as its node's one entry stands: told from the node's record alone.
        if leavingOutQuiet && candidate.ending == .none {
          let sole = matcher.soleEntries[Int(candidate.node)]
          if sole.isQuiet && sole.isText(text[span], pool: matcher.soleTexts)
            && !holdsAcronymConceptWord(p...candidate.last)
          {
            quietEnd = candidate.last + 1
            return nil
          }
        }
        if let best = scanner.bestEntry(
          at: candidate.node, span: span, ending: candidate.ending, text: text)
        {
          // No fold needed: as written, or only an ending (a case change is a fold too).
          if leavingOutQuiet && best.folds.isEmpty && matcher.entries[best.entry].isQuiet
            && !holdsAcronymConceptWord(p...candidate.last)
          {
            quietEnd = candidate.last + 1
            return nil
          }
          return Match(
            tokens: p..<(candidate.last + 1), span: span,
            normalizedRange: Int(tokens[p].start)..<end, ending: candidate.ending,
            entry: best.entry, found: best.found, folds: best.folds, caseChange: best.caseChange)
        }
      }
      return nil
    }
  }

  /// The best valid term at a trie node for the text `span`, or `nil`: its matcher entry (one
  /// of the node's ``TermMatcher/choices(of:)``), the text found, and the folds and case change
  /// it needed. (The occurrence is built once, by the caller: it is large, and moving it costs.)
  func bestEntry(
    at node: Int32, span: Range<Int>, ending: TermEnding, text: [UInt8]
  ) -> (entry: Int, found: String, folds: FoldSet, caseChange: CaseChange?)? {
    // A text at a node of several choices, or not written as the node's one term, was weighed
    // before, most of the time: the same words recur all through an archive.
    let choices = matcher.choices(of: node)
    if choices.count == 1 {
      // Written as the node's one choice: what weighing it would give, without weighing.
      let entry = Int(matcher.choiceList[choices.lowerBound])
      let term = matcher.entries[entry].term
      if ending.plural == nil && Self.sameBytes(text[span], term.text) {
        return (entry, term.text, [], nil)
      }
    }
    let hash = text.withUnsafeBufferPointer {
      BestEntryMemo.hash(UnsafeBufferPointer(rebasing: $0[span]), node: node, ending: ending)
    }
    if let known = memo.find(hash: hash, node: node, ending: ending, text: text, span: span) {
      return known.best.map { ($0.entry, known.found, $0.folds, $0.caseChange) }
    }
    let best = weigh(at: node, span: span, ending: ending, text: text)
    memo.insert(
      hash: hash, node: node, ending: ending,
      found: best?.found ?? String(decoding: text[span], as: UTF8.self),
      best: best.map { ($0.entry, $0.folds, $0.caseChange) })
    return best
  }

  /// ``bestEntry(at:span:ending:text:)``, weighing the node's choices.
  func weigh(
    at node: Int32, span: Range<Int>, ending: TermEnding, text: [UInt8]
  ) -> (entry: Int, found: String, folds: FoldSet, caseChange: CaseChange?)? {
    let bytes = text[span]
    // The text as written is, most of the time, a glossary form as it stands: that form's
    // string is then shared rather than decoded, and needs no diagnosis.
    var decoded: String?
    var best: (entry: Int, found: String, folds: FoldSet, caseChange: CaseChange?)?
    var bestScore = (Int.max, 0, 0)
    for k in matcher.choices(of: node) {
      // The entry's fields, not a copy of the whole entry.
      let index = Int(matcher.choiceList[k])
      let term = matcher.entries[index].term
      let asWritten = ending.plural == nil && Self.sameBytes(bytes, term.text)
      let found: String
      if asWritten {
        found = term.text
      } else if let decoded {
        found = decoded
      } else {
        found = String(decoding: bytes, as: UTF8.self)
        decoded = found
      }
      guard
        let (folds, caseChange) =
          asWritten ? ([], nil) : diagnose(found, against: term, ending: ending)
      else { continue }
      let score = (
        folds.count, term.status.isApproved ? 0 : 1, matcher.entries[index].joined ? 1 : 0
      )
      if best != nil, bestScore <= score { continue }
      best = (index, found, folds, caseChange)
      bestScore = score
    }
    return best
  }

  /// Whether `bytes` are the UTF-8 of `text`.
  static func sameBytes(_ bytes: ArraySlice<UInt8>, _ text: String) -> Bool {
    guard bytes.count == text.utf8.count else { return false }
    return text.utf8.withContiguousStorageIfAvailable { utf8 in
      bytes.withUnsafeBufferPointer { UTF8Scalars.same($0, utf8) }
    } ?? bytes.elementsEqual(text.utf8)
  }

  /// The folds that make `found` the term `term`, or `nil` when it is not the term (a
  /// case-sensitive term in another case, or a gap the folds do not explain).
  package func diagnose(
    _ found: String, against term: Term, ending: TermEnding
  ) -> (FoldSet, CaseChange?)? {
    let expected = TermOccurrence.surface(of: term.text, ending: ending)
    if found == expected { return ([], nil) }
    // Most texts that are not written as the term differ from it only in the case of ASCII
    // letters: then every canonical form with the case fold agrees, those without it differ at
    // the same letters, and the case fold alone explains the difference.
    if Self.differInASCIICaseOnly(found, expected) {
      switch term.caseMode {
      case .sensitive: return nil
      case .permissive: if !capitalWordsAgree(found, expected) { return nil }
      case .insensitive: break
      }
      return (
        FoldSet(.case),
        Self.caseChange(from: Array(expected.utf8), to: Array(found.utf8), classify: classify)
      )
    }
    return diagnoseByFolds(found, against: term, expected: expected)
  }

  /// Whether `a` and `b` are ASCII and differ only in the case of letters.
  static func differInASCIICaseOnly(_ a: String, _ b: String) -> Bool {
    var a = a
    var b = b
    return a.withUTF8 { a in
      b.withUTF8 { b in
        guard a.count == b.count else { return false }
        for i in 0..<a.count where a[i] != b[i] {
          let x = a[i] | 0x20
          guard a[i] < 0x80, b[i] < 0x80, x == b[i] | 0x20, x >= 0x61, x <= 0x7A else {
            return false
          }
        }
        return a.allSatisfy { $0 < 0x80 }
      }
    }
  }

  /// ``diagnose(_:against:ending:)`` by comparing canonical forms with each fold left out.
  package func diagnoseByFolds(
    _ found: String, against term: Term, expected: String
  ) -> (FoldSet, CaseChange?)? {
    guard canonical(found, .all) == canonical(expected, .all) else { return nil }
    var folds = FoldSet()
    var caseChange: CaseChange?
    let noCase = FoldSet.all.subtracting(FoldSet(.case))
    let foundCased = canonical(found, noCase)
    let expectedCased = canonical(expected, noCase)
    if foundCased != expectedCased {
      switch term.caseMode {
      case .sensitive: return nil
      case .permissive: if !capitalWordsAgree(found, expected) { return nil }
      case .insensitive: break
      }
      caseChange = Self.caseChange(from: expectedCased, to: foundCased, classify: classify)
      folds.insert(FoldSet(.case))
    }
    let isASCII = found.utf8.allSatisfy { $0 < 0x80 } && expected.utf8.allSatisfy { $0 < 0x80 }
    let suspects: [Fold] =
      isASCII ? [.whitespace, .quotes, .hyphenation] : Fold.allCases.filter { $0 != .case }
    for fold in suspects {
      let without = FoldSet.all.subtracting(FoldSet(fold))
      if canonical(found, without) != canonical(expected, without) { folds.insert(FoldSet(fold)) }
    }
    return (folds, caseChange)
  }

  /// Whether every word that the glossary writes in capitals (an acronym) is written the same
  /// way in `found`.
  private func capitalWordsAgree(_ found: String, _ expected: String) -> Bool {
    let noCase = FoldSet.all.subtracting(FoldSet(.case))
    guard let normalizer = normalizers[noCase] else { return true }
    let a = normalizer.normalize(found).utf8
    let b = normalizer.normalize(expected).utf8
    let aTokens = tokenizer.tokens(in: a)
    let bTokens = tokenizer.tokens(in: b)
    guard aTokens.count == bTokens.count else { return true }
    for (x, y) in zip(aTokens, bTokens) {
      let word = b[y.range]
      let scalars = String(decoding: word, as: UTF8.self).unicodeScalars
      let letters = scalars.filter { classify($0.value).contains(.alphabetic) }
      guard letters.count >= 2,
        letters.allSatisfy({ !classify($0.value).contains(.lowercase) })
      else { continue }
      if a[x.range] != word { return false }
    }
    return true
  }

  /// How the cased forms differ.
  static func caseChange(
    from expected: [UInt8], to found: [UInt8], classify: CharacterClassifier
  ) -> CaseChange {
    let e = Array(String(decoding: expected, as: UTF8.self).unicodeScalars)
    let f = Array(String(decoding: found, as: UTF8.self).unicodeScalars)
    guard e.count == f.count else { return .other }
    var differences: [Int] = []
    for index in e.indices where e[index] != f[index] {
      guard classify(f[index].value).contains(.uppercase),
        !classify(e[index].value).contains(.uppercase)
      else { return .other }
      differences.append(index)
    }
    let firstLetter = f.firstIndex { classify($0.value).contains(.alphabetic) }
    return differences == [firstLetter] ? .initialCapital : .moreCapitals
  }

  /// The canonical form of `text` under `folds`: its tokens, with the gaps that the folds
  /// do not erase.
  ///
  /// Under `hyphenation`, a space, a hyphen or nothing between two words is erased; under
  /// `whitespace`, spaces next to symbols and ideographs are erased. Any other gap is kept as it
  /// is written (after the other folds), so that each fold can be left out in turn to see
  /// whether the match needed it.
  package func canonical(_ text: String, _ folds: FoldSet) -> [UInt8] {
    if let known = canonicalCache[folds]?[text] { return known }
    guard let normalizer = normalizers[folds] else { return Array(text.utf8) }
    let bytes = normalizer.normalize(text).utf8
    let tokens = tokenizer.tokens(in: bytes)
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    for (index, token) in tokens.enumerated() {
      if index > 0 {
        let gap = bytes[Int(tokens[index - 1].end)..<Int(token.start)]
        let wordToWord = tokens[index - 1].kind == .word && token.kind == .word
        let spacesOnly = gap.allSatisfy { $0 == 0x20 }
        if wordToWord && folds.contains(.hyphenation) && (spacesOnly || gap.elementsEqual([0x2D])) {
          // erased
        } else if !wordToWord && spacesOnly && folds.contains(.whitespace) {
          // erased
        } else {
          output.append(contentsOf: spacesOnly && !gap.isEmpty ? [0x20] : Array(gap))
        }
      }
      output.append(contentsOf: bytes[token.range])
    }
    if cachedStrings > 100_000 {
      canonicalCache.removeAll(keepingCapacity: true)
      cachedStrings = 0
    }
    canonicalCache[folds, default: [:]][text] = output
    cachedStrings += 1
    return output
  }
}

/// What ``TermScanner/bestEntry(at:span:ending:text:)`` found for a text at a trie node.
///
/// An open-addressing table of hashes over node, ending and text; the texts are kept to be
/// compared and handed back. Emptied when it holds 32,768 texts (a quarter of its slots):
/// small enough to stay near the core, large enough for the words that recur.
struct BestEntryMemo {
  struct Item {
    let node: Int32
    let ending: TermEnding
    let found: String
    let best: (entry: Int, folds: FoldSet, caseChange: CaseChange?)?
  }

  /// `hash >> 32 << 32 | index + 1`, or 0 for an empty slot.
  private var slots = [UInt64](repeating: 0, count: 1 << 17)
  private var items: [Item] = []

  /// The word table's hash of the text, mixed with the node and the ending.
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>, node: Int32, ending: TermEnding) -> UInt64 {
    let endingCode: UInt64
    switch ending {
    case .none: endingCode = 0
    case .possessive: endingCode = 1
    case .plural(let form): endingCode = UInt64(form.rawValue) + 2
    }
    let place = UInt64(UInt32(bitPattern: node)) | endingCode << 32
    return WordTable.hash(bytes) ^ (place &* 0x9E37_79B9_7F4A_7C15)
  }

  func find(hash: UInt64, node: Int32, ending: TermEnding, text: [UInt8], span: Range<Int>)
    -> Item?
  {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let value = slots[slot]
      if value == 0 { return nil }
      if value >> 32 == hash >> 32 {
        let item = items[Int(value & 0xFFFF_FFFF) - 1]
        if item.node == node && item.ending == ending
          && TermScanner.sameBytes(text[span], item.found)
        {
          return item
        }
      }
      slot = (slot + 1) & mask
    }
  }

  mutating func insert(
    hash: UInt64, node: Int32, ending: TermEnding, found: String,
    best: (entry: Int, folds: FoldSet, caseChange: CaseChange?)?
  ) {
    // At most a quarter full; emptied rather than grown.
    if items.count >= slots.count / 4 {
      items.removeAll(keepingCapacity: true)
      for index in slots.indices { slots[index] = 0 }
    }
    items.append(Item(node: node, ending: ending, found: found, best: best))
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] != 0 { slot = (slot + 1) & mask }
    slots[slot] = (hash >> 32) << 32 | UInt64(items.count)
  }
}
