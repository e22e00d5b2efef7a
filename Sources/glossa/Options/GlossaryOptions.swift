import ArgumentParser
import Foundation
import GlossaFormats
import GlossaKit

/// The glossary, language and configuration file, shared by the commands that read articles.
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
      "The BCP 47 language of the articles, such as en or zh-Hans (default: en).", valueName: "tag")
  )
  var language: String?

  @Option(
    help: ArgumentHelp(
      "A .glossa.yml configuration file (default: the nearest .glossa.yml in this folder or above).",
      valueName: "path"))
  var config: String?

  @Flag(help: "Ignore any .glossa.yml file.")
  var noConfig = false

  /// The configuration file's settings, if there is one.
  func project() throws -> ProjectConfiguration? {
    try Self.project(config: config, noConfig: noConfig)
  }

  /// The settings of `config`, or of the nearest `.glossa.yml`, unless `noConfig`.
  static func project(config: String?, noConfig: Bool) throws -> ProjectConfiguration? {
    if noConfig { return nil }
    if let config { return try ProjectConfiguration.load(config) }
    guard let found = ProjectConfiguration.find(from: FileManager.default.currentDirectoryPath)
    else { return nil }
    return try ProjectConfiguration.load(relative(found))
  }

  /// The language tag: the option, the configuration, or English.
  func languageTag(_ project: ProjectConfiguration?) throws -> LanguageTag {
    guard let language else { return project?.language ?? .english }
    guard let tag = LanguageTag(language) else {
      throw ValidationError(
        "'\(language)' is not a BCP 47 language tag (such as en, en-GB, zh-Hans)")
    }
    return tag
  }

  /// Loads the glossary: the option, the configuration, or ./glossary.
  func load(_ project: ProjectConfiguration?) throws -> Glossary {
    try GlossaryLoader.load(sources(project))
  }

  /// The files and folders the glossary is loaded from.
  func sources(_ project: ProjectConfiguration?) -> [String] {
    if !paths.isEmpty { return paths }
    if let project, !project.glossary.isEmpty { return project.glossary }
    return ["glossary"]
  }

  /// `path` relative to the current folder when it lies under it.
  static func relative(_ path: String) -> String {
    let current = FileManager.default.currentDirectoryPath
    let prefix = current.hasSuffix("/") ? current : current + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
  }
}

/// Whether a large glossary is read compiled from the cache, shared by the commands that
/// match terms in articles (`lint`, `terms`, `variants`).
struct CacheOptions: ParsableArguments {
  @Flag(
    help:
      "Compile the glossary even if a compiled copy is cached (glossaries of 5,000 concepts or more are kept in $GLOSSA_CACHE_DIR, else ~/.cache/glossa)."
  )
  var noCache = false

  /// The glossary of `paths` compiled for `language`: read from the cache where it holds it,
  /// else compiled (and kept there, when large), unless `--no-cache`.
  func compiled(_ paths: [String], language: LanguageTag) throws -> (
    glossary: Glossary, matcher: TermMatcher
  ) {
    let cache =
      noCache ? nil : GlossaryCache.standard(environment: ProcessInfo.processInfo.environment)
    return try GlossaryLoader.loadCompiled(paths, language: language, cache: cache)
  }
}

/// Where articles come from, shared by the commands that read them.
struct InputOptions: ParsableArguments {
  @Argument(help: ArgumentHelp("Files, folders, or - for standard input.", valueName: "input"))
  var inputs: [String] = []

  @Option(
    help: ArgumentHelp(
      "The name to report for standard input; its extension picks the format.", valueName: "name"))
  var stdinFilename: String = "-"

  @Option(
    help: ArgumentHelp(
      "Extensions of the files to read in folders, comma-separated (default: txt,md,markdown,html,htm).",
      valueName: "list"))
  var extensions: String?

  @Option(
    help: ArgumentHelp(
      "Refuse inputs larger than this many bytes (default: 512 MiB).", valueName: "bytes"))
  var maxFileSize: Int?

  /// The files to read, with the configuration's include and exclude patterns applied.
  func sources(_ project: ProjectConfiguration?) -> InputWalker {
    let wanted =
      extensions.map {
        Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
      }
      ?? project?.extensions.map(Set.init) ?? ["txt", "md", "markdown", "html", "htm"]
    return InputWalker(
      inputs: inputs, project: project, extensions: wanted,
      maxFileSize: maxFileSize ?? project?.maxFileSize ?? 512 * 1024 * 1024,
      stdinFilename: stdinFilename)
  }
}

/// Finds and reads the articles named on the command line (or by the configuration's
/// `include`), one at a time.
struct InputWalker {
  let inputs: [String]
  let project: ProjectConfiguration?
  let extensions: Set<String>
  let maxFileSize: Int
  let stdinFilename: String

  /// Whether there is anything to read.
  var isEmpty: Bool { inputs.isEmpty && (project?.include.isEmpty ?? true) }

  /// One input to read: a file (or `-`), or the error that kept inputs from being found.
  enum Item {
    case file(String)
    case failure(InputError)
  }

  /// Calls `body` with each document, or with the error that kept a file from being read.
  func forEach(_ body: (Result<Document, InputError>) -> Void) {
    forEachItem { item in
      switch item {
      case .file(let file): body(read(file))
      case .failure(let error): body(.failure(error))
      }
    }
  }

  /// Calls `body` with each input in order, without reading it.
  func forEachItem(_ body: (Item) -> Void) {
    if inputs.isEmpty, let project, !project.include.isEmpty {
      let root = GlossaryOptions.relative(project.folder)
      do {
        let files = try FileAccess.files(under: root, extensions: extensions).filter { file in
          let relative = Self.path(file, under: root)
          return project.include.contains { $0.matches(relative) } && !isExcluded(file)
        }
        for file in files { body(.file(file)) }
      } catch {
        body(.failure(error))
      }
      return
    }
    for input in inputs {
      if input == "-" {
        body(.file("-"))
        continue
      }
      switch FileAccess.kind(of: input) {
      case .directory:
        do {
          for file in try FileAccess.files(under: input, extensions: extensions)
          where !isExcluded(file) {
            body(.file(file))
          }
        } catch {
          body(.failure(error))
        }
      case .file:
        body(.file(input))
      case .missing:
        body(.failure(InputError(file: input, message: "no such file or folder")))
      case .other:
        body(.failure(InputError(file: input, message: "not a regular file or folder")))
      }
    }
  }

  /// Whether the configuration excludes a file found in a folder.
  private func isExcluded(_ file: String) -> Bool {
    guard let project, !project.exclude.isEmpty else { return false }
    let relative = Self.path(file, under: GlossaryOptions.relative(project.folder))
    return project.exclude.contains { $0.matches(relative) }
  }

  /// `file` relative to `root`.
  static func path(_ file: String, under root: String) -> String {
    let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
    let base = URL(fileURLWithPath: root).standardizedFileURL.path
    let prefix = base.hasSuffix("/") ? base : base + "/"
    return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : file
  }

  /// The raw bytes and document of one input.
  func load(_ file: String) throws(InputError) -> (bytes: [UInt8], document: Document) {
    let name = file == "-" ? stdinFilename : file
    let bytes =
      file == "-"
      ? try FileAccess.readStandardInput(limit: maxFileSize, name: name)
      : try FileAccess.read(file, limit: maxFileSize)
    if bytes.isEmpty { printError("\(name): note: empty file, nothing to check") }
    let document = try DocumentReader.read(
      bytes, path: name, format: file == "-" && stdinFilename == "-" ? .plain : nil)
    return (bytes, document)
  }

  func read(_ file: String) -> Result<Document, InputError> {
    do {
      return .success(try load(file).document)
    } catch {
      return .failure(error)
    }
  }
}
