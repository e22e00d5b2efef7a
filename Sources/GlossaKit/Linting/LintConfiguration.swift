public import GlossaText

/// What `glossa lint` checks, and how seriously.
public struct LintConfiguration: Sendable, Equatable {
  /// The language of the articles.
  public var language: LanguageTag
  /// Rule severities that differ from the rules' defaults; `nil` turns a rule off.
  public var ruleSeverities: [String: Severity?]
  /// The severity of `term-variant` findings by fold; `nil` ignores the fold.
  public var foldSeverities: [Fold: Severity?]
  /// The date of the articles (`YYYY-MM-DD`), when given on the command line; otherwise each
  /// article's own date (front matter, `<meta>`) is used, and today for an undated article.
  public var articleDate: String?
  /// Today's date (`YYYY-MM-DD`), passed in so that results are reproducible.
  public var today: String

  /// The default severity of each fold for `term-variant`.
  ///
  /// Folds that change how a term reads or sorts (full-width letters, a missing hyphen,
  /// diacritics) warn; typographic ones that most style guides leave to the editor (curly versus
  /// straight apostrophes, en dash versus hyphen, unusual spaces, middle dots, compatibility
  /// characters, Traditional characters in Chinese) are information.
  public static let defaultFoldSeverities: [Fold: Severity] = [
    .compatibility: .info, .case: .warning, .width: .warning, .whitespace: .info, .quotes: .info,
    .dashes: .info, .hyphenation: .warning, .middleDot: .info, .diacritics: .warning,
    .script: .info,
  ]

  /// Creates a configuration.
  public init(
    language: LanguageTag = .english, ruleSeverities: [String: Severity?] = [:],
    foldSeverities: [Fold: Severity?] = [:], articleDate: String? = nil,
    today: String = "9999-12-31"
  ) {
    self.language = language
    self.ruleSeverities = ruleSeverities
    self.foldSeverities = foldSeverities
    self.articleDate = articleDate
    self.today = today
  }

  /// The severity of `rule`, or `nil` when it is off.
  public func severity(of rule: RuleDescription) -> Severity? {
    if let configured = ruleSeverities[rule.id] { return configured }
    return rule.defaultSeverity
  }

  /// Whether `rule`'s severity was set explicitly.
  public func hasSeverity(for rule: RuleDescription) -> Bool { ruleSeverities[rule.id] != nil }

  /// The severity of a variant that needed `fold`, or `nil` when the fold is ignored.
  public func severity(of fold: Fold) -> Severity? {
    if let configured = foldSeverities[fold] { return configured }
    return Self.defaultFoldSeverities[fold] ?? .info
  }
}
