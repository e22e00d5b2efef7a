import ArgumentParser
import CMalloc
import Foundation
import GlossaFormats
import GlossaKit
import GlossaMemory

extension Glossa {
  /// `glossa tm`: the translation memory.
  struct TM: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "tm",
      abstract: "Import, export, look up and search the translation memory.",
      discussion: """
        The memory is one SQLite file, by default .glossa/tm.sqlite in the current folder (or \
        beside the .glossa.yml); --tm chooses another.

        Examples:
          glossa tm import tico19.tmx
          glossa tm lookup "The Two Sessions opened in Chongqing."
          glossa tm concordance 双城经济圈
          glossa tm export -o memory.tmx
        """,
      subcommands: [Import.self, Export.self, Lookup.self, Concordance.self, Stats.self])
  }
}

/// The memory a `glossa tm` command uses.
struct MemoryOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "The translation memory file (default: .glossa/tm.sqlite).", valueName: "path"))
  var tm: String?

  /// The memory's path.
  func path() throws -> String {
    if let tm { return tm }
    if let project = try GlossaryOptions.project(config: nil, noConfig: false) {
      let folder = GlossaryOptions.relative(project.folder)
      return folder == "." || folder.isEmpty ? ".glossa/tm.sqlite" : folder + "/.glossa/tm.sqlite"
    }
    return ".glossa/tm.sqlite"
  }

  /// Opens the memory; `mapped` as in `SQLiteMemory(path:readOnly:mapped:)`.
  func open(readOnly: Bool = false, mapped: Bool = true) throws -> SQLiteMemory {
    let path = try path()
    if readOnly && !FileManager.default.fileExists(atPath: path) {
      throw MemoryError(
        file: path,
        message: "no translation memory here yet; create one with glossa tm import FILE.tmx")
    }
    return try SQLiteMemory(path: path, readOnly: readOnly, mapped: mapped)
  }
}

/// Writes pairs into a memory on a thread of its own, in transactions of `batch` pairs.
///
/// The reader prepares chunks (normalization, extras) while the writer writes the ones before
/// (and an indexer thread builds their index segments: see `SQLiteMemory.add(batch:from:)`); a
/// chunk is written as soon as it comes, so the work of a transaction overlaps the reading of the
/// next, and at most ``waiting`` chunks wait, so memory stays bounded whatever the transaction's
/// size.
final class BatchWriter: @unchecked Sendable {
  /// The pairs of a chunk for transactions of `batch` pairs: at most 1,000, and a transaction is
  /// a whole number of them.
  static func chunkSize(batch: Int) -> Int {
    let chunks = (batch + 999) / 1_000
    return (batch + chunks - 1) / chunks
  }
  /// The most chunks that wait for the writer while it writes rows.
  ///
  /// About a megabyte each; ``extra`` more at a transaction's end. 32 gave no gain over 16 (the
  /// reader runs ahead, so they stay full) and peaks of 193 MB.
  private static let waiting = 16
  /// The more chunks that may wait while the writer ends a transaction.
  ///
  /// The reader runs ahead of the writer, so the chunks that may wait are all waiting when a
  /// transaction ends: the reader stopped there for a third of a second (the index segments
  /// merged and written, the commit) while the other core was idle. With room for this many
  /// more then, and the usual bound again once they are taken, it reads on: 1,000,000 units,
  /// medians of 3 interleaved runs, 28.35 -> 26.57 s; peak memory 172 -> 186 MB.
  private static let extra = 24

  private let store: SQLiteMemory
  private let condition = NSCondition()
  private var chunks: [SQLiteMemory.PreparedUnits] = []
  /// No more chunks will come.
  private var ended = false
  /// The reader failed: the transaction under way is rolled back.
  private var abandoned = false
  /// The writer stopped: it finished or failed.
  private var stopped = false
  private var failure: (any Error)?
  /// The pairs added by the transactions committed so far.
  private var committed = 0
  /// The writer is ending a transaction: more chunks may wait.
  private var ending = false

  /// Starts the writer on a thread of its own.
  init(_ store: SQLiteMemory, batch: Int) {
    self.store = store
    Thread.detachNewThread { [self] in run(batch: batch) }
  }

  private struct Abandoned: Error {}

  private func run(batch: Int) {
    do {
      let added = try store.add(
        batch: batch, from: { try next() },
        ending: {
          condition.lock()
          ending = true
          condition.broadcast()
          condition.unlock()
        },
        committed: { added in
          condition.lock()
          committed = added
          ending = false
          condition.unlock()
        })
      condition.lock()
      committed = added
    } catch {
      condition.lock()
      if !(error is Abandoned) { failure = error }
    }
    stopped = true
    condition.broadcast()
    condition.unlock()
  }

  /// The next chunk, on the writer's thread; `nil` at the end; throws when the reader gave up.
  private func next() throws -> SQLiteMemory.PreparedUnits? {
    condition.lock()
    defer { condition.unlock() }
    while chunks.isEmpty && !ended && !abandoned { condition.wait() }
    if abandoned { throw Abandoned() }
    guard !chunks.isEmpty else { return nil }
    condition.broadcast()
    return chunks.removeFirst()
  }

  /// Hands a prepared chunk to the writer, waiting while ``waiting`` chunks wait; throws the
  /// writer's error.
  /// - Returns: the pairs committed so far.
  func submit(_ prepared: consuming SQLiteMemory.PreparedUnits) throws -> Int {
    condition.lock()
    defer { condition.unlock() }
    while chunks.count >= (ending ? Self.waiting + Self.extra : Self.waiting) && !stopped {
      condition.wait()
    }
    if let failure { throw failure }
    chunks.append(prepared)
    condition.broadcast()
    return committed
  }

  /// Waits for the last transaction; throws the writer's error.
  /// - Returns: the pairs added in all.
  @discardableResult
  func finish() throws -> Int {
    condition.lock()
    defer { condition.unlock() }
    ended = true
    condition.broadcast()
    while !stopped { condition.wait() }
    if let failure { throw failure }
    return committed
  }

  /// Rolls back the transaction under way (the reader failed) and waits for the writer: the
  /// memory keeps the transactions committed before.
  func abandon() {
    condition.lock()
    defer { condition.unlock() }
    abandoned = true
    condition.broadcast()
    while !stopped { condition.wait() }
  }
}

/// Shows progress on a terminal: units, rate and time left.
final class Progress {
  let enabled = isatty(STDERR_FILENO) != 0
  private let start = Date()
  private var last = Date.distantPast

  func update(units: Int, added: Int, fraction: Double) {
    guard enabled, Date().timeIntervalSince(last) > 0.2 else { return }
    last = Date()
    let elapsed = Date().timeIntervalSince(start)
    let rate = Double(units) / max(elapsed, 0.001)
    let left = fraction > 0.01 ? elapsed * (1 - fraction) / fraction : 0
    let bar =
      String(repeating: "█", count: Int(fraction * 20))
      + String(repeating: "░", count: 20 - Int(fraction * 20))
    FileHandle.standardError.write(
      Data(
        String(
          format: "\r%@ %3.0f%%  %d units (%d new)  %.0f units/s  about %ds left ", bar,
          fraction * 100, units, added, rate, Int(left)
        ).utf8))
  }

  func finish() {
    guard enabled else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }
}

extension Glossa.TM {
  struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Import a TMX file into the memory, streaming; a re-import adds nothing.",
      discussion: """
        Units are read one at a time and written in transactions of --batch units, so memory \
        does not grow with the file, and an interrupted import (Ctrl-C, a killed process) leaves \
        the memory as it was after the last whole batch: run the same command again to finish. \
        A unit in three or more languages gives one pair per target language. Units that give no \
        pair (one language only, an empty segment) are reported and skipped; the exit code is \
        then 2.
        """)

    @Argument(help: ArgumentHelp("The TMX file.", valueName: "file")) var file: String
    @OptionGroup var memory: MemoryOptions
    @Option(
      help: ArgumentHelp(
        "The source language, when the TMX header has none (or says *all*).", valueName: "tag"))
    var sourceLang: String?
    @Option(
      help: ArgumentHelp(
        "Pairs per transaction (rounded up to whole chunks of up to 1,000).", valueName: "count"))
    var batch: Int = 100_000

    /// The number of lines of `file`, read a few megabytes at a time.
    static func lineCount(_ file: String) -> Int {
      guard let handle = FileHandle(forReadingAtPath: file) else { return 0 }
      defer { try? handle.close() }
      var count = 0
      while let chunk = try? handle.read(upToCount: 1 << 22), !chunk.isEmpty {
        count += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
      }
      return count
    }

    func run() async throws {
      // Buffers of a megabyte or more (a batch's postings, its index blobs) are mapped and
      // unmapped each time rather than taken from the heap: glibc otherwise raises its threshold
      // for mapping to the largest buffer freed, and the heap of the writer's thread, reused
      // in pieces, kept about 20 MB more at its peak (100,000 pairs: 188 -> 169 MB).
      _ = glossa_map_allocations_from(1 << 20)
      let store = try memory.open()
      let reader = try TMXReader(path: file)
      let progress = Progress()
      // For the progress bar only: the lines of the file, counted in pieces.
      let lines = progress.enabled ? Self.lineCount(file) : 0
      let firstID = try store.nextID()
      // An empty memory that no one else has open is loaded with a rollback journal, each page
      // written once; `close()` turns it back to WAL (see `SQLiteMemory.beginLoad()`).
      try store.beginLoad()
      // From here on the writer holds the memory's connection (a transaction open while chunks
      // come): nothing else on this side reads the memory until it finishes.
      let batch = max(1, self.batch)
      let writer = BatchWriter(store, batch: batch)
      // Chunks of at most 1,000 pairs that make up a transaction of `batch` (or a few more).
      let chunk = BatchWriter.chunkSize(batch: batch)
      var pending = SQLiteMemory.PreparedUnits()
      pending.reserve(chunk)
      var read = 0
      var added = 0
      var skipped = 0
      var headerChecked = false
      var sourceLanguage = sourceLang
      let name = file
      do {
        try reader.read { unit, line throws(InputError) in
          if !headerChecked {
            headerChecked = true
            let declared = reader.header?.sourceLanguage
            if sourceLanguage == nil {
              guard let declared, !declared.isEmpty else {
                throw InputError(
                  file: name,
                  message:
                    "the TMX header has no srclang; give the source language with --source-lang")
              }
              sourceLanguage = declared
            }
          }
          let id = unit.id
          do {
            var pairs = try MemoryUnit.pairs(
              from: consume unit, sourceLanguage: sourceLanguage, origin: name)
            // Taken out of the array in order, not copied.
            pairs.reverse()
            while let pair = pairs.popLast() { store.prepare(pair, into: &pending) }
          } catch {
            skipped += 1
            printError(
              "\(name):\(line): error: unit \(id.map { "'\($0)'" } ?? "at line \(line)") \(error); skipped"
            )
          }
          read += 1
          if pending.count >= chunk {
            var full = SQLiteMemory.PreparedUnits()
            full.reserve(chunk)
            swap(&full, &pending)
            do {
              added = try writer.submit(full)
            } catch let error as MemoryError {
              throw InputError(file: error.file, message: error.message)
            } catch {
              throw InputError(file: name, message: "\(error)")
            }
            progress.update(
              units: read, added: added, fraction: lines > 0 ? Double(line) / Double(lines) : 0)
          }
        }
        _ = try writer.submit(pending)
        added = try writer.finish()
        // The index rows of this import's batches as one segment (lookups read fewer rows).
        try store.mergeIndex(from: firstID)
      } catch {
        // The transaction under way is rolled back before the error is reported: the memory
        // holds the whole transactions before it.
        writer.abandon()
        progress.finish()
        store.close()
        throw error
      }
      progress.finish()
      let total = try store.count()
      // Closed here, its log checkpointed: the writer's thread may still hold the memory when
      // the process ends, which would leave the log (80 MB at 100,000 units) for the next
      // command to read whole.
      store.close()
      print(
        "\(file): read \(read) units, added \(added) pairs to \(store.path) (now \(total))\(skipped > 0 ? "; \(skipped) units skipped" : "")"
      )
      if skipped > 0 { throw InputErrors() }
    }
  }

  struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Export the memory as TMX 1.4b, with every property, note and inline code that came in.")

    @OptionGroup var memory: MemoryOptions
    @Option(
      name: [.short, .long],
      help: ArgumentHelp("Write to this file (default: standard output).", valueName: "file"))
    var output: String?

    func run() async throws {
      let store = try memory.open(readOnly: true, mapped: false)
      var sources: Set<String> = []
      try store.forEach {
        sources.insert($0.unit.extras.source.language ?? $0.unit.sourceLanguage.rawValue)
      }
      let writer = TMXWriter(
        sourceLanguage: sources.count == 1 ? sources.first ?? "*all*" : "*all*",
        toolVersion: Glossa.version,
        originalFormat: "Glossa translation memory")
      // Into FILE.part, renamed to FILE once whole: a failed export (a full disk) leaves FILE as
      // it was and removes the part.
      let temporary = output.map { $0 + ".part" }
      let sink: Int32
      if let temporary {
        sink = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard sink >= 0 else {
          throw InputError(file: temporary, message: String(cString: strerror(errno)))
        }
      } else {
        sink = STDOUT_FILENO
      }
      let name = output ?? "standard output"
      var buffer = writer.start()
      var count = 0
      do {
        try store.forEach { stored in
          buffer += writer.unit(stored.unit.translationUnit)
          count += 1
          if buffer.utf8.count > 1 << 20 {
            try FileAccess.writeAll(Array(buffer.utf8), to: sink, name: name)
            buffer = ""
          }
        }
        buffer += writer.end()
        try FileAccess.writeAll(Array(buffer.utf8), to: sink, name: name)
        if temporary != nil, fsync(sink) != 0 || close(sink) != 0 {
          throw InputError(file: name, message: String(cString: strerror(errno)))
        }
      } catch {
        if let temporary {
          close(sink)
          unlink(temporary)
        }
        throw error
      }
      if let output, let temporary {
        guard rename(temporary, output) == 0 else {
          let message = String(cString: strerror(errno))
          unlink(temporary)
          throw InputError(file: output, message: message)
        }
        printError("\(output): note: wrote \(count) units")
      }
    }
  }

  struct Lookup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Find exact and fuzzy matches for a sentence.",
      discussion: """
        The percentage is the character similarity of the sentences in matching form (case, \
        width, quotes, spaces, Traditional characters folded) as rapidfuzz's fuzz.ratio computes \
        it: 2 × LCS / (m + n). 100 means the same text; a match that differs only in what the \
        folds ignore is 99; each number found in one sentence and not the other takes a point off.
        """)

    @Argument(
      help: ArgumentHelp(
        "The sentence (or - to read one sentence per line).", valueName: "sentence"))
    var sentence: String
    @OptionGroup var memory: MemoryOptions
    @Option(help: ArgumentHelp("The most matches.", valueName: "count")) var limit: Int = 5
    @Option(help: ArgumentHelp("The lowest percentage.", valueName: "percent")) var min: Int = 70
    @Option(help: ArgumentHelp("Source language (default: any).", valueName: "tag")) var sourceLang:
      String?
    @Option(help: ArgumentHelp("Target language (default: any).", valueName: "tag")) var targetLang:
      String?
    @Option(help: ArgumentHelp("text or json.", valueName: "format")) var format: String = "text"

    func run() async throws {
      let store = try memory.open(readOnly: true)
      let options = LookupOptions(
        sourceLanguage: sourceLang.flatMap(LanguageTag.init),
        targetLanguage: targetLang.flatMap(LanguageTag.init),
        limit: limit, minimum: min)
      let sentences =
        sentence == "-"
        ? String(decoding: try FileAccess.readStandardInput(), as: UTF8.self).split(separator: "\n")
          .map(String.init)
        : [sentence]
      var json: [String] = []
      for query in sentences {
        let started = Date()
        let matches = try store.lookup(query, options: options)
        let milliseconds = Date().timeIntervalSince(started) * 1000
        if format == "json" {
          let items = matches.map { match in
            "{\"percentage\": \(match.percentage), \"similarity\": \(String(format: "%.4f", match.similarity)), \"id\": \(match.unit.id), \"tuid\": \(Glossa.Terms.jsonString(match.unit.unit.tuid ?? "")), \"source\": \(Glossa.Terms.jsonString(match.unit.unit.source.text)), \"target\": \(Glossa.Terms.jsonString(match.unit.unit.target.text)), \"sourceLang\": \"\(match.unit.unit.sourceLanguage)\", \"targetLang\": \"\(match.unit.unit.targetLanguage)\"}"
          }
          json.append(
            "{\"query\": \(Glossa.Terms.jsonString(query)), \"key\": \(Glossa.Terms.jsonString(store.matchingForm(query))), \"milliseconds\": \(String(format: "%.2f", milliseconds)), \"matches\": [\(items.joined(separator: ", "))]}"
          )
        } else {
          if sentences.count > 1 { print("» \(query)") }
          if matches.isEmpty { print("no match of \(min)% or more") }
          for match in matches {
            print("\(String(format: "%3d", match.percentage))%  \(match.unit.unit.source.text)")
            print(
              "      \(match.unit.unit.target.text)  [\(match.unit.unit.sourceLanguage)→\(match.unit.unit.targetLanguage)\(match.unit.unit.tuid.map { ", \($0)" } ?? "")]"
            )
          }
        }
      }
      if format == "json" {
        print(json.count == 1 ? json[0] : "[\n" + json.joined(separator: ",\n") + "\n]")
      }
    }
  }

  struct Concordance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Find pairs whose source or target contains a phrase, with the phrase marked.")

    @Argument(help: ArgumentHelp("The phrase.", valueName: "phrase")) var phrase: String
    @OptionGroup var memory: MemoryOptions
    @Option(help: ArgumentHelp("source, target or both.", valueName: "side")) var side: String =
      "both"
    @Option(help: ArgumentHelp("The most hits.", valueName: "count")) var limit: Int = 20
    @Option(help: ArgumentHelp("text or json.", valueName: "format")) var format: String = "text"

    func run() async throws {
      guard let side = ConcordanceOptions.Side(rawValue: side) else {
        throw ValidationError("--side is source, target or both")
      }
      let store = try memory.open(readOnly: true)
      let hits = try store.concordance(
        phrase, options: ConcordanceOptions(side: side, limit: limit))
      let color =
        isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
      func mark(_ text: String, _ ranges: [Range<Int>]) -> String {
        let bytes = Array(text.utf8)
        var output = ""
        var position = 0
        for range in ranges {
          output += String(decoding: bytes[position..<range.lowerBound], as: UTF8.self)
          let inner = String(decoding: bytes[range], as: UTF8.self)
          output += color ? "\u{1B}[1;33m\(inner)\u{1B}[0m" : "[[\(inner)]]"
          position = range.upperBound
        }
        return output + String(decoding: bytes[position...], as: UTF8.self)
      }
      if format == "json" {
        let items = hits.map { hit in
          "{\"id\": \(hit.unit.id), \"source\": \(Glossa.Terms.jsonString(hit.unit.unit.source.text)), \"target\": \(Glossa.Terms.jsonString(hit.unit.unit.target.text)), \"sourceRanges\": [\(hit.sourceRanges.map { "[\($0.lowerBound), \($0.upperBound)]" }.joined(separator: ", "))], \"targetRanges\": [\(hit.targetRanges.map { "[\($0.lowerBound), \($0.upperBound)]" }.joined(separator: ", "))]}"
        }
        print("[\n" + items.joined(separator: ",\n") + "\n]")
        return
      }
      if hits.isEmpty { print("no pair contains '\(phrase)'") }
      for hit in hits {
        print("\(hit.unit.id)  \(mark(hit.unit.unit.source.text, hit.sourceRanges))")
        print(
          String(repeating: " ", count: String(hit.unit.id).count + 2)
            + mark(hit.unit.unit.target.text, hit.targetRanges))
      }
    }
  }

  struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show how many pairs the memory holds.")
    @OptionGroup var memory: MemoryOptions

    func run() async throws {
      let store = try memory.open(readOnly: true, mapped: false)
      print("\(store.path): \(try store.count()) pairs")
    }
  }
}

extension MemoryError {
  /// The error as a diagnostic line.
  var diagnostic: String { "\(file): error: \(message)" }
}
