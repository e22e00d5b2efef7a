import Foundation
import GlossaTestSupport
import Testing

/// The hostile inputs of docs/SECURITY.md, each tried against the built `glossa`.
@Suite struct HostileInputTests {
  static let tmxHeader =
    "<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body>"

  /// The commands that read a TMX file: into a memory, into the glossary, and for a check.
  static func commandsReadingTMX(_ path: String, memory: String) -> [[String]] {
    [
      ["tm", "import", "--tm", memory, path],
      ["import", "--dry-run", "--glossary", TestFiles.root + "/glossary", path],
      ["check", path],
    ]
  }

  @Test func anExternalDTDIsNeverLoaded() throws {
    let folder = try TemporaryFolder()
    // The DTD defines an entity; were it loaded, the secret would reach the memory.
    let dtd = try folder.write("evil.dtd", Array("<!ENTITY leak \"SECRET\">".utf8))
    let tmx = try folder.write(
      "external.tmx",
      Array(
        """
        <?xml version="1.0"?>
        <!DOCTYPE tmx SYSTEM "file://\(dtd)">
        \(Self.tmxHeader)<tu><tuv xml:lang="en"><seg>a &leak; b</seg></tuv><tuv xml:lang="fr"><seg>c</seg></tuv></tu></body></tmx>
        """.utf8))
    let tm = folder.path + "/tm.sqlite"
    let result = try Glossa.run(["tm", "import", "--tm", tm, tmx])
    #expect(result.status == 2)
    #expect(result.stderr.contains("external.tmx:3"))
    let export = try Glossa.run(["tm", "export", "--tm", tm])
    #expect(!export.stdout.contains("SECRET"))
    // A DOCTYPE that only names a DTD, as many tools write, is read without fetching it.
    let remote = try folder.write(
      "remote.tmx",
      Array(
        """
        <?xml version="1.0"?>
        <!DOCTYPE tmx SYSTEM "http://127.0.0.1:9/tmx14.dtd">
        \(Self.tmxHeader)<tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="fr"><seg>b</seg></tuv></tu></body></tmx>
        """.utf8))
    #expect(try Glossa.run(["tm", "import", "--tm", tm, remote]).status == 0)
  }

  @Test func deeplyNestedXMLIsRefused() throws {
    let folder = try TemporaryFolder()
    let deep =
      Self.tmxHeader + "<tu><tuv xml:lang=\"en\"><seg>" + String(repeating: "<hi>", count: 10_000)
      + "x" + String(repeating: "</hi>", count: 10_000) + "</seg></tuv></tu></body></tmx>"
    let file = try folder.write("deep.tmx", Array(deep.utf8))
    let result = try Glossa.run(["tm", "import", "--tm", folder.path + "/tm.sqlite", file])
    #expect(result.status == 2)
    #expect(result.stderr.contains("deep.tmx:1:") && result.stderr.contains("deeper than 256"))
  }

  @Test func aGigabyteFileIsRefusedBeforeReading() throws {
    let folder = try TemporaryFolder()
    let path = folder.path + "/huge.txt"
    // Sparse: no gigabyte is written to disk.
    #expect(FileManager.default.createFile(atPath: path, contents: nil))
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.truncate(atOffset: 1 << 30)
    try handle.close()
    let result = try Glossa.run(["lint", path])
    #expect(result.status == 2)
    #expect(result.stderr.contains("huge.txt") && result.stderr.contains("over the limit"))
    let limited = try Glossa.run(["lint", "--max-file-size", "1000", "seeds/"])
    #expect(limited.status == 2)
    #expect(limited.stderr.contains("over the limit of 1000 bytes"))
  }

  @Test(arguments: [
    ("overlong.txt", [0x43, 0x68, 0xC0, 0xAF, 0x0A] as [UInt8], "invalid UTF-8"),
    ("surrogate.txt", [0x43, 0xED, 0xA0, 0x80, 0x0A], "invalid UTF-8"),
    ("nul.txt", [0x43, 0x00, 0x00, 0x44, 0x0A], "binary"),
    ("lone16.txt", [0xFF, 0xFE, 0x43, 0x00, 0x00, 0xD8, 0x44, 0x00], "UTF-16"),
  ])
  func brokenEncodingsAreNamed(name: String, bytes: [UInt8], message: String) throws {
    let folder = try TemporaryFolder()
    let file = try folder.write(name, bytes)
    let result = try Glossa.run(["lint", file])
    #expect(result.status == 2)
    #expect(result.stderr.contains(name) && result.stderr.contains(message), "\(result.stderr)")
  }

  @Test func everyByteOrderMarkIsRead() throws {
    let folder = try TemporaryFolder()
    let text = "The Chungking delegation.\n"
    var files: [String] = []
    func write(_ name: String, _ bytes: [UInt8]) throws {
      files.append(try folder.write(name, bytes))
    }
    try write("utf8.txt", [0xEF, 0xBB, 0xBF] + Array(text.utf8))
    try write(
      "utf16le.txt", [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
    try write(
      "utf16be.txt", [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
    let scalars = text.unicodeScalars.map(\.value)
    try write(
      "utf32le.txt",
      [0xFF, 0xFE, 0x00, 0x00]
        + scalars.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8 & 0xFF), UInt8($0 >> 16 & 0xFF), 0] })
    try write(
      "utf32be.txt",
      [0x00, 0x00, 0xFE, 0xFF]
        + scalars.flatMap { [0, UInt8($0 >> 16 & 0xFF), UInt8($0 >> 8 & 0xFF), UInt8($0 & 0xFF)] })
    let result = try Glossa.run(["lint", "--format", "jsonl"] + files)
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.count == 5)
    #expect(
      lines.allSatisfy { $0.contains("\"found\": \"Chungking\"") && $0.contains("\"column\": 5") })
  }

  @Test func pathsWithNewlinesAndLeadingDashes() throws {
    let folder = try TemporaryFolder()
    try folder.write("-dash.txt", Array("Chungking.\n".utf8))
    try folder.write("new\nline.txt", Array("Chungking.\n".utf8))
    let dash = try Glossa.run(
      ["lint", "--format", "jsonl", "--glossary", TestFiles.root + "/glossary", "--", "-dash.txt"],
      in: folder.path)
    #expect(dash.status == 1)
    #expect(dash.stdout.contains("\"file\": \"-dash.txt\""))
    let newline = try Glossa.run(
      ["lint", "--format", "jsonl", "--glossary", TestFiles.root + "/glossary", "."],
      in: folder.path)
    #expect(newline.stdout.contains("new\\nline.txt"))
    #expect(newline.stdout.split(separator: "\n").count == 2)
    // GitHub annotations escape the newline as the format asks.
    let github = try Glossa.run(
      ["lint", "--format", "github", "--glossary", TestFiles.root + "/glossary", "."],
      in: folder.path)
    #expect(github.stdout.contains("new%0Aline.txt"))
  }

  @Test func aVeryLongTermAndPatternLikeTermsAreLiteral() throws {
    let folder = try TemporaryFolder()
    let long = String(repeating: "Chongqing", count: 11_112)  // 100,008 characters
    let glossary = try folder.write(
      "g.csv",
      Array(
        """
        id,en,en:deprecated
        long,\(long),
        regex,C++ (.*) [a-z]+ $1 \\\\d,.* ^
        """.utf8))
    let article = try folder.write(
      "a.txt", Array("Text: \(long) and C++ (.*) [a-z]+ $1 \\d and .* ^ here. Cpp anything.\n".utf8)
    )
    let result = try Glossa.run(["lint", "--format", "jsonl", "--glossary", glossary, article])
    let found = result.stdout.split(separator: "\n")
    // The long term is found (no finding: it is preferred and exact); the deprecated
    // pattern-like form is found literally, once.
    #expect(found.count == 1)
    #expect(found.first?.contains("\"found\": \".* ^\"") == true)
    let terms = try Glossa.run(["terms", "--glossary", glossary, article])
    #expect(terms.stdout.contains("\tlong\t"))
    #expect(terms.stdout.contains("\tregex\t"))
  }

  /// A made-up word for `index`: distinct for every index, pronounceable, lower case.
  static func word(_ index: Int) -> String {
    let syllables = ["ba", "ke", "di", "mo", "lu", "sa", "ti", "ro", "ne", "gu", "fa", "zi"]
    var rest = index
    var word = ""
    repeat {
      word += syllables[rest % syllables.count]
      rest /= syllables.count
    } while rest > 0
    return word
  }

  @Test func aMillionTermGlossaryIsLoadedAndMatched() throws {
    let folder = try TemporaryFolder()
    // 250,000 concepts of four terms: English preferred and deprecated, Simplified and
    // Traditional Chinese.
    var text = "id,en,en:deprecated,zh-Hans,zh-Hant\n"
    text.reserveCapacity(24_000_000)
    for index in 0..<250_000 {
      let word = Self.word(index)
      text +=
        "c\(index),\(word.capitalized) Bay,\(word) harbour,\(word)湾\(index),\(word)灣\(index)\n"
    }
    let glossary = try folder.write("million.csv", text)
    let article = try folder.write(
      "a.txt",
      "Ships left \(Self.word(7)) harbour for \(Self.word(249_999).capitalized) Bay and "
        + "\(Self.word(123_456)) harbour.\n")
    let result = try Glossa.run([
      "lint", "--format", "jsonl", "--timings", "--glossary", glossary, article,
    ])
    #expect(result.status == 1, "\(result.stderr)")
    let findings = result.stdout.split(separator: "\n")
    #expect(findings.count == 2)
    #expect(findings.allSatisfy { $0.contains("\"rule\": \"forbidden-term\"") })
    #expect(result.stdout.contains("\(Self.word(7).capitalized) Bay"))
    #expect(result.stdout.contains("\(Self.word(123_456).capitalized) Bay"))
    print("one million terms: \(result.stderr.split(separator: "\n").last ?? "")")
  }

  /// Found by benchmarking: libxml2 stops with an internal error ("huge input lookup") when it is
  /// handed more than 10 MB at once; every XML input is now fed in pieces.
  @Test func xmlFilesOverTenMegabytesAreRead() throws {
    let folder = try TemporaryFolder()
    var csv = "id,en,zh-Hans,en:deprecated,definition\n"
    let padding = String(repeating: "a definition long enough to make the file big ", count: 45)
    for index in 0..<6_000 {
      csv += "c\(index),Term \(Self.word(index)),术语\(index),Old \(Self.word(index)),\(padding)\n"
    }
    let glossary = try folder.write("big.csv", csv)
    let tbx = folder.path + "/big.tbx"
    let exported = try Glossa.run([
      "export", "--glossary", glossary, "--no-config", "--to", "tbx", "--output", tbx,
    ])
    #expect(exported.status == 0, "\(exported.stderr)")
    let size = try #require(
      try FileManager.default.attributesOfItem(atPath: tbx)[.size] as? Int)
    #expect(size > 12_000_000)
    let target = try folder.write("empty.csv", "id,en\n")
    let imported = try Glossa.run(["import", "--dry-run", "--glossary", target, tbx])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(
      imported.stdout.contains("would import 6000 concepts"), "\(imported.stdout.suffix(300))")
    // XLIFF, read whole for `glossa check`.
    var xliff =
      "<?xml version=\"1.0\"?><xliff version=\"1.2\"><file source-language=\"zh-CN\" target-language=\"en\"><body>"
    let notice = String(repeating: " and a long paragraph", count: 50)
    for index in 0..<10_000 {
      xliff +=
        "<trans-unit id=\"\(index)\"><source>重庆发布第\(index)号通知</source><target>Chongqing issues notice No. \(index)\(notice)</target></trans-unit>\n"
    }
    xliff += "</body></file></xliff>\n"
    let big = try folder.write("big.xlf", xliff)
    #expect(xliff.utf8.count > 10_000_000)
    let checked = try Glossa.run(["check", "--format", "jsonl", big])
    #expect(checked.status == 0, "\(checked.stderr)")
  }

  /// Found by fuzzing: Foundation's XMLParser traps on names that are not UTF-8 and on a
  /// processing instruction without data; Glossa checks and blanks them before parsing.
  @Test func inputsThatCrashedFoundationsParser() throws {
    let folder = try TemporaryFolder()
    let badName = try folder.write(
      "badname.tmx",
      Array((Self.tmxHeader + "<tu><tuv xml:la").utf8) + [0xFF]
        + Array("g=\"en\"><seg>a</seg></tuv></tu></body></tmx>".utf8))
    for command in Self.commandsReadingTMX(badName, memory: folder.path + "/tm.sqlite") {
      let result = try Glossa.run(command)
      #expect(result.status == 2, "\(command)")
      #expect(
        result.stderr.contains("badname.tmx:1:") && result.stderr.contains("invalid UTF-8"),
        "\(result.stderr)")
    }
    let instruction = try folder.write(
      "pi.xlf",
      Array(
        "<?xml version=\"1.0\"?><?empty?><xliff version=\"1.2\"><file source-language=\"zh-CN\" target-language=\"en\"><body><?x?><trans-unit id=\"1\"><source>重庆<?pi?></source><target>Chongqing</target></trans-unit></body></file></xliff>"
          .utf8))
    let checked = try Glossa.run(["check", "--format", "jsonl", instruction])
    #expect(checked.status == 0, "\(checked.stderr)")
    let tmx = try folder.write(
      "pi.tmx",
      Array(
        (Self.tmxHeader
          + "<?a?><tu><tuv xml:lang=\"en\"><seg>x<?b?>y</seg></tuv><tuv xml:lang=\"fr\"><seg>z</seg></tuv></tu><!-- <?not a pi?> --></body></tmx>")
          .utf8))
    let imported = try Glossa.run(["tm", "import", "--tm", folder.path + "/pi.sqlite", tmx])
    #expect(imported.status == 0, "\(imported.stderr)")
    let export = try Glossa.run(["tm", "export", "--tm", folder.path + "/pi.sqlite"])
    #expect(export.stdout.contains("<seg>xy</seg>"))
  }

  /// Found by fuzzing: a header column named `:` crashed the CSV reader; a malformed TBX in a
  /// legacy encoding crashed libxml2's converter (Glossa now converts with ICU first).
  @Test func moreInputsFoundByFuzzing() throws {
    let folder = try TemporaryFolder()
    let csv = try folder.write("colon.csv", Array("id,en,:,en:\nc1,Term,x,y\n".utf8))
    let check = try Glossa.run(["glossary", "check", csv])
    #expect(check.status == 2, "\(check.stderr)")
    #expect(
      check.stderr.contains("colon.csv:1:7: error: column ':': nothing on one side"),
      "\(check.stderr)")
    var tbx = Array(
      "<?xml version='1.0' encoding=\"windows-1254\" ?>\n<martif type=\"TBX\" xml:lang=\"en\">\n<text><body><termEntry><langSet xml:lang=\"tr\"><tig><term>"
        .utf8)
    tbx += [0xE9, 0xE1, 0x20, 0xDD, 0xFD]  // é á İ ı in windows-1254
    tbx +=
      Array("</term></tig></langSet></termEnt".utf8) + [0x87, 0xC1]
      + Array("dy>\n</text></martif>".utf8)
    let file = try folder.write("legacy.tbx", tbx)
    let result = try Glossa.run([
      "import", "--dry-run", "--glossary", TestFiles.root + "/glossary", file,
    ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("legacy.tbx:"), "\(result.stderr)")
    // The same file, well formed, reads its Turkish letters through ICU.
    var good = Array(
      "<?xml version='1.0' encoding=\"windows-1254\" ?>\n<martif type=\"TBX\" xml:lang=\"en\"><text><body><termEntry id=\"t\"><langSet xml:lang=\"tr\"><tig><term>"
        .utf8)
    good += [0xDD, 0x73, 0x74, 0x61, 0x6E, 0x62, 0x75, 0x6C]  // İstanbul
    good += Array("</term></tig></langSet></termEntry></body></text></martif>".utf8)
    let goodFile = try folder.write("good.tbx", good)
    // UTF-32 without a byte-order mark, and NUL bytes, crashed libxml2 after its autodetection.
    for (name, bytes) in [
      ("u32.xlf", [0, 0, 0, 0x3C, 0, 0, 0x72, 0, 0x3C, 0, 0, 0x72] as [UInt8]),
      ("nul.xlf", Array("<xliff version=\"1.2\">".utf8) + [0] + Array("</xliff>".utf8)),
    ] {
      let path = try folder.write(name, bytes)
      let checked = try Glossa.run(["check", path])
      #expect(checked.status == 2 && checked.stderr.contains(name + ":1:"), "\(checked.stderr)")
    }
    let glossary = try folder.write("g.csv", Array("id,en\nkeep,Keep\n".utf8))
    let imported = try Glossa.run(["import", "--glossary", glossary, goodFile])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(try String(contentsOfFile: glossary, encoding: .utf8).contains("İstanbul"))
  }

  /// A `<seg>` outside a `<tuv>` (found by the TMX fuzzer: one under `<tmx>` left open made the
  /// rest of the file inline markup, and the reader trapped popping one element too many), or
  /// inside another segment: a malformed TMX, named at its line, for every command that reads TMX.
  @Test func aSegmentOutsideAVariantIsAnError() throws {
    let folder = try TemporaryFolder()
    let cases = [
      (
        "stray.tmx",
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n<seg>sourc<header srclang=\"en\"/>\n<body>\n"
          + "<tu><tuv xml:lang=\"en\"><seg>source</seg></tuv>\n<tuv xml:lang=\"fr\"><seg>target</seg></tuv></tu>\n"
          + "</body></seg></tmx>\n",
        "stray.tmx:3: error: malformed TMX: <seg> must be inside a <tuv>, not inside <tmx>"
      ),
      (
        "intu.tmx",
        Self.tmxHeader + "\n<tu><seg>a</seg></tu></body></tmx>",
        "intu.tmx:2: error: malformed TMX: <seg> must be inside a <tuv>, not inside <tu>"
      ),
      (
        "nested.tmx",
        Self.tmxHeader
          + "\n<tu><tuv xml:lang=\"en\"><seg>a\n<seg>b</seg></seg></tuv></tu></body></tmx>",
        "nested.tmx:3: error: malformed TMX: <seg> must be inside a <tuv>, not inside <seg>"
      ),
    ]
    for (name, text, message) in cases {
      let path = try folder.write(name, text)
      for command in Self.commandsReadingTMX(path, memory: folder.path + "/tm.sqlite") {
        let result = try Glossa.run(command)
        #expect(result.status == 2, "\(command)")
        #expect(result.stderr.contains(message), "\(command): \(result.stderr)")
      }
    }
  }
}
