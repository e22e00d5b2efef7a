public import GlossaKit

/// One JSON object per finding, one per line, with the fields of the `json` format.
public final class JSONLinesReporter: Reporter {
  private let write: (String) -> Void

  /// Creates a reporter writing through `write`.
  public init(write: @escaping (String) -> Void) { self.write = write }

  /// Writes one line per finding.
  public func report(_ findings: [Finding], in document: Document) {
    guard !findings.isEmpty else { return }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(findings.count * 400)
    for finding in findings {
      JSON.append(finding, to: &bytes)
      bytes.append(0x0A)
    }
    write(String(decoding: bytes, as: UTF8.self))
  }

  /// Does nothing: the command prints input errors on standard error.
  public func report(_ error: InputError) {}

  /// Does nothing: the lines are the report.
  public func finish(_ summary: LintSummary) {}
}
