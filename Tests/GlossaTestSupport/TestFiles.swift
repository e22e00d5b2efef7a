import Foundation

/// Paths of the repository and of the shared sample data, for tests.
public enum TestFiles {
  /// The repository root (the folder holding Package.swift).
  public static let root: String = {
    var path = #filePath
    for _ in 0..<3 {
      if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
    }
    return path
  }()

  /// The shared folder beside the repository (`../shared`), which holds the seeds, samples and data.
  public static let shared: String = root + "/../shared"

  /// A fresh folder under the system's temporary folder, named from `prefix`; the caller
  /// removes it.
  public static func temporaryFolder(_ prefix: String) throws -> String {
    let path = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }
}
