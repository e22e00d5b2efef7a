/// A check that turns term occurrences into findings.
///
/// Glossa has few rule kinds and many data: the glossary says what is preferred or forbidden,
/// the rules say what a deviation means.
public protocol Rule: Sendable {
  /// The rule's identifier, documentation and examples.
  static var description: RuleDescription { get }
  /// Creates the rule.
  init()
  /// The findings of this rule in one document.
  func check(_ context: RuleContext) -> [Finding]
}

/// What a rule is, for configuration, `glossa rules`, SARIF, and the rules' own tests.
public struct RuleDescription: Sendable {
  /// The stable identifier used in configuration, flags and reports: `forbidden-term`.
  public let id: String
  /// A short name.
  public let name: String
  /// One sentence on what the rule finds.
  public let summary: String
  /// Why it matters.
  public let rationale: String
  /// The severity when not configured.
  public let defaultSeverity: Severity
  /// Sentences that trigger the rule, with `↓` before each finding; checked against
  /// ``RuleRegistry/exampleGlossary``.
  public let triggeringExamples: [String]
  /// Sentences that do not trigger the rule.
  public let nonTriggeringExamples: [String]

  /// Creates a description.
  public init(
    id: String, name: String, summary: String, rationale: String, defaultSeverity: Severity,
    triggeringExamples: [String], nonTriggeringExamples: [String]
  ) {
    self.id = id
    self.name = name
    self.summary = summary
    self.rationale = rationale
    self.defaultSeverity = defaultSeverity
    self.triggeringExamples = triggeringExamples
    self.nonTriggeringExamples = nonTriggeringExamples
  }
}
