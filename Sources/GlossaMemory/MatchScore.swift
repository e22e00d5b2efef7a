public import GlossaText

/// How similar a memory's source segment is to the sentence looked up, as a percentage.
///
/// The percentage is the normalized Indel similarity of the two segments in their matching form
/// (case, width, quotes, dashes, spaces, Traditional characters… folded): `2 × LCS / (m + n)`,
/// where LCS is the length of their longest common subsequence of characters and m and n their
/// lengths — the measure rapidfuzz calls `fuzz.ratio`, computed on characters, so that it works
/// for Chinese as for English. Then, as CAT tools do:
/// - 100 only when the source text is the sentence exactly; a match that differs only in what the
///   folds ignore (case, quotes, full-width letters, inline codes) is 99 at most;
/// - each number that appears in one segment and not the other takes one point off, because a
///   match with another number needs an edit even when it is otherwise identical.
public enum MatchScore {
  /// The similarity of two matching forms, 0 to 100, with its fraction.
  public static func ratio(_ a: [UInt32], _ b: [UInt32]) -> Double {
    let total = a.count + b.count
    guard total > 0 else { return 100 }
    return 200 * Double(longestCommonSubsequence(a, b)) / Double(total)
  }

  /// The percentage shown for a match.
  /// - Parameters:
  ///   - query: the sentence looked up, as typed.
  ///   - queryKey: its matching form, as scalars.
  ///   - text: the memory's source text.
  ///   - key: the memory's source in matching form, as scalars.
  /// - Returns: 0 to 100.
  public static func percentage(query: String, queryKey: [UInt32], text: String, key: [UInt32])
    -> Int
  {
    if query == text { return 100 }
    var score = Int(ratio(queryKey, key).rounded(.down))
    score = min(score, 99)
    score -= numberDifferences(queryKey, key)
    return max(0, score)
  }

  /// How many numbers appear in one matching form and not the other (as multisets).
  static func numberDifferences(_ a: [UInt32], _ b: [UInt32]) -> Int {
    let x = numbers(a)
    let y = numbers(b)
    guard x != y else { return 0 }
    var counts: [String: Int] = [:]
    for number in x { counts[number, default: 0] += 1 }
    for number in y { counts[number, default: 0] -= 1 }
    return counts.values.reduce(0) { $0 + abs($1) }
  }

  /// The digit runs of a matching form, sorted.
  static func numbers(_ scalars: [UInt32]) -> [String] {
    var result: [String] = []
    var current = ""
    for scalar in scalars {
      if scalar >= 0x30 && scalar <= 0x39 || (scalar == 0x2E && !current.isEmpty) {
        current.unicodeScalars.append(Unicode.Scalar(UInt8(scalar)))
      } else if !current.isEmpty {
        result.append(current.hasSuffix(".") ? String(current.dropLast()) : current)
        current = ""
      }
    }
    if !current.isEmpty {
      result.append(current.hasSuffix(".") ? String(current.dropLast()) : current)
    }
    return result.sorted()
  }

  /// The length of the longest common subsequence, by the bit-parallel algorithm of Allison and
  /// Dix (as improved by Hyyrö): O(⌈m / 64⌉ · n).
  public static func longestCommonSubsequence(_ a: [UInt32], _ b: [UInt32]) -> Int {
    if a.isEmpty || b.isEmpty { return 0 }
    let (short, long) = a.count <= b.count ? (a, b) : (b, a)
    let words = (short.count + 63) / 64
    // The positions of each character of the short string, as bit masks.
    var masks: [UInt32: [UInt64]] = [:]
    for (index, scalar) in short.enumerated() {
      masks[scalar, default: [UInt64](repeating: 0, count: words)][index >> 6] |=
        1 << UInt64(index & 63)
    }
    var v = [UInt64](repeating: ~0, count: words)
    let zero = [UInt64](repeating: 0, count: words)
    for scalar in long {
      let mask = masks[scalar] ?? zero
      var carry: UInt64 = 0
      var borrow: UInt64 = 0
      for word in 0..<words {
        let u = v[word] & mask[word]
        let (sum1, overflow1) = v[word].addingReportingOverflow(u)
        let (sum, overflow2) = sum1.addingReportingOverflow(carry)
        carry = (overflow1 || overflow2) ? 1 : 0
        let (difference1, underflow1) = v[word].subtractingReportingOverflow(u)
        let (difference, underflow2) = difference1.subtractingReportingOverflow(borrow)
        borrow = (underflow1 || underflow2) ? 1 : 0
        v[word] = sum | difference
      }
    }
    var zeros = 0
    for word in 0..<words {
      let bits = word == words - 1 && short.count % 64 != 0 ? short.count % 64 : 64
      let valid: UInt64 = bits == 64 ? ~0 : (1 << UInt64(bits)) - 1
      zeros += (~v[word] & valid).nonzeroBitCount
    }
    return zeros
  }
}
