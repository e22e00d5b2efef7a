import Foundation

/// The byte layout of the fuzzy-match index (schema v2).
///
/// Tokens (words, pairs of Chinese characters; 63-bit hashes) fall into ``bucketCount`` buckets by
/// their low bits. A batch of pairs writes one row per bucket it touches, `(bucket, segment)`,
/// whose blob holds every token of the batch in that bucket, in ascending order:
///
/// ```
/// entry   = token (8 bytes, little-endian) · count (varint) · size (varint) · postings (size bytes)
/// posting = id gap (varint; the first one from 0) · source length in characters (varint)
/// ```
///
/// The concordance index (``ConcordanceIndex``) has the same layout with postings of an id gap
/// alone (`lengths: false` below).
///
/// A few thousand rows per batch instead of one row per token (most Chinese pairs occur in few
/// batches, so one row per token and batch wrote ~70,000 rows of a few bytes per 5,000 pairs).
/// A lookup reads the rows of the buckets of its tokens and skips the other tokens by their size;
/// merging folds the segments of a bucket into one row (``merge(_:)``), so that lookups read
/// few rows however many batches wrote the memory.
enum FuzzyIndex {
  /// The number of buckets (a power of two).
  static let bucketCount: Int64 = 4096

  /// The bucket of a token.
  static func bucket(of token: Int64) -> Int64 { token & (bucketCount - 1) }

  /// One token's postings: ascending unit ids, each with its source length in characters.
  typealias Postings = [(id: Int64, length: Int)]

  /// Deals `postings` into `count` buckets by `bucket` (a counting sort, which keeps their
  /// order within a bucket), leaving out those whose bucket is `nil`, and calls `body` with each
  /// bucket that holds any, in bucket order, and its postings, to sort and pack as it likes.
  static func forEachBucket<Posting>(
    of postings: some Collection<Posting>, count: Int, bucket: (Posting) -> Int?,
    _ body: (Int, inout UnsafeMutableBufferPointer<Posting>) -> Void
  ) {
    var starts = [Int](repeating: 0, count: count + 1)
    for posting in postings {
      if let slot = bucket(posting) { starts[slot + 1] += 1 }
    }
    for index in 0..<count { starts[index + 1] += starts[index] }
    var next = starts
    let total = starts[count]
    _ = [Posting](unsafeUninitializedCapacity: total) { dealt, initialized in
      for posting in postings {
        guard let slot = bucket(posting) else { continue }
        dealt.initializeElement(at: next[slot], to: posting)
        next[slot] += 1
      }
      initialized = total
      for slot in 0..<count where starts[slot] < starts[slot + 1] {
        var part = UnsafeMutableBufferPointer(rebasing: dealt[starts[slot]..<starts[slot + 1]])
        body(slot, &part)
      }
    }
  }

  /// Calls `body` with each entry of a blob.
  ///
  /// The entry's token, number of postings, and the byte range of its postings; reading stops at
  /// the first malformed entry.
  static func entries(
    in blob: UnsafeRawBufferPointer, _ body: (_ token: Int64, _ count: Int, Range<Int>) -> Void
  ) {
    var index = 0
    while index + 8 <= blob.count {
      var bits: UInt64 = 0
      for k in 0..<8 { bits |= UInt64(blob[index + k]) << (8 * UInt64(k)) }
      index += 8
      guard let count = readVarint(blob, &index), let size = readVarint(blob, &index),
        index + Int(size) <= blob.count
      else { return }
      body(Int64(bitPattern: bits), Int(count), index..<(index + Int(size)))
      index += Int(size)
    }
  }

  /// Calls `body` with each posting of `bytes` (an entry's postings): unit id and source length
  /// (0 without `lengths`).
  static func decode(
    _ bytes: UnsafeRawBufferPointer, lengths: Bool = true, _ body: (Int64, Int) -> Void
  ) {
    var index = 0
    var previous: Int64 = 0
    while index < bytes.count {
      guard let gap = readVarint(bytes, &index) else { return }
      var length: UInt64 = 0
      if lengths {
        guard let read = readVarint(bytes, &index) else { return }
        length = read
      }
      previous += Int64(gap)
      body(previous, Int(length))
    }
  }

  /// One blob holding every entry of `blobs` (the rows of one bucket, oldest segment first):
  /// the postings of a token in several segments become one ascending list.
  ///
  /// Each blob's entries ascend by token, and a later segment's ids follow an earlier one's: the
  /// postings of a token are then joined as bytes, and only the first gap of each later part
  /// is written again (it counted from 0). A token whose parts are not in id order is decoded
  /// and sorted. A blob is read up to its first malformed entry. `lengths`: whether postings
  /// hold source lengths (the fuzzy index) or ids alone (the concordance index).
  static func merge(_ blobs: [[UInt8]], lengths: Bool = true) -> [UInt8] {
    // The entries of every blob: token, blob, number of postings, byte range.
    var parts: [Part] = []
    for (index, blob) in blobs.enumerated() {
      blob.withUnsafeBytes { raw in
        entries(in: raw) { parts.append(Part(token: $0, blob: index, count: $1, range: $2)) }
      }
    }
    // By token, and within a token by segment (blob order).
    parts.sort { ($0.token, $0.blob) < ($1.token, $1.blob) }
    var result: [UInt8] = []
    result.reserveCapacity(blobs.reduce(0) { $0 + $1.count })
    var bounds: [(first: Int64, last: Int64, gapBytes: Int)] = []
    var start = 0
    while start < parts.count {
      var end = start + 1
      while end < parts.count && parts[end].token == parts[start].token { end += 1 }
      if end == start + 1 {
        // A token of one segment (most of them: rare words, Chinese pairs, trigrams): its entry
        // as it stands.
        let part = parts[start]
        result.appendKey(part.token)
        result.appendVarint(UInt64(part.count))
        result.appendVarint(UInt64(part.range.count))
        blobs[part.blob].withUnsafeBufferPointer {
          result.append(contentsOf: UnsafeBufferPointer(rebasing: $0[part.range]))
        }
      } else {
        appendMerged(
          parts[start..<end], of: blobs, lengths: lengths, to: &result, bounds: &bounds)
      }
      start = end
    }
    return result
  }

  /// Each group of blobs (the rows of one bucket, oldest segment first) merged into one, on two
  /// threads; `nil` for a group of none.
  static func merge(groups: [[[UInt8]]], lengths: Bool) -> [[UInt8]?] {
    MergeJob(groups, lengths: lengths).result()
  }

  /// The merging of groups of blobs (each bucket's rows, oldest segment first, into one blob),
  /// started at once on two threads of its own, half the groups each, so that the caller may do
  /// other work meanwhile (an import's final merge reads and writes rows).
  ///
  /// Threads of their own: the global queue's pool, which keeps to the cores not busy, ran
  /// `concurrentPerform`'s iterations on one thread while the writer's thread read and wrote
  /// rows.
  final class MergeJob: @unchecked Sendable {
    private let done = DispatchGroup()
    /// Each group's merged blob (`nil` for a group of none): each thread writes its own
    /// elements, before it leaves `done`.
    private let merged: UnsafeMutableBufferPointer<[UInt8]?>

    init(_ groups: [[[UInt8]]], lengths: Bool) {
      merged = .allocate(capacity: groups.count)
      merged.initialize(repeating: nil)
      let half = (groups.count + 1) / 2
      for part in [0..<half, half..<groups.count] where !part.isEmpty {
        done.enter()
        Thread.detachNewThread { [self] in
          for index in part where !groups[index].isEmpty {
            merged[index] = FuzzyIndex.merge(groups[index], lengths: lengths)
          }
          done.leave()
        }
      }
    }

    // The threads hold the job until they are done.
    deinit {
      merged.deinitialize()
      merged.deallocate()
    }

    /// The merged blobs, once they are.
    func result() -> [[UInt8]?] {
      done.wait()
      return Array(merged)
    }
  }

  /// One entry of a blob being merged.
  private struct Part {
    var token: Int64
    var blob: Int
    var count: Int
    var range: Range<Int>
  }

  /// Appends one entry holding the postings of `parts` (one token's entries, oldest first).
  ///
  /// `bounds` is scratch space: per part, its first id, its last id, and the bytes of its
  /// first gap.
  private static func appendMerged(
    _ parts: ArraySlice<Part>, of blobs: [[UInt8]], lengths: Bool, to result: inout [UInt8],
    bounds: inout [(first: Int64, last: Int64, gapBytes: Int)]
  ) {
    let token = parts[parts.startIndex].token
    bounds.removeAll(keepingCapacity: true)
    var inOrder = true
    for part in parts {
      let found = blobs[part.blob].withUnsafeBytes { raw in
        idBounds(
          UnsafeRawBufferPointer(rebasing: raw[part.range]), count: part.count, lengths: lengths)
      }
      guard let found, bounds.last.map({ found.first > $0.last }) ?? true else {
        inOrder = false
        break
      }
      bounds.append(found)
    }
    guard inOrder else {
      var postings: Postings = []
      for part in parts {
        blobs[part.blob].withUnsafeBytes { raw in
          decode(UnsafeRawBufferPointer(rebasing: raw[part.range]), lengths: lengths) {
            postings.append(($0, $1))
          }
        }
      }
      postings.sort { $0.id < $1.id }
      result.appendEntry(token: token, postings: postings, lengths: lengths)
      return
    }
    var count = 0
    var size = 0
    for (k, part) in zip(parts.indices, parts) {
      count += part.count
      size += part.range.count
      let b = bounds[k - parts.startIndex]
      if k > parts.startIndex {
        let gap = UInt64(b.first - bounds[k - parts.startIndex - 1].last)
        size += varintSize(gap) - b.gapBytes
      }
    }
    result.appendKey(token)
    result.appendVarint(UInt64(count))
    result.appendVarint(UInt64(size))
    for (k, part) in zip(parts.indices, parts) {
      let b = bounds[k - parts.startIndex]
      var range = part.range
      if k > parts.startIndex {
        result.appendVarint(UInt64(b.first - bounds[k - parts.startIndex - 1].last))
        range = (range.lowerBound + b.gapBytes)..<range.upperBound
      }
      result.append(contentsOf: blobs[part.blob][range])
    }
  }

  /// The first and last ids of an entry's postings and the bytes of its first gap, or `nil`
  /// when the postings are malformed or are not `count`.
  private static func idBounds(
    _ bytes: UnsafeRawBufferPointer, count: Int, lengths: Bool
  ) -> (first: Int64, last: Int64, gapBytes: Int)? {
    var read = 0
    var index = 0
    var gapBytes = 0
    var first: Int64 = 0
    var previous: Int64 = 0
    while index < bytes.count {
      guard let gap = readVarint(bytes, &index) else { return nil }
      if gapBytes == 0 {
        gapBytes = index
        first = Int64(gap)
      }
      if lengths { guard readVarint(bytes, &index) != nil else { return nil } }
      previous += Int64(gap)
      read += 1
    }
    return gapBytes == 0 || read != count ? nil : (first, previous, gapBytes)
  }

  /// The bytes of `value` as a varint.
  static func varintSize(_ value: UInt64) -> Int {
    var value = value
    var size = 1
    while value >= 0x80 {
      value >>= 7
      size += 1
    }
    return size
  }

  static func readVarint(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) -> UInt64? {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while index < bytes.count && shift < 64 {
      let byte = bytes[index]
      index += 1
      value |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return value }
      shift += 7
    }
    return nil
  }
}

extension [UInt8] {
  /// Appends an entry's key (token or gram): its 8 bytes, little-endian.
  mutating func appendKey(_ key: Int64) {
    let bits = UInt64(bitPattern: key)
    for k in 0..<8 { append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(k)))) }
  }

  mutating func appendVarint(_ value: UInt64) {
    var value = value
    while value >= 0x80 {
      append(UInt8(value & 0x7F) | 0x80)
      value >>= 7
    }
    append(UInt8(value))
  }

  /// Appends one index entry (see ``FuzzyIndex``); without `lengths`, postings of ids alone.
  ///
  /// The postings are read twice, for the entry's size and then its bytes, rather than written
  /// to a buffer of their own (an allocation per entry, most entries holding a posting or two).
  mutating func appendEntry(
    token: Int64, postings: some Collection<(id: Int64, length: Int)>, lengths: Bool = true
  ) {
    var count = 0
    var size = 0
    var previous: Int64 = 0
    for posting in postings {
      size += FuzzyIndex.varintSize(UInt64(posting.id - previous))
      if lengths { size += FuzzyIndex.varintSize(UInt64(posting.length)) }
      previous = posting.id
      count += 1
    }
    appendKey(token)
    appendVarint(UInt64(count))
    appendVarint(UInt64(size))
    previous = 0
    for posting in postings {
      appendVarint(UInt64(posting.id - previous))
      if lengths { appendVarint(UInt64(posting.length)) }
      previous = posting.id
    }
  }
}

extension PostingsBuilder {
  /// A builder of the fuzzy index's segments.
  static func fuzzy() -> PostingsBuilder {
    PostingsBuilder(lengths: true, bucketCount: FuzzyIndex.bucketCount, bucket: FuzzyIndex.bucket)
  }
}
