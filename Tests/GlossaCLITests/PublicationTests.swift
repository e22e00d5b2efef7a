import Foundation
import GlossaTestSupport
import Testing

/// The publication workflow: configuration, baselines, suppressions, fixes, dates, and the
/// `terms` and `variants` commands.
@Suite struct PublicationTests {
  static let glossary = """
    id,en,en:admitted,en:deprecated,en:superseded,acronym-first-use
    chongqing,Chongqing,,Chung-king,Chungking {since=1979-01-01},
    thailand,Thailand,,,Siam {since=1939-06-24},
    cpc,Communist Party of China,CPC {type=acronym; case=sensitive},Chinese Communist Party,,
    fyp,Five-Year Plan,,,,
    circle,Chengdu-Chongqing economic circle,,,,
    gdp,gross domestic product,GDP {type=acronym; case=sensitive},,,exempt

    """

  func project() throws -> TemporaryFolder {
    let folder = try TemporaryFolder()
    try folder.write("glossary/terms.csv", Self.glossary)
    return folder
  }

  // MARK: Configuration

  @Test func configurationSetsGlossaryRulesFoldsAndInputs() throws {
    let folder = try project()
    try folder.write(
      ".glossa.yml",
      """
      glossary: glossary/
      include: ["articles/**"]
      exclude: ["articles/archive/**"]
      fail-on: warning
      rules:
        term-case: error
      folds:
        hyphenation: off

      """)
    try folder.write("articles/a.md", "The chongqing plan and the Five Year Plan.\n")
    try folder.write("articles/archive/old.md", "Chung-king\n")
    let result = try Glossa.run(["lint", "--format", "json"], in: folder.path)
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stdout.contains("\"rule\": \"term-case\", \"severity\": \"error\""))
    #expect(!result.stdout.contains("term-variant"))
    #expect(!result.stdout.contains("old.md"))
    #expect(result.stdout.contains("\"files\": 1,"))
  }

  @Test(arguments: [
    (
      "glossary: glossary/\ncolour: red\n",
      ".glossa.yml:2:1: error: unknown key 'colour'; known keys are glossary, language"
    ),
    (
      "rules:\n  term-cas: error\n",
      ".glossa.yml:2:3: error: unknown rule 'term-cas'; rules are forbidden-term"
    ),
    (
      "rules:\n  term-case: loud\n",
      ".glossa.yml:2:14: error: 'loud' is not a severity for 'term-case'; use error, warning, info, on or off"
    ),
    (
      "folds:\n  quote: off\n",
      ".glossa.yml:2:3: error: unknown fold 'quote'; folds are compatibility"
    ),
    ("fail-on: sometimes\n", ".glossa.yml:1:10: error: 'sometimes' is not a fail-on level"),
    ("glossary: [glossary/\n", ".glossa.yml:2:1: error: invalid YAML"),
    ("date: yesterday\n", ".glossa.yml:1:7: error: 'yesterday' is not a date; write YYYY-MM-DD"),
  ])
  func configurationErrorsNameTheLine(text: String, message: String) throws {
    let folder = try project()
    try folder.write(".glossa.yml", text)
    try folder.write("a.txt", "Chongqing")
    let result = try Glossa.run(["lint", "a.txt"], in: folder.path)
    #expect(result.status == 2)
    #expect(result.stderr.contains(message), "\(result.stderr)")
  }

  @Test func optionsOverrideTheConfiguration() throws {
    let folder = try project()
    try folder.write(".glossa.yml", "glossary: glossary/\nrules:\n  term-case: off\n")
    try folder.write("a.txt", "in chongqing")
    #expect(try Glossa.run(["lint", "--fail-on", "warning", "a.txt"], in: folder.path).status == 0)
    #expect(
      try Glossa.run(
        ["lint", "--fail-on", "warning", "--severity", "term-case=warning", "a.txt"],
        in: folder.path
      ).status == 1)
    #expect(
      try Glossa.run(
        ["lint", "--no-config", "--glossary", "glossary", "--fail-on", "warning", "a.txt"],
        in: folder.path
      ).status == 1)
  }

  // MARK: Baselines

  @Test func baselinesSurviveEditsElsewhere() throws {
    let folder = try project()
    try folder.write("a.txt", "Intro.\n\nThe Chinese Communist Party met in Chung-king.\n")
    let record = try Glossa.run(
      ["lint", "--glossary", "glossary", "--write-baseline", "base.json", "a.txt"], in: folder.path)
    #expect(record.status == 1)
    #expect(record.stderr.contains("base.json: note: recorded 2 findings"))
    // Lines inserted above the findings do not make them new.
    try folder.write(
      "a.txt",
      "A new first line.\nAnother.\n\nIntro.\n\nThe Chinese Communist Party met in Chung-king.\n")
    let same = try Glossa.run(
      ["lint", "--glossary", "glossary", "--baseline", "base.json", "a.txt"], in: folder.path)
    #expect(same.status == 0, "\(same.stdout)")
    #expect(same.stdout.contains("1 file checked: no problems"))
    #expect(same.stderr.contains("2 findings are in the baseline"))
    // A new finding is reported.
    try folder.write(
      "a.txt",
      "A new first line.\n\nThe Chinese Communist Party met in Chung-king.\n\nLater, Chung-king again.\n"
    )
    let more = try Glossa.run(
      ["lint", "--glossary", "glossary", "--baseline", "base.json", "--format", "json", "a.txt"],
      in: folder.path)
    #expect(more.status == 1)
    #expect(more.stdout.contains("\"findings\": 1,"), "\(more.stdout)")
    #expect(more.stdout.contains("\"line\": 5"))
  }

  @Test func aBrokenBaselineIsAnError() throws {
    let folder = try project()
    try folder.write("base.json", "{ not json")
    try folder.write("a.txt", "Chongqing")
    let result = try Glossa.run(
      ["lint", "--glossary", "glossary", "--baseline", "base.json", "a.txt"], in: folder.path)
    #expect(result.status == 2)
    #expect(result.stderr.contains("base.json: error: not a Glossa baseline"))
  }

  // MARK: Suppressions

  @Test func commentsTurnRulesOff() throws {
    let folder = try project()
    try folder.write(
      "a.md",
      """
      Chung-king one.
      <!-- glossa-disable forbidden-term -->
      Chung-king two, chongqing.
      <!-- glossa-enable -->
      Chung-king three.
      <!-- glossa-disable-next-line -->
      Chung-king four.
      Chung-king five.

      """)
    try folder.write(
      "a.html", "<p>Chung-king one.</p>\n<!-- glossa-disable -->\n<p>Chung-king two.</p>\n")
    let result = try Glossa.run(
      ["lint", "--glossary", "glossary", "--format", "json", "a.md", "a.html"], in: folder.path)
    let lines = result.stdout.components(separatedBy: "\n").filter { $0.contains("\"rule\"") }
    #expect(
      lines.map { $0.components(separatedBy: "\"line\": ")[1].prefix { $0.isNumber } } == [
        "1", "3", "5", "8", "1",
      ])
    #expect(lines[1].contains("term-case"))
  }

  // MARK: Dates

  @Test func supersededFormsDependOnTheArticleDate() throws {
    let folder = try project()
    try folder.write("old.md", "---\ndate: 1935-04-01\n---\nTrade with Siam and Chungking grew.\n")
    try folder.write("new.md", "---\ndate: 2024-04-01\n---\nTrade with Siam grew.\n")
    try folder.write(
      "page.html", "<meta name=\"date\" content=\"1950-01-01\"><p>Siam and Chungking.</p>")
    let result = try Glossa.run(
      ["lint", "--glossary", "glossary", "--format", "jsonl", "old.md", "new.md", "page.html"],
      in: folder.path)
    let found = result.stdout.split(separator: "\n").map { line in
      (
        line.components(separatedBy: "\"file\": \"")[1].prefix { $0 != "\"" },
        line.components(separatedBy: "\"found\": \"")[1].prefix { $0 != "\"" }
      )
    }
    #expect(found.map { "\($0.0):\($0.1)" } == ["new.md:Siam", "page.html:Siam"])
    let forced = try Glossa.run(
      ["lint", "--glossary", "glossary", "--date", "1930-01-01", "new.md"], in: folder.path)
    #expect(forced.status == 0)
  }

  // MARK: Fixes

  @Test func fixRewritesOnlyTheFlaggedSpans() throws {
    let folder = try project()
    let original =
      "\u{FEFF}The Chinese Communist Party met in chongqing.\r\nIts ＣＰＣ and the Five Year Plan.\r\nChongqing stays.\r\n"
    let file = try folder.write("a.txt", original)
    let diff = try Glossa.run(
      ["lint", "--glossary", "glossary", "--fix", "--dry-run", "a.txt"], in: folder.path)
    #expect(diff.stdout.hasPrefix("--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n"), "\(diff.stdout)")
    #expect(diff.stdout.contains("+Its CPC and the Five-Year Plan.\r\n"))
    #expect(
      try Data(contentsOf: URL(fileURLWithPath: file)) == Data(original.utf8),
      "--dry-run changed the file")
    let result = try Glossa.run(
      ["lint", "--glossary", "glossary", "--fix", "a.txt"], in: folder.path)
    #expect(result.stderr.contains("fixed 4 findings"), "\(result.stderr)")
    let fixed = try Data(contentsOf: URL(fileURLWithPath: file))
    let expected =
      "\u{FEFF}The Communist Party of China met in Chongqing.\r\nIts CPC and the Five-Year Plan.\r\nChongqing stays.\r\n"
    #expect(fixed == Data(expected.utf8))
    #expect(
      try Glossa.run(["lint", "--glossary", "glossary", "a.txt"], in: folder.path).status == 0)
  }

  @Test func fixKeepsUTF16() throws {
    let folder = try project()
    var bytes: [UInt8] = [0xFE, 0xFF]
    for unit in "Chung-king\n".utf16 { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
    let file = try folder.write("a.txt", bytes)
    _ = try Glossa.run(["lint", "--glossary", "glossary", "--fix", "a.txt"], in: folder.path)
    var expected: [UInt8] = [0xFE, 0xFF]
    for unit in "Chongqing\n".utf16 { expected += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
    #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data(expected))
  }

  @Test func fixLeavesMarkupAlone() throws {
    let folder = try project()
    let file = try folder.write("a.html", "<p>Chung<b>-</b>king and Chung-king</p>\n")
    _ = try Glossa.run(["lint", "--glossary", "glossary", "--fix", "a.html"], in: folder.path)
    #expect(
      try String(contentsOfFile: file, encoding: .utf8)
        == "<p>Chung<b>-</b>king and Chongqing</p>\n")
  }

  @Test func fixCannotRewriteStandardInput() throws {
    let result = try Glossa.run(["lint", "--fix", "-"], input: Data("Chung-king".utf8))
    #expect(result.status == 2)
    #expect(result.stderr.contains("--fix cannot rewrite standard input"))
  }

  // MARK: Terms and variants

  @Test func termsListsEveryOccurrence() throws {
    let folder = try project()
    try folder.write("a.txt", "The CPC and the Communist Party of China in Chung-king.\n")
    let result = try Glossa.run(["terms", "--glossary", "glossary", "a.txt"], in: folder.path)
    #expect(result.status == 0)
    let rows = result.stdout.split(separator: "\n").map {
      $0.split(separator: "\t", omittingEmptySubsequences: false)
    }
    #expect(rows.first?.prefix(3) == ["file", "line", "column"])
    #expect(
      rows.dropFirst().map { "\($0[7])|\($0[8])|\($0[9])|\($0[12])" } == [
        "cpc|CPC|admitted|CPC", "cpc|Communist Party of China|preferred|Communist Party of China",
        "chongqing|Chung-king|deprecated|Chung-king",
      ])
    let json = try Glossa.run(
      ["terms", "--glossary", "glossary", "--format", "json", "a.txt"], in: folder.path)
    let list = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
    #expect(list?.count == 3)
  }

  @Test func variantsShowDriftAcrossFiles() throws {
    let folder = try project()
    try folder.write("a.txt", "Chongqing and Chungking.")
    try folder.write("b.txt", "Chongqing, CHONGQING and the Five Year Plan.")
    let result = try Glossa.run(
      ["variants", "--glossary", "glossary", "--format", "tsv", "."], in: folder.path)
    #expect(result.status == 0)
    #expect(
      result.stdout.contains("chongqing\tChongqing\t2\tpreferred\tChongqing\t./a.txt,./b.txt"),
      "\(result.stdout)")
    #expect(result.stdout.contains("chongqing\tChungking\t1\tsuperseded"))
    #expect(!result.stdout.contains("Five Year Plan"), "a concept with one spelling is left out")
  }

  // MARK: Near misses

  @Test func nearMissesRarelyFireOnOrdinaryProse() throws {
    // The English side of the TICO-19 translation memory: 3,071 real sentences.
    let tmx = try String(
      contentsOfFile: TestFiles.shared + "/samples/tmx/tico19/tico19-all.en-zh.tmx", encoding: .utf8
    )
    let sentences = tmx.components(separatedBy: "<tuv xml:lang=\"en\">").dropFirst().compactMap {
      $0.components(separatedBy: "<seg>").dropFirst().first?.components(separatedBy: "</seg>").first
    }
    #expect(sentences.count > 3_000)
    let folder = try TemporaryFolder()
    try folder.write("prose.txt", sentences.joined(separator: "\n\n"))
    let result = try Glossa.run([
      "lint", "--format", "jsonl", "--fail-on", "never", folder.path + "/prose.txt",
    ])
    let nearMisses = result.stdout.split(separator: "\n").filter {
      $0.contains("\"rule\": \"near-miss\"")
    }
    #expect(nearMisses.isEmpty, "\(nearMisses)")
  }
}
