public import GlossaKit

/// Writes lint results in one output format, file by file, so that memory does not grow with
/// the number of files.
public protocol Reporter: AnyObject {
  /// Reports the findings of one document (called once per file, in order, even without findings).
  func report(_ findings: [Finding], in document: Document)
  /// Reports an input that could not be read.
  func report(_ error: InputError)
  /// Ends the report.
  func finish(_ summary: LintSummary)
}

/// A reporter whose report of a document is bytes made from its findings alone, so that a lint
/// can make them on the thread that found the findings.
public protocol DocumentRenderer: Reporter {
  /// What ``Reporter/report(_:in:)`` writes for a document's findings (nothing when empty);
  /// callable from any thread.
  var documentRenderer: @Sendable (consuming [Finding]) -> [UInt8] { get }
}

/// The output formats of `glossa lint`; the raw values are the `--format` spellings.
public enum OutputFormat: String, CaseIterable, Sendable {
  /// `file:line:col: severity [rule] message`, with the line and the span marked.
  case text
  /// One JSON object with `findings` and `summary`.
  case json
  /// One JSON object per finding, one per line, for pipelines such as reviewdog.
  case jsonl
  /// SARIF 2.1.0, for code-scanning services and editors.
  case sarif
  /// GitHub Actions workflow commands, which GitHub shows as annotations.
  case github

  /// A reporter for this format that writes through `write`.
  ///
  /// `rules` describes the rules the run can report, for SARIF.
  public func reporter(
    color: Bool, toolVersion: String, rules: [RuleDescription] = RuleRegistry.descriptions,
    write: @escaping (String) -> Void, writeBytes: (([UInt8]) -> Void)? = nil
  ) -> any Reporter {
    let writeBytes = writeBytes ?? { write(String(decoding: $0, as: UTF8.self)) }
    return switch self {
    case .text: TextReporter(color: color, write: write)
    case .json: JSONReporter(toolVersion: toolVersion, write: write, writeBytes: writeBytes)
    case .jsonl: JSONLinesReporter(writeBytes: writeBytes)
    case .sarif: SARIFReporter(toolVersion: toolVersion, rules: rules, write: write)
    case .github: GitHubReporter(write: write)
    }
  }
}

/// Totals of a lint run.
public struct LintSummary: Sendable, Equatable {
  /// The documents linted.
  public var files = 0
  /// The documents with at least one finding.
  public var filesWithFindings = 0
  /// Findings by severity.
  public var severities: [Severity: Int] = [:]
  /// Findings by rule.
  public var rules: [String: Int] = [:]
  /// Inputs that could not be read.
  public var inputErrors = 0

  /// Creates an empty summary.
  public init() {}

  /// The number of findings.
  public var findings: Int { severities.values.reduce(0, +) }

  /// Counts the findings of one document.
  public mutating func add(_ findings: [Finding]) {
    files += 1
    if !findings.isEmpty { filesWithFindings += 1 }
    // Counted here first: a document has a few rules and severities, and many findings.
    var bySeverity: [(Severity, Int)] = []
    var byRule: [(String, Int)] = []
    // By index, reading two fields: `for finding in findings` copied each finding whole (a dozen
    // references retained and released; 2 % of a 100 MB lint).
    for place in findings.indices {
      let severity = findings[place].severity
      if let index = bySeverity.firstIndex(where: { $0.0 == severity }) {
        bySeverity[index].1 += 1
      } else {
        bySeverity.append((severity, 1))
      }
      if let index = byRule.firstIndex(where: { $0.0 == findings[place].rule }) {
        byRule[index].1 += 1
      } else {
        byRule.append((findings[place].rule, 1))
      }
    }
    for (severity, count) in bySeverity { severities[severity, default: 0] += count }
    for (rule, count) in byRule { rules[rule, default: 0] += count }
  }

  /// Adds the counts of `other`.
  public mutating func add(_ other: LintSummary) {
    files += other.files
    filesWithFindings += other.filesWithFindings
    inputErrors += other.inputErrors
    for (severity, count) in other.severities { severities[severity, default: 0] += count }
    for (rule, count) in other.rules { rules[rule, default: 0] += count }
  }

  /// The most serious severity found, if any.
  public var worst: Severity? { Severity.allCases.reversed().first { (severities[$0] ?? 0) > 0 } }
}
