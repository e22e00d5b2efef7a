/// Turns text into its matching form under a set of folds, keeping an offset map.
///
/// The pipeline, for each normalization segment of the source (a base character and the
/// marks that combine with it, found with ICU's `hasBoundaryBefore`):
/// 1. typographic folds: apostrophes and quotes, dashes, middle dots;
/// 2. ICU normalization: NFKC_Casefold with `compatibility` and `case`, NFKC with
///    `compatibility` alone, NFC otherwise; `width` alone applies NFKC to width variants;
/// 3. `diacritics`: NFD, nonspacing marks after a Latin base dropped;
/// 4. `script`: Han characters through ICU's Hant-Hans transliterator.
///
/// Runs of whitespace are one unit: a run holding a blank line (or U+2029) becomes `\n\n`, a
/// paragraph break that matches never cross; any other run becomes one space, except that
/// without the `whitespace` fold unusual spaces (no-break, thin, ideographic) are kept.
///
/// A normalizer caches per-character results and is not thread-safe: give each thread its own.
/// - Complexity: O(n) in the length of the text.
///
/// Its caches are marked `@exclusivity(unchecked)`: a normalizer is one thread's, its accesses
/// do not overlap, and the run-time checks of each access were a cost of every character
/// outside ASCII (in `perf` of a TMX import, 357 samples against 2,288 in the normalizer's own
/// code).
public final class TextNormalizer {
  /// The folds this normalizer applies.
  public let folds: FoldSet
  package let classify: CharacterClassifier
  /// A tokenizer for the text this normalizer produces.
  public var tokenizer: Tokenizer { Tokenizer(classifier: classify) }
  private let form: ICU.Form?
  private let boundary: CharacterClass
  @exclusivity(unchecked) private var segmentCache: [UInt32: [UInt8]] = [:]
  /// The folded bytes of single BMP characters, by scalar (see ``pack(_:)``).
  ///
  /// Allocated on the first character outside ASCII runs; `segmentCache` keeps the other single
  /// characters.
  @exclusivity(unchecked) private var bmpCache: [UInt64] = []
  @exclusivity(unchecked) private var simplified: [UInt32: [UInt32]] = [:]
  @exclusivity(unchecked) private var hantToHans: Transliterator?
  @exclusivity(unchecked) private var hantToHansFailed = false
  @exclusivity(unchecked) private var segment: [UInt32] = []

  /// Creates a normalizer that applies `folds`.
  /// - Throws: `ICUError` when ICU's normalization data cannot be loaded.
  public convenience init(folds: FoldSet = .all) throws(ICUError) {
    try self.init(folds: folds, classifier: CharacterClassifier())
  }

  /// Creates a normalizer that shares a character-class cache with other text code.
  package init(folds: FoldSet, classifier: CharacterClassifier) throws(ICUError) {
    self.folds = folds
    self.classify = classifier
    if folds.contains(.compatibility) {
      form = folds.contains(.case) ? .nfkcCasefold : .nfkc
      boundary = folds.contains(.case) ? .boundaryNFKCCasefold : .boundaryNFKC
    } else {
      form = nil
      boundary = .boundaryNFC
    }
    _ = try ICU.normalize(Array("Å".utf16), to: form ?? .nfc)
  }

  /// Normalizes a string.
  public func normalize(_ text: String) -> NormalizedText {
    var text = text
    return text.withUTF8 { normalize(utf8: $0) }
  }

  /// Normalizes valid UTF-8.
  public func normalize(utf8 input: [UInt8]) -> NormalizedText {
    input.withUnsafeBufferPointer { normalize(utf8: $0) }
  }

  /// Normalizes valid UTF-8.
  public func normalize(utf8 input: UnsafeBufferPointer<UInt8>) -> NormalizedText {
    var map = OffsetMapBuilder()
    let out = normalize(utf8: input, map: &map)
    return NormalizedText(utf8: out, pieces: map.pieces, sourceLength: input.count)
  }

  /// The matching form of `text` alone, without the map back to it (what an import stores:
  /// with the map, a piece per Chinese character, an import's normalizing took a sixth longer).
  ///
  /// A text that is its own matching form (most Chinese text) is returned as it is, sharing its
  /// storage: a TMX import keeps the matching forms of the pairs waiting to be written.
  public func matchingForm(_ text: String) -> String {
    var text = text
    var map = NoOffsets()
    let (out, same) = text.withUTF8 { input in
      let out = normalize(utf8: input, map: &map)
      // Eight bytes at a time: `elementsEqual` went byte by byte through the generic sequence
      // (a ninth of this function's time in a TMX import, in `perf`).
      return (out, out.withUnsafeBufferPointer { UTF8Scalars.same($0, input) })
    }
    return same ? text : String(decoding: out, as: UTF8.self)
  }

  /// The matching form of valid UTF-8, telling `map` where each byte came from.
  private func normalize<Map: OffsetRecorder>(
    utf8 input: UnsafeBufferPointer<UInt8>, map: inout Map
  ) -> [UInt8] {
    let n = input.count
    var out: [UInt8] = []
    out.reserveCapacity(n + n / 8)
    let foldCase = folds.contains(.case)
    let foldQuotes = folds.contains(.quotes)
    let mapsASCII = foldCase || foldQuotes
    var i = 0
    while i < n {
      let byte = input[i]
      if byte < 0x80 {
        if byte == 0x20 && (i + 1 == n || Self.isWordByte(input[i + 1])) {
          // A single space between words, the commonest whitespace run.
          map.run(normalized: out.count, source: i, length: 1)
          out.append(0x20)
          i += 1
          continue
        }
        if Self.isSpaceByte(byte) {
          i = whitespaceRun(input, from: i, out: &out, map: &map)
          continue
        }
        // A run of ASCII with single spaces: copied, mapped, and mapped back one to one. Its
        // last byte stays out when a combining character follows it.
        var j = Self.plainEnd(input, from: i + 1)
        while j < n && input[j] < 0x80 {
          let next = input[j]
          if Self.isSpaceByte(next) {
            guard next == 0x20, j + 1 < n, Self.isWordByte(input[j + 1]) else { break }
          }
          j += 1
        }
        if j < n && input[j] >= 0x80 && combinesWithPrevious(input, at: j) { j -= 1 }
        if j > i {
          let start = out.count
          map.run(normalized: start, source: i, length: j - i)
          out.append(contentsOf: UnsafeBufferPointer(rebasing: input[i..<j]))
          if mapsASCII {
            Self.asciiMaps[(foldCase ? 1 : 0) + (foldQuotes ? 2 : 0)].withUnsafeBufferPointer {
              map in
              out.withUnsafeMutableBufferPointer { buffer in
                var k = start
                // Eight bytes at a time: capitals get their small letter's bit, backticks become
                // apostrophes (what `map` does to each byte).
                if let base = buffer.baseAddress {
                  let raw = UnsafeMutableRawPointer(base)
                  while k + 8 <= buffer.count {
                    var word = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                    if foldCase { word |= UTF8Scalars.bytes(from: 0x41, to: 0x5A, in: word) >> 2 }
                    if foldQuotes { word ^= (UTF8Scalars.bytes(0x60, in: word) >> 7) &* 0x47 }
                    raw.storeBytes(of: word, toByteOffset: k, as: UInt64.self)
                    k += 8
                  }
                }
                while k < buffer.count {
                  buffer[k] = map[Int(buffer[k])]
                  k += 1
                }
              }
            }
          }
          i = j
          continue
        }
      }
      let (scalar, length) = UTF8Scalars.decode(input, at: i)
      let kind = classify(scalar)
      if kind.contains(.whitespace) {
        i = whitespaceRun(input, from: i, out: &out, map: &map)
        continue
      }
      var j = i + length
      while j < n, input[j] >= 0x80 {
        let (next, nextLength) = UTF8Scalars.decode(input, at: j)
        let nextKind = classify(next)
        if nextKind.contains(boundary) || nextKind.contains(.whitespace) { break }
        j += nextLength
      }
      appendSegment(input, from: i, to: j, out: &out, map: &map)
      i = j
    }
    return out
  }

  /// The byte each byte becomes, indexed by (case folded ? 1 : 0) + (quotes folded ? 2 : 0):
  /// letters lowercased under `case`, the backtick an apostrophe under `quotes`.
  private static let asciiMaps: [[UInt8]] = (0..<4).map { index in
    var map = [UInt8](0...255)
    if index & 1 != 0 {
      for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { map[Int(byte)] = byte | 0x20 }
    }
    if index & 2 != 0 { map[0x60] = 0x27 }
    return map
  }

  /// Where eight-byte reading from `start` stops: it takes eight bytes at a time while each is
  /// printable ASCII, and each space one before a letter or digit (bytes that the run loop of
  /// ``normalize(utf8:)`` takes one by one), and stops before the eight that hold another, or
  /// nine bytes before the end.
  static func plainEnd(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var j = start
    while j + 9 <= input.count {
      let word = UTF8Scalars.word(input, at: j)
      let next = UTF8Scalars.word(input, at: j + 1)
      let unprintable = ~UTF8Scalars.bytes(from: 0x20, to: 0x7F, in: word) & 0x8080_8080_8080_8080
      let loneSpace = UTF8Scalars.bytes(0x20, in: word) & ~UTF8Scalars.letterOrDigitBytes(in: next)
      if unprintable | loneSpace != 0 { break }
      j += 8
    }
    return j
  }

  @inline(__always)
  private static func isSpaceByte(_ byte: UInt8) -> Bool {
    byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
  }

  @inline(__always)
  private static func isWordByte(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
      || (byte >= 0x30 && byte <= 0x39)
  }

  @inline(__always)
  private func combinesWithPrevious(_ input: UnsafeBufferPointer<UInt8>, at j: Int) -> Bool {
    let (next, _) = UTF8Scalars.decode(input, at: j)
    let kind = classify(next)
    return !kind.contains(boundary) && !kind.contains(.whitespace)
  }

  /// Emits one unit for the whitespace run at `start`; returns where the run ends.
  private func whitespaceRun<Map: OffsetRecorder>(
    _ input: UnsafeBufferPointer<UInt8>, from start: Int, out: inout [UInt8],
    map: inout Map
  ) -> Int {
    let n = input.count
    var i = start
    var breaks = 0
    var paragraph = false
    var unusual = false
    while i < n {
      let byte = input[i]
      if byte < 0x80 {
        if byte == 0x20 || byte == 0x09 {
          i += 1
        } else if byte == 0x0A {
          breaks += 1
          i += 1
        } else if byte == 0x0D {
          breaks += 1
          i += (i + 1 < n && input[i + 1] == 0x0A) ? 2 : 1
        } else if byte == 0x0B || byte == 0x0C {
          breaks += 1
          unusual = true
          i += 1
        } else {
          break
        }
        continue
      }
      let (scalar, length) = UTF8Scalars.decode(input, at: i)
      let kind = classify(scalar)
      if kind.contains(.ignorable) && !kind.contains(.whitespace) && form == .nfkcCasefold {
        // NFKC_Casefold erases default-ignorable characters: inside a run they are nothing.
        i += length
        continue
      }
      guard kind.contains(.whitespace) else { break }
      if scalar == 0x2029 { paragraph = true }
      if kind.contains(.lineBreak) { breaks += 1 }
      unusual = true
      i += length
    }
    if paragraph || breaks >= 2 {
      map.unit(normalized: out.count, source: start)
      out.append(0x0A)
      out.append(0x0A)
    } else if !unusual || folds.contains(.whitespace) {
      map.unit(normalized: out.count, source: start)
      out.append(0x20)
    } else {
      // Keep unusual spaces as they are; ordinary ones become one space each.
      var k = start
      while k < i {
        let (scalar, length) = UTF8Scalars.decode(input, at: k)
        let kind = classify(scalar)
        map.unit(normalized: out.count, source: k)
        if scalar < 0x80 || kind.contains(.lineBreak) {
          out.append(0x20)
        } else {
          UTF8Scalars.append(scalar, to: &out)
        }
        k += length
      }
    }
    return i
  }

  /// Up to seven folded bytes as the table of single BMP characters keeps them: the count plus
  /// one in the low byte, the bytes above it; 0 (unknown) when there are more.
  static func pack(_ bytes: [UInt8]) -> UInt64 {
    guard bytes.count <= 7 else { return 0 }
    var packed = UInt64(bytes.count + 1)
    for (index, byte) in bytes.enumerated() { packed |= UInt64(byte) << (8 * (index + 1)) }
    return packed
  }

  /// Folds the segment `input[start..<end]` and emits it as one unit.
  private func appendSegment<Map: OffsetRecorder>(
    _ input: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, out: inout [UInt8],
    map: inout Map
  ) {
    let (first, firstLength) = UTF8Scalars.decode(input, at: start)
    if start + firstLength == end {
      // One character: most of Chinese text, every letter outside ASCII runs.
      appendFolded(first, at: start, out: &out, map: &map)
      return
    }
    segment.removeAll(keepingCapacity: true)
    var k = start
    while k < end {
      let (scalar, length) = UTF8Scalars.decode(input, at: k)
      segment.append(scalar)
      k += length
    }
    let before = out.count
    for folded in fold(segment) { UTF8Scalars.append(folded, to: &out) }
    if out.count > before { map.unit(normalized: before, source: start) }
  }

  /// Appends the folded bytes of the one character `scalar`, at `start` in the source, and emits
  /// them as one unit: from the table of BMP characters (packed, no hashing), or, for longer
  /// results and characters beyond the BMP, from `segmentCache`; computed the first time.
  private func appendFolded<Map: OffsetRecorder>(
    _ scalar: UInt32, at start: Int, out: inout [UInt8], map: inout Map
  ) {
    let before = out.count
    defer { if out.count > before { map.unit(normalized: before, source: start) } }
    if scalar < 0x1_0000 {
      if bmpCache.isEmpty { bmpCache = [UInt64](repeating: 0, count: 0x1_0000) }
      let packed = bmpCache[Int(scalar)]
      if packed != 0 {
        let count = Int(packed & 0xFF) - 1
        for index in 0..<count {
          out.append(UInt8(truncatingIfNeeded: packed >> (8 * (index + 1))))
        }
        return
      }
    }
    if let cached = segmentCache[scalar] {
      out.append(contentsOf: cached)
      return
    }
    var bytes: [UInt8] = []
    for folded in fold([scalar]) { UTF8Scalars.append(folded, to: &bytes) }
    let packed = scalar < 0x1_0000 ? Self.pack(bytes) : 0
    if packed != 0 { bmpCache[Int(scalar)] = packed } else { segmentCache[scalar] = bytes }
    out.append(contentsOf: bytes)
  }

  /// The folded scalars of one normalization segment.
  private func fold(_ scalars: [UInt32]) -> [UInt32] {
    var scalars = scalars.map(typographic)
    let hasWidthVariant = scalars.contains { classify($0).contains(.widthVariant) }
    do {
      if let form, folds.contains(.width) || !hasWidthVariant {
        scalars = try normalized(scalars, form)
      } else {
        if folds.contains(.width) && hasWidthVariant {
          scalars = try scalars.flatMap { scalar throws(ICUError) -> [UInt32] in
            classify(scalar).contains(.widthVariant) ? try normalized([scalar], .nfkc) : [scalar]
          }
        }
        if folds.contains(.case) {
          scalars = UTF8Scalars.scalars(ofUTF16: try ICU.foldCase(UTF8Scalars.utf16(of: scalars)))
        }
        scalars = try normalized(scalars, .nfc)
      }
      scalars = scalars.map(typographic)
      if folds.contains(.diacritics), let base = scalars.first, classify(base).contains(.latin),
        scalars.count > 1 || base >= 0xC0
      {
        let decomposed = try normalized(scalars, .nfd)
        let stripped = decomposed.filter { !classify($0).contains(.nonspacingMark) }
        if stripped.count != decomposed.count { scalars = try normalized(stripped, .nfc) }
      }
      if folds.contains(.script) && scalars.contains(where: { classify($0).contains(.han) }) {
        scalars = scalars.flatMap { classify($0).contains(.han) ? simplify($0) : [$0] }
      }
    } catch {
      // ICU loaded its data when the normalizer was made; a later failure leaves the
      // segment unfolded rather than losing it.
      return scalars
    }
    return scalars
  }

  @inline(__always)
  private func typographic(_ scalar: UInt32) -> UInt32 {
    if scalar < 0x80 && scalar != 0x60 && scalar != 0x22 { return scalar }
    let kind = classify(scalar)
    if folds.contains(.quotes) && kind.contains(.quote) {
      return kind.contains(.apostrophe) ? 0x27 : 0x22
    }
    if folds.contains(.dashes) && kind.contains(.dash) { return 0x2D }
    if folds.contains(.middleDot) && kind.contains(.middleDot) { return 0xB7 }
    return scalar
  }

  private func normalized(_ scalars: [UInt32], _ form: ICU.Form) throws(ICUError) -> [UInt32] {
    UTF8Scalars.scalars(ofUTF16: try ICU.normalize(UTF8Scalars.utf16(of: scalars), to: form))
  }

  /// The Simplified form of one Han character.
  private func simplify(_ scalar: UInt32) -> [UInt32] {
    if let known = simplified[scalar] { return known }
    if hantToHans == nil && !hantToHansFailed {
      hantToHans = try? Transliterator(id: "Hant-Hans")
      hantToHansFailed = hantToHans == nil
    }
    var result = [scalar]
    if let hantToHans, let units = try? hantToHans.transliterate(UTF8Scalars.utf16(of: [scalar])) {
      result = UTF8Scalars.scalars(ofUTF16: units)
    }
    simplified[scalar] = result
    return result
  }
}
