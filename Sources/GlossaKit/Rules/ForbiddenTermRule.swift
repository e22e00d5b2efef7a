/// Finds deprecated forms.
public struct ForbiddenTermRule: Rule {
  /// What the rule finds, with examples.
  public static let description = RuleDescription(
    id: "forbidden-term",
    name: "Forbidden term",
    summary: "A deprecated form of a term is used.",
    rationale:
      "The glossary lists forms that must not appear in print: unofficial renderings, misspellings, "
      + "known mistranslations. Each finding names the preferred form; --fix writes it when the "
      + "concept has one preferred form. Forms the glossary allows in a context (`except`) are not "
      + "reported there.",
    defaultSeverity: .error,
    triggeringExamples: [
      "The mayor of ↓Chung-king spoke.",
      "Rain fell on ↓chung-king's hills.",
      "Delegates praised the ↓One Belt, One Road.",
    ],
    nonTriggeringExamples: [
      "The mayor of Chongqing spoke.",
      "Delegates praised the Belt and Road Initiative.",
      "She stayed at the Chung-king Hotel.",
    ])

  /// Creates the rule.
  public init() {}

  /// The occurrences of deprecated forms.
  public func check(_ context: RuleContext) -> [Finding] {
    guard let severity = context.configuration.severity(of: Self.description) else { return [] }
    let occurrences = context.occurrences
    var findings: [Finding] = []
    // Tested through the array, so that only the occurrences reported are copied.
    for index in occurrences.indices
    where occurrences[index].term.status == .deprecated && !occurrences[index].isExcepted {
      let occurrence = occurrences[index]
      let expected = context.preferredForm(for: occurrence)
      let message: String =
        if let expected {
          .forbidden(occurrence.text, use: expected)
        } else {
          .forbidden(occurrence.text, concept: occurrence.conceptID)
        }
      let fix = context.uniquePreferredForm(for: occurrence).map {
        context.replacement($0, for: occurrence.text, at: occurrence.range.lowerBound)
      }
      findings.append(
        context.finding(
          Self.description, severity: severity, at: occurrence, expected: expected,
          folds: occurrence.folds, message: message, fix: fix))
    }
    return findings
  }
}

extension String {
  fileprivate static func forbidden(_ found: String, use expected: String) -> String {
    "'\(found)' is deprecated; use '\(expected)'"
  }

  fileprivate static func forbidden(_ found: String, concept: String) -> String {
    "'\(found)' is deprecated (concept '\(concept)' has no preferred form in this language)"
  }
}
