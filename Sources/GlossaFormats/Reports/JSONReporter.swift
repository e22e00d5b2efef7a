public import GlossaKit
internal import GlossaText

/// The machine format: one JSON object, written as the files are linted.
///
/// ```json
/// {
///   "tool": {"name": "glossa", "version": "0.1.0"},
///   "findings": [
///     {"file": "a.txt", "line": 3, "column": 7, "endLine": 3, "endColumn": 16, "offset": 40,
///      "length": 9, "rule": "forbidden-term", "severity": "error", "found": "Chungking",
///      "expected": "Chongqing", "concept": "chongqing", "status": "deprecated", "folds": [],
///      "message": "'Chungking' is deprecated; use 'Chongqing'"}
///   ],
///   "inputErrors": [{"file": "b.txt", "line": 1, "column": 5, "message": "invalid UTF-8 …"}],
///   "summary": {"files": 1, "filesWithFindings": 1, "findings": 1, "errors": 1, "warnings": 0,
///               "infos": 0, "rules": {"forbidden-term": 1}, "inputErrors": 0}
/// }
/// ```
public final class JSONReporter: Reporter {
  private let write: (String) -> Void
  private var first = true
  private var errors: [InputError] = []

  /// Creates a reporter writing through `write`.
  public init(toolVersion: String, write: @escaping (String) -> Void) {
    self.write = write
    write(
      "{\n  \"tool\": {\"name\": \"glossa\", \"version\": \(JSON.string(toolVersion))},\n  \"findings\": ["
    )
  }

  /// Writes the findings of one document into the `findings` array.
  public func report(_ findings: [Finding], in document: Document) {
    guard !findings.isEmpty else { return }
    var output = ""
    for finding in findings {
      output += first ? "\n    " : ",\n    "
      first = false
      output += JSON.object(finding)
    }
    write(output)
  }

  /// Keeps the error for the `inputErrors` array.
  public func report(_ error: InputError) { errors.append(error) }

  /// Writes `inputErrors` and `summary` and closes the object.
  public func finish(_ summary: LintSummary) {
    var output = first ? "],\n" : "\n  ],\n"
    output += "  \"inputErrors\": ["
    output += errors.map { error in
      var fields = ["\"file\": \(JSON.string(error.file))"]
      if let line = error.line { fields.append("\"line\": \(line)") }
      if let column = error.column { fields.append("\"column\": \(column)") }
      if let field = error.field { fields.append("\"field\": \(JSON.string(field))") }
      fields.append("\"message\": \(JSON.string(error.message))")
      return "\n    {" + fields.joined(separator: ", ") + "}"
    }.joined(separator: ",")
    output += errors.isEmpty ? "],\n" : "\n  ],\n"
    let rules = summary.rules.keys.sorted().map { "\(JSON.string($0)): \(summary.rules[$0] ?? 0)" }
    output +=
      "  \"summary\": {\"files\": \(summary.files), \"filesWithFindings\": \(summary.filesWithFindings), "
    output += "\"findings\": \(summary.findings), \"errors\": \(summary.severities[.error] ?? 0), "
    output +=
      "\"warnings\": \(summary.severities[.warning] ?? 0), \"infos\": \(summary.severities[.info] ?? 0), "
    output +=
      "\"rules\": {\(rules.joined(separator: ", "))}, \"inputErrors\": \(summary.inputErrors)}\n}\n"
    write(output)
  }
}

/// Minimal JSON writing with a fixed field order, so output is stable for golden files.
enum JSON {
  /// A JSON string literal.
  static func string(_ text: String) -> String {
    var output = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case "\u{2028}": output += "\\u2028"
      case "\u{2029}": output += "\\u2029"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let hex = String(scalar.value, radix: 16)
          output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
    }
    return output + "\""
  }

  /// An object from fields whose values are already JSON.
  static func fields(_ fields: [(String, String)]) -> String {
    "{" + fields.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
  }

  /// A finding as one JSON object.
  static func object(_ finding: Finding) -> String {
    var fields: [(String, String)] = [
      ("file", string(finding.file)),
      ("line", String(finding.line)),
      ("column", String(finding.column)),
      ("endLine", String(finding.endLine)),
      ("endColumn", String(finding.endColumn)),
      ("offset", String(finding.offset)),
      ("length", String(finding.length)),
      ("rule", string(finding.rule)),
      ("severity", string(finding.severity.rawValue)),
      ("found", string(finding.found)),
      ("expected", finding.expected.map(string) ?? "null"),
      ("concept", finding.concept.map(string) ?? "null"),
      ("status", finding.status.map { string($0.rawValue) } ?? "null"),
      ("folds", "[" + finding.folds.map { string($0.rawValue) }.joined(separator: ", ") + "]"),
      ("message", string(finding.message)),
      ("fix", finding.fix.map(string) ?? "null"),
      ("fingerprint", string(finding.fingerprint)),
    ]
    if let unit = finding.unit { fields.insert(("unit", string(unit)), at: 1) }
    return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
  }
}
