import GlossaFormats
import GlossaKit
import GlossaTestSupport
import PropertyBased
import Testing

/// `--fix` changes only the flagged spans, settles in one pass, and keeps the rest byte for byte.
@Suite struct FixerTests {
  static let pieces: [String] = [
    "the", "mayor", "of", "said", "in", "Chongqing", "Chung-king", "chungking", "CHONGQING",
    "Ｃｈｏｎｇｑｉｎｇ", "Chen Min’er", "chen min'er", "Chen Miner", "14th Five Year Plan",
    "14th five-year plan", "One Belt, One Road", "Belt and Road", "CPC", "Communist Party of China",
    "Chengdu-Chongqing Economic Circle", "成渝", "«", "»", "<b>", "</b>",
  ]
  static let separators = [" ", " ", " ", "\n", "\r\n", ", ", ". ", "\n\n"]

  static let documents = Gen<Int>.int(in: 0..<10_000).array(of: 1...40).map { numbers in
    numbers.enumerated().map { index, number in
      pieces[number % pieces.count] + separators[(number / pieces.count + index) % separators.count]
    }.joined()
  }

  func makeLinter() throws -> Linter {
    try Linter(
      matcher: TermMatcher(glossary: RuleRegistry.exampleGlossary, language: .english),
      configuration: LintConfiguration(today: "2024-01-01"))
  }

  @Test func fixesChangeOnlyFlaggedSpans() async throws {
    let linter = try makeLinter()
    await propertyCheck(count: 200, input: Self.documents) { text in
      for format in [Document.Format.plain, .html] {
        let document = try DocumentReader.read(Array(text.utf8), path: "a", format: format)
        let findings = linter.lint(document)
        let result = Fixer.apply(findings, to: document)
        // Rebuild the expected text from the applied findings alone.
        var expected = document.source
        var edits: [(Range<Int>, String)] = []
        for finding in result.applied {
          let range = finding.offset..<(finding.offset + finding.length)
          #expect(Array(document.source[range]) == Array(finding.found.utf8))
          if !edits.contains(where: { $0.0 == range }) { edits.append((range, finding.fix ?? "")) }
        }
        for (range, replacement) in edits.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
          expected.replaceSubrange(range, with: Array(replacement.utf8))
        }
        #expect(result.text == expected)
        // Fixing to the end leaves nothing fixable, and fixing again changes nothing.
        let settled = Fixer.fixAll(document) { linter.lint($0) }
        let again = try DocumentReader.read(settled.bytes, path: "a", format: format)
        #expect(
          !linter.lint(again).contains {
            $0.fix != nil && !settled.skipped.map(\.fingerprint).contains($0.fingerprint)
          },
          "\(format): \(text.debugDescription)")
        #expect(Fixer.fixAll(again) { linter.lint($0) }.text == settled.text)
      }
    }
  }

  @Test func overlappingFixesAreSkipped() throws {
    let source = "chen min’er"
    let document = Document(path: "a", format: .plain, source: Array(source.utf8))
    let findings = [
      Finding(
        rule: "term-case", severity: .warning, file: "a", line: 1, column: 1, endLine: 1,
        endColumn: 9,
        offset: 0, length: 8, found: "chen min", expected: nil, concept: nil, status: nil,
        folds: [],
        message: "", fix: "Chen Min"),
      Finding(
        rule: "term-variant", severity: .info, file: "a", line: 1, column: 6, endLine: 1,
        endColumn: 12,
        offset: 5, length: 8, found: "min’er", expected: nil, concept: nil, status: nil, folds: [],
        message: "", fix: "min'er"),
    ]
    let result = Fixer.apply(findings, to: document)
    #expect(result.applied.isEmpty)
    #expect(result.skipped.count == 2)
    #expect(result.text == Array(source.utf8))
  }

  @Test func unifiedDiffsLookLikeDiffU() {
    let old = Array("one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n".utf8)
    let new = Array("one\nTWO\nthree\nfour\nfive\nsix\nseven\neight\nNINE\nten".utf8)
    #expect(
      UnifiedDiff.diff(old, new, path: "x.txt", context: 1) == """
        --- a/x.txt
        +++ b/x.txt
        @@ -1,3 +1,3 @@
         one
        -two
        +TWO
         three
        @@ -8,3 +8,3 @@
         eight
        -nine
        -ten
        +NINE
        +ten
        \\ No newline at end of file

        """)
  }
}
