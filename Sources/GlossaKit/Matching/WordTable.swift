/// An interning table of byte strings: the vocabulary of a compiled glossary.
///
/// Open addressing over a power-of-two slot array; words live in one byte pool.
struct WordTable: Sendable {
  private(set) var pool: [UInt8] = []
  private(set) var starts: [Int32] = [0]
  private var hashes: [UInt64] = []
  private var slots: [Int32] = Array(repeating: -1, count: 64)

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
      insert(id: id, hash: h)
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

  @inline(__always)
  private func find(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int32? {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: h) & mask
    return pool.withUnsafeBufferPointer { pool in
      while true {
        let id = slots[slot]
        if id < 0 { return nil }
        if hashes[Int(id)] == h {
          let start = Int(starts[Int(id)])
          let end = Int(starts[Int(id) + 1])
          if end - start == bytes.count && equal(pool, start, bytes) { return id }
        }
        slot = (slot + 1) & mask
      }
    }
  }

  private mutating func insert(id: Int32, hash h: UInt64) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: h) & mask
    while slots[slot] >= 0 { slot = (slot + 1) & mask }
    slots[slot] = id
  }

  private mutating func grow() {
    slots = Array(repeating: -1, count: slots.count * 2)
    for id in 0..<count { insert(id: Int32(id), hash: hashes[id]) }
  }
}

/// Whether `pool[start...]` begins with `bytes`.
@inline(__always)
private func equal(
  _ pool: UnsafeBufferPointer<UInt8>, _ start: Int, _ bytes: UnsafeBufferPointer<UInt8>
) -> Bool {
  var i = 0
  while i < bytes.count {
    if pool[start + i] != bytes[i] { return false }
    i += 1
  }
  return true
}

/// The edges of the term trie: (node, word) → child node, in one open-addressing table.
struct EdgeTable: Sendable {
  private var keys: [UInt64] = Array(repeating: 0, count: 64)
  private var values: [Int32] = Array(repeating: 0, count: 64)
  private(set) var count = 0

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
    let k = Self.key(node, word)
    let mask = keys.count - 1
    var s = Self.slot(k, mask)
    while true {
      let found = keys[s]
      if found == k { return values[s] }
      if found == 0 { return -1 }
      s = (s + 1) & mask
    }
  }

  /// Sets the child of `node` along `word`.
  mutating func set(_ node: Int32, _ word: Int32, _ child: Int32) {
    if (count + 1) * 2 > keys.count { grow() }
    let k = Self.key(node, word)
    let mask = keys.count - 1
    var s = Self.slot(k, mask)
    while keys[s] != 0 && keys[s] != k { s = (s + 1) & mask }
    if keys[s] == 0 { count += 1 }
    keys[s] = k
    values[s] = child
  }

  private mutating func grow() {
    let oldKeys = keys
    let oldValues = values
    keys = Array(repeating: 0, count: oldKeys.count * 2)
    values = Array(repeating: 0, count: oldKeys.count * 2)
    let mask = keys.count - 1
    for (k, v) in zip(oldKeys, oldValues) where k != 0 {
      var s = Self.slot(k, mask)
      while keys[s] != 0 { s = (s + 1) & mask }
      keys[s] = k
      values[s] = v
    }
  }
}
