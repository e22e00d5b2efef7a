import ArgumentParser
import Foundation
import GlossaFormats
import GlossaKit
import GlossaText

extension Glossa {
  /// `glossa glossary`: checks and tidies glossary files.
  struct GlossaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "glossary",
      abstract: "Check glossary files, or rewrite them in Glossa's canonical order.",
      subcommands: [Check.self, Format.self])
  }
}

extension Glossa.GlossaryCommand {
  struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Lint the glossary: conflicts, missing preferred forms, script duplicates, stray characters.",
      discussion: """
        Checks: duplicate-id, invalid-language-tag, preferred-conflict, preferred-and-forbidden \
        (errors); missing-preferred, script-duplicate, stray-character, unreachable-form \
        (warnings). Output formats and exit codes are those of glossa lint.

        Example:
          glossa glossary check --format sarif
        """)

    @Argument(
      help: ArgumentHelp(
        "Glossary CSV files or folders (default: the configured glossary).", valueName: "path"))
    var paths: [String] = []

    @Option(
      help: ArgumentHelp("Output format: text, json, jsonl, sarif or github.", valueName: "format"))
    var format: OutputFormat = .text

    @Option(
      help: ArgumentHelp("Exit with 1 when an issue is at least this severe.", valueName: "level"))
    var failOn: FailLevel = .error

    @Option(help: ArgumentHelp("Colour text output: auto, always or never.", valueName: "when"))
    var color: ColorChoice = .auto

    @OptionGroup var options: GlossaryOptions

    func run() async throws {
      var targets = paths
      if targets.isEmpty {
        let project = try options.project()
        targets =
          !options.paths.isEmpty ? options.paths : project?.glossary.nonEmpty ?? ["glossary"]
      }
      var files: [String] = []
      for target in targets {
        switch FileAccess.kind(of: target) {
        case .directory: files += try FileAccess.files(under: target, extensions: ["csv"])
        case .file: files.append(target)
        default: throw InputError(file: target, message: "no such glossary file or folder")
        }
      }
      var concepts: [Concept] = []
      var problems: [GlossaryProblem] = []
      var sources: [String: [UInt8]] = [:]
      var firstByID: [String: SourceLocation] = [:]
      for file in files {
        let bytes = try FileAccess.read(file)
        sources[file] = bytes
        let (glossary, found) = try GlossaryCSVReader(file: file).readLeniently(bytes)
        problems += found
        for concept in glossary.concepts {
          if let first = firstByID[concept.id], first.file != file {
            problems.append(
              GlossaryProblem(
                rule: "duplicate-id", concept: concept.id,
                error: InputError(
                  file: file, line: concept.origin?.line, column: 1, field: "id",
                  message: "duplicate concept id '\(concept.id)' (first in \(first))")))
          }
          firstByID[concept.id] = firstByID[concept.id] ?? concept.origin
        }
        concepts += glossary.concepts
      }
      let glossary = Glossary(concepts: concepts)
      let issues = try GlossaryChecker.check(glossary)
      // Findings, placed at the row and cell of what they concern.
      var findings: [String: [GlossaKit.Finding]] = [:]
      var documents: [String: Document] = [:]
      for file in files {
        let decoded = (try? TextDecoder.decode(sources[file] ?? [])).map(\.utf8) ?? []
        documents[file] = Document(path: file, format: .plain, source: decoded)
      }
      func add(
        rule: String, severity: Severity, location: SourceLocation?, concept: String?,
        found: String, message: String
      ) {
        guard let location, let document = documents[location.file] else { return }
        let lines = LineIndex(utf8: document.source)
        let line = max(1, min(location.line, lines.lineCount))
        let start = lines.lineStarts[line - 1]
        let column = location.column ?? 1
        var offset = start
        var counted = 1
        while counted < column && offset < document.source.count {
          offset += 1
          while offset < document.source.count && !UTF8Scalars.isLeading(document.source[offset]) {
            offset += 1
          }
          counted += 1
        }
        findings[location.file, default: []].append(
          GlossaKit.Finding(
            rule: rule, severity: severity, file: location.file, line: line, column: column,
            endLine: line,
            endColumn: column + 1, offset: offset, length: 1, found: found, expected: nil,
            concept: concept,
            status: nil, folds: [], message: message,
            fingerprint: rule + "|" + (concept ?? "") + "|" + found))
      }
      for problem in problems {
        let error = problem.error
        add(
          rule: problem.rule,
          severity: GlossaryChecker.rules.first { $0.id == problem.rule }?.severity ?? .error,
          location: SourceLocation(file: error.file, line: error.line ?? 1, column: error.column),
          concept: problem.concept, found: error.field ?? "",
          message: error.field.map { "column '\($0)': " }.map { $0 + error.message }
            ?? error.message)
      }
      for issue in issues {
        let concept = issue.conceptID.flatMap { id in concepts.first { $0.id == id } }
        var location = concept?.origin
        if let language = issue.language, let status = issue.status,
          let cell = concept?.fieldOrigins.first(where: {
            GlossaryCSVWriter.canonicalColumn($0.key)
              == (status == .preferred
                ? language.rawValue : "\(language.rawValue):\(status.rawValue)")
          })?.value
        {
          location = cell
        }
        add(
          rule: issue.rule, severity: issue.severity, location: location, concept: issue.conceptID,
          found: issue.term ?? "", message: issue.message)
      }
      let output = StandardOutput()
      let reporter = format.reporter(color: color.enabled, toolVersion: Glossa.version) {
        output.write($0)
      }
      var summary = LintSummary()
      for file in files {
        let list = (findings[file] ?? []).sorted {
          ($0.line, $0.column, $0.rule) < ($1.line, $1.column, $1.rule)
        }
        summary.add(list)
        if let document = documents[file] { reporter.report(list, in: document) }
      }
      reporter.finish(summary)
      output.flush()
      if failOn.fails(summary.worst) { throw FindingsAtFailLevel() }
    }
  }

  struct Format: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Rewrite a CSV glossary in Glossa's deterministic order and escaping.",
      discussion:
        "Rows sorted by the ICU root collation of their preferred English form, then id; columns kept."
    )

    @OptionGroup var glossary: GlossaryFileOptions

    func run() async throws {
      let file = try glossary.file()
      try GlossaryEditor.edit(file) { _ in }
      print("formatted \(file)")
    }
  }
}

extension Array {
  /// The array, or `nil` when it is empty.
  var nonEmpty: [Element]? { isEmpty ? nil : self }
}
