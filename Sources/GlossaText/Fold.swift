/// One named step that turns text into its matching form.
///
/// A term occurrence that matches only after some folds is reported with their names, so a
/// translator sees *why* a spelling counts as the term: `Chengdu–Chongqing` needed `dashes`,
/// `ＣＰＣ` needed `width`, `Five Year Plan` needed `hyphenation`.
public enum Fold: String, CaseIterable, Sendable, Codable, Comparable {
  /// Unicode compatibility normalization (NFKC) beyond width: ligatures, superscripts, ….
  case compatibility
  /// Full Unicode case folding (ICU), so `CHONGQING` and `chongqing` compare equal.
  case `case`
  /// Full-width and half-width forms: `Ｃｈｅｎ` → `Chen`, `（` → `(`.
  case width
  /// No-break, thin, ideographic and other unusual spaces count as one ordinary space.
  case whitespace
  /// Curly, modifier and prime apostrophes and quotes count as straight ones.
  case quotes
  /// Hyphens and dashes (‐ ‑ ‒ – — − ﹣ －) count as the hyphen-minus.
  case dashes
  /// Hyphen, space or nothing between the parts of a compound: `Five-Year`, `Five Year`,
  /// `Fiveyear`.
  case hyphenation
  /// Name middle dots (· ‧ ・ ･) count as one.
  case middleDot = "middle-dot"
  /// Diacritics on Latin letters are ignored: `Chóngqìng` → `Chongqing`.
  case diacritics
  /// Traditional Chinese counts as Simplified (ICU's Hant-Hans transliterator).
  case script

  /// A short description for `glossa rules` and the README.
  public var summary: String {
    switch self {
    case .compatibility:
      "Unicode compatibility forms (NFKC): ligatures, superscripts, circled letters"
    case .case: "letter case (ICU full case folding)"
    case .width: "full-width and half-width letters, digits and punctuation"
    case .whitespace: "no-break, thin, ideographic and other unusual spaces"
    case .quotes: "curly, modifier-letter and prime apostrophes and quotes"
    case .dashes: "en and em dashes, non-breaking hyphens, minus signs"
    case .hyphenation: "hyphen, space or nothing between the parts of a compound"
    case .middleDot: "name middle dots (· ‧ ・)"
    case .diacritics: "diacritics on Latin letters"
    case .script: "Traditional versus Simplified Chinese characters"
    }
  }

  /// The position in ``Fold/allCases`` (a switch: `allCases` builds an array at each call).
  var order: Int {
    switch self {
    case .compatibility: 0
    case .case: 1
    case .width: 2
    case .whitespace: 3
    case .quotes: 4
    case .dashes: 5
    case .hyphenation: 6
    case .middleDot: 7
    case .diacritics: 8
    case .script: 9
    }
  }

  /// ``Fold/allCases``, built once.
  static let ordered = Fold.allCases

  /// Orders folds as ``Fold/allCases`` lists them.
  public static func < (lhs: Fold, rhs: Fold) -> Bool { lhs.order < rhs.order }
}

/// A set of folds.
public struct FoldSet: OptionSet, Hashable, Sendable {
  /// The folds as bits, in the order of ``Fold/allCases``.
  public let rawValue: UInt16

  /// Creates a set from its bits.
  public init(rawValue: UInt16) { self.rawValue = rawValue }

  /// The set holding one fold.
  public init(_ fold: Fold) {
    self.init(rawValue: 1 << UInt16(fold.order))
  }

  /// The set holding the given folds.
  public init(_ folds: some Sequence<Fold>) {
    self.init(rawValue: folds.reduce(0) { $0 | FoldSet($1).rawValue })
  }

  /// Every fold: the form in which terms are matched.
  public static let all = FoldSet(Fold.allCases)

  /// Whether the set holds `fold`.
  public func contains(_ fold: Fold) -> Bool { contains(FoldSet(fold)) }

  /// The folds of the set, in their canonical order.
  public var folds: [Fold] {
    guard rawValue != 0 else { return [] }
    // One fold (most sets a lint reports) is an array made once, not one per finding.
    if rawValue & (rawValue - 1) == 0 { return Self.singles[rawValue.trailingZeroBitCount] }
    return Fold.ordered.filter { contains($0) }
  }

  /// The one-fold sets' folds, by bit.
  private static let singles = (0..<16).map { bit in
    Fold.ordered.filter { FoldSet($0).rawValue == 1 << UInt16(bit) }
  }
  /// The number of folds in the set.
  public var count: Int { rawValue.nonzeroBitCount }
}
