public import GlossaText

/// What merging one glossary into another changes, and what it refuses to change.
public struct GlossaryMerge: Sendable {
  /// The merged glossary.
  public var glossary: Glossary
  /// The changes made, one line each (`add concept 'x'`, `add en term 'y' to 'x'`).
  public var changes: [String]
  /// The changes refused because they would overwrite something, one line each.
  public var conflicts: [String]

  /// Merges `incoming` into `existing` without overwriting anything.
  ///
  /// A concept of `incoming` is the existing concept with its id, or else the existing concept
  /// that has one of its preferred forms; otherwise it is new. A form already in the concept,
  /// spelled the same, with the same status changes nothing; with another status it is a
  /// conflict. A form that another concept has (compared in the matching form: case, width,
  /// quotes… folded, per language) is a conflict and is not added. A new concept with any
  /// conflicting form is not added at all; a new concept without a preferred form gets its first
  /// admitted form promoted (Glossa needs one), or is not added when it has no approved form.
  /// Empty fields are filled; differing fields are conflicts.
  /// - Throws: `ICUError` when ICU cannot be loaded.
  public init(_ incoming: Glossary, into existing: Glossary) throws(ICUError) {
    let normalizer = try TextNormalizer()
    var glossary = existing
    var changes: [String] = []
    var conflicts: [String] = []
    func key(_ language: LanguageTag, _ text: String) -> String {
      language.language + "\u{1F}" + normalizer.normalize(text).string
    }
    /// Every form under its matching key: the concept, status and exact spelling.
    var owners: [String: [(concept: Int, status: TermStatus, text: String)]] = [:]
    func index(_ conceptIndex: Int) {
      for section in glossary.concepts[conceptIndex].languages {
        for term in section.terms {
          owners[key(section.language, term.text), default: []].append(
            (conceptIndex, term.status, term.text))
        }
      }
    }
    for conceptIndex in glossary.concepts.indices { index(conceptIndex) }
    var ids = Dictionary(
      glossary.concepts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })

    for concept in incoming.concepts {
      var target = ids[concept.id]
      if target == nil {
        for section in concept.languages {
          for term in section.terms where term.status == .preferred {
            if let owner = owners[key(section.language, term.text)]?.first(where: {
              $0.status == .preferred
            }) {
              target = owner.concept
            }
          }
        }
      }
      guard let target else {
        // A new concept: added whole, or not at all.
        var added = concept
        if !added.languages.contains(where: { $0.terms.contains { $0.status == .preferred } }) {
          guard
            let section = added.languages.firstIndex(where: {
              $0.terms.contains { $0.status == .admitted }
            }),
            let position = added.languages[section].terms.firstIndex(where: {
              $0.status == .admitted
            })
          else {
            conflicts.append("new concept '\(concept.id)' has no approved form; not added")
            continue
          }
          added.languages[section].terms[position].status = .preferred
          let promoted = added.languages[section].terms[position].text
          changes.append(
            "make \(added.languages[section].language) '\(promoted)' preferred in new concept '\(concept.id)', which had no preferred form"
          )
        }
        var clashes: [String] = []
        for section in added.languages {
          for term in section.terms {
            if let owner = owners[key(section.language, term.text)]?.first {
              clashes.append(
                "\(section.language) '\(term.text)' of new concept '\(concept.id)' is already \(owner.status.rawValue) in '\(glossary.concepts[owner.concept].id)'"
              )
            }
          }
        }
        if !clashes.isEmpty {
          conflicts += clashes
          continue
        }
        var id = concept.id
        var counter = 2
        while ids[id] != nil {
          id = "\(concept.id)-\(counter)"
          counter += 1
        }
        added.id = id
        glossary.concepts.append(added)
        ids[id] = glossary.concepts.count - 1
        index(glossary.concepts.count - 1)
        changes.append("add concept '\(id)' (\(added.languages.flatMap(\.terms).count) forms)")
        continue
      }
      let targetID = glossary.concepts[target].id
      for section in concept.languages {
        for term in section.terms {
          let termKey = key(section.language, term.text)
          let same = owners[termKey] ?? []
          if let exact = same.first(where: { $0.concept == target && $0.text == term.text }) {
            if exact.status != term.status {
              conflicts.append(
                "\(section.language) '\(term.text)' in '\(targetID)' is \(exact.status.rawValue), not \(term.status.rawValue) as the import says"
              )
            }
            continue
          }
          if let other = same.first(where: { $0.concept != target }) {
            conflicts.append(
              "\(section.language) '\(term.text)' for '\(targetID)' is already \(other.status.rawValue) in '\(glossary.concepts[other.concept].id)'"
            )
            continue
          }
          if let position = glossary.concepts[target].languages.firstIndex(where: {
            $0.language == section.language
          }) {
            glossary.concepts[target].languages[position].terms.append(term)
            glossary.concepts[target].languages[position].terms.sort { $0.status < $1.status }
          } else {
            glossary.concepts[target].languages.append(
              LanguageSection(language: section.language, terms: [term]))
          }
          owners[termKey, default: []].append((target, term.status, term.text))
          changes.append(
            "add \(section.language) \(term.status.rawValue) '\(term.text)' to '\(targetID)'")
        }
      }
      let fields: [(String, WritableKeyPath<Concept, String?>)] = [
        ("subject", \.subjectField), ("definition", \.definition), ("note", \.note),
        ("source", \.source),
      ]
      for (name, path) in fields {
        guard let value = concept[keyPath: path] else { continue }
        switch glossary.concepts[target][keyPath: path] {
        case nil:
          glossary.concepts[target][keyPath: path] = value
          changes.append("set \(name) of '\(targetID)'")
        case let current? where current != value:
          conflicts.append("\(name) of '\(targetID)' differs; kept the existing one")
        default:
          break
        }
      }
      for (name, value) in concept.properties.sorted(by: { $0.key < $1.key }) {
        switch glossary.concepts[target].properties[name] {
        case nil:
          glossary.concepts[target].properties[name] = value
          changes.append("set \(name) of '\(targetID)'")
        case let current? where current != value:
          conflicts.append("\(name) of '\(targetID)' differs; kept the existing one")
        default:
          break
        }
      }
    }
    self.glossary = glossary
    self.changes = changes
    self.conflicts = conflicts
  }
}
