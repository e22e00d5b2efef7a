import ArgumentParser
import GlossaKit
import GlossaText

/// Rule and fold severities from the command line, shared by `glossa lint` and `glossa check`.
struct RuleOptions: ParsableArguments {
  @Option(
    name: .customLong("severity"),
    help: ArgumentHelp(
      "Set a rule's severity, e.g. term-case=error or near-miss=off. Repeatable.",
      valueName: "rule=level"))
  var severities: [String] = []

  @Option(
    name: .customLong("disable"),
    help: ArgumentHelp("Turn a rule off. Repeatable.", valueName: "rule"))
  var disabled: [String] = []

  @Option(
    name: .customLong("fold-severity"),
    help: ArgumentHelp(
      "Set the severity of term-variant findings that need a fold, e.g. quotes=off or width=error. Repeatable.",
      valueName: "fold=level"))
  var foldSeverities: [String] = []

  /// Applies the options to `configuration`; `known` are the rules the command runs.
  func apply(to configuration: inout LintConfiguration, known: [String]) throws {
    func rule(_ id: String) throws -> String {
      guard known.contains(id) else {
        throw ValidationError("unknown rule '\(id)'; rules are \(known.joined(separator: ", "))")
      }
      return id
    }
    func level(_ text: String, of what: String) throws -> Severity? {
      if text == "off" { return nil }
      guard let severity = Severity(rawValue: text) else {
        throw ValidationError(
          "'\(text)' is not a severity for \(what); use error, warning, info or off")
      }
      return severity
    }
    for id in disabled { configuration.ruleSeverities[try rule(id)] = .some(nil) }
    for setting in severities {
      let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2 else {
        throw ValidationError("--severity takes rule=level, not '\(setting)'")
      }
      configuration.ruleSeverities[try rule(parts[0])] = .some(try level(parts[1], of: parts[0]))
    }
    for setting in foldSeverities {
      let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2 else {
        throw ValidationError("--fold-severity takes fold=level, not '\(setting)'")
      }
      guard let fold = Fold(rawValue: parts[0]) else {
        throw ValidationError(
          "unknown fold '\(parts[0])'; folds are \(Fold.allCases.map(\.rawValue).joined(separator: ", "))"
        )
      }
      configuration.foldSeverities[fold] = .some(try level(parts[1], of: parts[0]))
    }
  }
}
