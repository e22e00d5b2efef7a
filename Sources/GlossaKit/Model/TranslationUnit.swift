import GlossaText

/// A translation unit: one segment in several languages, as TMX's `<tu>` holds it.
///
/// Segments keep their inline markup (`<bpt>`, `<ph>`, …) as it came, for export; the plain text
/// without inline codes is what matching and checks use.
///
/// Related standard: TMX 1.4b, section 3.
public struct TranslationUnit: Sendable, Equatable, Codable {
  /// The unit's identifier (`tuid`), if it has one.
  public var id: String?
  /// The unit's other attributes (`creationdate`, `changeid`, `srclang`, …).
  public var attributes: [String: String]
  /// The unit's properties, in order.
  public var properties: [Property]
  /// The unit's notes, in order.
  public var notes: [String]
  /// The unit's language variants, in order.
  public var variants: [Variant]

  /// Creates a unit.
  public init(
    id: String? = nil, attributes: [String: String] = [:], properties: [Property] = [],
    notes: [String] = [], variants: [Variant] = []
  ) {
    self.id = id
    self.attributes = attributes
    self.properties = properties
    self.notes = notes
    self.variants = variants
  }

  /// A property: a typed value (`<prop type="x-domain">news</prop>`).
  public struct Property: Sendable, Equatable, Codable, Hashable {
    /// The property's type.
    public var type: String
    /// The property's value.
    public var value: String
    /// Further attributes (`xml:lang`, `o-encoding`).
    public var attributes: [String: String]

    /// Creates a property.
    public init(type: String, value: String, attributes: [String: String] = [:]) {
      self.type = type
      self.value = value
      self.attributes = attributes
    }
  }

  /// The unit's text in one language (`<tuv>`).
  public struct Variant: Sendable, Equatable, Codable {
    /// The language, as the file wrote it (`en-US`, `zh-CN`).
    public var language: String
    /// The variant's attributes other than its language.
    public var attributes: [String: String]
    /// The variant's properties.
    public var properties: [Property]
    /// The variant's notes.
    public var notes: [String]
    /// The segment.
    public var segment: Segment

    /// Creates a variant.
    public init(
      language: String, segment: Segment, attributes: [String: String] = [:],
      properties: [Property] = [], notes: [String] = []
    ) {
      self.language = language
      self.segment = segment
      self.attributes = attributes
      self.properties = properties
      self.notes = notes
    }
  }

  /// A segment's content, with and without its inline codes.
  public struct Segment: Sendable, Equatable, Codable, Hashable {
    /// The content of `<seg>` as XML, inline elements included.
    public var markup: String
    /// The text a reader sees: inline codes (`bpt`, `ept`, `ph`, `it`, `ut`) and sub-flows left
    /// out, highlighted text (`hi`) kept.
    public var text: String

    /// Creates a segment.
    public init(markup: String, text: String) {
      self.markup = markup
      self.text = text
    }

    /// A segment of plain text.
    public init(text: String) {
      self.init(markup: XMLText.escape(text), text: text)
    }
  }
}

/// Escaping for XML text and attribute values.
public enum XMLText {
  /// `text` with `&`, `<` and `>` escaped (and characters XML 1.0 cannot hold dropped).
  public static func escape(_ text: String, quotes: Bool = false) -> String {
    // Most text has nothing to escape or leave out: it is returned as it is, without a copy.
    let plain =
      text.utf8.withContiguousStorageIfAvailable { bytes in
        for (index, byte) in bytes.enumerated() {
          switch byte {
          case 0x26, 0x3C, 0x3E: return false  // & < >
          case 0x22 where quotes: return false
          case 0x09, 0x0A: if quotes { return false }
          case ..<0x20: return false  // carriage return and the other control characters
          case 0xEF:
            // U+FFFE and U+FFFF (EF BF BE, EF BF BF).
            if index + 2 < bytes.count && bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE {
              return false
            }
          default: break
          }
        }
        return true
      } ?? false
    if plain { return text }
    var output = ""
    output.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": output += "&amp;"
      case "<": output += "&lt;"
      case ">": output += "&gt;"
      case "\"" where quotes: output += "&quot;"
      case "\r": output += "&#13;"
      case "\t" where quotes: output += "&#9;"
      case "\n" where quotes: output += "&#10;"
      default:
        // XML 1.0 allows tab, line feed, carriage return and U+0020 on, without surrogates and
        // U+FFFE, U+FFFF; other control characters cannot be written at all.
        let value = scalar.value
        if value < 0x20 && value != 0x09 && value != 0x0A { continue }
        if value == 0xFFFE || value == 0xFFFF { continue }
        output.unicodeScalars.append(scalar)
      }
    }
    return output
  }

  /// Appends the UTF-8 `bytes` to `output` as ``escape(_:quotes:)`` escapes text (quotes left
  /// as they are), without making a string: `&`, `<` and `>` escaped, a carriage return written
  /// `&#13;`, characters XML 1.0 cannot hold dropped.
  ///
  /// Eight bytes are skipped at once while none of them is `&`, `<`, `>`, a control character or
  /// the lead byte of U+FFFE and U+FFFF (byte by byte, this was 5 % of an import's reading
  /// thread).
  public static func appendEscaped(_ bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) {
    var start = 0
    var index = 0
    while index < bytes.count {
      if index + 8 <= bytes.count {
        let word = UInt64(
          littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
        let special =
          UTF8Scalars.bytes(0x26, in: word) | UTF8Scalars.bytes(0x3C, in: word)
          | UTF8Scalars.bytes(0x3E, in: word) | UTF8Scalars.bytes(0xEF, in: word)
          | UTF8Scalars.bytes(from: 0x00, to: 0x1F, in: word)
        guard special != 0 else {
          index += 8
          continue
        }
        // The first byte that may need a change (the others are looked at after it).
        index += special.trailingZeroBitCount / 8
      }
      let byte = bytes[index]
      let replacement: StaticString
      var length = 1
      switch byte {
      case 0x26: replacement = "&amp;"
      case 0x3C: replacement = "&lt;"
      case 0x3E: replacement = "&gt;"
      case 0x0D: replacement = "&#13;"
      case 0x09, 0x0A, 0x20...:
        // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are dropped.
        guard byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBF,
          bytes[index + 2] >= 0xBE
        else {
          index += 1
          continue
        }
        replacement = ""
        length = 3
      default: replacement = ""  // the other control characters
      }
      output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
      replacement.withUTF8Buffer { output.append(contentsOf: $0) }
      index += length
      start = index
    }
    output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
  }
}
