import Foundation
import GlossaFormats
import GlossaKit
import GlossaTestSupport
import Testing

/// Each output format, byte for byte, on a fixed article and the rules' example glossary.
@Suite struct ReporterGoldenTests {
  static let article = """
    Chungking Welcomes Delegates

    The mayor of chungking met Chen Min’er to discuss the 14th Five Year Plan, the \
    Chengdu-Chongqing Economic Circle and the One Belt, One Road.\tA very long line follows so that the \
    excerpt must be cut on both sides of the span: it goes on and on about the Belt and Road and ends with 成渝 ＣＨＯＮＧＱＩＮＧ here.

    """

  func render(_ format: OutputFormat, color: Bool = false) throws -> String {
    let matcher = try TermMatcher(glossary: RuleRegistry.exampleGlossary, language: .english)
    let linter = try Linter(matcher: matcher, configuration: LintConfiguration())
    let document = try DocumentReader.read(Array(Self.article.utf8), path: "news/article.txt")
    var output = ""
    let reporter = format.reporter(color: color, toolVersion: "0.0.0-test") { output += $0 }
    var summary = LintSummary()
    let findings = linter.lint(document)
    summary.add(findings)
    reporter.report(findings, in: document)
    let error = InputError(
      file: "news/broken.txt", line: 3, column: 9,
      message: "invalid UTF-8 at byte 40; save the file as UTF-8")
    reporter.report(error)
    summary.inputErrors += 1
    reporter.finish(summary)
    return output
  }

  @Test func text() throws { assertGolden(try render(.text), named: "text/article.txt") }

  @Test func textWithColour() throws {
    assertGolden(try render(.text, color: true), named: "text/article-color.txt")
  }

  @Test func json() throws { assertGolden(try render(.json), named: "json/article.json") }

  @Test func jsonLines() throws { assertGolden(try render(.jsonl), named: "jsonl/article.jsonl") }

  @Test func sarif() throws { assertGolden(try render(.sarif), named: "sarif/article.sarif") }

  @Test func github() throws { assertGolden(try render(.github), named: "github/article.txt") }

  @Test func sarifIsValidAgainstTheOfficialSchema() throws {
    let schema = TestFiles.shared + "/samples/schemas/sarif/sarif-schema-2.1.0.json"
    let log = NSTemporaryDirectory() + "glossa-\(UUID().uuidString).sarif"
    try Data(try render(.sarif).utf8).write(to: URL(fileURLWithPath: log))
    defer { try? FileManager.default.removeItem(atPath: log) }
    let result = try Python.run(
      """
      import json, sys, jsonschema
      schema = json.load(open(sys.argv[1]))
      log = json.load(open(sys.argv[2]))
      jsonschema.validate(log, schema)
      print(len(log["runs"][0]["results"]), "results valid")
      """, arguments: [schema, log])
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("8 results valid"))
  }

  @Test func everyFindingHasAStableFingerprint() throws {
    let findings =
      try JSONSerialization.jsonObject(with: Data(try render(.json).utf8)) as? [String: Any]
    let list = try #require(findings?["findings"] as? [[String: Any]])
    let prints = list.compactMap { $0["fingerprint"] as? String }
    #expect(prints.count == list.count)
    #expect(prints.allSatisfy { $0.count == 32 })
    #expect(try render(.json) == render(.json))
  }

  @Test func jsonIsValidJSON() throws {
    let data = Data(try render(.json).utf8)
    let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    let findings = try #require(object?["findings"] as? [[String: Any]])
    #expect(findings.count == 8)
    let summary = try #require(object?["summary"] as? [String: Any])
    #expect(summary["findings"] as? Int == 8)
  }
}
