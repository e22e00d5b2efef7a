internal import GlossaText

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Finds title-case lines in plain text: headlines and section titles, where capitals are
/// expected and `term-case` stays quiet.
///
/// A line is a title when it does not end like a sentence and at least three quarters of its
/// words, small words such as `of` and `the` aside, begin with a capital or a digit:
/// `The 6th CPC Chongqing Municipal Congress Opens, Set Plans for the Next Five Years`.
enum TitleLines {
  private static let smallWords: Set<String> = [
    "a", "an", "and", "as", "at", "but", "by", "en", "for", "from", "if", "in", "into", "nor", "of",
    "on", "onto", "or", "over", "per", "the", "to", "up", "upon", "via", "vs", "with", "is", "are",
  ]

  /// The byte ranges of the title lines of `text`.
  static func ranges(in text: [UInt8]) -> [Range<Int>] {
    var result: [Range<Int>] = []
    var start = 0
    text.withUnsafeBufferPointer { bytes in
      guard let base = bytes.baseAddress else { return }
      // Line ends found with memchr (vectorized); a text with a carriage return anywhere is
      // split byte by byte, at either end of line.
      let hasReturn = memchr(base, 0x0D, bytes.count) != nil
      var index = 0
      while start <= bytes.count {
        if hasReturn {
          index = start
          while index < bytes.count && bytes[index] != 0x0A && bytes[index] != 0x0D { index += 1 }
        } else if let found = memchr(base + start, 0x0A, bytes.count - start) {
          index = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
        } else {
          index = bytes.count
        }
        if index > start, index - start <= 800,
          mayBeTitle(UnsafeBufferPointer(rebasing: bytes[start..<index])),
          reads(text[start..<index])
        {
          result.append(start..<index)
        }
        start = index + 1
      }
    }
    return result
  }

  static func isTitle(_ line: ArraySlice<UInt8>) -> Bool {
    // Titles are short; a long line is prose, whatever its capitals.
    guard line.count <= 800, mayBeTitle(line) else { return false }
    return reads(line)
  }

  /// Whether a line that ``mayBeTitle(_:)`` let through reads as a title.
  private static func reads(_ line: ArraySlice<UInt8>) -> Bool {
    isPlainlyPunctuated(line) ? isASCIITitle(line) : isTitleLine(line)
  }

  /// Whether every character of `line` beyond ASCII is a dash or a curly quote (`–`, `—`, `‘`,
  /// `’`, `“`, `”`): no letter, digit, space or cased character, a grapheme of its own, so that
  /// ``isASCIITitle(_:)`` reads the line as ``isTitleLine(_:)`` does.
  static func isPlainlyPunctuated(_ line: ArraySlice<UInt8>) -> Bool {
    line.withUnsafeBufferPointer { bytes in
      var i = 0
      while i < bytes.count {
        if bytes[i] < 0x80 {
          i += 1
          continue
        }
        guard i + 2 < bytes.count, bytes[i] == 0xE2, bytes[i + 1] == 0x80 else { return false }
        switch bytes[i + 2] {
        case 0x93, 0x94, 0x98, 0x99, 0x9C, 0x9D: i += 3
        default: return false
        }
      }
      return true
    }
  }

  /// ``isTitleLine(_:)`` on the bytes of a line of ASCII, dashes and curly quotes (see
  /// ``isPlainlyPunctuated(_:)``), without decoding it.
  static func isASCIITitle(_ line: ArraySlice<UInt8>) -> Bool {
    func isSpace(_ byte: UInt8) -> Bool { UTF8Scalars.isASCIIWhitespace(byte) }
    var start = line.startIndex
    var end = line.endIndex
    while start < end && isSpace(line[start]) { start += 1 }
    while end > start && isSpace(line[end - 1]) { end -= 1 }
    // At most 200 characters: bytes less those that continue a character.
    let characters = (end - start) - line[start..<end].count { $0 & 0xC0 == 0x80 }
    guard end > start, characters <= 200, !Array(".!?;:,".utf8).contains(line[end - 1])
    else { return false }
    for index in start..<(end - 1)
    where line[index] == UInt8(ascii: ".") || line[index] == UInt8(ascii: "!")
      || line[index] == UInt8(ascii: "?")
    {
      if line[index + 1] == 0x20 { return false }
    }
    var words = 0
    var significant = 0
    var capitalized = 0
    var index = start
    while index < end {
      if isSpace(line[index]) {
        index += 1
        continue
      }
      var first = index
      while index < end && !isSpace(line[index]) { index += 1 }
      var last = index
      while first < last && !isASCIILetterOrDigit(line[first]) { first += 1 }
      while last > first && !isASCIILetterOrDigit(line[last - 1]) { last -= 1 }
      guard first < last else { continue }
      words += 1
      guard words <= 25 else { return false }
      let lower = String(
        decoding: line[first..<last].map { $0 | ($0 >= 0x41 && $0 <= 0x5A ? 0x20 : 0) },
        as: UTF8.self)
      if smallWords.contains(lower) { continue }
      significant += 1
      let initial = line[first]
      if (initial >= 0x41 && initial <= 0x5A) || (initial >= 0x30 && initial <= 0x39) {
        capitalized += 1
      }
    }
    guard words > 0, significant > 0 else { return false }
    return capitalized * 4 >= significant * 3
  }

  /// Whether a line (of any script) reads as a title: short, no sentence punctuation at its end
  /// or sentence break inside, and three quarters of its significant words capitalized.
  static func isTitleLine(_ line: ArraySlice<UInt8>) -> Bool {
    let string = String(decoding: line, as: UTF8.self)
    let trimmed = string.trimmingSpaces
    guard !trimmed.isEmpty, trimmed.unicodeScalars.count <= 200,
      let last = trimmed.unicodeScalars.last, !".!?;:,。！？；".unicodeScalars.contains(last)
    else { return false }
    // A sentence break inside the line ("… met. The …") makes it prose.
    let scalars = Array(trimmed.unicodeScalars)
    for index in scalars.indices.dropLast() where ".!?".unicodeScalars.contains(scalars[index]) {
      if scalars[index + 1] == " " { return false }
    }
    let words = trimmed.split(whereSeparator: { $0.isWhitespace }).map {
      $0.drop { !$0.isLetter && !$0.isNumber }.reversed().drop { !$0.isLetter && !$0.isNumber }
        .reversed()
    }.map { String($0) }.filter { !$0.isEmpty }
    guard !words.isEmpty, words.count <= 25 else { return false }
    let significant = words.filter { !smallWords.contains($0.lowercased()) }
    guard !significant.isEmpty else { return false }
    let capitalized = significant.filter { word in
      guard let first = word.first else { return false }
      return first.isUppercase || first.isNumber || !first.isCased
    }
    return capitalized.count * 4 >= significant.count * 3
  }

  /// Byte-level rejections that spare most prose lines the work on strings: a line that ends
  /// with sentence punctuation, holds a sentence break, or whose words mostly begin with a
  /// lower-case ASCII letter cannot be a title.
  static func mayBeTitle(_ line: ArraySlice<UInt8>) -> Bool {
    line.withUnsafeBufferPointer { mayBeTitle($0) }
  }

  /// ``mayBeTitle(_:)`` on the bytes of a line.
  static func mayBeTitle(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    var end = line.count
    while end > 0 && (line[end - 1] == 0x20 || line[end - 1] == 0x09) { end -= 1 }
    guard end > 0 else { return false }
    switch line[end - 1] {
    case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ";"),
      UInt8(ascii: ":"), UInt8(ascii: ","):
      return false
    default: break
    }
    var words = 0
    var lowerSignificant = 0
    var index = 0
    while index < end {
      let byte = line[index]
      if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?"),
        index + 1 < end, line[index + 1] == 0x20
      {
        return false
      }
      if byte == 0x20 || byte == 0x09 {
        index += 1
        continue
      }
      // A word: skip opening punctuation, look at its first letter.
      let start = index
      index = wordEnd(line, from: index, before: end)
      words += 1
      var first = start
      while first < index, line[first] < 0x80, !isASCIILetterOrDigit(line[first]) { first += 1 }
      guard first < index, line[first] >= 0x61 && line[first] <= 0x7A else { continue }
      var last = index
      while last > first, line[last - 1] < 0x80, !isASCIILetterOrDigit(line[last - 1]) { last -= 1 }
      // A word with other than printable ASCII in it (a dash, a no-break space) may be split or
      // trimmed otherwise by the string rule: not counted.
      guard line[first..<last].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { continue }
      if last - first > 5 || !isSmallWord(Self.key(line[first..<last])) {
        lowerSignificant += 1
        // A title has at most 25 words, and at most a quarter of them significant in lower
        // case: seven such words make the line prose, however long it is.
        if lowerSignificant > 6 { return false }
        // The rest of the line holds at most one word per two bytes: when even that many more
        // words cannot bring the lower-case ones down to a quarter, the line is prose.
        if lowerSignificant * 4 > words + (end - index + 1) / 2 { return false }
      }
    }
    // Significant words are at most all words; more than a quarter in lower case fails.
    return lowerSignificant * 4 <= words
  }

  /// Where the word at `start` ends: the first space or tab from `start` on, or `end`; eight
  /// bytes at a time (a prose line is read to its end, word after word).
  @inline(__always)
  private static func wordEnd(_ line: UnsafeBufferPointer<UInt8>, from start: Int, before end: Int)
    -> Int
  {
    var index = start
    while index + 8 <= end {
      let word = UTF8Scalars.word(line, at: index)
      let found = UTF8Scalars.bytes(0x20, in: word) | UTF8Scalars.bytes(0x09, in: word)
      if found != 0 { return index + found.trailingZeroBitCount / 8 }
      index += 8
    }
    while index < end && line[index] != 0x20 && line[index] != 0x09 { index += 1 }
    return index
  }

  /// The small words as ``key(_:)``s: most words of a prose line are checked, and a string
  /// and its hash for each cost more than the rest of the test.
  private static let smallWordKeys = smallWords.map { key(ArraySlice($0.utf8)) }

  /// ``smallWordKeys`` in an open-addressing table of 64 slots (0 is empty: no key is 0).
  private static let smallWordTable: [UInt64] = {
    var table = [UInt64](repeating: 0, count: 64)
    for key in smallWordKeys {
      var slot = smallWordSlot(key)
      while table[slot] != 0 { slot = (slot + 1) & 63 }
      table[slot] = key
    }
    return table
  }()

  private static func smallWordSlot(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 58)
  }

  /// Whether `key` is one of ``smallWordKeys``.
  private static func isSmallWord(_ key: UInt64) -> Bool {
    smallWordTable.withUnsafeBufferPointer { table in
      var slot = smallWordSlot(key)
      while table[slot] != 0 {
        if table[slot] == key { return true }
        slot = (slot + 1) & 63
      }
      return false
    }
  }

  /// Up to seven bytes, in small ASCII letters, and the length in one number; only compared for
  /// words of five bytes or fewer, where it is exact.
  private static func key(_ word: some Collection<UInt8>) -> UInt64 {
    var key = UInt64(word.count)
    for byte in word.prefix(7) {
      key = key << 8 | UInt64(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
    }
    return key
  }

  private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte >= 0x30 && byte <= 0x39
  }
}
