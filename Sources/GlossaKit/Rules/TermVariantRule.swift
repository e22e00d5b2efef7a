import GlossaText

/// Finds approved terms written with width, hyphenation or typographic variants.
public struct TermVariantRule: Rule {
  /// What the rule finds, with examples.
  public static let description = RuleDescription(
    id: "term-variant",
    name: "Term variant",
    summary:
      "An approved term matches only through width, hyphenation, whitespace, quote, dash, "
      + "middle-dot, diacritic, compatibility or script folds.",
    rationale:
      "`Five Year Plan`, `Ｃｈｏｎｇｑｉｎｇ` and `Chen Min’er` are the term, spelled another way. The "
      + "severity comes from the folds the match needed (see --fold-severity): full-width "
      + "letters, hyphenation and diacritics warn; quotes, dashes, spaces and middle dots inform.",
    defaultSeverity: .warning,
    triggeringExamples: [
      "It is the ↓14th Five Year Plan.",
      "Delegates welcomed ↓Chen Min’er.",
      "Growth in ↓Ｃｈｏｎｇｑｉｎｇ slowed.",
    ],
    nonTriggeringExamples: [
      "It is the 14th Five-Year Plan.",
      "Delegates welcomed Chen Min'er.",
    ])

  /// Folds whose variants `--fix` leaves alone: a no-break space is often intended, and
  /// Traditional characters belong in a Traditional article.
  static let unfixable = FoldSet([.whitespace, .script])

  /// Creates the rule.
  public init() {}

  /// The occurrences of approved terms that needed variant folds.
  public func check(_ context: RuleContext) -> [Finding] {
    guard context.configuration.severity(of: Self.description) != nil else { return [] }
    let override =
      context.configuration.hasSeverity(for: Self.description)
      ? context.configuration.severity(of: Self.description) : nil
    let occurrences = context.occurrences
    var findings: [Finding] = []
    for index in occurrences.indices where !occurrences[index].folds.isSubset(of: FoldSet(.case)) {
      guard occurrences[index].term.status.isApproved, !occurrences[index].isExcepted else {
        continue
      }
      let occurrence = occurrences[index]
      let variants = FoldSet(
        occurrence.folds.subtracting(FoldSet(.case)).folds.filter {
          context.configuration.severity(of: $0) != nil
        })
      let severities = variants.folds.compactMap { context.configuration.severity(of: $0) }
      guard let strongest = severities.max() else { continue }
      let expected = occurrence.expectedSurface
      findings.append(
        context.finding(
          Self.description, severity: override ?? strongest, at: occurrence, expected: expected,
          folds: variants, message: .variant(occurrence.text, expected: expected, folds: variants),
          fix: variants.isDisjoint(with: Self.unfixable) ? expected : nil))
    }
    return findings
  }
}

extension String {
  fileprivate static func variant(_ found: String, expected: String, folds: FoldSet) -> String {
    "'\(found)' should be written '\(expected)' (\(folds.names))"
  }
}
