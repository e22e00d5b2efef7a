import Foundation
internal import GRDB
import GlossaText

/// Where a transaction's index segments are built: the concordance builder and the fuzzy
/// index's postings, kept from one transaction to the next.
struct IndexBuffers {
  var concordance = ConcordanceIndex.Builder()
  var postings: [(token: Int64, id: Int64, length: Int)] = []
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
        let length = SQLiteMemory.scalarCount(key)
        for token in SQLiteMemory.tokenHashes(of: key, classify: classify) {
          postings.append((token, id, length))
        }
      }
    }
  }

  /// The segments of the pairs added; empties the buffers (keeping their storage).
  mutating func take() -> IndexSegments {
    let first = concordance.first
    let segments = IndexSegments(
      first: first, concordance: concordance.take(), fuzzy: FuzzyIndex.blobs(postings))
    postings.removeAll(keepingCapacity: true)
    return segments
  }

  /// The fuzzy-index postings of the pairs added, taken out (their blobs are another thread's to
  /// make), `spare` (emptied, its storage kept) in their place; the buffers keep the
  /// concordance's.
  mutating func takePostings(
    leaving spare: [(token: Int64, id: Int64, length: Int)]
  ) -> [(token: Int64, id: Int64, length: Int)] {
    var taken = spare
    taken.removeAll(keepingCapacity: true)
    swap(&taken, &postings)
    return taken
  }
}

/// The blobs of one transaction's index segments, keyed by its first pair's id.
struct IndexSegments: Sendable {
  /// The first pair added; `nil` when none was (nothing is written).
  var first: Int64?
  var concordance: [Int64: [UInt8]]
  var fuzzy: [Int64: [UInt8]]

  /// Writes the segments' rows.
  func write(_ db: Database) throws {
    guard let first else { return }
    try SQLiteMemory.SegmentedIndex.concordance.write(db, segment: first, blobs: concordance)
    try SQLiteMemory.SegmentedIndex.fuzzy.write(db, segment: first, blobs: fuzzy)
  }
}

/// Builds an import's index segments on a thread of its own while the writer writes the rows.
///
/// The writer hands over each chunk with its pairs' ids as soon as their rows are written, and
/// asks for the segments at the transaction's end; at most ``waiting`` chunks wait. Building
/// the segments (the concordance grams, the fuzzy postings, sorting and packing them) was a
/// third of the writer's work, on the thread that the whole import waited for. At the
/// transaction's end, when the writer has nothing to do but wait, it packs the fuzzy index's
/// blobs itself while this thread packs the concordance's.
final class Indexer: @unchecked Sendable {
  /// The most chunks that wait to be indexed.
  static let waiting = 4

  private typealias Postings = [(token: Int64, id: Int64, length: Int)]

  private let condition = NSCondition()
  private var queue: [(chunk: SQLiteMemory.PreparedUnits, ids: [Int64])] = []
  /// The writer waits for the segments of what it handed over.
  private var wanted = false
  /// What the writer takes at the transaction's end: the fuzzy postings first, then the
  /// concordance's blobs with the segment's first pair.
  private var postings: Postings?
  /// The postings the writer gave back once packed, emptied: the next transaction's storage,
  /// whose pages are already mapped.
  private var spare: Postings = []
  private var concordance: (first: Int64?, blobs: [Int64: [UInt8]])?
  private var stopping = false
  private var stopped = false
  /// The indexer thread's alone.
  private var buffers = IndexBuffers()

  /// Starts the indexer's thread.
  init() {
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

  /// The segments of every chunk handed over since the last call, once they are built: the
  /// fuzzy index's blobs packed on the calling thread while the indexer packs the
  /// concordance's.
  func take() -> IndexSegments {
    condition.lock()
    wanted = true
    condition.broadcast()
    while postings == nil { condition.wait() }
    var taken = postings ?? []
    postings = nil
    condition.unlock()
    let fuzzy = FuzzyIndex.blobs(taken)
    taken.removeAll(keepingCapacity: true)
    condition.lock()
    defer { condition.unlock() }
    spare = taken
    while true {
      if let built = concordance {
        concordance = nil
        return IndexSegments(first: built.first, concordance: built.blobs, fuzzy: fuzzy)
      }
      condition.wait()
    }
  }

  /// Stops the thread, dropping what it holds, and waits for it.
  func stop() {
    condition.lock()
    defer { condition.unlock() }
    stopping = true
    condition.broadcast()
    while !stopped { condition.wait() }
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
        condition.lock()
      } else {
        wanted = false
        postings = buffers.takePostings(leaving: spare)
        spare = []
        condition.broadcast()
        condition.unlock()
        let first = buffers.concordance.first
        let blobs = buffers.concordance.take()
        condition.lock()
        concordance = (first, blobs)
        condition.broadcast()
      }
    }
    queue.removeAll()
    stopped = true
    condition.broadcast()
    condition.unlock()
  }
}
