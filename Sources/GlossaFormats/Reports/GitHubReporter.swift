public import GlossaKit

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…::message`, one per finding,
/// which GitHub shows as annotations on the pull request.
public final class GitHubReporter: Reporter {
  private let write: (String) -> Void

  /// Creates a reporter writing through `write`.
  public init(write: @escaping (String) -> Void) { self.write = write }

  /// Writes one command per finding.
  public func report(_ findings: [Finding], in document: Document) {
    guard !findings.isEmpty else { return }
    var output = ""
    for finding in findings {
      let command =
        switch finding.severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "notice"
        }
      let properties = [
        "file=\(Self.property(finding.file))", "line=\(finding.line)", "endLine=\(finding.endLine)",
        "col=\(finding.column)", "endColumn=\(finding.endColumn)",
        "title=\(Self.property("glossa " + finding.rule))",
      ]
      output +=
        "::\(command) \(properties.joined(separator: ","))::\(Self.data((finding.unit.map { "unit \($0): " } ?? "") + finding.message))\n"
    }
    write(output)
  }

  /// Writes an error command for an input that could not be read.
  public func report(_ error: InputError) {
    var properties = ["file=\(Self.property(error.file))"]
    if let line = error.line { properties.append("line=\(line)") }
    if let column = error.column { properties.append("col=\(column)") }
    write("::error \(properties.joined(separator: ","))::\(Self.data(error.message))\n")
  }

  /// Does nothing: the annotations are the report.
  public func finish(_ summary: LintSummary) {}

  /// Escapes a command's message.
  static func data(_ text: String) -> String {
    text.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
  }

  /// Escapes a command's property value.
  static func property(_ text: String) -> String {
    data(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
  }
}
