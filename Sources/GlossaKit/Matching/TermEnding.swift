/// An English ending that a term took in the text: `Five-Year Plans`, `Chongqing's`.
///
/// Only the last word of a term takes an ending. A plural is part of the occurrence (and of the
/// suggested replacement); a possessive is not: `Chungking's` is reported as `Chungking`.
public enum TermEnding: Hashable, Sendable {
  /// No ending.
  case none
  /// A plural: `-s`, `-es`, or `-y` → `-ies`.
  case plural(PluralForm)
  /// A possessive `'s`. (A bare `'` after a plural `s` is punctuation, outside the occurrence.)
  case possessive

  /// The plural, if the ending is one.
  public var plural: PluralForm? {
    if case .plural(let form) = self { return form }
    return nil
  }

  /// The length in bytes of the possessive in the matching form (`'s`).
  var possessiveLength: Int { self == .possessive ? 2 : 0 }
}

/// How an English plural is formed.
public enum PluralForm: UInt8, Hashable, Sendable {
  /// `plan` → `plans`.
  case s
  /// `tax` → `taxes`.
  case es
  /// `industry` → `industries`.
  case ies

  /// The plural of `word` by this rule, keeping the letter case of `word`'s last letter.
  public func apply(to word: String) -> String {
    let upper = word.last.map { $0.isUppercase } ?? false
    switch self {
    case .s: return word + (upper ? "S" : "s")
    case .es: return word + (upper ? "ES" : "es")
    case .ies: return String(word.dropLast()) + (upper ? "IES" : "ies")
    }
  }

  /// The plural forms English would build for a lowercase `word`, or none for a word that
  /// already ends in `s` or does not end in a letter.
  static func forms(of word: String) -> [(String, PluralForm)] {
    guard let last = word.unicodeScalars.last, last.isASCII, last.properties.isAlphabetic else {
      return []
    }
    let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
    if word.hasSuffix("x") || word.hasSuffix("z") || word.hasSuffix("ch") || word.hasSuffix("sh")
      || word.hasSuffix("ss") || word.hasSuffix("us")
    {
      return [(word + "es", .es)]
    }
    // Any other final s is most likely a plural already (`Two Sessions`).
    if last == "s" { return [] }
    if word.count > 1, word.hasSuffix("y"), let before = word.dropLast().last,
      !vowels.contains(before)
    {
      return [(String(word.dropLast()) + "ies", .ies), (word + "s", .s)]
    }
    return [(word + "s", .s)]
  }
}
