/// Finds probable misspellings of multi-word terms.
public struct NearMissRule: Rule {
  /// What the rule finds, with examples.
  public static let description = RuleDescription(
    id: "near-miss",
    name: "Near miss",
    summary: "A multi-word term is probably misspelled: one word is off, or two words are swapped.",
    rationale:
      "`Communist Paty of China` is meant to be the Communist Party of China, but no exact rule "
      + "sees it. A word counts as a slip when it is not a glossary word, starts with the same "
      + "letter, has four letters or more, and is one edit away (two for words of seven letters or "
      + "more); every other word of the term must be exact. Suggestions are not applied by --fix.",
    defaultSeverity: .warning,
    triggeringExamples: [
      "The ↓Communist Paty of China met.",
      "The ↓Comunist Party of China met.",
      "Planning for the ↓Chengdu-Chongqing economic cirlce began.",
    ],
    nonTriggeringExamples: [
      "The Communist Party of China met.",
      "The Communist Party of Vietnam met.",
      "A party member paid.",
    ])

  /// Creates the rule.
  public init() {}

  /// The near misses of the scan.
  public func check(_ context: RuleContext) -> [Finding] {
    guard let severity = context.configuration.severity(of: Self.description) else { return [] }
    return context.scan.nearMisses.map { miss in
      context.finding(
        Self.description, severity: severity, range: miss.range,
        normalizedRange: miss.normalizedRange,
        found: miss.text, concept: miss.conceptID, status: nil, expected: miss.term.text, folds: [],
        message: .nearMiss(miss.text, expected: miss.term.text, slip: miss.slip))
    }
  }
}

extension String {
  fileprivate static func nearMiss(_ found: String, expected: String, slip: NearMiss.Slip) -> String
  {
    switch slip {
    case .misspelledWord: "'\(found)' looks like a misspelling of '\(expected)'"
    case .swappedWords: "'\(found)' looks like '\(expected)' with two words swapped"
    }
  }
}
