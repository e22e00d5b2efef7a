import ArgumentParser
import CMalloc
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
        markup are skipped, and every finding points at the original line and column. Settings \
        come from the options, then from the nearest .glossa.yml, then from the defaults.

        Severities: LEVEL is error, warning, info or off. Folds: compatibility, case, width, \
        whitespace, quotes, dashes, hyphenation, middle-dot, diacritics, script.

        Examples:
          glossa lint seeds/
          glossa lint --format json --fail-on warning article.md
          glossa lint --severity term-case=error --fold-severity quotes=off story.html
          glossa lint --fix --dry-run story.md
          glossa lint --write-baseline .glossa-baseline.json archive/
          cat story.txt | glossa lint -
        """)

    @OptionGroup var input: InputOptions
    @OptionGroup var glossary: GlossaryOptions

    @OptionGroup var report: ReportOptions

    @OptionGroup var rules: RuleOptions

    @Option(
      help: ArgumentHelp(
        "The date of the articles (YYYY-MM-DD), for superseded-term; default: each article's own date, or today.",
        valueName: "date"))
    var date: String?

    @Option(
      help: ArgumentHelp(
        "Report only findings that are not in this baseline file.", valueName: "file"))
    var baseline: String?

    @Option(help: ArgumentHelp("Record every finding in this baseline file.", valueName: "file"))
    var writeBaseline: String?

    @Flag(
      help:
        "Rewrite forbidden forms and case or width variants to the approved form, where unambiguous."
    )
    var fix = false

    @Flag(help: "With --fix, print a unified diff instead of changing files.")
    var dryRun = false

    @Option(
      help: ArgumentHelp(
        "Files linted at once (default: the number of cores).", valueName: "count"))
    var jobs: Int?

    @Flag(help: "Print how long loading, compiling and linting took, on standard error.")
    var timings = false

    @OptionGroup var cache: CacheOptions

    func validate() throws {
      if let jobs, jobs < 1 { throw ValidationError("--jobs takes a number of 1 or more") }
      if dryRun && !fix { throw ValidationError("--dry-run goes with --fix") }
      if fix && !dryRun && input.inputs.contains("-") {
        throw ValidationError("--fix cannot rewrite standard input; add --dry-run to see the diff")
      }
      if let date, !Self.isDate(date) {
        throw ValidationError("--date takes YYYY-MM-DD, not '\(date)'")
      }
    }

    static func isDate(_ text: String) -> Bool {
      let parts = text.split(separator: "-")
      return parts.count == 3 && parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2
        && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
    }

    /// The lint configuration the options and the configuration file describe.
    func configuration(_ project: ProjectConfiguration?) throws -> LintConfiguration {
      var configuration = LintConfiguration(language: try glossary.languageTag(project))
      configuration.ruleSeverities = project?.rules ?? [:]
      configuration.foldSeverities = project?.folds ?? [:]
      configuration.articleDate = date ?? project?.date
      configuration.today = Self.today()
      try rules.apply(to: &configuration, known: RuleRegistry.descriptions.map(\.id))
      return configuration
    }

    /// The process's peak resident memory so far, in megabytes (10^6 bytes).
    ///
    /// On Linux, `VmHWM` of `/proc/self/status`: `getrusage`'s `ru_maxrss` keeps the peak of
    /// the process image before `exec`, which is the parent's memory when the parent forked (a
    /// lint started from a 500 MB process reported 538 MB for five articles).
    static func peakMemoryMegabytes() -> Double {
      if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
      {
        return kilobytes * 1024 / 1_000_000
      }
      var usage = rusage()
      guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
      return Double(usage.ru_maxrss) * 1024 / 1_000_000  // Linux gives kilobytes
    }

    /// Today's date, `YYYY-MM-DD`, in UTC.
    static func today() -> String {
      let formatter = DateFormatter()
      formatter.locale = Locale(identifier: "en_US_POSIX")
      formatter.timeZone = TimeZone(identifier: "UTC")
      formatter.dateFormat = "yyyy-MM-dd"
      return formatter.string(from: Date())
    }

    /// The glossary keys from which lint backs its tables with huge pages (the 5 seed articles'
    /// glossary has hundreds; a merged dictionary, tens of thousands).
    static let hugePageKeys = 10_000

    func run() async throws {
      let project = try glossary.project()
      let configuration = try configuration(project)
      let sources = input.sources(project)
      guard !sources.isEmpty else {
        throw ValidationError(
          "give at least one file, folder, or - for standard input (e.g. glossa lint seeds/), or set 'include' in .glossa.yml"
        )
      }
      let started = Date()
      // Compiled as it is read, on a thread of its own, or read compiled from the cache.
      let (glossary, matcher) = try cache.compiled(
        self.glossary.sources(project), language: configuration.language)
      let compiled = Date()
      // A large glossary's tables, read at random for every word, are far larger than the
      // processor's caches and its cache of address translations: in huge pages, a word's
      // look-ups miss that one less. Linting the 100 MB corpus with 100,000 terms, one job,
      // with and without at the same time on the two cores, four sets of 6 rounds: 0.90, 0.98,
      // 0.98 and 0.93 of the time (medians; single rounds 0.79 to 1.24 on this noisy machine),
      // at 0.1 s to move the 90 MB once; resident memory 151 -> 154 MB. Output unchanged.
      if matcher.keyCount >= Self.hugePageKeys { _ = glossa_back_heap_with_huge_pages(4 << 20) }
      guard matcher.keyCount > 0 else {
        throw ValidationError(
          "the glossary has no terms in '\(configuration.language)'; pass --lang with one of \(glossary.languages.map(\.rawValue).joined(separator: ", "))"
        )
      }
      let baselineFile = baseline ?? project?.baseline
      let known = try baselineFile.map { path throws(InputError) in try Baseline(contentsOf: path) }
      let outputFormat = report.outputFormat(project)
      let session = LintSession(
        linter: try Linter(matcher: matcher, configuration: configuration), format: outputFormat,
        color: report.color.enabled, baseline: known, fix: fix ? (dryRun ? .diff : .write) : nil,
        threads: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
      session.keepsAllFindings = writeBaseline != nil
      let loaded = Date()
      let summary = session.lint(sources)
      // The session holds the linters, the matcher and the glossary: the process ends soon.
      ProcessLifetime.keep(session)
      if timings {
        let lintTime = Date().timeIntervalSince(loaded)
        let megabytes = Double(session.bytesRead) / 1_000_000
        printError(
          String(
            format:
              "timings: glossary load and compile %.3f s (%d concepts, %d keys), lint %.3f s (%d files, %.1f MB, %.1f MB/s), peak memory %.0f MB",
            compiled.timeIntervalSince(started), glossary.concepts.count, matcher.keyCount,
            lintTime, summary.files, megabytes, megabytes / max(lintTime, 1e-9),
            Self.peakMemoryMegabytes()))
      }
      if let writeBaseline {
        try FileAccess.writeAtomically(
          Array(Baseline(findings: session.allFindings).json.utf8), to: writeBaseline)
        printError("\(writeBaseline): note: recorded \(session.allFindings.count) findings")
      }
      if summary.inputErrors > 0 { throw InputErrors() }
      let level = report.failLevel(project)
      if level.fails(summary.worst) { throw FindingsAtFailLevel() }
    }
  }
}

/// Hands out increasing numbers to threads.
final class Counter: @unchecked Sendable {
  private var value = 0
  private let lock = NSLock()

  /// The next number, from 0.
  func take() -> Int {
    lock.lock()
    defer { lock.unlock() }
    value += 1
    return value - 1
  }
}

/// One run of `glossa lint`: reads the inputs in order, lints them, and reports.
final class LintSession {
  /// What `--fix` does.
  enum FixMode { case write, diff }

  private let linter: Linter
  private let linters: [Linter]
  /// The threads that lint a batch, one per linter (started at the first batch).
  private var threads: WorkerThreads?
  private let output = StandardOutput()
  private let reporter: any Reporter
  /// What the reporter writes for a document's findings, when it is a ``DocumentRenderer``
  /// (JSON Lines): the threads that lint make it (see ``rendersOnWorkers``).
  private let render: (@Sendable (consuming [Finding]) -> [UInt8])?
  private let baseline: [String: [String: Int]]?
  private let fix: FixMode?
  private var summary = LintSummary()
  /// Every finding before the baseline, for --write-baseline (kept only then, so that memory
  /// does not grow with the findings of an archive).
  private(set) var allFindings: [Finding] = []
  var keepsAllFindings = false
  /// The bytes of text read, for --timings.
  private(set) var bytesRead = 0
  private var hiddenByBaseline = 0
  private var fixed = 0

  init(
    linter: Linter, format: OutputFormat, color: Bool, baseline: Baseline?, fix: FixMode?,
    threads: Int = ProcessInfo.processInfo.activeProcessorCount
  ) {
    self.linter = linter
    // One linter per thread (a linter's scanner holds caches); the matcher is shared.
    linters =
      [linter]
      + (1..<max(1, threads)).compactMap { _ in
        try? Linter(matcher: linter.matcher, configuration: linter.configuration)
      }
    let output = output
    reporter = format.reporter(
      color: color, toolVersion: Glossa.version, write: { output.write($0) },
      writeBytes: { output.write(bytes: $0) })
    render = (reporter as? any DocumentRenderer)?.documentRenderer
    self.baseline = baseline?.counts()
    self.fix = fix
  }

  /// Whether the threads that lint write each document's report and count its findings.
  ///
  /// The findings then never leave the thread that made them: the command's thread only writes
  /// the bytes in order (it copied, read and freed every finding a worker had made, on another
  /// core). Not with a baseline, --fix or --write-baseline, which need the findings themselves.
  private var rendersOnWorkers: Bool {
    render != nil && baseline == nil && fix == nil && !keepsAllFindings
  }

  /// Lints every input; returns the totals.
  ///
  /// Files are read and linted on every core, a batch at a time (at most 64 files or 64 MB), and
  /// reported in order; `--fix` works one file at a time.
  func lint(_ sources: InputWalker) -> LintSummary {
    if fix != nil || workers < 2 {
      sources.forEach { result in
        switch result {
        case .success(let document): lint(document)
        case .failure(let error): fail(error)
        }
      }
    } else {
      var batch: [String] = []
      var bytes = 0
      sources.forEachItem { item in
        switch item {
        case .file(let file):
          batch.append(file)
          bytes += FileAccess.size(of: file) ?? 0
          if batch.count >= 64 || bytes >= 64 << 20 {
            lintInParallel(batch, sources)
            batch.removeAll(keepingCapacity: true)
            bytes = 0
          }
        case .failure(let error):
          lintInParallel(batch, sources)
          batch.removeAll(keepingCapacity: true)
          bytes = 0
          reportBatchInFlight()
          fail(error)
        }
      }
      lintInParallel(batch, sources)
      reportBatchInFlight()
      threads?.stop()
    }
    if fix == nil || fix == .write { reporter.finish(summary) }
    output.flush()
    if hiddenByBaseline > 0 {
      printError("note: \(hiddenByBaseline) findings are in the baseline and not shown")
    }
    if fix == .write && fixed > 0 { printError("note: fixed \(fixed) findings") }
    return summary
  }

  /// The number of threads that lint files.
  private var workers: Int { linters.count }

  /// What became of one file of a batch.
  private enum Linted {
    /// Read and linted: the document and its findings, reported on the command's thread.
    case document(Document, [Finding])
    /// Read, linted and reported on the worker (``rendersOnWorkers``): the report's bytes, the
    /// counts of the findings and the size of the text.
    case rendered([UInt8], LintSummary, bytes: Int)
    /// Not read.
    case failed(InputError)
  }

  /// The results of one batch, each file's slot filled by the thread that lints it.
  private final class BatchResults: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<Linted?>
    init(count: Int) {
      slots = .allocate(capacity: count)
      slots.initialize(repeating: nil)
    }
    deinit {
      slots.deinitialize()
      slots.deallocate()
    }
  }

  /// The batch being linted while the one before it is reported.
  private var inFlight: (results: BatchResults, done: DispatchGroup)?

  /// Starts reading and linting `files` on every core, and reports the batch before (so that
  /// reporting one batch overlaps linting the next); batches are reported in order.
  private func lintInParallel(_ files: [String], _ sources: InputWalker) {
    guard !files.isEmpty else { return }
    // The linters are free again once the batch before has been linted (not yet reported).
    let previous = inFlight
    inFlight = nil
    previous?.done.wait()
    let results = BatchResults(count: files.count)
    let done = DispatchGroup()
    nonisolated(unsafe) let linters = self.linters
    let next = Counter()
    let threads = self.threads ?? WorkerThreads(count: linters.count)
    self.threads = threads
    let render = rendersOnWorkers ? self.render : nil
    threads.run(group: done) { worker in
      while true {
        let index = next.take()
        guard index < files.count else { return }
        switch sources.read(files[index]) {
        case .success(let document):
          let findings = linters[worker].lint(document)
          if let render {
            var summary = LintSummary()
            summary.add(findings)
            results.slots[index] = .rendered(
              render(consume findings), summary, bytes: document.source.count)
          } else {
            results.slots[index] = .document(document, findings)
          }
        case .failure(let error):
          results.slots[index] = .failed(error)
        }
      }
    }
    if let previous { report(previous.results) }
    inFlight = (results, done)
  }

  /// Waits for the batch in flight, if any, and reports its files in order.
  private func reportBatchInFlight() {
    guard let (results, done) = inFlight else { return }
    inFlight = nil
    done.wait()
    report(results)
  }

  /// Reports the files of a linted batch, in order.
  private func report(_ results: BatchResults) {
    for result in results.slots {
      switch result {
      case .document(let document, let findings): report(findings, in: document)
      case .rendered(let report, let counts, let bytes):
        bytesRead += bytes
        summary.add(counts)
        if !report.isEmpty { output.write(bytes: report) }
      case .failed(let error): fail(error)
      case nil: continue
      }
    }
  }

  private func lint(_ document: Document) {
    report(linter.lint(document), in: document)
  }

  /// Applies the baseline and `--fix` to a document's findings, then reports them.
  private func report(_ linted: [Finding], in document: Document) {
    bytesRead += document.source.count
    var findings = linted
    if keepsAllFindings { allFindings.append(contentsOf: findings) }
    let shown = withoutBaseline(findings, in: document.path)
    hiddenByBaseline += findings.count - shown.count
    findings = shown
    if let fix, findings.contains(where: { $0.fix != nil }) {
      let result = Fixer.fixAll(document) {
        self.withoutBaseline(self.linter.lint($0), in: $0.path)
      }
      switch fix {
      case .diff:
        output.write(UnifiedDiff.diff(document.source, result.text, path: document.path))
      case .write:
        do {
          try FileAccess.writeAtomically(result.bytes, to: document.path)
          fixed += result.applied.count
          let applied = Set(result.applied.map(\.fingerprint))
          findings.removeAll { applied.contains($0.fingerprint) }
        } catch {
          fail(error)
        }
      }
    }
    summary.add(findings)
    if fix != .diff { reporter.report(findings, in: document) }
  }

  /// `findings` less those the baseline knows for `path`.
  private func withoutBaseline(_ findings: [Finding], in path: String) -> [Finding] {
    guard var known = baseline?[path] else { return findings }
    return findings.filter { finding in
      guard let count = known[finding.fingerprint], count > 0 else { return true }
      known[finding.fingerprint] = count - 1
      return false
    }
  }

  private func fail(_ error: InputError) {
    output.flush()
    printError(error.diagnostic)
    if fix != .diff { reporter.report(error) }
    summary.inputErrors += 1
  }
}
