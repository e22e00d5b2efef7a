import ArgumentParser
import Foundation
import GlossaFormats
import GlossaKit

extension Glossa {
  /// `glossa import`: merges a glossary from another tool into the CSV glossary.
  struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Merge a CSV, TSV, TBX or TMX glossary into the CSV glossary, reporting conflicts.",
      discussion: """
        Nothing is overwritten: a form that the glossary already has with another status, or \
        in another concept, is reported as a conflict and left out (a new concept with any \
        conflict is left out whole). Empty fields are filled. --dry-run prints the changes \
        without writing. Exit codes: 0 merged, 1 merged with conflicts, 2 bad input.

        The format comes from the extension (.csv, .tsv/.tab/.txt, .tbx, .tmx) or --format. \
        Two-language files (OmegaT TSV, source,target CSV) use --source-lang and --target-lang.

        Examples:
          glossa import partner.tbx --dry-run
          glossa import omegat-glossary.txt --source-lang en --target-lang zh-Hans
        """)

    @Argument(help: ArgumentHelp("The glossary to import.", valueName: "file"))
    var input: String

    @OptionGroup var target: GlossaryFileOptions

    @Option(
      help: ArgumentHelp(
        "The format: csv, tsv, tbx or tmx (default: from the extension).", valueName: "format"))
    var format: GlossaryFormat?

    @Option(
      help: ArgumentHelp(
        "Language of the first column of two-language files (default: en).", valueName: "tag"))
    var sourceLang: String = "en"

    @Option(
      help: ArgumentHelp(
        "Language of the second column of two-language files (default: zh-Hans).", valueName: "tag")
    )
    var targetLang: String = "zh-Hans"

    @Flag(help: "Print what would change without writing.")
    var dryRun = false

    func run() async throws {
      guard let source = LanguageTag(sourceLang), let targetLanguage = LanguageTag(targetLang)
      else {
        throw ValidationError(
          "--source-lang and --target-lang take BCP 47 tags such as en and zh-Hans")
      }
      guard let format = format ?? GlossaryFormat.of(path: input) else {
        throw ValidationError(
          "cannot tell the format of \(input); pass --format csv, tsv, tbx or tmx")
      }
      let (incoming, report) = try format.read(
        try FileAccess.read(input), file: input, source: source, target: targetLanguage)
      for note in report.notes { printError("\(input): note: \(note)") }
      let file = try target.file()
      let merge = try GlossaryEditor.edit(file, write: !dryRun) { glossary in
        let merge = try GlossaryMerge(incoming, into: glossary)
        glossary = merge.glossary
        return merge
      }
      var text = ""
      for change in merge.changes { text += (dryRun ? "would " : "") + change + "\n" }
      for conflict in merge.conflicts { text += "conflict: \(conflict)\n" }
      text +=
        "\(dryRun ? "would import" : "imported") \(incoming.concepts.count) concepts from \(input) into \(file): \(merge.changes.count) changes, \(merge.conflicts.count) conflicts\n"
      print(text, terminator: "")
      if !merge.conflicts.isEmpty { throw FindingsAtFailLevel() }
    }
  }
}
