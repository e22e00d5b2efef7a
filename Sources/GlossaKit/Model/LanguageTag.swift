/// A BCP 47 language tag, such as `en`, `en-GB`, `zh-Hans` or `zh-Hant-TW`.
///
/// Tags are checked against the syntax of RFC 5646 (section 2.1) and kept in its canonical
/// letter case: language lowercase, script in title case, region uppercase. Two tags compare
/// equal when they are equal in that form.
///
/// Related standard: BCP 47 (RFC 5646), *Tags for Identifying Languages*.
public struct LanguageTag: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
  /// The tag in canonical case.
  public let rawValue: String

  /// Parses and canonicalizes a tag; `nil` when `text` is not a well-formed BCP 47 tag.
  public init?(_ text: String) {
    guard let canonical = Self.canonicalize(text) else { return nil }
    rawValue = canonical
  }

  /// The primary language subtag: `zh` for `zh-Hant-TW`.
  public var language: String {
    String(rawValue.prefix { $0 != "-" })
  }

  /// The script subtag, if any: `Hant` for `zh-Hant-TW`.
  public var script: String? {
    rawValue.split(separator: "-").dropFirst().first { $0.count == 4 && $0.allSatisfy(\.isLetter) }
      .map(String.init)
  }

  /// Whether text in this language is written without spaces between words.
  public var isWrittenWithoutSpaces: Bool {
    ["zh", "ja", "th", "lo", "km", "my"].contains(language)
  }

  /// Whether text tagged `self` may use terms of `other`: the primary languages agree.
  ///
  /// An `en-GB` article uses `en` terms, and a `zh-Hant` article uses `zh-Hans` terms (the
  /// `script` fold brings Traditional characters to Simplified).
  public func covers(_ other: LanguageTag) -> Bool {
    // The primary subtags compared in place: a glossary compiles with one call per section.
    rawValue == other.rawValue
      || rawValue.utf8.prefix { $0 != 0x2D }.elementsEqual(
        other.rawValue.utf8.prefix { $0 != 0x2D })
  }

  /// The tag in canonical case.
  public var description: String { rawValue }

  /// Orders tags by their canonical text.
  public static func < (lhs: LanguageTag, rhs: LanguageTag) -> Bool { lhs.rawValue < rhs.rawValue }

  /// Decodes a tag from a JSON string.
  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let tag = LanguageTag(text) else {
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a BCP 47 language tag"
        ))
    }
    self = tag
  }

  /// Encodes the tag as a JSON string.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }

  /// English, `en`.
  public static let english = LanguageTag(unchecked: "en")
  /// Simplified Chinese, `zh-Hans`.
  public static let simplifiedChinese = LanguageTag(unchecked: "zh-Hans")
  /// Traditional Chinese, `zh-Hant`.
  public static let traditionalChinese = LanguageTag(unchecked: "zh-Hant")

  private init(unchecked: String) { rawValue = unchecked }

  /// The canonical form of a well-formed tag, or `nil`.
  private static func canonicalize(_ text: String) -> String? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
    guard let first = parts.first, !text.isEmpty, text.count <= 64 else { return nil }
    func isAlpha(_ s: String) -> Bool {
      s.unicodeScalars.allSatisfy { $0.isASCII && $0.properties.isAlphabetic }
    }
    func isDigit(_ s: String) -> Bool {
      s.unicodeScalars.allSatisfy { $0.isASCII && $0.properties.numericType != nil }
    }
    func isAlnum(_ s: String) -> Bool {
      s.unicodeScalars.allSatisfy {
        $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)
      }
    }
    guard parts.allSatisfy({ !$0.isEmpty && $0.count <= 8 && isAlnum($0) }) else { return nil }
    // Private-use tag: x-whatever.
    if first.lowercased() == "x" {
      return parts.count > 1 ? parts.map { $0.lowercased() }.joined(separator: "-") : nil
    }
    guard isAlpha(first), (2...3).contains(first.count) || (5...8).contains(first.count) else {
      return nil
    }
    var output = [first.lowercased()]
    var index = 1
    var stage = 0  // 0 extlang, 1 script, 2 region, 3 variants, 4 extensions
    var extlangs = 0
    while index < parts.count {
      let part = parts[index]
      let lower = part.lowercased()
      if part.count == 1 {
        if lower == "x" {
          // Private use: the rest of the tag, one or more subtags.
          guard index + 1 < parts.count else { return nil }
          output.append(contentsOf: parts[index...].map { $0.lowercased() })
          return output.joined(separator: "-")
        }
        // An extension: a singleton and one or more subtags of 2 to 8 characters.
        var k = index + 1
        var subtags: [String] = []
        while k < parts.count, parts[k].count >= 2 {
          subtags.append(parts[k].lowercased())
          k += 1
        }
        guard !subtags.isEmpty else { return nil }
        output.append(lower)
        output.append(contentsOf: subtags)
        index = k
        stage = 4
        continue
      }
      guard stage < 4 else { return nil }
      if stage == 0 && part.count == 3 && isAlpha(part) && first.count <= 3 && extlangs < 3 {
        output.append(lower)
        extlangs += 1
        index += 1
        continue
      }
      if stage <= 1 && part.count == 4 && isAlpha(part) {
        output.append(lower.prefix(1).uppercased() + lower.dropFirst())
        stage = 2
        index += 1
        continue
      }
      if stage <= 2 && ((part.count == 2 && isAlpha(part)) || (part.count == 3 && isDigit(part))) {
        output.append(part.uppercased())
        stage = 3
        index += 1
        continue
      }
      if (5...8).contains(part.count) || (part.count == 4 && isDigit(String(part.prefix(1)))) {
        guard !output.contains(lower) else { return nil }
        output.append(lower)
        stage = 3
        index += 1
        continue
      }
      return nil
    }
    return output.joined(separator: "-")
  }
}
