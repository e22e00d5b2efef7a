import Foundation
internal import GRDB
import GlossaText

/// Where a transaction's index segments are built: the builders of the concordance index and
/// of the fuzzy index, kept from one transaction to the next.
struct IndexBuffers {
  let concordance = PostingsBuilder.concordance()
  let fuzzy = PostingsBuilder.fuzzy()
  /// The fuzzy-index tokens of the pair being added.
  private var tokens: [Int64] = []
  /// Character classes for the fuzzy-index tokens (a classifier is one thread's alone).
  let classify: CharacterClassifier

  init(classify: CharacterClassifier = CharacterClassifier()) {
    self.classify = classify
  }

  /// Adds the pairs of `prepared` that the memory took: `ids[k]` is item k's id, 0 when it was
  /// left out.
  mutating func add(_ prepared: SQLiteMemory.PreparedUnits, ids: [Int64]) {
    precondition(ids.count == prepared.count, "an id for each pair")
    prepared.items.withUnsafeBufferPointer { items in
      for index in items.indices where ids[index] != 0 {
        let id = ids[index]
        concordance.add(
          id: id, sourceKey: items[index].sourceKey, targetKey: items[index].targetKey)
        let key = items[index].sourceKey
        tokens.removeAll(keepingCapacity: true)
        SQLiteMemory.forEachToken(of: key, classify: classify) { hash, _ in tokens.append(hash) }
        let length = SQLiteMemory.scalarCount(key)
        tokens.withUnsafeBufferPointer { fuzzy.add(id: id, length: length, keys: $0) }
      }
    }
  }

  /// The segments of the pairs added; empties the buffers (keeping their storage).
  func take() -> IndexSegments {
    guard let first = concordance.first else { return IndexSegments() }
    return IndexSegments(
      concordance: [(first, concordance.take())], fuzzy: (first, fuzzy.take()))
  }
}

/// The blobs of index segments to write, each keyed by its first pair's id.
struct IndexSegments: Sendable {
  /// Concordance segments.
  var concordance: [(first: Int64, blobs: [Int64: [UInt8]])] = []
  /// A fuzzy-index segment.
  var fuzzy: (first: Int64, blobs: [Int64: [UInt8]])?

  /// Writes the segments' rows.
  func write(_ db: Database) throws {
    for segment in concordance {
      try SQLiteMemory.SegmentedIndex.concordance.write(
        db, segment: segment.first, blobs: segment.blobs)
    }
    if let fuzzy {
      try SQLiteMemory.SegmentedIndex.fuzzy.write(db, segment: fuzzy.first, blobs: fuzzy.blobs)
    }
  }
}

/// Builds an import's index segments on a thread of its own while the writer writes the rows.
///
/// The writer hands over each chunk with its pairs' ids as soon as their rows are written; at
/// most ``waiting`` chunks wait. Every `segment` pairs or so (whole chunks) the indexer
/// packs what it built: a concordance segment, which the writer takes and writes as the
/// transaction goes on, and a part of the fuzzy index's segment, kept until the transaction's
/// end. There the writer merges the parts into one segment (in memory: a part of 20,000 pairs
/// holds 2.8–3.4 MB, and a transaction's five 16 MB) while the indexer starts on the next
/// transaction's chunks.
///
/// A transaction thus writes one fuzzy segment however many pairs it holds. Before, each
/// transaction of 20,000 pairs wrote a fuzzy segment of its own, which an import merged at its
/// end, reading them back from the memory (0.45 s of 3 at 100,000 pairs, on one core). Building the segments (the concordance
/// grams, the fuzzy postings, packing them) was a third of the writer's work, on the thread
/// that the whole import waited for.
final class Indexer: @unchecked Sendable {
  /// The most chunks that wait to be indexed.
  static let waiting = 4
  /// The pairs past which the builders are packed.
  let segment: Int

  private let condition = NSCondition()
  private var queue: [(chunk: SQLiteMemory.PreparedUnits, ids: [Int64])] = []
  /// The writer waits for the segments of what it handed over.
  private var wanted = false
  /// Concordance segments packed, for the writer to write.
  private var concordance: [(first: Int64, blobs: [Int64: [UInt8]])] = []
  /// The parts of the transaction's fuzzy segment packed, oldest first.
  private var fuzzy: [(first: Int64, blobs: [Int64: [UInt8]])] = []
  /// Whether everything handed over is packed (the writer's wait at the transaction's end).
  private var packed = false
  private var stopping = false
  private var stopped = false
  /// The indexer thread's alone.
  private var buffers = IndexBuffers()

  /// Starts the indexer's thread, which packs its builders every `segment` pairs.
  init(segment: Int) {
    self.segment = segment
    Thread.detachNewThread { [self] in run() }
  }

  /// Hands over a chunk whose rows are written, with its pairs' ids (0 for those left out).
  func submit(_ chunk: SQLiteMemory.PreparedUnits, ids: [Int64]) {
    condition.lock()
    defer { condition.unlock() }
    while queue.count >= Self.waiting { condition.wait() }
    queue.append((chunk, ids))
    condition.broadcast()
  }

  /// The concordance segments packed so far, taken out (the writer writes them as the
  /// transaction goes on, so that they do not wait in memory).
  func packedConcordance() -> IndexSegments {
    condition.lock()
    defer { condition.unlock() }
    defer { concordance = [] }
    return IndexSegments(concordance: concordance)
  }

  /// The segments of every chunk handed over since the last call, once they are built: the
  /// concordance segments not yet taken, and the fuzzy index's parts merged into one segment
  /// on the calling thread.
  func take() -> IndexSegments {
    condition.lock()
    wanted = true
    condition.broadcast()
    while !packed { condition.wait() }
    packed = false
    var segments = IndexSegments(concordance: concordance)
    let parts = fuzzy
    concordance = []
    fuzzy = []
    condition.unlock()
    segments.fuzzy = Self.merged(parts)
    return segments
  }

  /// One segment of the fuzzy index's parts (oldest first), keyed by the first's first pair,
  /// merged on every core.
  static func merged(
    _ parts: [(first: Int64, blobs: [Int64: [UInt8]])]
  ) -> (first: Int64, blobs: [Int64: [UInt8]])? {
    guard let first = parts.first else { return nil }
    guard parts.count > 1 else { return first }
    var groups = [[[UInt8]]](repeating: [], count: Int(FuzzyIndex.bucketCount))
    for part in parts {
      for (bucket, blob) in part.blobs { groups[Int(bucket)].append(blob) }
    }
    var result: [Int64: [UInt8]] = [:]
    for (bucket, blob) in FuzzyIndex.merge(groups: groups, lengths: true).enumerated() {
      if let blob { result[Int64(bucket)] = blob }
    }
    return (first.first, result)
  }

  /// Stops the thread, dropping what it holds, and waits for it.
  func stop() {
    condition.lock()
    defer { condition.unlock() }
    stopping = true
    condition.broadcast()
    while !stopped { condition.wait() }
  }

  /// Packs the builders (on the indexer's thread, unlocked), and hands the blobs over.
  private func pack() {
    guard let first = buffers.concordance.first else { return }
    let concordanceBlobs = buffers.concordance.take()
    let fuzzyBlobs = buffers.fuzzy.take()
    condition.lock()
    concordance.append((first, concordanceBlobs))
    fuzzy.append((first, fuzzyBlobs))
    condition.unlock()
  }

  private func run() {
    condition.lock()
    while true {
      while queue.isEmpty && !wanted && !stopping { condition.wait() }
      if stopping { break }
      if !queue.isEmpty {
        let (chunk, ids) = queue.removeFirst()
        condition.broadcast()
        condition.unlock()
        buffers.add(chunk, ids: ids)
        if buffers.concordance.pairs >= segment { pack() }
        condition.lock()
      } else {
        wanted = false
        condition.unlock()
        pack()
        condition.lock()
        packed = true
        condition.broadcast()
      }
    }
    queue.removeAll()
    stopped = true
    condition.broadcast()
    condition.unlock()
  }
}
