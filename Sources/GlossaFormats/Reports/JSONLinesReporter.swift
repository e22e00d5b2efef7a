public import GlossaKit

/// One JSON object per finding, one per line, with the fields of the `json` format.
public final class JSONLinesReporter: Reporter {
  private let write: (String) -> Void

  /// Creates a reporter writing through `write`.
  public init(write: @escaping (String) -> Void) { self.write = write }

  /// Writes one line per finding.
  public func report(_ findings: [Finding], in document: Document) {
    guard !findings.isEmpty else { return }
    write(findings.map { JSON.object($0) + "\n" }.joined())
  }

  /// Does nothing: the command prints input errors on standard error.
  public func report(_ error: InputError) {}

  /// Does nothing: the lines are the report.
  public func finish(_ summary: LintSummary) {}
}
