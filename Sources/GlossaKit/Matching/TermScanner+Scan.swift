import GlossaText

extension TermScanner {
  /// Marks the occurrences that lie inside one of their term's exception contexts.
  func markExceptions(in scan: inout Scan) {
    let bytes = scan.normalized.utf8
    for index in scan.occurrences.indices {
      let exceptions = matcher.entries[scan.occurrences[index].entry].exceptions
      guard !exceptions.isEmpty else { continue }
      let range = scan.occurrences[index].normalizedRange
      scan.occurrences[index].isExcepted = exceptions.contains { key in
        // The context must cover the occurrence: it starts at most its length before it.
        let lowest = max(0, range.upperBound - key.count)
        let highest = min(range.lowerBound, bytes.count - key.count)
        guard lowest <= highest else { return false }
        for start in lowest...highest where bytes[start..<(start + key.count)].elementsEqual(key) {
          return true
        }
        return false
      }
    }
  }

  /// Occurrences of other concepts inside longer occurrences.
  ///
  /// At each token of a multi-token occurrence, the longest match that ends inside it. Unless
  /// `all`, only inside occurrences holding a word of a concept with an acronym: the others
  /// cannot hold one of its forms.
  func embeddedOccurrences(in scan: Scan, text: [UInt8], all: Bool) -> [TermOccurrence] {
    var walk = Walk(scanner: self, text: text, scan: scan)
    var result: [TermOccurrence] = []
    let ids = scan.tokenIDs
    for index in scan.occurrences.indices where scan.occurrences[index].tokenRange.count > 1 {
      let range = scan.occurrences[index].tokenRange
      guard
        all
          || range.contains(where: { ids[$0] >= 0 && matcher.isAcronymConceptWord(ids[$0]) })
      else { continue }
      let concept = scan.occurrences[index].reference.conceptIndex
      var p = range.lowerBound
      while p < range.upperBound {
        // From the first token, only shorter matches than the occurrence itself.
        let limit = p == range.lowerBound ? range.upperBound - 1 : range.upperBound
        if let inner = walk.longestMatch(at: p, limit: limit),
          inner.reference.conceptIndex != concept
        {
          result.append(inner)
          p = inner.tokenRange.upperBound
        } else {
          p += 1
        }
      }
    }
    return result
  }

  /// Probable misspellings of multi-word terms among the tokens no occurrence covers.
  ///
  /// A word is a probable misspelling of a term's word when it is not a glossary word itself,
  /// begins with the same letter, has at least four letters, and is one edit away (two for words
  /// of seven letters or more); two neighbouring words may also be swapped. Every other word of
  /// the term must match exactly. Only terms a near miss can report are looked for (approved,
  /// of two words or more, two of them of four bytes or more: see
  /// ``TermMatcher/mayBeNearMissed(_:key:)``); from each token, the longest of them is taken.
  func nearMisses(in scan: Scan, text: [UInt8]) -> [NearMiss] {
    guard matcher.profile.takesEnglishEndings || !matcher.language.isWrittenWithoutSpaces else {
      return []
    }
    let tokens = scan.tokens
    let count = tokens.count
    // The longest occurrence over each token: a near miss must be longer than what it overlaps.
    // (Built, then bound as constants: the closures below read them without checks of
    // exclusive access.)
    var covering = [Int](repeating: 0, count: count)
    for index in scan.occurrences.indices {
      let tokenRange = scan.occurrences[index].tokenRange
      for token in tokenRange { covering[token] = tokenRange.count }
    }
    for tokenRange in scan.quiet {
      for token in tokenRange { covering[token] = tokenRange.count }
    }
    let coveredBy = covering
    // The words that can be part of a multi-word term, or -1: from the tokens' word records,
    // read with the links.
    var termWords = [Int32](repeating: -1, count: count)
    let infos = scan.links.infos
    for index in 0..<count where infos[index].flags & WordInfo.termWord != 0 {
      termWords[index] = scan.tokenIDs[index]
    }
    let ids = termWords
    // The first steps from each token, looked up for all tokens at once (see `TokenLinks`).
    let pairs = scan.links.pairs
    let swaps = scan.links.swaps
    let skips = scan.links.skips
    func id(_ index: Int) -> Int32 { ids[index] }
    /// The child of `node` along the word of token `index`, or -1.
    func step(_ node: Int32, _ index: Int) -> Int32 {
      node == 0 ? infos[index].root : matcher.edges.child(node, ids[index])
    }
    func word(_ index: Int) -> ArraySlice<UInt8> { scan.normalized.utf8[tokens[index].range] }
    func joins(_ index: Int) -> Bool {
      let gap = tokens[index].gap
      return gap == .space || gap == .hyphen || gap == .none
    }
    /// Walks exactly from `node` through tokens from `start`; the longest key reached that a
    /// near miss can report.
    func finish(from node: Int32, at start: Int, depth: Int) -> (node: Int32, end: Int)? {
      var node = node
      var best: (Int32, Int)? =
        depth >= 2 && matcher.endsNearMiss(node) ? (node, start) : nil
      var q = start
      while q < count, joins(q) {
        let next = id(q)
        guard next >= 0 else { break }
        let child = matcher.edges.child(node, next)
        guard child >= 0, matcher.leadsToNearMiss(child) else { break }
        node = child
        q += 1
        if matcher.endsNearMiss(node) { best = (node, q) }
      }
      return best
    }

    // The words compared in place (a slice of the glossary's words would take a reference to
    // them, which the threads of a lint contend for).
    return scan.normalized.utf8.withUnsafeBufferPointer { utf8 in
      matcher.words.withWords { words in
        func typed(_ index: Int) -> UnsafeBufferPointer<UInt8> {
          UnsafeBufferPointer(rebasing: utf8[tokens[index].range])
        }
        var result: [NearMiss] = []
        var p = 0
        while p < count {
          guard tokens[p].kind == .word else {
            p += 1
            continue
          }
          var found: (node: Int32, end: Int, slip: NearMiss.Slip)?
          // A slip in the first word: it is unknown, the second word is exact.
          if id(p) < 0, p + 1 < count, joins(p + 1), id(p + 1) >= 0,
            infos[p + 1].flags & WordInfo.secondNearMissWord != 0,
            let first = word(p).first
          {
            let shape = SlipShape(typed(p))
            for candidate in matcher.firstWordsBySecond[TermMatcher.nearKey(id(p + 1), first)]
            where shape.mayBeSlip(of: candidate.shape)
              && Self.isSlip(typed(p), of: words[candidate.word])
            {
              if let end = finish(from: candidate.node, at: p + 2, depth: 2),
                end.end > (found?.end ?? 0)
              {
                found = (end.node, end.end, .misspelledWord)
              }
            }
          }
          // Exact words, then a misspelled word or two swapped words.
          if found == nil, id(p) >= 0 {
            var node: Int32 = 0
            var q = p
            while q < count, q == p || joins(q) {
              let next = id(q)
              // A swap of this word and the next.
              if q + 1 < count, joins(q + 1), next >= 0, id(q + 1) >= 0, next != id(q + 1) {
                let a = q == p ? infos[q + 1].root : q == p + 1 ? skips[p] : step(node, q + 1)
                let b = a < 0 ? -1 : q == p ? swaps[p] : matcher.edges.child(a, next)
                if b >= 0, matcher.leadsToNearMiss(b),
                  let end = finish(from: b, at: q + 2, depth: q - p + 2),
                  end.end > (found?.end ?? 0)
                {
                  found = (end.node, end.end, .swappedWords)
                }
              }
              if next < 0 {
                // A misspelled word after at least one exact word.
                if q > p, tokens[q].kind == .word, let first = word(q).first {
                  let shape = SlipShape(typed(q))
                  for candidate in matcher.childrenByFirstByte[TermMatcher.nearKey(node, first)]
                  where shape.mayBeSlip(of: candidate.shape)
                    && Self.isSlip(typed(q), of: words[candidate.word])
                  {
                    if let end = finish(from: candidate.node, at: q + 1, depth: q - p + 1),
                      end.end > (found?.end ?? 0)
                    {
                      found = (end.node, end.end, .misspelledWord)
                    }
                  }
                }
                break
              }
              let child = q == p + 1 ? pairs[p] : step(node, q)
              // Past a node that leads to no key a near miss can report, none is found.
              guard child >= 0, matcher.leadsToNearMiss(child) else { break }
              node = child
              q += 1
            }
          }
          guard let (node, end, slip) = found, (p..<end).allSatisfy({ coveredBy[$0] < end - p }),
            Self.isDistinctive((p..<end).map { word($0) }, swapped: slip == .swappedWords),
            let entryIndex = matcher.terminalEntries(of: node).map({ Int(matcher.terminals[$0]) })
              .filter({
                matcher.entries[$0].term.status.isApproved && matcher.entries[$0].length >= 2
              })
              .min(by: { matcher.entries[$0].term.status < matcher.entries[$1].term.status })
          else {
            p += 1
            continue
          }
          let entry = matcher.entries[entryIndex]
          let normalizedRange = Int(tokens[p].start)..<Int(tokens[end - 1].end)
          let span = scan.normalized.sourceRange(for: normalizedRange)
          let concept = matcher.glossary.concepts[entry.reference.conceptIndex]
          result.append(
            NearMiss(
              reference: entry.reference, conceptID: concept.id, term: entry.term, range: span,
              normalizedRange: normalizedRange, text: String(decoding: text[span], as: UTF8.self),
              slip: slip))
          p = end
        }
        return result
      }
    }
  }

  /// Words too common to make a near miss telling on their own.
  static let commonWords: Set<String> = [
    "about", "after", "also", "been", "before", "being", "both", "each", "even", "from", "have",
    "here",
    "into", "just", "like", "made", "make", "many", "more", "most", "much", "must", "only", "other",
    "over", "same", "some", "such", "than", "that", "their", "them", "then", "there", "these",
    "they",
    "this", "those", "through", "under", "very", "well", "were", "what", "when", "where", "which",
    "while", "will", "with", "would", "your",
  ]

  /// Whether a candidate is distinctive enough to report: at least two words of four letters or
  /// more that are not common words (three words for a swap), so that everyday pairs such as
  /// `to try` and `try to` are never taken for a term.
  static func isDistinctive(_ words: [ArraySlice<UInt8>], swapped: Bool) -> Bool {
    let significant = words.filter { word in
      word.count >= 4 && !commonWords.contains(String(decoding: word, as: UTF8.self))
    }
    return significant.count >= 2 && (!swapped || words.count >= 3)
  }

  /// Endings that make another word rather than a misspelling.
  static let suffixes: Set<String> = [
    "s", "es", "n", "ns", "d", "ed", "er", "ers", "ing", "ly", "'s",
  ]

  /// Whether `typed` is a probable slip for the glossary word `word` (both in matching form).
  static func isSlip(_ typed: ArraySlice<UInt8>, of word: ArraySlice<UInt8>) -> Bool {
    typed.withUnsafeBufferPointer { typed in
      word.withUnsafeBufferPointer { word in isSlip(typed, of: word) }
    }
  }

  /// ``isSlip(_:of:)`` on bytes in place.
  static func isSlip(_ typed: UnsafeBufferPointer<UInt8>, of word: UnsafeBufferPointer<UInt8>)
    -> Bool
  {
    // Cheap rejections on bytes first: this runs for every candidate of every unknown word.
    guard typed.count >= 4, word.count >= 4, typed.first == word.first,
      abs(typed.count - word.count) <= 8
    else { return false }
    let ascii = typed.allSatisfy { $0 < 0x80 } && word.allSatisfy { $0 < 0x80 }
    if ascii {
      guard abs(typed.count - word.count) <= 2, !typed.elementsEqual(word),
        typed.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A })
      else { return false }
      // The same tests on bytes, without decoding (ASCII words are nearly all of them).
      let (short, long) = typed.count < word.count ? (typed, word) : (word, typed)
      if long.starts(with: short),
        Self.suffixes.contains(String(decoding: long.dropFirst(short.count), as: UTF8.self))
      {
        return false
      }
      let limit = max(typed.count, word.count) >= 7 ? 2 : 1
      return editDistance(typed, word, limit: limit) <= limit
    }
    let a = Array(String(decoding: typed, as: UTF8.self).unicodeScalars)
    let b = Array(String(decoding: word, as: UTF8.self).unicodeScalars)
    guard a.count >= 4, b.count >= 4, a.first == b.first, a != b,
      a.allSatisfy({ $0.properties.isAlphabetic }), abs(a.count - b.count) <= 2
    else { return false }
    // An inflection or derivation (`collections`, `Africans`, `open-sourced`) is a word of its
    // own, not a slip.
    let (short, long) = a.count < b.count ? (a, b) : (b, a)
    if long.starts(with: short) {
      var suffix = ""
      suffix.unicodeScalars.append(contentsOf: long[short.count...])
      if Self.suffixes.contains(suffix) { return false }
    }
    let limit = max(a.count, b.count) >= 7 ? 2 : 1
    return editDistance(a[...], b[...], limit: limit) <= limit
  }

  /// The optimal-string-alignment distance (Levenshtein with adjacent transpositions) between
  /// two non-empty sequences, or `limit + 1` when it exceeds `limit`.
  static func editDistance<T: Equatable>(
    _ a: ArraySlice<T>, _ b: ArraySlice<T>, limit: Int
  ) -> Int {
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in editDistance(a, b, limit: limit) }
    }
  }

  private static func editDistance<T: Equatable>(
    _ a: UnsafeBufferPointer<T>, _ b: UnsafeBufferPointer<T>, limit: Int
  ) -> Int {
    let n = a.count
    let m = b.count
    if abs(n - m) > limit { return limit + 1 }
    if n == 0 || m == 0 { return max(n, m) }
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * (m + 1)) { rows in
      // Three rows in one buffer: two before the current one, for transpositions.
      var previous2 = 0
      var previous = m + 1
      var current = 2 * (m + 1)
      for j in 0...m {
        rows[previous2 + j] = 0
        rows[previous + j] = j
      }
      for i in 1...n {
        rows[current] = i
        var rowMinimum = i
        for j in 1...m {
          let cost = a[i - 1] == b[j - 1] ? 0 : 1
          var value = min(
            rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + cost)
          if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
            value = min(value, rows[previous2 + j - 2] + 1)
          }
          rows[current + j] = value
          rowMinimum = min(rowMinimum, value)
        }
        if rowMinimum > limit { return limit + 1 }
        (previous2, previous, current) = (previous, current, previous2)
      }
      return rows[previous + m]
    }
  }
}
