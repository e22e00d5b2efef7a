import ArgumentParser
import Foundation
import GlossaKit
import GlossaText

extension Glossa {
  /// `glossa rules`: documents the rules and folds.
  struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the rules and folds, with their default severities and examples.")

    func run() throws {
      var text = "Rules\n"
      for rule in RuleRegistry.descriptions {
        text += "\n\(rule.id) (\(rule.defaultSeverity.rawValue)): \(rule.summary)\n"
        text += "  \(rule.rationale)\n"
        for example in rule.triggeringExamples { text += "  reported:     \(example)\n" }
        for example in rule.nonTriggeringExamples { text += "  not reported: \(example)\n" }
      }
      text += "\nFolds (the severity of a term-variant finding is the highest of its folds)\n\n"
      for fold in Fold.allCases {
        let severity =
          fold == .case
          ? "term-case" : LintConfiguration.defaultFoldSeverities[fold]?.rawValue ?? "info"
        text +=
          "  \(fold.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0))\(severity.padding(toLength: 10, withPad: " ", startingAt: 0))\(fold.summary)\n"
      }
      print(text, terminator: "")
    }
  }
}
