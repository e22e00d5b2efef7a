/// Finds deprecated and superseded forms.
public struct ForbiddenTermRule: Rule {
  /// What the rule finds, with examples.
  public static let description = RuleDescription(
    id: "forbidden-term",
    name: "Forbidden term",
    summary: "A deprecated or superseded form of a term is used.",
    rationale:
      "The glossary lists forms that must not appear in print: old romanizations, unofficial "
      + "renderings, known mistranslations. Each finding names the preferred form.",
    defaultSeverity: .error,
    triggeringExamples: [
      "The mayor of ↓Chungking spoke.",
      "Rain fell on ↓chungking's hills.",
      "Delegates praised the ↓One Belt, One Road.",
    ],
    nonTriggeringExamples: [
      "The mayor of Chongqing spoke.",
      "Delegates praised the Belt and Road Initiative.",
    ])

  /// Creates the rule.
  public init() {}

  /// The occurrences of deprecated and superseded forms.
  public func check(_ context: RuleContext) -> [Finding] {
    guard let severity = context.configuration.severity(of: Self.description) else { return [] }
    return context.occurrences.compactMap { occurrence in
      guard !occurrence.term.status.isApproved else { return nil }
      let expected = context.preferredForm(for: occurrence)
      let message: String =
        if let expected {
          .forbidden(occurrence.text, status: occurrence.term.status, use: expected)
        } else {
          .forbidden(occurrence.text, status: occurrence.term.status, concept: occurrence.conceptID)
        }
      return context.finding(
        Self.description, severity: severity, at: occurrence, expected: expected,
        folds: occurrence.folds, message: message)
    }
  }
}

extension String {
  fileprivate static func forbidden(_ found: String, status: TermStatus, use expected: String)
    -> String
  {
    "'\(found)' is \(status.rawValue); use '\(expected)'"
  }

  fileprivate static func forbidden(_ found: String, status: TermStatus, concept: String) -> String
  {
    "'\(found)' is \(status.rawValue) (concept '\(concept)' has no preferred form in this language)"
  }
}
