import Foundation
import GRDB
import GlossaFormats
import GlossaKit
import GlossaTestSupport
import GlossaText
import Testing

@testable import GlossaMemory

/// A fresh folder for one test's memory files.
func temporaryFolder() throws -> String {
  let path = NSTemporaryDirectory() + "glossa-tm-" + UUID().uuidString
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

/// Random memory units: mixed scripts, markup-like characters, inline codes, notes and
/// properties.
struct UnitGenerator {
  var random: SeededGenerator

  static let pieces = [
    "Chongqing", "two", "Sessions", "economic", "circle", "GDP", "3,500", "1.2", "%", "重庆",
    "两会", "經濟圈", "成渝", "人民", "é", "e\u{301}", "😀", "שלום", "مرحبا", "<", ">", "&", "\"", "'",
    "a,b", "tab\there", "line\nbreak", "Ｆｕｌｌ", "x-y", "—", "ǅ", "İ",
  ]

  mutating func text(words: ClosedRange<Int> = 1...8) -> String {
    let count = Int.random(in: words, using: &random)
    return (0..<count).map { _ in Self.pieces[Int.random(in: Self.pieces.indices, using: &random)] }
      .joined(separator: Bool.random(using: &random) ? " " : "")
  }

  mutating func segment() -> TranslationUnit.Segment {
    let text = self.text()
    if Int.random(in: 0..<4, using: &random) == 0 {
      // An inline code around the text, kept for export and left out of the text.
      let markup =
        "<bpt i=\"1\">&lt;b&gt;</bpt>" + XMLText.escape(text) + "<ept i=\"1\">&lt;/b&gt;</ept>"
      return TranslationUnit.Segment(markup: markup, text: text)
    }
    return TranslationUnit.Segment(markup: XMLText.escape(text), text: text)
  }

  mutating func unit(_ index: Int) -> MemoryUnit {
    var extras = MemoryUnit.Extras()
    if Bool.random(using: &random) {
      extras.properties = [TranslationUnit.Property(type: "x-domain", value: text(words: 1...2))]
    }
    if Bool.random(using: &random) { extras.notes = [text()] }
    extras.source.language = "zh-CN"
    extras.target.language = "en-US"
    return MemoryUnit(
      tuid: Bool.random(using: &random) ? "tu-\(index)" : nil,
      sourceLanguage: (LanguageTag("zh-CN") ?? .simplifiedChinese),
      targetLanguage: (LanguageTag("en-US") ?? .english),
      source: segment(), target: segment(),
      creationDate: Bool.random(using: &random) ? "20240102T030405Z" : nil,
      creationUser: Bool.random(using: &random) ? "editor" : nil, origin: "random.tmx",
      extras: extras)
  }
}

@Suite struct MemoryStoreTests {
  @Test func reimportingAddsNothing() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try SQLiteMemory(path: folder + "/tm.sqlite")
    var generator = UnitGenerator(random: SeededGenerator(seed: 1))
    let units = (0..<200).map { generator.unit($0) }
    let added = try store.add(units)
    #expect(added == Set(units.map { [$0.source.markup, $0.target.markup] }).count)
    #expect(try store.add(units) == 0)
    #expect(try store.count() == added)
  }

  /// Export to TMX, then import into an empty memory, gives the same units, for random units.
  @Test(arguments: 0..<20)
  func exportThenImportGivesTheSameUnits(seed: UInt64) throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try SQLiteMemory(path: folder + "/a.sqlite")
    var generator = UnitGenerator(random: SeededGenerator(seed: seed))
    try store.add((0..<40).map { generator.unit($0) })
    var before: [MemoryUnit] = []
    try store.forEach { before.append($0.unit) }

    let writer = TMXWriter(
      sourceLanguage: "zh-CN", toolVersion: "test", originalFormat: "Glossa translation memory")
    var tmx = writer.start()
    for unit in before { tmx += writer.unit(unit.translationUnit) }
    tmx += writer.end()

    let copy = try SQLiteMemory(path: folder + "/b.sqlite")
    let reader = try TMXReader(data: Array(tmx.utf8), file: "export.tmx")
    var pairs: [MemoryUnit] = []
    try reader.read { unit, _ throws(InputError) in
      do {
        pairs += try MemoryUnit.pairs(from: unit, sourceLanguage: "zh-CN", origin: "random.tmx")
      } catch {
        throw InputError(file: "export.tmx", message: "\(error)")
      }
    }
    try copy.add(pairs)
    var after: [MemoryUnit] = []
    try copy.forEach { after.append($0.unit) }
    #expect(after.count == before.count)
    for (old, new) in zip(before, after) {
      #expect(old == new)
    }
  }

  /// Markup equal to its text is stored empty (schema v6), other markup whole; pairs read back
  /// as they were added, and rows written whole before v6 read the same.
  @Test func plainMarkupIsStoredEmptyAndReadWhole() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try SQLiteMemory(path: folder + "/tm.sqlite")
    var generator = UnitGenerator(random: SeededGenerator(seed: 8))
    var units = (0..<300).map { generator.unit($0) }
    // A pair whose markup equals its text on both sides, for sure.
    units[0].source = TranslationUnit.Segment(markup: "重庆", text: "重庆")
    units[0].target = TranslationUnit.Segment(markup: "Chongqing", text: "Chongqing")
    try store.add(units)
    var read: [MemoryUnit] = []
    try store.forEach { read.append($0.unit) }
    #expect(read == units)
    let rows = try DatabaseQueue(path: folder + "/tm.sqlite").read { db in
      try Row.fetchAll(
        db,
        sql:
          "SELECT source_markup, target_markup, source_text, target_text FROM unit ORDER BY id")
    }
    for (row, unit) in zip(rows, units) {
      let source: String = row[0]
      let target: String = row[1]
      #expect(source == (unit.source.markup == unit.source.text ? "" : unit.source.markup))
      #expect(target == (unit.target.markup == unit.target.text ? "" : unit.target.markup))
    }
    #expect(rows.filter { ($0[0] as String).isEmpty }.count > 0)
    #expect(rows.filter { !($0[0] as String).isEmpty }.count > 0)
    // Rows as an earlier Glossa wrote them: markup always whole.
    try DatabaseQueue(path: folder + "/tm.sqlite").write { db in
      try db.execute(
        sql:
          "UPDATE unit SET source_markup = source_text WHERE source_markup = ''; UPDATE unit SET target_markup = target_text WHERE target_markup = ''"
      )
    }
    var earlier: [MemoryUnit] = []
    try SQLiteMemory(path: folder + "/tm.sqlite").forEach { earlier.append($0.unit) }
    #expect(earlier == units)
  }

  /// A matching form that is its text with ASCII capitals lowered is stored as an empty blob,
  /// and extras that are the languages alone as an empty string (schema v7); pairs, forms,
  /// exact matches, phrase scans and inconsistencies read the same from these rows as from rows
  /// written whole, as before v7.
  @Test func plainFormsAndLanguagesAreStoredEmptyAndRebuilt() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/tm.sqlite"
    let store = try SQLiteMemory(path: path)
    var generator = UnitGenerator(random: SeededGenerator(seed: 12))
    var units = (0..<300).map { generator.unit($0) }
    func plain(_ text: String) -> MemoryUnit {
      var unit = units[0]
      unit.source = TranslationUnit.Segment(markup: "重庆", text: "重庆")
      unit.target = TranslationUnit.Segment(markup: text, text: text)
      unit.extras = MemoryUnit.Extras()
      unit.extras.source.language = "zh-CN"
      unit.extras.target.language = "en-US"
      return unit
    }
    // Forms that are plain, and that are not (a curly quote, full-width letters, a run of
    // spaces, a capital beyond ASCII).
    units += [
      plain("The Two Sessions"), plain("Chen Min’er"), plain("ＧＤＰ  grew"), plain("İstanbul"),
    ]
    // Same source, other target: an inconsistency.
    units.append(plain("The two sessions opened"))
    units[units.count - 1].source = TranslationUnit.Segment(markup: "两会", text: "两会")
    units[units.count - 2].source = TranslationUnit.Segment(markup: "两会", text: "两会")
    // Languages as written otherwise than the tags write them: kept as JSON.
    units[1].extras = MemoryUnit.Extras()
    units[1].extras.source.language = "zh-cn"
    try store.add(units)

    func lowered(_ text: String) -> String {
      String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
    let rows = try DatabaseQueue(path: path).read { db in
      try Row.fetchAll(
        db, sql: "SELECT typeof(source_key), typeof(target_key), extras FROM unit ORDER BY id")
    }
    var stored: [StoredUnit] = []
    try store.forEach { stored.append($0) }
    #expect(stored.map(\.unit) == units)
    var kinds: Set<String> = []
    for ((row, item), unit) in zip(zip(rows, stored), units) {
      #expect(item.sourceKey == store.matchingForm(unit.source.text))
      #expect(item.targetKey == store.matchingForm(unit.target.text))
      let sourceType: String = row[0]
      let targetType: String = row[1]
      let extras: String = row[2]
      #expect(sourceType == (item.sourceKey == lowered(unit.source.text) ? "blob" : "text"))
      #expect(targetType == (item.targetKey == lowered(unit.target.text) ? "blob" : "text"))
      #expect(extras.isEmpty == (unit.extras == StoredForm.languages(of: unit)))
      kinds.formUnion([sourceType, targetType, extras.isEmpty ? "languages" : "json"])
    }
    #expect(kinds == ["blob", "text", "languages", "json"])

    func answers(_ store: SQLiteMemory) throws -> [String] {
      var result: [String] = []
      for (index, unit) in units.enumerated() where index < 20 || index >= units.count - 5 {
        let matches = try store.lookup(unit.source.text, options: LookupOptions(minimum: 100))
        #expect(matches.contains { $0.unit.id == stored[index].id })
        result.append(matches.map { "\($0.unit.id)" }.joined(separator: ","))
      }
      // One character: no gram, so a scan of the stored forms.
      for phrase in ["g", "重"] {
        let hits = try store.concordance(phrase, options: ConcordanceOptions(limit: 1_000))
        result.append(hits.map { "\($0.unit.id)" }.joined(separator: ","))
      }
      for byTarget in [false, true] {
        let groups = try store.inconsistencies(byTarget: byTarget)
        result.append(
          groups.map { $0.map { "\($0.id)" }.joined(separator: ",") }.joined(separator: ";"))
      }
      return result
    }
    let before = try answers(store)
    #expect(before.dropLast(2).allSatisfy { !$0.isEmpty })
    // The two pairs of source 两会 (the last two added) and their targets.
    let twoSessions = stored.suffix(2).map { "\($0.id)" }.joined(separator: ",")
    #expect(before[before.count - 2].split(separator: ";").contains { $0 == twoSessions })

    // Rows as an earlier Glossa wrote them: forms and extras always whole.
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try DatabaseQueue(path: path).write { db in
      for item in stored {
        try db.execute(
          sql: "UPDATE unit SET source_key = ?, target_key = ?, extras = ? WHERE id = ?",
          arguments: [
            item.sourceKey, item.targetKey,
            String(decoding: try encoder.encode(item.unit.extras), as: UTF8.self), item.id,
          ])
      }
      #expect(
        try Int.fetchOne(
          db, sql: "SELECT count(*) FROM unit WHERE typeof(source_key) = 'blob' OR extras = ''")
          == 0)
    }
    let earlier = try SQLiteMemory(path: path)
    var read: [StoredUnit] = []
    try earlier.forEach { read.append($0) }
    #expect(read.map(\.unit) == units)
    #expect(read.map(\.sourceKey) == stored.map(\.sourceKey))
    #expect(read.map(\.targetKey) == stored.map(\.targetKey))
    #expect(try answers(earlier) == before)
  }

  /// One unique index, on the source's hash and the fingerprint (schema v8), leaves out the
  /// pairs the memory holds, within a batch and from a batch before, keeps a pair with the same
  /// source and another target, and serves exact matches.
  @Test func oneIndexLeavesOutHeldPairsAndServesExactMatches() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/tm.sqlite"
    let store = try SQLiteMemory(path: path)
    var generator = UnitGenerator(random: SeededGenerator(seed: 13))
    let units = (0..<200).map { generator.unit($0) }
    let distinct = Set(units.map { [$0.source.markup, $0.target.markup] }).count
    #expect(try store.add(units + units) == distinct)
    #expect(try store.add(Array(units.reversed())) == 0)
    var other = units[0]
    other.target = TranslationUnit.Segment(markup: "another", text: "another")
    #expect(try store.add([other]) == 1)
    #expect(try SQLiteMemory.unitIndexes(path: path) == ["unit_identity"])
    let plan = try DatabaseQueue(path: path).read { db in
      try Row.fetchAll(
        db,
        sql: "EXPLAIN QUERY PLAN "
          + SQLiteMemory.exactMatches.replacingOccurrences(
            of: StoredForm.sourceKey, with: "source_key"),
        arguments: [1, "key"]
      ).map { $0["detail"] as String? ?? "" }.joined()
    }
    #expect(plan.contains("USING INDEX unit_identity (source_hash=?)"))
    let found = try store.lookup(units[0].source.text, options: LookupOptions(minimum: 100))
    #expect(found.filter { $0.percentage == 100 }.count >= 2)
  }

  /// A memory of a schema this Glossa does not know is refused, not misread.
  @Test func aNewerSchemaIsRefused() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try SQLiteMemory(path: folder + "/tm.sqlite")
    try DatabaseQueue(path: folder + "/tm.sqlite").write { db in
      try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
    }
    for readOnly in [false, true] {
      #expect {
        try SQLiteMemory(path: folder + "/tm.sqlite", readOnly: readOnly)
      } throws: { error in
        (error as? MemoryError)?.message.contains("made by a newer Glossa") == true
      }
    }
  }

  @Test func notAGlossaMemory() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let text = folder + "/notes.sqlite"
    try "hello".write(toFile: text, atomically: true, encoding: .utf8)
    #expect(throws: MemoryError.self) { try SQLiteMemory(path: text) }
    // The file is left as it was.
    #expect(try String(contentsOfFile: text, encoding: .utf8) == "hello")
  }

  @Test func readOnlyOpeningNeedsAMemory() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(throws: MemoryError.self) {
      try SQLiteMemory(path: folder + "/missing.sqlite", readOnly: true)
    }
    #expect(!FileManager.default.fileExists(atPath: folder + "/missing.sqlite"))
  }
}

@Suite struct FuzzyLookupTests {
  /// A memory of sentences with many near duplicates, as newsrooms have.
  static func sentences(count: Int, seed: UInt64) -> [String] {
    var random = SeededGenerator(seed: seed)
    let subjects = ["重庆市", "成都市", "市政府", "两会代表", "经济圈", "全市企业", "国务院", "市委书记"]
    let verbs = ["发布了", "召开了", "推动", "加快建设", "审议通过", "提出", "完成"]
    let objects = [
      "新的发展规划", "年度工作报告", "成渝地区双城经济圈建设方案", "产业升级计划", "生态保护措施", "科技创新政策",
      "对外开放举措",
    ]
    let english = [
      "The city government", "Chongqing", "Delegates to the Two Sessions", "The economic circle",
      "issued", "approved", "a new development plan", "the annual work report", "measures",
    ]
    var result: [String] = []
    for index in 0..<count {
      if index % 3 == 0 {
        let words = (0..<Int.random(in: 4...9, using: &random)).map { _ in
          english[Int.random(in: english.indices, using: &random)]
        }
        result.append(
          words.joined(separator: " ") + " in \(Int.random(in: 2000...2030, using: &random)).")
      } else {
        result.append(
          subjects[Int.random(in: subjects.indices, using: &random)]
            + verbs[Int.random(in: verbs.indices, using: &random)]
            + objects[Int.random(in: objects.indices, using: &random)] + "，涉及"
            + String(Int.random(in: 1...500, using: &random))
            + "个项目。")
      }
    }
    return result
  }

  @Test func topMatchesAgreeWithAFullScan() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try SQLiteMemory(path: folder + "/tm.sqlite")
    let sources = Self.sentences(count: 3_000, seed: 7)
    try store.add(
      sources.enumerated().map { index, source in
        MemoryUnit(
          tuid: "\(index)", sourceLanguage: .simplifiedChinese, targetLanguage: .english,
          source: .init(markup: XMLText.escape(source), text: source),
          target: .init(markup: "t\(index)", text: "t\(index)"))
      })
    var stored: [StoredUnit] = []
    try store.forEach { stored.append($0) }
    let normalizer = try TextNormalizer()
    let queries = Self.sentences(count: 120, seed: 99)
    var compared = 0
    for query in queries {
      let key = normalizer.normalize(query).string.unicodeScalars.map(\.value)
      // The brute-force scorer: every unit, scored as lookup scores it.
      var all: [(percentage: Int, similarity: Double, id: Int64)] = []
      for unit in stored {
        let scalars = unit.sourceKey.unicodeScalars.map(\.value)
        let percentage = MatchScore.percentage(
          query: query, queryKey: key, text: unit.unit.source.text, key: scalars)
        if percentage >= 70 {
          all.append((percentage, MatchScore.ratio(key, scalars), unit.id))
        }
      }
      all.sort { ($0.percentage, $0.similarity, -$0.id) > ($1.percentage, $1.similarity, -$1.id) }
      let expected = all.prefix(5).map { [$0.id, Int64($0.percentage)] }
      let found = try store.lookup(query, options: LookupOptions(limit: 5, minimum: 70))
        .map { [$0.unit.id, Int64($0.percentage)] }
      #expect(found == expected, "query: \(query)")
      if !expected.isEmpty { compared += 1 }
    }
    #expect(compared > 100)
  }

  @Test func scoresAsDocumented() {
    let normalizer = try! TextNormalizer()
    func percentage(_ a: String, _ b: String) -> Int {
      MatchScore.percentage(
        query: a, queryKey: normalizer.normalize(a).string.unicodeScalars.map(\.value), text: b,
        key: normalizer.normalize(b).string.unicodeScalars.map(\.value))
    }
    #expect(percentage("重庆发布新规", "重庆发布新规") == 100)
    // Only the folds differ: 99.
    #expect(percentage("Chongqing’s plan", "chongqing's plan") == 99)
    #expect(percentage("重慶發布新規", "重庆发布新规") == 99)
    // One number differs: a point off the character similarity.
    let number = percentage("It has 35 projects.", "It has 36 projects.")
    #expect(number < percentage("It has 35 projects.", "It has 35 projectz."))
    // 2 × LCS / (m + n): "abcd" and "abxd" share 3 of 4 characters.
    #expect(MatchScore.ratio([97, 98, 99, 100], [97, 98, 120, 100]) == 75)
  }

  /// The bit-parallel LCS against the textbook dynamic programme, on random strings that span
  /// several 64-bit words and repeat characters.
  @Test func bitParallelLCSEqualsDynamicProgramming() {
    var random = SeededGenerator(seed: 7)
    func reference(_ a: [UInt32], _ b: [UInt32]) -> Int {
      var previous = [Int](repeating: 0, count: b.count + 1)
      for x in a {
        var current = [0]
        for (j, y) in b.enumerated() {
          current.append(x == y ? previous[j] + 1 : max(previous[j + 1], current[j]))
        }
        previous = current
      }
      return previous[b.count]
    }
    for _ in 0..<400 {
      let alphabet = [UInt32](
        [0x61, 0x62, 0x63, 0x20, 0x91CD, 0x5E86, 0x0, 0x1F600].prefix(
          Int.random(in: 1...8, using: &random)))
      let a = (0..<Int.random(in: 0...200, using: &random)).map { _ in
        alphabet.randomElement(using: &random)!
      }
      let b = (0..<Int.random(in: 0...200, using: &random)).map { _ in
        alphabet.randomElement(using: &random)!
      }
      let expected = reference(a, b)
      #expect(MatchScore.Pattern(a).longestCommonSubsequence(b) == expected)
      #expect(MatchScore.longestCommonSubsequence(b, a) == expected)
    }
  }

  /// The bounded heap keeps what a full sort would put first, in the same order.
  @Test func bestCandidatesEqualAFullSort() {
    var random = SeededGenerator(seed: 11)
    for count in [0, 1, 5, 500] {
      let candidates = (0..<Int.random(in: 0...3_000, using: &random)).map { index in
        (id: Int64(index), estimate: Double(Int.random(in: 0...40, using: &random)) / 40)
      }.shuffled(using: &random)
      let sorted = candidates.sorted {
        $0.estimate != $1.estimate ? $0.estimate > $1.estimate : $0.id < $1.id
      }
      let best = SQLiteMemory.best(count, of: candidates)
      #expect(best.map(\.id) == sorted.prefix(count).map(\.id))
    }
  }

  @Test func concordanceFindsChineseAndEnglishPhrases() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try SQLiteMemory(path: folder + "/tm.sqlite")
    try store.add([
      MemoryUnit(
        sourceLanguage: .simplifiedChinese, targetLanguage: .english,
        source: .init(markup: "推动成渝地区双城经济圈建设", text: "推动成渝地区双城经济圈建设"),
        target: .init(
          markup: "Promote the Chengdu-Chongqing Economic Circle",
          text: "Promote the Chengdu-Chongqing Economic Circle")),
      MemoryUnit(
        sourceLanguage: .simplifiedChinese, targetLanguage: .english,
        source: .init(markup: "两会开幕", text: "两会开幕"),
        target: .init(markup: "The Two Sessions open", text: "The Two Sessions open")),
    ])
    let chinese = try store.concordance("双城经济圈", options: ConcordanceOptions())
    #expect(chinese.count == 1)
    let source = chinese[0].unit.unit.source.text
    let range = try #require(chinese[0].sourceRanges.first)
    #expect(String(decoding: Array(source.utf8)[range], as: UTF8.self) == "双城经济圈")
    // Case-insensitive, in the target.
    let english = try store.concordance(
      "economic circle", options: ConcordanceOptions(side: .target))
    #expect(english.count == 1)
    #expect(english[0].targetRanges.count == 1)
    // Two characters: shorter than a trigram, still found.
    #expect(try store.concordance("两会", options: ConcordanceOptions()).count == 1)
    #expect(try store.concordance("Belt and Road", options: ConcordanceOptions()).isEmpty)
  }
}

/// The fuzzy index's layout (schema v2), the concordance index without positions, and the
/// upgrade of a v1 memory.
@Suite struct MemoryIndexTests {
  /// Random postings: tokens with ascending ids, some in several segments.
  static func randomSegments(seed: UInt64) -> [[Int64: FuzzyIndex.Postings]] {
    var random = SeededGenerator(seed: seed)
    var next: Int64 = 1
    return (0..<Int.random(in: 1...6, using: &random)).map { _ in
      var segment: [Int64: FuzzyIndex.Postings] = [:]
      let tokens = (0..<40).map { _ in Int64.random(in: 0...Int64.max, using: &random) & 0xFFFF }
      for _ in 0..<Int.random(in: 1...300, using: &random) {
        let id = next
        next += Int64.random(in: 1...3, using: &random)
        for token in Set(tokens.shuffled(using: &random).prefix(5)) {
          segment[token, default: []].append((id, Int.random(in: 1...500, using: &random)))
        }
      }
      return segment
    }
  }

  /// The blobs of a segment given as postings by token.
  static func blobs(_ postings: [Int64: FuzzyIndex.Postings]) -> [Int64: [UInt8]] {
    IndexMergeTests.blobsByOneSort(
      postings.flatMap { token, list in list.map { (token, $0.id, $0.length) } })
  }

  static func read(_ blob: [UInt8]) -> [Int64: [String]] {
    var result: [Int64: [String]] = [:]
    blob.withUnsafeBytes { raw in
      FuzzyIndex.entries(in: raw) { token, count, range in
        var list: [String] = []
        FuzzyIndex.decode(UnsafeRawBufferPointer(rebasing: raw[range])) {
          list.append("\($0):\($1)")
        }
        #expect(list.count == count)
        result[token, default: []] += list
      }
    }
    return result
  }

  /// Blobs read back as the postings they were made of, and merging the segments of a bucket
  /// gives the postings of all of them, in one entry per token.
  @Test(arguments: 0..<20)
  func blobsReadBackAndMerge(seed: UInt64) {
    let segments = Self.randomSegments(seed: seed)
    var all: [Int64: [String]] = [:]
    var byBucket: [Int64: [[UInt8]]] = [:]
    for segment in segments {
      for (token, postings) in segment {
        all[token, default: []] += postings.map { "\($0.id):\($0.length)" }
      }
      for (bucket, blob) in Self.blobs(segment) {
        #expect(Self.read(blob).keys.allSatisfy { FuzzyIndex.bucket(of: $0) == bucket })
        byBucket[bucket, default: []].append(blob)
      }
    }
    var merged: [Int64: [String]] = [:]
    for blobs in byBucket.values {
      let blob = FuzzyIndex.merge(blobs)
      var tokens: [Int64] = []
      blob.withUnsafeBytes { raw in
        FuzzyIndex.entries(in: raw) { token, _, _ in tokens.append(token) }
      }
      #expect(tokens == tokens.sorted() && Set(tokens).count == tokens.count)
      merged.merge(Self.read(blob)) { $0 + $1 }
    }
    #expect(merged == all)
  }

  /// A truncated blob is read up to its last whole entry, never past its end.
  @Test func truncatedBlobsStopAtTheLastWholeEntry() {
    let blob = Self.blobs([7: [(1, 10), (5, 20)], 4103: [(2, 3)]])[7] ?? []
    for length in 0..<blob.count {
      let read = Self.read(Array(blob.prefix(length)))
      #expect(read.count <= 1)
    }
    #expect(Self.read(blob).count == 2)
  }

  static func pair(_ source: String, _ target: String) -> MemoryUnit {
    MemoryUnit(
      sourceLanguage: .english, targetLanguage: .simplifiedChinese,
      source: .init(markup: XMLText.escape(source), text: source),
      target: .init(markup: XMLText.escape(target), text: target))
  }

  /// The concordance index keeps no positions: units with every trigram of the phrase but not
  /// the phrase are left out, and the search goes on past a page of them.
  @Test func concordanceChecksCandidatesAndReadsOnPastThem() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try SQLiteMemory(path: folder + "/tm.sqlite")
    // "abcd" and "bcde" hold every trigram of "abcde" (abc, bcd, cde) but not "abcde".
    let decoys = (0..<150).map { Self.pair("abcd x bcde \($0)", "译文\($0)") }
    try store.add(decoys + [Self.pair("the abcde here", "中文"), Self.pair("none", "abcde")])
    let both = try store.concordance("ABCDE", options: ConcordanceOptions(limit: 1))
    #expect(both.map(\.unit.unit.source.text) == ["the abcde here"])
    let target = try store.concordance("abcde", options: ConcordanceOptions(side: .target))
    #expect(target.map(\.unit.unit.target.text) == ["abcde"])
    #expect(try store.concordance("bcd x", options: ConcordanceOptions(limit: 500)).count == 150)
  }

  /// A v1 memory that cannot be written is refused for reading with a message that says why,
  /// and left as it was.
  @Test func aReadOnlyVersionOneMemoryIsRefusedUnchanged() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var generator = UnitGenerator(random: SeededGenerator(seed: 8))
    let path = folder + "/v1.sqlite"
    try SQLiteMemory.writeVersionOne(units: (0..<20).map { generator.unit($0) }, to: path)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    chmod(path, 0o444)
    // Root ignores permissions: the immutable flag, where chattr works.
    var immutable = false
    if getuid() == 0 {
      let chattr = Process()
      chattr.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
      chattr.arguments = ["+i", path]
      try? chattr.run()
      chattr.waitUntilExit()
      immutable = chattr.terminationStatus == 0
    }
    defer {
      if immutable {
        let chattr = Process()
        chattr.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
        chattr.arguments = ["-i", path]
        try? chattr.run()
        chattr.waitUntilExit()
      }
      chmod(path, 0o644)
    }
    guard getuid() != 0 || immutable else { return }  // no way to make it read-only here
    do {
      _ = try SQLiteMemory(path: path, readOnly: true)
      Issue.record("a read-only v1 memory was opened")
    } catch {
      #expect(error.message.contains("earlier Glossa"), "\(error.message)")
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  }

  /// A new memory has pages of 16 KB; one made with SQLite's 4 KB pages (as Glossa made them
  /// before) keeps them; both are checkpointed when their log passes 64 MB.
  @Test func newMemoriesHaveLargePagesAndOldOnesKeepTheirs() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var generator = UnitGenerator(random: SeededGenerator(seed: 5))
    let units = (0..<50).map { generator.unit($0) }
    let new = try SQLiteMemory(path: folder + "/new.sqlite")
    try new.add(units)
    #expect(try new.storage() == (16_384, 4_096))
    try SQLiteMemory.writeVersionOne(units: units, to: folder + "/old.sqlite")
    let old = try SQLiteMemory(path: folder + "/old.sqlite")
    try old.add(Array(units.prefix(10)))
    #expect(try old.storage() == (4_096, 16_384))
    #expect(try old.count() == new.count())
  }

  /// A memory of schema v1 (one index row per token and batch, the source index on whole keys,
  /// a concordance index with positions) is upgraded when opened, even for reading, and finds
  /// the same matches as a memory made by this version.
  @Test func aVersionOneMemoryIsUpgraded() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var generator = UnitGenerator(random: SeededGenerator(seed: 7))
    let units = (0..<300).map { generator.unit($0) }
    let current = try SQLiteMemory(path: folder + "/v2.sqlite")
    try current.add(Array(units[..<150]))
    try current.add(Array(units[150...]))
    try SQLiteMemory.writeVersionOne(units: units, to: folder + "/v1.sqlite")
    let upgraded = try SQLiteMemory(path: folder + "/v1.sqlite", readOnly: true)
    #expect(try upgraded.count() == current.count())
    for unit in units.prefix(40) {
      let query = unit.source.text
      let expected = try current.lookup(query, options: LookupOptions(minimum: 50))
      let found = try upgraded.lookup(query, options: LookupOptions(minimum: 50))
      #expect(found.map(\.percentage) == expected.map(\.percentage))
      #expect(found.map(\.unit.unit) == expected.map(\.unit.unit))
    }
    for phrase in ["重庆", "Sessions", "economic circle", "成渝"] {
      let expected = try current.concordance(phrase, options: ConcordanceOptions(limit: 500))
      let found = try upgraded.concordance(phrase, options: ConcordanceOptions(limit: 500))
      #expect(found.map(\.unit.unit) == expected.map(\.unit.unit))
    }
    #expect(try SQLiteMemory.unitIndexes(path: folder + "/v1.sqlite") == ["unit_identity"])
    // Fingerprints computed again: the same pairs add nothing, others are added.
    let writable = try SQLiteMemory(path: folder + "/v1.sqlite")
    #expect(try writable.add(units) == 0)
    var other = units[0]
    other.target = TranslationUnit.Segment(markup: "another", text: "another")
    #expect(try writable.add([other]) == 1)
  }
}

extension MemoryIndexTests {
  /// A memory of schema v2 (the fuzzy index's rows keyed by bucket, then segment; the
  /// concordance index in FTS5) is upgraded when opened: its rows keyed by segment, its
  /// concordance index Glossa's own, the same matches and concordance hits before and after
  /// further imports and merges as a memory made by this version.
  @Test func aVersionTwoMemoryIsUpgraded() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var generator = UnitGenerator(random: SeededGenerator(seed: 11))
    let units = (0..<400).map { generator.unit($0) }
    let current = try SQLiteMemory(path: folder + "/v3.sqlite")
    let older = folder + "/v2.sqlite"
    do {
      let memory = try SQLiteMemory(path: older)
      for store in [current, memory] {
        // Three segments, not merged.
        for batch in stride(from: 0, to: 300, by: 100) {
          try store.add(Array(units[batch..<(batch + 100)]))
        }
      }
    }
    try SQLiteMemory.downgradeToVersionTwo(path: older)
    #expect(try SQLiteMemory.fuzzyTableSQL(path: older).contains("PRIMARY KEY (bucket, segment)"))
    #expect(try SQLiteMemory.concordanceAutomerge(path: older) == 16)
    let upgraded = try SQLiteMemory(path: older)
    #expect(try SQLiteMemory.fuzzyTableSQL(path: older).contains("PRIMARY KEY (segment, bucket)"))
    let tables = try SQLiteMemory.tableNames(path: older)
    #expect(tables.isSuperset(of: ["concord_bucket", "concord_segment"]))
    #expect(!tables.contains("unit_text"))
    func sameMatches() throws {
      for phrase in ["重庆", "Sessions", "economic circle", "成渝", "ng ec", "GDP"] {
        let expected = try current.concordance(phrase, options: ConcordanceOptions(limit: 500))
        let found = try upgraded.concordance(phrase, options: ConcordanceOptions(limit: 500))
        #expect(found.map(\.unit.unit) == expected.map(\.unit.unit))
        #expect(found.map(\.sourceRanges) == expected.map(\.sourceRanges))
      }
      for unit in units.prefix(60) {
        let expected = try current.lookup(unit.source.text, options: LookupOptions(minimum: 50))
        let found = try upgraded.lookup(unit.source.text, options: LookupOptions(minimum: 50))
        #expect(found.map(\.percentage) == expected.map(\.percentage))
        #expect(found.map(\.unit.unit) == expected.map(\.unit.unit))
      }
    }
    try sameMatches()
    for store in [current, upgraded] {
      try store.mergeIndex(from: 1)
      try store.add(Array(units[300...]))
    }
    try sameMatches()
    for store in [current, upgraded] { try store.mergeIndex(from: 0) }
    try sameMatches()
  }
}

/// The byte-level merge of index segments against the merge that decodes every posting.
@Suite struct IndexMergeTests {
  /// Random segments merged as bytes give the same blob as merged by decoding: in id order
  /// (the usual case), out of order, with duplicate ids, and truncated.
  @Test(arguments: 0..<40)
  func byteMergeEqualsDecodingMerge(seed: UInt64) {
    var random = SeededGenerator(seed: seed &+ 1000)
    // Few tokens, in few buckets, so that most tokens have postings in several segments.
    let pool = (0..<12).map { Int64($0 % 3) + 4096 * Int64($0) }
    var next: Int64 = 1
    var segments: [[Int64: FuzzyIndex.Postings]] = (0..<Int.random(in: 2...6, using: &random)).map {
      _ in
      var segment: [Int64: FuzzyIndex.Postings] = [:]
      for _ in 0..<Int.random(in: 1...200, using: &random) {
        let id = next
        // Gaps across the one-byte and two-byte varint sizes.
        next += Int64.random(in: 1...300, using: &random)
        for token in Set(pool.shuffled(using: &random).prefix(4)) {
          segment[token, default: []].append((id, Int.random(in: 1...500, using: &random)))
        }
      }
      return segment
    }
    if seed % 4 == 1 { segments.shuffle(using: &random) }
    if seed % 4 == 2, let first = segments.first { segments.append(first) }
    var byBucket: [Int64: [[UInt8]]] = [:]
    for segment in segments {
      for (bucket, blob) in MemoryIndexTests.blobs(segment) {
        byBucket[bucket, default: []].append(blob)
      }
    }
    for bucket in byBucket.keys.sorted() {
      var blobs = byBucket[bucket] ?? []
      if seed % 4 == 3, let last = blobs.indices.last {
        blobs[last] = Array(
          blobs[last].prefix(Int.random(in: 0...blobs[last].count, using: &random)))
      }
      #expect(FuzzyIndex.merge(blobs) == Self.mergeByDecoding(blobs))
    }
  }

  /// The fuzzy builder's blobs are those of one sort of all the postings, a pair's repeats
  /// left out.
  ///
  /// With tokens in few buckets or in many, long postings running over many slices, and the
  /// builder's storage kept from one segment to the next. Parts of a segment built apart and
  /// merged (as a transaction's are) give the same bytes.
  @Test(arguments: 0..<30)
  func fuzzyBuilderEqualsOneSortOfAllPostings(seed: UInt64) {
    var random = SeededGenerator(seed: seed &+ 2000)
    let tokenCount = seed % 3 == 0 ? 8 : 3_000
    let pool = (0..<tokenCount).map { _ in Int64.random(in: 0...Int64.max, using: &random) }
    let builder = PostingsBuilder.fuzzy()
    var id: Int64 = 0
    for _ in 0..<2 {
      var pairs: [(id: Int64, length: Int, tokens: [Int64])] = []
      for _ in 0..<(seed % 5 == 1 ? 6_000 : Int.random(in: 0...2_000, using: &random)) {
        id += Int64.random(in: 1...300, using: &random)
        let tokens = (0..<Int.random(in: 1...12, using: &random)).map { _ in
          pool.randomElement(using: &random) ?? 0
        }
        pairs.append((id, Int.random(in: 1...500, using: &random), tokens))
      }
      var postings: [(token: Int64, id: Int64, length: Int)] = []
      for pair in pairs {
        for token in Set(pair.tokens) { postings.append((token, pair.id, pair.length)) }
      }
      let reference = Self.blobsByOneSort(postings)
      var parts: [(first: Int64, blobs: [Int64: [UInt8]])] = []
      for (k, pair) in pairs.enumerated() {
        pair.tokens.withUnsafeBufferPointer {
          builder.add(id: pair.id, length: pair.length, keys: $0)
        }
        if k % 700 == 699, let first = builder.first { parts.append((first, builder.take())) }
      }
      if let first = builder.first { parts.append((first, builder.take())) }
      #expect(builder.pairs == 0 && builder.first == nil)
      let whole = Indexer.merged(parts)
      #expect(whole?.first == pairs.first?.id)
      #expect((whole?.blobs ?? [:]) == reference)
    }
  }

  /// The blobs of a fuzzy segment by one sort of all the postings: the reference.
  static func blobsByOneSort(_ postings: [(token: Int64, id: Int64, length: Int)]) -> [Int64:
    [UInt8]]
  {
    let sorted = postings.sorted { ($0.token, $0.id) < ($1.token, $1.id) }
    var result: [Int64: [UInt8]] = [:]
    var start = 0
    while start < sorted.count {
      let token = sorted[start].token
      var end = start + 1
      while end < sorted.count && sorted[end].token == token { end += 1 }
      result[FuzzyIndex.bucket(of: token), default: []].appendEntry(
        token: token, postings: sorted[start..<end].map { ($0.id, $0.length) })
      start = end
    }
    return result
  }

  /// `FuzzyIndex.merge` by decoding every posting (as it was written before the byte-level
  /// merge): the reference.
  static func mergeByDecoding(_ blobs: [[UInt8]]) -> [UInt8] {
    var postings: [Int64: FuzzyIndex.Postings] = [:]
    for blob in blobs {
      blob.withUnsafeBytes { raw in
        FuzzyIndex.entries(in: raw) { token, count, range in
          var list = postings[token] ?? []
          list.reserveCapacity(list.count + count)
          FuzzyIndex.decode(UnsafeRawBufferPointer(rebasing: raw[range])) { list.append(($0, $1)) }
          postings[token] = list
        }
      }
    }
    var result: [UInt8] = []
    for token in postings.keys.sorted() {
      guard var list = postings[token] else { continue }
      if !zip(list, list.dropFirst()).allSatisfy({ $0.id < $1.id }) {
        list.sort { $0.id < $1.id }
      }
      result.appendEntry(token: token, postings: list)
    }
    return result
  }

  /// A varint's size is the bytes `appendVarint` writes.
  @Test func varintSizes() {
    for value: UInt64 in [0, 1, 127, 128, 16_383, 16_384, 1 << 35, .max] {
      var bytes: [UInt8] = []
      bytes.appendVarint(value)
      #expect(FuzzyIndex.varintSize(value) == bytes.count)
    }
  }
}

/// The extras' JSON written directly (languages only) is what the encoder writes.
@Suite struct FingerprintTests {
  /// Pairs whose parts differ, however little (a byte moved from one part to the next, a part
  /// eight bytes longer, a trailing zero byte), have other fingerprints; the same parts, the same.
  @Test func differentPartsGiveDifferentFingerprints() {
    var generator = UnitGenerator(random: SeededGenerator(seed: 21))
    var seen: [[UInt8]: [String]] = [:]
    func record(_ parts: [String]) {
      let print = SQLiteMemory.fingerprint(parts[0], parts[1], parts[2], parts[3])
      #expect(print.count == 16)
      if let earlier = seen[print] {
        #expect(earlier == parts)
      } else {
        seen[print] = parts
      }
    }
    for _ in 0..<3_000 {
      let text = generator.text(words: 0...12)
      let bytes = Array(text.utf8)
      for cut in [0, bytes.count / 2, bytes.count] {
        let head = String(decoding: bytes[..<cut], as: UTF8.self)
        let tail = String(decoding: bytes[cut...], as: UTF8.self)
        record(["zh-CN", "en", head, tail])
        record(["zh-CN", "en", tail, head])
        record(["zh-CN", "en", head + "\u{0}", tail])
        record(["zh-CN", "en", head + "12345678", tail])
        record(["zh-CN" + head, "en", "", tail])
      }
    }
    #expect(seen.count > 30_000)
    #expect(
      SQLiteMemory.fingerprint("zh", "en", "abcdefgh", "x")
        == SQLiteMemory.fingerprint("zh", "en", "abcdefgh", "x"))
  }
}

@Suite struct StoredFormTests {
  /// Eight bytes lowered at once are each byte lowered alone, for every byte value in every
  /// place and random words.
  @Test func loweringEightBytesAtOnceEqualsByteByByte() {
    func expected(_ word: UInt64) -> UInt64 {
      (0..<8).reduce(0) { result, place in
        let byte = UInt8(truncatingIfNeeded: word >> (8 * UInt64(place)))
        let lowered = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
        return result | UInt64(lowered) << (8 * UInt64(place))
      }
    }
    var random = SeededGenerator(seed: 3)
    for _ in 0..<500 {
      let word = UInt64.random(in: .min ... .max, using: &random)
      #expect(StoredForm.lowered(word) == expected(word))
      for byte in UInt64(0)...255 {
        let place = UInt64.random(in: 0..<8, using: &random) * 8
        let changed = word & ~(0xFF << place) | byte << place
        if StoredForm.lowered(changed) != expected(changed) {
          Issue.record("byte \(byte) at \(place / 8) of \(changed)")
        }
      }
    }
  }

  /// `isPlain` says whether a form is `plain` of its text, for random texts and forms that are
  /// plain, that are the text itself, and that differ from it in one byte; an empty blob reads
  /// back as the plain form, stored text as it is, the empty form too.
  @Test(arguments: 0..<10)
  func plainFormsAreRecognizedAndRebuilt(seed: UInt64) {
    var generator = UnitGenerator(random: SeededGenerator(seed: seed))
    func lowered(_ text: String) -> String {
      String(
        decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
    for _ in 0..<200 {
      let text = generator.text(words: 0...6)
      #expect(StoredForm.plain(text) == lowered(text))
      #expect(StoredForm.isPlain(lowered(text), of: text))
      #expect(StoredForm.isPlain(text, of: text) == (text == lowered(text)))
      var bytes = Array(lowered(text).utf8)
      if let index = bytes.indices.randomElement(using: &generator.random), bytes[index] < 0x7F {
        bytes[index] += 1
        #expect(!StoredForm.isPlain(String(decoding: bytes, as: UTF8.self), of: text))
      }
      #expect(!StoredForm.isPlain(lowered(text) + " ", of: text))
      #expect(StoredForm.key(DatabaseValue(value: Data()) ?? .null, text: text) == lowered(text))
      #expect(StoredForm.key("form".databaseValue, text: text) == "form")
      #expect(StoredForm.key("".databaseValue, text: text) == "")
    }
  }
}

@Suite struct ExtrasJSONTests {
  @Test(arguments: 0..<10)
  func extrasJSONEqualsTheEncoders(seed: UInt64) throws {
    var random = SeededGenerator(seed: seed &+ 90)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let languages: [String?] = [
      nil, "en", "zh-CN", "EN-us", "x_y", "zh-Hant-TW", "", "en/us", "é", "a\"b", "1-2",
    ]
    for _ in 0..<300 {
      var extras = MemoryUnit.Extras()
      extras.source.language = languages[Int.random(in: languages.indices, using: &random)]
      extras.target.language = languages[Int.random(in: languages.indices, using: &random)]
      switch Int.random(in: 0..<8, using: &random) {
      case 0: extras.notes = ["a note"]
      case 1: extras.target.notes = ["a target note"]
      case 2: extras.source.attributes = ["o-encoding": "UTF-8"]
      case 3: extras.properties = [TranslationUnit.Property(type: "x-domain", value: "news")]
      default: break
      }
      let expected = String(decoding: try encoder.encode(extras), as: UTF8.self)
      #expect(SQLiteMemory.extrasJSON(extras, encoder: encoder) == expected)
    }
  }
}

/// The shortcuts of an import's reading side give what the plain ways give.
@Suite struct ImportShortcutTests {
  /// Each pair reads back with the extras, markup and keys it was added with, when consecutive
  /// units share their extras or not (the extras' JSON is reused from the unit before when they
  /// are the same; fails if it is reused when they differ).
  @Test(arguments: 0..<5)
  func pairsReadBackAsAdded(seed: UInt64) throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try SQLiteMemory(path: folder + "/tm.sqlite")
    var generator = UnitGenerator(random: SeededGenerator(seed: seed &+ 700))
    var units: [MemoryUnit] = []
    for index in 0..<120 {
      var unit = generator.unit(index)
      // Runs of units with the same extras, then a change.
      if index % 3 != 0, let last = units.last { unit.extras = last.extras }
      if index % 7 == 0 { unit.extras.target.language = "en-GB" }
      units.append(unit)
    }
    // Keep one of each fingerprint, as the memory does.
    var seen = Set<[String]>()
    units = units.filter { seen.insert([$0.source.markup, $0.target.markup]).inserted }
    var prepared = SQLiteMemory.PreparedUnits()
    for unit in units { store.prepare(unit, into: &prepared) }
    #expect(try store.add(prepared) == units.count)
    var stored: [MemoryUnit] = []
    try store.forEach { stored.append($0.unit) }
    #expect(stored == units)
  }

  /// An import in many transactions gives what one transaction gives.
  ///
  /// Rows are written on one thread and index segments built on another; the rows, fuzzy
  /// matches and concordance results are those of one transaction, repeats left out: with one
  /// segment per transaction, and with several (concordance segments written as the
  /// transaction goes on, fuzzy parts merged at its end). Fails if a chunk's ids are paired
  /// with another chunk's pairs, or a chunk is indexed twice or not at all.
  @Test(arguments: [(100, 20_000), (300, 100)])
  func batchedImportEqualsOneTransaction(batch: Int, segment: Int) throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var generator = UnitGenerator(random: SeededGenerator(seed: 31))
    var units = (0..<900).map { generator.unit($0) }
    units += units[100..<160]
    let whole = try SQLiteMemory(path: folder + "/whole.sqlite")
    try whole.add(units)
    let batched = try SQLiteMemory(path: folder + "/batched.sqlite")
    var chunks = stride(from: 0, to: units.count, by: 37).map {
      batched.prepare(Array(units[$0..<min($0 + 37, units.count)]))
    }.makeIterator()
    let first = try batched.nextID()
    var transactions = 0
    // What the writer says of each transaction: its end begins (the reading side may then run
    // further ahead), with the chunks taken so far; it is committed.
    var events: [String] = []
    var taken = 0
    let added = try batched.add(
      batch: batch, segment: segment,
      from: {
        let chunk = chunks.next()
        if chunk != nil { taken += 1 }
        return chunk
      },
      ending: { events.append("ending after \(taken)") },
      committed: { _ in
        transactions += 1
        events.append("committed")
      })
    // Each transaction's end is told once, after its last chunk and before its commit: a
    // transaction is `batch` pairs of whole 37-pair chunks, the last one what is left.
    let perTransaction = (batch + 36) / 37
    let chunkCount = (units.count + 36) / 37
    #expect(
      events
        == (0..<transactions).flatMap { index in
          ["ending after \(min((index + 1) * perTransaction, chunkCount))", "committed"]
        })
    // A concordance segment per transaction, or more where a transaction holds several.
    let segments = try batched.concordanceSegments()
    #expect(transactions > 1)
    #expect(segment >= batch ? segments == transactions : segments > transactions)
    // The merge wipes less of what it deletes (index rows), and only while it runs.
    let secure = try batched.secureDelete()
    try batched.mergeIndex(from: first)
    #expect(try batched.secureDelete() == secure)
    #expect(try added == whole.count())
    var rows: [[StoredUnit]] = [[], []]
    try whole.forEach { rows[0].append($0) }
    try batched.forEach { rows[1].append($0) }
    #expect(rows[0] == rows[1])
    let options = LookupOptions(limit: 5, minimum: 50)
    for unit in units.prefix(40) {
      let sentence = unit.source.text
      #expect(
        try whole.lookup(sentence, options: options)
          == batched.lookup(sentence, options: options), "\(sentence)")
    }
    var random = SeededGenerator(seed: 32)
    for phrase in ConcordanceIndexTests.phrases(units, random: &random) {
      let options = ConcordanceOptions(side: .both, limit: 1_000)
      #expect(
        try whole.concordance(phrase, options: options).map(\.unit.id)
          == batched.concordance(phrase, options: options).map(\.unit.id), "\(phrase)")
    }
  }

  /// When the reading side gives up part way, the transactions committed before are kept whole,
  /// the one under way is rolled back, and the import returns (its indexing thread stops); a
  /// later import adds the rest.
  @Test func aFailureKeepsWholeTransactions() throws {
    struct GaveUp: Error {}
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var generator = UnitGenerator(random: SeededGenerator(seed: 33))
    var seen = Set<[String]>()
    let units = (0..<400).map { generator.unit($0) }.filter {
      seen.insert([$0.source.markup, $0.target.markup]).inserted
    }
    let store = try SQLiteMemory(path: folder + "/tm.sqlite")
    let chunks = stride(from: 0, to: 5 * 37, by: 37).map {
      store.prepare(Array(units[$0..<($0 + 37)]))
    }
    var given = 0
    #expect(throws: GaveUp.self) {
      try store.add(
        batch: 100,
        from: {
          defer { given += 1 }
          guard given < chunks.count else { throw GaveUp() }
          return chunks[given]
        })
    }
    // Three chunks (111 pairs) make the first transaction; the next two were rolled back.
    #expect(try store.count() == 111)
    let first = try store.nextID()
    try store.add(Array(units[111...]))
    try store.mergeIndex(from: first)
    #expect(try store.count() == units.count)
    for unit in units.prefix(150).suffix(60) {
      let found = try store.lookup(unit.source.text, options: LookupOptions(limit: 1))
      #expect(found.first?.percentage == 100, "\(unit.source.text)")
    }
  }

  /// A load into an empty memory that no one else has open takes a rollback journal, at once
  /// refused while another connection has the memory open, and the memory is turned back to WAL
  /// after; a memory that holds pairs keeps its log.
  @Test func aLoadTakesARollbackJournalOnlyWhenAlone() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var generator = UnitGenerator(random: SeededGenerator(seed: 34))
    let units = (0..<120).map { generator.unit($0) }
    let path = folder + "/tm.sqlite"
    let store = try SQLiteMemory(path: path)
    // Another process's reader, open and having read.
    let reader = try SQLiteMemory(path: path, readOnly: true)
    #expect(try reader.count() == 0)
    let start = ContinuousClock.now
    #expect(try store.beginLoad() == false)
    // Refused at once, not after the minute a writer waits for a memory held by another.
    #expect(ContinuousClock.now - start < .seconds(30))
    #expect(try store.journalMode() == "wal")
    reader.close()
    #expect(try store.beginLoad())
    #expect(try store.journalMode() == "delete")
    var chunks = [store.prepare(Array(units[..<60])), store.prepare(Array(units[60...]))]
      .makeIterator()
    let added = try store.add(batch: 50, from: { chunks.next() })
    #expect(try added == store.count() && added > 100)
    // Readers see what is committed.
    let after = try SQLiteMemory(path: path, readOnly: true)
    #expect(try after.count() == added)
    after.close()
    store.endLoad()
    #expect(try store.journalMode() == "wal")
    #expect(try store.beginLoad() == false)
    store.close()
  }

  /// A memory opened to read only after a load cut short is rolled back first.
  ///
  /// The load leaves its journal, and the memory file holds pages of the transaction under way
  /// (SQLite wrote them out when its cache filled). A reading connection cannot roll it back;
  /// the memory then holds the transactions committed before. The files are copied in the
  /// middle of a transaction, as a crash would leave them.
  @Test func aLoadCutShortIsRolledBackBeforeReading() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var generator = UnitGenerator(random: SeededGenerator(seed: 35))
    let units = (0..<150).map { generator.unit($0) }
    let path = folder + "/tm.sqlite"
    let store = try SQLiteMemory(path: path)
    #expect(try store.beginLoad())
    try store.add(units)
    let committed = try store.count()
    store.close()
    // A transaction in rollback mode whose cache of one page spills at once.
    let database = try DatabaseQueue(path: path)
    var copied = false
    try database.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA journal_mode = DELETE; PRAGMA cache_size = 1")
      try db.execute(sql: "BEGIN; UPDATE unit SET tuid = 'cut', source_text = 'cut'")
      copied = FileManager.default.fileExists(atPath: path + "-journal")
      try FileManager.default.copyItem(atPath: path, toPath: folder + "/cut.sqlite")
      try FileManager.default.copyItem(
        atPath: path + "-journal", toPath: folder + "/cut.sqlite-journal")
      try db.execute(sql: "ROLLBACK")
    }
    try database.close()
    #expect(copied)
    let cut = try SQLiteMemory(path: folder + "/cut.sqlite", readOnly: true)
    #expect(FileManager.default.fileExists(atPath: folder + "/cut.sqlite-journal") == false)
    #expect(try cut.count() == committed)
    var texts: [String] = []
    try cut.forEach { texts.append($0.unit.source.text) }
    #expect(!texts.contains("cut") && texts.count == committed)
    cut.close()
  }

  /// Language tags are the same but for case exactly when their lower-case forms are equal,
  /// ASCII or not.
  @Test func sameTagAgreesWithLowercasing() {
    let tags = [
      "", "en", "EN", "En-Us", "en-US", "en-us", "e", "en-", "zh-Hant-TW", "ZH-HANT-tw", "@", "`",
      "[", "{", "\u{212A}", "k", "K", "İ", "i̇", "ß", "SS", "é", "É", "e\u{301}", "x_y", "X_Y",
    ]
    for a in tags {
      for b in tags {
        #expect(MemoryUnit.sameTag(a, b) == (a.lowercased() == b.lowercased()), "\(a) \(b)")
      }
    }
  }

  /// A segment is blank exactly when all its characters are whitespace.
  @Test func blankAgreesWithCharacters() {
    let texts = [
      "", " ", "  \t\n", "\u{3000}", "\u{00A0}", "\u{00A0}x", "x", " x", "x ", " \u{301}", "\u{85}",
      "\u{1F}", "\u{1F} ", "~", "\u{7F}", "!", "\r\n", "\u{2028}", "重庆", " 重庆",
    ]
    for text in texts {
      #expect(MemoryUnit.blank(text) == text.allSatisfy(\.isWhitespace), "\(text.debugDescription)")
    }
  }

  /// A matching form's length in scalars is counted from its UTF-8 bytes.
  @Test func scalarCountAgreesWithTheScalarView() {
    var generator = UnitGenerator(random: SeededGenerator(seed: 77))
    for _ in 0..<500 {
      let text = generator.text(words: 0...12)
      #expect(SQLiteMemory.scalarCount(text) == text.unicodeScalars.count)
    }
  }
}
