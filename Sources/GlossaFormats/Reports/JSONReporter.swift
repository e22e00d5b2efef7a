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
    var output = ""
    append(text, to: &output)
    return output
  }

  /// Appends `text` as a JSON string literal; text with nothing to escape (nearly all) is copied
  /// whole.
  static func append(_ text: String, to output: inout String) {
    let plain = text.utf8.allSatisfy { byte in
      byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0x7F && byte != 0xE2
    }
    output += "\""
    if plain {
      output += text
    } else {
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
    }
    output += "\""
  }

  /// An object from fields whose values are already JSON.
  static func fields(_ fields: [(String, String)]) -> String {
    "{" + fields.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
  }

  /// A finding as one JSON object.
  static func object(_ finding: Finding) -> String {
    var output = "{"
    output.reserveCapacity(512)
    var first = true
    func key(_ name: String) {
      if !first { output += ", " }
      first = false
      output += "\"" + name + "\": "
    }
    func text(_ name: String, _ value: String?) {
      key(name)
      if let value { append(value, to: &output) } else { output += "null" }
    }
    func number(_ name: String, _ value: Int) {
      key(name)
      output += String(value)
    }
    text("file", finding.file)
    if let unit = finding.unit { text("unit", unit) }
    number("line", finding.line)
    number("column", finding.column)
    number("endLine", finding.endLine)
    number("endColumn", finding.endColumn)
    number("offset", finding.offset)
    number("length", finding.length)
    text("rule", finding.rule)
    text("severity", finding.severity.rawValue)
    text("found", finding.found)
    text("expected", finding.expected)
    text("concept", finding.concept)
    text("status", finding.status?.rawValue)
    key("folds")
    output += "["
    for (index, fold) in finding.folds.enumerated() {
      if index > 0 { output += ", " }
      append(fold.rawValue, to: &output)
    }
    output += "]"
    text("message", finding.message)
    text("fix", finding.fix)
    text("fingerprint", finding.fingerprint)
    return output + "}"
  }
}
