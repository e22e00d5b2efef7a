import Foundation
import GlossaTestSupport
import Testing

/// Memory stays flat however many files a run lints.
@Suite struct ResourceBoundsTests {
  /// Writes `count` short articles, each with findings, into `folder`/`name`.
  static func articles(_ count: Int, in folder: TemporaryFolder, name: String) throws -> String {
    for index in 0..<count {
      let text = """
        Article \(index). Chen Miner visited chungking on day \(index % 31 + 1) and met officials \
        of the Chengdu-Chongqing Economic Circle during the two sessions.

        """
      try folder.write("\(name)/\(String(format: "%05d", index)).txt", text)
    }
    return folder.path + "/" + name
  }

  /// The peak memory `--timings` reports, in megabytes.
  static func peakMemory(_ stderr: String) throws -> Double {
    let line = try #require(stderr.split(separator: "\n").first { $0.hasPrefix("timings:") })
    let tail = try #require(line.range(of: "peak memory "))
    return try #require(Double(line[tail.upperBound...].split(separator: " ")[0]))
  }

  @Test(arguments: ["text", "jsonl"])
  func lintingTenThousandFilesKeepsMemoryFlat(format: String) throws {
    let folder = try TemporaryFolder()
    let small = try Self.articles(1_000, in: folder, name: "small")
    let large = try Self.articles(10_000, in: folder, name: "large")
    var peaks: [Double] = []
    for directory in [small, large] {
      let result = try Glossa.run([
        "lint", "--timings", "--format", format, "--fail-on", "never", directory,
      ])
      #expect(result.status == 0, "\(result.stderr)")
      let files = directory == small ? 1_000 : 10_000
      #expect(result.stderr.contains("\(files) files"))
      // Every article has its findings reported.
      #expect(
        result.stdout.components(separatedBy: "chungking").count - 1 >= files,
        "each file reports its forbidden form")
      peaks.append(try Self.peakMemory(result.stderr))
    }
    print(
      "resource bounds (\(format)): peak memory \(peaks[0]) MB for 1,000 files, \(peaks[1]) MB for 10,000"
    )
    // Ten times the files, not ten times the memory: what grows is at most a few megabytes
    // (the folder walk's path list).
    #expect(peaks[1] <= peaks[0] + 16, "peak memory grew from \(peaks[0]) MB to \(peaks[1]) MB")
  }

  /// The peak `--timings` reports is glossa's own, not its parent's: started from a process that
  /// holds 300 MB, a lint of one short article reports far less (`getrusage` counted the
  /// parent's memory, kept across `exec`).
  @Test func thePeakIsTheProcessOwn() throws {
    let folder = try TemporaryFolder()
    let articles = try Self.articles(1, in: folder, name: "one")
    let held = UnsafeMutableRawBufferPointer.allocate(byteCount: 300_000_000, alignment: 4096)
    defer { held.deallocate() }
    // Touched, so that it is resident.
    for offset in stride(from: 0, to: held.count, by: 4096) { held[offset] = 1 }
    let result = try Glossa.run(["lint", "--timings", "--fail-on", "never", articles])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try Self.peakMemory(result.stderr) < 200, "\(result.stderr)")
  }

  /// A glossary of 10,000 keys or more has its tables moved into huge pages once compiled (see
  /// `Lint.hugePageKeys`): what lint finds with it is what it finds with those concepts alone.
  @Test func aLargeGlossaryFindsWhatASmallOneFinds() throws {
    let folder = try TemporaryFolder()
    var large = "id,en,en:deprecated\n"
    for index in 0..<6_000 {
      large += "c\(index),Harbour project \(index),Old harbour scheme \(index)\n"
    }
    let small =
      "id,en,en:deprecated\nc17,Harbour project 17,Old harbour scheme 17\n"
      + "c5999,Harbour project 5999,Old harbour scheme 5999\n"
    try folder.write("large.csv", Array(large.utf8))
    try folder.write("small.csv", Array(small.utf8))
    try folder.write(
      "story.txt",
      """
      The Old harbour scheme 17 was renamed.
      Officials said harbour Project 5999 and the old Harbour Scheme 5999 would merge.

      """)
    var outputs: [String] = []
    for glossary in ["large.csv", "small.csv"] {
      let result = try Glossa.run(
        ["lint", "--timings", "--format", "jsonl", "--glossary", glossary, "story.txt"],
        in: folder.path)
      #expect(result.status == 1, "\(result.stderr)")
      outputs.append(result.stdout)
      if glossary == "large.csv" {
        // Past the threshold: 6,000 concepts of two forms each.
        #expect(result.stderr.contains("12000 keys"), "\(result.stderr)")
      }
    }
    #expect(outputs[0] == outputs[1])
    // Both forbidden forms and the miscased approved one, where they stand.
    for expected in [
      "\"line\": 1, \"column\": 5,", "\"line\": 2, \"column\": 16,",
      "\"line\": 2, \"column\": 45,",
    ] {
      #expect(outputs[0].contains(expected), "\(outputs[0])")
    }
  }
}
