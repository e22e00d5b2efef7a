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
    // Any byte that is not a small hexadecimal digit, at any place (fails when a half is not
    // checked).
    let bytes = Array(digits.utf8)
    for place in bytes.indices {
      for byte: UInt8 in [0x00, 0x2F, 0x3A, 0x40, 0x41, 0x46, 0x60, 0x67, 0x7F, 0x80, 0xF0] {
        var changed = bytes
        changed[place] = byte
        #expect(StableHash.State(hex: String(decoding: changed, as: UTF8.self)) == nil)
      }
    }
  }

  /// The linter's counts of equal keys agree with a dictionary, over keys met up to five times
  /// in any order.
  @Test func keyCountsAgreeWithADictionary() {
    var random = SeededGenerator(seed: 6)
    for size in [0, 1, 7, 100, 5_000] {
      var keys: [StableHash.State] = []
      for index in 0..<size {
        var state = StableHash.State()
        state.add("key \(index)".utf8)
        keys += Array(repeating: state, count: Int.random(in: 1...5, using: &random))
      }
      keys.shuffle(using: &random)
      var counts = Linter.KeyCounts(capacity: keys.count)
      var reference: [StableHash.State: Int] = [:]
      for key in keys {
        #expect(counts.count(key) == reference[key, default: 0])
        reference[key, default: 0] += 1
      }
    }
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
