/// A path pattern: `*` matches within a path segment, `**` across segments, `?` one
/// character, `[abc]` and `[a-z]` a set, `[!abc]` its complement.
///
/// Patterns match paths relative to the folder of the configuration file, with `/` separators.
/// A pattern without a `/` matches the file name in any folder (`*.draft.md`).
public struct Glob: Sendable, Equatable {
  /// The pattern as written.
  public let pattern: String
  private let characters: [Character]

  /// Creates a glob.
  public init(_ pattern: String) {
    var text = pattern
    if text.hasPrefix("./") { text.removeFirst(2) }
    if !text.contains("/") { text = "**/" + text }
    if text.hasSuffix("/") { text += "**" }
    self.pattern = pattern
    characters = Array(text)
  }

  /// Whether the relative path `path` matches.
  public func matches(_ path: String) -> Bool {
    var path = path
    if path.hasPrefix("./") { path.removeFirst(2) }
    return Self.match(characters[...], Array(path)[...])
  }

  private static func match(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool
  {
    var p = pattern
    var t = text
    while let head = p.first {
      switch head {
      case "*":
        let double = p.dropFirst().first == "*"
        if double {
          var rest = p.dropFirst(2)
          if rest.first == "/" { rest = rest.dropFirst() }
          // `**/` matches zero or more whole segments.
          var candidate = t
          while true {
            if match(rest, candidate) { return true }
            guard let slash = candidate.firstIndex(of: "/") else { break }
            candidate = candidate[candidate.index(after: slash)...]
          }
          return rest.isEmpty
        }
        let rest = p.dropFirst()
        var candidate = t
        while true {
          if match(rest, candidate) { return true }
          guard let first = candidate.first, first != "/" else { return false }
          candidate = candidate.dropFirst()
        }
      case "?":
        guard let first = t.first, first != "/" else { return false }
        p = p.dropFirst()
        t = t.dropFirst()
      case "[":
        guard let close = p.dropFirst().firstIndex(of: "]"), let first = t.first, first != "/"
        else {
          return false
        }
        var set = p[p.index(after: p.startIndex)..<close]
        let negated = set.first == "!" || set.first == "^"
        if negated { set = set.dropFirst() }
        var found = false
        var index = set.startIndex
        while index < set.endIndex {
          let lower = set[index]
          let next = set.index(after: index)
          if next < set.endIndex, set[next] == "-", set.index(after: next) < set.endIndex {
            let upper = set[set.index(after: next)]
            if lower <= first && first <= upper { found = true }
            index = set.index(after: set.index(after: next))
          } else {
            if lower == first { found = true }
            index = next
          }
        }
        guard found != negated else { return false }
        p = p[p.index(after: close)...]
        t = t.dropFirst()
      default:
        guard t.first == head else { return false }
        p = p.dropFirst()
        t = t.dropFirst()
      }
    }
    return t.isEmpty
  }
}
