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
  /// For each byte of ``utf8``, the byte offset in the source where its unit begins.
  public let origins: [Int32]
  /// The length of the source in bytes.
  public let sourceLength: Int

  package init(utf8: [UInt8], origins: [Int32], sourceLength: Int) {
    self.utf8 = utf8
    self.origins = origins
    self.sourceLength = sourceLength
  }

  /// The normalized text as a string.
  public var string: String { String(decoding: utf8, as: UTF8.self) }

  /// The source byte range that the normalized byte range `range` came from.
  ///
  /// A range that begins or ends inside a unit (one of the two letters that `ß` folds to,
  /// say) widens to the whole unit.
  /// - Complexity: O(1) in practice; O(k) where k is the length of the unit at the end.
  public func sourceRange(for range: Range<Int>) -> Range<Int> {
    let count = utf8.count
    let lower = range.lowerBound < count ? Int(origins[range.lowerBound]) : sourceLength
    if range.isEmpty { return lower..<lower }
    var end = range.upperBound
    let last = origins[end - 1]
    while end < count, origins[end] == last { end += 1 }
    let upper = end < count ? Int(origins[end]) : sourceLength
    return lower..<max(lower, upper)
  }
}
