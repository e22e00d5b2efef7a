/// Finds superseded forms in articles dated on or after the date they were superseded.
public struct SupersededTermRule: Rule {
  /// What the rule finds, with examples.
  public static let description = RuleDescription(
    id: "superseded-term",
    name: "Superseded term",
    summary: "A superseded form is used in an article dated on or after its effective date.",
    rationale:
      "Names change: Siam became Thailand in 1939, the Propaganda Department's English name became "
      + "Publicity Department in 1998. Archive articles written before the change are right as they "
      + "are; new copy must use the current form. The article's date comes from --date, its front "
      + "matter or <meta> tags, or is today. A superseded form without a date is always reported.",
    defaultSeverity: .error,
    triggeringExamples: [
      "Trade with ↓Siam grew.",
      "The ↓Propaganda Department said.",
    ],
    nonTriggeringExamples: [
      "Trade with Thailand grew."
    ])

  /// Creates the rule.
  public init() {}

  /// The occurrences of superseded forms, unless the article predates the change.
  public func check(_ context: RuleContext) -> [Finding] {
    guard let severity = context.configuration.severity(of: Self.description) else { return [] }
    let date = context.articleDate
    let occurrences = context.occurrences
    var findings: [Finding] = []
    for index in occurrences.indices
    where occurrences[index].term.status == .superseded && !occurrences[index].isExcepted {
      let occurrence = occurrences[index]
      if let since = occurrence.term.effectiveDate, date < since { continue }
      let expected = context.preferredForm(for: occurrence)
      let fix = context.uniquePreferredForm(for: occurrence).map {
        context.replacement($0, for: occurrence.text, at: occurrence.range.lowerBound)
      }
      findings.append(
        context.finding(
          Self.description, severity: severity, at: occurrence, expected: expected,
          folds: occurrence.folds,
          message: .superseded(occurrence.text, by: expected, since: occurrence.term.effectiveDate),
          fix: fix))
    }
    return findings
  }
}

extension String {
  fileprivate static func superseded(_ found: String, by expected: String?, since: String?)
    -> String
  {
    let replacement = expected.map { " by '\($0)'" } ?? ""
    let date = since.map { " on \($0)" } ?? ""
    return "'\(found)' was superseded\(replacement)\(date)"
  }
}
