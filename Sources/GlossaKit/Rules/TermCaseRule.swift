/// Finds approved terms written in the wrong letter case.
public struct TermCaseRule: Rule {
  /// What the rule finds, with examples.
  public static let description = RuleDescription(
    id: "term-case",
    name: "Term case",
    summary: "An approved term matches only when letter case is ignored.",
    rationale:
      "Official names have one capitalization (`Chengdu-Chongqing economic circle`, `CPC Central "
      + "Committee`). A capital at the start of a sentence, or capitals in a heading or title-case "
      + "title line, are expected and not reported. Terms marked case-sensitive never match other "
      + "casings; words in capitals in a permissive term (acronyms) must match exactly.",
    defaultSeverity: .warning,
    triggeringExamples: [
      "Leaders met in ↓chongqing on Monday.",
      "They discussed the ↓Chengdu-Chongqing Economic Circle.",
    ],
    nonTriggeringExamples: [
      "Leaders met in Chongqing on Monday.",
      "Chengdu-Chongqing economic circle projects grew.",
      "They discussed the Chengdu-Chongqing economic circle.",
      "The cpc was not mentioned.",
    ])

  /// Creates the rule.
  public init() {}

  /// The miscased occurrences of approved terms.
  public func check(_ context: RuleContext) -> [Finding] {
    guard context.profile.hasLetterCase,
      let severity = context.configuration.severity(of: Self.description)
    else { return [] }
    let occurrences = context.occurrences
    var findings: [Finding] = []
    for index in occurrences.indices {
      guard let change = occurrences[index].caseChange, occurrences[index].term.status.isApproved
      else { continue }
      let range = occurrences[index].range
      if context.isInHeading(range) && change != .other { continue }
      if change == .initialCapital && context.startsSentence(range.lowerBound) { continue }
      // The occurrence read in its array, not copied.
      let expected = occurrences[index].expectedSurface
      findings.append(
        context.finding(
          Self.description, severity: severity, at: occurrences[index], expected: expected,
          folds: occurrences[index].folds,
          message: .miscased(occurrences[index].text, expected: expected), fix: expected))
    }
    return findings
  }
}

extension String {
  fileprivate static func miscased(_ found: String, expected: String) -> String {
    // Sized once: an interpolation grows its string as it goes (one finding in a few is this).
    var message = ""
    message.reserveCapacity(found.utf8.count + expected.utf8.count + 32)
    message += "'"
    message += found
    message += "' should be capitalized as '"
    message += expected
    message += "'"
    return message
  }
}
