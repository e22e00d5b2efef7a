import Foundation
import GlossaTestSupport
import Testing

/// `glossa tm` and `glossa check` from the command line: real TMX files from other tools,
/// interrupted imports, bad input, and the bilingual checks.
@Suite struct MemoryCommandTests {
  static let samples = TestFiles.shared + "/samples/tmx"

  /// The sample TMX files other tools wrote (TICO-19 has its own test).
  static let sampleFiles: [String] = {
    let enumerator = FileManager.default.enumerator(atPath: samples)
    var files: [String] = []
    while let path = enumerator?.nextObject() as? String {
      if path.hasSuffix(".tmx") && !path.hasPrefix("tico19") { files.append(path) }
    }
    return files.sorted()
  }()

  /// Files that break TMX 1.4b, and what Glossa says about each.
  static let broken: [String: String] = [
    "otter/error_missing_tmx_version.tmx": "no version attribute",
    "otter/error_multiple_body.tmx": "a second <body>",
    "otter/error_multiple_headers.tmx": "a second <header>",
    "otter/error_it_tag_missing_pos.tmx": "<it> without the pos attribute",
    "otter/error_missing_bpt_i.tmx": "<bpt> without the i attribute",
    "otter/error_missing_ept_i.tmx": "<ept> without the i attribute",
  ]

  func sqlite(_ database: String, _ query: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", "-c",
      "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])",
      database, query,
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test func realFilesImportAndExportValidTMX() throws {
    #expect(Self.sampleFiles.count > 80)
    for file in Self.sampleFiles {
      let folder = try TemporaryFolder()
      let tm = folder.path + "/tm.sqlite"
      let result = try Glossa.run(["tm", "import", "--tm", tm, Self.samples + "/" + file])
      if let reason = Self.broken[file] {
        #expect(result.status == 2, "\(file)")
        #expect(
          result.stderr.contains(file) && result.stderr.contains(reason),
          "\(file): \(result.stderr)")
        continue
      }
      // Units that cannot give a pair (one language only) are named and skipped: exit 2.
      #expect(result.status == 0 || result.stderr.contains("skipped"), "\(file): \(result.stderr)")
      let out = folder.path + "/out.tmx"
      let export = try Glossa.run(["tm", "export", "--tm", tm, "-o", out])
      #expect(export.status == 0, "\(file): \(export.stderr)")
      let (status, output) = try GlossaryExchangeTests.validate(
        "xmllint", ["--nonet", "--noout", "--dtdvalid", "schemas/tmx/tmx14.dtd", out])
      #expect(status == 0, "\(file): \(output)")
      // Export, import into an empty memory, export again: the same file.
      let again = folder.path + "/again.sqlite"
      #expect(try Glossa.run(["tm", "import", "--tm", again, out]).status == 0, "\(file)")
      let second = folder.path + "/second.tmx"
      #expect(try Glossa.run(["tm", "export", "--tm", again, "-o", second]).status == 0)
      let first = try String(contentsOfFile: out, encoding: .utf8)
      let next = try String(contentsOfFile: second, encoding: .utf8)
      #expect(
        first.replacing(/creationdate="[0-9TZ]+"/, with: "")
          == next.replacing(/creationdate="[0-9TZ]+"/, with: ""),
        "\(file)")
    }
  }

  @Test func utf16TradosFilesKeepTheirText() throws {
    let folder = try TemporaryFolder()
    let tm = folder.path + "/tm.sqlite"
    let file = Self.samples + "/lisa-tmx-compliance-kit/ImportTest1G.tmx"  // UTF-16 big-endian
    #expect(try Glossa.run(["tm", "import", "--tm", tm, file]).status == 0)
    let export = try Glossa.run(["tm", "export", "--tm", tm])
    #expect(export.stdout.contains("<seg>"))
    let utf16 = Self.samples + "/okapi/trados-tw4win-test01.utf16le.tmx"
    #expect(try Glossa.run(["tm", "import", "--tm", tm, utf16]).status == 0)
    #expect(Int(try sqlite(tm, "SELECT count(*) FROM unit")) ?? 0 >= 7)
  }

  @Test func ticoImportsOnceAndLooksUp() throws {
    let folder = try TemporaryFolder()
    let tm = folder.path + "/tm.sqlite"
    let file = Self.samples + "/tico19/tico19-all.en-zh.tmx"
    let first = try Glossa.run(["tm", "import", "--tm", tm, file])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("read 3071 units"))
    // The memory was closed: its write-ahead log checkpointed and removed, not left to the next
    // command (a log of 80 MB after 100,000 units made every later command read it whole).
    #expect(!FileManager.default.fileExists(atPath: tm + "-wal"))
    let again = try Glossa.run(["tm", "import", "--tm", tm, file])
    #expect(again.stdout.contains("added 0 pairs"))
    let lookup = try Glossa.run([
      "tm", "lookup", "--tm", tm, "--format", "json",
      "Common symptoms include fever, cough and shortness of breath.",
    ])
    #expect(lookup.status == 0)
    #expect(lookup.stdout.contains("\"percentage\": 100"))
    let concordance = try Glossa.run(["tm", "concordance", "--tm", tm, "冠状病毒"])
    #expect(concordance.stdout.contains("[[冠状病毒]]"))
  }

  /// Kills real imports at many points; each time the memory opens, passes SQLite's integrity
  /// check and holds whole batches, and the same command then finishes the import.
  @Test func interruptedImportsResume() throws {
    let folder = try TemporaryFolder()
    // 6,000 units, in batches of 500.
    var tmx = """
      <?xml version="1.0" encoding="UTF-8"?>
      <tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" \
      o-tmf="t" adminlang="en" srclang="zh-CN" datatype="plaintext"/><body>

      """
    for index in 0..<6_000 {
      tmx +=
        "<tu tuid=\"u\(index)\"><tuv xml:lang=\"zh-CN\"><seg>重庆第\(index)号文件发布</seg></tuv><tuv xml:lang=\"en\"><seg>Chongqing document \(index) issued</seg></tuv></tu>\n"
    }
    tmx += "</body></tmx>\n"
    let file = try folder.write("big.tmx", Array(tmx.utf8))
    let tm = folder.path + "/tm.sqlite"
    var counts: [Int] = []
    for delay in [0.15, 0.3, 0.5, 0.8, 1.2] {
      let process = Process()
      process.executableURL = Glossa.executable
      process.arguments = ["tm", "import", "--tm", tm, "--batch", "500", file]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      Thread.sleep(forTimeInterval: delay)
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      guard FileManager.default.fileExists(atPath: tm) else { continue }
      #expect(try sqlite(tm, "PRAGMA integrity_check") == "ok")
      let count = Int(try sqlite(tm, "SELECT count(*) FROM unit")) ?? -1
      #expect(count % 500 == 0 || count == 6_000, "a batch was half written: \(count)")
      counts.append(count)
    }
    let resumed = try Glossa.run(["tm", "import", "--tm", tm, file])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(try sqlite(tm, "SELECT count(*) FROM unit") == "6000")
    #expect(try sqlite(tm, "PRAGMA integrity_check") == "ok")
    // The fuzzy index holds every unit once.
    let lookup = try Glossa.run(["tm", "lookup", "--tm", tm, "重庆第5999号文件发布"])
    #expect(lookup.stdout.contains("100%"))
  }

  @Test func badInputIsRefusedAndTheMemoryKept() throws {
    let folder = try TemporaryFolder()
    let tm = folder.path + "/tm.sqlite"
    let good = Self.samples + "/okapi/a_small_test2.tmx"
    #expect(try Glossa.run(["tm", "import", "--tm", tm, good]).status == 0)
    let before = try sqlite(tm, "SELECT count(*) FROM unit")

    // A truncated file.
    let tico = try Data(
      contentsOf: URL(fileURLWithPath: Self.samples + "/tico19/tico19-all.en-zh.tmx"))
    let truncated = try folder.write("truncated.tmx", Array(tico.prefix(5_000)))
    let cut = try Glossa.run(["tm", "import", "--tm", tm, truncated])
    #expect(cut.status == 2)
    #expect(cut.stderr.contains("truncated.tmx:") && cut.stderr.contains("truncated?"))
    #expect(try sqlite(tm, "SELECT count(*) FROM unit") == before)

    // No srclang in the header.
    let noSource = try folder.write(
      "nosrc.tmx",
      Array(
        "<tmx version=\"1.4\"><header creationtool=\"t\"/><body><tu><tuv xml:lang=\"en\"><seg>a</seg></tuv><tuv xml:lang=\"fr\"><seg>b</seg></tuv></tu></body></tmx>"
          .utf8))
    let missing = try Glossa.run(["tm", "import", "--tm", tm, noSource])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("nosrc.tmx") && missing.stderr.contains("--source-lang"))
    #expect(
      try Glossa.run(["tm", "import", "--tm", tm, "--source-lang", "en", noSource]).status == 0)

    // One language only, and an empty segment: named and skipped.
    let partial = try folder.write(
      "partial.tmx",
      Array(
        """
        <tmx version="1.4"><header srclang="en"/><body>
        <tu tuid="solo"><tuv xml:lang="en"><seg>alone</seg></tuv></tu>
        <tu tuid="blank"><tuv xml:lang="en"><seg>text</seg></tuv><tuv xml:lang="zh"><seg> </seg></tuv></tu>
        <tu tuid="fine"><tuv xml:lang="en"><seg>fine</seg></tuv><tuv xml:lang="zh"><seg>好</seg></tuv></tu>
        </body></tmx>
        """.utf8))
    let skipped = try Glossa.run(["tm", "import", "--tm", tm, partial])
    #expect(skipped.status == 2)
    #expect(skipped.stderr.contains("partial.tmx:2: error: unit 'solo'"))
    #expect(skipped.stderr.contains("partial.tmx:3: error: unit 'blank' has an empty zh segment"))
    #expect(skipped.stdout.contains("added 1 pairs"))

    // Not a Glossa memory.
    let other = try folder.write("notes.sqlite", Array("not a database at all".utf8))
    let notMemory = try Glossa.run(["tm", "import", "--tm", other, good])
    #expect(notMemory.status == 2)
    #expect(notMemory.stderr.contains("not a Glossa translation memory"))
    #expect(try String(contentsOfFile: other, encoding: .utf8) == "not a database at all")

    // A memory that does not exist, for reading.
    let absent = try Glossa.run(["tm", "lookup", "--tm", folder.path + "/none.sqlite", "x"])
    #expect(absent.status == 2)
    #expect(absent.stderr.contains("none.sqlite"))
  }

  @Test func readOnlyMemoryIsReportedAndUnchanged() throws {
    let folder = try TemporaryFolder()
    let tm = folder.path + "/tm.sqlite"
    #expect(
      try Glossa.run(["tm", "import", "--tm", tm, Self.samples + "/okapi/a_small_test2.tmx"]).status
        == 0)
    // Make the memory read-only: permissions, and for root (who ignores them) the immutable flag.
    chmod(tm, 0o444)
    chmod(folder.path, 0o555)
    let immutable = getuid() == 0 ? try? runTool("chattr", ["+i", tm]) : nil
    defer {
      if immutable == 0 { _ = try? runTool("chattr", ["-i", tm]) }
      chmod(folder.path, 0o755)
      chmod(tm, 0o644)
    }
    guard getuid() != 0 || immutable == 0 else { return }  // no way to make it read-only here
    let result = try Glossa.run([
      "tm", "import", "--tm", tm, Self.samples + "/omegat/project_save.tmx",
    ])
    #expect(result.status == 2)
    #expect(
      result.stderr.contains("tm.sqlite") && result.stderr.contains("read-only"), "\(result.stderr)"
    )
  }

  /// A full disk: a small tmpfs, room for a memory of one pair (pages of 16 KB) and not for
  /// TICO-19's 3,070 (mounting needs root; elsewhere the test has nothing to do).
  @Test func fullDiskIsReportedAndTheMemoryConsistent() throws {
    let folder = try TemporaryFolder()
    let disk = folder.path + "/disk"
    try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
    guard getuid() == 0,
      try runTool("mount", ["-t", "tmpfs", "-o", "size=1536k", "tmpfs", disk]) == 0
    else { return }
    defer { _ = try? runTool("umount", [disk]) }
    let tm = disk + "/tm.sqlite"
    #expect(
      try Glossa.run(["tm", "import", "--tm", tm, Self.samples + "/okapi/a_small_test2.tmx"]).status
        == 0)
    let result = try Glossa.run([
      "tm", "import", "--tm", tm, Self.samples + "/tico19/tico19-all.en-zh.tmx",
    ])
    #expect(result.status == 2)
    #expect(
      result.stderr.contains("tm.sqlite") && result.stderr.contains("disk is full"),
      "\(result.stderr)")
    #expect(try sqlite(tm, "PRAGMA integrity_check") == "ok")
    #expect(try sqlite(tm, "SELECT count(*) FROM unit") == "1")
  }

  /// An export onto a full disk: the reason, exit code 2, the file there before kept, no part
  /// left; on standard output, the same (mounting needs root; elsewhere only `/dev/full`).
  @Test func anExportOntoAFullDiskKeepsTheFileThere() throws {
    let folder = try TemporaryFolder()
    let tm = folder.path + "/tm.sqlite"
    #expect(
      try Glossa.run(["tm", "import", "--tm", tm, Self.samples + "/tico19/tico19-all.en-zh.tmx"])
        .status == 0)
    let full = try Glossa.run(["tm", "export", "--tm", tm], output: "/dev/full")
    #expect(full.status == 2)
    #expect(full.stderr.contains("standard output: error: no space left on the device"))
    let disk = folder.path + "/disk"
    try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
    guard getuid() == 0,
      try runTool("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", disk]) == 0
    else { return }
    defer { _ = try? runTool("umount", [disk]) }
    try "before".write(toFile: disk + "/out.tmx", atomically: false, encoding: .utf8)
    let result = try Glossa.run(["tm", "export", "--tm", tm, "-o", disk + "/out.tmx"])
    #expect(result.status == 2)
    #expect(
      result.stderr.contains("out.tmx: error: no space left on the device"), "\(result.stderr)")
    #expect(try String(contentsOfFile: disk + "/out.tmx", encoding: .utf8) == "before")
    #expect(!FileManager.default.fileExists(atPath: disk + "/out.tmx.part"))
  }

  func runTool(_ tool: String, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }
}
