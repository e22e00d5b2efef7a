import GlossaKit
import GlossaText
import Testing

@Suite struct NumberExtractorTests {
  func values(_ text: String) -> [Double] { NumberExtractor.numbers(in: text) }

  @Test(arguments: [
    ("GDP reached 3500万元", [35_000_000.0]),
    ("1.2万亿元", [1.2e12]),
    ("每 10 万人", [100_000]),
    ("３５００万", [35_000_000]),
    ("增长28%", [28]),
    ("百分之二十八", [28]),
    ("二〇二七年", [2027]),
    ("三十个项目", [30]),
    ("两千三百万人", [23_000_000]),
    ("五万亿里亚尔", [5e12]),
    ("三亿五千万", [350_000_000]),
    ("20世纪60年代", [1960]),
    ("二十世纪九十年代", [1990]),
    ("1,200.5 tonnes", [1200.5]),
    ("the 20th anniversary", [20]),
    ("4 trillion yuan", [4e12]),
    ("35 million people", [35_000_000]),
    ("2010–11", [2010, 2011]),
    (".08% in New Zealand", [0.08]),
  ])
  func readsFigures(text: String, expected: [Double]) {
    #expect(values(text) == expected)
  }

  @Test func wordsAreNotFigures() {
    // 一带一路, 统一 and 万一 are words; R0 and H1N1 are names.
    #expect(values("一带一路倡议和祖国统一") == [])
    #expect(values("万一生病") == [])
    #expect(values("R0 and H1N1") == [])
    let two = NumberExtractor.scan("the Two Sessions")
    #expect(two.map(\.value) == [2])
    #expect(two.allSatisfy { $0.isWord })
  }

  @Test func wordNumbersMatchButAreNeverMissing() {
    let source = NumberExtractor.scan("两会开幕")
    let target = NumberExtractor.scan("The Two Sessions opened")
    #expect(NumberExtractor.difference(source, target) == ([], []))
    let figures = NumberExtractor.scan("2人从意大利返回")
    let words = NumberExtractor.scan("two people returned from Italy")
    #expect(NumberExtractor.difference(figures, words) == ([], []))
    let scaled = NumberExtractor.scan("经济总量达3500万元")
    let wrong = NumberExtractor.scan("the economy reached 3.5 million yuan")
    #expect(NumberExtractor.difference(scaled, wrong) == ([35_000_000], [3_500_000]))
  }

  @Test func rangesShareTheirScale() {
    #expect(values("2.6 至 3.2 万个") == [26_000, 32_000])
  }

  @Test func formatsAsPeopleWrite() {
    #expect(NumberExtractor.format(1.2e12) == "1,200,000,000,000")
    #expect(NumberExtractor.format(28) == "28")
    #expect(NumberExtractor.format(0.5) == "0.5")
  }
}

@Suite struct BilingualCheckerTests {
  func checker() throws -> BilingualChecker {
    try BilingualChecker(glossary: GlossarySamples.newsroom)
  }

  func segment(
    _ source: String, _ target: String?, id: String = "1", from: LanguageTag = .simplifiedChinese
  )
    -> BilingualSegment
  {
    BilingualSegment(
      id: id, sourceLanguage: from, targetLanguage: .english, source: source, target: target)
  }

  func rules(_ findings: [BilingualFinding]) -> [String] { findings.map(\.rule) }

  @Test func keyTermMismatch() throws {
    let checker = try checker()
    #expect(rules(try checker.check(segment("重庆发布新规", "Chongqing issues new rules"))) == [])
    let wrong = try self.checker().check(segment("重庆发布新规", "Chungking issues new rules"))
    #expect(rules(wrong) == ["key-term-mismatch"])
    #expect(wrong.first?.concept == "chongqing")
    #expect(wrong.first?.expected == "Chongqing")
    #expect(wrong.first?.message.contains("deprecated form 'Chungking'") == true)
    let dropped = try checker.check(segment("陈敏尔出席", "The party secretary attended"))
    #expect(rules(dropped) == ["key-term-mismatch"])
    #expect(dropped.first?.found == "陈敏尔")
    // Admitted forms are approved translations.
    #expect(rules(try checker.check(segment("一带一路倡议", "the Belt and Road"))) == [])
  }

  @Test func traditionalSourcesMatchTheSimplifiedGlossary() throws {
    let checker = try checker()
    let pair = segment("成渝地區雙城經濟圈", "the Chengdu area", from: .traditionalChinese)
    let found = try checker.check(pair)
    #expect(rules(found) == ["key-term-mismatch"])
    #expect(found.first?.concept == "economic-circle")
    let good = segment(
      "成渝地區雙城經濟圈", "the Chengdu-Chongqing economic circle", from: .traditionalChinese)
    #expect(rules(try self.checker().check(good)) == [])
  }

  @Test func inconsistentTargetsAndSources() throws {
    let checker = try checker()
    #expect(try checker.check(segment("今天开会。", "The meeting is today.", id: "a")).isEmpty)
    // The same source again, differently spaced and in full-width: one source.
    #expect(try checker.check(segment("今天开会 。", "The meeting is today.", id: "b")).isEmpty)
    let other = try checker.check(segment("今天开会。", "Today there is a meeting.", id: "c"))
    #expect(rules(other) == ["inconsistent-target"])
    #expect(other.first?.message.contains("unit a") == true)
    let source = try checker.check(segment("明天开会。", "The meeting is today.", id: "d"))
    #expect(rules(source) == ["inconsistent-source"])
    #expect(source.first?.severity == .warning)
  }

  @Test func untranslated() throws {
    let checker = try checker()
    #expect(rules(try checker.check(segment("今天开会。", nil))) == ["untranslated"])
    #expect(rules(try checker.check(segment("今天开会。", "  "))) == ["untranslated"])
    #expect(rules(try checker.check(segment("今天开会。", "今天开会。"))) == ["untranslated"])
    let left = try checker.check(segment("在成都开会。", "A meeting in 成都."))
    #expect(rules(left).contains("untranslated"))
    #expect(left.first { $0.rule == "untranslated" }?.found == "成都")
    // Codes and numbers may stay as they are.
    #expect(try checker.check(segment("2024", "2024")).isEmpty)
  }

  @Test func numberMismatch() throws {
    let checker = try checker()
    #expect(try checker.check(segment("投资3500万元。", "An investment of 35 million yuan.")).isEmpty)
    #expect(try checker.check(segment("投资1.2万亿元。", "1.2 trillion yuan was invested.")).isEmpty)
    #expect(try checker.check(segment("二〇二七年建成。", "It will be finished in 2027.")).isEmpty)
    #expect(try checker.check(segment("三十个项目。", "Thirty projects.")).isEmpty)
    #expect(try checker.check(segment("增长百分之二十八。", "A 28% rise.")).isEmpty)
    let wrong = try self.checker().check(
      segment("投资3500万元。", "An investment of 3.5 million yuan."))
    #expect(rules(wrong) == ["number-mismatch"])
    #expect(wrong.first?.found == "3500万")
    #expect(wrong.first?.message.contains("35,000,000") == true)
  }

  @Test func configuredSeveritiesApply() throws {
    let severities: [String: Severity?] = [
      "number-mismatch": Severity?.none, "key-term-mismatch": Severity.warning,
    ]
    let configuration = LintConfiguration(ruleSeverities: severities)
    let checker = try BilingualChecker(
      glossary: GlossarySamples.newsroom, configuration: configuration)
    let found = try checker.check(segment("重庆投资3500万元", "Chungking invests 3 million yuan"))
    #expect(found.map(\.rule) == ["key-term-mismatch"])
    #expect(found.first?.severity == .warning)
  }

  @Test func documentsAreCheckedAsWholes() throws {
    let checker = try checker()
    let found = try checker.checkDocuments(
      source: "重庆发布。\n\n重庆投资3500万元。",
      target: "Chungking releases.\n\nIt invests 3.5 million yuan in 重庆.",
      sourceLanguage: .simplifiedChinese, targetLanguage: .english)
    #expect(found.filter { $0.rule == "key-term-mismatch" }.count == 1)
    #expect(found.contains { $0.rule == "untranslated" && $0.found == "重庆" && $0.side == .target })
    let numbers = found.filter { $0.rule == "number-mismatch" }
    #expect(numbers.map(\.side) == [.source, .target])
  }
}
