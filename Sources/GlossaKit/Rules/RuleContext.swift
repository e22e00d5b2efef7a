public import GlossaText

/// What a rule sees of one document: its occurrences and how to place and phrase findings.
public struct RuleContext {
  /// The document.
  public let document: Document
  /// Every term occurrence, in order.
  public let occurrences: [TermOccurrence]
  /// The configuration.
  public let configuration: LintConfiguration
  /// The glossary.
  public let glossary: Glossary
  /// How the article's language behaves.
  public let profile: LanguageProfile
  let lines: LineIndex

  /// Whether the prose range lies in a heading or title line.
  public func isInHeading(_ range: Range<Int>) -> Bool {
    document.headings.contains { $0.overlaps(range) }
  }

  /// Whether the prose offset begins a sentence: only spaces and opening punctuation stand
  /// between it and the start of the text, a paragraph break, or a sentence terminator.
  public func startsSentence(_ offset: Int) -> Bool {
    let text = document.text
    var i = offset
    var newlines = 0
    while i > 0 {
      i -= 1
      while i > 0 && !UTF8Scalars.isLeading(text[i]) { i -= 1 }
      let scalar = text.withUnsafeBufferPointer { UTF8Scalars.decode($0, at: i).0 }
      guard let character = Unicode.Scalar(scalar) else { return false }
      if character == "\n" {
        newlines += 1
        if newlines >= 2 { return true }
        continue
      }
      if character.properties.isWhitespace { continue }
      if Self.openers.contains(character) { continue }
      if profile.sentenceTerminators.contains(character) { return true }
      // The line before is a heading or title line without final punctuation.
      return newlines > 0 && document.headings.contains { $0.contains(i) }
    }
    return true
  }

  private static let openers: Set<Unicode.Scalar> = [
    "\"", "'", "“", "‘", "(", "[", "«", "‹", "「", "『", "（", "*", "_", "—", "–", "-",
  ]

  /// The preferred form of `occurrence`'s concept in the article's language, with the same
  /// plural ending.
  public func preferredForm(for occurrence: TermOccurrence) -> String? {
    let concept = glossary.concepts[occurrence.reference.conceptIndex]
    guard let preferred = concept.preferredTerm(for: configuration.language) else { return nil }
    return TermOccurrence.surface(of: preferred.text, ending: occurrence.ending)
  }

  /// A finding at `occurrence`.
  public func finding(
    _ rule: RuleDescription, severity: Severity, at occurrence: TermOccurrence, expected: String?,
    folds: FoldSet, message: String
  ) -> Finding {
    let range = document.sourceRange(forText: occurrence.range)
    let start = lines.position(ofByte: range.lowerBound)
    let end = lines.position(ofByte: range.upperBound)
    return Finding(
      rule: rule.id, severity: severity, file: document.path, line: start.line,
      column: start.column,
      endLine: end.line, endColumn: end.column, offset: range.lowerBound + document.byteOffsetBase,
      length: range.count, found: occurrence.text, expected: expected,
      concept: occurrence.conceptID,
      status: occurrence.term.status, folds: folds.folds, message: message)
  }
}

extension FoldSet {
  /// The fold names, joined for a message: `hyphenation, quotes`.
  public var names: String { folds.map(\.rawValue).joined(separator: ", ") }
}
