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
    for index in 0...text.count
    where index == text.count || text[index] == 0x0A || text[index] == 0x0D {
      if index > start, isTitle(text[start..<index]) { result.append(start..<index) }
      start = index + 1
    }
    return result
  }

  static func isTitle(_ line: ArraySlice<UInt8>) -> Bool {
    // Titles are short; a long line is prose, whatever its capitals.
    guard line.count <= 800 else { return false }
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
}
