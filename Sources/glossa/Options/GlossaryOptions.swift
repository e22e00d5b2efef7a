import ArgumentParser
import GlossaFormats
import GlossaKit

/// The glossary to check against, shared by the commands that need one.
struct GlossaryOptions: ParsableArguments {
  @Option(
    name: .customLong("glossary"),
    help: ArgumentHelp(
      "A glossary CSV file, or a folder of them (every *.csv). Repeat to merge several.",
      valueName: "path"))
  var paths: [String] = []

  @Option(
    name: .customLong("lang"),
    help: ArgumentHelp(
      "The BCP 47 language of the articles, such as en or zh-Hans.", valueName: "tag"))
  var language: String = "en"

  /// The language tag.
  func languageTag() throws -> LanguageTag {
    guard let tag = LanguageTag(language) else {
      throw ValidationError(
        "'\(language)' is not a BCP 47 language tag (such as en, en-GB, zh-Hans)")
    }
    return tag
  }

  /// Loads the glossary (default: ./glossary).
  func load() throws -> Glossary {
    try GlossaryLoader.load(paths.isEmpty ? ["glossary"] : paths)
  }
}
