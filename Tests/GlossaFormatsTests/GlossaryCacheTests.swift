import Foundation
import GlossaKit
import GlossaTestSupport
import Testing

@testable import GlossaFormats

/// The compiled form of a glossary, and the cache that keeps it on disk.
@Suite struct GlossaryCacheTests {
  /// A CSV glossary of `count` concepts, with admitted and deprecated forms, notes, exceptions,
  /// properties, acronyms, case modes and hyphenated forms (every table of a matcher is filled).
  func glossary(_ count: Int, first: Int = 0) -> String {
    var text = "id,subject,zh-Hans,en,en:admitted,en:deprecated,note,acronym-first-use\n"
    for index in first..<(first + count) {
      text += "c\(index),\(index % 2 == 0 ? "politics" : ""),词\(index),Term \(index) Office,"
      text += "term-\(index)"
      text += index % 7 == 0 ? " | TO\(index) {type=acronym; case=sensitive}," : ","
      if index % 3 == 0 {
        text += "Tarm \(index)"
        text += index % 11 == 0 ? " {except=Tarm \(index) Street; x-origin=test}" : ""
      }
      text += ","
      text += index % 2 == 0 ? "a note on \(index)," : ","
      text += index % 13 == 0 ? "exempt\n" : "\n"
    }
    return text
  }

  /// The seed articles and a few planted forms.
  var text: String {
    get throws {
      let seeds = TestFiles.root + "/seeds"
      return try FileManager.default.contentsOfDirectory(atPath: seeds).sorted().map {
        try String(contentsOfFile: seeds + "/" + $0, encoding: .utf8)
      }.joined(separator: "\n")
        + "\nTerm 12 Office, term-6999, Tarm 3000 and TERM 42 OFFICES; TO14 and Term 14 Office.\n"
        + "The Tarm 33 Street office. Trem 1001 Ofice.\n"
    }
  }

  /// What a linter reports of `text` with `matcher`, as lines.
  func findings(_ matcher: TermMatcher) throws -> [String] {
    let linter = try Linter(matcher: matcher, configuration: LintConfiguration())
    let document = try DocumentReader.read(Array(try text.utf8), path: "article.txt")
    return linter.lint(document).map { "\($0)" }
  }

  /// Two glossaries (the shipped one; a generated one of two files): read back from their
  /// bytes, each is the same glossary, origins included, writes the same bytes again (so every
  /// table came back as it was), and lints the seeds the same.
  @Test func compiledFormReadsBackTheSame() throws {
    let folder = try TestFiles.temporaryFolder("glossa-cache")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try glossary(3_000).write(toFile: folder + "/a.csv", atomically: true, encoding: .utf8)
    try glossary(3_000, first: 3_000).write(
      toFile: folder + "/b.csv", atomically: true, encoding: .utf8)
    for paths in [[TestFiles.root + "/glossary"], [folder]] {
      let (glossary, matcher) = try GlossaryLoader.loadCompiled(paths, language: .english)
      let bytes = CompiledForm.bytes(of: matcher)
      let read = try bytes.withUnsafeBytes { raw in try CompiledForm.matcher(from: raw) }
      #expect(read.glossary == glossary)
      #expect(read.glossary.concepts.map(\.origin) == glossary.concepts.map(\.origin))
      #expect(read.glossary.concepts.map(\.fieldOrigins) == glossary.concepts.map(\.fieldOrigins))
      #expect(read.keyCount == matcher.keyCount)
      #expect(read.language == matcher.language)
      #expect(read.unmatchableTerms == matcher.unmatchableTerms)
      #expect(CompiledForm.bytes(of: read) == bytes)
      let expected = try findings(matcher)
      #expect(expected.count >= 3)
      #expect(try findings(read) == expected)
    }
  }

  /// Bytes cut anywhere, or with any byte changed, are refused or read: never a crash.
  @Test func damagedFormIsRefusedNotTrusted() throws {
    let folder = try TestFiles.temporaryFolder("glossa-cache")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try glossary(60).write(toFile: folder + "/a.csv", atomically: true, encoding: .utf8)
    let (_, matcher) = try GlossaryLoader.loadCompiled([folder], language: .english)
    let bytes = CompiledForm.bytes(of: matcher)
    for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
      #expect(throws: CompiledFormError.self) {
        _ = try Array(bytes[..<cut]).withUnsafeBytes { try CompiledForm.matcher(from: $0) }
      }
    }
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<500 {
      var damaged = bytes
      let index = Int.random(in: 0..<damaged.count, using: &generator)
      damaged[index] ^= UInt8.random(in: 1...255, using: &generator)
      _ = try? damaged.withUnsafeBytes { try CompiledForm.matcher(from: $0) }
    }
  }

  /// The first load compiles and keeps an entry; the next reads it; a changed file is a new
  /// key; a damaged entry is compiled again and rewritten; only the newest entries stay.
  @Test func cacheKeepsReadsAndRenewsEntries() throws {
    let folder = try TestFiles.temporaryFolder("glossa-cache")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/glossary.csv"
    try glossary(500).write(toFile: file, atomically: true, encoding: .utf8)
    let cache = GlossaryCache(directory: folder + "/cache/nested", minimumConcepts: 100, kept: 2)
    func entries() throws -> [String] {
      try FileManager.default.contentsOfDirectory(atPath: cache.directory).filter {
        $0.hasSuffix(".glossa")
      }.sorted()
    }
    func key() throws -> Digest {
      try #require(
        GlossaryCache.key(files: [(file, try FileAccess.read(file))], language: .english))
    }

    let (first, _) = try GlossaryLoader.loadCompiled([file], language: .english, cache: cache)
    #expect(try entries().count == 1)
    let kept = try #require(cache.load(try key()))
    #expect(kept.glossary == first)
    let (again, _) = try GlossaryLoader.loadCompiled([file], language: .english, cache: cache)
    #expect(again == first)

    // Another language is another key.
    _ = try GlossaryLoader.loadCompiled([file], language: LanguageTag("zh-Hans")!, cache: cache)
    #expect(try entries().count == 2)

    // A changed file: its own entry, the oldest removed (two are kept).
    try glossary(501).write(toFile: file, atomically: true, encoding: .utf8)
    let (changed, _) = try GlossaryLoader.loadCompiled([file], language: .english, cache: cache)
    #expect(changed.concepts.count == 501)
    #expect(try entries().count == 2)

    // A damaged entry is not read, and the next load writes a sound one.
    let path = cache.path(for: try key())
    var bytes = try FileAccess.read(path)
    bytes[bytes.count / 2] ^= 0x40
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    #expect(cache.load(try key()) == nil)
    let (renewed, _) = try GlossaryLoader.loadCompiled([file], language: .english, cache: cache)
    #expect(renewed == changed)
    #expect(cache.load(try key()) != nil)

    // A glossary below the smallest cached is not kept.
    let small = GlossaryCache(directory: folder + "/small", minimumConcepts: 1_000)
    _ = try GlossaryLoader.loadCompiled([file], language: .english, cache: small)
    #expect(FileAccess.kind(of: small.directory) == .missing)
  }

  /// `GLOSSA_CACHE_DIR` names the folder, empty turns the cache off; else the XDG folder, else
  /// the home folder's.
  @Test func standardFolder() {
    #expect(GlossaryCache.standard(environment: ["GLOSSA_CACHE_DIR": "/c"])?.directory == "/c")
    #expect(GlossaryCache.standard(environment: ["GLOSSA_CACHE_DIR": "", "HOME": "/h"]) == nil)
    #expect(
      GlossaryCache.standard(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"])?.directory
        == "/x/glossa")
    #expect(GlossaryCache.standard(environment: ["HOME": "/h"])?.directory == "/h/.cache/glossa")
    #expect(GlossaryCache.standard(environment: [:]) == nil)
  }
}
