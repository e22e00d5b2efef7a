/// A unified diff (`diff -u`) of two texts that differ in a few places.
public enum UnifiedDiff {
  /// The diff of `old` and `new` (UTF-8), labelled `a/path` and `b/path`, with `context` lines
  /// around each change; empty when the texts are equal.
  ///
  /// Lines are compared from both ends inward within each region of change, which is exact for
  /// the edits Glossa makes (replacements inside lines).
  public static func diff(_ old: [UInt8], _ new: [UInt8], path: String, context: Int = 3) -> String
  {
    let a = lines(old)
    let b = lines(new)
    guard a != b else { return "" }
    // The changed blocks: pairs of ranges in a and b, found by aligning equal lines greedily.
    var blocks: [(Range<Int>, Range<Int>)] = []
    var i = 0
    var j = 0
    while i < a.count || j < b.count {
      if i < a.count && j < b.count && a[i] == b[j] {
        i += 1
        j += 1
        continue
      }
      // Find the nearest resynchronisation point.
      var best: (Int, Int)?
      search: for distance in 1...max(1, (a.count - i) + (b.count - j)) {
        for di in 0...distance {
          let dj = distance - di
          let x = i + di
          let y = j + dj
          if x <= a.count && y <= b.count
            && (x == a.count && y == b.count || (x < a.count && y < b.count && a[x] == b[y]))
          {
            best = (x, y)
            break search
          }
        }
      }
      let (x, y) = best ?? (a.count, b.count)
      blocks.append((i..<x, j..<y))
      i = x
      j = y
    }
    var output = "--- a/\(path)\n+++ b/\(path)\n"
    var index = 0
    while index < blocks.count {
      // Blocks close to each other share a hunk.
      var last = index
      while last + 1 < blocks.count
        && blocks[last + 1].0.lowerBound - blocks[last].0.upperBound <= 2 * context
      {
        last += 1
      }
      let aStart = max(0, blocks[index].0.lowerBound - context)
      let aEnd = min(a.count, blocks[last].0.upperBound + context)
      let bStart = blocks[index].1.lowerBound - (blocks[index].0.lowerBound - aStart)
      let bEnd = blocks[last].1.upperBound + (aEnd - blocks[last].0.upperBound)
      output += "@@ -\(range(aStart, aEnd - aStart)) +\(range(bStart, bEnd - bStart)) @@\n"
      var x = aStart
      for k in index...last {
        let (removed, added) = blocks[k]
        while x < removed.lowerBound {
          output += " " + a[x]
          x += 1
        }
        for line in removed { output += "-" + a[line] }
        for line in added { output += "+" + b[line] }
        x = removed.upperBound
      }
      while x < aEnd {
        output += " " + a[x]
        x += 1
      }
      index = last + 1
    }
    return output
  }

  private static func range(_ start: Int, _ count: Int) -> String {
    count == 1 ? "\(start + 1)" : "\(count == 0 ? start : start + 1),\(count)"
  }

  /// The lines of `text`, each ending with a line feed (added, with a marker, to a last line
  /// without one).
  private static func lines(_ text: [UInt8]) -> [String] {
    var result: [String] = []
    var start = 0
    for index in text.indices where text[index] == 0x0A {
      result.append(String(decoding: text[start...index], as: UTF8.self))
      start = index + 1
    }
    if start < text.count {
      result.append(
        String(decoding: text[start...], as: UTF8.self) + "\n\\ No newline at end of file\n")
    }
    return result
  }
}
