/// The concordance index (schema v5): for each gram of the matching forms (three Unicode scalars
/// in a row, or two where the first is a Chinese, Japanese or Korean character; in the source or
/// the target), the ascending ids of the pairs that hold it.
///
/// Blobs as the fuzzy index's (see ``FuzzyIndex``), with postings of id gaps alone: a
/// transaction writes one row per bucket of grams it touches, holding their entries, gathered by
/// a ``Builder`` as its pairs come. Rows are keyed by segment × 4096 + bucket (see
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
  @inline(__always)
  static func grams(of text: String, _ body: (Int64) -> Void) {
    var a: UInt32 = 0
    var b: UInt32 = 0
    var seen = 0
    for scalar in text.unicodeScalars {
      let c = scalar.value
      seen += 1
      // The gram at the place before (a pair), then the one two places before (a trigram).
      if seen >= 2 && startsPair(b) { body(key(b, c)) }
      if seen >= 3 && !startsPair(a) { body(key(a, b, c)) }
      a = b
      b = c
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

  /// The postings of one segment, gathered gram by gram as pairs come (ids ascending), and
  /// written as the segment's blobs by bucket (the layout ``FuzzyIndex`` reads).
  ///
  /// An open-addressing table holds each gram met, with its number (grams are numbered as they
  /// are first met) and the last pair that held it (a repeat within a pair is left out at once);
  /// the postings are kept as gram numbers alone, 4 bytes each, the pair they belong to known
  /// from where each pair's postings end. Writing deals them into one array by gram, grams
  /// ordered by bucket and key (a counting sort: no posting is compared), so that each gram's
  /// pairs lie together, ascending; where each gram's pairs go is kept by gram number, an array
  /// as small as the grams, rather than by slot. The builder keeps its storage from one segment
  /// to the next. It took the place of sorting groups
  /// of postings and merging the groups' blobs (a third of an import's writer).
  struct Builder {
    private struct Slot {
      /// The gram's key; -1 (which no gram has) in an empty slot.
      var key: Int64 = -1
      /// The gram's number (grams are numbered from 0 as they are first met).
      var gram: UInt32 = 0
      /// The last pair that held the gram (its place among the pairs added).
      var last: UInt32 = 0
    }
    /// The table (a power of two slots, at most three quarters used).
    private var slots = [Slot](repeating: Slot(), count: 1 << 12)
    private var shift: UInt64 = 64 - 12
    /// The number of pairs that hold each gram, by number (as many as grams met).
    private var counts: [UInt32] = []
    /// The number of each posting's gram, pair after pair.
    private var postings: [UInt32] = []
    /// Where each pair's postings end in `postings`.
    private var ends: [UInt32] = []
    private var ids: [Int64] = []
    /// The grams of the pair being added.
    private var keys: [Int64] = []
    /// What the reads ahead of the table summed, kept so that they are not optimized away.
    private var sink: Int64 = 0

    init() {}

    /// The pairs added since the last write.
    var pairs: Int { ids.count }

    /// The first id added since the last write: the segment's key.
    var first: Int64? { ids.first }

    /// The home slot of `key` in a table of 2^(64 - `shift`) slots.
    private static func home(_ key: Int64, shift: UInt64) -> Int {
      Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Adds the grams of a pair's matching forms; ids must ascend.
    mutating func add(id: Int64, sourceKey: String, targetKey: String) {
      precondition(ids.last.map { $0 < id } ?? true, "pairs come in ascending id order")
      // Each gram may be new: room for all of them first, so the table stays put below.
      let most = sourceKey.utf8.count + targetKey.utf8.count
      while (counts.count + most) * 4 > slots.count * 3 { grow() }
      let pair = UInt32(ids.count)
      ids.append(id)
      // Room for a gram per scalar, at most one per byte.
      if keys.count < most { keys = [Int64](repeating: 0, count: most) }
      let count = keys.withUnsafeMutableBufferPointer { buffer in
        ConcordanceIndex.grams(
          of: targetKey, into: buffer,
          from: ConcordanceIndex.grams(of: sourceKey, into: buffer, from: 0))
      }
      let keys = self.keys[..<count]
      let shift = shift
      var counts = self.counts
      self.counts = []
      var postings = self.postings
      self.postings = []
      var touched: Int64 = 0
      slots.withUnsafeMutableBufferPointer { table in
        let mask = table.count - 1
        // The grams' home slots read first: these reads do not wait on each other, so the
        // processor overlaps their cache misses (the table is megabytes); the loop below then
        // finds them in the cache.
        for key in keys { touched &+= table[Self.home(key, shift: shift)].key }
        for key in keys {
          var index = Self.home(key, shift: shift)
          while true {
            if table[index].key == key {
              // A repeat within the pair.
              if table[index].last == pair { break }
              table[index].last = pair
              let gram = table[index].gram
              counts[Int(gram)] += 1
              postings.append(gram)
              break
            }
            if table[index].key == -1 {
              let gram = UInt32(counts.count)
              table[index] = Slot(key: key, gram: gram, last: pair)
              counts.append(1)
              postings.append(gram)
              break
            }
            index = (index + 1) & mask
          }
        }
      }
      sink = touched
      self.counts = counts
      self.postings = postings
      ends.append(UInt32(postings.count))
    }

    /// Doubles the table, moving each gram (its number, which the postings hold, stays).
    private mutating func grow() {
      let old = slots
      slots = [Slot](repeating: Slot(), count: old.count * 2)
      shift -= 1
      let mask = slots.count - 1
      for slot in old where slot.key != -1 {
        var target = Self.home(slot.key, shift: shift)
        while slots[target].key != -1 { target = (target + 1) & mask }
        slots[target] = slot
      }
    }

    /// The blobs of the pairs added, by bucket; empties the builder (keeping its storage).
    mutating func take() -> [Int64: [UInt8]] {
      defer {
        for index in slots.indices where slots[index].key != -1 { slots[index] = Slot() }
        counts.removeAll(keepingCapacity: true)
        postings.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
      }
      // The grams in the order they are written: by bucket, then by key.
      var grams: [(key: Int64, gram: UInt32)] = []
      grams.reserveCapacity(counts.count)
      for slot in slots where slot.key != -1 { grams.append((slot.key, slot.gram)) }
      var order: [(key: Int64, gram: UInt32)] = []
      order.reserveCapacity(grams.count)
      var buckets: [(bucket: Int, range: Range<Int>)] = []
      func bucketOf(_ gram: (key: Int64, gram: UInt32)) -> Int { Int(bucket(of: gram.key)) }
      FuzzyIndex.forEachBucket(of: grams, count: Int(bucketCount), bucket: bucketOf) {
        bucket, part in
        part.sort { $0.key < $1.key }
        buckets.append((bucket, order.count..<(order.count + part.count)))
        order.append(contentsOf: part)
      }
      // Where each gram's pairs start in `dealt`, by number (an array as small as the grams,
      // so that dealing mostly hits the cache); then the pairs dealt in order, so each gram's
      // are ascending (`next` then holds where each gram's end).
      var next = [UInt32](repeating: 0, count: counts.count)
      var total: UInt32 = 0
      for gram in order {
        next[Int(gram.gram)] = total
        total += counts[Int(gram.gram)]
      }
      var dealt = [UInt32](repeating: 0, count: Int(total))
      postings.withUnsafeBufferPointer { postings in
        next.withUnsafeMutableBufferPointer { next in
          dealt.withUnsafeMutableBufferPointer { dealt in
            var start = 0
            for (pair, end) in ends.enumerated() {
              for index in start..<Int(end) {
                let gram = Int(postings[index])
                dealt[Int(next[gram])] = UInt32(pair)
                next[gram] += 1
              }
              start = Int(end)
            }
          }
        }
      }
      let ids = ids
      var result: [Int64: [UInt8]] = [:]
      for (bucket, range) in buckets {
        var blob: [UInt8] = []
        for gram in order[range] {
          let end = Int(next[Int(gram.gram)])
          let count = Int(counts[Int(gram.gram)])
          blob.appendEntry(
            token: gram.key, postings: dealt[(end - count)..<end].lazy.map { (ids[Int($0)], 0) },
            lengths: false)
        }
        result[Int64(bucket)] = blob
      }
      return result
    }
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
