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
  private let writeBytes: ([UInt8]) -> Void
  private var first = true
  private var errors: [InputError] = []

  /// Creates a reporter writing through `write`, and the findings' UTF-8 through `writeBytes`
  /// when given.
  public init(
    toolVersion: String, write: @escaping (String) -> Void,
    writeBytes: (([UInt8]) -> Void)? = nil
  ) {
    self.write = write
    self.writeBytes = writeBytes ?? { write(String(decoding: $0, as: UTF8.self)) }
    write(
      "{\n  \"tool\": {\"name\": \"glossa\", \"version\": \(JSON.string(toolVersion))},\n  \"findings\": ["
    )
  }

  /// Writes the findings of one document into the `findings` array.
  public func report(_ findings: [Finding], in document: Document) {
    guard !findings.isEmpty else { return }
    var output: [UInt8] = []
    output.reserveCapacity(findings.count * 420)
    for finding in findings {
      output.append(contentsOf: first ? [0x0A] : [0x2C, 0x0A])
      output.append(contentsOf: repeatElement(0x20, count: 4))
      first = false
      JSON.append(finding, to: &output)
    }
    writeBytes(output)
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

  /// Appends `text` as a JSON string literal.
  static func append(_ text: String, to output: inout String) {
    var bytes: [UInt8] = []
    append(text, to: &bytes)
    output += String(decoding: bytes, as: UTF8.self)
  }

  /// Whether the eight bytes of `word` are all printable ASCII other than `"` and `\\` (none
  /// below 0x20, none from 0x7F up): nothing to escape.
  @inline(__always)
  static func isPlain(_ word: UInt64) -> Bool {
    let printable = UTF8Scalars.bytes(from: 0x20, to: 0x7E, in: word)
    let escaped = UTF8Scalars.bytes(0x22, in: word) | UTF8Scalars.bytes(0x5C, in: word)
    return printable & ~escaped == 0x8080_8080_8080_8080
  }

  /// Appends `text` as a JSON string literal, in UTF-8; a run with nothing to escape (nearly all
  /// of the text) is copied whole.
  static func append(_ text: String, to output: inout [UInt8]) {
    // Read in place (a native string, nearly always): a copy to call `withUTF8` on would retain
    // the string and release it again, for every field of every finding.
    if text.utf8.withContiguousStorageIfAvailable({ append(utf8: $0, to: &output) }) == nil {
      var text = text
      text.withUTF8 { append(utf8: $0, to: &output) }
    }
  }

  /// ``append(_:to:)`` on the UTF-8 of the text.
  private static func append(utf8: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
    output.append(0x22)
    var run = 0
    var i = 0
    while i < utf8.count {
      // Eight plain bytes at a time (printable ASCII other than the quote and the
      // backslash); a word with anything else is looked at byte by byte.
      if i + 8 <= utf8.count, Self.isPlain(UTF8Scalars.word(utf8, at: i)) {
        i += 8
        continue
      }
      let byte = utf8[i]
      // Controls, the quote, the backslash, DEL, and U+2028/U+2029 (E2 80 A8/A9).
      let special =
        byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F
        || (byte == 0xE2 && i + 2 < utf8.count && utf8[i + 1] == 0x80
          && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9))
      guard special else {
        i += 1
        continue
      }
      output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<i]))
      switch byte {
      case 0x22: output.append(contentsOf: [0x5C, 0x22])
      case 0x5C: output.append(contentsOf: [0x5C, 0x5C])
      case 0x0A: output.append(contentsOf: [0x5C, 0x6E])
      case 0x0D: output.append(contentsOf: [0x5C, 0x72])
      case 0x09: output.append(contentsOf: [0x5C, 0x74])
      case 0xE2:
        output.append(contentsOf: Array("\\u202".utf8))
        output.append(utf8[i + 2] == 0xA8 ? 0x38 : 0x39)
        i += 2
      default:
        let hex = Array("0123456789abcdef".utf8)
        output.append(contentsOf: [
          0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 15)],
        ])
      }
      i += 1
      run = i
    }
    output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<utf8.count]))
    output.append(0x22)
  }

  /// An object from fields whose values are already JSON.
  static func fields(_ fields: [(String, String)]) -> String {
    "{" + fields.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
  }

  /// Appends a finding as one JSON object, in UTF-8.
  ///
  /// `file`, when given, is the literal of a file name made before: used as it stands for a
  /// finding in that file (a document's findings share one name, escaped once for all).
  static func append(
    _ finding: Finding, to output: inout [UInt8], file: (name: String, literal: [UInt8])? = nil
  ) {
    // Each key with the punctuation around it, so a field is two appends.
    func key(_ text: StaticString) {
      text.withUTF8Buffer { output.append(contentsOf: $0) }
    }
    func text(_ value: String?) {
      if let value { append(value, to: &output) } else { key("null") }
    }
    func number(_ value: Int) {
      guard value > 0 else {
        if value == 0 { output.append(0x30) } else { output.append(contentsOf: String(value).utf8) }
        return
      }
      var digits:
        (
          UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
          UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
        ) =
          (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
      withUnsafeMutableBytes(of: &digits) { buffer in
        var rest = value
        var start = buffer.count
        while rest > 0 {
          start -= 1
          buffer[start] = 0x30 + UInt8(rest % 10)
          rest /= 10
        }
        output.append(contentsOf: buffer[start...])
      }
    }
    key("{\"file\": ")
    if let file, file.name == finding.file {
      output.append(contentsOf: file.literal)
    } else {
      text(finding.file)
    }
    if let unit = finding.unit {
      key(", \"unit\": ")
      text(unit)
    }
    key(", \"line\": ")
    number(finding.line)
    key(", \"column\": ")
    number(finding.column)
    key(", \"endLine\": ")
    number(finding.endLine)
    key(", \"endColumn\": ")
    number(finding.endColumn)
    key(", \"offset\": ")
    number(finding.offset)
    key(", \"length\": ")
    number(finding.length)
    key(", \"rule\": ")
    text(finding.rule)
    key(", \"severity\": ")
    text(finding.severity.rawValue)
    key(", \"found\": ")
    text(finding.found)
    key(", \"expected\": ")
    text(finding.expected)
    key(", \"concept\": ")
    text(finding.concept)
    key(", \"status\": ")
    text(finding.status?.rawValue)
    key(", \"folds\": [")
    for (index, fold) in finding.folds.enumerated() {
      if index > 0 { key(", ") }
      append(fold.rawValue, to: &output)
    }
    key("], \"message\": ")
    text(finding.message)
    key(", \"fix\": ")
    text(finding.fix)
    key(", \"fingerprint\": ")
    text(finding.fingerprint)
    output.append(0x7D)
  }
}
