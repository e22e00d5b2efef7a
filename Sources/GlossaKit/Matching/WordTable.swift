internal import GlossaText

/// An interning table of byte strings: the vocabulary of a compiled glossary.
///
/// Open addressing over a power-of-two slot array; words live in one byte pool. A slot holds
/// 24 bits of the word's hash, its length and its identifier, and the word's first eight bytes:
/// a lookup of a word that is not in the table reads nothing but the slots, and one of a word
/// of eight bytes or fewer (most words) reads one slot, not the slot, the word's start and its
/// bytes (three cache misses in a table of megabytes, for every token of a text).
struct WordTable: Sendable {
  private(set) var pool: [UInt8] = []
  private(set) var starts: [Int32] = [0]
  private var hashes: [UInt64] = []
  private struct Slot {
    /// `(hash >> 40) << 40 | min(length, 255) << 32 | id + 1`, or 0 for an empty slot.
    var value: UInt64 = 0
    /// The word's first eight bytes, little-endian, zeros after a shorter word.
    var head: UInt64 = 0
  }
  private var slots = [Slot](repeating: Slot(), count: 64)

  var count: Int { hashes.count }

  @inline(__always)
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      h ^= UInt64(byte)
      h &*= 0x0000_0100_0000_01B3
    }
    return h ^ (h >> 29)
  }

  /// The identifier of `word`, adding it when new.
  mutating func intern(_ word: [UInt8]) -> Int32 {
    word.withUnsafeBufferPointer { buffer in
      let h = Self.hash(buffer)
      if let found = find(buffer, hash: h) { return found }
      if (count + 1) * 2 > slots.count { grow() }
      let id = Int32(count)
      pool.append(contentsOf: buffer)
      starts.append(Int32(pool.count))
      hashes.append(h)
      insert(id: id, hash: h, word: buffer)
      return id
    }
  }

  /// The identifier of the word `bytes`, or -1.
  @inline(__always)
  func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
    find(bytes, hash: Self.hash(bytes)) ?? -1
  }

  /// The bytes of word `id`.
  func word(_ id: Int32) -> ArraySlice<UInt8> {
    pool[Int(starts[Int(id)])..<Int(starts[Int(id) + 1])]
  }

  /// The words read in place, for as long as a ``withWords(_:)`` call lasts.
  struct Words {
    fileprivate let pool: UnsafeBufferPointer<UInt8>
    fileprivate let starts: UnsafeBufferPointer<Int32>

    /// The bytes of word `id`.
    subscript(id: Int32) -> UnsafeBufferPointer<UInt8> {
      UnsafeBufferPointer(rebasing: pool[Int(starts[Int(id)])..<Int(starts[Int(id) + 1])])
    }
  }

  /// Calls `body` with the words read in place.
  ///
  /// A slice of the pool (``word(_:)``) holds a reference to it: threads that share a table
  /// would contend for its count at every word.
  func withWords<R>(_ body: (Words) -> R) -> R {
    pool.withUnsafeBufferPointer { pool in
      starts.withUnsafeBufferPointer { starts in body(Words(pool: pool, starts: starts)) }
    }
  }

  /// The upper bits of a slot's value for a word of hash `h` and `length` bytes.
  @inline(__always)
  private static func tag(_ h: UInt64, length: Int) -> UInt64 {
    (h >> 40) << 8 | UInt64(min(length, 255))
  }

  /// The first eight bytes of `bytes`, little-endian, zeros after a shorter word.
  @inline(__always)
  private static func head(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    guard let base = bytes.baseAddress else { return 0 }
    if bytes.count >= 8 {
      return UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self))
    }
    var head: UInt64 = 0
    var i = 0
    while i < bytes.count {
      head |= UInt64(bytes[i]) << UInt64(8 * i)
      i += 1
    }
    return head
  }

  @inline(__always)
  private func find(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int32? {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: h) & mask
    let tag = Self.tag(h, length: bytes.count)
    let head = Self.head(bytes)
    return slots.withUnsafeBufferPointer { slots in
      while true {
        let value = slots[slot].value
        if value == 0 { return nil }
        if value >> 32 == tag && slots[slot].head == head {
          let id = Int(value & 0xFFFF_FFFF) - 1
          // Length and eight bytes agree: a word of eight bytes or fewer is this one.
          if bytes.count <= 8 { return Int32(id) }
          let start = Int(starts[id])
          let end = Int(starts[id + 1])
          if end - start == bytes.count
            && pool.withUnsafeBufferPointer({
              UTF8Scalars.same(UnsafeBufferPointer(rebasing: $0[start..<end]), bytes)
            })
          {
            return Int32(id)
          }
        }
        slot = (slot + 1) & mask
      }
    }
  }

  private mutating func insert(id: Int32, hash h: UInt64, word: UnsafeBufferPointer<UInt8>) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: h) & mask
    while slots[slot].value != 0 { slot = (slot + 1) & mask }
    slots[slot] = Slot(
      value: Self.tag(h, length: word.count) << 32 | UInt64(id + 1), head: Self.head(word))
  }

  private mutating func grow() {
    slots = Array(repeating: Slot(), count: slots.count * 2)
    let pool = pool
    pool.withUnsafeBufferPointer { pool in
      for id in 0..<count {
        let word = UnsafeBufferPointer(rebasing: pool[Int(starts[id])..<Int(starts[id + 1])])
        insert(id: Int32(id), hash: hashes[id], word: word)
      }
    }
  }
}

/// The edges of the term trie: (node, word) → child node.
///
/// The root's children sit in a dense array by word (most lookups start at the root, and most
/// fail there); every other edge sits in one open-addressing table whose slots hold key and
/// child together, so that a lookup touches one cache line, not two.
struct EdgeTable: Sendable {
  private struct Slot {
    var key: UInt64
    var child: Int32
  }
  private var slots: [Slot] = Array(repeating: Slot(key: 0, child: 0), count: 64)
  private var roots: [Int32] = []
  /// A Bloom filter over the keys of `slots`, two bits per key, at least 16 bits per key: small
  /// enough to stay in cache, so that most failing lookups (most lookups) skip the table.
  private var filter: [UInt64] = Array(repeating: 0, count: 16)
  /// Bit `n` says whether node `n` (other than the root) has children: one bit per node, a
  /// read that stays in the core's cache, where the filter's two reads miss it; a lookup from a
  /// leaf (most terms' last node) stops there.
  private var parents: [UInt64] = []
  /// The slots in use.
  private var used = 0

  @inline(__always)
  private static func key(_ node: Int32, _ word: Int32) -> UInt64 {
    (UInt64(UInt32(bitPattern: node) &+ 1) << 32) | UInt64(UInt32(bitPattern: word) &+ 1)
  }

  @inline(__always)
  private static func slot(_ key: UInt64, _ mask: Int) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
  }

  /// The child of `node` along `word`, or -1.
  @inline(__always)
  func child(_ node: Int32, _ word: Int32) -> Int32 {
    if node == 0 {
      return word >= 0 && Int(word) < roots.count ? roots[Int(word)] : -1
    }
    guard Self.isParent(parents, node) else { return -1 }
    let k = Self.key(node, word)
    guard Self.mayContain(filter, k) else { return -1 }
    return slots.withUnsafeBufferPointer { slots in
      let mask = slots.count - 1
      var s = Self.slot(k, mask)
      while true {
        let found = slots[s].key
        if found == k { return slots[s].child }
        if found == 0 { return -1 }
        s = (s + 1) & mask
      }
    }
  }

  @inline(__always)
  private static func isParent(_ parents: [UInt64], _ node: Int32) -> Bool {
    parents.withUnsafeBufferPointer { words in
      let index = Int(node) >> 6
      return index < words.count && words[index] & (1 << UInt64(Int(node) & 63)) != 0
    }
  }

  /// The two filter bits of `key`.
  @inline(__always)
  private static func filterBits(_ key: UInt64, _ bitCount: Int) -> (Int, Int) {
    let h = (key ^ (key >> 29)) &* 0xBF58_476D_1CE4_E5B9
    let mask = bitCount - 1
    return (Int(truncatingIfNeeded: h >> 40) & mask, Int(truncatingIfNeeded: h >> 8) & mask)
  }

  @inline(__always)
  private static func mayContain(_ filter: [UInt64], _ key: UInt64) -> Bool {
    filter.withUnsafeBufferPointer { words in
      let (a, b) = filterBits(key, words.count << 6)
      return words[a >> 6] & (1 << UInt64(a & 63)) != 0
        && words[b >> 6] & (1 << UInt64(b & 63)) != 0
    }
  }

  private static func insert(_ key: UInt64, into filter: inout [UInt64]) {
    let (a, b) = filterBits(key, filter.count << 6)
    filter[a >> 6] |= 1 << UInt64(a & 63)
    filter[b >> 6] |= 1 << UInt64(b & 63)
  }

  /// Sets the child of `node` along `word`.
  mutating func set(_ node: Int32, _ word: Int32, _ child: Int32) {
    if node == 0 {
      if Int(word) >= roots.count {
        roots.append(contentsOf: repeatElement(-1, count: Int(word) + 1 - roots.count))
      }
      roots[Int(word)] = child
      return
    }
    if (used + 1) * 2 > slots.count { grow() }
    let index = Int(node) >> 6
    if index >= parents.count {
      parents.append(contentsOf: repeatElement(0, count: index + 1 - parents.count))
    }
    parents[index] |= 1 << UInt64(Int(node) & 63)
    let k = Self.key(node, word)
    let mask = slots.count - 1
    var s = Self.slot(k, mask)
    while slots[s].key != 0 && slots[s].key != k { s = (s + 1) & mask }
    if slots[s].key == 0 { used += 1 }
    slots[s] = Slot(key: k, child: child)
    if used * 16 > filter.count << 6 {
      // Rebuilt twice as large from every key.
      filter = Array(repeating: 0, count: filter.count * 2)
      for slot in slots where slot.key != 0 { Self.insert(slot.key, into: &filter) }
    } else {
      Self.insert(k, into: &filter)
    }
  }

  private mutating func grow() {
    let old = slots
    slots = Array(repeating: Slot(key: 0, child: 0), count: old.count * 2)
    let mask = slots.count - 1
    for slot in old where slot.key != 0 {
      var s = Self.slot(slot.key, mask)
      while slots[s].key != 0 { s = (s + 1) & mask }
      slots[s] = slot
    }
  }
}

// MARK: Compiled form (see ``CompiledForm``)

extension WordTable {
  func write(to writer: inout ByteWriter) {
    writer.plain(pool)
    writer.plain(starts)
    writer.plain(hashes)
    writer.plain(slots)
  }

  init(reading reader: inout ByteReader) throws(CompiledFormError) {
    self.init()
    pool = try reader.plain()
    let poolCount = pool.count
    starts = try reader.plain(where: { $0 >= 0 && Int($0) <= poolCount })
    hashes = try reader.plain()
    slots = try reader.plain()
    let count = hashes.count
    guard starts.count == count + 1, starts.first == 0,
      zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 }),
      slots.count.nonzeroBitCount == 1, slots.count >= count * 2,
      slots.allSatisfy({
        $0.value == 0 || (1...UInt64(count)).contains($0.value & 0xFFFF_FFFF)
      })
    else { throw CompiledFormError("a word table out of shape") }
  }
}

extension EdgeTable {
  func write(to writer: inout ByteWriter) {
    writer.plain(slots)
    writer.plain(roots)
    writer.plain(filter)
    writer.plain(parents)
    writer.int(used)
  }

  /// Reads an edge table whose children are nodes below `nodes`.
  init(reading reader: inout ByteReader, nodes: Int) throws(CompiledFormError) {
    self.init()
    let valid = { (child: Int32) in child >= -1 && Int(child) < nodes }
    slots = try reader.plain(where: { valid($0.child) })
    roots = try reader.plain(where: valid)
    filter = try reader.plain()
    parents = try reader.plain()
    used = try reader.int()
    guard slots.count.nonzeroBitCount == 1, filter.count.nonzeroBitCount == 1,
      used >= 0, used <= slots.count
    else { throw CompiledFormError("an edge table out of shape") }
  }
}
