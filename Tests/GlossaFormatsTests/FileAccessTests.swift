import Foundation
import GlossaTestSupport
import Testing

@testable import GlossaFormats

/// Walking folders for the files a command reads.
@Suite struct FileAccessTests {
  /// Names of every length from 4 bytes (`a.md`) to 255 (the longest a file system allows), of
  /// one- and three-byte characters, come back whole: the system packs each folder entry by its
  /// name's length, so that these end at every place in its buffer, and a name read past its end
  /// would show (or crash, where the buffer ends a page: CI's ten-thousand-file lint did).
  @Test func namesOfEveryLengthComeBackWhole() throws {
    let folder = try TestFiles.temporaryFolder("glossa-walk")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var expected: [String] = []
    for length in 4...255 {
      // Each length twice: letters alone, and letters then ideographs (three bytes each).
      let ideographs = String(repeating: "会", count: (length - 3) / 3)
      let ascii = String(repeating: "n", count: length - 3 - ideographs.utf8.count)
      for name in [String(repeating: "a", count: length - 3) + ".md", ascii + ideographs + ".md"] {
        #expect(FileManager.default.createFile(atPath: folder + "/" + name, contents: Data()))
        expected.append(folder + "/" + name)
      }
    }
    // Left out: hidden files, and names with other endings.
    for name in [".hidden.md", "notes.rtf", "README"] {
      #expect(FileManager.default.createFile(atPath: folder + "/" + name, contents: Data()))
    }
    let found = try FileAccess.files(under: folder, extensions: ["md"])
    #expect(found.count == expected.count)
    #expect(found == expected.sorted())
  }
}
