import GlossaText
import Testing

@Suite struct TextNormalizerTests {
  let normalizer: TextNormalizer

  init() throws { normalizer = try TextNormalizer() }

  @Test(arguments: [
    ("ＣＨＯＮＧＱＩＮＧ’s", "chongqing's"),
    ("Chen Min’er", "chen min'er"),
    ("Chen\u{00A0}Min\u{2019}er", "chen min'er"),
    ("Five–Year\u{2011}Plan", "five-year-plan"),
    ("Chengdu\u{2014}Chongqing", "chengdu-chongqing"),
    ("（成渝）：", "(成渝):"),
    ("Xi\nJinping", "xi jinping"),
    ("Xi\n\nJinping", "xi\n\njinping"),
    ("Xi \r\n \r\nJinping", "xi\n\njinping"),
    ("阿卜杜勒・卡德尔", "阿卜杜勒·卡德尔"),
    ("Chóngqìng", "chongqing"),
    ("Cho\u{0301}ngqi\u{0300}ng", "chongqing"),
    ("重慶市經濟", "重庆市经济"),
    ("Straße", "strasse"),
    ("ﬁnance", "finance"),
    ("two\u{3000}sessions", "two sessions"),
    ("soft\u{00AD}hyphen", "softhyphen"),
  ])
  func foldsEverything(input: String, expected: String) {
    #expect(normalizer.normalize(input).string == expected)
  }

  @Test func offsetMapPointsAtSourceCharacters() {
    let source = "ＣＨＯＮＧＱＩＮＧ’s"
    let text = normalizer.normalize(source)
    #expect(text.sourceRange(for: 0..<9) == 0..<27)
    #expect(text.sourceRange(for: 9..<10) == 27..<30)
    #expect(text.sourceRange(for: 10..<11) == 30..<31)
  }

  @Test func expansionsMapToTheWholeSourceCharacter() {
    let text = normalizer.normalize("aßb")
    #expect(text.string == "assb")
    #expect(text.sourceRange(for: 1..<2) == 1..<3)
    #expect(text.sourceRange(for: 2..<3) == 1..<3)
    #expect(text.sourceRange(for: 3..<4) == 3..<4)
  }

  @Test func withoutAFoldItsCharactersSurvive() throws {
    let noCase = try TextNormalizer(folds: FoldSet.all.subtracting(FoldSet(.case)))
    #expect(noCase.normalize("ＣＨＯＮＧＱＩＮＧ").string == "CHONGQING")
    let noWidth = try TextNormalizer(folds: FoldSet.all.subtracting(FoldSet(.width)))
    #expect(noWidth.normalize("ＣＨＯＮＧ").string == "ｃｈｏｎｇ")
    let noQuotes = try TextNormalizer(folds: FoldSet.all.subtracting(FoldSet(.quotes)))
    #expect(noQuotes.normalize("Min’er").string == "min’er")
    let noSpaces = try TextNormalizer(folds: FoldSet.all.subtracting(FoldSet(.whitespace)))
    #expect(noSpaces.normalize("Xi\u{00A0}Jinping").string == "xi\u{00A0}jinping")
    #expect(noSpaces.normalize("Xi\nJinping").string == "xi jinping")
    let noScript = try TextNormalizer(folds: FoldSet.all.subtracting(FoldSet(.script)))
    #expect(noScript.normalize("重慶").string == "重慶")
    let noDiacritics = try TextNormalizer(folds: FoldSet.all.subtracting(FoldSet(.diacritics)))
    #expect(noDiacritics.normalize("Chóngqìng").string == "chóngqìng")
  }

  /// Every BMP character alone normalizes the same when its folded bytes
  /// come from the normalizer's table (every time after the first) as when they are computed
  /// (the first time), with the same offset map; with and without the case fold.
  @Test func charactersFromTheTableAreThoseComputed() throws {
    for folds in [FoldSet.all, FoldSet.all.subtracting(FoldSet(.case))] {
      let normalizer = try TextNormalizer(folds: folds)
      for value in UInt32(0x80)..<0x1_0000 {
        guard let scalar = Unicode.Scalar(value) else { continue }
        let computed = normalizer.normalize(String(scalar))
        let cached = normalizer.normalize(String(scalar))
        #expect(cached.string == computed.string, "U+\(String(value, radix: 16))")
        #expect(
          cached.utf8.indices.map { cached.sourceUnit(of: $0) }
            == computed.utf8.indices.map { computed.sourceUnit(of: $0) })
      }
    }
  }
}
