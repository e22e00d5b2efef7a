import Foundation
import GlossaKit
import GlossaTestSupport
import Testing

@testable import GlossaMemory

/// The concordance index (schema v5): searches against a scan of every pair, its blobs and its
/// intersection against plain references.
@Suite struct ConcordanceIndexTests {
  /// For each pair (`keys`: id and matching forms), whether its source and its target hold
  /// `phrase` (as bytes): what a search must find, read from every pair.
  static func scan(
    _ keys: [(id: Int64, source: [UInt8], target: [UInt8])], _ phrase: String,
    store: SQLiteMemory
  ) -> [(id: Int64, source: Bool, target: Bool)] {
    let key = Array(store.matchingForm(phrase).trimmingCharacters(in: .whitespaces).utf8)
    guard let head = key.first else { return [] }
    func holds(_ bytes: [UInt8]) -> Bool {
      guard bytes.count >= key.count else { return false }
      for start in 0...(bytes.count - key.count) where bytes[start] == head {
        var k = 1
        while k < key.count && bytes[start + k] == key[k] { k += 1 }
        if k == key.count { return true }
      }
      return false
    }
    return keys.map { ($0.id, holds($0.source), holds($0.target)) }
  }

  /// Phrases cut from random pairs (one to eight scalars, Chinese, English, symbols, mixed), a
  /// few that occur nowhere, and one of spaces.
  static func phrases(_ units: [MemoryUnit], random: inout SeededGenerator) -> [String] {
    var result = ["Chongqing economic", "重庆两会", "zzz", "   ", "é", "两会", "GDP 3"]
    for _ in 0..<50 {
      let unit = units[Int.random(in: units.indices, using: &random)]
      let text = Array(
        (Bool.random(using: &random) ? unit.source : unit.target).text.unicodeScalars)
      guard !text.isEmpty else { continue }
      let length = Int.random(in: 1...min(8, text.count), using: &random)
      let start = Int.random(in: 0...(text.count - length), using: &random)
      var phrase = String.UnicodeScalarView()
      phrase.append(contentsOf: text[start..<(start + length)])
      result.append(String(phrase))
    }
    return result
  }

  /// Searches find what a scan finds, on each side, with and without a limit: over a large
  /// segment (the first transaction, 2,800 pairs, whose builder's table grows several times),
  /// over many segments, and once an import past the segment limit has merged them all.
  @Test func searchesFindWhatAScanFinds() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try SQLiteMemory(path: folder + "/tm.sqlite")
    var generator = UnitGenerator(random: SeededGenerator(seed: 21))
    let units = (0..<6_000).map { generator.unit($0) }
    try store.add(Array(units[..<2_800]))
    var start = 2_800
    // More segments than the limit once the last ones are in.
    let small = (units.count - start) / SQLiteMemory.SegmentedIndex.concordance.segmentLimit
    var random = SeededGenerator(seed: 22)
    let phrases = Self.phrases(units, random: &random)
    func check() throws {
      var keys: [(id: Int64, source: [UInt8], target: [UInt8])] = []
      try store.forEach { keys.append(($0.id, Array($0.sourceKey.utf8), Array($0.targetKey.utf8))) }
      for phrase in phrases {
        let holding = Self.scan(keys, phrase, store: store)
        for side in [ConcordanceOptions.Side.both, .source, .target] {
          let ids = holding.filter {
            switch side {
            case .source: $0.source
            case .target: $0.target
            case .both: $0.source || $0.target
            }
          }.map(\.id)
          for limit in [3, 400] {
            let found = try store.concordance(
              phrase, options: ConcordanceOptions(side: side, limit: limit))
            #expect(found.map(\.unit.id) == Array(ids.prefix(limit)), "\(phrase) \(side) \(limit)")
          }
        }
      }
    }
    var segments = 1
    while start < units.count {
      let end =
        segments == SQLiteMemory.SegmentedIndex.concordance.segmentLimit
        ? units.count : start + small
      // As an import does: its own segments (here one) merged where the index does that.
      let first = try store.nextID()
      try store.add(Array(units[start..<end]))
      try store.mergeIndex(from: first)
      start = end
      segments += 1
      if segments == 8 { try check() }
    }
    #expect(try store.concordanceSegments() == 1)
    try check()
  }

  /// Random matching forms over a small alphabet (Latin, Chinese, a space), so that grams repeat
  /// within pairs and across them.
  static func randomForm(_ random: inout SeededGenerator) -> String {
    let alphabet = Array("abc 重庆两会é")
    return String(
      (0..<Int.random(in: 0...40, using: &random)).map { _ in
        alphabet[Int.random(in: alphabet.indices, using: &random)]
      })
  }

  /// The blobs a segment must have, written the plain way: every posting sorted by bucket, gram
  /// and id, repeats dropped.
  static func referenceBlobs(_ pairs: [(id: Int64, source: String, target: String)]) -> [Int64:
    [UInt8]]
  {
    var postings: [(bucket: Int64, key: Int64, id: Int64)] = []
    for pair in pairs {
      for form in [pair.source, pair.target] {
        ConcordanceIndex.grams(of: form) {
          postings.append((ConcordanceIndex.bucket(of: $0), $0, pair.id))
        }
      }
    }
    postings.sort { ($0.bucket, $0.key, $0.id) < ($1.bucket, $1.key, $1.id) }
    var result: [Int64: [UInt8]] = [:]
    var start = 0
    while start < postings.count {
      var end = start
      var ids: [Int64] = []
      while end < postings.count && postings[end].key == postings[start].key {
        if ids.last != postings[end].id { ids.append(postings[end].id) }
        end += 1
      }
      result[postings[start].bucket, default: []].appendEntry(
        token: postings[start].key, postings: ids.map { ($0, 0) }, lengths: false)
      start = end
    }
    return result
  }

  /// A segment's blobs are those written the plain way, byte for byte, and hold each gram's pairs
  /// once, ascending, in the gram's bucket, and nothing else; the builder is empty after a write
  /// and builds the next segment alike (its table grows past its first size on the larger
  /// seeds).
  @Test(arguments: 0..<10)
  func builderWritesEachPostingOnce(seed: UInt64) {
    var random = SeededGenerator(seed: seed &+ 300)
    let builder = PostingsBuilder.concordance()
    var id: Int64 = 0
    for _ in 0..<2 {
      let count = seed < 3 ? 3_000 : Int.random(in: 0...300, using: &random)
      let pairs = (0..<count).map { _ in
        id += Int64.random(in: 1...3, using: &random)
        return (id: id, source: Self.randomForm(&random), target: Self.randomForm(&random))
      }
      var expected: [Int64: Set<Int64>] = [:]
      for pair in pairs {
        builder.add(id: pair.id, sourceKey: pair.source, targetKey: pair.target)
        for form in [pair.source, pair.target] {
          ConcordanceIndex.grams(of: form) { expected[$0, default: []].insert(pair.id) }
        }
      }
      #expect(builder.first == pairs.first?.id)
      let blobs = builder.take()
      #expect(builder.pairs == 0 && builder.first == nil)
      let reference = Self.referenceBlobs(pairs)
      let differing = Set(blobs.keys).union(reference.keys).filter { blobs[$0] != reference[$0] }
      #expect(differing.isEmpty, "\(differing.count) buckets differ from the plain way's")
      var found: [Int64: [Int64]] = [:]
      for (bucket, blob) in blobs {
        blob.withUnsafeBytes { raw in
          var previous: Int64?
          FuzzyIndex.entries(in: raw) { key, count, range in
            #expect(ConcordanceIndex.bucket(of: key) == bucket)
            #expect(previous.map { $0 < key } ?? true, "entries ascend")
            previous = key
            FuzzyIndex.decode(UnsafeRawBufferPointer(rebasing: raw[range]), lengths: false) {
              id, _ in found[key, default: []].append(id)
            }
            #expect(found[key]?.count == count)
          }
        }
      }
      #expect(found.mapValues { Set($0) } == expected)
      #expect(found.values.allSatisfy { zip($0, $0.dropFirst()).allSatisfy { $0 < $1 } })
    }
  }

  /// The intersection of ascending lists is what sets give, ascending.
  @Test(arguments: 0..<20)
  func intersectionEqualsSets(seed: UInt64) {
    var random = SeededGenerator(seed: seed &+ 500)
    let range = Int64(0)...Int64.random(in: 0...200, using: &random)
    let lists = (0..<Int.random(in: 0...5, using: &random)).map { _ in
      Set(
        (0..<Int.random(in: 0...150, using: &random)).map { _ in
          Int64.random(in: range, using: &random)
        }
      ).sorted()
    }
    let expected = lists.dropFirst().reduce(Set(lists.first ?? [])) { $0.intersection($1) }
    #expect(ConcordanceIndex.intersection(lists) == expected.sorted())
  }

  /// Grams are the scalars' own (no hash): different grams never share a key; a pair starting
  /// with an ideograph is a gram, other grams are three scalars.
  @Test func gramKeysAreExact() {
    #expect(ConcordanceIndex.distinctGrams(of: "ab").isEmpty)
    #expect(ConcordanceIndex.distinctGrams(of: "abab").count == 2)
    #expect(ConcordanceIndex.distinctGrams(of: "两会") == [ConcordanceIndex.key(0x4E24, 0x4F1A)])
    #expect(ConcordanceIndex.distinctGrams(of: "两会开幕").count == 3)
    // "x两会": x两会 (three, from a letter) and 两会 (two, from an ideograph).
    #expect(ConcordanceIndex.distinctGrams(of: "x两会").count == 2)
    #expect(ConcordanceIndex.distinctGrams(of: "会x").count == 1)
    #expect(ConcordanceIndex.distinctGrams(of: "x会").isEmpty)
    let highest = ConcordanceIndex.key(0x10FFFF, 0x10FFFF, 0x10FFFF)
    #expect(highest > 0 && highest != ConcordanceIndex.key(0x10FFFF, 0x10FFFF))
    var random = SeededGenerator(seed: 9)
    for _ in 0..<1_000 {
      let scalars = (0..<3).map { _ in UInt32.random(in: 0...0x10FFFF, using: &random) }
      let key = ConcordanceIndex.key(scalars[0], scalars[1], scalars[2])
      #expect([key >> 42, (key >> 21) & 0x1F_FFFF, key & 0x1F_FFFF] == scalars.map(Int64.init))
    }
  }
}
