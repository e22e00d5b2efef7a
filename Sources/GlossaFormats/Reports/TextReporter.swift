public import GlossaKit
internal import GlossaText

/// The human format: `file:line:col: severity [rule] message` and the line, span underlined.
///
/// A summary line ends the report. Colours only when asked (on a terminal).
public final class TextReporter: Reporter {
  private let color: Bool
  private let write: (String) -> Void
  private let classify = CharacterClassifier()
  /// The widest excerpt, in terminal columns.
  static let excerptWidth = 100

  /// Creates a reporter writing through `write`.
  public init(color: Bool, write: @escaping (String) -> Void) {
    self.color = color
    self.write = write
  }

  /// Writes the findings of one document with their excerpts.
  public func report(_ findings: [Finding], in document: Document) {
    guard !findings.isEmpty else { return }
    let lines = LineIndex(utf8: document.source)
    var output = ""
    for finding in findings {
      output += paint("\(finding.file):\(finding.line):\(finding.column):", .bold) + " "
      output += paint(finding.severity.rawValue, style(of: finding.severity))
      output += " " + paint("[\(finding.rule)]", .dim) + " "
      if let unit = finding.unit { output += "unit \(unit): " }
      output += finding.message + "\n"
      output += excerpt(finding, lines: lines)
    }
    write(output)
  }

  /// Does nothing: the command prints input errors as they happen.
  public func report(_ error: InputError) {}

  /// Writes the summary line.
  public func finish(_ summary: LintSummary) {
    let files = summary.files == 1 ? "1 file" : "\(summary.files) files"
    var parts: [String] = []
    for severity in Severity.allCases.reversed() {
      let count = summary.severities[severity] ?? 0
      if count > 0 { parts.append("\(count) \(severity.rawValue)\(count == 1 ? "" : "s")") }
    }
    var line =
      parts.isEmpty
      ? "\(files) checked: no problems" : "\(files) checked: " + parts.joined(separator: ", ")
    if summary.inputErrors > 0 {
      line +=
        "; \(summary.inputErrors) input\(summary.inputErrors == 1 ? "" : "s") could not be read"
    }
    write(line + "\n")
  }

  /// The finding's line, cut to fit, with the span underlined.
  private func excerpt(_ finding: Finding, lines: LineIndex) -> String {
    guard finding.line >= 1 && finding.line <= lines.lineCount else { return "" }
    let scalars = Array(
      String(decoding: lines.line(finding.line - 1), as: UTF8.self).unicodeScalars)
    let start = min(finding.column - 1, scalars.count)
    let end =
      finding.endLine == finding.line ? min(finding.endColumn - 1, scalars.count) : scalars.count
    let widths = scalars.map { width(of: $0) }
    // Choose a window that shows the span with some context before it.
    var first = 0
    let total = widths.reduce(0, +)
    if total > Self.excerptWidth {
      var context = 0
      first = start
      while first > 0 && context + widths[first - 1] <= 30 {
        context += widths[first - 1]
        first -= 1
      }
    }
    var last = first
    var used = 0
    while last < scalars.count && used + widths[last] <= Self.excerptWidth {
      used += widths[last]
      last += 1
    }
    last = max(last, min(end, scalars.count))
    var text = first > 0 ? "…" : ""
    var marks = first > 0 ? " " : ""
    for index in first..<last {
      let scalar = scalars[index]
      let shown: Unicode.Scalar = scalar.properties.generalCategory == .control ? " " : scalar
      text.unicodeScalars.append(shown)
      // An empty span (a finding about a whole unit) is marked where it starts.
      let marked = end <= start ? index == start : index >= start && index < end
      marks += String(repeating: marked ? "^" : " ", count: widths[index])
    }
    if last < scalars.count { text += "…" }
    if end <= start && start >= last { marks += "^" }
    while marks.last == " " { marks.removeLast() }
    let number = String(finding.line)
    let gutter = String(repeating: " ", count: number.count)
    return " \(number) | \(text)\n \(gutter) | \(paint(marks, style(of: finding.severity)))\n"
  }

  private func width(of scalar: Unicode.Scalar) -> Int {
    let kind = classify(scalar.value)
    if kind.contains(.nonspacingMark) || kind.contains(.ignorable) { return 0 }
    return kind.contains(.wide) ? 2 : 1
  }

  private enum Style: String {
    case bold = "1"
    case dim = "2"
    case red = "1;31"
    case yellow = "1;33"
    case blue = "1;34"
  }

  private func style(of severity: Severity) -> Style {
    switch severity {
    case .error: .red
    case .warning: .yellow
    case .info: .blue
    }
  }

  private func paint(_ text: String, _ style: Style) -> String {
    color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
  }
}
