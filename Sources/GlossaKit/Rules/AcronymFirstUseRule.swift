/// Finds an acronym used before its full form.
public struct AcronymFirstUseRule: Rule {
  /// What the rule finds, with examples.
  public static let description = RuleDescription(
    id: "acronym-first-use",
    name: "Acronym first use",
    summary: "An acronym's first use in an article comes before its full form.",
    rationale:
      "Readers meet `Communist Party of China (CPC)` before `CPC`. The first use of an acronym "
      + "must follow, or come together with, the full form. Acronyms inside longer terms (`CPC "
      + "Chongqing Municipal Committee`) count as uses; an acronym in a heading is not a first use, "
      + "but a full form in a heading introduces it. A concept opts out "
      + "with the property `acronym-first-use: exempt` (a glossary column), as widely known "
      + "acronyms such as GDP do.",
    defaultSeverity: .warning,
    triggeringExamples: [
      "The ↓CPC met. The Communist Party of China (CPC) grew.",
      "Secretary of the ↓CPC Central Committee.",
    ],
    nonTriggeringExamples: [
      "The Communist Party of China (CPC) met. The CPC grew.",
      "The CPC (Communist Party of China) met.",
    ])

  /// Creates the rule.
  public init() {}

  /// Whether the full form at `full` comes together with the acronym ending at `end`: only
  /// spaces and a few brackets or punctuation marks stand between them, as in `CPC (Communist
  /// Party of China)`.
  static func isTogether(_ text: [UInt8], acronymEnd end: Int, fullForm full: Int) -> Bool {
    guard full >= end, full - end <= 6 else { return false }
    let between = String(decoding: text[end..<full], as: UTF8.self)
    return between.unicodeScalars.allSatisfy {
      !$0.properties.isAlphabetic && $0.properties.numericType == nil
    }
  }

  /// The first uses of acronyms that precede their full forms.
  public func check(_ context: RuleContext) -> [Finding] {
    guard let severity = context.configuration.severity(of: Self.description) else { return [] }
    struct Use {
      var occurrence: TermOccurrence
      var isAcronym: Bool
    }
    // Only concepts whose acronym occurs can give a finding: find those first, without copying
    // the (many) other occurrences.
    var acronymConcepts: Set<Int> = []
    for list in [context.occurrences, context.scan.embedded] {
      for index in list.indices where list[index].term.type == .acronym {
        // Headlines may use an acronym first; a full form in a headline introduces it.
        guard !context.isInHeading(list[index].range) else { continue }
        acronymConcepts.insert(list[index].reference.conceptIndex)
      }
    }
    guard !acronymConcepts.isEmpty else { return [] }
    var uses: [Int: [Use]] = [:]
    for list in [context.occurrences, context.scan.embedded] {
      for index in list.indices
      where acronymConcepts.contains(list[index].reference.conceptIndex) {
        let occurrence = list[index]
        let concept = occurrence.reference.conceptIndex
        switch occurrence.term.type {
        case .acronym:
          guard !context.isInHeading(occurrence.range) else { continue }
          uses[concept, default: []].append(Use(occurrence: occurrence, isAcronym: true))
        case .fullForm:
          uses[concept, default: []].append(Use(occurrence: occurrence, isAcronym: false))
        default: continue
        }
      }
    }
    // A misspelled full form is still the writer's full form.
    for miss in context.scan.nearMisses
    where miss.term.type == .fullForm && acronymConcepts.contains(miss.reference.conceptIndex) {
      var occurrence = TermOccurrence(
        reference: miss.reference, conceptID: miss.conceptID, term: miss.term,
        language: context.configuration.language, range: miss.range, text: miss.text, ending: .none,
        folds: [], caseChange: nil, entry: 0)
      occurrence.normalizedRange = miss.normalizedRange
      uses[miss.reference.conceptIndex, default: []].append(
        Use(occurrence: occurrence, isAcronym: false))
    }
    var findings: [Finding] = []
    for (conceptIndex, list) in uses {
      let concept = context.glossary.concepts[conceptIndex]
      if let policy = concept.properties["acronym-first-use"]?.lowercased(),
        ["exempt", "off", "no", "false"].contains(policy)
      {
        continue
      }
      let ordered = list.sorted { $0.occurrence.range.lowerBound < $1.occurrence.range.lowerBound }
      guard let first = ordered.first, first.isAcronym else { continue }
      let acronymEnd = first.occurrence.range.upperBound
      let together = ordered.contains {
        !$0.isAcronym
          && Self.isTogether(
            context.document.text, acronymEnd: acronymEnd, fullForm: $0.occurrence.range.lowerBound)
      }
      guard !together,
        let full = concept.languages.filter({ context.configuration.language.covers($0.language) })
          .flatMap(\.terms).first(where: { $0.type == .fullForm && $0.status == .preferred })
      else { continue }
      let acronym = first.occurrence.text
      let expected = "\(full.text) (\(acronym))"
      findings.append(
        context.finding(
          Self.description, severity: severity, at: first.occurrence, expected: expected, folds: [],
          message: .beforeFullForm(acronym, expected: expected), fix: expected))
    }
    return findings
  }
}

extension String {
  fileprivate static func beforeFullForm(_ acronym: String, expected: String) -> String {
    "first use of '\(acronym)' comes before its full form; write '\(expected)'"
  }
}
