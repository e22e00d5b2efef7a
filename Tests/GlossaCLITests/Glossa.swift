import Foundation
import GlossaTestSupport
import Testing

/// Runs the built `glossa` binary.
enum Glossa {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// The `glossa` executable beside the test bundle.
  static let executable: URL = {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let beside = bundle.appendingPathComponent("glossa")
    if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
    return URL(fileURLWithPath: TestFiles.root + "/.build/debug/glossa")
  }()

  /// Runs `glossa arguments…` in `directory` (the repository by default), feeding `input`,
  /// with the variables of `environment` set; standard output goes to the file `output` when
  /// given (`/dev/full`), else into the result.
  static func run(
    _ arguments: [String], in directory: String = TestFiles.root, input: Data? = nil,
    output: String? = nil, environment extra: [String: String] = [:]
  ) throws -> Result {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    // No compiled glossary is kept in the user's cache, unless a test names a folder.
    environment["GLOSSA_CACHE_DIR"] = ""
    environment.merge(extra) { $1 }
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    let inPipe = Pipe()
    if let output, let file = FileHandle(forWritingAtPath: output) {
      process.standardOutput = file
      try out.fileHandleForWriting.close()
    } else {
      process.standardOutput = out
    }
    process.standardError = err
    process.standardInput = inPipe
    try process.run()
    // Read both pipes while the process runs, so a large output cannot block it.
    let group = DispatchGroup()
    nonisolated(unsafe) var stdout = Data()
    nonisolated(unsafe) var stderr = Data()
    DispatchQueue.global().async(group: group) {
      stdout = out.fileHandleForReading.readDataToEndOfFile()
    }
    DispatchQueue.global().async(group: group) {
      stderr = err.fileHandleForReading.readDataToEndOfFile()
    }
    if let input { inPipe.fileHandleForWriting.write(input) }
    try inPipe.fileHandleForWriting.close()
    process.waitUntilExit()
    group.wait()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }
}

/// A temporary folder, removed when the test ends.
final class TemporaryFolder {
  let path: String

  init() throws {
    path = NSTemporaryDirectory() + "glossa-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// Writes `bytes` to `name` in the folder; returns its path.
  @discardableResult
  func write(_ name: String, _ bytes: [UInt8]) throws -> String {
    let file = path + "/" + name
    try FileManager.default.createDirectory(
      atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: file))
    return file
  }

  /// Writes `text` as UTF-8.
  @discardableResult
  func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }
}
