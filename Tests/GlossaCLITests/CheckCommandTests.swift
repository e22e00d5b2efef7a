import Foundation
import GlossaTestSupport
import Testing

/// `glossa check` on TMX, XLIFF 1.2 and 2.0, the memory, and a document pair.
@Suite struct CheckCommandTests {
  static let tmx = """
    <?xml version="1.0" encoding="UTF-8"?>
    <tmx version="1.4">
    <header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="zh-CN" datatype="plaintext"/>
    <body>
    <tu tuid="names"><tuv xml:lang="zh-CN"><seg>陈敏尔出席两会。</seg></tuv><tuv xml:lang="en"><seg>Chen Miner attended the two meetings.</seg></tuv></tu>
    <tu tuid="scale"><tuv xml:lang="zh-CN"><seg>重庆投资3500万元。</seg></tuv><tuv xml:lang="en"><seg>Chongqing invested 3.5 million yuan.</seg></tuv></tu>
    <tu tuid="hant"><tuv xml:lang="zh-TW"><seg>推動成渝地區雙城經濟圈建設</seg></tuv><tuv xml:lang="en"><seg>Promoting the Chengdu-Chongqing economic circle</seg></tuv></tu>
    <tu tuid="again"><tuv xml:lang="zh-CN"><seg>重庆投资3500万元。</seg></tuv><tuv xml:lang="en"><seg>Chongqing invested 35 million yuan.</seg></tuv></tu>
    <tu tuid="copy"><tuv xml:lang="zh-CN"><seg>这是测试</seg></tuv><tuv xml:lang="en"><seg>这是测试</seg></tuv></tu>
    <tu tuid="empty"><tuv xml:lang="zh-CN"><seg>今天天气很好</seg></tuv><tuv xml:lang="en"><seg></seg></tuv></tu>
    <tu tuid="left"><tuv xml:lang="zh-CN"><seg>他说了三十次。</seg></tuv><tuv xml:lang="en"><seg>He said it 30 times in 重庆.</seg></tuv></tu>
    <tu tuid="fine"><tuv xml:lang="zh-CN"><seg>二〇二七年将建成1.2万亿元产业集群。</seg></tuv><tuv xml:lang="en"><seg>By 2027 an industrial cluster worth 1.2 trillion yuan will be built.</seg></tuv></tu>
    </body>
    </tmx>
    """

  func findings(_ output: String) throws -> [[String: Any]] {
    output.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
  }

  func pairs(_ findings: [[String: Any]]) -> [String] {
    findings.map { "\($0["unit"] as? String ?? "-") \($0["rule"] as? String ?? "")" }
  }

  @Test func tmxUnits() throws {
    let folder = try TemporaryFolder()
    let file = try folder.write("check.tmx", Array(Self.tmx.utf8))
    let result = try Glossa.run(["check", "--format", "jsonl", file])
    #expect(result.status == 1)
    let found = try findings(result.stdout)
    #expect(
      pairs(found) == [
        "names key-term-mismatch", "names key-term-mismatch", "names forbidden-term",
        "names forbidden-term", "scale number-mismatch", "again inconsistent-target",
        "copy untranslated", "empty untranslated", "left untranslated",
      ])
    let names = found.filter {
      $0["unit"] as? String == "names" && $0["rule"] as? String == "key-term-mismatch"
    }
    #expect(names.map { $0["expected"] as? String } == ["Chen Min'er", "Two Sessions"])
    #expect((names.first?["message"] as? String)?.contains("deprecated form 'Chen Miner'") == true)
    // Every finding points at the line of its unit.
    #expect(found.first { $0["unit"] as? String == "scale" }?["line"] as? Int == 6)
    #expect(result.stdout.contains("35,000,000"))
  }

  @Test func textOutputNamesTheUnit() throws {
    let folder = try TemporaryFolder()
    let file = try folder.write("check.tmx", Array(Self.tmx.utf8))
    let result = try Glossa.run(["check", file])
    #expect(
      result.stdout.contains("check.tmx:6:1: warning [number-mismatch] unit scale: numbers differ"))
    #expect(result.stdout.contains("9 findings") || result.stdout.contains("errors"))
  }

  @Test func severitiesAndFilters() throws {
    let folder = try TemporaryFolder()
    let file = try folder.write("check.tmx", Array(Self.tmx.utf8))
    let quiet = try Glossa.run([
      "check", "--format", "jsonl", "--disable", "forbidden-term", "--disable", "untranslated",
      "--severity", "key-term-mismatch=warning", "--fail-on", "error", file,
    ])
    let found = try findings(quiet.stdout)
    #expect(!found.contains { ["forbidden-term", "untranslated"].contains($0["rule"] as? String) })
    // inconsistent-target is still an error.
    #expect(quiet.status == 1)
    let unknown = try Glossa.run(["check", "--disable", "no-such-rule", file])
    #expect(unknown.status == 2)
    // Only zh-TW sources: the one Traditional unit, translated as the glossary says.
    let hant = try Glossa.run(["check", "--format", "jsonl", "--source-lang", "zh-TW", file])
    #expect(try findings(hant.stdout).isEmpty)
    #expect(hant.status == 0)
    let wrongHant = try folder.write(
      "hant.tmx",
      Array(
        Self.tmx.replacing(
          "Promoting the Chengdu-Chongqing economic circle", with: "Promoting the twin-city area"
        ).utf8))
    let flagged = try Glossa.run([
      "check", "--format", "jsonl", "--source-lang", "zh-TW", wrongHant,
    ])
    #expect(pairs(try findings(flagged.stdout)) == ["hant key-term-mismatch"])
  }

  @Test func sarifCarriesTheBilingualRulesAndUnits() throws {
    let folder = try TemporaryFolder()
    let file = try folder.write("check.tmx", Array(Self.tmx.utf8))
    let result = try Glossa.run(["check", "--format", "sarif", file])
    let sarif = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
    let driver = (run["tool"] as? [String: Any])?["driver"] as? [String: Any]
    let rules = (driver?["rules"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
    #expect(rules.contains("key-term-mismatch") && rules.contains("number-mismatch"))
    let results = run["results"] as? [[String: Any]] ?? []
    for item in results {
      let index = item["ruleIndex"] as? Int ?? -1
      #expect(rules.indices.contains(index) && rules[index] == item["ruleId"] as? String)
    }
    let location = (results.first?["locations"] as? [[String: Any]])?.first
    let logical = (location?["logicalLocations"] as? [[String: Any]])?.first
    #expect(logical?["name"] as? String == "names")
    let report = try folder.write("report.sarif", Array(result.stdout.utf8))
    let validation = try Python.run(
      """
      import json, sys, jsonschema
      jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))
      """, arguments: [TestFiles.shared + "/samples/schemas/sarif/sarif-schema-2.1.0.json", report])
    let (status, output) = (validation.status, validation.output)
    #expect(status == 0, "\(output)")
  }

  @Test func xliff12And20() throws {
    let folder = try TemporaryFolder()
    let v12 = try folder.write(
      "a.xlf",
      Array(
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
          <file source-language="zh-CN" target-language="en" datatype="plaintext" original="a.txt">
            <body>
              <trans-unit id="1">
                <source>重庆<x id="b"/>发布</source>
                <target>Chungking <g id="g1">releases</g></target>
                <alt-trans><target>Chongqing releases</target></alt-trans>
              </trans-unit>
              <trans-unit id="2"><source>两会开幕</source></trans-unit>
            </body>
          </file>
        </xliff>
        """.utf8))
    let result = try Glossa.run(["check", "--format", "jsonl", v12])
    #expect(
      pairs(try findings(result.stdout)) == [
        "1 key-term-mismatch", "1 superseded-term", "2 untranslated",
      ])
    let v20 = try folder.write(
      "b.xliff",
      Array(
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="zh-Hant" trgLang="en">
          <file id="f1">
            <unit id="u1">
              <segment><source>成渝地區雙城經濟圈</source><target>the Chengdu area</target></segment>
              <segment><source>增長<ph id="1"/>百分之二十八</source><target>up 28%</target></segment>
            </unit>
            <unit id="u2"><segment><source>陈敏尔</source><target>Chen Min'er</target></segment></unit>
          </file>
        </xliff>
        """.utf8))
    let second = try Glossa.run(["check", "--format", "jsonl", v20])
    #expect(pairs(try findings(second.stdout)) == ["u1/1 key-term-mismatch"])
    let broken = try folder.write(
      "c.xlf", Array("<xliff version=\"1.2\"><file><body><trans-unit".utf8))
    let bad = try Glossa.run(["check", broken])
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("c.xlf:1"))
  }

  @Test func documentPair() throws {
    let folder = try TemporaryFolder()
    let zh = try folder.write(
      "a.zh.txt", Array("重庆市委书记陈敏尔出席两会。\n\n全年投资3500万元，增长百分之二十八。\n".utf8))
    let en = try folder.write(
      "a.en.md",
      Array(
        "# Chen attends\n\nChongqing party chief Chen Miner attended the Two Sessions.\n\nInvestment reached 3.5 million yuan in 重庆, up 28%.\n"
          .utf8))
    let result = try Glossa.run(["check", "--format", "jsonl", "--source", zh, "--target", en])
    let found = try findings(result.stdout)
    let rules = found.map {
      "\(($0["file"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } ?? "") \($0["rule"] as? String ?? "")"
    }
    #expect(rules.contains("a.zh.txt key-term-mismatch"))
    #expect(rules.contains("a.zh.txt number-mismatch"))
    #expect(rules.contains("a.en.md number-mismatch"))
    #expect(rules.contains("a.en.md untranslated"))
    #expect(rules.contains("a.en.md forbidden-term"))
    let stray = try #require(found.first { $0["rule"] as? String == "untranslated" })
    #expect(stray["line"] as? Int == 5)
    #expect(stray["found"] as? String == "重庆")
    let missing = try #require(found.first { $0["rule"] as? String == "key-term-mismatch" })
    #expect(missing["line"] as? Int == 1 && missing["concept"] as? String == "chen-miner")
  }

  @Test func theMemoryItself() throws {
    let folder = try TemporaryFolder()
    let file = try folder.write("check.tmx", Array(Self.tmx.utf8))
    let tm = folder.path + "/tm.sqlite"
    _ = try Glossa.run(["tm", "import", "--tm", tm, file])
    let result = try Glossa.run(["check", "--format", "jsonl", "--tm", tm])
    let found = try findings(result.stdout)
    #expect(
      found.contains {
        $0["rule"] as? String == "inconsistent-target" && $0["unit"] as? String == "again"
      })
    #expect(
      found.contains {
        $0["rule"] as? String == "key-term-mismatch" && $0["unit"] as? String == "names"
      })
    #expect(result.status == 1)
  }
}
