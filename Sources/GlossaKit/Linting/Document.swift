public import GlossaText

/// An article ready to lint: its prose, and a map back to the file it came from.
///
/// Readers (plain text, Markdown, HTML) turn a file into a document: they drop markup, code and
/// URLs, decode entities, and mark headings, keeping for every byte of prose the byte of the
/// file it came from. Findings are placed in the file through that map.
public struct Document: Sendable {
  /// How the file was written.
  public enum Format: String, Sendable, Codable, CaseIterable {
    /// Plain text.
    case plain
    /// Markdown (CommonMark).
    case markdown
    /// HTML.
    case html
  }

  /// The file as the user named it.
  public var path: String
  /// The format the file was read as.
  public var format: Format
  /// The decoded file, UTF-8: what lines and columns refer to.
  public var source: [UInt8]
  /// The prose to match, UTF-8.
  public var text: [UInt8]
  /// For each byte of ``text``, the bytes of ``source`` it came from; `nil` when the text is the
  /// source.
  public var sourceMap: SourceMap?
  /// The byte ranges of ``text`` that are headings or title lines, where capitals are expected,
  /// in order.
  public var headings: [Range<Int>]
  /// The encoding the file was in.
  public var encoding: SourceEncoding
  /// Bytes before ``source`` in the file (a UTF-8 byte-order mark).
  public var byteOffsetBase: Int
  /// Metadata read from the file (front matter, `<meta>` tags), such as `date`.
  public var metadata: [String: String]
  /// Lines where inline comments turn rules off.
  public var suppressions: [Suppression] = []

  /// Creates a document.
  public init(
    path: String, format: Format, source: [UInt8], text: [UInt8]? = nil,
    sourceMap: SourceMap? = nil,
    headings: [Range<Int>] = [], encoding: SourceEncoding = .utf8, byteOffsetBase: Int = 0,
    metadata: [String: String] = [:]
  ) {
    self.path = path
    self.format = format
    self.source = source
    self.text = text ?? source
    self.sourceMap = sourceMap
    self.headings = headings.sorted { $0.lowerBound < $1.lowerBound }
    self.encoding = encoding
    self.byteOffsetBase = byteOffsetBase
    self.metadata = metadata
  }

  /// The source bytes that the prose bytes `range` came from.
  public func sourceRange(forText range: Range<Int>) -> Range<Int> {
    guard let map = sourceMap else { return range }
    return map.sourceRange(for: range, sourceLength: source.count)
  }
}

/// For each byte of extracted prose, the range of source bytes it came from.
///
/// A letter comes from itself, a decoded `&rsquo;` from the whole entity, a space that stands
/// for a tag from the whole tag.
public struct SourceMap: Sendable, Equatable {
  /// The first source byte of each prose byte's unit.
  public private(set) var starts: [Int32] = []
  /// The end of each prose byte's unit in the source.
  public private(set) var ends: [Int32] = []

  /// An empty map.
  public init() {}

  /// Records `count` prose bytes that come from `source`.
  public mutating func append(count: Int, from source: Range<Int>) {
    starts.append(contentsOf: repeatElement(Int32(source.lowerBound), count: count))
    ends.append(contentsOf: repeatElement(Int32(source.upperBound), count: count))
  }

  /// The number of prose bytes mapped.
  public var count: Int { starts.count }

  /// The source range of the prose range `range`.
  public func sourceRange(for range: Range<Int>, sourceLength: Int) -> Range<Int> {
    let lower = range.lowerBound < starts.count ? Int(starts[range.lowerBound]) : sourceLength
    guard !range.isEmpty else { return lower..<lower }
    let upper = Int(ends[range.upperBound - 1])
    return lower..<max(lower, upper)
  }
}
