import ArgumentParser
import Foundation
import GlossaFormats
import GlossaKit
import GlossaMemory
import GlossaText

extension Glossa {
  /// `glossa check`: bilingual checks on TMX, XLIFF, the memory, or a document pair.
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Check translations: key terms, consistency, untranslated text, numbers, and the lint rules on the target side.",
      discussion: """
        Inputs: TMX and XLIFF (1.2 and 2.x) files, the translation memory (--memory, or --tm \
        PATH), or an article and its translation (--source zh.txt --target en.txt, checked as \
        whole documents). Findings in TMX and XLIFF point at the line of the unit and name its \
        id; findings in a document pair point at the place in the source or target file.

        Rules: key-term-mismatch, inconsistent-target, untranslated (errors); \
        inconsistent-source, number-mismatch (warnings); and every glossa lint rule on the \
        target text. Output formats, --severity, --disable and exit codes are those of \
        glossa lint.

        Examples:
          glossa check project.tmx
          glossa check --format sarif chapter.xlf
          glossa check --memory
          glossa check --source article.zh.txt --target article.en.txt
        """)

    @Argument(help: ArgumentHelp("TMX or XLIFF files.", valueName: "file")) var files: [String] =
      []

    @Option(help: ArgumentHelp("The source article of a document pair.", valueName: "file"))
    var source: String?

    @Option(help: ArgumentHelp("The translated article of a document pair.", valueName: "file"))
    var target: String?

    @Flag(help: "Check the translation memory (the --tm file, or .glossa/tm.sqlite).")
    var memory = false

    @OptionGroup var memoryOptions: MemoryOptions

    @Option(
      help: ArgumentHelp(
        "Check only pairs from this source language (and, for a document pair or a TMX without srclang, the source language; default zh-Hans for documents).",
        valueName: "tag"))
    var sourceLang: String?

    @Option(
      help: ArgumentHelp(
        "Check only pairs into this target language (and, where a file does not say, the target language; default en for documents).",
        valueName: "tag"))
    var targetLang: String?

    @OptionGroup var glossary: GlossaryOptions
    @OptionGroup var rules: RuleOptions

    @OptionGroup var report: ReportOptions

    func validate() throws {
      if (source == nil) != (target == nil) {
        throw ValidationError("a document pair needs both --source and --target")
      }
      if files.isEmpty && source == nil && !memory && memoryOptions.tm == nil {
        throw ValidationError(
          "give TMX or XLIFF files, --memory, or --source and --target (e.g. glossa check project.tmx)"
        )
      }
      for (name, value) in [("--source-lang", sourceLang), ("--target-lang", targetLang)] {
        if let value, LanguageTag(value) == nil {
          throw ValidationError("\(name): '\(value)' is not a BCP 47 language tag")
        }
      }
    }

    // Synchronous: Swift 6.3's optimizer crashes splitting this function as a coroutine.
    func run() throws {
      let project = try glossary.project()
      var configuration = LintConfiguration(language: .english)
      configuration.ruleSeverities = project?.rules ?? [:]
      configuration.foldSeverities = project?.folds ?? [:]
      configuration.articleDate = project?.date
      configuration.today = Lint.today()
      try rules.apply(to: &configuration, known: RuleRegistry.allDescriptions.map(\.id))
      let outputFormat = report.outputFormat(project)
      let session = try CheckSession(
        glossary: try glossary.load(project), configuration: configuration, format: outputFormat,
        color: report.color.enabled,
        sourceLanguage: sourceLang.flatMap(LanguageTag.init),
        targetLanguage: targetLang.flatMap(LanguageTag.init))
      for file in files {
        session.checkFile(file)
      }
      if memory || memoryOptions.tm != nil {
        let store = try memoryOptions.open(readOnly: true, mapped: false)
        try session.checkMemory(store)
      }
      if let source, let target {
        session.checkDocuments(source: source, target: target)
      }
      let summary = session.finish()
      if summary.inputErrors > 0 { throw InputErrors() }
      let level = report.failLevel(project)
      if level.fails(summary.worst) { throw FindingsAtFailLevel() }
    }
  }
}

/// One run of `glossa check`: reads each input, checks its pairs, and reports.
final class CheckSession {
  private let checker: BilingualChecker
  private let configuration: LintConfiguration
  private let glossary: Glossary
  private let format: OutputFormat
  private let output = StandardOutput()
  private let reporter: any Reporter
  private let sourceLanguage: LanguageTag?
  private let targetLanguage: LanguageTag?
  private var linters: [String: Linter] = [:]
  private var summary = LintSummary()

  init(
    glossary: Glossary, configuration: LintConfiguration, format: OutputFormat, color: Bool,
    sourceLanguage: LanguageTag?, targetLanguage: LanguageTag?
  ) throws {
    self.glossary = glossary
    self.configuration = configuration
    self.format = format
    self.sourceLanguage = sourceLanguage
    self.targetLanguage = targetLanguage
    checker = try BilingualChecker(glossary: glossary, configuration: configuration)
    let output = output
    reporter = format.reporter(
      color: color, toolVersion: Glossa.version, rules: RuleRegistry.allDescriptions
    ) { output.write($0) }
  }

  /// Ends the report and returns the totals.
  func finish() -> LintSummary {
    reporter.finish(summary)
    output.flush()
    return summary
  }

  // MARK: Inputs

  /// Checks a TMX or XLIFF file.
  func checkFile(_ file: String) {
    do {
      let head = try FileAccess.readPrefix(file, count: 4096)
      let kind = Self.kind(of: file, head: head)
      var findings: [Finding] = []
      switch kind {
      case .tmx: findings = try checkTMX(file)
      case .xliff: findings = try checkXLIFF(file)
      case nil:
        throw InputError(
          file: file,
          message:
            "not a TMX or XLIFF file (give .tmx, .xlf or .xliff files, or --source and --target)"
        )
      }
      report(findings, file: file)
    } catch {
      fail(error)
    }
  }

  private enum Kind { case tmx, xliff }

  private static func kind(of file: String, head: [UInt8]) -> Kind? {
    let lower = file.lowercased()
    if lower.hasSuffix(".tmx") { return .tmx }
    if lower.hasSuffix(".xlf") || lower.hasSuffix(".xliff") || lower.hasSuffix(".sdlxliff")
      || lower.hasSuffix(".mqxliff")
    {
      return .xliff
    }
    // By content: the root element, in UTF-8 or UTF-16.
    let text = String(decoding: head.filter { $0 != 0 }, as: UTF8.self)
    if text.contains("<tmx") { return .tmx }
    if text.contains("<xliff") { return .xliff }
    return nil
  }

  private func checkTMX(_ file: String) throws(InputError) -> [Finding] {
    let reader = try TMXReader(path: file)
    var findings: [Finding] = []
    var declared: String?
    var headerChecked = false
    var problems: [InputError] = []
    try reader.read { unit, line throws(InputError) in
      if !headerChecked {
        headerChecked = true
        declared =
          reader.header?.sourceLanguage.flatMap { $0.isEmpty ? nil : $0 }
          ?? self.sourceLanguage?.rawValue
        if declared == nil || declared?.isEmpty == true {
          throw InputError(
            file: file, line: line,
            message: "the TMX header has no srclang; give the source language with --source-lang")
        }
      }
      let id = unit.id ?? "line \(line)"
      // Empty targets and one-language units are untranslated, not broken.
      let sourceName = unit.attributes["srclang"].flatMap { $0 == "*all*" ? nil : $0 } ?? declared
      if let filter = self.sourceLanguage {
        // The source variant as pairing finds it: the same tag, or the same language.
        let wanted = sourceName?.lowercased() ?? ""
        let primary = wanted.split(separator: "-").first.map(String.init) ?? wanted
        let language =
          (unit.variants.first { $0.language.lowercased() == wanted }
          ?? unit.variants.first {
            $0.language.lowercased().split(separator: "-").first.map(String.init) == primary
          })?.language ?? sourceName ?? ""
        guard let tag = LanguageTag(language.replacing("_", with: "-")), Self.selects(filter, tag)
        else { return }
      }
      var kept = unit
      var empty: [String] = []
      kept.variants.removeAll { variant in
        let isSource = variant.language.lowercased() == sourceName?.lowercased()
        if !isSource && variant.segment.text.allSatisfy(\.isWhitespace) {
          empty.append(variant.language)
          return true
        }
        return false
      }
      for language in empty where self.wantsTarget(language) {
        findings.append(
          self.unitFinding(
            "untranslated", file: file, line: line, unit: id, found: "",
            message: "the \(language) translation is empty"))
      }
      if Set(kept.variants.map { $0.language.lowercased() }).count < 2 {
        if empty.isEmpty {
          findings.append(
            self.unitFinding(
              "untranslated", file: file, line: line, unit: id, found: "",
              message:
                "the unit has no translation (only \(kept.variants.map(\.language).joined(separator: ", ")))"
            ))
        }
        return
      }
      let pairs: [MemoryUnit]
      do {
        pairs = try MemoryUnit.pairs(from: kept, sourceLanguage: declared, origin: file)
      } catch {
        problems.append(InputError(file: file, line: line, message: "unit '\(id)' \(error)"))
        return
      }
      for pair in pairs {
        let segment = BilingualSegment(
          id: id, sourceLanguage: pair.sourceLanguage, targetLanguage: pair.targetLanguage,
          source: pair.source.text, target: pair.target.text)
        findings += self.check(segment, file: file, line: line)
      }
    }
    for problem in problems { fail(problem) }
    return findings
  }

  private func checkXLIFF(_ file: String) throws(InputError) -> [Finding] {
    let bytes = try FileAccess.read(file)
    var findings: [Finding] = []
    try XLIFFReader.read(bytes, file: file) { entry throws(InputError) in
      guard
        let source = LanguageTag(entry.sourceLanguage.replacing("_", with: "-"))
          ?? self.sourceLanguage
      else {
        throw InputError(
          file: file, line: entry.line,
          message:
            "the file does not give a valid source language ('\(entry.sourceLanguage)'); give --source-lang"
        )
      }
      guard
        let target = LanguageTag(entry.targetLanguage.replacing("_", with: "-"))
          ?? self.targetLanguage
      else {
        throw InputError(
          file: file, line: entry.line,
          message:
            "the file does not give a valid target language ('\(entry.targetLanguage)'); give --target-lang"
        )
      }
      let segment = BilingualSegment(
        id: entry.id, sourceLanguage: source, targetLanguage: target, source: entry.source,
        target: entry.target)
      findings += self.check(segment, file: file, line: entry.line)
    }
    return findings
  }

  /// Checks every pair of the memory.
  func checkMemory(_ store: SQLiteMemory) throws {
    var findings: [Finding] = []
    try store.forEach { stored in
      let unit = stored.unit
      let segment = BilingualSegment(
        id: unit.tuid ?? "#\(stored.id)", sourceLanguage: unit.sourceLanguage,
        targetLanguage: unit.targetLanguage, source: unit.source.text, target: unit.target.text)
      findings += check(segment, file: store.path, line: 1)
    }
    summary.add(findings)
    reporter.report(
      findings, in: Document(path: store.path, format: .plain, source: []))
  }

  /// Checks an article and its translation as whole documents.
  func checkDocuments(source: String, target: String) {
    let sourceDocument: Document
    let targetDocument: Document
    do {
      sourceDocument = try DocumentReader.read(FileAccess.read(source), path: source)
      targetDocument = try DocumentReader.read(FileAccess.read(target), path: target)
    } catch {
      fail(error)
      return
    }
    let sourceLanguage = self.sourceLanguage ?? .simplifiedChinese
    let targetLanguage = self.targetLanguage ?? .english
    do {
      let found = try checker.checkDocuments(
        source: String(decoding: sourceDocument.text, as: UTF8.self),
        target: String(decoding: targetDocument.text, as: UTF8.self),
        sourceLanguage: sourceLanguage, targetLanguage: targetLanguage)
      var sourceFindings: [Finding] = []
      var targetFindings: [Finding] = []
      for finding in found {
        if finding.side == .source {
          sourceFindings.append(place(finding, in: sourceDocument))
        } else {
          targetFindings.append(place(finding, in: targetDocument))
        }
      }
      if let linter = try linter(for: targetLanguage) {
        targetFindings += linter.lint(targetDocument)
      }
      for (document, list) in [(sourceDocument, sourceFindings), (targetDocument, targetFindings)] {
        let sorted = list.sorted { ($0.offset, $0.rule) < ($1.offset, $1.rule) }
        summary.add(sorted)
        reporter.report(sorted, in: document)
      }
    } catch {
      fail(InputError(file: source, message: "\(error)"))
    }
  }

  // MARK: Checking

  private func wantsTarget(_ language: String) -> Bool {
    guard let targetLanguage else { return true }
    guard let tag = LanguageTag(language.replacing("_", with: "-")) else { return true }
    return Self.selects(targetLanguage, tag)
  }

  /// Whether the `--source-lang` or `--target-lang` filter `filter` selects `tag`: the same
  /// tag, or a tag it is a prefix of (`zh` selects `zh-CN`; `zh-TW` does not select `zh-CN`).
  static func selects(_ filter: LanguageTag, _ tag: LanguageTag) -> Bool {
    let wanted = filter.rawValue.lowercased()
    let given = tag.rawValue.lowercased()
    return given == wanted || given.hasPrefix(wanted + "-")
  }

  /// The findings of one pair, placed at the unit.
  private func check(_ segment: BilingualSegment, file: String, line: Int) -> [Finding] {
    if let sourceLanguage, !Self.selects(sourceLanguage, segment.sourceLanguage) { return [] }
    if let targetLanguage, !Self.selects(targetLanguage, segment.targetLanguage) { return [] }
    var findings: [Finding] = []
    do {
      for finding in try checker.check(segment) {
        findings.append(
          Finding(
            rule: finding.rule, severity: finding.severity, file: file, line: line, column: 1,
            endLine: line, endColumn: 1, offset: 0, length: 0, found: finding.found,
            expected: finding.expected, concept: finding.concept, status: nil, folds: [],
            message: finding.message,
            fingerprint: StableHash.hex(
              [finding.rule, finding.concept ?? "", segment.id, checker.key(finding.found)]
                .joined(separator: "\u{1F}")),
            unit: segment.id))
      }
      // The lint rules on the target text.
      if let target = segment.target, !target.isEmpty,
        let linter = try linter(for: segment.targetLanguage)
      {
        let document = Document(path: file, format: .plain, source: Array(target.utf8))
        for var finding in linter.lint(document) {
          finding.file = file
          finding.line = line
          finding.column = 1
          finding.endLine = line
          finding.endColumn = 1
          finding.offset = 0
          finding.length = 0
          finding.fix = nil
          finding.message = "in the \(segment.targetLanguage) text: " + finding.message
          finding.fingerprint = StableHash.hex(finding.fingerprint + "\u{1F}" + segment.id)
          finding.unit = segment.id
          findings.append(finding)
        }
      }
    } catch {
      printError("\(file):\(line): error: \(error)")
    }
    return findings
  }

  /// A linter for text in `language`, or `nil` when the glossary has no terms in it.
  private func linter(for language: LanguageTag) throws -> Linter? {
    let key = language.language
    if let linter = linters[key] { return linter }
    let matcher = try TermMatcher(glossary: glossary, language: LanguageTag(key) ?? language)
    guard matcher.keyCount > 0 else { return nil }
    var configuration = self.configuration
    configuration.language = LanguageTag(key) ?? language
    let linter = try Linter(matcher: matcher, configuration: configuration)
    linters[key] = linter
    return linter
  }

  private func unitFinding(
    _ rule: String, file: String, line: Int, unit: String, found: String, message: String
  ) -> Finding {
    let severity = checker.severity(of: rule)
    return Finding(
      rule: rule, severity: severity ?? .error, file: file, line: line, column: 1, endLine: line,
      endColumn: 1, offset: 0, length: 0, found: found, expected: nil, concept: nil, status: nil,
      folds: [], message: message,
      fingerprint: StableHash.hex([rule, unit, message].joined(separator: "\u{1F}")), unit: unit)
  }

  /// A bilingual finding placed in the file of its side.
  private func place(_ finding: BilingualFinding, in document: Document) -> Finding {
    let lines = LineIndex(utf8: document.source)
    let range = document.sourceRange(forText: finding.range ?? 0..<0)
    let start = lines.position(ofByte: range.lowerBound)
    let end = lines.position(ofByte: range.upperBound)
    return Finding(
      rule: finding.rule, severity: finding.severity, file: document.path, line: start.line,
      column: start.column, endLine: end.line, endColumn: end.column,
      offset: range.lowerBound + document.byteOffsetBase, length: range.count,
      found: finding.found, expected: finding.expected, concept: finding.concept, status: nil,
      folds: [], message: finding.message,
      fingerprint: StableHash.hex(
        [finding.rule, finding.concept ?? "", finding.side.rawValue, checker.key(finding.found)]
          .joined(separator: "\u{1F}")))
  }

  // MARK: Reporting

  private func report(_ findings: [Finding], file: String) {
    // The file's text, for excerpts in text output.
    let source =
      format == .text
      ? ((try? FileAccess.read(file)).flatMap { try? TextDecoder.decode($0).utf8 } ?? []) : []
    let filtered = findings.filter { finding in
      checker.severity(of: finding.rule) != nil
        || !BilingualChecker.rules.contains { $0.id == finding.rule }
    }
    summary.add(filtered)
    reporter.report(filtered, in: Document(path: file, format: .plain, source: source))
  }

  private func fail(_ error: any Error) {
    output.flush()
    if let error = error as? InputError {
      printError(error.diagnostic)
      reporter.report(error)
    } else if let error = error as? MemoryError {
      printError(error.diagnostic)
    } else {
      printError("error: \(error)")
    }
    summary.inputErrors += 1
  }
}
