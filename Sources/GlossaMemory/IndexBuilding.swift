import Foundation
internal import GRDB
import GlossaText

/// Where a transaction's index segments are built: the builders of the concordance index and
/// of the fuzzy index (or of one of them: see ``Indexer``), kept from one transaction to the
/// next.
struct IndexBuffers {
  /// The indexes an ``IndexBuffers`` builds.
  struct Parts: OptionSet {
    let rawValue: Int
    static let concordance = Parts(rawValue: 1)
    static let fuzzy = Parts(rawValue: 2)
    static let both: Parts = [.concordance, .fuzzy]
  }

  let parts: Parts
  let concordance = PostingsBuilder.concordance()
  let fuzzy = PostingsBuilder.fuzzy()
  /// The fuzzy-index tokens of the pair being added.
  private var tokens: [Int64] = []
  /// Character classes for the fuzzy-index tokens (a classifier is one thread's alone).
  let classify: CharacterClassifier

  init(_ parts: Parts = .both, classify: CharacterClassifier = CharacterClassifier()) {
    self.parts = parts
    self.classify = classify
  }

  /// The pairs added since the last ``take()``.
  var pairs: Int { parts.contains(.concordance) ? concordance.pairs : fuzzy.pairs }

  /// The id of the first pair added since the last ``take()``.
  var first: Int64? { parts.contains(.concordance) ? concordance.first : fuzzy.first }

  /// Adds the pairs of `prepared` that the memory took: `ids[k]` is item k's id, 0 when it was
  /// left out.
  mutating func add(_ prepared: SQLiteMemory.PreparedUnits, ids: [Int64]) {
    precondition(ids.count == prepared.count, "an id for each pair")
    let grams = parts.contains(.concordance)
    let words = parts.contains(.fuzzy)
    // The items read through a pointer, and the fuzzy tokens found in the key's bytes where they
    // lie (an array of them was made for each pair).
    prepared.items.withUnsafeBufferPointer { items in
      guard let base = items.baseAddress else { return }
      for index in items.indices where ids[index] != 0 {
        let id = ids[index]
        let item = base + index
        if grams {
          concordance.add(
            id: id, sourceKey: item.pointee.sourceKey, targetKey: item.pointee.targetKey)
        }
        guard words else { continue }
        tokens.removeAll(keepingCapacity: true)
        let length = item.pointee.sourceKey.withBytesInPlace { key in
          SQLiteMemory.forEachToken(of: key, classify: classify) { hash, _ in tokens.append(hash) }
          return SQLiteMemory.scalarCount(key)
        }
        tokens.withUnsafeBufferPointer { fuzzy.add(id: id, length: length, keys: $0) }
      }
    }
  }

  /// The segments of the pairs added; empties the buffers (keeping their storage).
  func take() -> IndexSegments {
    guard let first else { return IndexSegments() }
    var segments = IndexSegments()
    if parts.contains(.concordance) { segments.concordance = [(first, concordance.take())] }
    if parts.contains(.fuzzy) { segments.fuzzy = (first, fuzzy.take()) }
    return segments
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

/// Builds an import's index segments on threads of their own while the writer writes the rows:
/// one for the concordance index, one for the fuzzy index.
///
/// The writer hands over each chunk with its pairs' ids as soon as their rows are written; at
/// most four chunks wait for each thread. Every `segment` pairs or so (whole chunks) the
/// threads pack what they built: a concordance segment, which the writer takes and writes as
/// the transaction goes on, and a part of the fuzzy index's segment, kept until the
/// transaction's end. There the writer merges the parts into one segment (in memory: a part of
/// 20,000 pairs holds 2.8–3.4 MB, and a transaction's five 16 MB) while the threads start on
/// the next transaction's chunks.
///
/// A transaction thus writes one fuzzy segment however many pairs it holds. Before, each
/// transaction of 20,000 pairs wrote a fuzzy segment of its own, which an import merged at its
/// end, reading them back from the memory (0.45 s of 3 at 100,000 pairs, on one core). Building
/// the segments (the concordance grams, the fuzzy postings, packing them) was a third of the
/// writer's work, on the thread that the whole import waited for.
///
/// The two indexes were built on one thread until the reading side's end showed it the last to
/// finish: at 100,000 pairs it still had 0.4 s of chunks to index, on one core, when the reader
/// was done. On two threads, each with the ``IndexBuffers`` of one index, they share both cores
/// there.
final class Indexer: @unchecked Sendable {
  private let grams: IndexThread
  private let words: IndexThread

  /// Starts the threads, which pack their builders every `segment` pairs.
  init(segment: Int) {
    grams = IndexThread(segment: segment, parts: .concordance)
    words = IndexThread(segment: segment, parts: .fuzzy)
  }

  /// Hands over a chunk whose rows are written, with its pairs' ids (0 for those left out).
  func submit(_ chunk: SQLiteMemory.PreparedUnits, ids: [Int64]) {
    grams.submit(chunk, ids: ids)
    words.submit(chunk, ids: ids)
  }

  /// The concordance segments packed so far, taken out (the writer writes them as the
  /// transaction goes on, so that they do not wait in memory).
  func packedConcordance() -> IndexSegments {
    IndexSegments(concordance: grams.packedConcordance())
  }

  /// The segments of every chunk handed over since the last call, once they are built: the
  /// concordance segments not yet taken, and the fuzzy index's parts merged into one segment
  /// on the calling thread.
  func take() -> IndexSegments {
    var segments = IndexSegments(concordance: grams.take().concordance)
    segments.fuzzy = Self.merged(words.take().fuzzy)
    return segments
  }

  /// One segment of the fuzzy index's parts (oldest first), keyed by the first's first pair,
  /// merged on two threads (``FuzzyIndex/merge(groups:lengths:)``).
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

  /// Stops the threads, dropping what they hold, and waits for them.
  func stop() {
    grams.stop()
    words.stop()
  }
}

/// One of an ``Indexer``'s threads: builds the segments of one index.
private final class IndexThread: @unchecked Sendable {
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
  /// The thread's alone.
  private var buffers: IndexBuffers

  /// Starts the thread, which builds `parts` and packs its builders every `segment` pairs.
  init(segment: Int, parts: IndexBuffers.Parts) {
    self.segment = segment
    buffers = IndexBuffers(parts)
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
  func packedConcordance() -> [(first: Int64, blobs: [Int64: [UInt8]])] {
    condition.lock()
    defer { condition.unlock() }
    defer { concordance = [] }
    return concordance
  }

  /// The concordance segments not yet taken and the fuzzy index's parts of every chunk handed
  /// over since the last call, once they are built.
  func take() -> (
    concordance: [(first: Int64, blobs: [Int64: [UInt8]])],
    fuzzy: [(first: Int64, blobs: [Int64: [UInt8]])]
  ) {
    condition.lock()
    defer { condition.unlock() }
    wanted = true
    condition.broadcast()
    while !packed { condition.wait() }
    packed = false
    defer { (concordance, fuzzy) = ([], []) }
    return (concordance, fuzzy)
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
    let segments = buffers.take()
    condition.lock()
    concordance += segments.concordance
    if let part = segments.fuzzy { fuzzy.append(part) }
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
        if buffers.pairs >= segment { pack() }
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
