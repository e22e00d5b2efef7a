/// The postings of one segment of an index (the fuzzy index or the concordance index), gathered
/// key by key as pairs come and encoded as they come, then written as the segment's blobs by
/// bucket (the layout ``FuzzyIndex`` describes).
///
/// An open-addressing table holds each key met with where its postings stand. Each key's
/// postings are written at once as the bytes of its entry (an id gap, and with `lengths` the
/// source length), into slices of one arena: a key's first slice is 16 bytes, and each next one
/// twice the last, up to 4 KB, its last 4 bytes holding where the next one starts. A repeat of
/// a key within a pair is left out. Writing the blobs then orders the keys by bucket and key,
/// and copies each key's slices.
///
/// It took the place of keeping every posting (a key number for the concordance; a token, id and
/// length of 24 bytes for the fuzzy index), then dealing or sorting them by key and encoding
/// them at the transaction's end: in `perf`, packing the concordance was a quarter of the
/// indexer thread, and sorting and packing the fuzzy postings a tenth of the writer. A key's state lies in its slot, so that adding a
/// posting reads one place in the table (which is megabytes) and the end of the key's slice.
/// The builder keeps its storage from one segment to the next. It is one thread's at a time.
final class PostingsBuilder: @unchecked Sendable {
  /// A key met, and where its postings stand (32 bytes, so that a slot lies in one cache line).
  private struct Slot {
    /// The key; -1 (which no key has) in an empty slot.
    var key: Int64
    /// The last pair that holds the key: its place among the pairs added, from 1.
    var last: UInt32
    /// The number of postings.
    var count: UInt32
    /// Where the key's first slice starts in the arena.
    var head: UInt32
    /// Where the next byte goes, in the current slice.
    var tail: UInt32
    /// Where the current slice's data ends (its link to the next slice follows).
    var limit: UInt32
    /// The number of slices before the current one.
    var level: UInt32

    static let empty = Slot(key: -1, last: 0, count: 0, head: 0, tail: 0, limit: 0, level: 0)
  }

  /// The size of a key's first slice.
  private static let firstSlice = 16
  /// The size past which slices stop growing.
  private static let largestSlice = 4096
  /// The bytes of a slice's link to the next one.
  private static let link = 4

  /// The size of a key's slice after `level` others.
  @inline(__always)
  private static func sliceSize(_ level: UInt32) -> Int {
    level >= 8 ? largestSlice : firstSlice << level
  }

  /// Whether postings hold source lengths (see ``FuzzyIndex``).
  let lengths: Bool
  private let bucketCount: Int
  private let bucket: @Sendable (Int64) -> Int64

  /// The table (a power of two slots, at most three quarters used).
  private var slots: UnsafeMutableBufferPointer<Slot>
  private var shift: UInt64
  /// The keys in the table.
  private var keyCount = 0
  /// The ids of the pairs added, from place 1 on (place 0 holds 0, from which a key's first
  /// gap counts).
  private var ids: UnsafeMutableBufferPointer<Int64>
  /// The pairs added since the last write.
  private(set) var pairs = 0
  /// The slices.
  private var arena: Arena
  /// What the reads ahead of the table summed, kept so that they are not optimized away.
  private var sink: Int64 = 0

  /// A builder for an index whose keys fall into `bucketCount` buckets by `bucket`.
  init(lengths: Bool, bucketCount: Int64, bucket: @escaping @Sendable (Int64) -> Int64) {
    self.lengths = lengths
    self.bucketCount = Int(bucketCount)
    self.bucket = bucket
    slots = .allocate(capacity: 1 << 12)
    slots.initialize(repeating: .empty)
    shift = 64 - 12
    ids = .allocate(capacity: 1 << 10)
    ids[0] = 0
    arena = Arena(bytes: .allocate(capacity: 1 << 16))
  }

  deinit {
    slots.deallocate()
    ids.deallocate()
    arena.bytes.deallocate()
  }

  /// The first id added since the last write: the segment's key.
  var first: Int64? { pairs > 0 ? ids[1] : nil }

  /// The home slot of `key` in a table of 2^(64 - `shift`) slots.
  @inline(__always)
  private static func home(_ key: Int64, shift: UInt64) -> Int {
    Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  /// Adds a pair: its id (ids ascend), its source length (written with `lengths`), and its keys
  /// (repeats are left out).
  func add(id: Int64, length: Int, keys: UnsafeBufferPointer<Int64>) {
    precondition(id > ids[pairs], "pairs come in ascending id order, from 1")
    precondition(pairs < Int(UInt32.max) - 1, "a segment holds fewer than 2^32 pairs")
    if pairs + 2 > ids.count { Self.reallocate(&ids, keeping: pairs + 1, to: ids.count * 2) }
    pairs += 1
    ids[pairs] = id
    // Each key may be new: room for all of them first, so that the table stays put below.
    while (keyCount + keys.count) * 4 > slots.count * 3 { grow() }
    // The loop works on locals: a class's stored properties are checked for exclusive access
    // at each use.
    guard let table = slots.baseAddress, let ids = UnsafePointer(self.ids.baseAddress) else {
      return
    }
    let mask = slots.count - 1
    let shift = shift
    let lengths = lengths
    let length = UInt64(length)
    let pair = UInt32(pairs)
    var arena = self.arena
    var added = 0
    defer {
      self.arena = arena
      keyCount += added
    }
    // The keys' home slots read first: these reads do not wait on each other, so the processor
    // overlaps their cache misses; the loop below then finds them in the cache.
    var touched: Int64 = 0
    for key in keys { touched &+= table[Self.home(key, shift: shift)].key }
    sink = touched
    for key in keys {
      var index = Self.home(key, shift: shift)
      while true {
        // The slot is changed in place: a copy on the stack, written back whole, was read back
        // at other widths than it was written, which the processor could not forward from its
        // stores.
        let slot = table + index
        let found = slot.pointee.key
        if found == key {
          let last = slot.pointee.last
          // A repeat within the pair.
          if last == pair { break }
          arena.append(UInt64(id - ids[Int(last)]), length, lengths: lengths, to: slot)
          slot.pointee.last = pair
          break
        }
        if found == -1 {
          let head = arena.slice(of: Self.firstSlice)
          slot.pointee = Slot(
            key: key, last: pair, count: 0, head: head, tail: head,
            limit: head + UInt32(Self.firstSlice - Self.link), level: 0)
          arena.append(UInt64(id), length, lengths: lengths, to: slot)
          added += 1
          break
        }
        index = (index + 1) & mask
      }
    }
  }

  /// The slices of every key's postings.
  private struct Arena {
    var bytes: UnsafeMutableBufferPointer<UInt8>
    /// The bytes in use.
    var used = 0

    /// Writes a posting at the end of a key's postings: `gap` from its last id, and `length`
    /// with `lengths`.
    @inline(__always)
    mutating func append(
      _ gap: UInt64, _ length: UInt64, lengths: Bool, to slot: UnsafeMutablePointer<Slot>
    ) {
      slot.pointee.count += 1
      put(gap, slot)
      if lengths { put(length, slot) }
    }

    /// Writes `value` as a varint at the end of a key's postings.
    @inline(__always)
    private mutating func put(_ value: UInt64, _ slot: UnsafeMutablePointer<Slot>) {
      var value = value
      while value >= 0x80 {
        put(UInt8(truncatingIfNeeded: value) | 0x80, slot)
        value >>= 7
      }
      put(UInt8(value), slot)
    }

    @inline(__always)
    private mutating func put(_ byte: UInt8, _ slot: UnsafeMutablePointer<Slot>) {
      var tail = slot.pointee.tail
      if tail == slot.pointee.limit { tail = next(slot) }
      bytes[Int(tail)] = byte
      slot.pointee.tail = tail + 1
    }

    /// Links a key's full slice to a new one, twice its size up to ``largestSlice``; returns
    /// where it starts.
    private mutating func next(_ slot: UnsafeMutablePointer<Slot>) -> UInt32 {
      let level = slot.pointee.level + 1
      let size = PostingsBuilder.sliceSize(level)
      let start = slice(of: size)
      let link = Int(slot.pointee.limit)
      for k in 0..<4 { bytes[link + k] = UInt8(truncatingIfNeeded: start >> (8 * UInt32(k))) }
      slot.pointee.level = level
      slot.pointee.limit = start + UInt32(size - PostingsBuilder.link)
      return start
    }

    /// The link at the end of a slice whose data ends at `index`.
    func link(at index: Int) -> Int {
      var value = 0
      for k in 0..<4 { value |= Int(bytes[index + k]) << (8 * k) }
      return value
    }

    /// Where a new slice of `size` bytes starts.
    mutating func slice(of size: Int) -> UInt32 {
      let start = used
      if start + size > bytes.count {
        PostingsBuilder.reallocate(&bytes, keeping: start, to: max(bytes.count * 2, start + size))
      }
      precondition(start + size <= Int(UInt32.max), "a segment's postings fit in 4 GB")
      used = start + size
      return UInt32(start)
    }
  }

  /// Moves `buffer` to storage of `count` elements, keeping the first `kept`.
  private static func reallocate<Element>(
    _ buffer: inout UnsafeMutableBufferPointer<Element>, keeping kept: Int, to count: Int
  ) {
    let larger = UnsafeMutableBufferPointer<Element>.allocate(capacity: count)
    if let from = buffer.baseAddress, let to = larger.baseAddress {
      to.moveInitialize(from: from, count: kept)
    }
    buffer.deallocate()
    buffer = larger
  }

  /// Doubles the table, moving each key with its state.
  private func grow() {
    let old = slots
    slots = .allocate(capacity: old.count * 2)
    slots.initialize(repeating: .empty)
    shift -= 1
    let mask = slots.count - 1
    for slot in old where slot.key != -1 {
      var target = Self.home(slot.key, shift: shift)
      while slots[target].key != -1 { target = (target + 1) & mask }
      slots[target] = slot
    }
    old.deallocate()
  }

  /// The bytes of a key's postings: its full slices' data, and the current slice's up to its
  /// tail.
  private static func size(_ slot: Slot) -> Int {
    var full = 0
    for level in 0..<slot.level { full += sliceSize(level) - link }
    let start = Int(slot.limit) + link - sliceSize(slot.level)
    return full + Int(slot.tail) - start
  }

  /// The blobs of the pairs added, by bucket; empties the builder (keeping its storage).
  ///
  /// The slots in use are dealt whole by bucket, in table order, so that only the keys' slices
  /// are read out of order: reading each slot where it lies in the table, in key order, missed
  /// the cache at every key. The first byte of each key's slices is read while the bucket's size
  /// is summed, so that those misses overlap.
  ///
  /// The slots are dealt straight from the table: gathered first into an array of their own,
  /// then dealt into another, they took twice their size for a moment (a concordance segment
  /// of 20,000 pairs: 25 MB more, in peaks of the import's resident memory).
  func take() -> [Int64: [UInt8]] {
    defer { reset() }
    var result: [Int64: [UInt8]] = [:]
    let arena = arena
    let bucketOfKey = bucket
    func bucketOf(_ slot: Slot) -> Int? { slot.key == -1 ? nil : Int(bucketOfKey(slot.key)) }
    var touched: UInt8 = 0
    FuzzyIndex.forEachBucket(of: slots, count: bucketCount, bucket: bucketOf) { number, part in
      part.sort { $0.key < $1.key }
      var total = 0
      for slot in part {
        touched &+= arena.bytes[Int(slot.head)]
        let size = Self.size(slot)
        total +=
          8 + FuzzyIndex.varintSize(UInt64(slot.count)) + FuzzyIndex.varintSize(UInt64(size))
          + size
      }
      var blob: [UInt8] = []
      blob.reserveCapacity(total)
      for slot in part {
        blob.appendKey(slot.key)
        blob.appendVarint(UInt64(slot.count))
        blob.appendVarint(UInt64(Self.size(slot)))
        Self.append(slot, of: arena, to: &blob)
      }
      result[Int64(number)] = blob
    }
    sink = Int64(touched)
    return result
  }

  /// Appends a key's slices to `blob`.
  private static func append(_ slot: Slot, of arena: Arena, to blob: inout [UInt8]) {
    var start = Int(slot.head)
    var level: UInt32 = 0
    while true {
      let end = start + sliceSize(level) - link
      let last = end == Int(slot.limit)
      let stop = last ? Int(slot.tail) : end
      if stop - start <= 16 {
        // Most keys hold a posting or two: a call to copy them cost more than the bytes.
        for index in start..<stop { blob.append(arena.bytes[index]) }
      } else {
        blob.append(contentsOf: UnsafeBufferPointer(rebasing: arena.bytes[start..<stop]))
      }
      if last { return }
      start = arena.link(at: end)
      level += 1
    }
  }

  /// Empties the builder, keeping its storage.
  private func reset() {
    slots.update(repeating: .empty)
    keyCount = 0
    arena.used = 0
    pairs = 0
  }
}
