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
    Pattern(a).ratio(b)
  }

  /// The percentage shown for a match.
  /// - Parameters:
  ///   - query: the sentence looked up, as typed.
  ///   - queryKey: its matching form, as scalars.
  ///   - text: the memory's source text.
  ///   - key: the memory's source in matching form, as scalars.
  ///   - ratio: `ratio(queryKey, key)`, when already computed.
  /// - Returns: 0 to 100.
  public static func percentage(
    query: String, queryKey: [UInt32], text: String, key: [UInt32], ratio: Double? = nil
  ) -> Int {
    if query == text { return 100 }
    var score = Int((ratio ?? Self.ratio(queryKey, key)).rounded(.down))
    score = min(score, 99)
    score -= numberDifferences(queryKey, key)
    return max(0, score)
  }

  /// A matching form prepared for comparison with many others: the positions of each of its
  /// characters as bit masks, found through a small open-addressing table.
  public struct Pattern: Sendable {
    /// The pattern's length in characters.
    public let count: Int
    private let words: Int
    private var keys: [UInt32]
    private var rows: [Int32]
    private var masks: [UInt64]
    private let slotMask: Int

    /// Prepares `scalars`.
    public init(_ scalars: [UInt32]) {
      count = scalars.count
      words = max(1, (scalars.count + 63) / 64)
      var size = 16
      while size < scalars.count * 2 { size <<= 1 }
      slotMask = size - 1
      keys = [UInt32](repeating: 0, count: size)
      rows = [Int32](repeating: -1, count: size)
      // Row 0 is all zeros: the mask of every character the pattern does not have.
      masks = [UInt64](repeating: 0, count: words)
      for (index, scalar) in scalars.enumerated() {
        var slot = Self.slot(scalar, slotMask)
        while rows[slot] >= 0 && keys[slot] != scalar { slot = (slot + 1) & slotMask }
        if rows[slot] < 0 {
          keys[slot] = scalar
          rows[slot] = Int32(masks.count / words)
          masks.append(contentsOf: repeatElement(0, count: words))
        }
        masks[Int(rows[slot]) * words + index >> 6] |= 1 << UInt64(index & 63)
      }
    }

    private static func slot(_ scalar: UInt32, _ mask: Int) -> Int {
      Int(truncatingIfNeeded: (UInt64(scalar) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    /// The first mask word of `scalar`'s row (row 0 when the pattern lacks it).
    private func row(_ scalar: UInt32) -> Int {
      var slot = Self.slot(scalar, slotMask)
      while rows[slot] >= 0 {
        if keys[slot] == scalar { return Int(rows[slot]) * words }
        slot = (slot + 1) & slotMask
      }
      return 0
    }

    /// The length of the longest common subsequence with `text`, by the bit-parallel algorithm
    /// of Allison and Dix (as improved by Hyyrö): O(⌈m / 64⌉ · n).
    public func longestCommonSubsequence(_ text: [UInt32]) -> Int {
      if count == 0 || text.isEmpty { return 0 }
      var v = [UInt64](repeating: ~0, count: words)
      masks.withUnsafeBufferPointer { masks in
        v.withUnsafeMutableBufferPointer { v in
          for scalar in text {
            let base = row(scalar)
            var carry: UInt64 = 0
            for word in 0..<words {
              let u = v[word] & masks[base + word]
              let (sum1, overflow1) = v[word].addingReportingOverflow(u)
              let (sum, overflow2) = sum1.addingReportingOverflow(carry)
              carry = (overflow1 || overflow2) ? 1 : 0
              // u holds only bits of v, so v - u is v without them: no borrow.
              v[word] = sum | (v[word] & ~u)
            }
          }
        }
      }
      var zeros = 0
      for word in 0..<words {
        let bits = word == words - 1 && count % 64 != 0 ? count % 64 : 64
        let valid: UInt64 = bits == 64 ? ~0 : (1 << UInt64(bits)) - 1
        zeros += (~v[word] & valid).nonzeroBitCount
      }
      return zeros
    }

    /// The similarity with `text`, 0 to 100, with its fraction: `2 × LCS / (m + n)`.
    public func ratio(_ text: [UInt32]) -> Double {
      let total = count + text.count
      guard total > 0 else { return 100 }
      return 200 * Double(longestCommonSubsequence(text)) / Double(total)
    }
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

  /// The length of the longest common subsequence of two matching forms.
  public static func longestCommonSubsequence(_ a: [UInt32], _ b: [UInt32]) -> Int {
    Pattern(a).longestCommonSubsequence(b)
  }
}
