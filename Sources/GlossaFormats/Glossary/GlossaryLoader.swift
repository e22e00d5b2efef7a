public import GlossaKit

/// Loads the glossary named on the command line: a CSV file, or every `*.csv` file in a folder.
public enum GlossaryLoader {
  /// Loads and merges the glossaries at `paths`, in order.
  /// - Throws: `InputError` for a missing path, an unreadable or malformed file, or a concept id
  ///   that two files share. Nothing is returned from a glossary with any error.
  public static func load(_ paths: [String]) throws(InputError) -> Glossary {
    var concepts: [Concept] = []
    var seen: [String: SourceLocation] = [:]
    for path in paths {
      let files: [String]
      switch FileAccess.kind(of: path) {
      case .directory:
        files = try FileAccess.files(under: path, extensions: ["csv"])
        guard !files.isEmpty else {
          throw InputError(file: path, message: "the folder holds no *.csv glossary")
        }
      case .file:
        files = [path]
      case .missing:
        throw InputError(
          file: path, message: "no such glossary file or folder (pass --glossary PATH)")
      case .other:
        throw InputError(file: path, message: "not a file or folder")
      }
      for file in files {
        let glossary = try GlossaryCSVReader(file: file).read(FileAccess.read(file))
        for concept in glossary.concepts {
          if let first = seen[concept.id] {
            throw InputError(
              file: file, line: concept.origin?.line, column: 1, field: "id",
              message: "duplicate concept id '\(concept.id)' (first in \(first))")
          }
          seen[concept.id] = concept.origin ?? SourceLocation(file: file, line: 0)
          concepts.append(concept)
        }
      }
    }
    return Glossary(concepts: concepts)
  }
}
