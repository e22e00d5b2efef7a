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

  /// What a scan of the document finds.
  public func scan(_ document: Document) -> Scan { scanner.scan(document.text) }

  /// The findings in a document, ordered by position and then by rule; suppressed findings are
  /// left out.
  public func lint(_ document: Document) -> [Finding] {
    let context = RuleContext(
      document: document, scan: scanner.scan(document.text), configuration: configuration,
      glossary: matcher.glossary, profile: LanguageProfile.of(configuration.language),
      lines: LineIndex(utf8: document.source))
    var findings: [Finding] = []
    for rule in rules { findings.append(contentsOf: rule.check(context)) }
    findings.removeAll { finding in document.suppressions.contains { $0.covers(finding) } }
    let order = Dictionary(
      uniqueKeysWithValues: RuleRegistry.descriptions.enumerated().map { ($1.id, $0) })
    findings.sort {
      ($0.offset, order[$0.rule] ?? 0, $0.length) < ($1.offset, order[$1.rule] ?? 0, $1.length)
    }
    // Equal keys (the same slip twice in the same words) are told apart by their order.
    var seen: [String: Int] = [:]
    for index in findings.indices {
      let key = findings[index].fingerprint
      let ordinal = seen[key, default: 0]
      seen[key] = ordinal + 1
      findings[index].fingerprint = StableHash.hex(key + "\u{1F}\(ordinal)")
    }
    return findings
  }
}
