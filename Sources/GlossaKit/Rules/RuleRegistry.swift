/// Every rule Glossa has, in the order their findings are reported.
public enum RuleRegistry {
  /// The rule types.
  public static let rules: [any Rule.Type] = [
    ForbiddenTermRule.self,
    SupersededTermRule.self,
    TermCaseRule.self,
    TermVariantRule.self,
    NearMissRule.self,
    AcronymFirstUseRule.self,
  ]

  /// The descriptions of every rule.
  public static var descriptions: [RuleDescription] { rules.map { $0.description } }

  /// The descriptions of every rule of `glossa lint` and `glossa check`.
  public static var allDescriptions: [RuleDescription] { descriptions + BilingualChecker.rules }

  /// The rule with identifier `id`.
  public static func rule(withID id: String) -> (any Rule.Type)? {
    rules.first { $0.description.id == id }
  }

  /// The small glossary the rules' examples are checked against.
  public static let exampleGlossary = Glossary(concepts: [
    Concept(
      id: "chongqing", subjectField: "place",
      languages: [
        LanguageSection(language: .simplifiedChinese, terms: [Term("重庆")]),
        LanguageSection(
          language: .english,
          terms: [
            Term("Chongqing", partOfSpeech: "properNoun"),
            Term("Chung-king", status: .deprecated, exceptions: ["Chung-king Hotel"]),
            Term("Chungking", status: .superseded, effectiveDate: "1979-01-01"),
          ]),
      ]),
    Concept(
      id: "chen-miner", subjectField: "person",
      languages: [
        LanguageSection(language: .simplifiedChinese, terms: [Term("陈敏尔")]),
        LanguageSection(
          language: .english, terms: [Term("Chen Min'er"), Term("Chen Miner", status: .deprecated)]),
      ]),
    Concept(
      id: "14th-five-year-plan", subjectField: "policy",
      languages: [
        LanguageSection(language: .simplifiedChinese, terms: [Term("十四五规划")]),
        LanguageSection(language: .english, terms: [Term("14th Five-Year Plan")]),
      ]),
    Concept(
      id: "chengdu-chongqing-economic-circle", subjectField: "policy",
      languages: [
        LanguageSection(language: .simplifiedChinese, terms: [Term("成渝地区双城经济圈")]),
        LanguageSection(language: .english, terms: [Term("Chengdu-Chongqing economic circle")]),
      ]),
    Concept(
      id: "belt-and-road-initiative", subjectField: "policy",
      languages: [
        LanguageSection(language: .simplifiedChinese, terms: [Term("一带一路倡议")]),
        LanguageSection(
          language: .english,
          terms: [
            Term("Belt and Road Initiative"),
            Term("Belt and Road", status: .admitted, type: .shortForm),
            Term("One Belt, One Road", status: .deprecated),
          ]),
      ]),
    Concept(
      id: "cpc", subjectField: "organization",
      languages: [
        LanguageSection(language: .simplifiedChinese, terms: [Term("中国共产党")]),
        LanguageSection(
          language: .english,
          terms: [
            Term("Communist Party of China"), Term("CPC", type: .acronym, caseMode: .sensitive),
          ]),
      ]),
    Concept(
      id: "cpc-central-committee", subjectField: "organization",
      languages: [
        LanguageSection(language: .simplifiedChinese, terms: [Term("中共中央")]),
        LanguageSection(language: .english, terms: [Term("CPC Central Committee")]),
      ]),
    Concept(
      id: "thailand", subjectField: "place",
      languages: [
        LanguageSection(language: .simplifiedChinese, terms: [Term("泰国")]),
        LanguageSection(
          language: .english,
          terms: [Term("Thailand"), Term("Siam", status: .superseded, effectiveDate: "1939-06-24")]),
      ]),
    Concept(
      id: "publicity-department", subjectField: "organization",
      languages: [
        LanguageSection(language: .simplifiedChinese, terms: [Term("宣传部")]),
        LanguageSection(
          language: .english,
          terms: [Term("Publicity Department"), Term("Propaganda Department", status: .superseded)]),
      ]),
    Concept(
      id: "gdp", subjectField: "economy",
      languages: [
        LanguageSection(language: .simplifiedChinese, terms: [Term("国内生产总值")]),
        LanguageSection(
          language: .english,
          terms: [
            Term("gross domestic product"), Term("GDP", type: .acronym, caseMode: .sensitive),
          ]),
      ],
      properties: ["acronym-first-use": "exempt"]),
  ])
}
