import GlossaKit
import GlossaTestSupport
import GlossaText
import Testing

/// Every rule's documented examples hold, against the documented example glossary.
@Suite struct RuleExampleTests {
  static let matcher = Result {
    try TermMatcher(glossary: RuleRegistry.exampleGlossary, language: .english)
  }

  static var triggering: [(String, String)] {
    RuleRegistry.descriptions.flatMap { rule in rule.triggeringExamples.map { (rule.id, $0) } }
  }

  static var nonTriggering: [(String, String)] {
    RuleRegistry.descriptions.flatMap { rule in rule.nonTriggeringExamples.map { (rule.id, $0) } }
  }

  func findings(_ text: String, rule: String) throws -> [Finding] {
    let linter = try Linter(matcher: Self.matcher.get(), configuration: LintConfiguration())
    let document = Document(path: "example.txt", format: .plain, source: Array(text.utf8))
    return linter.lint(document).filter { $0.rule == rule }
  }

  @Test(arguments: triggering)
  func triggeringExample(rule: String, example: String) throws {
    let marked = MarkedText(example)
    let found = try findings(marked.text, rule: rule)
    #expect(found.map(\.offset) == marked.offsets, "\(found.map(\.message))")
  }

  @Test(arguments: nonTriggering)
  func nonTriggeringExample(rule: String, example: String) throws {
    let found = try findings(example, rule: rule)
    #expect(found.isEmpty, "\(found.map(\.message))")
  }
}
