public import GlossaKit
public import GlossaText

/// Turns `glossa-…` comments into ``GlossaKit/Suppression``s.
///
/// ```markdown
/// <!-- glossa-disable term-case, near-miss -->
/// … lines where those rules are off …
/// <!-- glossa-enable -->
/// <!-- glossa-disable-next-line forbidden-term -->
/// A line quoting the old name, Chungking.
/// ```
/// Without rule names a comment applies to every rule. A `glossa-disable` without a matching
/// `glossa-enable` lasts to the end of the file.
public enum SuppressionComments {
  /// The suppressions that the comments (their text and source ranges) declare.
  public static func suppressions(
    from comments: [(text: String, range: Range<Int>)], lines: LineIndex
  ) -> [Suppression] {
    var result: [Suppression] = []
    var open: [(rules: Set<String>, line: Int)] = []
    for comment in comments {
      let words = comment.text.split(whereSeparator: {
        $0 == " " || $0 == "," || $0 == "\n" || $0 == "\t"
      })
      .map(String.init)
      guard let directive = words.first, directive.hasPrefix("glossa-") else { continue }
      let rules = Set(words.dropFirst())
      let start = lines.position(ofByte: comment.range.lowerBound).line
      let end = lines.position(ofByte: max(comment.range.lowerBound, comment.range.upperBound - 1))
        .line
      switch directive {
      case "glossa-disable":
        open.append((rules, start))
      case "glossa-enable":
        let closing = open.indices.filter {
          rules.isEmpty || open[$0].rules == rules || open[$0].rules.isSubset(of: rules)
        }
        for index in closing.reversed() {
          result.append(Suppression(rules: open[index].rules, lines: open[index].line...end))
          open.remove(at: index)
        }
      case "glossa-disable-next-line":
        result.append(Suppression(rules: rules, lines: (end + 1)...(end + 1)))
      case "glossa-disable-line":
        result.append(Suppression(rules: rules, lines: start...end))
      default:
        continue
      }
    }
    for region in open {
      result.append(Suppression(rules: region.rules, lines: region.line...Int.max))
    }
    return result
  }
}
