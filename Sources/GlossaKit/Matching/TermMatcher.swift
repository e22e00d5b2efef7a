public import GlossaText

/// A glossary compiled for finding its terms in text of one language.
///
/// Every form of every term (preferred, admitted, deprecated, superseded) of the languages that
/// `language` covers is normalized with all folds, split into tokens, and inserted into one
/// trie over token identifiers. Text is matched by walking the trie from each token, leftmost
/// first and longest first; the text is never scanned once per term.
///
/// - Complexity: building is O(total length of the terms); matching is O(n · d) for n tokens of
///   text, where d is the number of tokens walked from each start (1 for most tokens, which
///   begin no term).
/// - Note: A matcher is immutable and may be shared between threads; each thread scans with
///   its own ``TermScanner``.
public final class TermMatcher: Sendable {
  /// The glossary the matcher was built from.
  public let glossary: Glossary
  /// The language of the text the matcher finds terms in.
  public let language: LanguageTag
  /// How that language behaves.
  public let profile: LanguageProfile
  /// Terms that normalize to nothing (only spaces or ignorable characters) and cannot match.
  public let unmatchableTerms: [TermReference]

  let entries: [Entry]
  let words: WordTable
  /// By word: what a scan reads of it at each token (see ``WordInfo``).
  let wordInfo: [WordInfo]
  /// The endings of every word, in word order (``WordInfo/endings``).
  let endings: [(base: Int32, ending: TermEnding)]
  let edges: EdgeTable
  let terminalStart: [Int32]
  let terminals: [Int32]
  /// By node: the entries a match there is weighed against (``choices(of:)``).
  let choiceStart: [Int32]
  let choiceList: [Int32]
  /// The nodes that have terminal entries.
  let terminalBits: NodeBits
  /// By node: the node's entry when it has exactly one, with its text (see ``SoleEntry``).
  let soleEntries: [SoleEntry]
  /// The texts of the sole entries longer than a ``SoleEntry`` holds.
  let soleTexts: [UInt8]
  /// The nodes on the path of a key that a near miss can report (``mayBeNearMissed(_:key:)``):
  /// a near-miss walk stops at a node off them, and the near-miss tables hold no candidate that
  /// leads to one.
  let nearMissNodes: NodeBits
  /// The nodes where such a key ends.
  let nearMissEnds: NodeBits
  /// For near misses: the children of a node whose word begins with a given byte, with the
  /// word's ``SlipShape`` (beside it, so that ruling a candidate out reads no other memory).
  let childrenByFirstByte: NearTable
  /// For near misses in a first word: by second word and the first byte of the first word, the
  /// first word, the node after both, and the first word's ``SlipShape``.
  let firstWordsBySecond: NearTable

  /// One way to reach a term through the trie.
  struct Entry: Sendable {
    let reference: TermReference
    let term: Term
    /// The concept's identifier and the form's language, kept here so that an occurrence is
    /// built without reading the glossary.
    let conceptID: String
    let language: LanguageTag
    /// Whether the key joins the hyphenated parts of the term (`fiveyear plan`).
    let joined: Bool
    /// The term's exception contexts in the matching form.
    let exceptions: [[UInt8]]
    /// The number of tokens of the key.
    let length: Int
    /// Whether the term is approved and has no exception contexts: found as it stands, no rule
    /// reports it, unless its words are of a concept with an acronym (see ``Scan/quiet``).
    let isQuiet: Bool

    init(
      reference: TermReference, term: Term, conceptID: String, language: LanguageTag,
      joined: Bool, exceptions: [[UInt8]], length: Int
    ) {
      self.reference = reference
      self.term = term
      self.conceptID = conceptID
      self.language = language
      self.joined = joined
      self.exceptions = exceptions
      self.length = length
      isQuiet = term.status.isApproved && exceptions.isEmpty
    }
  }

  /// Compiles `glossary` for text in `language`.
  /// - Throws: `ICUError` when ICU cannot be loaded.
  public convenience init(glossary: Glossary, language: LanguageTag) throws(ICUError) {
    var compiler = try Compiler(language: language)
    for concept in glossary.concepts { compiler.add(concept) }
    self.init(glossary: glossary, compiled: compiler)
  }

  /// The terms of a glossary's concepts given one at a time, in order: a loader hands them to
  /// a compiler on another thread as it reads them, and ``init(glossary:compiled:)`` finishes.
  public struct Compiler {
    fileprivate let language: LanguageTag
    fileprivate let profile: LanguageProfile
    fileprivate let normalizer: TextNormalizer
    fileprivate let tokenizer: Tokenizer
    fileprivate var builder = Builder()
    fileprivate var unmatchable: [TermReference] = []
    /// The concepts added.
    public private(set) var concepts = 0

    /// Starts compiling for text in `language`.
    /// - Throws: `ICUError` when ICU cannot be loaded.
    public init(language: LanguageTag) throws(ICUError) {
      self.language = language
      profile = LanguageProfile.of(language)
      let classifier = CharacterClassifier()
      normalizer = try TextNormalizer(folds: .all, classifier: classifier)
      tokenizer = Tokenizer(classifier: classifier)
    }

    /// Adds the terms of the next concept of the glossary.
    public mutating func add(_ concept: Concept) {
      let conceptIndex = concepts
      concepts += 1
      let hasAcronym = concept.languages.contains { section in
        language.covers(section.language) && section.terms.contains { $0.type == .acronym }
      }
      for (sectionIndex, section) in concept.languages.enumerated()
      where language.covers(section.language) {
        for (termIndex, term) in section.terms.enumerated() {
          let reference = TermReference(
            conceptIndex: conceptIndex, sectionIndex: sectionIndex, termIndex: termIndex)
          let normalized = normalizer.normalize(term.text).utf8
          let tokens = tokenizer.tokens(in: normalized)
          guard !tokens.isEmpty else {
            unmatchable.append(reference)
            continue
          }
          let key = tokens.map { Array(normalized[$0.range]) }
          let kinds = tokens.map(\.kind)
          let gaps = tokens.dropFirst().map(\.gap)
          let exceptions = term.exceptions.map { normalizer.normalize($0).utf8 }.filter {
            !$0.isEmpty
          }
          builder.add(
            key: key, kinds: kinds,
            entry: Entry(
              reference: reference, term: term, conceptID: concept.id,
              language: section.language, joined: false, exceptions: exceptions,
              length: key.count),
            endings: profile.takesEnglishEndings, ofAcronymConcept: hasAcronym)
          // The hyphen-less spelling of a compound: "Five-Year" also as "Fiveyear".
          if gaps.contains(.hyphen) {
            var joinedKey: [[UInt8]] = [key[0]]
            for index in 1..<key.count {
              if gaps[index - 1] == .hyphen && kinds[index - 1] == .word && kinds[index] == .word {
                joinedKey[joinedKey.count - 1].append(contentsOf: key[index])
              } else {
                joinedKey.append(key[index])
              }
            }
            builder.add(
              key: joinedKey, kinds: [],
              entry: Entry(
                reference: reference, term: term, conceptID: concept.id,
                language: section.language, joined: true,
                exceptions: exceptions, length: joinedKey.count),
              endings: profile.takesEnglishEndings && kinds.last == .word,
              ofAcronymConcept: hasAcronym)
          }
        }
      }
    }
  }

  /// Finishes compiling `glossary`, whose concepts `compiler` was given, all and in order.
  public init(glossary: Glossary, compiled compiler: Compiler) {
    precondition(
      compiler.concepts == glossary.concepts.count, "the compiler was given other concepts")
    self.glossary = glossary
    language = compiler.language
    profile = compiler.profile
    let builder = compiler.builder
    unmatchableTerms = compiler.unmatchable
    entries = builder.entries
    words = builder.words
    edges = builder.edges
    var info = [WordInfo](repeating: WordInfo(), count: builder.words.count)
    for id in builder.termWords { info[Int(id)].flags |= WordInfo.termWord }
    for id in builder.acronymConceptWords { info[Int(id)].flags |= WordInfo.acronymConceptWord }
    var flat: [(base: Int32, ending: TermEnding)] = []
    for id in 0..<builder.words.count {
      let list = builder.endings[Int32(id)] ?? []
      info[id].endingStart = Int32(flat.count)
      info[id].endingCount = UInt16(list.count)
      flat.append(contentsOf: list)
    }
    endings = flat
    var terminalStarts: [Int32] = [0]
    var terminalList: [Int32] = []
    for node in 0..<builder.nodeCount {
      terminalList.append(contentsOf: builder.terminals[Int32(node)] ?? [])
      terminalStarts.append(Int32(terminalList.count))
    }
    terminalStart = terminalStarts
    terminals = terminalList
    (choiceStart, choiceList) = Self.choices(
      entries: builder.entries, terminalStart: terminalStarts, terminals: terminalList)
    let bits = NodeBits(
      (0..<builder.nodeCount).lazy.filter { terminalStarts[$0 + 1] > terminalStarts[$0] }
        .map { Int32($0) }, count: builder.nodeCount)
    terminalBits = bits
    for id in 0..<builder.words.count {
      let child = builder.edges.child(0, Int32(id))
      info[id].root = child
      if child >= 0 && bits.contains(child) {
        info[id].flags |= WordInfo.rootIsTerminal
      }
    }
    var sole = [SoleEntry](repeating: SoleEntry(), count: builder.nodeCount)
    var texts: [UInt8] = []
    for node in 0..<builder.nodeCount where terminalStarts[node + 1] - terminalStarts[node] == 1 {
      let entry = terminalList[Int(terminalStarts[node])]
      sole[node] = SoleEntry(
        text: Array(builder.entries[Int(entry)].term.text.utf8),
        isQuiet: builder.entries[Int(entry)].isQuiet, pool: &texts)
    }
    soleEntries = sole
    soleTexts = texts
    nearMissNodes = NodeBits(builder.nearMissNodes, count: builder.nodeCount)
    nearMissEnds = NodeBits(builder.nearMissEnds, count: builder.nodeCount)
    // Only the candidates that lead towards a key a near miss can report.
    func reportable(_ lists: [UInt64: [NearTable.Candidate]]) -> [UInt64: [NearTable.Candidate]] {
      lists.compactMapValues { list in
        let kept = list.filter { builder.nearMissNodes.contains($0.node) }
        return kept.isEmpty ? nil : kept
      }
    }
    childrenByFirstByte = NearTable(reportable(builder.childrenByFirstByte))
    let bySecond = reportable(builder.firstWordsBySecond)
    for key in bySecond.keys { info[Int(key >> 8)].flags |= WordInfo.secondNearMissWord }
    wordInfo = info
    firstWordsBySecond = NearTable(bySecond)
  }

  /// Reads a matcher of `glossary` written by ``write(to:)`` (see ``CompiledForm``).
  init(glossary: Glossary, reading reader: inout ByteReader) throws(CompiledFormError) {
    self.glossary = glossary
    guard let language = LanguageTag(try reader.string()) else {
      throw CompiledFormError("a language tag that is not valid")
    }
    self.language = language
    profile = LanguageProfile.of(language)
    func reference() throws(CompiledFormError) -> (TermReference, Concept, LanguageSection) {
      let conceptIndex = try reader.index(below: glossary.concepts.count)
      let concept = glossary.concepts[conceptIndex]
      let sectionIndex = try reader.index(below: concept.languages.count)
      let section = concept.languages[sectionIndex]
      let termIndex = try reader.index(below: section.terms.count)
      return (
        TermReference(
          conceptIndex: conceptIndex, sectionIndex: sectionIndex, termIndex: termIndex),
        concept, section
      )
    }
    let unmatchable = try reader.count()
    var unmatchableTerms: [TermReference] = []
    for _ in 0..<unmatchable { unmatchableTerms.append(try reference().0) }
    self.unmatchableTerms = unmatchableTerms
    let entryCount = try reader.count()
    var entries: [Entry] = []
    entries.reserveCapacity(entryCount)
    for _ in 0..<entryCount {
      let (reference, concept, section) = try reference()
      let joined = try reader.bool()
      let length = try reader.int()
      let exceptionCount = try reader.count()
      var exceptions: [[UInt8]] = []
      for _ in 0..<exceptionCount { exceptions.append(try reader.plain()) }
      entries.append(
        Entry(
          reference: reference, term: section.terms[reference.termIndex], conceptID: concept.id,
          language: section.language, joined: joined, exceptions: exceptions, length: length))
    }
    self.entries = entries
    words = try WordTable(reading: &reader)
    let wordCount = words.count
    let entryLimit = Int32(clamping: entries.count)
    terminalStart = try reader.plain()
    let nodes = terminalStart.count - 1
    guard nodes >= 1 else { throw CompiledFormError("no trie") }
    terminals = try reader.plain(where: { $0 >= 0 && $0 < entryLimit })
    choiceStart = try reader.plain()
    choiceList = try reader.plain(where: { $0 >= 0 && $0 < entryLimit })
    for (starts, list) in [(terminalStart, terminals.count), (choiceStart, choiceList.count)] {
      guard starts.count == nodes + 1, starts.first == 0, Int(starts[nodes]) == list,
        zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 })
      else { throw CompiledFormError("node lists out of shape") }
    }
    edges = try EdgeTable(reading: &reader, nodes: nodes)
    let bases: [Int32] = try reader.plain(where: { $0 >= 0 && Int($0) < wordCount })
    let codes: [UInt8] = try reader.plain()
    guard bases.count == codes.count else { throw CompiledFormError("endings out of shape") }
    var endings: [(base: Int32, ending: TermEnding)] = []
    endings.reserveCapacity(bases.count)
    for (base, code) in zip(bases, codes) {
      guard let ending = TermEnding(code: code) else {
        throw CompiledFormError("an unknown ending")
      }
      endings.append((base, ending))
    }
    self.endings = endings
    let endingCount = endings.count
    wordInfo = try reader.plain(where: {
      $0.root >= -1 && Int($0.root) < nodes && $0.endingStart >= 0
        && Int($0.endingStart) + Int($0.endingCount) <= endingCount
    })
    terminalBits = try NodeBits(reading: &reader, nodes: nodes)
    nearMissNodes = try NodeBits(reading: &reader, nodes: nodes)
    nearMissEnds = try NodeBits(reading: &reader, nodes: nodes)
    soleTexts = try reader.plain()
    let textCount = soleTexts.count
    soleEntries = try reader.plain(where: {
      $0.rest >= 0 && Int($0.rest) + max(0, Int($0.length) - 8) <= textCount
    })
    childrenByFirstByte = try NearTable(reading: &reader, words: wordCount, nodes: nodes)
    firstWordsBySecond = try NearTable(reading: &reader, words: wordCount, nodes: nodes)
    guard wordInfo.count == wordCount, soleEntries.count == nodes else {
      throw CompiledFormError("tables of other sizes")
    }
  }

  /// Writes what ``init(glossary:reading:)`` reads (the glossary is written apart).
  func write(to writer: inout ByteWriter) {
    writer.string(language.rawValue)
    func reference(_ reference: TermReference) {
      writer.int(reference.conceptIndex)
      writer.int(reference.sectionIndex)
      writer.int(reference.termIndex)
    }
    writer.int(unmatchableTerms.count)
    for item in unmatchableTerms { reference(item) }
    writer.int(entries.count)
    for entry in entries {
      reference(entry.reference)
      writer.bool(entry.joined)
      writer.int(entry.length)
      writer.int(entry.exceptions.count)
      for exception in entry.exceptions { writer.plain(exception) }
    }
    words.write(to: &writer)
    writer.plain(terminalStart)
    writer.plain(terminals)
    writer.plain(choiceStart)
    writer.plain(choiceList)
    edges.write(to: &writer)
    writer.plain(endings.map(\.base))
    writer.plain(endings.map(\.ending.code))
    writer.plain(wordInfo)
    terminalBits.write(to: &writer)
    nearMissNodes.write(to: &writer)
    nearMissEnds.write(to: &writer)
    writer.plain(soleTexts)
    writer.plain(soleEntries)
    childrenByFirstByte.write(to: &writer)
    firstWordsBySecond.write(to: &writer)
  }

  /// Whether a near miss can report the entry of `key`: an approved term of two words or more,
  /// two of them of four bytes or more (a near miss must hold two such words of the text, and
  /// the text's words are the key's, or slips of four bytes or more of them).
  static func mayBeNearMissed(_ entry: Entry, key: [[UInt8]]) -> Bool {
    entry.term.status.isApproved && key.count >= 2 && key.lazy.filter { $0.count >= 4 }.count >= 2
  }

  /// Whether node `node` lies on the path of a key that a near miss can report.
  @inline(__always)
  func leadsToNearMiss(_ node: Int32) -> Bool { nearMissNodes.contains(node) }

  /// Whether a key that a near miss can report ends at node `node`.
  @inline(__always)
  func endsNearMiss(_ node: Int32) -> Bool { nearMissEnds.contains(node) }

  /// The key of the near-miss tables: an identifier and a first byte.
  static func nearKey(_ id: Int32, _ byte: UInt8) -> UInt64 {
    UInt64(UInt32(bitPattern: id)) << 8 | UInt64(byte)
  }

  /// The number of distinct token sequences (trie paths) the matcher holds.
  public var keyCount: Int { entries.count }

  /// The term an occurrence refers to.
  public func term(_ reference: TermReference) -> Term {
    glossary.concepts[reference.conceptIndex].languages[reference.sectionIndex].terms[
      reference.termIndex]
  }

  @inline(__always)
  func terminalEntries(of node: Int32) -> Range<Int> {
    Int(terminalStart[Int(node)])..<Int(terminalStart[Int(node) + 1])
  }

  /// The entries of a node that a match there is weighed against, in entry order.
  ///
  /// Of the entries with the same text and case mode, which a text matches the same way (with
  /// the same folds), only the one a match prefers (approved before not, unjoined before
  /// joined, then the first). A general dictionary gives one word to dozens of concepts:
  /// `party` is one choice, not forty.
  @inline(__always)
  func choices(of node: Int32) -> Range<Int> {
    Int(choiceStart[Int(node)])..<Int(choiceStart[Int(node) + 1])
  }

  private static func choices(
    entries: [Entry], terminalStart: [Int32], terminals: [Int32]
  ) -> (start: [Int32], list: [Int32]) {
    func rank(_ entry: Int32) -> (Int, Int) {
      (entries[Int(entry)].term.status.isApproved ? 0 : 1, entries[Int(entry)].joined ? 1 : 0)
    }
    var start: [Int32] = [0]
    var list: [Int32] = []
    start.reserveCapacity(terminalStart.count)
    list.reserveCapacity(terminals.count)
    for node in 0..<(terminalStart.count - 1) {
      let range = Int(terminalStart[node])..<Int(terminalStart[node + 1])
      if range.count <= 1 {
        list.append(contentsOf: terminals[range])
      } else {
        var chosen: [Int32] = []
        var byForm: [TermForm: Int] = [:]
        for entry in terminals[range] {
          let term = entries[Int(entry)].term
          let form = TermForm(text: term.text, caseMode: term.caseMode)
          if let index = byForm[form] {
            if rank(entry) < rank(chosen[index]) { chosen[index] = entry }
          } else {
            byForm[form] = chosen.count
            chosen.append(entry)
          }
        }
        list.append(contentsOf: chosen.sorted())
      }
      start.append(Int32(list.count))
    }
    return (start, list)
  }

  /// What a match depends on of a term: its text and case mode.
  private struct TermForm: Hashable {
    let text: String
    let caseMode: CaseMode
  }

  /// Whether word `id` is in a key (a word of some term as written).
  @inline(__always)
  func isTermWord(_ id: Int32) -> Bool { wordInfo[Int(id)].flags & WordInfo.termWord != 0 }

  /// Whether word `id` (or the word it inflects) is in a form of a concept with an acronym.
  ///
  /// Only such concepts matter to `acronym-first-use`, so a lint looks for occurrences inside
  /// longer ones only where one of these words stands.
  @inline(__always)
  func isAcronymConceptWord(_ id: Int32) -> Bool {
    wordInfo[Int(id)].flags & WordInfo.acronymConceptWord != 0
  }

  /// Whether a key ends at `node`: one bit per node, so the test stays in cache.
  @inline(__always)
  func isTerminal(_ node: Int32) -> Bool { terminalBits.contains(node) }

  fileprivate struct Builder {
    var words = WordTable()
    var termWords: Set<Int32> = []
    var endings: [Int32: [(base: Int32, ending: TermEnding)]] = [:]
    var edges = EdgeTable()
    var nodeCount = 1
    var terminals: [Int32: [Int32]] = [:]
    var entries: [Entry] = []
    var childrenByFirstByte: [UInt64: [NearTable.Candidate]] = [:]
    var firstWordsBySecond: [UInt64: [NearTable.Candidate]] = [:]
    var acronymConceptWords: Set<Int32> = []
    /// The nodes on the path of a key that a near miss can report (see
    /// ``TermMatcher/nearMissNodes``), and the ends of those keys.
    var nearMissNodes: Set<Int32> = []
    var nearMissEnds: Set<Int32> = []

    /// Adds a key.
    ///
    /// `kinds` are the token kinds of a key as written (empty for a joined key);
    /// only those keys feed the near-miss tables. `ofAcronymConcept` says that the entry's
    /// concept has an acronym in the language.
    mutating func add(
      key: [[UInt8]], kinds: [Token.Kind], entry: Entry, endings withEndings: Bool,
      ofAcronymConcept: Bool
    ) {
      var node: Int32 = 0
      var last: Int32 = 0
      var ids: [Int32] = []
      var path: [Int32] = []
      for word in key {
        let id = words.intern(word)
        termWords.insert(id)
        ids.append(id)
        last = id
        var child = edges.child(node, id)
        if child < 0 {
          child = Int32(nodeCount)
          nodeCount += 1
          edges.set(node, id, child)
          if let first = word.first {
            childrenByFirstByte[TermMatcher.nearKey(node, first), default: []].append(
              NearTable.Candidate(word: id, node: child, shape: SlipShape(word)))
          }
        }
        node = child
        path.append(child)
        if ids.count == 2, kinds.count >= 2, kinds[0] == .word, kinds[1] == .word,
          let first = key[0].first
        {
          let slot = TermMatcher.nearKey(ids[1], first)
          if !(firstWordsBySecond[slot] ?? []).contains(where: { $0.node == child }) {
            firstWordsBySecond[slot, default: []].append(
              NearTable.Candidate(word: ids[0], node: child, shape: SlipShape(key[0])))
          }
        }
      }
      if ofAcronymConcept { acronymConceptWords.formUnion(ids) }
      if TermMatcher.mayBeNearMissed(entry, key: key) {
        nearMissNodes.formUnion(path)
        nearMissEnds.insert(node)
      }
      terminals[node, default: []].append(Int32(entries.count))
      entries.append(entry)
      guard withEndings, kinds.isEmpty || kinds.last == .word, let lastWord = key.last else {
        return
      }
      let base = String(decoding: lastWord, as: UTF8.self)
      var forms: [(String, TermEnding)] = [(base + "'s", .possessive)]
      for (plural, rule) in PluralForm.forms(of: base) { forms.append((plural, .plural(rule))) }
      for (form, ending) in forms {
        let id = words.intern(Array(form.utf8))
        if ofAcronymConcept { acronymConceptWords.insert(id) }
        var list = endings[id] ?? []
        if !list.contains(where: { $0.base == last && $0.ending == ending }) {
          list.append((last, ending))
          endings[id] = list
        }
      }
    }
  }
}

/// What a scan reads of a word at every token where it stands, in 12 bytes: one read instead of
/// one in each of five tables (a compiled glossary of 100,000 terms does not stay in a core's
/// cache beside the text and the findings).
struct WordInfo: Sendable {
  /// The child of the trie's root along the word, or -1.
  var root: Int32 = -1
  /// Where the word's endings start in ``TermMatcher/endings``.
  var endingStart: Int32 = 0
  /// How many endings the word has: the keys whose last word it inflects.
  var endingCount: UInt16 = 0
  /// ``termWord``, ``acronymConceptWord`` and ``rootIsTerminal``.
  var flags: UInt8 = 0

  /// The word is in a key.
  static let termWord: UInt8 = 1
  /// The word (or the word it inflects) is in a form of a concept with an acronym.
  static let acronymConceptWord: UInt8 = 2
  /// A key ends at ``root``.
  static let rootIsTerminal: UInt8 = 4
  /// The word is the second of a key a near miss can report, and its first word has
  /// candidates in ``TermMatcher/firstWordsBySecond``.
  static let secondNearMissWord: UInt8 = 8

  /// The word's endings, in ``TermMatcher/endings``.
  var endings: Range<Int> { Int(endingStart)..<(Int(endingStart) + Int(endingCount)) }
}

/// A set of trie nodes, one bit per node: a test reads one word of an array small enough to stay
/// in the core's cache.
struct NodeBits: Sendable {
  private let words: [UInt64]

  /// The set of `nodes`, each below `count`.
  init(_ nodes: some Sequence<Int32>, count: Int) {
    var words = [UInt64](repeating: 0, count: count / 64 + 1)
    for node in nodes { words[Int(node) >> 6] |= 1 << UInt64(Int(node) & 63) }
    self.words = words
  }

  /// Whether `node` (one of the trie's) is in the set.
  @inline(__always)
  func contains(_ node: Int32) -> Bool {
    words[Int(node) >> 6] & (1 << UInt64(Int(node) & 63)) != 0
  }
}

extension NodeBits {
  func write(to writer: inout ByteWriter) { writer.plain(words) }

  /// Reads the bits of `nodes` nodes.
  init(reading reader: inout ByteReader, nodes: Int) throws(CompiledFormError) {
    words = try reader.plain()
    guard words.count == nodes / 64 + 1 else { throw CompiledFormError("node bits out of shape") }
  }
}

/// Near-miss candidates by key (``TermMatcher/nearKey(_:_:)``): the keys in an open-addressing
/// table of 16-byte slots, the candidates of each key side by side in one array, so that a
/// look-up hashes one number and a key with no candidates (most words of a text) reads one slot.
struct NearTable: Sendable {
  /// A candidate word, the trie node it leads to, and its ``SlipShape``.
  struct Candidate: Sendable {
    let word: Int32
    let node: Int32
    let shape: SlipShape
  }

  private struct Slot {
    /// The key plus one; 0 for an empty slot.
    var key: UInt64 = 0
    var start: Int32 = 0
    var count: Int32 = 0
  }

  private let slots: [Slot]
  private let candidates: [Candidate]

  init(_ lists: [UInt64: [Candidate]]) {
    var capacity = 16
    while capacity < lists.count * 2 { capacity *= 2 }
    var slots = [Slot](repeating: Slot(), count: capacity)
    var candidates: [Candidate] = []
    for (key, list) in lists {
      var slot = Self.slot(key, capacity - 1)
      while slots[slot].key != 0 { slot = (slot + 1) & (capacity - 1) }
      slots[slot] = Slot(key: key &+ 1, start: Int32(candidates.count), count: Int32(list.count))
      candidates.append(contentsOf: list)
    }
    self.slots = slots
    self.candidates = candidates
  }

  @inline(__always)
  private static func slot(_ key: UInt64, _ mask: Int) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
  }

  /// The candidates of `key`, in the order they were added.
  @inline(__always)
  subscript(key: UInt64) -> ArraySlice<Candidate> {
    let range = slots.withUnsafeBufferPointer { slots -> Range<Int> in
      let mask = slots.count - 1
      var slot = Self.slot(key, mask)
      while true {
        let found = slots[slot]
        if found.key == key &+ 1 { return Int(found.start)..<Int(found.start + found.count) }
        if found.key == 0 { return 0..<0 }
        slot = (slot + 1) & mask
      }
    }
    return candidates[range]
  }
}

extension NearTable {
  func write(to writer: inout ByteWriter) {
    writer.plain(slots)
    writer.plain(candidates)
  }

  /// Reads a table of candidates among `words` words and `nodes` nodes.
  init(reading reader: inout ByteReader, words: Int, nodes: Int) throws(CompiledFormError) {
    slots = try reader.plain()
    candidates = try reader.plain(where: {
      $0.word >= 0 && Int($0.word) < words && $0.node > 0 && Int($0.node) < nodes
    })
    let count = candidates.count
    guard slots.count.nonzeroBitCount == 1,
      slots.allSatisfy({ $0.start >= 0 && $0.count >= 0 && Int($0.start) + Int($0.count) <= count })
    else { throw CompiledFormError("a near-miss table out of shape") }
  }
}

/// The one matcher entry of a trie node, in 16 bytes: enough of its text to tell whether a match
/// is written exactly as the entry stands, and whether the entry is quiet, without reading the
/// terminal range, the terminal, the entry and the term (one read for texts of up to eight
/// bytes, two for longer ones).
struct SoleEntry: Sendable {
  /// The first eight bytes of the text, little-endian, zero-padded.
  let head: UInt64
  /// Where the rest of the text starts in ``TermMatcher/soleTexts``, past the first eight bytes.
  let rest: Int32
  /// The length of the text in bytes.
  let length: UInt16
  /// Bit 0: the node has one entry (and its text is short enough to be held); bit 1: that entry
  /// is quiet (``TermMatcher/Entry/isQuiet``).
  let flags: UInt8

  /// No entry: for nodes with none or several.
  init() {
    head = 0
    rest = 0
    length = 0
    flags = 0
  }

  /// The record of a node whose one entry has `text`; a text too long for the record gives
  /// none (its matches go the longer way).
  init(text: [UInt8], isQuiet: Bool, pool: inout [UInt8]) {
    let fits = text.count <= Int(UInt16.max)
    head = fits ? Self.head(of: text[...]) : 0
    rest = Int32(pool.count)
    length = fits ? UInt16(text.count) : 0
    flags = !fits ? 0 : isQuiet ? 3 : 1
    if fits && text.count > 8 { pool.append(contentsOf: text[8...]) }
  }

  /// Whether the node has one entry and it is quiet.
  var isQuiet: Bool { flags & 2 != 0 }

  /// The first eight bytes of `bytes`, little-endian, zero-padded.
  @inline(__always)
  static func head(of bytes: ArraySlice<UInt8>) -> UInt64 {
    var head: UInt64 = 0
    for (shift, byte) in bytes.prefix(8).enumerated() { head |= UInt64(byte) << (8 * shift) }
    return head
  }

  /// Whether `bytes` are the entry's text.
  @inline(__always)
  func isText(_ bytes: ArraySlice<UInt8>, pool: [UInt8]) -> Bool {
    guard flags & 1 != 0, bytes.count == Int(length), Self.head(of: bytes) == head else {
      return false
    }
    guard length > 8 else { return true }
    return bytes.dropFirst(8).elementsEqual(pool[Int(rest)..<(Int(rest) + Int(length) - 8)])
  }
}

/// What a near-miss check needs to know of a word to rule it out as a slip of another without
/// computing an edit distance: whether it is ASCII letters only, its length, and which letters
/// it holds.
struct SlipShape: Sendable {
  /// Bits 0–25: the letters present; bit 32 and up: the length; bit 31: ASCII letters only.
  private let bits: UInt64

  init(_ word: some Collection<UInt8>) {
    var letters: UInt64 = 0
    var ascii: UInt64 = 1 << 31
    for byte in word {
      let letter = (byte | 0x20) &- 0x61
      if byte < 0x80 && letter < 26 { letters |= 1 << UInt64(letter) } else { ascii = 0 }
    }
    bits = letters | ascii | UInt64(word.count) << 32
  }

  /// Whether two words can be a slip of each other as ``TermScanner/isSlip(_:of:)`` sees it:
  /// `false` only when both are ASCII letters and their lengths differ by more than two, or
  /// more letters appear in one only than `limit` edits can explain (an edit adds or removes at
  /// most one letter on each side; a transposition none).
  @inline(__always)
  func mayBeSlip(of other: SlipShape) -> Bool {
    guard bits & other.bits & (1 << 31) != 0 else { return true }
    let a = Int(bits >> 32)
    let b = Int(other.bits >> 32)
    guard abs(a - b) <= 2 else { return false }
    let limit = max(a, b) >= 7 ? 2 : 1
    return ((bits ^ other.bits) & 0x3FF_FFFF).nonzeroBitCount <= 2 * limit
  }
}

/// Where a term sits in its glossary: concept, language section, and position in the section.
public struct TermReference: Hashable, Sendable, Codable {
  /// The index of the concept in ``Glossary/concepts``.
  public var conceptIndex: Int
  /// The index of the language section in ``Concept/languages``.
  public var sectionIndex: Int
  /// The index of the term in ``LanguageSection/terms``.
  public var termIndex: Int
}
