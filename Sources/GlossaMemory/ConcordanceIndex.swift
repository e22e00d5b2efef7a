import GlossaText

/// The concordance index (schema v5): for each gram of the matching forms (three Unicode scalars
/// in a row, or two where the first is a Chinese, Japanese or Korean character; in the source or
/// the target), the ascending ids of the pairs that hold it.
///
/// Blobs as the fuzzy index's (see ``FuzzyIndex``), with postings of id gaps alone: a
/// transaction writes one row per bucket of grams it touches, holding their entries, gathered by
/// a ``PostingsBuilder`` as its pairs come. Rows are keyed by segment × 4096 + bucket (see
/// `SQLiteMemory.SegmentedIndex.concordance`). A gram's key is its scalars side by
/// side (21 bits each), so that two grams never share an entry.
///
/// A search asks for the pairs that hold every gram of the phrase, then checks each for the
/// phrase (the index keeps no positions). It took the place of an FTS5 trigram index, whose
/// writing took more than half of an import's writer (3.4 s of SQLite's work for 100,000 pairs,
/// against 0.7 s for the rows themselves): here the postings are gathered and packed in bulk.
enum ConcordanceIndex {
  /// The number of buckets (a power of two).
  static let bucketCount: Int64 = 4096

  /// The bucket of a gram: the high bits of its key times a large odd number, so that grams of
  /// ASCII letters (whose low bits are alike) spread over all buckets.
  static func bucket(of key: Int64) -> Int64 {
    Int64(bitPattern: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> 52)
  }

  /// The key of the trigram `a b c`.
  static func key(_ a: UInt32, _ b: UInt32, _ c: UInt32) -> Int64 {
    Int64(a) << 42 | Int64(b) << 21 | Int64(c)
  }

  /// The key of the pair `a b` starting with an ideograph: a trigram's with a third value no
  /// scalar has.
  static func key(_ a: UInt32, _ b: UInt32) -> Int64 { key(a, b, 0x1F_FFFF) }

  /// Whether a gram starting with `scalar` is two scalars rather than three.
  ///
  /// Chinese, Japanese and Korean characters, two of which make a word (两会, 经济), so that
  /// two-character words are found from the index. Stored indexes depend on this: changing it
  /// needs a new schema.
  static func startsPair(_ scalar: UInt32) -> Bool {
    switch scalar {
    case 0x3040...0x30FF,  // hiragana, katakana
      0x3400...0x4DBF,  // CJK extension A
      0x4E00...0x9FFF,  // CJK unified ideographs
      0xAC00...0xD7AF,  // Hangul syllables
      0xF900...0xFAFF,  // CJK compatibility ideographs
      0x20000...0x3FFFF:  // CJK extensions B on
      true
    default: false
    }
  }

  /// Calls `body` with the key of the gram at each place of `text` where one fits (repeats
  /// included): two scalars where the first is an ideograph (``startsPair(_:)``), three
  /// elsewhere.
  ///
  /// A gram depends only on the scalars it covers, so every gram of a phrase is a gram of any
  /// text that holds the phrase.
  ///
  /// The scalars are decoded from the string's UTF-8 bytes: with the string's scalar view, the
  /// grams took a third longer.
  @inline(__always)
  static func grams(of text: String, _ body: (Int64) -> Void) {
    text.withBytesInPlace { bytes in
      var a: UInt32 = 0
      var b: UInt32 = 0
      var seen = 0
      var index = 0
      while index < bytes.count {
        let (c, length) = UTF8Scalars.decode(bytes, at: index)
        index += length
        seen += 1
        // The gram at the place before (a pair), then the one two places before (a trigram).
        if seen >= 2 && startsPair(b) { body(key(b, c)) }
        if seen >= 3 && !startsPair(a) { body(key(a, b, c)) }
        a = b
        b = c
      }
    }
  }

  /// Writes the keys of ``grams(of:_:)`` into `buffer` from `start` on, which has room for one
  /// per Unicode scalar of `text` at least.
  /// - Returns: where they end.
  static func grams(
    of text: String, into buffer: UnsafeMutableBufferPointer<Int64>, from start: Int
  ) -> Int {
    var end = start
    grams(of: text) { key in
      buffer[end] = key
      end += 1
    }
    return end
  }

  /// The distinct gram keys of `text`.
  static func distinctGrams(of text: String) -> Set<Int64> {
    var result = Set<Int64>()
    grams(of: text) { result.insert($0) }
    return result
  }

  /// The ids that hold every key of `lists` (each ascending), ascending.
  static func intersection(_ lists: [[Int64]]) -> [Int64] {
    guard var result = lists.min(by: { $0.count < $1.count }) else { return [] }
    for list in lists.sorted(by: { $0.count < $1.count }) {
      guard !result.isEmpty else { break }
      var kept = 0
      var other = 0
      for id in result {
        while other < list.count && list[other] < id { other += 1 }
        if other < list.count && list[other] == id {
          result[kept] = id
          kept += 1
        }
      }
      result.removeLast(result.count - kept)
    }
    return result
  }
}

extension PostingsBuilder {
  /// A builder of the concordance index's segments.
  static func concordance() -> PostingsBuilder {
    PostingsBuilder(
      lengths: false, bucketCount: ConcordanceIndex.bucketCount, bucket: ConcordanceIndex.bucket)
  }

  /// Adds the grams of a pair's matching forms (a concordance builder's); ids must ascend.
  func add(id: Int64, sourceKey: String, targetKey: String) {
    // Room for a gram per scalar, at most one per byte.
    let most = sourceKey.utf8.count + targetKey.utf8.count
    withUnsafeTemporaryAllocation(of: Int64.self, capacity: most) { buffer in
      let end = ConcordanceIndex.grams(
        of: targetKey, into: buffer,
        from: ConcordanceIndex.grams(of: sourceKey, into: buffer, from: 0))
      add(id: id, length: 0, keys: UnsafeBufferPointer(rebasing: buffer[..<end]))
    }
  }
}
