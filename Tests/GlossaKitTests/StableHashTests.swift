import GlossaTestSupport
import Testing

@testable import GlossaKit

/// A fingerprint's hash is carried as its digits and continued with the ordinal: the same hash
/// as the joined text, so that baselines written before still match.
@Suite struct StableHashTests {
  @Test func aHashContinuedFromItsDigitsIsTheHashOfTheWhole() {
    var random = SeededGenerator(seed: 5)
    for _ in 0..<500 {
      let length = Int.random(in: 0..<120, using: &random)
      let text = String(
        (0..<length).map { _ in
          Character(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &random)))
        })
      let ordinal = Int.random(in: 0..<1_000, using: &random)
      var state = StableHash.State()
      state.add(text.utf8)
      let resumed = StableHash.State(hex: state.hex)
      #expect(resumed == state)
      #expect(resumed?.hex(ordinal: ordinal) == StableHash.hex(text + "\u{1F}\(ordinal)"))
      #expect(StableHash.hex(text, ordinal: ordinal) == StableHash.hex(text + "\u{1F}\(ordinal)"))
    }
  }

  @Test func onlyThirtyTwoSmallHexadecimalDigitsAreAState() {
    let digits = StableHash.hex("Chongqing")
    #expect(StableHash.State(hex: digits) != nil)
    #expect(StableHash.State(hex: digits.uppercased()) == nil)
    #expect(StableHash.State(hex: String(digits.dropLast())) == nil)
    #expect(StableHash.State(hex: digits + "0") == nil)
    #expect(StableHash.State(hex: String(digits.dropLast()) + "g") == nil)
    #expect(StableHash.State(hex: "") == nil)
  }

  /// The same finding twice in the same words gets two fingerprints, in order.
  @Test func equalKeysAreToldApartByTheirOrder() throws {
    let matcher = try TermMatcher(glossary: GlossarySamples.newsroom, language: .english)
    let linter = try Linter(matcher: matcher, configuration: LintConfiguration())
    let text = "Chungking.\n\nChungking.\n"
    let findings = linter.lint(Document(path: "a.txt", format: .plain, source: Array(text.utf8)))
    let forbidden = findings.filter { $0.rule == "forbidden-term" }
    #expect(forbidden.count == 2)
    #expect(Set(forbidden.map(\.fingerprint)).count == 2)
  }
}
