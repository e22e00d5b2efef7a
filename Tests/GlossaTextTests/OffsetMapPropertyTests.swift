import GlossaText
import PropertyBased
import Testing

/// Every span of the normalized text maps back to the source text it came from.
@Suite struct OffsetMapPropertyTests {
  /// Pieces of text that exercise every fold, mixed at random.
  static let pieces: [String] = [
    "a", "B", "z", "Q", "7", "0", " ", "  ", "\n", "\n\n", "\r\n", "\t", "-", "'", ",", ".", "(",
    "’", "‘", "ʼ", "′", "“", "”", "–", "—", "‑", "−", "·", "・", "‧", "\u{00A0}", "\u{2009}",
    "\u{3000}",
    "Ｃ", "ｑ", "１", "（", "）", "：", "重", "慶", "經", "濟", "成", "渝", "圈", "é", "e\u{0301}", "Å",
    "ß", "ﬁ", "İ", "ǅ", "Σ", "ς", "한", "국", "ー", "カ", "ｶ", "\u{00AD}", "\u{200B}", "😀", "👍🏽",
    "\u{0301}", "\u{0308}", "Chongqing", "Min'er", "Five-Year", "ＣＰＣ", "ǈ", "ﾞ", "ｱﾞ",
  ]

  static let texts = Gen<String?>.element(of: pieces).map { $0 ?? "" }.array(of: 0...40).map {
    $0.joined()
  }

  /// The offsets where a new unit of the map begins.
  static func unitStarts(_ text: NormalizedText) -> [Int] {
    var starts: [Int] = []
    for index in text.utf8.indices
    where index == 0 || text.sourceUnit(of: index) != text.sourceUnit(of: index - 1) {
      starts.append(index)
    }
    return starts
  }

  @Test func originsAreOrderedAndInsideTheSource() async throws {
    let normalizer = try TextNormalizer()
    await propertyCheck(count: 300, input: Self.texts) { source in
      let text = normalizer.normalize(source)
      let units = text.utf8.indices.map { text.sourceUnit(of: $0) }
      #expect(
        zip(units, units.dropFirst()).allSatisfy {
          $0.lowerBound <= $1.lowerBound && $0.upperBound <= $1.upperBound
        })
      #expect(
        units.allSatisfy { !$0.isEmpty && $0.lowerBound >= 0 && $0.upperBound <= source.utf8.count }
      )
    }
  }

  @Test func unitAlignedSpansMapToTheirSource() async throws {
    let normalizer = try TextNormalizer()
    await propertyCheck(count: 200, input: Self.texts) { source in
      let text = normalizer.normalize(source)
      let bytes = Array(source.utf8)
      let starts = Self.unitStarts(text) + [text.utf8.count]
      for (i, lower) in starts.enumerated() {
        for upper in starts[(i + 1)...].prefix(6) {
          let range = text.sourceRange(for: lower..<upper)
          let original = String(decoding: bytes[range], as: UTF8.self)
          let renormalized = normalizer.normalize(original).string
          let span = String(decoding: text.utf8[lower..<upper], as: UTF8.self)
          #expect(
            renormalized == span,
            "source \(original.debugDescription) in \(source.debugDescription)")
        }
      }
    }
  }

  @Test func anySpanIsInsideTheNormalizationOfItsSource() async throws {
    let normalizer = try TextNormalizer()
    await propertyCheck(count: 200, input: Self.texts) { source in
      let text = normalizer.normalize(source)
      let bytes = Array(source.utf8)
      let count = text.utf8.count
      guard count > 0 else { return }
      for lower in stride(from: 0, to: count, by: max(1, count / 7)) {
        for upper in stride(from: lower + 1, through: count, by: max(1, count / 5)) {
          let range = text.sourceRange(for: lower..<upper)
          let renormalized = normalizer.normalize(String(decoding: bytes[range], as: UTF8.self))
            .utf8
          let span = Array(text.utf8[lower..<upper])
          #expect(renormalized.firstRange(of: span) != nil || span.isEmpty)
        }
      }
    }
  }

  /// A search from a hint finds what a search of the whole map finds, whatever the hint says:
  /// ranges from left to right (as a scan asks), going back, and past the end (fails when the
  /// walk from the hint stops one piece short).
  @Test func searchingFromAHintAgreesWithSearchingTheMap() async throws {
    let normalizer = try TextNormalizer()
    let long = Gen<String?>.element(of: Self.pieces).map { $0 ?? "" }.array(of: 0...160).map {
      $0.joined()
    }
    await propertyCheck(count: 200, input: long) { source in
      let text = normalizer.normalize(source)
      let count = text.utf8.count
      var hint = 0
      var ranges: [Range<Int>] = []
      for lower in 0...count {
        for upper in lower...min(count, lower + 3) { ranges.append(lower..<upper) }
      }
      // Then some at random places, backwards and forwards.
      var random = SystemRandomNumberGenerator()
      for _ in 0..<40 {
        let lower = Int.random(in: 0...count + 2, using: &random)
        ranges.append(lower..<(lower + Int.random(in: 0...9, using: &random)))
      }
      for range in ranges where range.upperBound <= count || range.lowerBound >= count {
        #expect(text.sourceRange(for: range, near: &hint) == text.sourceRange(for: range))
      }
    }
  }

  /// The matching form made without the map is the mapped normalization's text, under every
  /// set of folds.
  @Test func matchingFormEqualsTheMappedText() async throws {
    let normalizers = try [
      TextNormalizer(), TextNormalizer(folds: []),
      TextNormalizer(folds: FoldSet([.case, .quotes])),
    ]
    await propertyCheck(count: 300, input: Self.texts) { source in
      for normalizer in normalizers {
        #expect(normalizer.matchingForm(source) == normalizer.normalize(source).string)
      }
    }
  }

  @Test func normalizationIsIdempotent() async throws {
    let normalizer = try TextNormalizer()
    await propertyCheck(count: 300, input: Self.texts) { source in
      let once = normalizer.normalize(source).string
      #expect(normalizer.normalize(once).string == once)
    }
  }
}
