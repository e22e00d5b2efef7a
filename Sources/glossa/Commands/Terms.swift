import ArgumentParser
import Foundation
import GlossaFormats
import GlossaKit
import GlossaText

extension Glossa {
  /// `glossa terms`: lists every term occurrence in articles.
  struct Terms: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "List every glossary term occurrence in articles: the alignment translators review.",
      discussion: """
        One row per occurrence: file, position, concept, glossary form, status, the text found and \
        the folds the match needed. Occurrences nested in longer terms (the CPC in CPC Central \
        Committee) are listed with nested = yes.

        Examples:
          glossa terms seeds/002_28988ea3a00e4e84.txt
          glossa terms --format json seeds/
        """)

    /// The output formats of `glossa terms`.
    enum Format: String, ExpressibleByArgument, CaseIterable { case tsv, json }

    @OptionGroup var input: InputOptions
    @OptionGroup var glossary: GlossaryOptions
    @OptionGroup var cache: CacheOptions

    @Option(help: ArgumentHelp("Output format: tsv or json.", valueName: "format"))
    var format: Format = .tsv

    func run() async throws {
      let project = try glossary.project()
      let language = try glossary.languageTag(project)
      let sources = input.sources(project)
      guard !sources.isEmpty else { throw ValidationError("give at least one file, folder, or -") }
      let matcher = try cache.compiled(glossary.sources(project), language: language).matcher
      let linter = try Linter(
        matcher: matcher, configuration: LintConfiguration(language: language))
      let output = StandardOutput()
      var failed = false
      var first = true
      switch format {
      case .tsv:
        output.write(
          [
            "file", "line", "column", "endLine", "endColumn", "offset", "length", "concept", "form",
            "status", "type", "language", "found", "folds", "nested",
          ]
          .joined(separator: "\t") + "\n")
      case .json: output.write("[")
      }
      sources.forEach { result in
        switch result {
        case .failure(let error):
          output.flush()
          printError(error.diagnostic)
          failed = true
        case .success(let document):
          let scan = linter.scan(document)
          let lines = LineIndex(utf8: document.source)
          let all = (scan.occurrences.map { ($0, false) } + scan.embedded.map { ($0, true) })
            .sorted {
              ($0.0.range.lowerBound, $0.1 ? 1 : 0) < ($1.0.range.lowerBound, $1.1 ? 1 : 0)
            }
          for (occurrence, nested) in all {
            let source = document.sourceRange(forText: occurrence.range)
            let start = lines.position(ofByte: source.lowerBound)
            let end = lines.position(ofByte: source.upperBound)
            let values: [(String, String)] = [
              ("file", document.path), ("line", String(start.line)),
              ("column", String(start.column)),
              ("endLine", String(end.line)), ("endColumn", String(end.column)),
              ("offset", String(source.lowerBound + document.byteOffsetBase)),
              ("length", String(source.count)),
              ("concept", occurrence.conceptID), ("form", occurrence.term.text),
              ("status", occurrence.term.status.rawValue), ("type", occurrence.term.type.rawValue),
              ("language", occurrence.language.rawValue), ("found", occurrence.text),
              ("folds", occurrence.folds.folds.map(\.rawValue).joined(separator: ",")),
              ("nested", nested ? "yes" : "no"),
            ]
            switch format {
            case .tsv:
              output.write(values.map { Self.tsvField($0.1) }.joined(separator: "\t") + "\n")
            case .json:
              let numeric: Set<String> = [
                "line", "column", "endLine", "endColumn", "offset", "length",
              ]
              let fields = values.map { key, value -> String in
                let json: String
                if numeric.contains(key) {
                  json = value
                } else if key == "folds" {
                  json =
                    "["
                    + occurrence.folds.folds.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                    + "]"
                } else if key == "nested" {
                  json = nested ? "true" : "false"
                } else {
                  json = Self.jsonString(value)
                }
                return "\"\(key)\": \(json)"
              }
              output.write((first ? "\n  {" : ",\n  {") + fields.joined(separator: ", ") + "}")
              first = false
            }
          }
        }
      }
      if format == .json { output.write(first ? "]\n" : "\n]\n") }
      output.flush()
      if failed { throw InputErrors() }
    }

    /// A TSV field: tabs, line breaks and backslashes escaped as \t, \n, \r and \\.
    static func tsvField(_ text: String) -> String {
      var output = ""
      for character in text {
        switch character {
        case "\\": output += "\\\\"
        case "\t": output += "\\t"
        case "\n": output += "\\n"
        case "\r": output += "\\r"
        case "\r\n": output += "\\r\\n"
        default: output.append(character)
        }
      }
      return output
    }

    /// A JSON string literal.
    static func jsonString(_ text: String) -> String {
      let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
      return String(decoding: data, as: UTF8.self)
    }
  }
}
