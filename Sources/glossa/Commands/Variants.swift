import ArgumentParser
import Foundation
import GlossaFormats
import GlossaKit
import GlossaText

extension Glossa {
  /// `glossa variants`: the surface forms of each concept across an archive.
  struct Variants: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show, per concept, every spelling found across an archive, with counts and files.",
      discussion: """
        Editors see at once how a name drifts across hundreds of articles: the capitalized and \
        hyphen-less spellings, the curly apostrophes, the deprecated forms. Concepts found in one \
        spelling only are left out unless --all is given.

        Examples:
          glossa variants seeds/
          glossa variants --format tsv --all archive/
        """)

    /// The output formats of `glossa variants`.
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, tsv, json }

    @OptionGroup var input: InputOptions
    @OptionGroup var glossary: GlossaryOptions
    @OptionGroup var cache: CacheOptions

    @Option(help: ArgumentHelp("Output format: text, tsv or json.", valueName: "format"))
    var format: Format = .text

    @Flag(help: "List concepts found in a single spelling too.")
    var all = false

    struct Spelling {
      var text: String
      var status: TermStatus
      var form: String
      var count = 0
      var files: [String] = []
    }

    func run() async throws {
      let project = try glossary.project()
      let language = try glossary.languageTag(project)
      let sources = input.sources(project)
      guard !sources.isEmpty else { throw ValidationError("give at least one file, folder, or -") }
      let (glossary, matcher) = try cache.compiled(
        self.glossary.sources(project), language: language)
      let linter = try Linter(
        matcher: matcher, configuration: LintConfiguration(language: language))
      var spellings: [String: [String: Spelling]] = [:]
      var failed = false
      sources.forEach { result in
        switch result {
        case .failure(let error):
          printError(error.diagnostic)
          failed = true
        case .success(let document):
          for occurrence in linter.occurrences(in: document) {
            var spelling =
              spellings[occurrence.conceptID]?[occurrence.text]
              ?? Spelling(
                text: occurrence.text, status: occurrence.term.status, form: occurrence.term.text)
            spelling.count += 1
            if spelling.files.last != document.path { spelling.files.append(document.path) }
            spellings[occurrence.conceptID, default: [:]][occurrence.text] = spelling
          }
        }
      }
      let concepts = spellings.keys.sorted().filter { all || (spellings[$0]?.count ?? 0) > 1 }
      var text = ""
      switch format {
      case .text:
        for id in concepts {
          let list = (spellings[id] ?? [:]).values.sorted {
            ($1.count, $0.text) < ($0.count, $1.text)
          }
          let preferred = glossary.concept(withID: id)?.preferredTerm(for: language)?.text ?? id
          text += "\(id) (\(preferred)): \(list.count) spelling\(list.count == 1 ? "" : "s")\n"
          for spelling in list {
            let count = String(spelling.count)
            text +=
              "  \(String(repeating: " ", count: max(0, 5 - count.count)))\(count)  \(spelling.text)  [\(spelling.status.rawValue)]  \(spelling.files.joined(separator: ", "))\n"
          }
        }
        if concepts.isEmpty { text = "no concept is spelled more than one way\n" }
      case .tsv:
        text = "concept\tspelling\tcount\tstatus\tform\tfiles\n"
        for id in concepts {
          for spelling in (spellings[id] ?? [:]).values.sorted(by: {
            ($1.count, $0.text) < ($0.count, $1.text)
          }) {
            text +=
              [
                id, spelling.text, String(spelling.count), spelling.status.rawValue, spelling.form,
                spelling.files.joined(separator: ","),
              ]
              .map(Terms.tsvField).joined(separator: "\t") + "\n"
          }
        }
      case .json:
        let entries = concepts.map { id -> String in
          let list = (spellings[id] ?? [:]).values.sorted {
            ($1.count, $0.text) < ($0.count, $1.text)
          }.map { spelling in
            "{\"spelling\": \(Terms.jsonString(spelling.text)), \"count\": \(spelling.count), \"status\": \"\(spelling.status.rawValue)\", \"form\": \(Terms.jsonString(spelling.form)), \"files\": [\(spelling.files.map(Terms.jsonString).joined(separator: ", "))]}"
          }
          return "  {\"concept\": \(Terms.jsonString(id)), \"spellings\": [\n    "
            + list.joined(separator: ",\n    ") + "\n  ]}"
        }
        text = "[\n" + entries.joined(separator: ",\n") + (entries.isEmpty ? "]\n" : "\n]\n")
      }
      print(text, terminator: "")
      if failed { throw InputErrors() }
    }
  }
}
