import Foundation
import GlossaTestSupport
import Testing

/// Kills real `glossa` processes in the middle of writing and checks that nothing is lost or
/// torn; runs writers and readers at once.
@Suite(.serialized) struct CrashSafetyTests {
  /// A glossary large enough that a rewrite takes a while: `count` concepts.
  static func bigGlossary(_ count: Int) -> String {
    var text = "id,en,zh-Hans,en:deprecated,note\n"
    for index in 0..<count {
      text +=
        "c\(index),Term number \(index),术语\(index),Old term \(index),\"a note, with a comma\"\n"
    }
    return text
  }

  /// Starts `glossa arguments…` in `folder`, kills it with SIGKILL after `delay` seconds.
  func kill(_ arguments: [String], in folder: String, after delay: Double) throws {
    let process = Process()
    process.executableURL = Glossa.executable
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    Thread.sleep(forTimeInterval: delay)
    Foundation.kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
  }

  /// How long `glossa arguments…` takes uninterrupted on a copy of `glossary`, in seconds.
  func duration(_ arguments: [String], glossary: String, extra: [(String, String)] = []) throws
    -> Double
  {
    let folder = try TemporaryFolder()
    try folder.write("glossary/glossary.csv", Array(glossary.utf8))
    for (name, text) in extra { try folder.write(name, Array(text.utf8)) }
    let start = Date()
    _ = try Glossa.run(arguments, in: folder.path)
    return Date().timeIntervalSince(start)
  }

  @Test func killedTermAddsLeaveTheOldOrTheNewGlossary() throws {
    let folder = try TemporaryFolder()
    let original = Self.bigGlossary(8_000)
    let path = try folder.write("glossary/glossary.csv", Array(original.utf8))
    // Kill points spread over the whole run, reading, sorting and writing included.
    let total = try duration(["term", "add", "probe", "--lang", "en", "Probe"], glossary: original)
    var points = 0
    var torn = 0
    var completed = 0
    for attempt in 0..<16 {
      let before = try String(contentsOfFile: path, encoding: .utf8)
      // Half the points anywhere in the run, half around its end, where the file is written.
      let delay =
        attempt < 8
        ? total * (Double(attempt) + 0.5) / 8 : total * (0.8 + Double(attempt - 8) * 0.04)
      try kill(
        ["term", "add", "new\(attempt)", "--lang", "en", "New term \(attempt)"], in: folder.path,
        after: delay)
      points += 1
      let after = try String(contentsOfFile: path, encoding: .utf8)
      let added = after.contains("new\(attempt),")
      // Either nothing changed, or the whole new glossary is there: one row more, every old row kept.
      if after != before {
        let oldRows = Set(before.split(separator: "\n"))
        let newRows = Set(after.split(separator: "\n"))
        if !(added && oldRows.isSubset(of: newRows) && newRows.count == oldRows.count + 1) {
          torn += 1
        }
      }
      // The glossary reads; rerunning the command completes the work.
      let check = try Glossa.run(["glossary", "check", "--format", "jsonl"], in: folder.path)
      #expect(check.status != 2, "\(check.stderr)")
      if added {
        completed += 1
      } else {
        let rerun = try Glossa.run(
          ["term", "add", "new\(attempt)", "--lang", "en", "New term \(attempt)"], in: folder.path)
        #expect(rerun.status == 0, "\(rerun.stderr)")
      }
    }
    #expect(torn == 0)
    let final = try String(contentsOfFile: path, encoding: .utf8)
    #expect(final.split(separator: "\n").count == 8_001 + 16)
    print(
      "crash safety: term add killed at \(points) points, \(completed) had finished, \(torn) torn glossaries"
    )
  }

  @Test func killedImportsLeaveTheOldOrTheNewGlossary() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("glossary/glossary.csv", Array(Self.bigGlossary(8_000).utf8))
    var tbx =
      "<?xml version=\"1.0\"?><tbx type=\"TBX-Basic\" style=\"dct\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\"><tbxHeader><fileDesc><sourceDesc><p>t</p></sourceDesc></fileDesc></tbxHeader><text><body>"
    for index in 0..<2_000 {
      tbx +=
        "<conceptEntry id=\"imported\(index)\"><langSec xml:lang=\"en\"><termSec><term>Imported term \(index)</term></termSec></langSec></conceptEntry>"
    }
    tbx += "</body></text></tbx>"
    let file = try folder.write("partner.tbx", Array(tbx.utf8))
    let total = try duration(
      ["import", "partner.tbx"], glossary: Self.bigGlossary(8_000), extra: [("partner.tbx", tbx)])
    var torn = 0
    var points = 0
    var changed = 0
    for attempt in 0..<12 {
      let before = try String(contentsOfFile: path, encoding: .utf8)
      let delay =
        attempt < 6
        ? total * (Double(attempt) + 0.5) / 6 : total * (0.8 + Double(attempt - 6) * 0.05)
      try kill(["import", file], in: folder.path, after: delay)
      points += 1
      let after = try String(contentsOfFile: path, encoding: .utf8)
      if after != before {
        changed += 1
        let rows = after.split(separator: "\n")
        // The whole import, or nothing.
        if rows.count != 8_001 + 2_000 || !after.hasPrefix("id,") { torn += 1 }
        // Back to the old glossary for the next kill point.
        try before.write(toFile: path, atomically: true, encoding: .utf8)
      }
    }
    #expect(torn == 0)
    let finish = try Glossa.run(["import", file], in: folder.path)
    #expect(finish.status == 0, "\(finish.stderr)")
    let rows = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    #expect(rows.count == 8_001 + 2_000)
    print(
      "crash safety: glossary import killed at \(points) points, \(changed) had finished, \(torn) torn glossaries"
    )
  }

  /// A memory import killed anywhere (a new memory is loaded with a rollback journal) leaves the
  /// transactions committed before it: the memory reads, to read only, as a whole number of
  /// batches, and the same import then adds the rest.
  @Test func killedMemoryImportsKeepWholeTransactions() throws {
    let folder = try TemporaryFolder()
    var tmx =
      "<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body>"
    for index in 0..<12_000 {
      tmx +=
        "<tu><tuv xml:lang=\"en\"><seg>Sentence number \(index) of the memory.</seg></tuv><tuv xml:lang=\"zh-CN\"><seg>记忆库第\(index)句。</seg></tuv></tu>"
    }
    let file = try folder.write("memory.tmx", Array((tmx + "</body></tmx>").utf8))
    let arguments = ["tm", "import", "--tm", "tm.sqlite", "--batch", "1000", file]
    let start = Date()
    _ = try Glossa.run(arguments, in: folder.path)
    let total = Date().timeIntervalSince(start)
    var points = 0
    var partial = 0
    for attempt in 0..<6 {
      try? FileManager.default.removeItem(atPath: folder.path + "/tm.sqlite")
      try kill(arguments, in: folder.path, after: total * (Double(attempt) + 0.5) / 6)
      points += 1
      guard FileManager.default.fileExists(atPath: folder.path + "/tm.sqlite") else { continue }
      let stats = try Glossa.run(["tm", "stats", "--tm", "tm.sqlite"], in: folder.path)
      #expect(stats.status == 0, "\(stats.stderr)")
      let pairs = stats.stdout.split(separator: " ").dropLast().last.flatMap { Int($0) } ?? -1
      #expect(pairs >= 0 && pairs % 1_000 == 0, "\(stats.stdout)")
      if pairs > 0 && pairs < 12_000 { partial += 1 }
      let finish = try Glossa.run(arguments, in: folder.path)
      #expect(finish.status == 0, "\(finish.stderr)")
      #expect(finish.stdout.contains("(now 12000)"), "\(finish.stdout)")
    }
    print("crash safety: memory import killed at \(points) points, \(partial) left part of it")
  }

  @Test func concurrentImportsIntoOneMemoryLoseNothing() throws {
    let folder = try TemporaryFolder()
    var files: [String] = []
    for part in 0..<4 {
      var tmx =
        "<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body>"
      for index in 0..<1_500 {
        tmx +=
          "<tu><tuv xml:lang=\"en\"><seg>Part \(part) sentence \(index).</seg></tuv><tuv xml:lang=\"zh-CN\"><seg>第\(part)部分第\(index)句。</seg></tuv></tu>"
      }
      files.append(try folder.write("part\(part).tmx", Array((tmx + "</body></tmx>").utf8)))
    }
    let tm = folder.path + "/tm.sqlite"
    var processes: [Process] = []
    for file in files {
      let process = Process()
      process.executableURL = Glossa.executable
      process.arguments = ["tm", "import", "--tm", tm, "--batch", "300", file]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      processes.append(process)
    }
    for process in processes {
      process.waitUntilExit()
      #expect(process.terminationStatus == 0)
    }
    let stats = try Glossa.run(["tm", "stats", "--tm", tm])
    #expect(stats.stdout.contains(": 6000 pairs"), "\(stats.stdout)")
  }

  @Test func lintDuringEditsAlwaysSeesAWholeGlossary() throws {
    let folder = try TemporaryFolder()
    try folder.write("glossary/glossary.csv", Array(Self.bigGlossary(5_000).utf8))
    try folder.write("article.txt", Array("Old term 12 and Term number 40.\n".utf8))
    let writer = Process()
    writer.executableURL = URL(fileURLWithPath: "/bin/sh")
    writer.arguments = [
      "-c",
      "for i in $(seq 1 15); do '\(Glossa.executable.path)' term add w$i --lang en \"Written $i\" >/dev/null 2>&1; done",
    ]
    writer.currentDirectoryURL = URL(fileURLWithPath: folder.path)
    try writer.run()
    var runs = 0
    while writer.isRunning || runs < 5 {
      let lint = try Glossa.run(["lint", "--format", "jsonl", "article.txt"], in: folder.path)
      #expect(lint.status == 1, "\(lint.stderr)")
      #expect(lint.stdout.contains("Old term 12"))
      runs += 1
    }
    writer.waitUntilExit()
    let list = try Glossa.run(["term", "list"], in: folder.path)
    #expect(list.stdout.split(separator: "\n").filter { $0.hasPrefix("w") }.count == 15)
  }
}
