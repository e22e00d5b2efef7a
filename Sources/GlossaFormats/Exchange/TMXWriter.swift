public import GlossaKit

/// Writes TMX 1.4b, valid against the official DTD, a unit at a time.
///
/// The header carries every attribute the DTD requires (`creationtool`, `creationtoolversion`,
/// `segtype`, `o-tmf`, `adminlang`, `srclang`, `datatype`). Segments are written with the inline
/// markup they came with.
///
/// Related standard: TMX 1.4b.
public struct TMXWriter: Sendable {
  /// The header attributes.
  public var header: [String: String]
  /// The header's properties.
  public var properties: [TranslationUnit.Property]
  /// The header's notes.
  public var notes: [String]

  /// A writer whose header names Glossa, `sourceLanguage` and the given `datatype`.
  public init(
    sourceLanguage: String, toolVersion: String, originalFormat: String = "Glossa",
    dataType: String = "plaintext", segmentType: String = "sentence", creationDate: String? = nil,
    properties: [TranslationUnit.Property] = [], notes: [String] = []
  ) {
    header = [
      "creationtool": "Glossa", "creationtoolversion": toolVersion, "segtype": segmentType,
      "o-tmf": originalFormat, "adminlang": "en", "srclang": sourceLanguage, "datatype": dataType,
    ]
    if let creationDate { header["creationdate"] = creationDate }
    self.properties = properties
    self.notes = notes
  }

  /// The XML declaration, DOCTYPE, `<tmx>`, the header and `<body>`.
  public func start() -> String {
    var text =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">\n"
    let order = [
      "creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype",
    ]
    let keys =
      order.filter { header[$0] != nil } + header.keys.filter { !order.contains($0) }.sorted()
    text +=
      "  <header"
      + keys.map { " \($0)=\"\(XMLText.escape(header[$0] ?? "", quotes: true))\"" }.joined()
    if notes.isEmpty && properties.isEmpty {
      text += "/>\n"
    } else {
      text +=
        ">\n" + Self.notesAndProperties(notes: notes, properties: properties, indent: "    ")
        + "  </header>\n"
    }
    return text + "  <body>\n"
  }

  /// One `<tu>`.
  public func unit(_ unit: TranslationUnit) -> String {
    var attributes = unit.attributes
    if let id = unit.id { attributes["tuid"] = id }
    var text = "    <tu" + Self.attributes(attributes) + ">\n"
    text += Self.notesAndProperties(
      notes: unit.notes, properties: unit.properties, indent: "      ")
    for variant in unit.variants {
      var variantAttributes = variant.attributes
      variantAttributes["xml:lang"] = variant.language
      text += "      <tuv" + Self.attributes(variantAttributes) + ">\n"
      text += Self.notesAndProperties(
        notes: variant.notes, properties: variant.properties, indent: "        ")
      text += "        <seg>\(variant.segment.markup)</seg>\n      </tuv>\n"
    }
    return text + "    </tu>\n"
  }

  /// `</body>` and `</tmx>`.
  public func end() -> String { "  </body>\n</tmx>\n" }

  /// Attributes in a stable order: `tuid` and `xml:lang` first, the rest alphabetically.
  static func attributes(_ attributes: [String: String]) -> String {
    let first = ["tuid", "xml:lang"].filter { attributes[$0] != nil }
    let keys = first + attributes.keys.filter { !first.contains($0) }.sorted()
    return keys.map { " \($0)=\"\(XMLText.escape(attributes[$0] ?? "", quotes: true))\"" }.joined()
  }

  /// Notes before properties, as the DTD's `(note|prop)*` allows in any order.
  static func notesAndProperties(
    notes: [String], properties: [TranslationUnit.Property], indent: String
  ) -> String {
    var text = ""
    for note in notes { text += "\(indent)<note>\(XMLText.escape(note))</note>\n" }
    for property in properties {
      var attributes = property.attributes
      attributes["type"] = property.type
      text +=
        "\(indent)<prop" + Self.attributes(attributes)
        + ">\(XMLText.escape(property.value))</prop>\n"
    }
    return text
  }
}
