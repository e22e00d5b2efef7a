import Foundation
import GlossaKit

/// Reads the translation units of XLIFF 1.2 and XLIFF 2.x files, one at a time.
///
/// XLIFF 1.2: `<file source-language target-language>` and `<trans-unit id>` with `<source>`
/// and `<target>`. XLIFF 2.x: `<xliff srcLang trgLang>`, `<unit id>` and its `<segment>`s
/// (a unit with several segments gives one entry per segment, `unit/segment`). Inline codes
/// (`x`, `bx`, `ex`, `ph`, `bpt`, `ept`, `it`, `sc`, `ec`) are left out of the text; the text
/// inside `g`, `pc` and `mrk` is kept.
///
/// Related standards: XLIFF 1.2 (OASIS, 2008); XLIFF 2.1 (OASIS, 2018).
public enum XLIFFReader {
  /// One source and target pair.
  public struct Entry: Sendable, Equatable {
    /// The unit id (`unit/segment` for XLIFF 2 units with several segments).
    public var id: String
    /// The line of the unit.
    public var line: Int
    /// The source language as the file says.
    public var sourceLanguage: String
    /// The target language as the file says (empty when the file has none).
    public var targetLanguage: String
    /// The source text.
    public var source: String
    /// The target text, or `nil` when the unit has no target.
    public var target: String?
  }

  private static let skipped: Set<String> = [
    "alt-trans", "matches", "notes", "note", "originalData",
  ]
  private static let codes: Set<String> = [
    "x", "bx", "ex", "ph", "bpt", "ept", "it", "sc", "ec", "sm", "em",
  ]

  /// Reads the XLIFF bytes of `file`, calling `entry` for each pair.
  /// - Throws: `InputError` for malformed XML or a file that is not XLIFF.
  public static func read(
    _ bytes: [UInt8], file: String, _ entry: @escaping (Entry) throws(InputError) -> Void
  ) throws(InputError) {
    let reader = try XMLReader(data: Data(bytes), file: file)
    var version = ""
    var sourceLanguage = ""
    var targetLanguage = ""
    var unitID = ""
    var unitLine = 0
    var segmentIndex = 0
    var segmentCount = 0
    var segmentID: String?
    var capture: String?  // "source" or "target"
    var codeDepth = 0
    var source = ""
    var target: String?
    var sawRoot = false
    var pending: [Entry] = []
    // Suggestions (`alt-trans`, `mtc:matches`) and notes are not the unit's translation.
    var skipDepth = 0

    try reader.read { event, line throws(InputError) in
      switch event {
      case .start(let name, let attributes):
        if skipDepth > 0 || skipped.contains(name) {
          skipDepth += 1
          return
        }
        if !sawRoot {
          sawRoot = true
          guard name == "xliff" else {
            throw InputError(
              file: file, line: line,
              message: "not an XLIFF document: the root element is <\(name)>, not <xliff>")
          }
          version = attributes["version"] ?? ""
          sourceLanguage = attributes["srcLang"] ?? ""
          targetLanguage = attributes["trgLang"] ?? ""
          return
        }
        if capture != nil {
          if codes.contains(name) { codeDepth += 1 }
          return
        }
        switch name {
        case "file":
          if let language = attributes["source-language"] { sourceLanguage = language }
          if let language = attributes["target-language"] { targetLanguage = language }
        case "trans-unit", "unit":
          unitID = attributes["id"] ?? "line \(line)"
          unitLine = line
          segmentIndex = 0
          segmentCount = 0
          source = ""
          target = nil
          pending = []
        case "segment":
          segmentIndex += 1
          segmentID = attributes["id"]
          source = ""
          target = nil
        case "source":
          capture = "source"
          source = ""
        case "target":
          capture = "target"
          target = ""
        default:
          break
        }
      case .text(let string):
        guard let capture, codeDepth == 0, skipDepth == 0 else { return }
        if capture == "source" { source += string } else { target? += string }
      case .end(let name):
        if skipDepth > 0 {
          skipDepth -= 1
          return
        }
        if let current = capture {
          if name == current {
            capture = nil
            codeDepth = 0
          } else if codes.contains(name) {
            codeDepth -= 1
          }
          return
        }
        switch name {
        case "segment":
          segmentCount += 1
          let id = "\(unitID)/\(segmentID ?? String(segmentIndex))"
          pending.append(
            Entry(
              id: id, line: unitLine, sourceLanguage: sourceLanguage,
              targetLanguage: targetLanguage, source: source, target: target))
        case "unit":
          // A unit with one segment is named by the unit alone.
          for var item in pending {
            if segmentCount == 1 { item.id = unitID }
            try entry(item)
          }
          pending = []
        case "trans-unit":
          try entry(
            Entry(
              id: unitID, line: unitLine, sourceLanguage: sourceLanguage,
              targetLanguage: targetLanguage, source: source, target: target))
        default:
          break
        }
      }
    }
    guard sawRoot else {
      throw InputError(file: file, message: "not an XLIFF document: no root element")
    }
    guard version.hasPrefix("1.") || version.hasPrefix("2.") || version.isEmpty else {
      throw InputError(
        file: file, line: 1,
        message: "unsupported XLIFF version '\(version)' (1.2 and 2.x are read)")
    }
  }
}
