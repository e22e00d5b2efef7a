import ArgumentParser
import CMalloc
import Foundation
import GlossaFormats
import GlossaKit

extension OutputFormat: ExpressibleByArgument {}

/// When to colour text output.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
  case auto, always, never

  /// Whether to colour output written to standard output.
  var enabled: Bool {
    switch self {
    case .always: return true
    case .never: return false
    case .auto:
      let environment = ProcessInfo.processInfo.environment
      if environment["NO_COLOR"] != nil || environment["TERM"] == "dumb" { return false }
      return isatty(STDOUT_FILENO) != 0
    }
  }
}

/// The severity at which `glossa lint` exits with 1.
enum FailLevel: String, ExpressibleByArgument, CaseIterable {
  case error, warning, info, never

  /// Whether a run whose worst finding is `worst` fails.
  func fails(_ worst: Severity?) -> Bool {
    guard let worst else { return false }
    switch self {
    case .never: return false
    case .error: return worst >= .error
    case .warning: return worst >= .warning
    case .info: return true
    }
  }
}

/// How findings are reported and when the run fails: `--format`, `--fail-on`, `--color`, each
/// defaulting to `.glossa.yml`, then to text and error.
struct ReportOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Output format: text, json, jsonl, sarif or github (default: text).", valueName: "format"))
  var format: OutputFormat?

  @Option(
    help: ArgumentHelp(
      "Exit with 1 when a finding is at least this severe: error, warning, info or never (default: error).",
      valueName: "level"))
  var failOn: FailLevel?

  @Option(help: ArgumentHelp("Colour text output: auto, always or never.", valueName: "when"))
  var color: ColorChoice = .auto

  /// The output format: the option, else the configuration file's, else text.
  func outputFormat(_ project: ProjectConfiguration?) -> OutputFormat {
    format ?? project?.format.flatMap(OutputFormat.init(rawValue:)) ?? .text
  }

  /// The failing severity: the option, else the configuration file's, else error.
  func failLevel(_ project: ProjectConfiguration?) -> FailLevel {
    failOn ?? project?.failOn.flatMap(FailLevel.init(rawValue:)) ?? .error
  }
}

/// Writes to standard output in large, buffered pieces.
final class StandardOutput: @unchecked Sendable {
  private var buffer: [UInt8] = []

  func write(_ text: String) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count > 1 << 16 { flush() }
  }

  /// Writes UTF-8 bytes.
  func write(bytes: [UInt8]) {
    buffer.append(contentsOf: bytes)
    if buffer.count > 1 << 16 { flush() }
  }

  /// Writes what is buffered; a write that fails (a full disk) ends the run with exit code 2:
  /// a report cut short is no report.
  func flush() {
    guard !buffer.isEmpty else { return }
    writeStandardOutput(buffer)
    buffer.removeAll(keepingCapacity: true)
  }
}

/// Writes `bytes` to standard output, or ends the run with exit code 2 when it cannot (a full
/// disk): a report cut short must not pass for a whole one. (A closed pipe ends the process with
/// SIGPIPE before the write returns, as for any command-line tool.)
func writeStandardOutput(_ bytes: [UInt8]) {
  do {
    try FileAccess.writeAll(bytes, to: STDOUT_FILENO, name: "standard output")
  } catch {
    printError(error.diagnostic)
    Foundation.exit(2)
  }
}

/// Ends the run with exit code 2 when what `print` wrote cannot be written.
func flushPrintedOutput() {
  guard glossa_flush_standard_output() == 0 else {
    printError("standard output: error: \(FileAccess.reason(errno, reading: false))")
    Foundation.exit(2)
  }
}

/// Writes a line to standard error.
func printError(_ text: String) {
  // Errors on standard error itself go unreported: there is nowhere left to say so.
  try? FileAccess.writeAll(Array((text + "\n").utf8), to: STDERR_FILENO, name: "standard error")
}
