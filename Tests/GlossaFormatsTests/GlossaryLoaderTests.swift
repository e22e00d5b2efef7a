import Foundation
import GlossaKit
import GlossaTestSupport
import Testing

@testable import GlossaFormats

/// Loading a glossary while another thread compiles it.
@Suite struct GlossaryLoaderTests {
  /// A CSV glossary of `count` concepts, some with admitted and deprecated forms.
  func glossary(_ count: Int, first: Int = 0) -> String {
    var text = "id,zh-Hans,en,en:admitted,en:deprecated\n"
    for index in first..<(first + count) {
      text += "c\(index),词\(index),Term \(index) Office,term-\(index),"
      text += index % 3 == 0 ? "Tarm \(index)\n" : "\n"
    }
    return text
  }

  /// The occurrences a matcher finds in `text`.
  func occurrences(_ matcher: TermMatcher, _ text: String) throws -> [String] {
    try TermScanner(matcher: matcher).occurrences(in: Array(text.utf8)).map {
      "\($0.conceptID) \($0.reference) \($0.range) \($0.term.text) \($0.text)"
    }
  }

  /// The shipped glossary, and a folder of two files larger than many chunks of the pipe:
  /// compiled while read, they find what the matcher compiled after reading finds.
  @Test func compiledWhileReadFindsTheSame() throws {
    let folder = try TestFiles.temporaryFolder("glossa-loader")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try glossary(3_000).write(toFile: folder + "/a.csv", atomically: true, encoding: .utf8)
    try glossary(4_000, first: 3_000).write(
      toFile: folder + "/b.csv", atomically: true, encoding: .utf8)
    let seeds = TestFiles.root + "/seeds"
    let text =
      try FileManager.default.contentsOfDirectory(atPath: seeds).sorted().map {
        try String(contentsOfFile: seeds + "/" + $0, encoding: .utf8)
      }.joined(separator: "\n")
      + "\nTerm 12 Office, term-6999, Tarm 3000 and TERM 42 OFFICES.\n"
    for paths in [[TestFiles.root + "/glossary"], [folder]] {
      let (glossary, matcher) = try GlossaryLoader.loadCompiled(paths, language: .english)
      let expected = try GlossaryLoader.load(paths)
      #expect(glossary == expected)
      let reference = try TermMatcher(glossary: expected, language: .english)
      #expect(matcher.keyCount == reference.keyCount)
      let found = try occurrences(matcher, text)
      #expect(found == (try occurrences(reference, text)))
      #expect(found.count >= 4)
    }
  }

  /// A bad row past several chunks, a duplicate id in the second file: the error a plain load
  /// gives, and no thread left waiting.
  @Test func errorsAreThoseOfALoad() throws {
    let folder = try TestFiles.temporaryFolder("glossa-loader")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let bad = glossary(6_000) + "c-bad,词,\"unclosed\n"
    try bad.write(toFile: folder + "/bad.csv", atomically: true, encoding: .utf8)
    try glossary(2_000).write(toFile: folder + "/a.csv", atomically: true, encoding: .utf8)
    try glossary(10, first: 1_999).write(
      toFile: folder + "/b.csv", atomically: true, encoding: .utf8)
    for paths in [[folder + "/bad.csv"], [folder + "/a.csv", folder + "/b.csv"]] {
      var expected: InputError?
      do { _ = try GlossaryLoader.load(paths) } catch { expected = error }
      #expect(expected != nil)
      #expect(throws: expected!) {
        _ = try GlossaryLoader.loadCompiled(paths, language: .english)
      }
    }
  }
}
