import GlossaKit
import GlossaTestSupport
import GlossaText
import Testing

@Suite struct TermMatcherTests {
  let scanner: TermScanner
  let chinese: TermScanner

  init() throws {
    scanner = try TermScanner(
      matcher: TermMatcher(glossary: GlossarySamples.newsroom, language: .english))
    chinese = try TermScanner(
      matcher: TermMatcher(glossary: GlossarySamples.newsroom, language: .traditionalChinese))
  }

  /// The occurrences in marked text: `1️⃣` before each expected occurrence.
  func found(_ text: String, with scanner: TermScanner? = nil) -> [(String, String, [Fold])] {
    (scanner ?? self.scanner).occurrences(in: Array(text.utf8)).map {
      ($0.conceptID, $0.text, $0.folds.folds)
    }
  }

  @Test func longestApprovedTermWins() {
    let result = found("The Belt and Road Initiative, the Belt and Road, a Belt and Road Strategy.")
    #expect(
      result.map(\.1) == ["Belt and Road Initiative", "Belt and Road", "Belt and Road Strategy"])
    #expect(result.map(\.0) == ["belt-and-road", "belt-and-road", "belt-and-road"])
  }

  @Test func wordsNeedBoundaries() {
    #expect(found("Belted Belts Beltway belt").map(\.1) == ["Belts", "belt"])
    #expect(found("Chongqingese Chongqing").map(\.1) == ["Chongqing"])
  }

  @Test func matchesCrossLineWrapsButNotParagraphs() {
    #expect(found("the Two\nSessions").map(\.1) == ["Two\nSessions"])
    #expect(found("the Two\r\n   Sessions").map { $0.2 } == [[]])
    #expect(found("the Two\n\nSessions").isEmpty)
  }

  @Test func possessivesAreNotPartOfTheOccurrence() {
    let result = scanner.occurrences(
      in: Array("Chongqing’s mayor and the Two Sessions' agenda".utf8))
    #expect(result.map(\.text) == ["Chongqing", "Two Sessions"])
    #expect(result.map(\.ending) == [.possessive, .none])
  }

  @Test func pluralsAreOccurrences() {
    let result = scanner.occurrences(
      in: Array("two Five-Year Plans, strategic emerging industries, value-added taxes".utf8))
    #expect(
      result.map(\.text) == [
        "Five-Year Plans", "strategic emerging industries", "value-added taxes",
      ])
    #expect(
      result.map(\.expectedSurface) == [
        "Five-Year Plans", "strategic emerging industries", "value-added taxes",
      ])
  }

  @Test func chineseNeedsNoBoundariesAndTraditionalMatchesSimplified() {
    let result = found("推动成渝地區雙城經濟圈建設，重慶大廈在香港。", with: chinese)
    #expect(result.map(\.0) == ["economic-circle", "chongqing-mansions"])
    #expect(result.map(\.2) == [[.script], [.script]])
    #expect(found("成都和重庆", with: chinese).map(\.0) == ["chengdu", "chongqing"])
  }

  @Test func foldsAreNamed() {
    #expect(found("the Five Year Plan").map(\.2) == [[.hyphenation]])
    #expect(found("the FiveYear Plan").map(\.2) == [[.hyphenation]])
    #expect(found("the Fiveyear Plan").map(\.2) == [[.case, .hyphenation]])
    #expect(found("the Five–Year Plan").map(\.2) == [[.dashes]])
    #expect(found("Chen Min’er").map(\.2) == [[.quotes]])
    #expect(found("Chen\u{00A0}Min'er").map(\.2) == [[.whitespace]])
    #expect(found("ＣＨＥＮＧＤＵ").map(\.2) == [[.case, .width]])
    #expect(found("Zurich and Zürich").map(\.2) == [[.diacritics], []])
    #expect(found("chengdu–Chongqing Economic Circle").map(\.2) == [[.case, .dashes]])
  }

  @Test func caseSensitiveTermsMatchOnlyTheirCase() {
    #expect(found("the cpc and the Cpc").isEmpty)
    #expect(found("the CPC").map(\.1) == ["CPC"])
    #expect(found("IChongqing and ichongqing").isEmpty)
  }

  @Test func capitalsInPermissiveTermsMustMatch() {
    #expect(found("the cpc central committee").isEmpty)
    #expect(found("the CPC central committee").map(\.2) == [[.case]])
  }

  @Test func caseChangesAreClassified() {
    let result = scanner.occurrences(
      in: Array("Chengdu-Chongqing Economic Circle. chengdu. CHONGQING".utf8))
    #expect(result.map(\.caseChange) == [.moreCapitals, .other, .moreCapitals])
    let initial = scanner.occurrences(in: Array("People's livelihood".utf8))
    #expect(initial.map(\.caseChange) == [.initialCapital])
  }

  @Test func matchesNeverSpanMultipleDashes() {
    #expect(found("Five -- Year Plan").isEmpty)
  }

  @Test func offsetsPointAtTheSource() {
    let text = "«Ｃｈｏｎｇｑｉｎｇ»"
    let result = scanner.occurrences(in: Array(text.utf8))
    #expect(result.map(\.range) == [2..<29])
  }
}
