import GlossaTestSupport
import Testing

@testable import GlossaKit
@testable import GlossaText

/// The compact tables under the matcher agree with plain dictionaries, and the shortcuts that
/// skip work never skip a real answer.
@Suite struct MatchingStructureTests {
  static func randomWord(_ random: inout SeededGenerator, letters: Int) -> [UInt8] {
    (0..<letters).map { _ in UInt8.random(in: 0x61...0x7A, using: &random) }
  }

  @Test(arguments: [1, 2, 3] as [UInt64])
  func edgeTableAgreesWithADictionary(seed: UInt64) {
    var random = SeededGenerator(seed: seed)
    var table = EdgeTable()
    var reference: [Int64: Int32] = [:]
    func key(_ node: Int32, _ word: Int32) -> Int64 { Int64(node) << 32 | Int64(word) }
    // Enough edges to grow the table and its filter several times; a third from the root.
    for child in 1...20_000 {
      let node = Int32.random(in: 0...3_000, using: &random) * (child % 3 == 0 ? 0 : 1)
      let word = Int32.random(in: 0...5_000, using: &random)
      guard reference[key(node, word)] == nil else { continue }
      table.set(node, word, Int32(child))
      reference[key(node, word)] = Int32(child)
    }
    for (packed, child) in reference {
      #expect(table.child(Int32(packed >> 32), Int32(truncatingIfNeeded: packed)) == child)
    }
    // Absent edges, root and inner, including words beyond any seen.
    for _ in 0..<50_000 {
      let node = Int32.random(in: 0...3_200, using: &random) * (Bool.random(using: &random) ? 0 : 1)
      let word = Int32.random(in: 0...6_000, using: &random)
      #expect(table.child(node, word) == reference[key(node, word)] ?? -1)
    }
  }

  @Test func nearTableAgreesWithADictionary() {
    var random = SeededGenerator(seed: 9)
    var reference: [UInt64: [NearTable.Candidate]] = [:]
    // Keys as the matcher makes them (an identifier and a byte), key 0 among them.
    reference[0] = [NearTable.Candidate(word: 7, node: 8, shape: SlipShape(Array("abcd".utf8)))]
    for _ in 0..<5_000 {
      let key = TermMatcher.nearKey(
        Int32.random(in: 0..<3_000, using: &random), UInt8.random(in: 0x61...0x7A, using: &random))
      let word = Self.randomWord(&random, letters: Int.random(in: 1...9, using: &random))
      reference[key, default: []].append(
        NearTable.Candidate(
          word: Int32.random(in: 0..<100_000, using: &random),
          node: Int32.random(in: 1..<100_000, using: &random), shape: SlipShape(word)))
    }
    let table = NearTable(reference)
    for (key, list) in reference {
      let found = table[key]
      #expect(found.map(\.word) == list.map(\.word))
      #expect(found.map(\.node) == list.map(\.node))
    }
    for _ in 0..<20_000 {
      let key = TermMatcher.nearKey(
        Int32.random(in: 0..<3_500, using: &random), UInt8.random(in: 0x41...0x7E, using: &random))
      #expect(table[key].count == (reference[key]?.count ?? 0))
    }
  }

  /// Bytes compared eight at a time agree with comparing them one by one: equal, or differing
  /// at any single place, of any length (fails when the tail after the last eight is skipped).
  @Test func bytesComparedEightAtATimeAgree() {
    var random = SeededGenerator(seed: 8)
    for length in 0..<40 {
      for _ in 0..<50 {
        let a = (0..<length).map { _ in UInt8.random(in: 0...3, using: &random) }
        var b = a
        if length > 0 && Bool.random(using: &random) {
          b[Int.random(in: 0..<length, using: &random)] = UInt8.random(in: 0...3, using: &random)
        }
        let same = a.withUnsafeBufferPointer { x in
          b.withUnsafeBufferPointer { y in UTF8Scalars.same(x, y) }
        }
        #expect(same == (a == b))
        #expect(TermScanner.sameBytes(a[...], String(decoding: b, as: UTF8.self)) == (a == b))
      }
    }
  }

  @Test func wordTableAgreesWithADictionary() {
    var random = SeededGenerator(seed: 7)
    var table = WordTable()
    var reference: [[UInt8]: Int32] = [:]
    for _ in 0..<30_000 {
      let word = Self.randomWord(&random, letters: Int.random(in: 1...9, using: &random))
      let id = table.intern(word)
      if let known = reference[word] { #expect(id == known) } else { reference[word] = id }
    }
    #expect(table.count == reference.count)
    for _ in 0..<30_000 {
      let word = Self.randomWord(&random, letters: Int.random(in: 1...10, using: &random))
      let found = word.withUnsafeBufferPointer { table.lookup($0) }
      #expect(found == reference[word] ?? -1)
      if found >= 0 { #expect(Array(table.word(found)) == word) }
    }
    // Words alike in their first eight bytes, words that differ only by trailing zero bytes,
    // and words longer than 255 bytes are told apart (fails when a slot's length or head is
    // left out of the comparison).
    let alike: [[UInt8]] = [
      [0x61], [0x61, 0], [0x61, 0, 0], [], [0], Array("chongqin".utf8), Array("chongqing".utf8),
      Array("chongqinh".utf8), Array(repeating: 0x62, count: 300),
      Array(repeating: 0x62, count: 299) + [0x63], Array(repeating: 0x62, count: 555),
    ]
    for word in alike { reference[word] = reference[word] ?? table.intern(word) }
    for word in alike {
      #expect(word.withUnsafeBufferPointer { table.lookup($0) } == reference[word])
      #expect(Array(table.word(reference[word] ?? -1)) == word)
    }
    #expect(Set(alike.map { reference[$0] }).count == alike.count)
    // The words read in place are the words (fails with an end off by one).
    table.withWords { words in
      for id in 0..<Int32(table.count) { #expect(Array(words[id]) == Array(table.word(id))) }
    }
  }

  /// Each word's record says what the trie says: where the word leads from the root, whether a
  /// key ends there, and which endings are the word's (every ending once, in word order).
  @Test func wordRecordsAgreeWithTheTrie() throws {
    for glossary in [RuleRegistry.exampleGlossary, GlossarySamples.newsroom] {
      let matcher = try TermMatcher(glossary: glossary, language: .english)
      var next = 0
      var rootTerminals = 0
      for id in 0..<Int32(matcher.words.count) {
        let info = matcher.wordInfo[Int(id)]
        #expect(info.root == matcher.edges.child(0, id))
        let terminal = info.root >= 0 && matcher.isTerminal(info.root)
        #expect((info.flags & WordInfo.rootIsTerminal != 0) == terminal)
        if terminal { rootTerminals += 1 }
        #expect(info.endings.lowerBound == next)
        next = info.endings.upperBound
        // A word that begins a key is a term word.
        if info.root >= 0 { #expect(matcher.isTermWord(id)) }
      }
      #expect(next == matcher.endings.count)
      #expect(rootTerminals > 5 && !matcher.endings.isEmpty)
    }
  }

  /// The links looked up for all tokens at once are the steps a walk takes one by one: from the
  /// root, the next word, the words swapped, and the word after next.
  @Test func tokenLinksAreTheTriesSteps() throws {
    let glossary = GlossarySamples.newsroom
    let matcher = try TermMatcher(glossary: glossary, language: .english)
    let scanner = try TermScanner(matcher: matcher)
    // Every form of every term, twice, once with its first two words swapped, between words
    // of no term: links from nodes with children, from leaves, and none at all.
    var text = ""
    for concept in glossary.concepts {
      for section in concept.languages { for term in section.terms { text += term.text + " x " } }
    }
    for concept in glossary.concepts {
      for section in concept.languages {
        for term in section.terms {
          let words = term.text.split(separator: " ")
          if words.count >= 2 { text += words[1] + " " + words[0] + " of the " }
        }
      }
    }
    let scan = scanner.scan(Array(text.utf8))
    let ids = scan.tokenIDs
    let links = scan.links
    #expect(links.infos.count == ids.count && links.pairs.count == ids.count)
    var inner = 0
    var swaps = 0
    for p in ids.indices {
      let root = ids[p] >= 0 ? matcher.edges.child(0, ids[p]) : -1
      #expect(links.infos[p].root == root)
      let info = ids[p] >= 0 ? matcher.wordInfo[Int(ids[p])] : WordInfo()
      #expect(links.infos[p].root == info.root && links.infos[p].flags == info.flags)
      #expect(links.infos[p].endings == info.endings)
      func step(_ node: Int32, _ q: Int) -> Int32 {
        node >= 0 && q < ids.count && ids[q] >= 0 ? matcher.edges.child(node, ids[q]) : -1
      }
      #expect(links.pairs[p] == step(root, p + 1))
      // Swaps and skips only from nodes towards a key a near miss can report.
      let nearMiss = root >= 0 && matcher.leadsToNearMiss(root)
      #expect(links.skips[p] == (nearMiss ? step(root, p + 2) : -1))
      let swapped = p + 1 < ids.count && ids[p + 1] >= 0 ? matcher.edges.child(0, ids[p + 1]) : -1
      let swappedNearMiss = swapped >= 0 && matcher.leadsToNearMiss(swapped)
      #expect(links.swaps[p] == (ids[p] >= 0 && swappedNearMiss ? step(swapped, p) : -1))
      if links.pairs[p] >= 0 { inner += 1 }
      if links.swaps[p] >= 0 { swaps += 1 }
    }
    // Real second steps and swaps were among them, not only misses.
    #expect(inner > 10 && swaps > 5)
  }

  /// A match weighed against a node's choices picks what weighing every entry picks: the same
  /// entry, text, folds and case change, for forms shared by many concepts with every status,
  /// case mode and hyphenation, and texts in every case and spacing, with and without endings.
  @Test func choicesPickWhatEveryEntryPicks() throws {
    var random = SeededGenerator(seed: 21)
    let forms = [
      "party", "Party", "PARTY", "Five-Year Plan", "five-year plan", "Fiveyear Plan", "CPC", "cpc",
    ]
    let texts = [
      "party", "Party", "PARTY", "pArty", "Five-Year Plan", "five year plan", "FIVE-YEAR PLAN",
      "Fiveyear plan", "CPC", "Cpc", "cpc", "parties", "Parties", "Five-Year Plans",
    ]
    let endings =
      [TermEnding.none, .possessive] + PluralForm.forms(of: "party").map { .plural($0.1) }
    var compared = 0
    var merged = 0
    // Many small glossaries, so that every mix of statuses and case modes meets every text.
    for _ in 0..<150 {
      var concepts: [Concept] = []
      for index in 0..<Int.random(in: 2...16, using: &random) {
        let term = Term(
          forms[
            Int.random(in: 0..<(Bool.random(using: &random) ? 3 : forms.count), using: &random)],
          status: TermStatus.allCases[Int.random(in: 0..<4, using: &random)],
          caseMode: CaseMode.allCases[Int.random(in: 0..<CaseMode.allCases.count, using: &random)])
        concepts.append(
          Concept(id: "c\(index)", languages: [LanguageSection(language: .english, terms: [term])]))
      }
      let matcher = try TermMatcher(glossary: Glossary(concepts: concepts), language: .english)
      let scanner = try TermScanner(matcher: matcher)
      /// Every entry weighed, as the scanner did before it had choices.
      func reference(_ node: Int32, _ text: [UInt8], _ ending: TermEnding) -> (
        Int, String, FoldSet
      )? {
        var best: (Int, String, FoldSet)?
        var bestScore = (Int.max, 0, 0)
        for k in matcher.terminalEntries(of: node) {
          let index = Int(matcher.terminals[k])
          let entry = matcher.entries[index]
          let found = String(decoding: text, as: UTF8.self)
          guard let (folds, _) = scanner.diagnose(found, against: entry.term, ending: ending) else {
            continue
          }
          let score = (folds.count, entry.term.status.isApproved ? 0 : 1, entry.joined ? 1 : 0)
          if best != nil, bestScore <= score { continue }
          best = (index, found, folds)
          bestScore = score
        }
        return best
      }
      merged += matcher.terminals.count - matcher.choiceList.count
      for node in 0..<Int32(matcher.terminalStart.count - 1) where matcher.isTerminal(node) {
        for text in texts {
          let bytes = Array(text.utf8)
          for ending in endings {
            let chosen = scanner.bestEntry(
              at: node, span: 0..<bytes.count, ending: ending, text: bytes)
            let expected = reference(node, bytes, ending)
            #expect(chosen?.entry == expected?.0, "\(text) at \(node)")
            #expect(chosen?.found == expected?.1)
            #expect(chosen?.folds == expected?.2)
            if expected != nil { compared += 1 }
          }
        }
      }
    }
    #expect(compared > 1_000 && merged > 200)
  }

  /// The memo of weighed matches answers as weighing does, for texts met again, before and
  /// after it is emptied, at one node and another, with and without endings.
  @Test func rememberedMatchesAreWhatWeighingGives() throws {
    var random = SeededGenerator(seed: 41)
    let matcher = try TermMatcher(glossary: GlossarySamples.newsroom, language: .english)
    let scanner = try TermScanner(matcher: matcher)
    let nodes = (0..<Int32(matcher.terminalStart.count - 1)).filter { matcher.isTerminal($0) }
    let known = ["Chongqing", "CHONGQING", "chongqing", "Chungking", "cpc", "CPC", "Belt", "belt"]
    var texts = known
    // More texts than the memo holds, so that it is emptied on the way.
    for _ in 0..<40_000 {
      texts.append(String(decoding: Self.randomWord(&random, letters: 6), as: UTF8.self))
    }
    texts += known
    var matched = 0
    for text in texts {
      let bytes = Array(text.utf8)
      let node = nodes[Int.random(in: nodes.indices, using: &random)]
      for ending in [TermEnding.none, .plural(.s)] {
        let remembered = scanner.bestEntry(
          at: node, span: 0..<bytes.count, ending: ending, text: bytes)
        let weighed = scanner.weigh(at: node, span: 0..<bytes.count, ending: ending, text: bytes)
        #expect(remembered?.entry == weighed?.entry, "\(text)")
        #expect(remembered?.found == weighed?.found)
        #expect(remembered?.folds == weighed?.folds)
        #expect(remembered?.caseChange == weighed?.caseChange)
        if weighed != nil { matched += 1 }
      }
    }
    for node in nodes {
      for text in known {
        let bytes = Array(text.utf8)
        let remembered = scanner.bestEntry(
          at: node, span: 0..<bytes.count, ending: .none, text: bytes)
        let weighed = scanner.weigh(at: node, span: 0..<bytes.count, ending: .none, text: bytes)
        #expect(remembered?.entry == weighed?.entry, "\(text) at \(node)")
        if weighed != nil { matched += 1 }
      }
    }
    #expect(matched >= 8)
  }

  /// A text that differs from a term only in the case of ASCII letters is diagnosed without
  /// canonical forms, with the folds and case change that comparing them gives.
  @Test func caseOnlyDifferencesAreDiagnosedAsByFolds() throws {
    var random = SeededGenerator(seed: 31)
    let scanner = try TermScanner(
      matcher: TermMatcher(glossary: GlossarySamples.newsroom, language: .english))
    let pieces = ["Chongqing", "CPC", "economic", "circle", "iPhone", "Min'er", "14th", "a", "X"]
    let gaps = [" ", "-", " - ", "'", ", ", "  "]
    var caseOnly = 0
    for _ in 0..<3_000 {
      var text = pieces[Int.random(in: pieces.indices, using: &random)]
      for _ in 0..<Int.random(in: 0...3, using: &random) {
        text += gaps[Int.random(in: gaps.indices, using: &random)]
        text += pieces[Int.random(in: pieces.indices, using: &random)]
      }
      let found = String(
        text.map { character in
          switch Int.random(in: 0..<4, using: &random) {
          case 0: Character(character.uppercased())
          case 1: Character(character.lowercased())
          default: character
          }
        })
      if TermScanner.differInASCIICaseOnly(found, text) { caseOnly += 1 }
      for caseMode in CaseMode.allCases {
        let term = Term(text, caseMode: caseMode)
        let fast = scanner.diagnose(found, against: term, ending: .none)
        let slow = scanner.diagnoseByFolds(found, against: term, expected: text)
        #expect(fast?.0 == slow?.0, "\(found) for \(text), \(caseMode)")
        #expect(fast?.1 == slow?.1, "\(found) for \(text), \(caseMode)")
      }
    }
    #expect(caseOnly > 2_000)
    #expect(!TermScanner.differInASCIICaseOnly("Zürich", "zürich"))
    #expect(!TermScanner.differInASCIICaseOnly("a@", "a`"))
    #expect(!TermScanner.differInASCIICaseOnly("ab", "abc"))
  }

  /// The letter-set test in front of the edit distance rejects only pairs that are no slips.
  @Test func slipShapesNeverRejectASlip() {
    var random = SeededGenerator(seed: 11)
    var slips = 0
    for _ in 0..<40_000 {
      let word = Self.randomWord(&random, letters: Int.random(in: 4...10, using: &random))
      var typed = word
      // One or two edits of any kind, or a random word of a near length.
      for _ in 0..<Int.random(in: 0...2, using: &random) {
        let position = Int.random(in: 1..<typed.count, using: &random)
        switch Int.random(in: 0...3, using: &random) {
        case 0: typed[position] = UInt8.random(in: 0x61...0x7A, using: &random)
        case 1: typed.insert(UInt8.random(in: 0x61...0x7A, using: &random), at: position)
        case 2: if typed.count > 4 { typed.remove(at: position) }
        default: if position + 1 < typed.count { typed.swapAt(position, position + 1) }
        }
      }
      if Int.random(in: 0..<4, using: &random) == 0 {
        typed = [word[0]] + Self.randomWord(&random, letters: word.count - 1)
      }
      let isSlip = TermScanner.isSlip(typed[...], of: word[...])
      if isSlip { slips += 1 }
      if isSlip { #expect(SlipShape(typed).mayBeSlip(of: SlipShape(word))) }
      // Words that are not ASCII letters are never ruled out.
      #expect(SlipShape(typed + Array("é".utf8)).mayBeSlip(of: SlipShape(word)))
    }
    #expect(slips > 10_000)
  }

  /// A lint looks for occurrences inside longer ones only around words of concepts with an
  /// acronym; `acronym-first-use` finds the same as it does on a full scan, on random articles
  /// made of every form of the example glossary.
  @Test func acronymFirstUseNeedsOnlyTheAcronymConceptsInsideLongerTerms() throws {
    let glossary = RuleRegistry.exampleGlossary
    let matcher = try TermMatcher(glossary: glossary, language: .english)
    let linter = try Linter(matcher: matcher, configuration: LintConfiguration())
    let forms = glossary.concepts.flatMap(\.languages).filter {
      LanguageTag.english.covers($0.language)
    }
    .flatMap(\.terms).map(\.text)
    let fillers = ["the", "of", "Secretary", "met", "in", ".", ",", "(", ")", "\n\n", "CPC"]
    var random = SeededGenerator(seed: 13)
    var compared = 0
    for _ in 0..<400 {
      let text = (0..<Int.random(in: 4...30, using: &random)).map { _ in
        Bool.random(using: &random)
          ? forms[Int.random(in: 0..<forms.count, using: &random)]
          : fillers[Int.random(in: 0..<fillers.count, using: &random)]
      }.joined(separator: " ")
      let document = Document(path: "a.txt", format: .plain, source: Array(text.utf8))
      let linted = linter.lint(document).filter { $0.rule == AcronymFirstUseRule.description.id }
      let context = RuleContext(
        document: document, scan: linter.scan(document), configuration: linter.configuration,
        glossary: glossary, profile: LanguageProfile.of(.english),
        lines: LineIndex(utf8: document.source))
      let full = AcronymFirstUseRule().check(context)
      #expect(linted.map(\.offset) == full.map(\.offset).sorted(), "\(text)")
      #expect(Set(linted.map(\.message)) == Set(full.map(\.message)))
      compared += full.count
    }
    #expect(compared > 50)
  }

  /// A lint leaves the quiet occurrences out of its scan (approved forms as they stand, outside
  /// concepts with an acronym and exception contexts) and finds what every rule finds on a full
  /// scan: on random articles made of every form of the example glossary, written as they stand,
  /// in other cases, plural, hyphenated otherwise or misspelled, beside an approved form with an
  /// exception context.
  @Test func aLintFindsWhatEveryRuleFindsOnAFullScan() throws {
    var glossary = RuleRegistry.exampleGlossary
    glossary.concepts.append(
      Concept(
        id: "plan", subjectField: nil,
        languages: [
          LanguageSection(
            language: .english,
            terms: [Term("development plan", exceptions: ["development plan of old"])])
        ]))
    let matcher = try TermMatcher(glossary: glossary, language: .english)
    let linter = try Linter(matcher: matcher, configuration: LintConfiguration())
    let forms = glossary.concepts.flatMap(\.languages).filter {
      LanguageTag.english.covers($0.language)
    }
    .flatMap(\.terms).map(\.text)
    let fillers = [
      "the", "of", "old", "Secretary", "met", "in", ".", ",", "(", ")", "\n\n", "Heading\n",
      "CPC", "plans", "Plans",
    ]
    var random = SeededGenerator(seed: 29)
    var quiet = 0
    var compared = 0
    for _ in 0..<400 {
      let text = (0..<Int.random(in: 4...40, using: &random)).map { _ in
        guard Bool.random(using: &random) else {
          return fillers[Int.random(in: 0..<fillers.count, using: &random)]
        }
        let form = forms[Int.random(in: 0..<forms.count, using: &random)]
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return form.lowercased()
        case 1: return form.uppercased()
        case 2: return form.replacing("-", with: " ")
        case 3: return form + "s"
        case 4: return String(form.dropLast())
        default: return form
        }
      }.joined(separator: " ")
      // The first line is a heading (a title-case line may take capitals).
      let bytes = Array(text.utf8)
      let document = Document(
        path: "a.txt", format: .plain, source: bytes,
        headings: [0..<(bytes.firstIndex(of: 0x0A) ?? bytes.count)])
      let linted = linter.lint(document).map(Self.summary).sorted()
      let scan = linter.scan(document)
      let context = RuleContext(
        document: document, scan: scan, configuration: linter.configuration,
        glossary: glossary, profile: LanguageProfile.of(.english),
        lines: LineIndex(utf8: document.source))
      let full = RuleRegistry.rules.flatMap { $0.init().check(context) }.map(Self.summary)
      #expect(linted == full.sorted(), "\(text)")
      compared += full.count
      quiet +=
        scan.occurrences.count
        - (scanForLint(linter, document)?.occurrences.count ?? scan.occurrences.count)
    }
    #expect(compared > 1_000)
    #expect(quiet > 500)
  }

  private static func summary(_ finding: Finding) -> String {
    "\(finding.offset) \(finding.length) \(finding.rule) \(finding.severity) \(finding.message) "
      + "\(finding.fix ?? "-")"
  }

  private func scanForLint(_ linter: Linter, _ document: Document) -> Scan? {
    try? TermScanner(matcher: linter.matcher).scan(document.text, forLint: true)
  }

  /// A near miss is the longest slip of a term that a near miss can report: a slip as close to
  /// a deprecated form, or a longer one of a deprecated form, does not hide it, in whatever
  /// order the glossary lists them.
  @Test(arguments: [false, true])
  func nearMissesTakeTheLongestReportableTerm(deprecatedFirst: Bool) throws {
    let tart = GlossarySamples.concept("tart", Term("fruit tart"))
    let tree = GlossarySamples.concept(
      "tree", Term("fruit tree"), Term("fruit tere", status: .deprecated))
    let longer = GlossarySamples.concept(
      "longer", Term("fruit tree of life"), Term("fruit tere of", status: .deprecated))
    let glossary = Glossary(
      concepts: deprecatedFirst ? [tree, longer, tart] : [tart, longer, tree])
    let matcher = try TermMatcher(glossary: glossary, language: .english)
    let scanner = try TermScanner(matcher: matcher)
    let misses = scanner.scan(Array("A pioneer fruit tert of industrial output.".utf8)).nearMisses
    #expect(misses.map(\.term.text) == ["fruit tart"])
    #expect(misses.map(\.text) == ["fruit tert"])
    // The deprecated form alone: nothing to report.
    let alone = try TermScanner(
      matcher: TermMatcher(glossary: Glossary(concepts: [tree]), language: .english))
    #expect(alone.scan(Array("A pioneer fruit tert of industrial output.".utf8)).nearMisses.isEmpty)
  }

  /// The near-miss bits mark exactly the paths of the keys a near miss can report, and the
  /// near-miss tables hold only candidates on them.
  @Test func nearMissPathsAreThoseOfReportableKeys() throws {
    let glossary = GlossarySamples.newsroom
    let matcher = try TermMatcher(glossary: glossary, language: .english)
    let scanner = try TermScanner(matcher: matcher)
    var onPaths: Set<Int32> = []
    var ends: Set<Int32> = []
    var all: Set<Int32> = []
    for entry in matcher.entries where !entry.joined {
      // The key's nodes, walked along the words of the term as a scan tokenizes it.
      let scan = scanner.scan(Array(entry.term.text.utf8))
      var node: Int32 = 0
      var path: [Int32] = []
      for id in scan.tokenIDs {
        node = matcher.edges.child(node, id)
        path.append(node)
      }
      #expect(path.allSatisfy { $0 > 0 } && matcher.terminalEntries(of: node).count > 0)
      all.formUnion(path)
      let long = scan.tokens.filter { $0.range.count >= 4 }.count
      if entry.term.status.isApproved && path.count >= 2 && long >= 2 {
        onPaths.formUnion(path)
        ends.insert(node)
      }
    }
    #expect(!ends.isEmpty && all.count > onPaths.count)
    for node in all {
      #expect(matcher.leadsToNearMiss(node) == onPaths.contains(node), "node \(node)")
      #expect(matcher.endsNearMiss(node) == ends.contains(node), "node \(node)")
    }
  }

  /// A node's sole-entry record tells its text from any other bytes: of every length around the
  /// eight it holds itself, equal, one byte off anywhere, a byte longer or shorter.
  @Test func aSoleEntryTellsItsTextExactly() {
    var random = SeededGenerator(seed: 31)
    var pool: [UInt8] = Array("padding".utf8)
    for _ in 0..<5_000 {
      let text = (0..<Int.random(in: 0...20, using: &random)).map { _ in
        UInt8.random(in: 0x20...0xFF, using: &random)
      }
      let sole = SoleEntry(text: text, isQuiet: true, pool: &pool)
      #expect(sole.isQuiet)
      #expect(sole.isText(text[...], pool: pool))
      if !text.isEmpty {
        var changed = text
        let position = Int.random(in: 0..<text.count, using: &random)
        changed[position] ^= UInt8.random(in: 1...0xFF, using: &random)
        #expect(!sole.isText(changed[...], pool: pool))
        #expect(!sole.isText(text.dropLast(), pool: pool))
      }
      #expect(!sole.isText((text + [0x61])[...], pool: pool))
      #expect(!SoleEntry().isText(text[...], pool: pool))
    }
    #expect(MemoryLayout<SoleEntry>.stride == 16)
    #expect(!SoleEntry().isQuiet && !SoleEntry(text: [], isQuiet: false, pool: &pool).isQuiet)
    let long = [UInt8](repeating: 0x61, count: Int(UInt16.max) + 1)
    #expect(!SoleEntry(text: long, isQuiet: true, pool: &pool).isText(long[...], pool: pool))
  }

  @Test func stableHashWithAnOrdinalIsTheHashOfTheJoinedText() {
    var random = SeededGenerator(seed: 3)
    for _ in 0..<2_000 {
      let text =
        String(
          decoding: Self.randomWord(&random, letters: Int.random(in: 0...40, using: &random)),
          as: UTF8.self) + "·中\u{1F}"
      let ordinal = Int.random(in: 0...12_000, using: &random)
      #expect(StableHash.hex(text, ordinal: ordinal) == StableHash.hex(text + "\u{1F}\(ordinal)"))
    }
    #expect(StableHash.hex("") == "cbf29ce48422232584222325cbf29ce4")
  }

  @Test func foldOrderIsTheOrderOfAllCases() {
    for (index, fold) in Fold.allCases.enumerated() {
      #expect(fold.order == index)
      #expect(FoldSet(fold).rawValue == 1 << index)
    }
    #expect(FoldSet.all.folds == Fold.allCases)
    #expect(FoldSet().folds.isEmpty)
  }
}
