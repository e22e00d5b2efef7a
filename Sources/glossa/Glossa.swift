import ArgumentParser
import CMalloc
import Foundation
import GlossaFormats
import GlossaMemory

/// The `glossa` command: a terminology linter and translation-memory tool.
@main
struct Glossa: AsyncParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "glossa",
    abstract: "Check articles against a multilingual glossary of approved terms.",
    discussion: """
      Exit codes: 0 when no finding reaches --fail-on, 1 when one does, 2 for a usage or \
      input error (a malformed glossary, an unreadable or non-text file).

      Example:
        glossa lint seeds/
        glossa lint --glossary glossary/ --format json article.md
      """,
    version: version,
    subcommands: [
      Lint.self, Terms.self, Variants.self, Term.self, GlossaryCommand.self, Import.self,
      Export.self, TM.self, Check.self, Rules.self,
    ]
  )

  /// Runs the command, mapping outcomes to Glossa's exit codes (0, 1, 2) rather than
  /// argument-parser's defaults (64 for usage errors).
  static func main() async {
    // Before any memory is opened (see CMalloc.h).
    _ = glossa_sqlite_without_statistics()
    do {
      var command = try parseAsRoot()
      if var command = command as? AsyncParsableCommand {
        try await command.run()
      } else {
        try command.run()
      }
      flushPrintedOutput()
    } catch is FindingsAtFailLevel {
      flushPrintedOutput()
      Foundation.exit(1)
    } catch let error as InputError {
      printError(error.diagnostic)
      Foundation.exit(2)
    } catch let error as MemoryError {
      printError(error.diagnostic)
      Foundation.exit(2)
    } catch let error as InputErrors {
      _ = error
      Foundation.exit(2)
    } catch let error where exitCode(for: error) == .success {
      exit(withError: error)
    } catch {
      let message = fullMessage(for: error)
      printError(
        message.hasPrefix("Error:") || message.hasPrefix("error:") ? message : "error: " + message)
      Foundation.exit(2)
    }
  }
}

extension InputError {
  /// The error as a compiler-style diagnostic: `file:line:column: error: message`.
  var diagnostic: String {
    var place = file
    if let line {
      place += ":\(line)"
      if let column { place += ":\(column)" }
    }
    let message = field.map { "column '\($0)': " + self.message } ?? self.message
    return "\(place): error: \(message)"
  }
}

/// Thrown when findings reach the `--fail-on` severity: exit code 1.
struct FindingsAtFailLevel: Error {}

/// Thrown after some inputs could not be read (already reported): exit code 2.
struct InputErrors: Error {}

/// Objects kept until the process exits, never deallocated.
///
/// A compiled glossary of 100,000 terms is millions of allocations; freeing them one by one at
/// the end of a lint took 30-40 ms of a 0.35 s run, for memory the process is about to give back
/// whole.
enum ProcessLifetime {
  nonisolated(unsafe) private static var kept: [AnyObject] = []

  /// Keeps `object` (and all it holds) until the process exits.
  ///
  /// Main thread only.
  static func keep(_ object: AnyObject) { kept.append(object) }
}
