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
    return context.occurrences.compactMap { occurrence in
      guard occurrence.term.status.isApproved, !occurrence.isExcepted,
        !occurrence.folds.isSubset(of: FoldSet(.case))
      else { return nil }
      let variants = FoldSet(
        occurrence.folds.subtracting(FoldSet(.case)).folds.filter {
          context.configuration.severity(of: $0) != nil
        })
      let severities = variants.folds.compactMap { context.configuration.severity(of: $0) }
      guard let strongest = severities.max() else { return nil }
      let expected = occurrence.expectedSurface
      return context.finding(
        Self.description, severity: override ?? strongest, at: occurrence, expected: expected,
        folds: variants, message: .variant(occurrence.text, expected: expected, folds: variants),
        fix: variants.isDisjoint(with: Self.unfixable) ? expected : nil)
    }
  }
}

extension String {
  fileprivate static func variant(_ found: String, expected: String, folds: FoldSet) -> String {
    "'\(found)' should be written '\(expected)' (\(folds.names))"
  }
}
