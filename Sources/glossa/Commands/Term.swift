import ArgumentParser
import Foundation
import GlossaFormats
import GlossaKit
import GlossaText

extension Glossa {
  /// `glossa term`: edits and queries the CSV glossary.
  struct Term: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "term",
      abstract: "Add, change, remove, show, list and search glossary terms.",
      discussion: """
        Every change rewrites the CSV glossary atomically, under a lock, in Glossa's \
        deterministic order, so that a one-term change is a one-line diff.

        Examples:
          glossa term add chen-miner --lang en "Chen Min'er" --subject person
          glossa term add chen-miner --lang en "Chen Miner" --status deprecated
          glossa term update chen-miner --lang en "Chen Miner" --note "old spelling"
          glossa term remove chen-miner --lang en "Chen Min-er"
          glossa term show chen-miner
          glossa term search 敏尔
        """,
      subcommands: [Add.self, Update.self, Remove.self, Show.self, List.self, Search.self])
  }
}

/// The attributes a command may set on a term.
struct TermAttributeOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "preferred, admitted, deprecated (forbidden) or superseded.", valueName: "status"))
  var status: String?
  @Option(
    help: ArgumentHelp(
      "full-form, acronym, abbreviation, short-form or variant.", valueName: "type"))
  var type: String?
  @Option(
    name: .customLong("case"),
    help: ArgumentHelp("sensitive, insensitive or permissive.", valueName: "mode"))
  var caseMode: String?
  @Option(help: ArgumentHelp("Part of speech.", valueName: "pos"))
  var pos: String?
  @Option(help: ArgumentHelp("A note on the form.", valueName: "text"))
  var note: String?
  @Option(
    help: ArgumentHelp("The date from which the status holds (YYYY-MM-DD).", valueName: "date"))
  var since: String?
  @Option(
    name: .customLong("except"),
    help: ArgumentHelp("A context where the form is allowed. Repeatable.", valueName: "phrase"))
  var exceptions: [String] = []

  @Option(help: ArgumentHelp("The concept's subject field.", valueName: "text"))
  var subject: String?
  @Option(help: ArgumentHelp("The concept's definition.", valueName: "text"))
  var definition: String?
  @Option(help: ArgumentHelp("A note on the concept.", valueName: "text"))
  var conceptNote: String?
  @Option(help: ArgumentHelp("Where the concept's renderings come from.", valueName: "text"))
  var source: String?

  /// Applies the term options to `term`.
  func apply(to term: inout GlossaKit.Term) throws {
    if let status {
      guard let value = TermStatus(name: status) else {
        throw ValidationError(
          "'\(status)' is not a status; use preferred, admitted, deprecated or superseded")
      }
      term.status = value
    }
    if let type {
      guard let value = TermType(name: type) else {
        throw ValidationError(
          "'\(type)' is not a term type; use full-form, acronym, abbreviation, short-form or variant"
        )
      }
      term.type = value
    }
    if let caseMode {
      guard let value = CaseMode(rawValue: caseMode) else {
        throw ValidationError(
          "'\(caseMode)' is not a case mode; use sensitive, insensitive or permissive")
      }
      term.caseMode = value
    }
    if let pos { term.partOfSpeech = pos.isEmpty ? nil : pos }
    if let note { term.note = note.isEmpty ? nil : note }
    if let since {
      guard Glossa.Lint.isDate(since) || since.isEmpty else {
        throw ValidationError("--since takes YYYY-MM-DD")
      }
      term.effectiveDate = since.isEmpty ? nil : since
    }
    if !exceptions.isEmpty { term.exceptions = exceptions.filter { !$0.isEmpty } }
  }

  /// Applies the concept options to `concept`.
  func apply(to concept: inout Concept) {
    if let subject { concept.subjectField = subject.isEmpty ? nil : subject }
    if let definition { concept.definition = definition.isEmpty ? nil : definition }
    if let conceptNote { concept.note = conceptNote.isEmpty ? nil : conceptNote }
    if let source { concept.source = source.isEmpty ? nil : source }
  }
}

/// The language and text that name one form.
struct FormOptions: ParsableArguments {
  @Option(help: ArgumentHelp("The language of the form (BCP 47).", valueName: "tag"))
  var lang: String?

  @Argument(help: ArgumentHelp("The form.", valueName: "text"))
  var text: String?

  func language() throws -> LanguageTag? {
    guard let lang else { return nil }
    guard let tag = LanguageTag(lang) else {
      throw ValidationError("'\(lang)' is not a BCP 47 language tag")
    }
    return tag
  }
}

extension Glossa.Term {
  struct Add: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add a form to a concept, creating the concept when it is new.")

    @Argument(help: ArgumentHelp("The concept id.", valueName: "id")) var id: String
    @OptionGroup var form: FormOptions
    @OptionGroup var attributes: TermAttributeOptions
    @OptionGroup var glossary: GlossaryFileOptions

    func run() async throws {
      guard let language = try form.language(),
        let text = form.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty
      else {
        throw ValidationError("give the form and its language, e.g. --lang en \"Chen Min'er\"")
      }
      guard !id.isEmpty, !id.contains(where: \.isWhitespace) else {
        throw ValidationError("'\(id)' is not a concept id (no spaces)")
      }
      var term = GlossaKit.Term(text)
      try attributes.apply(to: &term)
      let file = try glossary.file()
      let normalizer = try TextNormalizer()
      let key = normalizer.normalize(text).string
      let conflicts = try GlossaryEditor.edit(file) { glossary -> [String] in
        // The form may be nowhere else: not in another concept, not twice in this one.
        for concept in glossary.concepts {
          for section in concept.languages where section.language.language == language.language {
            for existing in section.terms where normalizer.normalize(existing.text).string == key {
              return [
                concept.id == id
                  ? "'\(id)' already has \(section.language) '\(existing.text)' (\(existing.status.rawValue))"
                  : "\(section.language) '\(existing.text)' is already \(existing.status.rawValue) in '\(concept.id)'"
              ]
            }
          }
        }
        if let index = glossary.concepts.firstIndex(where: { $0.id == id }) {
          if let section = glossary.concepts[index].languages.firstIndex(where: {
            $0.language == language
          }) {
            glossary.concepts[index].languages[section].terms.append(term)
            glossary.concepts[index].languages[section].terms.sort { $0.status < $1.status }
          } else {
            glossary.concepts[index].languages.append(
              LanguageSection(language: language, terms: [term]))
          }
          attributes.apply(to: &glossary.concepts[index])
        } else {
          guard term.status == .preferred else {
            throw InputError(
              file: file,
              message:
                "a new concept needs a preferred form first; add '\(text)' with --status preferred, or add the preferred form first"
            )
          }
          var concept = Concept(
            id: id, languages: [LanguageSection(language: language, terms: [term])])
          attributes.apply(to: &concept)
          glossary.concepts.append(concept)
        }
        return []
      }
      if !conflicts.isEmpty {
        for conflict in conflicts { printError("conflict: \(conflict)") }
        throw FindingsAtFailLevel()
      }
      print("added \(language) '\(text)' (\(term.status.rawValue)) to '\(id)' in \(file)")
    }
  }

  struct Update: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Change a form's attributes, or a concept's fields when no form is named.")

    @Argument(help: ArgumentHelp("The concept id.", valueName: "id")) var id: String
    @OptionGroup var form: FormOptions
    @OptionGroup var attributes: TermAttributeOptions
    @Option(help: ArgumentHelp("A new spelling for the form.", valueName: "text")) var rename:
      String?
    @OptionGroup var glossary: GlossaryFileOptions

    func run() async throws {
      let file = try glossary.file()
      let language = try form.language()
      try GlossaryEditor.edit(file) { glossary in
        let index = try glossary.conceptIndex(id, in: file)
        attributes.apply(to: &glossary.concepts[index])
        guard let text = form.text else { return }
        let (section, position) = try glossary.concepts[index].formPosition(
          text, language: language, in: file)
        var term = glossary.concepts[index].languages[section].terms[position]
        try attributes.apply(to: &term)
        if let rename, !rename.isEmpty { term.text = rename }
        glossary.concepts[index].languages[section].terms[position] = term
        glossary.concepts[index].languages[section].terms.sort { $0.status < $1.status }
        let issues = try GlossaryChecker.check(glossary).filter {
          $0.severity == .error && $0.conceptID == id && $0.term == term.text
        }
        if let issue = issues.first { throw InputError(file: file, message: issue.message) }
      }
      print("updated '\(id)' in \(file)")
    }
  }

  struct Remove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Remove a form, or a whole concept when no form is named.")

    @Argument(help: ArgumentHelp("The concept id.", valueName: "id")) var id: String
    @OptionGroup var form: FormOptions
    @OptionGroup var glossary: GlossaryFileOptions

    func run() async throws {
      let file = try glossary.file()
      let language = try form.language()
      try GlossaryEditor.edit(file) { glossary in
        let index = try glossary.conceptIndex(id, in: file)
        guard let text = form.text else {
          glossary.concepts.remove(at: index)
          return
        }
        let (section, position) = try glossary.concepts[index].formPosition(
          text, language: language, in: file)
        glossary.concepts[index].languages[section].terms.remove(at: position)
        if glossary.concepts[index].languages[section].terms.isEmpty {
          glossary.concepts[index].languages.remove(at: section)
        }
        guard
          glossary.concepts[index].languages.contains(where: {
            $0.terms.contains { $0.status == .preferred }
          })
        else {
          throw InputError(
            file: file,
            message:
              "'\(text)' is the last preferred form of '\(id)'; remove the concept instead (glossa term remove \(id))"
          )
        }
      }
      print("removed \(form.text.map { "'\($0)' from " } ?? "")'\(id)' in \(file)")
    }
  }

  struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a concept with all its forms.")

    @Argument(help: ArgumentHelp("The concept id.", valueName: "id")) var id: String
    @Option(help: ArgumentHelp("text or csv.", valueName: "format")) var format: String = "text"
    @OptionGroup var glossary: GlossaryOptions

    func run() async throws {
      let project = try glossary.project()
      let all = try glossary.load(project)
      guard let concept = all.concept(withID: id) else {
        // An error about the glossary (named by where it was loaded from), not a usage error.
        throw InputError(
          file: glossary.sources(project).joined(separator: ", "), message: "no concept '\(id)'")
      }
      if format == "csv" {
        writeStandardOutput(try GlossaryCSVWriter().write(Glossary(concepts: [concept])))
        return
      }
      print(Self.describe(concept), terminator: "")
    }

    static func describe(_ concept: Concept) -> String {
      var text = "\(concept.id)\(concept.subjectField.map { " (\($0))" } ?? "")\n"
      if let definition = concept.definition { text += "  definition: \(definition)\n" }
      if let note = concept.note { text += "  note: \(note)\n" }
      if let source = concept.source { text += "  source: \(source)\n" }
      for key in concept.properties.keys.sorted() {
        text += "  \(key): \(concept.properties[key] ?? "")\n"
      }
      for section in concept.languages {
        for term in section.terms {
          var details = [term.status.rawValue]
          if term.type != .fullForm { details.append(term.type.rawValue) }
          if term.caseMode != .permissive { details.append("case \(term.caseMode.rawValue)") }
          if let pos = term.partOfSpeech { details.append(pos) }
          if let since = term.effectiveDate { details.append("since \(since)") }
          text +=
            "  \(section.language.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(term.text)  [\(details.joined(separator: ", "))]\n"
          if let note = term.note { text += "             note: \(note)\n" }
          for exception in term.exceptions { text += "             allowed in: \(exception)\n" }
        }
      }
      return text
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List concepts with their preferred forms.")

    @Option(help: ArgumentHelp("Only concepts with this subject field.", valueName: "text"))
    var subject: String?
    @Option(
      help: ArgumentHelp(
        "Show the forms of these languages (comma-separated; default: all).", valueName: "tags"))
    var langs: String?
    @OptionGroup var glossary: GlossaryOptions

    func run() async throws {
      let all = try glossary.load(try glossary.project())
      let languages = try Glossa.Export.languages(langs) ?? all.languages
      var text = (["id"] + languages.map(\.rawValue)).joined(separator: "\t") + "\n"
      for concept in all.concepts where subject == nil || concept.subjectField == subject {
        let forms = languages.map { language in
          concept.terms(in: language).first { $0.status == .preferred }?.text ?? ""
        }
        text += ([concept.id] + forms).map(Glossa.Terms.tsvField).joined(separator: "\t") + "\n"
      }
      print(text, terminator: "")
    }
  }

  struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Find concepts whose forms contain a phrase (case, width, quotes, Traditional/Simplified folded)."
    )

    @Argument(help: ArgumentHelp("The phrase.", valueName: "phrase")) var phrase: String
    @OptionGroup var glossary: GlossaryOptions

    func run() async throws {
      let all = try glossary.load(try glossary.project())
      let normalizer = try TextNormalizer()
      let needle = normalizer.normalize(phrase).string
      guard !needle.isEmpty else { throw ValidationError("the phrase is empty once normalized") }
      var found = 0
      for concept in all.concepts {
        let matches = concept.languages.flatMap { section in
          section.terms.filter { normalizer.normalize($0.text).string.contains(needle) }.map {
            (section.language, $0)
          }
        }
        guard !matches.isEmpty else { continue }
        found += 1
        print(
          "\(concept.id): "
            + matches.map { "\($0.0.rawValue) '\($0.1.text)' [\($0.1.status.rawValue)]" }.joined(
              separator: ", "))
      }
      if found == 0 { print("no concept has a form containing '\(phrase)'") }
    }
  }
}

extension Glossary {
  /// The index of the concept `id`.
  /// - Throws: `InputError` about `file` when there is none.
  func conceptIndex(_ id: String, in file: String) throws -> Int {
    guard let index = concepts.firstIndex(where: { $0.id == id }) else {
      throw InputError(file: file, message: "no concept '\(id)'")
    }
    return index
  }
}

extension Concept {
  /// Where the form `text` in `language` is: its language section and its place there.
  /// - Throws: `ValidationError` when no language is given; `InputError` (about `file`) when
  ///   the concept has no such form.
  func formPosition(_ text: String, language: LanguageTag?, in file: String) throws -> (
    section: Int, term: Int
  ) {
    guard let language else { throw ValidationError("name the form's language with --lang") }
    guard let section = languages.firstIndex(where: { $0.language == language }),
      let position = languages[section].terms.firstIndex(where: { $0.text == text })
    else {
      throw InputError(file: file, message: "concept '\(id)' has no \(language) form '\(text)'")
    }
    return (section, position)
  }
}
