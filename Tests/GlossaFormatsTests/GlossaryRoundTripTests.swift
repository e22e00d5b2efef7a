import Foundation
import GlossaFormats
import GlossaKit
import GlossaTestSupport
import PropertyBased
import Testing

/// Export, then import, gives back the same glossary, for what each format can hold.
@Suite struct GlossaryRoundTripTests {
  /// Awkward text: mixed scripts, commas, quotes, bars, braces, backslashes, tabs, line breaks,
  /// emoji, combining marks, right-to-left text, formula-like starts.
  static let pieces: [String] = [
    "Chongqing", "重庆", "經濟", "Min'er", "a, b", "\"quoted\"", "x | y", "{brace}", "back\\slash",
    "tab\there", "line\nbreak", "😀", "e\u{0301}", "שלום", "مرحبا", "=SUM(A1)", "+1", "-ism",
    "@home",
    "'=x", "Ｃ", "\u{00A0}nb", "semi; colon", "a=b", " ", "·", "Ökonomie",
  ]

  static func text(_ numbers: [Int]) -> String {
    numbers.map { pieces[$0 % pieces.count] }.joined(separator: " ")
  }

  /// A form: no edge spaces, never empty.
  static func form(_ numbers: [Int]) -> String {
    var text = Self.text(numbers).trimmingCharacters(in: .whitespacesAndNewlines)
    if text.isEmpty { text = "term" }
    return text
  }

  static let languages: [LanguageTag] = [
    .english, .simplifiedChinese, LanguageTag("ar") ?? .english, LanguageTag("de-CH") ?? .english,
  ]

  static let glossaries = Gen<Int>.int(in: 0..<1_000_000).array(of: 1...60).map {
    numbers -> Glossary in
    var random = SeededGenerator(
      seed: UInt64(bitPattern: Int64(numbers.reduce(7) { $0 &* 31 &+ $1 })))
    func pick(_ range: ClosedRange<Int>) -> [Int] {
      (0..<Int.random(in: range, using: &random)).map { _ in
        Int.random(in: 0..<1_000, using: &random)
      }
    }
    var concepts: [Concept] = []
    for index in 0..<max(1, numbers.count / 6) {
      var concept = Concept(id: "c\(index)-\(numbers[index % numbers.count] % 97)")
      if Bool.random(using: &random) { concept.subjectField = form(pick(1...2)) }
      if Bool.random(using: &random) { concept.definition = form(pick(1...4)) }
      if Bool.random(using: &random) { concept.note = form(pick(1...5)) }
      if Bool.random(using: &random) { concept.source = form(pick(1...2)) }
      if Bool.random(using: &random) { concept.properties["owner"] = form(pick(1...2)) }
      for language in languages.shuffled(using: &random).prefix(
        Int.random(in: 1...3, using: &random))
      {
        var terms = [Term(form(pick(1...3)))]
        for _ in 0..<Int.random(in: 0...3, using: &random) {
          var term = Term(
            form(pick(1...3)),
            status: TermStatus.allCases.randomElement(using: &random) ?? .admitted)
          term.type = TermType.allCases.randomElement(using: &random) ?? .fullForm
          if Bool.random(using: &random) {
            term.caseMode = CaseMode.allCases.randomElement(using: &random) ?? .sensitive
          }
          if Bool.random(using: &random) {
            term.partOfSpeech = ["noun", "verb", "adjective", "adverb", "other"].randomElement(
              using: &random)
          }
          if Bool.random(using: &random) { term.note = form(pick(1...4)) }
          if Bool.random(using: &random) {
            term.effectiveDate =
              "2019-0\(Int.random(in: 1...9, using: &random))-1\(Int.random(in: 0...9, using: &random))"
          }
          if Bool.random(using: &random) { term.exceptions = [form(pick(1...3))] }
          terms.append(term)
        }
        terms.sort { $0.status < $1.status }
        concept.languages.append(LanguageSection(language: language, terms: terms))
      }
      concepts.append(concept)
    }
    return Glossary(concepts: concepts)
  }

  /// Concepts in id order, languages in tag order, without file positions.
  static func canonical(_ glossary: Glossary) -> [Concept] {
    glossary.concepts.map { concept in
      var concept = concept
      concept.origin = nil
      concept.fieldOrigins = [:]
      concept.languages.sort { $0.language < $1.language }
      return concept
    }.sorted { $0.id < $1.id }
  }

  @Test func csvIsLossless() async throws {
    await propertyCheck(count: 150, input: Self.glossaries) { glossary in
      let bytes = try GlossaryCSVWriter().write(glossary)
      let back = try GlossaryCSVReader(file: "g.csv").read(bytes)
      #expect(
        Self.canonical(back) == Self.canonical(glossary),
        "\(String(decoding: bytes, as: UTF8.self))")
      // Writing again gives the same bytes: the order is deterministic.
      #expect(try GlossaryCSVWriter().write(back) == bytes)
    }
  }

  @Test func tmxIsLossless() async throws {
    await propertyCheck(count: 100, input: Self.glossaries) { glossary in
      let text = GlossaryTMX.write(glossary, sourceLanguage: "en", toolVersion: "test")
      let back = try GlossaryTMX.read(Array(text.utf8), file: "g.tmx")
      #expect(Self.canonical(back) == Self.canonical(glossary))
    }
  }

  /// What TBX-Basic holds of a glossary.
  static func tbxProjection(_ glossary: Glossary) -> [Concept] {
    canonical(glossary).map { concept in
      var concept = concept
      concept.properties = [:]
      for section in concept.languages.indices {
        for term in concept.languages[section].terms.indices {
          var copy = concept.languages[section].terms[term]
          copy.caseMode = .permissive
          copy.effectiveDate = nil
          copy.exceptions = []
          copy.properties = [:]
          concept.languages[section].terms[term] = copy
        }
      }
      return concept
    }
  }

  @Test(arguments: [2, 3])
  func tbxKeepsWhatTBXBasicHolds(version: Int) async throws {
    await propertyCheck(count: 80, input: Self.glossaries) { glossary in
      let text = TBXWriter.write(glossary, version: version, toolVersion: "test")
      let (back, _) = try TBXReader.read(Array(text.utf8), file: "g.tbx")
      #expect(Self.tbxProjection(back) == Self.tbxProjection(glossary))
    }
  }

  @Test func tsvKeepsPreferredPairsAndNotes() async throws {
    await propertyCheck(count: 100, input: Self.glossaries) { glossary in
      let text = TabularGlossary.tsv(glossary, source: .english, target: .simplifiedChinese)
      let back = try TabularGlossary.read(
        Array(text.utf8), file: "g.tsv", separator: 0x09, source: .english,
        target: .simplifiedChinese)
      let expected = glossary.concepts.compactMap { concept -> [String]? in
        guard let en = concept.preferredTerm(for: .english)?.text,
          let zh = concept.preferredTerm(for: .simplifiedChinese)?.text,
          !en.contains("\t"), !en.contains("\n"), !zh.contains("\t"), !zh.contains("\n")
        else { return nil }
        return [en, zh]
      }
      let actual = back.concepts.map {
        [
          $0.preferredTerm(for: .english)?.text ?? "",
          $0.preferredTerm(for: .simplifiedChinese)?.text ?? "",
        ]
      }
      #expect(actual.filter { pair in expected.contains(pair) }.count == expected.count)
    }
  }
}
