import GlossaKit

/// Small glossaries for tests, built in code.
enum GlossarySamples {
  /// A concept with English forms and a Simplified Chinese form.
  static func concept(
    _ id: String, zh: String? = nil, _ english: Term...
  ) -> Concept {
    var sections: [LanguageSection] = []
    if let zh { sections.append(LanguageSection(language: .simplifiedChinese, terms: [Term(zh)])) }
    sections.append(LanguageSection(language: .english, terms: english))
    return Concept(id: id, languages: sections)
  }

  static let newsroom = Glossary(concepts: [
    concept("chongqing", zh: "重庆", Term("Chongqing"), Term("Chungking", status: .deprecated)),
    concept("chongqing-mansions", zh: "重庆大厦", Term("Chungking Mansions")),
    concept(
      "belt-and-road", zh: "一带一路倡议", Term("Belt and Road Initiative"),
      Term("Belt and Road", status: .admitted), Term("Belt and Road Strategy", status: .deprecated)),
    concept("belt", Term("Belt")),
    concept("five-year-plan", zh: "五年规划", Term("Five-Year Plan")),
    concept(
      "cpc", zh: "中国共产党", Term("Communist Party of China"),
      Term("CPC", type: .acronym, caseMode: .sensitive)),
    concept("cpc-central-committee", zh: "中共中央", Term("CPC Central Committee")),
    concept("economic-circle", zh: "成渝地区双城经济圈", Term("Chengdu-Chongqing economic circle")),
    concept("chengdu", zh: "成都", Term("Chengdu")),
    concept("chen-miner", zh: "陈敏尔", Term("Chen Min'er")),
    concept("two-sessions", zh: "两会", Term("Two Sessions")),
    concept("industry", Term("strategic emerging industry")),
    concept("tax", Term("value-added tax")),
    concept("people", zh: "人民", Term("people's livelihood", caseMode: .insensitive)),
    concept("economic-belt", zh: "长江经济带", Term("Yangtze River Economic Belt")),
    concept("ichongqing", Term("iChongqing", caseMode: .sensitive)),
    concept("zurich", Term("Zürich")),
  ])
}
