public import GlossaKit
internal import GlossaText

/// SARIF 2.1.0: the Static Analysis Results Interchange Format, read by code-scanning services
/// and editors.
///
/// One run, with the rules and their help, a result per finding with its physical location
/// (lines and columns in Unicode code points, and byte offsets for UTF-8 files), a partial
/// fingerprint that survives edits elsewhere in the file, and a fix when Glossa has one.
///
/// Related standard: OASIS SARIF 2.1.0.
public final class SARIFReporter: Reporter {
  private let write: (String) -> Void
  private var first = true
  private var notifications: [String] = []
  private let ruleIndex: [String: Int]

  /// Creates a reporter writing through `write`.
  ///
  /// `rules` are the rules the run can report, described in the tool's driver.
  public init(
    toolVersion: String, rules: [RuleDescription] = RuleRegistry.descriptions,
    write: @escaping (String) -> Void
  ) {
    self.write = write
    ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
    let descriptors = rules.map { rule in
      JSON.fields([
        ("id", JSON.string(rule.id)),
        (
          "name",
          JSON.string(
            rule.name.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }
              .joined())
        ),
        ("shortDescription", JSON.fields([("text", JSON.string(rule.summary))])),
        ("fullDescription", JSON.fields([("text", JSON.string(rule.rationale))])),
        (
          "help",
          JSON.fields([
            ("text", JSON.string(rule.rationale)),
            ("markdown", JSON.string(Self.helpMarkdown(rule))),
          ])
        ),
        (
          "defaultConfiguration",
          JSON.fields([("level", JSON.string(Self.level(rule.defaultSeverity)))])
        ),
      ])
    }
    let driver = JSON.fields([
      ("name", JSON.string("glossa")),
      ("version", JSON.string(toolVersion)),
      ("semanticVersion", JSON.string(toolVersion)),
      ("rules", "[\n        " + descriptors.joined(separator: ",\n        ") + "\n      ]"),
    ])
    write(
      """
      {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
          "tool": {"driver": \(driver)},
          "columnKind": "unicodeCodePoints",
          "results": [
      """)
  }

  /// Writes one result per finding.
  public func report(_ findings: [Finding], in document: Document) {
    guard !findings.isEmpty else { return }
    let utf8 = document.encoding == .utf8 || document.encoding == .utf8BOM
    var output = ""
    for finding in findings {
      output += first ? "\n      " : ",\n      "
      first = false
      output += result(finding, byteOffsets: utf8)
    }
    write(output)
  }

  /// Keeps the error as a tool execution notification.
  public func report(_ error: InputError) {
    var region: [(String, String)] = []
    if let line = error.line { region.append(("startLine", String(line))) }
    if let column = error.column { region.append(("startColumn", String(column))) }
    var location: [(String, String)] = [
      ("artifactLocation", JSON.fields([("uri", JSON.string(Self.uri(error.file)))]))
    ]
    if !region.isEmpty { location.append(("region", JSON.fields(region))) }
    notifications.append(
      JSON.fields([
        ("level", JSON.string("error")),
        ("message", JSON.fields([("text", JSON.string(error.message))])),
        ("locations", "[" + JSON.fields([("physicalLocation", JSON.fields(location))]) + "]"),
      ]))
  }

  /// Closes the results, writes the invocation and ends the log.
  public func finish(_ summary: LintSummary) {
    var output = first ? "],\n" : "\n    ],\n"
    let invocation = JSON.fields([
      ("executionSuccessful", summary.inputErrors == 0 ? "true" : "false"),
      ("toolExecutionNotifications", "[" + notifications.joined(separator: ", ") + "]"),
    ])
    output += "    \"invocations\": [\(invocation)]\n  }]\n}\n"
    write(output)
  }

  private func result(_ finding: Finding, byteOffsets: Bool) -> String {
    var region: [(String, String)] = [
      ("startLine", String(finding.line)), ("startColumn", String(finding.column)),
      ("endLine", String(finding.endLine)), ("endColumn", String(finding.endColumn)),
    ]
    if byteOffsets {
      region += [("byteOffset", String(finding.offset)), ("byteLength", String(finding.length))]
    }
    region.append(("snippet", JSON.fields([("text", JSON.string(finding.found))])))
    let artifact = JSON.fields([("uri", JSON.string(Self.uri(finding.file)))])
    var location: [(String, String)] = [
      (
        "physicalLocation",
        JSON.fields([("artifactLocation", artifact), ("region", JSON.fields(region))])
      )
    ]
    if let unit = finding.unit {
      location.append(
        (
          "logicalLocations",
          "[" + JSON.fields([("name", JSON.string(unit)), ("kind", JSON.string("element"))]) + "]"
        ))
    }
    var fields: [(String, String)] = [
      ("ruleId", JSON.string(finding.rule)),
      ("ruleIndex", String(ruleIndex[finding.rule] ?? 0)),
      ("level", JSON.string(Self.level(finding.severity))),
      ("message", JSON.fields([("text", JSON.string(finding.message))])),
      ("locations", "[" + JSON.fields(location) + "]"),
      (
        "partialFingerprints", JSON.fields([("glossaFinding/v1", JSON.string(finding.fingerprint))])
      ),
    ]
    var properties: [(String, String)] = []
    if let concept = finding.concept { properties.append(("concept", JSON.string(concept))) }
    if let expected = finding.expected { properties.append(("expected", JSON.string(expected))) }
    if let status = finding.status { properties.append(("status", JSON.string(status.rawValue))) }
    if !finding.folds.isEmpty {
      properties.append(
        (
          "folds",
          "[" + finding.folds.map { JSON.string($0.rawValue) }.joined(separator: ", ") + "]"
        ))
    }
    if let fix = finding.fix {
      var deleted: [(String, String)] = [
        ("startLine", String(finding.line)), ("startColumn", String(finding.column)),
        ("endLine", String(finding.endLine)), ("endColumn", String(finding.endColumn)),
      ]
      if byteOffsets {
        deleted += [("byteOffset", String(finding.offset)), ("byteLength", String(finding.length))]
      }
      let replacement = JSON.fields([
        ("deletedRegion", JSON.fields(deleted)),
        ("insertedContent", JSON.fields([("text", JSON.string(fix))])),
      ])
      let change = JSON.fields([
        ("artifactLocation", artifact), ("replacements", "[" + replacement + "]"),
      ])
      fields.append(
        (
          "fixes",
          "["
            + JSON.fields([
              ("description", JSON.fields([("text", JSON.string("Replace with '\(fix)'"))])),
              ("artifactChanges", "[" + change + "]"),
            ]) + "]"
        ))
    }
    if !properties.isEmpty { fields.append(("properties", JSON.fields(properties))) }
    return JSON.fields(fields)
  }

  /// The SARIF level of a severity.
  static func level(_ severity: Severity) -> String {
    switch severity {
    case .error: "error"
    case .warning: "warning"
    case .info: "note"
    }
  }

  /// A relative URI reference for a path, percent-encoded (RFC 3986).
  static func uri(_ path: String) -> String {
    var output = ""
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
        UInt8(ascii: "_"),
        UInt8(ascii: "~"), UInt8(ascii: "/"):
        output.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = String(byte, radix: 16, uppercase: true)
        output += "%" + (hex.count == 1 ? "0" : "") + hex
      }
    }
    return output
  }

  private static func helpMarkdown(_ rule: RuleDescription) -> String {
    var text = "**\(rule.name)** (`\(rule.id)`): \(rule.summary)\n\n\(rule.rationale)\n"
    if !rule.triggeringExamples.isEmpty {
      text +=
        "\nReported:\n"
        + rule.triggeringExamples.map { "- \($0.replacing("↓", with: ""))" }.joined(separator: "\n")
        + "\n"
    }
    if !rule.nonTriggeringExamples.isEmpty {
      text +=
        "\nNot reported:\n" + rule.nonTriggeringExamples.map { "- \($0)" }.joined(separator: "\n")
        + "\n"
    }
    return text
  }
}
