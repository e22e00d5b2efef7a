import Foundation
import GlossaTestSupport
import Testing

/// Bad input gets a clear message naming the place, exit code 2, and never a crash.
@Suite struct BadInputTests {
  @Test func invalidUTF8IsPlaced() throws {
    let folder = try TemporaryFolder()
    let file = try folder.write(
      "bad.txt",
      Array("Chongqing is fine.\nBut Chungk".utf8) + [0xFF, 0xFE] + Array("ing is not.\n".utf8))
    let result = try Glossa.run(["lint", file])
    #expect(result.status == 2)
    #expect(
      result.stderr.contains(
        "\(file):2:11: error: invalid UTF-8 at byte 29; save the file as UTF-8"), "\(result.stderr)"
    )
  }

  @Test func utf16WithAByteOrderMarkIsRead() throws {
    let folder = try TemporaryFolder()
    var bytes: [UInt8] = [0xFF, 0xFE]
    for unit in "Rain in Chungking.\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
    let file = try folder.write("utf16.txt", bytes)
    let result = try Glossa.run(["lint", file])
    #expect(result.status == 1)
    #expect(
      result.stdout.contains(
        "\(file):1:9: error [superseded-term] 'Chungking' was superseded by 'Chongqing' on 1979-01-01"
      ),
      "\(result.stdout)")
  }

  @Test func aMissingPathIsNamed() throws {
    let result = try Glossa.run(["lint", "no/such/article.txt", "seeds/001_0aa112279737a886.txt"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("no/such/article.txt: error: no such file or folder"))
    #expect(
      result.stdout.contains("seeds/001_0aa112279737a886.txt:6:16"),
      "the other input is still linted")
  }

  @Test func anUnreadableFileIsNamed() throws {
    guard getuid() != 0 else { return }  // root reads everything
    let folder = try TemporaryFolder()
    let file = try folder.write("secret.txt", "Chungking")
    chmod(file, 0)
    let result = try Glossa.run(["lint", file])
    #expect(result.status == 2)
    #expect(result.stderr.contains("\(file): error: permission denied: cannot read it"))
  }

  @Test func binaryFilesAreRefused() throws {
    let folder = try TemporaryFolder()
    let file = try folder.write(
      "image.txt", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00])
    let result = try Glossa.run(["lint", file])
    #expect(result.status == 2)
    #expect(
      result.stderr.contains(file + ":1:1: error: invalid UTF-8 at byte 0"), "\(result.stderr)")
    let nul = try folder.write("nul.txt", Array("text\u{0}more".utf8))
    let second = try Glossa.run(["lint", nul])
    #expect(second.status == 2)
    #expect(
      second.stderr.contains(nul + ":1:5: error: binary data (a NUL byte at byte 4)"),
      "\(second.stderr)")
  }

  @Test func emptyFilesAreNotedNotFailed() throws {
    let folder = try TemporaryFolder()
    let file = try folder.write("empty.txt", [])
    let result = try Glossa.run(["lint", file])
    #expect(result.status == 0)
    #expect(result.stderr.contains("\(file): note: empty file, nothing to check"))
    #expect(result.stdout.contains("1 file checked: no problems"))
  }

  @Test func oversizedInputsAreRefusedClearly() throws {
    let folder = try TemporaryFolder()
    let file = try folder.write("big.txt", String(repeating: "Chongqing ", count: 200))
    let result = try Glossa.run(["lint", "--max-file-size", "1000", file])
    #expect(result.status == 2)
    #expect(
      result.stderr.contains(
        "\(file): error: file is 2000 bytes, over the limit of 1000 bytes (raise it with --max-file-size)"
      ))
  }

  @Test func aLongSingleLineFileIsLinted() throws {
    let folder = try TemporaryFolder()
    let filler = Array(
      "the delegates held meetings about the year ahead and the plans of the city ".utf8)
    var bytes = Array("Officials from Chungking met. ".utf8)
    bytes.reserveCapacity(200 * 1024 * 1024 + 200)
    while bytes.count < 200 * 1024 * 1024 { bytes.append(contentsOf: filler) }
    let columnOfLast = bytes.count + 1
    bytes.append(contentsOf: Array("Chungking".utf8))
    let file = try folder.write("long.txt", bytes)
    bytes = []
    let result = try Glossa.run(["lint", "--format", "json", file])
    #expect(result.status == 1, "\(result.stderr)")
    #expect(
      result.stdout.contains("\"findings\": 2, \"errors\": 2"), "\(result.stdout.suffix(300))")
    #expect(
      result.stdout.contains("\"line\": 1, \"column\": 16, \"endLine\": 1, \"endColumn\": 25"))
    #expect(
      result.stdout.contains(
        "\"line\": 1, \"column\": \(columnOfLast), \"endLine\": 1, \"endColumn\": \(columnOfLast + 9)"
      ))
  }

  @Test(arguments: [
    (
      "unbalanced.csv", "id,en\nchongqing,\"Chongqing\nchengdu,Chengdu\n",
      "unbalanced.csv:2:11: error: unterminated quoted field: the quote opened here is never closed"
    ),
    ("headless.csv", "chongqing,Chongqing\n", "headless.csv:1:1: error: missing header row"),
    (
      "nopreferred.csv", "id,en,en:deprecated\nchongqing,,Chungking\n",
      "nopreferred.csv:2:1: error: concept 'chongqing' has no preferred form"
    ),
    (
      "status.csv", "id,en,en:forbiden\nchongqing,Chongqing,Chungking\n",
      "status.csv:1:7: error: column 'en:forbiden': 'forbiden' is not a status"
    ),
  ])
  func malformedGlossariesStopTheRun(name: String, content: String, message: String) throws {
    let folder = try TemporaryFolder()
    let glossary = try folder.write(name, content)
    let article = try folder.write("a.txt", "Chungking")
    let result = try Glossa.run(["lint", "--glossary", glossary, article])
    #expect(result.status == 2)
    #expect(result.stderr.contains(folder.path + "/" + message), "\(result.stderr)")
    #expect(result.stdout.isEmpty)
  }

  @Test func aMissingGlossaryIsNamed() throws {
    let folder = try TemporaryFolder()
    let article = try folder.write("a.txt", "Chungking")
    let result = try Glossa.run(["lint", article], in: folder.path)
    #expect(result.status == 2)
    #expect(
      result.stderr.contains(
        "glossary: error: no such glossary file or folder (pass --glossary PATH)"),
      "\(result.stderr)")
  }

  @Test func symbolicLinkLoopsEnd() throws {
    let folder = try TemporaryFolder()
    try folder.write("articles/a.txt", "Chungking")
    try FileManager.default.createSymbolicLink(
      atPath: folder.path + "/articles/loop", withDestinationPath: folder.path + "/articles")
    let result = try Glossa.run(["lint", folder.path + "/articles"])
    #expect(result.status == 1)
    #expect(result.stdout.contains("1 file checked"), "\(result.stdout)")
  }
}
