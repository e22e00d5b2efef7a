import Foundation
import GlossaKit
import GlossaTestSupport
import GlossaText
import Testing

@Suite struct RuleTests {
  static let matcher = Result {
    try TermMatcher(glossary: GlossarySamples.newsroom, language: .english)
  }

  func findings(
    _ text: String, headings: [String] = [], configuration: LintConfiguration = LintConfiguration()
  ) throws -> [Finding] {
    let linter = try Linter(matcher: Self.matcher.get(), configuration: configuration)
    let ranges = headings.compactMap { heading -> Range<Int>? in
      guard let range = text.range(of: heading) else { return nil }
      return text.utf8.distance(
        from: text.startIndex, to: range.lowerBound)..<text.utf8.distance(
          from: text.startIndex, to: range.upperBound)
    }
    return linter.lint(
      Document(path: "a.txt", format: .plain, source: Array(text.utf8), headings: ranges))
  }

  @Test func capitalsAtSentenceStartsAreExpected() throws {
    #expect(try findings("People's livelihood improved. (People's livelihood) matters.").isEmpty)
    #expect(try findings("He said People's livelihood improved.").map(\.rule) == ["term-case"])
    #expect(try findings("Chengdu-chongqing economic circle").map(\.rule) == ["term-case"])
  }

  @Test func capitalsInHeadingsAreExpected() throws {
    let text =
      "Chengdu-Chongqing Economic Circle Grows\n\nThe Chengdu-Chongqing Economic Circle grew."
    let found = try findings(text, headings: ["Chengdu-Chongqing Economic Circle Grows"])
    #expect(found.map(\.line) == [3])
    let lowered = try findings(
      "the chengdu-chongqing economic circle\n", headings: ["the chengdu-chongqing economic circle"]
    )
    #expect(lowered.map(\.rule) == ["term-case"])
  }

  @Test func forbiddenFormsNameThePreferredForm() throws {
    let found = try findings("In Chungking’s hills and the Belt and Road Strategy.")
    #expect(found.map(\.rule) == ["forbidden-term", "forbidden-term"])
    #expect(found.map(\.expected) == ["Chongqing", "Belt and Road Initiative"])
    #expect(found.map(\.found) == ["Chungking", "Belt and Road Strategy"])
    #expect(found[0].message == "'Chungking' is deprecated; use 'Chongqing'")
  }

  @Test func fixedNamesWithOldSpellingsAreNotForbidden() throws {
    #expect(try findings("She stayed at Chungking Mansions.").isEmpty)
  }

  @Test func variantSeverityIsTheStrongestFold() throws {
    let found = try findings("The Ｆｉｖｅ–Ｙｅａｒ Plan and Chen Min’er.")
    #expect(found.map(\.severity) == [.warning, .info])
    #expect(found.map(\.folds) == [[.width, .dashes], [.quotes]])
  }

  @Test func severitiesCanBeChangedOrTurnedOff() throws {
    var configuration = LintConfiguration()
    configuration.ruleSeverities["term-case"] = .some(.error)
    configuration.ruleSeverities["forbidden-term"] = .some(nil)
    configuration.foldSeverities[.quotes] = .some(nil)
    configuration.foldSeverities[.hyphenation] = .some(.error)
    let found = try findings(
      "In Chungking, chengdu met Chen Min’er about the Five Year Plan.",
      configuration: configuration)
    #expect(found.map(\.rule) == ["term-case", "term-variant"])
    #expect(found.map(\.severity) == [.error, .error])
  }

  @Test func positionsAreInTheSource() throws {
    let found = try findings("first line\n  the 成渝 Five Year Plan")
    #expect(found.map(\.line) == [2])
    #expect(found.map(\.column) == [10])
    #expect(found.map(\.endColumn) == [24])
    #expect(found.map(\.offset) == [24])
    #expect(found.map(\.length) == [14])
  }

  @Test func aConceptWithoutAPreferredFormInTheLanguageIsStillReported() throws {
    let glossary = Glossary(concepts: [
      Concept(
        id: "x",
        languages: [
          LanguageSection(language: .simplifiedChinese, terms: [Term("某")]),
          LanguageSection(language: .english, terms: [Term("Badword", status: .deprecated)]),
        ])
    ])
    let linter = try Linter(
      matcher: TermMatcher(glossary: glossary, language: .english),
      configuration: LintConfiguration())
    let found = linter.lint(Document(path: "a", format: .plain, source: Array("a Badword".utf8)))
    #expect(
      found.map(\.message) == [
        "'Badword' is deprecated (concept 'x' has no preferred form in this language)"
      ])
  }
}
