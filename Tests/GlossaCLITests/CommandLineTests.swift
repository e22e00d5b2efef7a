import Foundation
import GlossaTestSupport
import Testing

/// Inputs, formats, options and exit codes of `glossa lint`.
@Suite struct CommandLineTests {
  @Test func standardInputIsRead() throws {
    let result = try Glossa.run(["lint", "-"], input: Data("Leaders met in Chungking.".utf8))
    #expect(result.status == 1)
    #expect(
      result.stdout.hasPrefix(
        "-:1:16: error [superseded-term] 'Chungking' was superseded by 'Chongqing' on 1979-01-01"),
      "\(result.stdout)")
  }

  @Test func standardInputCanBeNamedAndTyped() throws {
    let markdown = "# Two Sessions\n\nSee `Chungking` and Chungking.\n"
    let result = try Glossa.run(
      ["lint", "--stdin-filename", "story.md", "-"], input: Data(markdown.utf8))
    #expect(result.stdout.hasPrefix("story.md:3:21: error [superseded-term]"), "\(result.stdout)")
    #expect(result.stdout.contains("1 error"))
  }

  @Test func foldersAreSearchedByExtension() throws {
    let folder = try TemporaryFolder()
    try folder.write("a/story.md", "Chungking")
    try folder.write("a/b/story.html", "<p>Chungking</p>")
    try folder.write("a/notes.csv", "Chungking")
    try folder.write("a/.hidden/story.txt", "Chungking")
    let result = try Glossa.run(["lint", folder.path + "/a"])
    #expect(result.stdout.contains("2 files checked: 2 errors"), "\(result.stdout)")
    #expect(result.stdout.contains("a/b/story.html:1:4:"))
  }

  @Test func exitCodesFollowFailOn() throws {
    let folder = try TemporaryFolder()
    let clean = try folder.write("clean.txt", "Leaders met in Chongqing.")
    let warning = try folder.write("warning.txt", "Leaders discussed the 14th Five Year Plan.")
    #expect(try Glossa.run(["lint", clean]).status == 0)
    #expect(try Glossa.run(["lint", warning]).status == 0)
    #expect(try Glossa.run(["lint", "--fail-on", "warning", warning]).status == 1)
    #expect(try Glossa.run(["lint", "--fail-on", "info", clean]).status == 0)
  }

  @Test func usageErrorsExitWithTwo() throws {
    let noInput = try Glossa.run(["lint"])
    #expect(noInput.status == 2)
    #expect(noInput.stderr.contains("give at least one file, folder, or - for standard input"))
    let badRule = try Glossa.run(["lint", "--disable", "no-such-rule", "seeds"])
    #expect(badRule.status == 2)
    #expect(
      badRule.stderr.contains(
        "unknown rule 'no-such-rule'; rules are forbidden-term, superseded-term, term-case, term-variant, near-miss, acronym-first-use"
      ))
    let badOption = try Glossa.run(["lint", "--no-such-option", "seeds"])
    #expect(badOption.status == 2)
    let badLevel = try Glossa.run(["lint", "--fold-severity", "quotes=loud", "seeds"])
    #expect(badLevel.status == 2)
    #expect(
      badLevel.stderr.contains(
        "'loud' is not a severity for quotes; use error, warning, info or off"))
    let badLanguage = try Glossa.run(["lint", "--lang", "english!", "seeds"])
    #expect(badLanguage.status == 2)
  }

  @Test func helpAndVersionExitCleanly() throws {
    let help = try Glossa.run(["lint", "--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("--fail-on"))
    let version = try Glossa.run(["--version"])
    #expect(version.status == 0)
  }

  @Test func severitiesAndFoldsCanBeSet() throws {
    let folder = try TemporaryFolder()
    let file = try folder.write("a.txt", "Chen Min’er and chengdu.")
    let result = try Glossa.run([
      "lint", "--format", "json", "--fold-severity", "quotes=off", "--severity", "term-case=error",
      file,
    ])
    #expect(result.status == 1)
    #expect(result.stdout.contains("\"rule\": \"term-case\", \"severity\": \"error\""))
    #expect(!result.stdout.contains("term-variant"))
  }

  @Test func rulesAreDocumented() throws {
    let result = try Glossa.run(["rules"])
    #expect(result.status == 0)
    for id in ["forbidden-term", "term-case", "term-variant", "hyphenation", "middle-dot"] {
      #expect(result.stdout.contains(id))
    }
  }

  @Test func chineseArticlesUseTheChineseTerms() throws {
    let folder = try TemporaryFolder()
    let file = try folder.write("zh.txt", "推动成渝地區雙城經濟圈建設。")
    let result = try Glossa.run(["lint", "--lang", "zh-Hant", "--format", "json", file])
    #expect(result.status == 0)
    #expect(
      result.stdout.contains(
        "\"rule\": \"term-variant\", \"severity\": \"info\", \"found\": \"成渝地區雙城經濟圈\", \"expected\": \"成渝地区双城经济圈\""
      ), "\(result.stdout)")
  }
}
