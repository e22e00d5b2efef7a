public import GlossaText

/// Lints documents against a compiled glossary.
///
/// A linter owns a ``TermScanner`` and its caches, so it is not thread-safe: to lint files in
/// parallel, give each thread its own linter over one shared ``TermMatcher``.
public final class Linter {
  /// The compiled glossary.
  public let matcher: TermMatcher
  /// What to check.
  public let configuration: LintConfiguration
  private let scanner: TermScanner
  private let rules: [any Rule]

  /// Creates a linter.
  /// - Throws: `ICUError` when ICU cannot be loaded.
  public init(matcher: TermMatcher, configuration: LintConfiguration) throws(ICUError) {
    self.matcher = matcher
    self.configuration = configuration
    scanner = try TermScanner(matcher: matcher)
    rules = RuleRegistry.rules.map { $0.init() }
  }

  /// The term occurrences in a document.
  public func occurrences(in document: Document) -> [TermOccurrence] {
    scanner.occurrences(in: document.text)
  }

  /// What a scan of the document finds.
  public func scan(_ document: Document) -> Scan { scanner.scan(document.text) }

  /// The rules' positions in ``RuleRegistry/descriptions``, which orders findings at one place.
  private static let ruleOrder = Dictionary(
    uniqueKeysWithValues: RuleRegistry.descriptions.enumerated().map { ($1.id, $0) })

  /// The findings in a document, ordered by position and then by rule; suppressed findings are
  /// left out.
  public func lint(_ document: Document) -> [Finding] {
    let context = RuleContext(
      document: document, scan: scanner.scan(document.text, forLint: true),
      configuration: configuration,
      glossary: matcher.glossary, profile: LanguageProfile.of(configuration.language),
      lines: LineIndex(utf8: document.source))
    // The rule with the most findings keeps its array, and the others' are appended to it:
    // an appended finding is copied (a retain for each of its strings, and a release when the
    // rule's array goes). The order here does not matter: the findings are sorted below, and
    // each rule's stay in their order.
    var found = rules.map { $0.check(context) }
    var findings: [Finding] = []
    if let most = found.indices.max(by: { found[$0].count < found[$1].count }) {
      swap(&findings, &found[most])
      for index in found.indices where index != most && !found[index].isEmpty {
        findings.append(contentsOf: found[index])
      }
    }
    if !document.suppressions.isEmpty {
      findings.removeAll { finding in document.suppressions.contains { $0.covers(finding) } }
    }
    // Sorted by key, moving indices rather than findings (a finding is large).
    // The findings come rule by rule: a rule's order is looked up once for its run.
    var lastRule = ""
    var lastOrder = 0
    // By index: a closure over the findings would be handed a copy of each.
    var keys: [(Int, Int, Int)] = []
    keys.reserveCapacity(findings.count)
    for index in findings.indices {
      if findings[index].rule != lastRule {
        lastRule = findings[index].rule
        lastOrder = Self.ruleOrder[lastRule] ?? 0
      }
      keys.append((findings[index].offset, lastOrder, findings[index].length))
    }
    let order = keys.indices.sorted { i, j in
      (keys[i].0, keys[i].1, keys[i].2, i) < (keys[j].0, keys[j].1, keys[j].2, j)
    }
    findings.withUnsafeMutableBufferPointer { buffer in
      // Moved, not copied: a copy would retain every string of every finding. Nothing moves
      // when the rules gave them in order (most files).
      guard let base = buffer.baseAddress, buffer.count > 1,
        order.indices.contains(where: { order[$0] != $0 })
      else { return }
      let moved = UnsafeMutablePointer<Finding>.allocate(capacity: buffer.count)
      defer { moved.deallocate() }
      moved.moveInitialize(from: base, count: buffer.count)
      for (position, index) in order.enumerated() {
        (base + position).moveInitialize(from: moved + index, count: 1)
      }
    }
    // Equal keys (the same slip twice in the same words) are told apart by their order. A
    // rule's finding carries the hash of its key (see `RuleContext.finding`), which is
    // continued with the ordinal; keys are told equal by that 128-bit hash. (A key that is not
    // a hash is hashed here, as every key once was.)
    var seen = KeyCounts(capacity: findings.count)
    for index in findings.indices {
      let key =
        StableHash.State(hex: findings[index].fingerprint)
        ?? {
          var state = StableHash.State()
          state.add(findings[index].fingerprint.utf8)
          return state
        }()
      findings[index].fingerprint = key.hex(ordinal: seen.count(key))
    }
    return findings
  }

  /// How many times each key was met: an open-addressing table keyed by the keys' own hash
  /// bits (a dictionary hashed each 128-bit key again, for every finding).
  struct KeyCounts {
    private var keys: [StableHash.State?]
    private var counts: [Int]

    init(capacity: Int) {
      var size = 16
      while size < capacity * 2 { size <<= 1 }
      keys = Array(repeating: nil, count: size)
      counts = Array(repeating: 0, count: size)
    }

    /// The times `key` was met before; counts it.
    mutating func count(_ key: StableHash.State) -> Int {
      let mask = keys.count - 1
      var slot = Int(truncatingIfNeeded: key.slotHash >> 7) & mask
      while let held = keys[slot], held != key { slot = (slot + 1) & mask }
      keys[slot] = key
      counts[slot] += 1
      return counts[slot] - 1
    }
  }
}
