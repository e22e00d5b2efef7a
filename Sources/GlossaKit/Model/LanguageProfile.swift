/// How a language behaves, as data the matcher and the rules consult.
///
/// English adds plural and possessive endings to terms and capitalizes headings; Chinese
/// does neither and is written without spaces.
public struct LanguageProfile: Sendable {
  /// Whether a term may take plural (`-s`, `-es`, `-ies`) and possessive (`'s`, `'`) endings.
  public var takesEnglishEndings: Bool
  /// Whether the script has letter case, so that `term-case` applies.
  public var hasLetterCase: Bool
  /// Scalars that end a sentence.
  public var sentenceTerminators: Set<Unicode.Scalar>

  /// The profile of `language`.
  public static func of(_ language: LanguageTag) -> LanguageProfile {
    switch language.language {
    case "en":
      LanguageProfile(
        takesEnglishEndings: true, hasLetterCase: true, sentenceTerminators: latinTerminators)
    case "zh", "ja":
      LanguageProfile(
        takesEnglishEndings: false, hasLetterCase: false,
        sentenceTerminators: latinTerminators.union(["。", "！", "？", "；", "："]))
    default:
      LanguageProfile(
        takesEnglishEndings: false, hasLetterCase: true, sentenceTerminators: latinTerminators)
    }
  }

  private static let latinTerminators: Set<Unicode.Scalar> = [".", "!", "?", ":", ";", "…"]
}
