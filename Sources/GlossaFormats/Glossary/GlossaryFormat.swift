public import GlossaKit

/// The glossary file formats Glossa reads and writes.
public enum GlossaryFormat: String, CaseIterable, Sendable {
  /// Glossa's CSV (or a simple `source,target[,note]` CSV on import).
  case csv
  /// OmegaT's tab-separated glossary: source, target, comment.
  case tsv
  /// TBX v3 TBX-Basic (DCT) or TBX v2 `<martif>`.
  case tbx
  /// TMX 1.4b, one unit per concept.
  case tmx

  /// The format a file name says.
  public static func of(path: String) -> GlossaryFormat? {
    let lower = path.lowercased()
    if lower.hasSuffix(".csv") { return .csv }
    if lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") || lower.hasSuffix(".txt")
      || lower.hasSuffix(".utf8")
    {
      return .tsv
    }
    if lower.hasSuffix(".tbx") || lower.hasSuffix(".xml") { return .tbx }
    if lower.hasSuffix(".tmx") { return .tmx }
    return nil
  }

  /// What the reader noticed besides the glossary: skipped elements, the kind of CSV.
  public struct ReadReport: Sendable {
    /// Notes for the user, one line each.
    public var notes: [String] = []
  }

  /// Reads a glossary in this format.
  /// - Parameters:
  ///   - bytes: the file.
  ///   - file: its name, for messages.
  ///   - source: the language of the first column of two-language files.
  ///   - target: the language of the second column of two-language files.
  /// - Returns: the glossary and notes on what was read.
  /// - Throws: `InputError` with the place of the first problem.
  public func read(
    _ bytes: [UInt8], file: String, source: LanguageTag, target: LanguageTag
  ) throws(InputError) -> (Glossary, ReadReport) {
    var report = ReadReport()
    switch self {
    case .csv:
      let reader = GlossaryCSVReader(file: file)
      let header = (try? reader.header(bytes)) ?? []
      if header.contains(where: { $0.lowercased() == "id" }) {
        return (try reader.read(bytes), report)
      }
      report.notes.append("read as a two-language CSV (\(source.rawValue) → \(target.rawValue))")
      return (
        try TabularGlossary.read(
          bytes, file: file, separator: UInt8(ascii: ","), source: source, target: target), report
      )
    case .tsv:
      return (
        try TabularGlossary.read(
          bytes, file: file, separator: 0x09, source: source, target: target), report
      )
    case .tbx:
      let (glossary, tbx) = try TBXReader.read(bytes, file: file)
      for (name, count) in tbx.skipped.sorted(by: { $0.key < $1.key }) {
        report.notes.append("TBX v\(tbx.version): \(count) <\(name)> not kept")
      }
      return (glossary, report)
    case .tmx:
      return (try GlossaryTMX.read(bytes, file: file), report)
    }
  }
}
