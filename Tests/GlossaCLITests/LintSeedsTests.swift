import Foundation
import GlossaTestSupport
import Testing

/// `glossa lint seeds/` with the shipped glossary, as a new user runs it.
@Suite struct LintSeedsTests {
  struct Finding: Decodable, Equatable {
    var file: String
    var line: Int
    var rule: String
    var severity: String
    var found: String
    var expected: String?
    var concept: String?
  }

  struct Report: Decodable {
    var findings: [Finding]
    var summary: Summary
  }

  struct Summary: Decodable {
    var files: Int
    var errors: Int
  }

  @Test func theSeedsGiveTheFindingsTheyMust() throws {
    let result = try Glossa.run(["lint", "seeds/", "--format", "json"])
    #expect(result.status == 1, "\(result.stderr)")
    let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
    #expect(report.summary.files == 5)
    let must: [(String, String, String, String)] = [
      (
        "002", "forbidden-term", "Chongqing Municipal People’s Political Consultative Conference",
        "CPPCC Chongqing Municipal Committee"
      ),
      ("002", "term-variant", "14th Five Year Plan", "14th Five-Year Plan"),
      (
        "002", "term-case", "Chengdu-Chongqing Economic Circle", "Chengdu-Chongqing economic circle"
      ),
      (
        "002", "forbidden-term", "domestic and international cycles",
        "domestic and international circulations"
      ),
      ("001", "term-variant", "Chen Min’er", "Chen Min'er"),
      ("001", "forbidden-term", "eco-security shields", "ecological security barriers"),
      (
        "003", "forbidden-term", "modernization with Chinese characteristics",
        "Chinese modernization"
      ),
      ("003", "forbidden-term", "modernized New Chongqing", "modern New Chongqing"),
      ("004", "term-case", "party members", "Party members"),
      (
        "004", "forbidden-term", "comprehensively and strictly governing the party",
        "full and rigorous Party self-governance"
      ),
      (
        "000", "forbidden-term", "comprehensive and strict governance",
        "full and rigorous Party self-governance"
      ),
    ]
    for (file, rule, found, expected) in must {
      #expect(
        report.findings.contains {
          $0.file.contains("/\(file)_") && $0.rule == rule && $0.found == found
            && $0.expected == expected
        },
        "missing \(rule) '\(found)' in \(file)")
    }
    // Approved spellings that the seeds use are never reported.
    for approved in [
      "Chen Min'er", "Belt and Road Initiative", "Yangtze River Economic Belt", "Two Sessions",
      "CPC",
    ] {
      #expect(
        !report.findings.contains { $0.found == approved && $0.rule != "acronym-first-use" },
        "'\(approved)' reported")
    }
  }

  @Test func theTextReportIsStable() throws {
    let result = try Glossa.run(["lint", "seeds/"])
    #expect(result.status == 1)
    assertGolden(result.stdout, named: "seeds.txt")
  }

  /// Standard output on a full disk, for the report lint writes itself and for what other
  /// commands print: the reason and exit code 2, never a crash or a report cut short that
  /// passes for a whole one.
  @Test func aFullDiskForStandardOutputIsAnError() throws {
    let commands = [
      ["lint", "--format", "json", "seeds/"], ["terms", "seeds/"], ["export", "--to", "tbx"],
      ["term", "show", "chongqing", "--format", "csv"], ["rules"],
    ]
    for arguments in commands {
      let result = try Glossa.run(arguments, output: "/dev/full")
      #expect(result.status == 2, "\(arguments)")
      #expect(
        result.stderr.contains("standard output: error: no space left on the device"),
        "\(arguments): \(result.stderr)")
    }
  }

  @Test func failOnNeverExitsCleanly() throws {
    #expect(try Glossa.run(["lint", "seeds/", "--fail-on", "never"]).status == 0)
  }

  /// Files linted on several threads are reported exactly as one thread reports them.
  @Test func parallelLintingReportsInOrder() throws {
    let one = try Glossa.run(["lint", "--jobs", "1", "--format", "json", "seeds/", "README.md"])
    for jobs in ["2", "4"] {
      let many = try Glossa.run(["lint", "--jobs", jobs, "--format", "json", "seeds/", "README.md"])
      #expect(many.stdout == one.stdout)
      #expect(many.status == one.status)
    }
    #expect(try Glossa.run(["lint", "--jobs", "0", "seeds/"]).status == 2)
  }

  /// Many batches of files (one is linted while the one before is reported), an unreadable file
  /// inside a batch and a missing path between batches: the same report, in the same order, with
  /// any number of jobs.
  @Test func parallelBatchesReportInOrder() throws {
    let folder = try TemporaryFolder()
    let seeds = try FileManager.default.contentsOfDirectory(atPath: "seeds").sorted()
      .map { try String(contentsOfFile: "seeds/" + $0, encoding: .utf8) }
    for part in ["a", "b"] {
      try FileManager.default.createDirectory(
        atPath: folder.path + "/" + part, withIntermediateDirectories: true)
      for index in 0..<150 {
        let text = seeds[index % seeds.count] + "\nchongqing note \(part)\(index)\n"
        try text.write(
          toFile: folder.path + "/\(part)/\(1000 + index).md", atomically: true, encoding: .utf8)
      }
    }
    try Data([0x41, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: folder.path + "/a/1100.md"))
    let arguments = [
      "lint", "--format", "jsonl", folder.path + "/a", folder.path + "/missing.md",
      folder.path + "/b",
    ]
    let one = try Glossa.run(arguments + ["--jobs", "1"])
    #expect(one.status == 2)
    #expect(one.stdout.split(separator: "\n").count > 300)
    for jobs in ["2", "3"] {
      let many = try Glossa.run(arguments + ["--jobs", jobs])
      #expect(many.stdout == one.stdout)
      #expect(many.stderr == one.stderr)
      #expect(many.status == one.status)
    }
    // JSON Lines are written by the threads that lint (the findings counted there): the same
    // totals and exit code at each threshold as on one thread, and as with a baseline, where
    // the command's thread reports (fails when a thread's counts are dropped).
    func totals(_ result: Glossa.Result) -> String {
      result.stderr.split(separator: "\n").first { $0.hasPrefix("timings:") }
        .map { String($0.split(separator: "(")[2].split(separator: ",").prefix(2).joined()) }
        ?? ""
    }
    let baseline = folder.path + "/empty-baseline.json"
    _ = try Glossa.run(["lint", "--write-baseline", baseline, folder.path + "/missing.md"])
    for threshold in ["warning", "error", "never"] {
      let serial = try Glossa.run(arguments + ["--jobs", "1", "--fail-on", threshold, "--timings"])
      let parallel = try Glossa.run(
        arguments + ["--jobs", "2", "--fail-on", threshold, "--timings"])
      let kept = try Glossa.run(
        arguments + ["--jobs", "2", "--fail-on", threshold, "--timings", "--baseline", baseline])
      #expect(parallel.status == serial.status && kept.status == serial.status, "\(threshold)")
      #expect(parallel.stdout == serial.stdout && kept.stdout == serial.stdout)
      #expect(!totals(serial).isEmpty && totals(parallel) == totals(serial))
      #expect(totals(kept) == totals(serial))
    }
  }
}
