public import GlossaText

/// Lints documents against a compiled glossary.
///
/// A linter owns a ``TermScanner`` and its caches, so it is not thread-safe: to lint files in
/// parallel, give each thread its own linter over one shared ``TermMatcher``.
public final class Linter {
  /// The compiled glossary.
  public let matcher: TermMatcher
  /// What to check.
  public let configuration: LintConfiguration
  private let scanner: TermScanner
  private let rules: [any Rule]

  /// Creates a linter.
  /// - Throws: `ICUError` when ICU cannot be loaded.
  public init(matcher: TermMatcher, configuration: LintConfiguration) throws(ICUError) {
    self.matcher = matcher
    self.configuration = configuration
    scanner = try TermScanner(matcher: matcher)
    rules = RuleRegistry.rules.map { $0.init() }
  }

  /// The term occurrences in a document.
  public func occurrences(in document: Document) -> [TermOccurrence] {
    scanner.occurrences(in: document.text)
  }

  /// The findings in a document, ordered by position and then by rule.
  public func lint(_ document: Document) -> [Finding] {
    let context = RuleContext(
      document: document, occurrences: occurrences(in: document), configuration: configuration,
      glossary: matcher.glossary, profile: LanguageProfile.of(configuration.language),
      lines: LineIndex(utf8: document.source))
    var findings: [Finding] = []
    for rule in rules { findings.append(contentsOf: rule.check(context)) }
    let order = Dictionary(
      uniqueKeysWithValues: RuleRegistry.descriptions.enumerated().map { ($1.id, $0) })
    return findings.sorted {
      ($0.offset, order[$0.rule] ?? 0, $0.length) < ($1.offset, order[$1.rule] ?? 0, $1.length)
    }
  }
}
