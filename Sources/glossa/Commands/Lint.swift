import ArgumentParser
import Foundation
import GlossaFormats
import GlossaKit
import GlossaText

extension Glossa {
  /// `glossa lint`: checks articles against the glossary.
  struct Lint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Report forbidden, miscased and variant forms of glossary terms in articles.",
      discussion: """
        Inputs are files, folders (searched recursively for .txt, .md and .html files) or - for \
        standard input. Plain text, Markdown and HTML are read by extension; code, URLs and \
        markup are skipped, and every finding points at the original line and column.

        Severities: LEVEL is error, warning, info or off. Folds: compatibility, case, width, \
        whitespace, quotes, dashes, hyphenation, middle-dot, diacritics, script.

        Examples:
          glossa lint seeds/
          glossa lint --format json --fail-on warning article.md
          glossa lint --severity term-case=error --fold-severity quotes=off story.html
          cat story.txt | glossa lint -
        """)

    @Argument(help: ArgumentHelp("Files, folders, or - for standard input.", valueName: "input"))
    var inputs: [String] = []

    @OptionGroup var glossary: GlossaryOptions

    @Option(help: ArgumentHelp("Output format: text or json.", valueName: "format"))
    var format: OutputFormat = .text

    @Option(
      help: ArgumentHelp(
        "Exit with 1 when a finding is at least this severe: error, warning, info or never.",
        valueName: "level"))
    var failOn: FailLevel = .error

    @Option(
      name: .customLong("severity"),
      help: ArgumentHelp(
        "Set a rule's severity, e.g. term-case=error or term-variant=off. Repeatable.",
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

    @Option(help: ArgumentHelp("Colour text output: auto, always or never.", valueName: "when"))
    var color: ColorChoice = .auto

    @Option(
      help: ArgumentHelp(
        "The name to report for standard input; its extension picks the format.", valueName: "name")
    )
    var stdinFilename: String = "-"

    @Option(
      help: ArgumentHelp(
        "Extensions of the files to read in folders, comma-separated.", valueName: "list"))
    var extensions: String = "txt,md,markdown,html,htm"

    @Option(help: ArgumentHelp("Refuse inputs larger than this many bytes.", valueName: "bytes"))
    var maxFileSize: Int = 512 * 1024 * 1024

    func validate() throws {
      guard !inputs.isEmpty else {
        throw ValidationError(
          "give at least one file, folder, or - for standard input (e.g. glossa lint seeds/)")
      }
      _ = try configuration()
    }

    /// The lint configuration the options describe.
    func configuration() throws -> LintConfiguration {
      var configuration = LintConfiguration(language: try glossary.languageTag())
      let known = RuleRegistry.descriptions.map(\.id)
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
      return configuration
    }

    func run() async throws {
      let configuration = try configuration()
      let glossary = try self.glossary.load()
      let matcher = try TermMatcher(glossary: glossary, language: configuration.language)
      guard matcher.keyCount > 0 else {
        throw ValidationError(
          "the glossary has no terms in '\(configuration.language)'; pass --lang with one of \(glossary.languages.map(\.rawValue).joined(separator: ", "))"
        )
      }
      let session = LintSession(
        linter: try Linter(matcher: matcher, configuration: configuration),
        format: format, color: color.enabled, maxFileSize: maxFileSize,
        stdinFilename: stdinFilename,
        extensions: Set(
          extensions.split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
          }))
      let summary = session.lint(inputs)
      if summary.inputErrors > 0 { throw InputErrors() }
      if failOn.fails(summary.worst) { throw FindingsAtFailLevel() }
    }
  }
}

/// One run of `glossa lint`: reads the inputs in order, lints them, and reports.
final class LintSession {
  private let linter: Linter
  private let output = StandardOutput()
  private let reporter: any Reporter
  private let maxFileSize: Int
  private let stdinFilename: String
  private let extensions: Set<String>
  private var summary = LintSummary()

  init(
    linter: Linter, format: OutputFormat, color: Bool, maxFileSize: Int, stdinFilename: String,
    extensions: Set<String>
  ) {
    self.linter = linter
    let output = output
    reporter = format.reporter(color: color, toolVersion: Glossa.version) { output.write($0) }
    self.maxFileSize = maxFileSize
    self.stdinFilename = stdinFilename
    self.extensions = extensions
  }

  /// Lints every input; returns the totals.
  func lint(_ inputs: [String]) -> LintSummary {
    for input in inputs {
      for file in files(for: input) { lint(file: file) }
    }
    reporter.finish(summary)
    output.flush()
    return summary
  }

  /// The files an input names: itself, the matching files under a folder, or standard input.
  private func files(for input: String) -> [String] {
    if input == "-" { return ["-"] }
    switch FileAccess.kind(of: input) {
    case .directory:
      do {
        return try FileAccess.files(under: input, extensions: extensions)
      } catch {
        fail(error)
      }
    case .file:
      return [input]
    case .missing:
      fail(InputError(file: input, message: "no such file or folder"))
    case .other:
      fail(InputError(file: input, message: "not a regular file or folder"))
    }
    return []
  }

  private func lint(file: String) {
    let name = file == "-" ? stdinFilename : file
    do {
      let bytes =
        file == "-"
        ? try FileAccess.readStandardInput(limit: maxFileSize, name: name)
        : try FileAccess.read(file, limit: maxFileSize)
      if bytes.isEmpty { printError("\(name): note: empty file, nothing to check") }
      let document = try DocumentReader.read(
        bytes, path: name, format: file == "-" && stdinFilename == "-" ? .plain : nil)
      let findings = linter.lint(document)
      summary.add(findings)
      reporter.report(findings, in: document)
    } catch {
      fail(error)
    }
  }

  private func fail(_ error: InputError) {
    output.flush()
    printError(error.diagnostic)
    reporter.report(error)
    summary.inputErrors += 1
  }
}
