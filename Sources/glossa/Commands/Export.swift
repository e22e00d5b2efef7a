import ArgumentParser
import Foundation
import GlossaFormats
import GlossaKit

extension GlossaryFormat: ExpressibleByArgument {}

extension Glossa {
  /// `glossa export`: writes the glossary for other tools.
  struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Export the glossary as CSV, TSV, TBX or TMX for other tools.",
      discussion: """
        CSV is Glossa's own format (RFC 4180, UTF-8; --excel adds a byte-order mark and CR LF). \
        TSV is OmegaT's glossary format (source, target, comment). TBX is TBX v3 TBX-Basic \
        (--tbx-version 2 for TBX v2 <martif>). TMX is TMX 1.4b with one unit per concept. \
        --langs picks and orders the languages (the first is the source of TSV and TMX); \
        --status keeps only forms of the given statuses.

        Examples:
          glossa export --to tbx -o glossary.tbx
          glossa export --to tsv --langs en,zh-Hans --status preferred
          glossa export --to csv --excel -o glossary-excel.csv
        """)

    @OptionGroup var glossary: GlossaryOptions

    @Option(help: ArgumentHelp("The format: csv, tsv, tbx or tmx.", valueName: "format"))
    var to: GlossaryFormat

    @Option(
      help: ArgumentHelp(
        "Languages to export, comma-separated (default: all; for TSV, en and zh-Hans).",
        valueName: "tags"))
    var langs: String?

    @Option(
      help: ArgumentHelp(
        "Statuses to export, comma-separated, or all (default: all).", valueName: "list"))
    var status: String = "all"

    @Option(
      help: ArgumentHelp("TBX version: 3 (TBX-Basic, DCT) or 2 (<martif>).", valueName: "version"))
    var tbxVersion: Int = 3

    @Flag(help: "For CSV: add a UTF-8 byte-order mark and CR LF line ends, as Excel expects.")
    var excel = false

    @Option(
      name: [.short, .long],
      help: ArgumentHelp("Write to this file (default: standard output).", valueName: "file"))
    var output: String?

    func validate() throws {
      guard tbxVersion == 2 || tbxVersion == 3 else {
        throw ValidationError("--tbx-version is 2 or 3")
      }
    }

    func run() async throws {
      let project = try glossary.project()
      var glossary = try self.glossary.load(project)
      let languages = try Self.languages(langs)
      let statuses = try Self.statuses(status)
      glossary = Self.filter(glossary, languages: languages, statuses: statuses)
      let text: [UInt8]
      switch to {
      case .csv:
        var writer = GlossaryCSVWriter(excel: excel)
        if let languages {
          // The columns follow the requested language order.
          writer.header =
            ["id"]
            + languages.flatMap { language in
              [TermStatus.preferred, .admitted, .deprecated, .superseded].map {
                $0 == .preferred ? language.rawValue : "\(language.rawValue):\($0.rawValue)"
              }
            }
          writer.header = writer.columns(for: glossary).filter { column in
            column == "id"
              || glossary.concepts.contains {
                !GlossaryCSVWriter.value(of: $0, column: column).isEmpty
              }
          }
        }
        text = try writer.write(glossary)
      case .tsv:
        let pair = languages ?? [.english, .simplifiedChinese]
        guard pair.count >= 2 else {
          throw ValidationError("TSV needs two languages, e.g. --langs en,zh-Hans")
        }
        text = Array(TabularGlossary.tsv(glossary, source: pair[0], target: pair[1]).utf8)
      case .tbx:
        text = Array(
          TBXWriter.write(glossary, version: tbxVersion, toolVersion: Glossa.version).utf8)
      case .tmx:
        let source = languages?.first?.rawValue ?? glossary.languages.first?.rawValue ?? "en"
        text = Array(
          GlossaryTMX.write(glossary, sourceLanguage: source, toolVersion: Glossa.version).utf8)
      }
      if let output {
        try FileAccess.writeAtomically(text, to: output)
        printError(
          "\(output): note: wrote \(glossary.concepts.count) concepts as \(to.rawValue.uppercased())"
        )
      } else {
        writeStandardOutput(text)
      }
    }

    static func languages(_ list: String?) throws -> [LanguageTag]? {
      guard let list else { return nil }
      return try list.split(separator: ",").map { part in
        let text = part.trimmingCharacters(in: .whitespaces)
        guard let tag = LanguageTag(text) else {
          throw ValidationError("'\(text)' is not a BCP 47 language tag")
        }
        return tag
      }
    }

    static func statuses(_ list: String) throws -> Set<TermStatus> {
      if list == "all" { return Set(TermStatus.allCases) }
      return Set(
        try list.split(separator: ",").map { part in
          guard let status = TermStatus(name: part.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError(
              "'\(part)' is not a status; use preferred, admitted, deprecated, superseded or all")
          }
          return status
        })
    }

    /// The glossary with only the given languages (in that order) and statuses.
    static func filter(_ glossary: Glossary, languages: [LanguageTag]?, statuses: Set<TermStatus>)
      -> Glossary
    {
      var result = glossary
      result.concepts = glossary.concepts.compactMap { concept in
        var concept = concept
        if let languages {
          concept.languages = languages.compactMap { language in
            concept.languages.first { $0.language == language }
          }
        }
        for index in concept.languages.indices {
          concept.languages[index].terms.removeAll { !statuses.contains($0.status) }
        }
        concept.languages.removeAll { $0.terms.isEmpty }
        return concept.languages.isEmpty ? nil : concept
      }
      return result
    }
  }
}
