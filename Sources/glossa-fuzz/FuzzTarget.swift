import Foundation
import GlossaFormats
import GlossaKit
import GlossaMemory
import GlossaText

/// The code a fuzzing run exercises, with the invariants it checks.
enum FuzzTarget: String, CaseIterable {
  case csv, tsv, tbx, tmx, xliff, markdown, html, config, match

  /// The target GLOSSA_FUZZ_TARGET names.
  static let current: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["GLOSSA_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
      FileHandle.standardError.write(
        Data(
          "set GLOSSA_FUZZ_TARGET to one of \(allCases.map(\.rawValue).joined(separator: ", "))\n"
            .utf8))
      exit(2)
    }
    return target
  }()

  /// The shipped glossary, compiled once, for `match` (libFuzzer runs inputs on one thread).
  nonisolated(unsafe) static let linter: Linter = {
    let path =
      ProcessInfo.processInfo.environment["GLOSSA_FUZZ_GLOSSARY"]
      ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../glossary/glossary.csv").standardized.path
    do {
      let glossary = try GlossaryLoader.load([path])
      return try Linter(
        matcher: TermMatcher(glossary: glossary, language: .english),
        configuration: LintConfiguration(today: "2026-01-01"))
    } catch {
      fatalError("cannot load the glossary for fuzzing: \(error)")
    }
  }()

  func run(_ bytes: [UInt8]) {
    switch self {
    case .csv:
      _ = try? GlossaryCSVReader(file: "fuzz.csv").read(bytes)
      _ = try? GlossaryCSVReader(file: "fuzz.csv").readLeniently(bytes)
    case .tsv:
      _ = try? TabularGlossary.read(
        bytes, file: "fuzz.tsv", separator: 0x09, source: .english, target: .simplifiedChinese)
      _ = try? TabularGlossary.read(
        bytes, file: "fuzz.csv", separator: 0x2C, source: .english, target: .simplifiedChinese)
    case .tbx:
      _ = try? TBXReader.read(bytes, file: "fuzz.tbx")
    case .tmx:
      guard let reader = try? TMXReader(data: bytes, file: "fuzz.tmx") else { return }
      try? reader.read { unit, _ throws(InputError) in
        // Every pair a unit gives can be written and read back.
        guard let pairs = try? MemoryUnit.pairs(from: unit, sourceLanguage: "en", origin: nil)
        else { return }
        let writer = TMXWriter(sourceLanguage: "en", toolVersion: "fuzz")
        for pair in pairs {
          let text = writer.start() + writer.unit(pair.translationUnit) + writer.end()
          var count = 0
          let again = try TMXReader(data: Array(text.utf8), file: "again.tmx")
          try again.read { _, _ throws(InputError) in count += 1 }
          precondition(count == 1, "a written unit does not read back")
        }
      }
    case .xliff:
      try? XLIFFReader.read(bytes, file: "fuzz.xlf") { _ throws(InputError) in }
    case .markdown, .html:
      guard
        let document = try? DocumentReader.read(
          bytes, path: self == .markdown ? "fuzz.md" : "fuzz.html")
      else { return }
      check(document)
    case .config:
      let text = String(decoding: bytes, as: UTF8.self)
      _ = try? ProjectConfiguration.parse(text, file: ".glossa.yml", folder: ".")
    case .match:
      guard let document = try? DocumentReader.read(bytes, path: "fuzz.txt") else { return }
      check(document)
      for finding in Self.linter.lint(document) {
        // Every finding lies inside the input and names the text it points at.
        let start = finding.offset - document.byteOffsetBase
        precondition(start >= 0 && start + finding.length <= document.source.count)
        precondition(finding.line >= 1 && finding.column >= 1)
        precondition((finding.line, finding.column) <= (finding.endLine, finding.endColumn))
        let text = String(
          decoding: document.source[start..<(start + finding.length)], as: UTF8.self)
        precondition(text == finding.found, "'\(text)' is not '\(finding.found)'")
      }
    }
  }

  /// A document's map sends every byte of prose inside the source.
  private func check(_ document: Document) {
    for range in document.headings {
      precondition(range.lowerBound >= 0 && range.upperBound <= document.text.count)
    }
    guard !document.text.isEmpty else { return }
    let whole = document.sourceRange(forText: 0..<document.text.count)
    precondition(whole.lowerBound >= 0 && whole.upperBound <= document.source.count)
  }
}
