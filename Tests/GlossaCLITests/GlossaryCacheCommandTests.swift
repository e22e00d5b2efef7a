import Foundation
import GlossaTestSupport
import Testing

/// `glossa lint` with a glossary large enough to be cached.
@Suite struct GlossaryCacheCommandTests {
  /// The shipped glossary's rows, with 5,000 more concepts of made-up terms.
  func largeGlossary() throws -> String {
    let shipped = try FileManager.default.contentsOfDirectory(atPath: TestFiles.root + "/glossary")
      .filter { $0.hasSuffix(".csv") }.sorted()
    var text = try String(
      contentsOfFile: TestFiles.root + "/glossary/" + shipped[0], encoding: .utf8)
    let columns = text.prefix { $0 != "\n" }.split(separator: ",", omittingEmptySubsequences: false)
    for index in 0..<5_000 {
      var row = Array(repeating: "", count: columns.count)
      row[0] = "made-up-\(index)"
      if let en = columns.firstIndex(of: "en") { row[en] = "Made Up Office \(index)" }
      text += (text.hasSuffix("\n") ? "" : "\n") + row.joined(separator: ",") + "\n"
    }
    return text
  }

  /// The first lint compiles and keeps the glossary; the second reads it and reports the same;
  /// `--no-cache` and an empty `GLOSSA_CACHE_DIR` keep nothing.
  @Test func secondLintReadsTheCacheAndReportsTheSame() throws {
    let folder = try TemporaryFolder()
    let glossary = try folder.write("big.csv", try largeGlossary())
    let cache = folder.path + "/cache"
    let arguments = ["lint", "--glossary", glossary, "--format", "jsonl", "seeds/"]
    let first = try Glossa.run(arguments, environment: ["GLOSSA_CACHE_DIR": cache])
    #expect(first.status == 1, "\(first.stderr)")
    let kept = try FileManager.default.contentsOfDirectory(atPath: cache)
    #expect(kept.count == 1 && kept[0].hasSuffix(".glossa"))
    let second = try Glossa.run(arguments, environment: ["GLOSSA_CACHE_DIR": cache])
    #expect(second.status == 1)
    #expect(second.stdout == first.stdout)
    #expect(second.stderr == first.stderr)
    #expect(first.stdout.contains("forbidden-term"))

    let other = folder.path + "/other"
    let uncached = try Glossa.run(
      arguments + ["--no-cache"], environment: ["GLOSSA_CACHE_DIR": other])
    #expect(uncached.stdout == first.stdout)
    #expect(!FileManager.default.fileExists(atPath: other))
    let off = try Glossa.run(arguments)
    #expect(off.stdout == first.stdout)
  }

  /// `glossa terms` and `glossa variants` read the entry that lint kept (the key is the
  /// glossary's, not the command's) and list what they list compiling it; on their own, they
  /// keep an entry too.
  @Test func termsAndVariantsReadTheEntryLintKept() throws {
    let folder = try TemporaryFolder()
    let glossary = try folder.write("big.csv", try largeGlossary())
    let cache = folder.path + "/cache"
    let lint = try Glossa.run(
      ["lint", "--glossary", glossary, "seeds/"], environment: ["GLOSSA_CACHE_DIR": cache])
    #expect(lint.status == 1, "\(lint.stderr)")
    let kept = try FileManager.default.contentsOfDirectory(atPath: cache)
    #expect(kept.count == 1)
    for command in ["terms", "variants"] {
      let arguments = [command, "--glossary", glossary, "--format", "tsv", "seeds/"]
      let cached = try Glossa.run(arguments, environment: ["GLOSSA_CACHE_DIR": cache])
      #expect(cached.status == 0, "\(command): \(cached.stderr)")
      let other = folder.path + "/other-" + command
      let compiled = try Glossa.run(
        arguments + ["--no-cache"], environment: ["GLOSSA_CACHE_DIR": other])
      #expect(compiled.status == 0)
      #expect(cached.stdout == compiled.stdout, "\(command)")
      #expect(cached.stdout.contains("Chongqing"), "\(command)")
      #expect(!FileManager.default.fileExists(atPath: other))
      // On its own, the command keeps the glossary compiled too.
      let own = folder.path + "/own-" + command
      let first = try Glossa.run(arguments, environment: ["GLOSSA_CACHE_DIR": own])
      #expect(first.stdout == compiled.stdout)
      #expect(try FileManager.default.contentsOfDirectory(atPath: own).count == 1, "\(command)")
    }
    // Read, not written again: still the one entry, unchanged.
    #expect(try FileManager.default.contentsOfDirectory(atPath: cache) == kept)
  }
}
