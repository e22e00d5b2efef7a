import ArgumentParser
import Foundation
import GlossaFormats
import GlossaKit

/// The one CSV file that an editing command changes.
struct GlossaryFileOptions: ParsableArguments {
  @Option(
    name: .customLong("glossary"),
    help: ArgumentHelp(
      "The glossary CSV file to change, or a folder holding exactly one (default: ./glossary).",
      valueName: "path"))
  var path: String?

  @Option(help: ArgumentHelp("A .glossa.yml configuration file.", valueName: "path"))
  var config: String?

  @Flag(help: "Ignore any .glossa.yml file.")
  var noConfig = false

  /// The CSV file to edit.
  func file() throws -> String {
    var candidates: [String] = []
    if let path {
      candidates = [path]
    } else {
      if let project = try GlossaryOptions.project(config: config, noConfig: noConfig),
        !project.glossary.isEmpty
      {
        candidates = project.glossary
      } else {
        candidates = ["glossary"]
      }
    }
    guard candidates.count == 1, let candidate = candidates.first else {
      throw ValidationError("several glossaries are configured; choose one with --glossary FILE")
    }
    switch FileAccess.kind(of: candidate) {
    case .file,
      .missing where candidate.lowercased().hasSuffix(".csv"):
      return candidate
    case .directory:
      let files = try FileAccess.files(under: candidate, extensions: ["csv"])
      guard files.count == 1, let file = files.first else {
        throw ValidationError(
          "\(candidate) holds \(files.count) CSV files; choose one with --glossary \(candidate)/NAME.csv"
        )
      }
      return file
    default:
      throw ValidationError("\(candidate): no such glossary file; pass --glossary FILE.csv")
    }
  }
}

/// Reads, changes and writes one glossary file under its lock.
enum GlossaryEditor {
  /// Runs `change` on the glossary in `file` and writes the result, holding the file's lock.
  ///
  /// A missing file starts empty. Returns what `change` returns.
  static func edit<T>(
    _ file: String, write: Bool = true, _ change: (inout Glossary) throws -> T
  ) throws -> T {
    var outcome: Result<T, any Error>?
    try FileAccess.withExclusiveLock(on: file) { () throws(InputError) in
      let exists = FileAccess.kind(of: file) == .file
      let bytes = exists ? try FileAccess.read(file) : []
      let reader = GlossaryCSVReader(file: file)
      var glossary = exists ? try reader.read(bytes) : Glossary()
      let header = exists ? try reader.header(bytes) : []
      do {
        let value = try change(&glossary)
        if write {
          let writer = GlossaryCSVWriter(header: header)
          let data: [UInt8]
          do {
            data = try writer.write(glossary)
          } catch {
            throw InputError(file: file, message: "\(error)")
          }
          if data != bytes { try FileAccess.writeAtomically(data, to: file) }
        }
        outcome = .success(value)
      } catch let error as InputError {
        throw error
      } catch {
        outcome = .failure(error)
      }
    }
    switch outcome {
    case .success(let value): return value
    case .failure(let error): throw error
    case nil: throw ValidationError("the glossary was not changed")
    }
  }
}
