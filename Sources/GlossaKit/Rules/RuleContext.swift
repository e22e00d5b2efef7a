public import GlossaText

/// What a rule sees of one document: its occurrences and how to place and phrase findings.
public struct RuleContext {
  /// The document.
  public let document: Document
  /// What the scan of the document found.
  public let scan: Scan
  /// The term occurrences, in order: every one in a scan of ``Linter/scan(_:)``; in a lint, all
  /// but the quiet ones (approved forms as they stand, outside concepts with an acronym and
  /// exception contexts), which no rule reports.
  public var occurrences: [TermOccurrence] { scan.occurrences }
  /// The configuration.
  public let configuration: LintConfiguration
  /// The glossary.
  public let glossary: Glossary
  /// How the article's language behaves.
  public let profile: LanguageProfile
  let lines: LineIndex

  /// Whether the prose range lies in a heading or title line.
  public func isInHeading(_ range: Range<Int>) -> Bool {
    // Headings are in order and apart: find the last one that starts before the range ends.
    let headings = document.headings
    var low = 0
    var high = headings.count
    while low < high {
      let middle = (low + high) / 2
      if headings[middle].lowerBound < range.upperBound { low = middle + 1 } else { high = middle }
    }
    var index = low - 1
    while index >= 0 {
      if headings[index].overlaps(range) { return true }
      if headings[index].upperBound <= range.lowerBound { break }
      index -= 1
    }
    return false
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
      if scalar < 0x80 {
        // ASCII, without the scalar properties and set look-ups: white space, then openers.
        if UTF8Scalars.isASCIIWhitespace(UInt8(scalar)) { continue }
        if Self.asciiOpeners.contains(UInt8(scalar)) { continue }
      } else {
        if character.properties.isWhitespace { continue }
        if Self.openers.contains(character) { continue }
      }
      if profile.sentenceTerminators.contains(character) { return true }
      // The line before is a heading or title line without final punctuation.
      return newlines > 0 && document.headings.contains { $0.contains(i) }
    }
    return true
  }

  private static let openers: Set<Unicode.Scalar> = [
    "\"", "'", "“", "‘", "(", "[", "«", "‹", "「", "『", "（", "*", "_", "—", "–", "-",
  ]

  /// The ASCII ``openers``.
  private static let asciiOpeners = openers.filter(\.isASCII).map { UInt8($0.value) }

  /// The replacement for the text `found` at `offset` by `form`: `form` with a capital when
  /// `found` begins a sentence with one.
  public func replacement(_ form: String, for found: String, at offset: Int) -> String {
    guard let first = form.first, first.isLowercase, found.first?.isUppercase == true,
      startsSentence(offset)
    else { return form }
    return first.uppercased() + form.dropFirst()
  }

  /// The preferred form of `occurrence`'s concept, when it has exactly one in the article's
  /// language: the form a fix may write.
  public func uniquePreferredForm(for occurrence: TermOccurrence) -> String? {
    let concept = glossary.concepts[occurrence.reference.conceptIndex]
    let preferred = concept.languages.filter { configuration.language.covers($0.language) }
      .flatMap { $0.terms.filter { $0.status == .preferred } }
    guard preferred.count == 1, let form = preferred.first?.text else { return nil }
    return TermOccurrence.surface(of: form, ending: occurrence.ending)
  }

  /// The preferred form of `occurrence`'s concept in the article's language, with the same
  /// plural ending.
  public func preferredForm(for occurrence: TermOccurrence) -> String? {
    let concept = glossary.concepts[occurrence.reference.conceptIndex]
    guard let preferred = concept.preferredTerm(for: configuration.language) else { return nil }
    return TermOccurrence.surface(of: preferred.text, ending: occurrence.ending)
  }

  /// The article's date (`YYYY-MM-DD`): from the command line, the document's metadata, or
  /// today.
  public var articleDate: String {
    if let date = configuration.articleDate { return date }
    for key in Self.dateKeys {
      if let value = document.metadata[key], let date = Self.isoDate(value) { return date }
    }
    return configuration.today
  }

  private static let dateKeys = [
    "date", "published", "publish-date", "publish_date", "date-published", "pubdate",
    "article:published_time", "dc.date", "dcterms.date", "og:published_time",
  ]

  /// The `YYYY-MM-DD` at the start of `text`, if there is one.
  static func isoDate(_ text: String) -> String? {
    let prefix = String(
      text.trimmingPrefix(while: { $0 == " " || $0 == "\"" || $0 == "'" }).prefix(10))
    let parts = prefix.split(separator: "-")
    guard prefix.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2,
      parts[2].count == 2, parts.allSatisfy({ $0.allSatisfy(\.isNumber) })
    else { return nil }
    return prefix
  }

  /// A finding at `occurrence`.
  public func finding(
    _ rule: RuleDescription, severity: Severity, at occurrence: TermOccurrence, expected: String?,
    folds: FoldSet, message: String, fix: String? = nil
  ) -> Finding {
    finding(
      rule, severity: severity, range: occurrence.range,
      normalizedRange: occurrence.normalizedRange,
      found: occurrence.text, concept: occurrence.conceptID, status: occurrence.term.status,
      expected: expected, folds: folds, message: message, fix: fix)
  }

  /// A finding at the prose range `range`.
  ///
  /// Not inlined: built here, a finding is handed back into the caller's storage and moved into
  /// its array; inlined, the optimizer built it twice and copied one into the other (a retain and
  /// a release of each of its strings).
  @inline(never)
  public func finding(
    _ rule: RuleDescription, severity: Severity, range: Range<Int>, normalizedRange: Range<Int>,
    found: String, concept: String?, status: TermStatus?, expected: String?, folds: FoldSet,
    message: String, fix: String? = nil
  ) -> Finding {
    let source = document.sourceRange(forText: range)
    let start = lines.position(ofByte: source.lowerBound)
    let end = lines.position(ofByte: source.upperBound)
    // A fix replaces file bytes, so the occurrence must be the file's own text, without markup.
    let clean = TermScanner.sameBytes(document.source[source], found)
    return Finding(
      rule: rule.id, severity: severity, file: document.path, line: start.line,
      column: start.column, endLine: end.line, endColumn: end.column,
      offset: source.lowerBound + document.byteOffsetBase, length: source.count, found: found,
      expected: expected, concept: concept, status: status, folds: folds.folds, message: message,
      fix: clean && fix != found ? fix : nil,
      fingerprint: fingerprintKey(rule: rule.id, concept: concept, normalizedRange: normalizedRange)
    )
  }

  /// The hash of what a fingerprint is made of, as ``StableHash`` digits.
  ///
  /// That is: rule, concept, the normalized text found and up to 32 bytes of normalized text on
  /// each side within the paragraph, joined by U+001F. The linter continues the hash with the
  /// ordinal of equal keys in the file.
  private func fingerprintKey(rule: String, concept: String?, normalizedRange: Range<Int>) -> String
  {
    let bytes = scan.normalized.utf8
    var key = StableHash.State()
    key.add(rule.utf8)
    key.add(0x1F)
    key.add((concept ?? "").utf8)
    guard normalizedRange.upperBound <= bytes.count else { return key.hex }
    var lower = max(0, normalizedRange.lowerBound - 32)
    while lower < normalizedRange.lowerBound && !UTF8Scalars.isLeading(bytes[lower]) { lower += 1 }
    var upper = min(bytes.count, normalizedRange.upperBound + 32)
    while upper > normalizedRange.upperBound && upper < bytes.count
      && !UTF8Scalars.isLeading(bytes[upper])
    {
      upper -= 1
    }
    // The context before and after, within the paragraph; spaces at the edges depend on what
    // follows the paragraph, not on the finding.
    var before = lower
    if let cut = bytes[lower..<normalizedRange.lowerBound].lastIndex(of: 0x0A) { before = cut + 1 }
    while before < normalizedRange.lowerBound && bytes[before] == 0x20 { before += 1 }
    var after = upper
    if let cut = bytes[normalizedRange.upperBound..<upper].firstIndex(of: 0x0A) { after = cut }
    while after > normalizedRange.upperBound && bytes[after - 1] == 0x20 { after -= 1 }
    bytes.withUnsafeBufferPointer { bytes in
      key.add(0x1F)
      key.add(bytes[normalizedRange])
      key.add(0x1F)
      key.add(bytes[before..<normalizedRange.lowerBound])
      key.add(0x1F)
      key.add(bytes[normalizedRange.upperBound..<after])
    }
    return key.hex
  }
}

extension FoldSet {
  /// The fold names, joined for a message: `hyphenation, quotes`.
  public var names: String { folds.map(\.rawValue).joined(separator: ", ") }
}
