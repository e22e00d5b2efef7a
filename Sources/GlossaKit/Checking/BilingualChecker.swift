public import GlossaText

/// A source segment and its translation, as a bilingual file or a translation memory holds it.
public struct BilingualSegment: Sendable, Equatable {
  /// The unit's identifier (`tuid`, XLIFF `id`), or a number when it has none.
  public var id: String
  /// The source language.
  public var sourceLanguage: LanguageTag
  /// The target language.
  public var targetLanguage: LanguageTag
  /// The source text, inline codes left out.
  public var source: String
  /// The target text, or `nil` when the unit has no translation.
  public var target: String?

  /// Creates a segment.
  public init(
    id: String, sourceLanguage: LanguageTag, targetLanguage: LanguageTag, source: String,
    target: String?
  ) {
    self.id = id
    self.sourceLanguage = sourceLanguage
    self.targetLanguage = targetLanguage
    self.source = source
    self.target = target
  }
}

/// A problem in a translation.
public struct BilingualFinding: Sendable, Equatable {
  /// Which side of the pair a finding points into.
  public enum Side: String, Sendable {
    /// The source text.
    case source
    /// The target text.
    case target
  }

  /// The rule that found it, such as `key-term-mismatch`.
  public var rule: String
  /// How serious it is.
  public var severity: Severity
  /// The side the finding points into.
  public var side: Side
  /// The place of what was found, in UTF-8 bytes of that side's text; `nil` for the whole
  /// segment.
  public var range: Range<Int>?
  /// The text found (the source term, the stray characters, the number).
  public var found: String
  /// What the target should hold, when known.
  public var expected: String?
  /// The concept concerned.
  public var concept: String?
  /// A one-line message.
  public var message: String
}

/// Checks translations against the glossary, against themselves and against each other.
///
/// | rule | severity | finds |
/// |---|---|---|
/// | `key-term-mismatch` | error | a glossary term in the source without an approved target form in the target |
/// | `inconsistent-target` | error | one normalized source translated in two ways |
/// | `inconsistent-source` | warning | one target standing for two different sources |
/// | `untranslated` | error | no target, a target equal to its source, Chinese left in a non-Chinese target |
/// | `number-mismatch` | warning | numbers that differ between source and target (Chinese notation understood) |
///
/// The monolingual lint rules run on the target side through ``Linter``; the command places
/// their findings. Sources in Traditional script match a Simplified glossary through the
/// `script` fold. A checker keeps what the consistency rules need of the segments seen so far,
/// so segments stream through it one at a time.
public final class BilingualChecker {
  /// The descriptions of the bilingual rules.
  public static let rules: [RuleDescription] = [
    RuleDescription(
      id: "key-term-mismatch", name: "key term mismatch",
      summary: "A glossary term in the source has none of its approved translations in the target.",
      rationale:
        "Key terms carry the official rendering; a segment that translates one otherwise, or drops it, is where a wrong name reaches print.",
      defaultSeverity: .error,
      triggeringExamples: ["重庆发布 → ↓Chungking releases"],
      nonTriggeringExamples: ["重庆发布 → Chongqing releases"]),
    RuleDescription(
      id: "inconsistent-target", name: "inconsistent target",
      summary: "The same source segment is translated in different ways.",
      rationale:
        "A memory that holds two translations of one sentence offers both to the next translator; one of them is usually out of date.",
      defaultSeverity: .error, triggeringExamples: [], nonTriggeringExamples: []),
    RuleDescription(
      id: "inconsistent-source", name: "inconsistent source",
      summary: "One translation stands for different source segments.",
      rationale:
        "Two different sources with one translation often means a segment was pasted twice or a source changed after it was translated.",
      defaultSeverity: .warning, triggeringExamples: [], nonTriggeringExamples: []),
    RuleDescription(
      id: "untranslated", name: "untranslated",
      summary:
        "A segment has no translation, a translation equal to its source, or Chinese left in the target.",
      rationale:
        "Untranslated text in a published English article is the most visible error of all.",
      defaultSeverity: .error, triggeringExamples: [], nonTriggeringExamples: []),
    RuleDescription(
      id: "number-mismatch", name: "number mismatch",
      summary: "The numbers of the source and the target differ.",
      rationale:
        "Figures are where translation errors cost most; Chinese scales (万, 亿) make them easy to get wrong by a factor of ten thousand.",
      defaultSeverity: .warning, triggeringExamples: [], nonTriggeringExamples: []),
  ]

  /// The glossary.
  public let glossary: Glossary
  /// Severities and switches, shared with `glossa lint`.
  public let configuration: LintConfiguration
  private let normalizer: TextNormalizer
  private var scanners: [LanguageTag: TermScanner] = [:]
  private var targetsBySource: [String: (target: String, id: String, text: String)] = [:]
  private var sourcesByTarget: [String: (source: String, id: String, text: String)] = [:]

  /// Creates a checker.
  /// - Throws: `ICUError` when ICU cannot be loaded.
  public init(glossary: Glossary, configuration: LintConfiguration = LintConfiguration())
    throws(ICUError)
  {
    self.glossary = glossary
    self.configuration = configuration
    normalizer = try TextNormalizer()
  }

  /// The scanner for text in `language`, compiled on first use.
  public func scanner(for language: LanguageTag) throws(ICUError) -> TermScanner {
    let key = LanguageTag(language.language) ?? language
    if let scanner = scanners[key] { return scanner }
    let scanner = try TermScanner(matcher: TermMatcher(glossary: glossary, language: key))
    scanners[key] = scanner
    return scanner
  }

  /// The findings of one segment, consistency with the segments seen before included.
  /// - Throws: `ICUError` when ICU cannot be loaded.
  public func check(_ segment: BilingualSegment) throws(ICUError) -> [BilingualFinding] {
    var findings: [BilingualFinding] = []
    let target = segment.target ?? ""
    let sourceKey = key(segment.source)
    let targetKey = key(target)
    guard !sourceKey.isEmpty else { return [] }

    if let finding = untranslated(segment, sourceKey: sourceKey, targetKey: targetKey) {
      findings.append(finding)
    }
    let hasTarget = !targetKey.isEmpty
    if hasTarget {
      findings += try keyTerms(source: segment.source, target: target, segment: segment)
      findings += numbers(source: segment.source, target: target)
      findings += consistency(segment, sourceKey: sourceKey, targetKey: targetKey)
    }
    return findings.filter { severity(of: $0.rule) != nil }.map {
      var finding = $0
      finding.severity = severity(of: $0.rule) ?? finding.severity
      return finding
    }
  }

  /// The severity of a bilingual rule after configuration, or `nil` when it is off.
  public func severity(of rule: String) -> Severity? {
    guard let description = Self.rules.first(where: { $0.id == rule }) else { return .warning }
    return configuration.severity(of: description)
  }

  /// The key a text is compared by: normalized with every fold, outer spaces trimmed.
  public func key(_ text: String) -> String {
    let scalars = Array(normalizer.normalize(text).string.unicodeScalars)
    // A space counts only between two letters or digits of a spaced script: `2020 年` and
    // `2020年`, `today .` and `today.` are one text.
    func isWord(_ scalar: Unicode.Scalar) -> Bool {
      scalar.properties.isAlphabetic && !Self.isHan(scalar) || ("0"..."9").contains(scalar)
    }
    var key = String.UnicodeScalarView()
    for (index, scalar) in scalars.enumerated() {
      if scalar == " " || scalar == "\n" {
        guard index > 0, index + 1 < scalars.count, isWord(scalars[index - 1]),
          isWord(scalars[index + 1]), key.last != " "
        else { continue }
        key.append(" ")
      } else {
        key.append(scalar)
      }
    }
    return String(key)
  }

  // MARK: Rules

  private func untranslated(_ segment: BilingualSegment, sourceKey: String, targetKey: String)
    -> BilingualFinding?
  {
    if targetKey.isEmpty {
      return BilingualFinding(
        rule: "untranslated", severity: .error, side: .source, range: nil, found: segment.source,
        expected: nil, concept: nil,
        message: segment.target == nil
          ? "the unit has no \(segment.targetLanguage) translation"
          : "the \(segment.targetLanguage) translation is empty")
    }
    if sourceKey == targetKey
      && sourceKey.unicodeScalars.contains(where: { $0.properties.isAlphabetic })
      && segment.sourceLanguage.language != segment.targetLanguage.language
    {
      return BilingualFinding(
        rule: "untranslated", severity: .error, side: .target, range: nil,
        found: segment.target ?? "", expected: nil, concept: nil,
        message: "the translation is the same as the source")
    }
    let targetIsChinese = ["zh", "ja"].contains(segment.targetLanguage.language)
    if !targetIsChinese, let target = segment.target,
      let run = Self.hanRuns(in: target).first
    {
      let text = String(decoding: Array(target.utf8)[run], as: UTF8.self)
      return BilingualFinding(
        rule: "untranslated", severity: .error, side: .target, range: run, found: text,
        expected: nil, concept: nil,
        message: "Chinese characters '\(text)' left in the \(segment.targetLanguage) translation")
    }
    return nil
  }

  /// The runs of Han characters in `text`, in UTF-8 bytes.
  public static func hanRuns(in text: String) -> [Range<Int>] {
    var runs: [Range<Int>] = []
    var start: Int?
    var offset = 0
    for scalar in text.unicodeScalars {
      if isHan(scalar) {
        if start == nil { start = offset }
      } else if let first = start {
        runs.append(first..<offset)
        start = nil
      }
      offset += UTF8.width(scalar)
    }
    if let first = start { runs.append(first..<offset) }
    return runs
  }

  private static func isHan(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F, 0x3007: true
    default: false
    }
  }

  /// Key terms of the source whose approved translations the target lacks.
  func keyTerms(source: String, target: String, segment: BilingualSegment) throws(ICUError)
    -> [BilingualFinding]
  {
    let sourceScan = try scanner(for: segment.sourceLanguage).scan(Array(source.utf8))
    guard !sourceScan.occurrences.isEmpty else { return [] }
    let targetScan = try scanner(for: segment.targetLanguage).scan(Array(target.utf8))
    var approved: Set<String> = []
    var forbidden: [String: TermOccurrence] = [:]
    for occurrence in targetScan.occurrences + targetScan.embedded
    where !occurrence.isExcepted {
      if occurrence.term.status.isApproved {
        approved.insert(occurrence.conceptID)
      } else if forbidden[occurrence.conceptID] == nil {
        forbidden[occurrence.conceptID] = occurrence
      }
    }
    var findings: [BilingualFinding] = []
    var reported: Set<String> = []
    let targetLanguage = LanguageTag(segment.targetLanguage.language) ?? segment.targetLanguage
    for occurrence in sourceScan.occurrences where !occurrence.isExcepted {
      let concept = glossary.concepts[occurrence.reference.conceptIndex]
      let forms = concept.languages.filter { targetLanguage.covers($0.language) }
        .flatMap(\.terms).filter { $0.status.isApproved }
      guard !forms.isEmpty, !approved.contains(concept.id), !reported.contains(concept.id) else {
        continue
      }
      // A shorter term inside this one, translated as approved, is enough: 重庆市委书记 is
      // often "Chongqing Party chief", not "Chongqing Municipality Party chief".
      let nested = sourceScan.embedded.contains { inner in
        inner.range.lowerBound >= occurrence.range.lowerBound
          && inner.range.upperBound <= occurrence.range.upperBound
          && approved.contains(inner.conceptID)
      }
      if nested { continue }
      // A term nested in a longer source term counts when the target has the longer one.
      reported.insert(concept.id)
      let preferred = forms.first { $0.status == .preferred } ?? forms[0]
      let range = occurrence.range
      var message =
        "'\(occurrence.text)' (\(concept.id)) is not translated as '\(preferred.text)'"
      if let wrong = forbidden[concept.id] {
        message += ": the target has the \(wrong.term.status.rawValue) form '\(wrong.text)'"
      } else if forms.count > 1 {
        let others = forms.filter { $0.text != preferred.text }.map { "'\($0.text)'" }
        message += " (or \(others.joined(separator: ", ")))"
      }
      findings.append(
        BilingualFinding(
          rule: "key-term-mismatch", severity: .error, side: .source, range: range,
          found: occurrence.text, expected: preferred.text, concept: concept.id,
          message: message))
    }
    return findings
  }

  /// Numbers in one side that the other lacks.
  func numbers(source: String, target: String) -> [BilingualFinding] {
    let sourceNumbers = NumberExtractor.scan(source)
    let targetNumbers = NumberExtractor.scan(target)
    let (missing, extra) = NumberExtractor.difference(sourceNumbers, targetNumbers)
    guard !missing.isEmpty || !extra.isEmpty else { return [] }
    var parts: [String] = []
    if !missing.isEmpty {
      parts.append(
        "the source's \(missing.map(NumberExtractor.format).joined(separator: ", ")) not in the target"
      )
    }
    if !extra.isEmpty {
      parts.append(
        "the target's \(extra.map(NumberExtractor.format).joined(separator: ", ")) not in the source"
      )
    }
    let place = sourceNumbers.first { number in
      !number.isWord && missing.contains { NumberExtractor.sameValue($0, number.value) }
    }
    let range = place.map { Self.byteRange(ofScalars: $0.range, in: source) }
    let found = range.map { String(decoding: Array(source.utf8)[$0], as: UTF8.self) } ?? ""
    return [
      BilingualFinding(
        rule: "number-mismatch", severity: .warning, side: .source, range: range,
        found: found, expected: nil, concept: nil,
        message: "numbers differ: " + parts.joined(separator: "; "))
    ]
  }

  private func consistency(_ segment: BilingualSegment, sourceKey: String, targetKey: String)
    -> [BilingualFinding]
  {
    var findings: [BilingualFinding] = []
    let pair = segment.sourceLanguage.language + ">" + segment.targetLanguage.language + "\u{1F}"
    if let first = targetsBySource[pair + sourceKey] {
      if first.target != targetKey {
        findings.append(
          BilingualFinding(
            rule: "inconsistent-target", severity: .error, side: .target, range: nil,
            found: segment.target ?? "", expected: first.text, concept: nil,
            message:
              "the same source is translated as '\(Self.clip(first.text))' in unit \(first.id)"))
      }
    } else {
      targetsBySource[pair + sourceKey] = (targetKey, segment.id, segment.target ?? "")
    }
    if let first = sourcesByTarget[pair + targetKey] {
      if first.source != sourceKey {
        findings.append(
          BilingualFinding(
            rule: "inconsistent-source", severity: .warning, side: .source, range: nil,
            found: segment.source, expected: nil, concept: nil,
            message:
              "the same translation stands for '\(Self.clip(first.text))' in unit \(first.id)"))
      }
    } else {
      sourcesByTarget[pair + targetKey] = (sourceKey, segment.id, segment.source)
    }
    return findings
  }

  /// A text cut to 60 characters for messages.
  static func clip(_ text: String) -> String {
    text.count <= 60 ? text : String(text.prefix(59)) + "…"
  }

  /// The UTF-8 byte range of the scalar range `range` of `text`.
  public static func byteRange(ofScalars range: Range<Int>, in text: String) -> Range<Int> {
    var offset = 0
    var start = 0
    for (index, scalar) in text.unicodeScalars.enumerated() {
      if index == range.lowerBound { start = offset }
      if index == range.upperBound { return start..<offset }
      offset += UTF8.width(scalar)
    }
    if range.lowerBound >= text.unicodeScalars.count { start = offset }
    return start..<offset
  }

  // MARK: Documents

  /// The findings of a document and its translation, checked as wholes: key terms of the source
  /// missing from the target (once per concept, at the first source occurrence), numbers of one
  /// side missing from the other (once per value), and Chinese left in a non-Chinese target.
  /// - Throws: `ICUError` when ICU cannot be loaded.
  public func checkDocuments(
    source: String, target: String, sourceLanguage: LanguageTag, targetLanguage: LanguageTag
  ) throws(ICUError) -> [BilingualFinding] {
    let segment = BilingualSegment(
      id: "document", sourceLanguage: sourceLanguage, targetLanguage: targetLanguage,
      source: source, target: target)
    var findings = try keyTerms(source: source, target: target, segment: segment)
    if !["zh", "ja"].contains(targetLanguage.language) {
      let bytes = Array(target.utf8)
      for run in Self.hanRuns(in: target) {
        let text = String(decoding: bytes[run], as: UTF8.self)
        findings.append(
          BilingualFinding(
            rule: "untranslated", severity: .error, side: .target, range: run, found: text,
            expected: nil, concept: nil,
            message: "Chinese characters '\(text)' left in the \(targetLanguage) translation"))
      }
    }
    // Numbers: each value of one side that the other never states.
    let sourceNumbers = NumberExtractor.scan(source)
    let targetNumbers = NumberExtractor.scan(target)
    func unmatched(_ numbers: [NumberExtractor.Number], against others: [NumberExtractor.Number])
      -> [NumberExtractor.Number]
    {
      var seen: [Double] = []
      return numbers.filter { number in
        guard !number.isWord,
          !others.contains(where: { NumberExtractor.sameValue($0.value, number.value) }),
          !seen.contains(where: { NumberExtractor.sameValue($0, number.value) })
        else { return false }
        seen.append(number.value)
        return true
      }
    }
    for number in unmatched(sourceNumbers, against: targetNumbers) {
      let range = Self.byteRange(ofScalars: number.range, in: source)
      findings.append(
        BilingualFinding(
          rule: "number-mismatch", severity: .warning, side: .source, range: range,
          found: String(decoding: Array(source.utf8)[range], as: UTF8.self), expected: nil,
          concept: nil,
          message: "\(NumberExtractor.format(number.value)) is not in the translation"))
    }
    for number in unmatched(targetNumbers, against: sourceNumbers) {
      let range = Self.byteRange(ofScalars: number.range, in: target)
      findings.append(
        BilingualFinding(
          rule: "number-mismatch", severity: .warning, side: .target, range: range,
          found: String(decoding: Array(target.utf8)[range], as: UTF8.self), expected: nil,
          concept: nil,
          message: "\(NumberExtractor.format(number.value)) is not in the source"))
    }
    return findings.compactMap { finding in
      guard let severity = severity(of: finding.rule) else { return nil }
      var finding = finding
      finding.severity = severity
      return finding
    }
  }
}
