import GlossaKit
import GlossaTestSupport
import GlossaText
import Testing

/// The trie matcher agrees with a brute-force matcher on 10,000 random terms.
///
/// The reference works on the normalized text with plain byte comparisons: at every word start
/// (a Latin letter after a non-letter, or any Han character) it tries every term and keeps the
/// longest that ends at a word boundary, then moves past it. A space between two Han characters
/// of a term (a line wrap in Chinese text) is allowed, as the matcher allows it.
@Suite struct ReferenceMatcherTests {
  static let hanCharacters = Array(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研"
  )

  struct Data {
    var glossary: Glossary
    var text: String
  }

  static func generate(seed: UInt64) -> Data {
    var random = SeededGenerator(seed: seed)
    let consonants = Array("bcdfghjklmnpqrtvwz")
    let vowels = Array("aeiou")
    var vocabulary: Set<String> = []
    while vocabulary.count < 400 {
      var word = ""
      for _ in 0..<Int.random(in: 1...3, using: &random) {
        word.append(consonants.randomElement(using: &random) ?? "b")
        word.append(vowels.randomElement(using: &random) ?? "a")
      }
      vocabulary.insert(word)
    }
    let words = vocabulary.sorted()
    var forms: [String] = []
    var seen: Set<String> = []
    while forms.count < 10_000 {
      let form: String
      if forms.count % 10 < 7 {
        form = (0..<Int.random(in: 1...4, using: &random)).map { _ in
          words.randomElement(using: &random) ?? ""
        }
        .joined(separator: " ")
      } else {
        form = String(
          (0..<Int.random(in: 2...4, using: &random)).map { _ in
            hanCharacters.randomElement(using: &random) ?? "的"
          })
      }
      if seen.insert(form).inserted { forms.append(form) }
    }
    let concepts = forms.enumerated().map { index, form in
      Concept(
        id: "c\(index)", languages: [LanguageSection(language: .english, terms: [Term(form)])])
    }
    var text = ""
    for _ in 0..<6_000 {
      let roll = Int.random(in: 0..<100, using: &random)
      var piece: String
      if roll < 40 {
        piece = forms.randomElement(using: &random) ?? ""
      } else if roll < 80 {
        piece = words.randomElement(using: &random) ?? ""
      } else {
        piece = String(hanCharacters.randomElement(using: &random) ?? "的")
      }
      if Int.random(in: 0..<10, using: &random) == 0 {
        piece = piece.prefix(1).uppercased() + piece.dropFirst()
      }
      let isHan = piece.unicodeScalars.first.map { $0.value > 0x2E80 } ?? false
      let separator: String
      switch Int.random(in: 0..<100, using: &random) {
      case 0..<70: separator = " "
      case 70..<80: separator = "\n"
      case 80..<88: separator = ", "
      case 88..<92: separator = "\n\n"
      case 92..<96: separator = "  "
      default: separator = isHan ? "" : " "
      }
      text += (text.isEmpty ? "" : separator) + piece.replacingSpaces(using: &random)
    }
    return Data(glossary: Glossary(concepts: concepts), text: text)
  }

  /// Leftmost-longest matching by brute force: concept index and normalized range.
  static func reference(_ normalized: [UInt8], terms: [[UInt8]]) -> [(Int, Range<Int>)] {
    var buckets: [[UInt8]: [Int]] = [:]
    for (index, term) in terms.enumerated() {
      buckets[Array(term.prefix(2)), default: []].append(index)
    }
    func isLetter(_ byte: UInt8) -> Bool {
      (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
    }
    var result: [(Int, Range<Int>)] = []
    var p = 0
    let n = normalized.count
    while p < n {
      let byte = normalized[p]
      let isHan = byte >= 0xE0
      let startsWord = isLetter(byte) && (p == 0 || !isLetter(normalized[p - 1]))
      guard isHan || startsWord else {
        p += 1
        continue
      }
      var best: (Int, Int)?
      for index in buckets[Array(normalized[p..<min(n, p + 2)])] ?? [] {
        let term = terms[index]
        // Han terms may be broken by one space (a line wrap) between characters.
        var i = p
        var k = 0
        while k < term.count && i < n {
          if k > 0 && k % 3 == 0 && term[0] >= 0xE0 && normalized[i] == 0x20 { i += 1 }
          guard i < n, normalized[i] == term[k] else { break }
          i += 1
          k += 1
        }
        guard k == term.count else { continue }
        let end = i
        if let last = term.last, isLetter(last), end < n, isLetter(normalized[end]) { continue }
        if best == nil || end - p > (best?.1 ?? 0) { best = (index, end - p) }
      }
      if let (index, length) = best {
        result.append((index, p..<(p + length)))
        p += length
      } else {
        p += isHan ? 3 : 1
      }
    }
    return result
  }

  @Test(arguments: [1, 2, 3] as [UInt64])
  func trieAgreesWithBruteForce(seed: UInt64) throws {
    let data = Self.generate(seed: seed)
    let normalizer = try TextNormalizer()
    let normalized = normalizer.normalize(data.text)
    let terms = data.glossary.concepts.map {
      normalizer.normalize($0.languages[0].terms[0].text).utf8
    }
    let expected = Self.reference(normalized.utf8, terms: terms).map {
      ("c\($0.0)", normalized.sourceRange(for: $0.1))
    }
    let scanner = try TermScanner(matcher: TermMatcher(glossary: data.glossary, language: .english))
    let actual = scanner.occurrences(in: Array(data.text.utf8)).map { ($0.conceptID, $0.range) }
    #expect(expected.count > 2_000)
    #expect(actual.count == expected.count)
    for (a, e) in zip(actual, expected) where a != e {
      Issue.record(
        "first difference: found \(a) \(String(decoding: Array(data.text.utf8)[a.1], as: UTF8.self).debugDescription), expected \(e) \(String(decoding: Array(data.text.utf8)[e.1], as: UTF8.self).debugDescription)"
      )
      break
    }
  }
}

extension String {
  /// The string with some spaces turned into line wraps.
  fileprivate func replacingSpaces(using random: inout SeededGenerator) -> String {
    String(map { $0 == " " && Int.random(in: 0..<8, using: &random) == 0 ? "\n" : $0 })
  }
}
