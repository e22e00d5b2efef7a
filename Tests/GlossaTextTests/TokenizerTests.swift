import GlossaText
import Testing

@Suite struct TokenizerTests {
  let normalizer: TextNormalizer

  init() throws { normalizer = try TextNormalizer() }

  /// The tokens of `text` as strings, with the gap before each.
  func tokens(_ text: String) -> [(String, Token.Gap)] {
    let normalized = normalizer.normalize(text)
    return normalizer.tokenizer.tokens(in: normalized.utf8).map {
      (String(decoding: normalized.utf8[$0.range], as: UTF8.self), $0.gap)
    }
  }

  @Test func wordsKeepInnerApostrophes() {
    #expect(tokens("Chen Min’er's").map(\.0) == ["chen", "min'er's"])
  }

  @Test func hyphensAndSpacesAreGaps() {
    let result = tokens("Five-Year  Plan — now - then\n\nnext")
    #expect(result.map(\.0) == ["five", "year", "plan", "now", "then", "next"])
    #expect(result.map(\.1) == [.paragraph, .hyphen, .space, .other, .other, .paragraph])
  }

  @Test func ideographsAreOneTokenEach() {
    let result = tokens("成渝地区 2035年")
    #expect(result.map(\.0) == ["成", "渝", "地", "区", "2035", "年"])
    #expect(result.map(\.1) == [.paragraph, .none, .none, .none, .space, .none])
  }

  @Test func symbolsStandAlone() {
    #expect(tokens("U.S. (CPC)").map(\.0) == ["u", ".", "s", ".", "(", "cpc", ")"])
  }

  @Test func marksStayWithTheirBase() throws {
    let plain = try TextNormalizer(
      folds: FoldSet.all.subtracting(FoldSet([.diacritics, .compatibility])))
    let normalized = plain.normalize("Cafe\u{0301} au lait")
    let words = plain.tokenizer.tokens(in: normalized.utf8).map {
      String(decoding: normalized.utf8[$0.range], as: UTF8.self)
    }
    #expect(words == ["café", "au", "lait"])
  }
}
