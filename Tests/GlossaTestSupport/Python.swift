public import Foundation

/// Runs Python, for checks done with Python's validators (jsonschema).
public enum Python {
  /// What a Python run printed and returned.
  public struct Result: Sendable {
    /// The exit status.
    public var status: Int32
    /// Standard output and standard error together.
    public var output: String
  }

  /// Runs `script` with `arguments` under `python3`.
  public static func run(_ script: String, arguments: [String] = []) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
  }
}
