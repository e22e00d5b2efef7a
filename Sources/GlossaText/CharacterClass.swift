/// What Glossa needs to know about one Unicode scalar, read from ICU's character properties.
package struct CharacterClass: OptionSet, Sendable {
  package let rawValue: UInt32
  package init(rawValue: UInt32) { self.rawValue = rawValue }

  package static let whitespace = CharacterClass(rawValue: 1 << 0)
  package static let word = CharacterClass(rawValue: 1 << 1)
  package static let mark = CharacterClass(rawValue: 1 << 2)
  package static let noSpaceScript = CharacterClass(rawValue: 1 << 3)
  package static let han = CharacterClass(rawValue: 1 << 4)
  package static let latin = CharacterClass(rawValue: 1 << 5)
  package static let widthVariant = CharacterClass(rawValue: 1 << 6)
  package static let uppercase = CharacterClass(rawValue: 1 << 7)
  package static let lowercase = CharacterClass(rawValue: 1 << 8)
  package static let lineBreak = CharacterClass(rawValue: 1 << 9)
  package static let wide = CharacterClass(rawValue: 1 << 10)
  package static let ignorable = CharacterClass(rawValue: 1 << 11)
  package static let nonspacingMark = CharacterClass(rawValue: 1 << 12)
  package static let control = CharacterClass(rawValue: 1 << 13)
  package static let alphabetic = CharacterClass(rawValue: 1 << 14)
  // Bits computed in Swift from the shim's other calls.
  package static let boundaryNFC = CharacterClass(rawValue: 1 << 20)
  package static let boundaryNFKC = CharacterClass(rawValue: 1 << 21)
  package static let boundaryNFKCCasefold = CharacterClass(rawValue: 1 << 22)
  package static let quote = CharacterClass(rawValue: 1 << 23)
  package static let dash = CharacterClass(rawValue: 1 << 24)
  package static let middleDot = CharacterClass(rawValue: 1 << 25)
  package static let apostrophe = CharacterClass(rawValue: 1 << 26)

  /// Reads the class of `scalar` from ICU.
  package init(of scalar: UInt32) {
    var bits = ICU.characterFlags(scalar)
    if ICU.hasBoundaryBefore(scalar, for: .nfc) { bits |= Self.boundaryNFC.rawValue }
    if ICU.hasBoundaryBefore(scalar, for: .nfkc) { bits |= Self.boundaryNFKC.rawValue }
    if ICU.hasBoundaryBefore(scalar, for: .nfkcCasefold) {
      bits |= Self.boundaryNFKCCasefold.rawValue
    }
    if TypographicFolds.apostrophes.contains(scalar) {
      bits |= Self.quote.rawValue | Self.apostrophe.rawValue
    }
    if TypographicFolds.doubleQuotes.contains(scalar) { bits |= Self.quote.rawValue }
    if TypographicFolds.dashes.contains(scalar) { bits |= Self.dash.rawValue }
    if TypographicFolds.middleDots.contains(scalar) { bits |= Self.middleDot.rawValue }
    self.init(rawValue: bits)
  }
}

/// The typographic character sets that NFKC leaves alone and Glossa folds itself.
package enum TypographicFolds {
  /// Apostrophes and single quotes, folded to `'`: ’ ‘ ‛ ʼ ′ ´ ` and the straight one.
  package static let apostrophes: Set<UInt32> = [
    0x27, 0x2019, 0x2018, 0x201B, 0x02BC, 0x2032, 0x00B4, 0x60, 0xFF07,
  ]
  /// Double quotes, folded to `"`: “ ” „ ‟ ″ and the straight one.
  package static let doubleQuotes: Set<UInt32> = [
    0x22, 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0xFF02,
  ]
  /// Hyphens and dashes, folded to `-`.
  package static let dashes: Set<UInt32> = [
    0x2D, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D, 0x2E3A,
    0x2E3B,
  ]
  /// Middle dots used between the parts of transliterated names, folded to U+00B7.
  package static let middleDots: Set<UInt32> = [0xB7, 0x2027, 0x30FB, 0xFF65, 0x2219, 0x22C5]
}

/// A cache of character classes, filled a 256-scalar page at a time.
///
/// The table is plain memory (not a Swift array), so the hot loops that consult it pay neither
/// copy-on-write nor exclusivity checks. Owned by one normalizer or tokenizer; not shared
/// between threads.
package final class CharacterClassifier {
  private static let pageCount = 0x1100
  private let table: UnsafeMutablePointer<UInt32>
  private let filled: UnsafeMutablePointer<Bool>

  package init() {
    table = .allocate(capacity: Self.pageCount << 8)
    filled = .allocate(capacity: Self.pageCount)
    filled.initialize(repeating: false, count: Self.pageCount)
  }

  deinit {
    table.deallocate()
    filled.deallocate()
  }

  /// The class of `scalar`.
  @inline(__always)
  package func callAsFunction(_ scalar: UInt32) -> CharacterClass {
    let page = Int(scalar >> 8)
    if page < Self.pageCount && filled[page] { return CharacterClass(rawValue: table[Int(scalar)]) }
    return fill(page: page, scalar: scalar)
  }

  private func fill(page: Int, scalar: UInt32) -> CharacterClass {
    guard page < Self.pageCount else { return CharacterClass(of: scalar) }
    let base = page << 8
    for offset in 0..<256 {
      (table + base + offset).initialize(to: CharacterClass(of: UInt32(base + offset)).rawValue)
    }
    filled[page] = true
    return CharacterClass(rawValue: table[Int(scalar)])
  }
}
