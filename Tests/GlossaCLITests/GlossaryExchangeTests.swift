import Foundation
import GlossaTestSupport
import Testing

/// Glossary management and exchange: export checked by the real validators, imports of real
/// files from other tools, merges, editing under a lock, glossary checks, hostile input.
@Suite struct GlossaryExchangeTests {
  static let samples = TestFiles.shared + "/samples"

  /// Runs a validator; returns its status and output.
  static func validate(_ tool: String, _ arguments: [String]) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: samples)
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  func copyOfShippedGlossary() throws -> TemporaryFolder {
    let folder = try TemporaryFolder()
    try folder.write(
      "glossary.csv",
      Array(try Data(contentsOf: URL(fileURLWithPath: TestFiles.root + "/glossary/glossary.csv"))))
    return folder
  }

  // MARK: Export, checked by the official schemas

  @Test func exportedTMXIsValidAgainstTheTMX14DTD() throws {
    let folder = try TemporaryFolder()
    let out = folder.path + "/g.tmx"
    #expect(try Glossa.run(["export", "--to", "tmx", "-o", out]).status == 0)
    let (status, output) = try Self.validate(
      "xmllint", ["--nonet", "--noout", "--dtdvalid", "schemas/tmx/tmx14.dtd", out])
    #expect(status == 0, "\(output)")
    let text = try String(contentsOfFile: out, encoding: .utf8)
    for attribute in [
      "creationtool=", "creationtoolversion=", "segtype=", "o-tmf=", "adminlang=", "srclang=",
      "datatype=",
    ] {
      #expect(text.contains(attribute))
    }
  }

  @Test func exportedTBXv3IsValidTBXBasic() throws {
    let folder = try TemporaryFolder()
    let out = folder.path + "/g.tbx"
    #expect(try Glossa.run(["export", "--to", "tbx", "-o", out]).status == 0)
    for schema in [
      "schemas/tbx/v3/TBXcoreStructV03.rng", "schemas/tbx/v3/TBX-Basic_DCT.sch",
      "schemas/tbx/v3/Basic.sch",
    ] {
      let (status, output) = try Self.validate("jing", [schema, out])
      #expect(status == 0, "\(schema): \(output)")
    }
  }

  @Test func exportedTBXv2IsValidTBXBasic() throws {
    let folder = try TemporaryFolder()
    let out = folder.path + "/g.tbx"
    #expect(try Glossa.run(["export", "--to", "tbx", "--tbx-version", "2", "-o", out]).status == 0)
    let (status, output) = try Self.validate(
      "jing", ["-C", "schemas/catalog.xml", "schemas/tbx/v2/TBXBasicRNGV02.rng", out])
    #expect(status == 0, "\(output)")
    let (dtd, dtdOutput) = try Self.validate(
      "xmllint",
      ["--nonet", "--noout", "--dtdvalid", "schemas/tbx/v2/TBXBasiccoreStructV02.dtd", out])
    #expect(dtd == 0, "\(dtdOutput)")
  }

  @Test(arguments: ["csv", "tsv", "tbx", "tmx"])
  func exportThenImportChangesNothing(format: String) throws {
    let folder = try copyOfShippedGlossary()
    let out = folder.path + "/export.\(format)"
    let export = try Glossa.run([
      "export", "--glossary", folder.path + "/glossary.csv", "--to", format, "-o", out,
    ])
    #expect(export.status == 0, "\(export.stderr)")
    let result = try Glossa.run([
      "import", "--glossary", folder.path + "/glossary.csv", "--dry-run", out, "--source-lang",
      "en", "--target-lang", "zh-Hans",
    ])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.contains(": 0 changes, 0 conflicts"), "\(result.stdout)")
  }

  @Test func csvExportNeutralizesFormulasAndServesExcel() throws {
    let folder = try TemporaryFolder()
    try folder.write(
      "g.csv", "id,en,note\nx,\"=HYPERLINK(\"\"http://evil\"\")\",\"@SUM(1,2)\"\ny,-ism,+note\n")
    let plain = try Glossa.run(["export", "--glossary", folder.path + "/g.csv", "--to", "csv"])
    #expect(
      plain.stdout.contains("x,\"'=HYPERLINK(\"\"http://evil\"\")\",\"'@SUM(1,2)\"\n"),
      "\(plain.stdout)")
    #expect(plain.stdout.contains("y,'-ism,'+note\n"))
    let excel = try Glossa.run([
      "export", "--glossary", folder.path + "/g.csv", "--to", "csv", "--excel", "-o",
      folder.path + "/e.csv",
    ])
    #expect(excel.status == 0)
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/e.csv")))
    #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
    #expect(String(decoding: bytes, as: UTF8.self).contains("\r\n"))
    // Read back, the cells are what they were.
    let back = try Glossa.run(["term", "show", "x", "--glossary", folder.path + "/e.csv"])
    #expect(back.stdout.contains("=HYPERLINK(\"http://evil\")"), "\(back.stdout)")
  }

  // MARK: Import from other tools

  @Test(arguments: [
    ("tbx/v3-tbx-basic-Example_Astronomy_DCT_VALID.tbx", 45),
    ("tbx/v3-tbx-basic-Example_Astronomy_DCA_VALID.tbx", 45),
    ("tbx/v2-basic_sample-p5-Convert-TBX-Basic.tbx", 5),
    ("tbx/heartsome-ImportTBXTest.en-US_zh-CN.tbx", 314),
    ("tbx/omegat-sampleTBXfile.tbx", 1),
    ("tbx/okapi-vendor/ibm_tbx.tbx", 5),
    ("glossaries/omegat/test.tab", 4),
    ("glossaries/omegat/testUTF16LE.txt", 1),
    ("glossaries/okapi/lib-terminology-test02_utf16be.tsv", 1),
    ("glossaries/omegat/test.csv", 7),
    ("tmx/omegat/test-multiple-tuv14.tmx", 3),
  ])
  func importsFilesFromOtherTools(path: String, concepts: Int) throws {
    let folder = try TemporaryFolder()
    try folder.write("g.csv", "id,en\n")
    let result = try Glossa.run([
      "import", "--glossary", folder.path + "/g.csv", Self.samples + "/" + path,
    ])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.contains("imported \(concepts) concepts"), "\(result.stdout)")
    let check = try Glossa.run(
      ["lint", "--glossary", folder.path + "/g.csv", "--lang", "en", "-"], input: Data("x".utf8))
    #expect(check.status == 0, "the imported glossary must load: \(check.stderr)")
  }

  @Test func tbxDataCategoriesArrive() throws {
    let folder = try TemporaryFolder()
    try folder.write("g.csv", "id,en\n")
    _ = try Glossa.run([
      "import", "--glossary", folder.path + "/g.csv",
      Self.samples + "/tbx/v3-tbx-basic-Example_Astronomy_DCT_VALID.tbx",
    ])
    let shown = try Glossa.run(["term", "show", "c1", "--glossary", folder.path + "/g.csv"])
    #expect(shown.stdout.contains("c1 (General)"), "\(shown.stdout)")
    #expect(shown.stdout.contains("open cluster  [preferred, noun]"))
    #expect(shown.stdout.contains("galactic cluster  [superseded, noun]"))
  }

  @Test func conflictsAreReportedNotOverwritten() throws {
    let folder = try TemporaryFolder()
    try folder.write("g.csv", "id,en,en:deprecated\nchongqing,Chongqing,Chungking\n")
    try folder.write(
      "in.csv",
      "id,en,en:admitted\nchongqing,Chongqing,Chungking | Chong Qing\nother,Chongqing Two\n")
    let before = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/g.csv"))
    let dry = try Glossa.run([
      "import", "--glossary", folder.path + "/g.csv", "--dry-run", folder.path + "/in.csv",
    ])
    #expect(dry.status == 1)
    #expect(
      dry.stdout.contains("would add en admitted 'Chong Qing' to 'chongqing'"), "\(dry.stdout)")
    #expect(
      dry.stdout.contains(
        "conflict: en 'Chungking' in 'chongqing' is deprecated, not admitted as the import says"))
    #expect(dry.stdout.contains("would add concept 'other'"))
    #expect(
      try Data(contentsOf: URL(fileURLWithPath: folder.path + "/g.csv")) == before,
      "--dry-run wrote")
    let real = try Glossa.run([
      "import", "--glossary", folder.path + "/g.csv", folder.path + "/in.csv",
    ])
    #expect(real.status == 1)
    let text = try String(contentsOfFile: folder.path + "/g.csv", encoding: .utf8)
    #expect(
      text
        == "id,en,en:deprecated,en:admitted\nchongqing,Chongqing,Chungking,Chong Qing\nother,Chongqing Two,,\n"
    )
  }

  // MARK: Editing

  @Test func editsAreOneLineDiffs() throws {
    let folder = try copyOfShippedGlossary()
    let file = folder.path + "/glossary.csv"
    let before = try String(contentsOfFile: file, encoding: .utf8).split(
      separator: "\n", omittingEmptySubsequences: false)
    let added = try Glossa.run([
      "term", "add", "wuhan", "--glossary", file, "--lang", "en", "Wuhan", "--subject", "place",
    ])
    #expect(added.status == 0, "\(added.stderr)")
    let after = try String(contentsOfFile: file, encoding: .utf8).split(
      separator: "\n", omittingEmptySubsequences: false)
    #expect(after.count == before.count + 1)
    #expect(Set(after).subtracting(before) == ["wuhan,place,,Wuhan,,,,,,,"])
    let changed = try Glossa.run([
      "term", "add", "chongqing", "--glossary", file, "--lang", "en", "Chung King", "--status",
      "deprecated",
    ])
    #expect(changed.status == 0)
    let third = try String(contentsOfFile: file, encoding: .utf8).split(
      separator: "\n", omittingEmptySubsequences: false)
    #expect(Set(third).subtracting(after).count == 1)
    let conflict = try Glossa.run([
      "term", "add", "other", "--glossary", file, "--lang", "en", "CHONGQING",
    ])
    #expect(conflict.status == 1)
    #expect(
      conflict.stderr.contains("conflict: en 'Chongqing' is already preferred in 'chongqing'"))
  }

  @Test func updateShowSearchAndRemove() throws {
    let folder = try TemporaryFolder()
    let file = try folder.write("g.csv", "id,en,zh-Hans\nchen-miner,Chen Min'er,陈敏尔\n")
    #expect(
      try Glossa.run([
        "term", "add", "chen-miner", "--glossary", file, "--lang", "en", "Chen Miner", "--status",
        "deprecated",
      ]).status == 0)
    #expect(
      try Glossa.run([
        "term", "update", "chen-miner", "--glossary", file, "--lang", "en", "Chen Miner", "--note",
        "old; \"wrong\"",
      ]).status == 0)
    let shown = try Glossa.run(["term", "show", "chen-miner", "--glossary", file])
    #expect(
      shown.stdout.contains("Chen Miner  [deprecated]\n             note: old; \"wrong\""),
      "\(shown.stdout)")
    let search = try Glossa.run(["term", "search", "陳敏爾", "--glossary", file])
    #expect(
      search.stdout.contains("chen-miner: zh-Hans '陈敏尔' [preferred]"),
      "Traditional finds Simplified: \(search.stdout)")
    #expect(
      try Glossa.run([
        "term", "remove", "chen-miner", "--glossary", file, "--lang", "en", "Chen Miner",
      ]).status == 0)
    let last = try Glossa.run([
      "term", "remove", "chen-miner", "--glossary", file, "--lang", "en", "Chen Min'er",
    ])
    #expect(last.status == 0)
    let final = try Glossa.run([
      "term", "remove", "chen-miner", "--glossary", file, "--lang", "zh-Hans", "陈敏尔",
    ])
    #expect(final.status == 2)
    #expect(final.stderr.contains("is the last preferred form of 'chen-miner'"))
    // What the glossary lacks is an error about the glossary, not a usage error; nothing changes.
    let before = try String(contentsOfFile: file, encoding: .utf8)
    for arguments in [
      ["term", "remove", "no-such-concept"],
      ["term", "update", "chen-miner", "--lang", "en", "No Such Form", "--note", "x"],
      ["term", "add", "new-concept", "--lang", "en", "--status", "admitted", "Form"],
      ["term", "show", "no-such-concept"],
    ] {
      let result = try Glossa.run(arguments + ["--glossary", file])
      #expect(result.status == 2)
      #expect(result.stderr.hasPrefix(file + ": error: "), "\(result.stderr)")
      #expect(!result.stderr.contains("Usage"), "\(result.stderr)")
    }
    #expect(try String(contentsOfFile: file, encoding: .utf8) == before)
  }

  @Test func concurrentWritersLoseNothing() throws {
    let folder = try TemporaryFolder()
    let file = try folder.write("g.csv", "id,en\nseed,Seed\n")
    let writers = 24
    DispatchQueue.concurrentPerform(iterations: writers) { index in
      _ = try? Glossa.run([
        "term", "add", "concept-\(index)", "--glossary", file, "--lang", "en",
        "Term number \(index)",
      ])
    }
    let text = try String(contentsOfFile: file, encoding: .utf8)
    for index in 0..<writers {
      #expect(text.contains("concept-\(index),Term number \(index)\n"), "lost concept-\(index)")
    }
    #expect(text.split(separator: "\n").count == writers + 2)
  }

  // MARK: Checks

  @Test func glossaryCheckFindsEachProblem() throws {
    let folder = try TemporaryFolder()
    try folder.write(
      "g.csv",
      """
      id,en,en:deprecated,zh-Hans,en_US
      a,Chongqing,,重庆,
      b,CHONGQING,,,
      a,Other,,,
      c,Two  Sessions,,兩會,
      d,Belt and Road,Two Sessions,两会,
      e,Xi’an,,,

      """)
    let result = try Glossa.run(["glossary", "check", "--format", "jsonl", folder.path + "/g.csv"])
    #expect(result.status == 1)
    let rules = Set(
      result.stdout.split(separator: "\n").compactMap { line in
        line.components(separatedBy: "\"rule\": \"").dropFirst().first?.split(separator: "\"").first
          .map(String.init)
      })
    #expect(
      rules == [
        "invalid-language-tag", "duplicate-id", "preferred-conflict", "preferred-and-forbidden",
        "script-duplicate",
        "stray-character", "unreachable-form",
      ], "\(result.stdout)")
    #expect(
      result.stdout.contains(
        "'Two Sessions' is never reported: lint reads it as 'Two  Sessions' (c)"))
    #expect(result.stdout.contains("\"line\": 4, \"column\": 1"), "duplicate id on line 4")
  }

  @Test func theShippedGlossaryIsClean() throws {
    let result = try Glossa.run(["glossary", "check"])
    #expect(result.status == 0, "\(result.stdout)")
    #expect(result.stdout.contains("no problems"))
  }

  // MARK: Hostile and broken input

  @Test(arguments: [
    (
      "xxe.tbx",
      "<?xml version=\"1.0\"?>\n<!DOCTYPE tbx [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<tbx>&x;</tbx>",
      "xxe.tbx:2: error: the document declares entities"
    ),
    (
      "bomb.tmx",
      "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [\n<!ENTITY a \"aaaaaaaaaa\">\n<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n]>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>&c;</seg></tuv></tu></body></tmx>",
      "bomb.tmx:3: error: the document declares entities"
    ),
    (
      "truncated.tbx",
      "<?xml version=\"1.0\"?>\n<tbx type=\"TBX-Basic\" style=\"dct\" xml:lang=\"en\"><text><body><conceptEntry id=\"c1\"><langSec xml:lang=\"en\"><termSec><term>open",
      "truncated.tbx:2:"
    ),
    ("notxml.tbx", "this is not XML", "notxml.tbx:1:1: error: "),
    (
      "badlang.tbx",
      "<tbx><text><body><conceptEntry id=\"c\"><langSec xml:lang=\"en_US!\"><termSec><term>x</term></termSec></langSec></conceptEntry></body></text></tbx>",
      "badlang.tbx:1: error: language section without a valid xml:lang"
    ),
    ("unbalanced.csv", "id,en\nx,\"open\n", "unbalanced.csv:2:3: error: unterminated quoted field"),
    ("latin1.csv", "id,en\nx,caf\u{E9}\n", "latin1.csv"),
  ])
  func hostileInputIsRefusedAndTheGlossaryUntouched(name: String, content: String, message: String)
    throws
  {
    let folder = try TemporaryFolder()
    let glossary = try folder.write("g.csv", "id,en\nkeep,Keep\n")
    var bytes = Array(content.utf8)
    if name == "latin1.csv" { bytes = Array("id,en\nx,caf".utf8) + [0xE9] + Array("\n".utf8) }
    let input = try folder.write(name, bytes)
    let result = try Glossa.run(["import", "--glossary", glossary, input])
    #expect(result.status == 2, "\(result.stdout)")
    #expect(result.stderr.contains(folder.path + "/" + message), "\(result.stderr)")
    #expect(try String(contentsOfFile: glossary, encoding: .utf8) == "id,en\nkeep,Keep\n")
    #expect(!result.stdout.contains("root:"), "no file content leaks")
  }

  @Test func unknownTBXElementsAreReported() throws {
    let folder = try TemporaryFolder()
    try folder.write("g.csv", "id,en\n")
    let tbx = try folder.write(
      "odd.tbx",
      "<tbx type=\"TBX-Basic\" style=\"dct\" xml:lang=\"en\"><tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader><text><body><conceptEntry id=\"c\"><mystery>kept</mystery><langSec xml:lang=\"en\"><termSec><term>Thing</term><oddity>y</oddity></termSec></langSec></conceptEntry></body></text></tbx>"
    )
    let result = try Glossa.run(["import", "--glossary", folder.path + "/g.csv", tbx])
    #expect(result.status == 0, "\(result.stderr)")
    let shown = try Glossa.run(["term", "show", "c", "--glossary", folder.path + "/g.csv"])
    #expect(shown.stdout.contains("mystery: kept"), "\(shown.stdout)")
  }
}
