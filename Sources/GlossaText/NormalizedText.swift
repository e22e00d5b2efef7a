/// Text in its matching form, with a map from every byte back to the text it came from.
///
/// Every byte of ``utf8`` records the offset of the source unit it came from (a scalar,
/// a normalization segment, or a whole run of whitespace), so that a span found in the
/// matching form maps back to the exact source characters:
///
/// ```swift
/// let normalizer = try TextNormalizer()
/// let text = normalizer.normalize("ＣＨＯＮＧＱＩＮＧ’s")
/// text.string                      // "chongqing's"
/// text.sourceRange(for: 0..<9)     // 0..<27, the nine full-width letters
/// ```
public struct NormalizedText: Sendable, Equatable {
  /// The normalized text, UTF-8.
  public let utf8: [UInt8]
  /// The length of the source in bytes.
  public let sourceLength: Int
  /// The map, as pieces: where each piece starts in the normalized text and in the source, and
  /// whether it is a run (byte k of the piece came from source byte start + k) or one unit
  /// (every byte came from the source unit that starts there).
  let pieces: [Piece]

  struct Piece: Sendable, Equatable {
    var normalized: Int32
    var source: Int32
    var isRun: Bool
  }

  init(utf8: [UInt8], pieces: [Piece], sourceLength: Int) {
    self.utf8 = utf8
    self.pieces = pieces
    self.sourceLength = sourceLength
  }

  /// The normalized text as a string.
  public var string: String { String(decoding: utf8, as: UTF8.self) }

  /// The index of the piece that holds normalized byte `index`, searched from piece `low`
  /// (which starts at or before it).
  private func piece(holding index: Int, from low: Int = 0) -> Int {
    var low = low
    var high = pieces.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if Int(pieces[mid].normalized) <= index { low = mid } else { high = mid - 1 }
    }
    return low
  }

  /// The index of the piece that holds normalized byte `index`, looked for first at piece
  /// `hint` and the few after it (where a scan from left to right finds it), then set there.
  private func piece(holding index: Int, near hint: inout Int) -> Int {
    var p = hint < pieces.count && Int(pieces[hint].normalized) <= index ? hint : 0
    var steps = 0
    while p + 1 < pieces.count && Int(pieces[p + 1].normalized) <= index {
      steps += 1
      if steps > 4 {
        p = piece(holding: index, from: p)
        break
      }
      p += 1
    }
    hint = p
    return p
  }

  /// The source range of the unit that normalized byte `index` came from.
  public func sourceUnit(of index: Int) -> Range<Int> {
    sourceUnit(of: index, piece: piece(holding: index))
  }

  /// The source range of the unit that normalized byte `index`, in piece `p`, came from.
  private func sourceUnit(of index: Int, piece p: Int) -> Range<Int> {
    let piece = pieces[p]
    let next = p + 1 < pieces.count ? Int(pieces[p + 1].source) : sourceLength
    if piece.isRun {
      let source = Int(piece.source) + index - Int(piece.normalized)
      return source..<min(source + 1, next)
    }
    return Int(piece.source)..<next
  }

  /// The source byte range that the normalized byte range `range` came from.
  ///
  /// A range that begins or ends inside a unit (one of the two letters that `ß` folds to,
  /// say) widens to the whole unit.
  /// - Complexity: O(log p) for p pieces of the map.
  public func sourceRange(for range: Range<Int>) -> Range<Int> {
    guard range.lowerBound < utf8.count else { return sourceLength..<sourceLength }
    let lower = sourceUnit(of: range.lowerBound).lowerBound
    if range.isEmpty { return lower..<lower }
    let upper = sourceUnit(of: range.upperBound - 1).upperBound
    return lower..<max(lower, upper)
  }

  /// ``sourceRange(for:)`` for ranges asked for from left to right.
  ///
  /// The map is searched from piece `hint` (0 at first), which is left at the piece of the
  /// range's start. A term scan asks for every match, and a search of the whole map each time
  /// was 3 % of a lint.
  public func sourceRange(for range: Range<Int>, near hint: inout Int) -> Range<Int> {
    guard range.lowerBound < utf8.count else { return sourceLength..<sourceLength }
    let first = piece(holding: range.lowerBound, near: &hint)
    let lower = sourceUnit(of: range.lowerBound, piece: first).lowerBound
    if range.isEmpty { return lower..<lower }
    var end = first
    let upper = sourceUnit(
      of: range.upperBound - 1, piece: piece(holding: range.upperBound - 1, near: &end)
    )
    .upperBound
    return lower..<max(lower, upper)
  }
}

/// What a normalization tells about where each byte of its output came from.
protocol OffsetRecorder {
  /// The normalized bytes from `normalized` on came from the source unit at `source`.
  mutating func unit(normalized: Int, source: Int)
  /// `length` normalized bytes from `normalized` on came one to one from `source`.
  mutating func run(normalized: Int, source: Int, length: Int)
}

/// A recorder that keeps nothing: for the matching form alone.
struct NoOffsets: OffsetRecorder {
  @inline(__always) mutating func unit(normalized: Int, source: Int) {}
  @inline(__always) mutating func run(normalized: Int, source: Int, length: Int) {}
}

/// Builds the pieces of a ``NormalizedText`` map as the normalizer writes.
struct OffsetMapBuilder: OffsetRecorder {
  private(set) var pieces: [NormalizedText.Piece] = []
  private var runEnd = (normalized: -1, source: -1)

  /// Records that the normalized bytes from `normalized` on came from the source unit at `source`.
  mutating func unit(normalized: Int, source: Int) {
    pieces.append(.init(normalized: Int32(normalized), source: Int32(source), isRun: false))
    runEnd = (-1, -1)
  }

  /// Records that `length` normalized bytes from `normalized` on came one to one from `source`.
  mutating func run(normalized: Int, source: Int, length: Int) {
    if runEnd != (normalized, source) {
      pieces.append(.init(normalized: Int32(normalized), source: Int32(source), isRun: true))
    }
    runEnd = (normalized + length, source + length)
  }
}
