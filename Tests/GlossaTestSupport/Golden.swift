public import Foundation
public import Testing

/// Compares `actual` with the golden file `name` in the `Golden` folder beside the test file.
///
/// The comparison is byte for byte. With `GLOSSA_RECORD=1` in the environment, writes the file instead and fails,
/// so that a recording is never mistaken for a pass.
public func assertGolden(
  _ actual: String, named name: String, filePath: String = #filePath,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent(
    "Golden")
  let url = folder.appendingPathComponent(name)
  if ProcessInfo.processInfo.environment["GLOSSA_RECORD"] == "1" {
    try? FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? Data(actual.utf8).write(to: url)
    Issue.record(
      "recorded golden file \(name); run again without GLOSSA_RECORD",
      sourceLocation: sourceLocation)
    return
  }
  guard let data = try? Data(contentsOf: url) else {
    Issue.record(
      "missing golden file \(url.path); run with GLOSSA_RECORD=1 to create it",
      sourceLocation: sourceLocation)
    return
  }
  let expected = String(decoding: data, as: UTF8.self)
  if expected != actual {
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let first =
      zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
      ?? min(expectedLines.count, actualLines.count)
    let want = first < expectedLines.count ? String(expectedLines[first]) : "<end>"
    let got = first < actualLines.count ? String(actualLines[first]) : "<end>"
    Issue.record(
      "output differs from \(name) at line \(first + 1):\n  expected: \(want)\n  actual:   \(got)",
      sourceLocation: sourceLocation)
  }
}
