import GlossaKit

/// Builds the prose of a document byte by byte, mapping each byte to the source it came from.
struct ProseBuilder {
  private(set) var text: [UInt8] = []
  private(set) var map = SourceMap()
  private(set) var headings: [Range<Int>] = []
  /// Comments met on the way (`<!-- … -->`): their text and source range.
  var comments: [(text: String, range: Range<Int>)] = []
  private var headingStart: Int?

  init(capacity: Int) {
    text.reserveCapacity(capacity)
  }

  /// Copies source bytes as they are.
  mutating func copy(_ source: [UInt8], _ range: Range<Int>) {
    guard !range.isEmpty else { return }
    text.append(contentsOf: source[range])
    for offset in range { map.append(count: 1, from: offset..<(offset + 1)) }
  }

  /// Emits `bytes` standing for the source `range` (a decoded entity, a placeholder for code).
  mutating func replace(_ range: Range<Int>, with bytes: [UInt8]) {
    text.append(contentsOf: bytes)
    map.append(count: bytes.count, from: range)
  }

  /// Emits a paragraph break standing for `range` (a skipped block, a block-level tag), unless
  /// the prose already ends with one.
  mutating func paragraphBreak(for range: Range<Int>) {
    if text.count >= 2 && text[text.count - 1] == 0x0A && text[text.count - 2] == 0x0A { return }
    if text.isEmpty { return }
    replace(range, with: [0x0A, 0x0A])
  }

  /// The placeholder for skipped inline content (code, URLs): a symbol no term contains, so that
  /// no match runs across it.
  static let placeholder: [UInt8] = Array("\u{FFFC}".utf8)

  mutating func beginHeading() { headingStart = text.count }

  mutating func endHeading() {
    if let start = headingStart, text.count > start { headings.append(start..<text.count) }
    headingStart = nil
  }

  mutating func addHeading(_ range: Range<Int>) { headings.append(range) }

  var count: Int { text.count }

  /// Records the comment `<!-- … -->` at `range` of `source`.
  mutating func comment(_ source: [UInt8], _ range: Range<Int>) {
    var lower = range.lowerBound + 4
    var upper = range.upperBound
    if upper - 3 >= lower, source[(upper - 3)..<upper].elementsEqual("-->".utf8) { upper -= 3 }
    lower = min(lower, upper)
    let text = String(decoding: source[lower..<upper], as: UTF8.self)
    comments.append((text.trimmingSpaces, range))
  }
}
