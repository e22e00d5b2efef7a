public import GlossaText

/// A problem in the glossary itself.
public struct GlossaryIssue: Sendable, Equatable {
  /// The check that found it, such as `preferred-conflict`.
  public var rule: String
  /// How serious it is.
  public var severity: Severity
  /// The concept concerned.
  public var conceptID: String?
  /// The language of the form concerned.
  public var language: LanguageTag?
  /// The form concerned.
  public var term: String?
  /// The status of the form concerned.
  public var status: TermStatus?
  /// A one-line message.
  public var message: String
}

/// Lints a glossary: conflicts between concepts, missing preferred forms, Traditional and
/// Simplified duplicates, stray characters, and forbidden forms that can never be reported.
///
/// | rule | severity | finds |
/// |---|---|---|
/// | `preferred-conflict` | error | one form preferred in two concepts |
/// | `preferred-and-forbidden` | error | one form both approved and deprecated or superseded |
/// | `missing-preferred` | warning | a concept without a preferred form in a language it lists |
/// | `script-duplicate` | warning | Traditional and Simplified spellings entered as two concepts |
/// | `stray-character` | warning | doubled or unusual spaces, curly quotes, full-width letters in a form |
/// | `unreachable-form` | warning | a deprecated or superseded form lint can never report |
///
/// Reading the file adds `duplicate-id`, `invalid-language-tag` and rows without any preferred
/// form (`missing-preferred`), which stop a strict read.
public enum GlossaryChecker {
  /// The descriptions of the checks, for reports.
  public static let rules: [(id: String, severity: Severity, summary: String)] = [
    ("duplicate-id", .error, "Two concepts share an id."),
    ("invalid-language-tag", .error, "A language column is not a BCP 47 tag."),
    ("preferred-conflict", .error, "One form is preferred in two concepts."),
    ("preferred-and-forbidden", .error, "One form is both approved and deprecated or superseded."),
    ("missing-preferred", .warning, "A concept has no preferred form in a language it lists."),
    (
      "script-duplicate", .warning,
      "Traditional and Simplified spellings of one Chinese term are two concepts."
    ),
    (
      "stray-character", .warning,
      "A form holds doubled or unusual spaces, curly quotes or full-width letters."
    ),
    (
      "unreachable-form", .warning,
      "A deprecated or superseded form that lint can never report as itself."
    ),
  ]

  /// The issues of `glossary`.
  /// - Throws: `ICUError` when ICU cannot be loaded.
  public static func check(_ glossary: Glossary) throws(ICUError) -> [GlossaryIssue] {
    let normalizer = try TextNormalizer()
    var issues: [GlossaryIssue] = []
    func issue(
      _ rule: String, _ concept: Concept?, _ language: LanguageTag?, _ term: Term?,
      _ message: String
    ) {
      let severity = rules.first { $0.id == rule }?.severity ?? .warning
      issues.append(
        GlossaryIssue(
          rule: rule, severity: severity, conceptID: concept?.id, language: language,
          term: term?.text,
          status: term?.status, message: message))
    }

    // Every form under its matching key, per primary language.
    struct Place {
      var concept: Int
      var language: LanguageTag
      var term: Term
    }
    var byKey: [String: [Place]] = [:]
    for (index, concept) in glossary.concepts.enumerated() {
      for section in concept.languages {
        for term in section.terms {
          let key = section.language.language + "\u{1F}" + normalizer.normalize(term.text).string
          byKey[key, default: []].append(
            Place(concept: index, language: section.language, term: term))
        }
        if !section.terms.isEmpty && !section.terms.contains(where: { $0.status == .preferred }) {
          issue(
            "missing-preferred", concept, section.language, nil,
            "concept '\(concept.id)' has \(section.language) forms but no preferred one")
        }
      }
    }
    for key in byKey.keys.sorted() {
      guard let places = byKey[key], places.count > 1 else { continue }
      let preferred = places.filter { $0.term.status == .preferred }
      let preferredConcepts = Set(preferred.map(\.concept))
      if preferredConcepts.count > 1, let first = preferred.first {
        let ids = preferredConcepts.sorted().map { "'\(glossary.concepts[$0].id)'" }.joined(
          separator: ", ")
        issue(
          "preferred-conflict", glossary.concepts[first.concept], first.language, first.term,
          "'\(first.term.text)' is preferred in concepts \(ids)")
      }
      let approved = places.filter { $0.term.status.isApproved }
      let forbidden = places.filter { !$0.term.status.isApproved }
      if let good = approved.first, let bad = forbidden.first {
        let place =
          good.concept == bad.concept
          ? "in concept '\(glossary.concepts[good.concept].id)'"
          : "in concepts '\(glossary.concepts[good.concept].id)' and '\(glossary.concepts[bad.concept].id)'"
        issue(
          "preferred-and-forbidden", glossary.concepts[bad.concept], bad.language, bad.term,
          "'\(bad.term.text)' is \(good.term.status.rawValue) and \(bad.term.status.rawValue) \(place)"
        )
      }
    }

    // Traditional and Simplified spellings of one term as two concepts.
    let simplify = try TextNormalizer(folds: FoldSet([.script, .compatibility, .width]))
    var chinese: [String: [(Int, Term, LanguageTag)]] = [:]
    for (index, concept) in glossary.concepts.enumerated() {
      for section in concept.languages where section.language.language == "zh" {
        for term in section.terms {
          chinese[simplify.normalize(term.text).string, default: []].append(
            (index, term, section.language))
        }
      }
    }
    for key in chinese.keys.sorted() {
      guard let entries = chinese[key] else { continue }
      let spellings = Set(entries.map(\.1.text))
      let concepts = Set(entries.map(\.0))
      if spellings.count > 1 && concepts.count > 1, let first = entries.first {
        let others = entries.filter { $0.0 != first.0 }.map {
          "'\($0.1.text)' in '\(glossary.concepts[$0.0].id)'"
        }
        issue(
          "script-duplicate", glossary.concepts[first.0], first.2, first.1,
          "'\(first.1.text)' and \(others.joined(separator: ", ")) are one term in Traditional and Simplified characters"
        )
      }
    }

    // Stray characters inside forms.
    for concept in glossary.concepts {
      for section in concept.languages {
        let cjk = section.language.isWrittenWithoutSpaces
        for term in section.terms {
          if let problem = strayCharacter(in: term.text, chinese: cjk) {
            issue("stray-character", concept, section.language, term, "'\(term.text)' \(problem)")
          }
        }
      }
    }

    // Forbidden forms that lint can never report as themselves.
    for language in Set(
      glossary.concepts.flatMap {
        $0.languages.map { LanguageTag($0.language.language) ?? $0.language }
      }
    ).sorted() {
      let matcher = try TermMatcher(glossary: glossary, language: language)
      let scanner = try TermScanner(matcher: matcher)
      for reference in matcher.unmatchableTerms {
        let concept = glossary.concepts[reference.conceptIndex]
        let term = matcher.term(reference)
        issue(
          "unreachable-form", concept, concept.languages[reference.sectionIndex].language, term,
          "'\(term.text)' has nothing to match once normalized")
      }
      for (index, concept) in glossary.concepts.enumerated() {
        for (sectionIndex, section) in concept.languages.enumerated()
        where language.covers(section.language) {
          for term in section.terms where !term.status.isApproved {
            let found = scanner.occurrences(in: Array(term.text.utf8))
            let reported = found.contains {
              $0.reference.conceptIndex == index && $0.reference.sectionIndex == sectionIndex
                && $0.term == term
                && $0.range == 0..<term.text.utf8.count
            }
            guard !reported, !found.isEmpty else { continue }
            let winner = found.map {
              "'\($0.term.text)' (\(glossary.concepts[$0.reference.conceptIndex].id))"
            }
            issue(
              "unreachable-form", concept, section.language, term,
              "'\(term.text)' is never reported: lint reads it as \(winner.joined(separator: ", "))"
            )
          }
        }
      }
    }
    return issues
  }

  /// What is wrong with the characters of a form, if anything.
  static func strayCharacter(in text: String, chinese: Bool) -> String? {
    let scalars = Array(text.unicodeScalars)
    if let first = scalars.first, first.properties.isWhitespace { return "starts with a space" }
    if let last = scalars.last, last.properties.isWhitespace { return "ends with a space" }
    for (index, scalar) in scalars.enumerated() {
      switch scalar.value {
      case 0x00A0, 0x202F, 0x2007:
        return "holds a no-break space (U+\(String(scalar.value, radix: 16, uppercase: true)))"
      case 0x2000...0x200B, 0x3000, 0x0009, 0x000A, 0x000D, 0x205F, 0x1680:
        return "holds an unusual space (U+\(format4(scalar.value)))"
      case 0x2018, 0x2019, 0x201C, 0x201D, 0x2032:
        if !chinese { return "holds a curly quote '\(scalar)'; glossary forms use straight quotes" }
      case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
        return "holds a full-width letter or digit '\(scalar)'"
      case 0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF5E:
        // Full-width brackets and colons are right in Chinese; elsewhere they are stray.
        if !chinese { return "holds a full-width punctuation mark '\(scalar)'" }
      case 0x20 where index > 0 && scalars[index - 1] == " ":
        return "holds a double space"
      default:
        continue
      }
    }
    return nil
  }

  private static func format4(_ value: UInt32) -> String {
    let hex = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }
}
