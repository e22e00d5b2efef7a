public import GlossaKit
public import GlossaText
internal import Yams

/// The settings of a `.glossa.yml` file.
///
/// ```yaml
/// glossary: [glossary/]        # files or folders, relative to this file
/// language: en
/// include: ["articles/**"]     # what `glossa lint` checks when given no inputs
/// exclude: ["articles/archive/**", "*.draft.md"]
/// fail-on: warning
/// format: text
/// date: 2024-06-01             # the date of the articles, for superseded-term
/// baseline: .glossa-baseline.json
/// extensions: [txt, md, html]
/// max-file-size: 10000000
/// rules:
///   term-case: error           # error, warning, info, off, or on (the default severity)
///   near-miss: off
/// folds:
///   quotes: off
///   width: error
/// ```
///
/// Unknown keys, rules, folds and values are errors that name the file, line and column.
public struct ProjectConfiguration: Sendable, Equatable {
  /// The configuration file.
  public var file: String
  /// The folder the file is in; relative paths and patterns are relative to it.
  public var folder: String
  /// Glossary files or folders, as paths relative to the current folder.
  public var glossary: [String] = []
  /// The language of the articles.
  public var language: LanguageTag?
  /// What to lint when no input is given.
  public var include: [Glob] = []
  /// Files to leave out when walking folders.
  public var exclude: [Glob] = []
  /// The `--fail-on` level: `error`, `warning`, `info` or `never`.
  public var failOn: String?
  /// The output format.
  public var format: String?
  /// The articles' date.
  public var date: String?
  /// The baseline file, as a path relative to the current folder.
  public var baseline: String?
  /// File extensions read in folders.
  public var extensions: [String]?
  /// The largest input accepted, in bytes.
  public var maxFileSize: Int?
  /// Rule severities; `nil` turns a rule off.
  public var rules: [String: Severity?] = [:]
  /// Fold severities; `nil` ignores a fold.
  public var folds: [Fold: Severity?] = [:]

  /// The names of the configuration file, in the order they are looked for.
  public static let fileNames = [".glossa.yml", ".glossa.yaml"]

  private static let keys = [
    "glossary", "language", "include", "exclude", "fail-on", "format", "date", "baseline",
    "extensions",
    "max-file-size", "rules", "folds",
  ]

  /// The configuration file in `folder` or the nearest folder above it, if any.
  public static func find(from folder: String) -> String? {
    var current = folder
    while true {
      for name in fileNames {
        let path = current.hasSuffix("/") ? current + name : current + "/" + name
        if FileAccess.kind(of: path) == .file { return path }
      }
      guard let slash = current.dropLast().lastIndex(of: "/"), current != "/" else { return nil }
      current = slash == current.startIndex ? "/" : String(current[..<slash])
    }
  }

  /// Reads a configuration file.
  /// - Throws: `InputError` with the file, line and column of the first problem.
  public static func load(_ path: String) throws(InputError) -> ProjectConfiguration {
    let bytes = try FileAccess.read(path, limit: 1 << 20)
    let text: String
    do {
      text = String(decoding: try TextDecoder.decode(bytes).utf8, as: UTF8.self)
    } catch {
      throw InputError(
        file: path, line: error.line, column: error.column, message: error.description)
    }
    let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
    return try parse(text, file: path, folder: folder.isEmpty ? "/" : folder)
  }

  /// Parses configuration text read from `file`.
  public static func parse(_ text: String, file: String, folder: String) throws(InputError)
    -> ProjectConfiguration
  {
    var configuration = ProjectConfiguration(file: file, folder: folder)
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw Self.error(error, file: file)
    } catch {
      throw InputError(file: file, message: "cannot read YAML: \(error)")
    }
    guard let root else { return configuration }
    guard case .mapping(let mapping) = root else {
      throw InputError(
        file: file, line: root.mark?.line, column: root.mark?.column,
        message: "expected a mapping of settings such as 'glossary: glossary/'")
    }
    func fail(_ node: Node, _ message: String) -> InputError {
      InputError(file: file, line: node.mark?.line, column: node.mark?.column, message: message)
    }
    func scalar(_ node: Node, _ key: String) throws(InputError) -> String {
      guard case .scalar(let value) = node else {
        throw fail(node, "'\(key)' takes a single value")
      }
      return value.string
    }
    func list(_ node: Node, _ key: String) throws(InputError) -> [String] {
      switch node {
      case .scalar(let value): return [value.string]
      case .sequence(let sequence):
        var values: [String] = []
        for item in sequence {
          guard case .scalar(let value) = item else {
            throw fail(item, "'\(key)' takes a list of strings")
          }
          values.append(value.string)
        }
        return values
      default: throw fail(node, "'\(key)' takes a string or a list of strings")
      }
    }
    func level(_ node: Node, for name: String, defaultValue: Severity?) throws(InputError)
      -> Severity?
    {
      let value = try scalar(node, name).lowercased()
      switch value {
      case "off", "false", "no": return nil
      case "on", "true", "yes": return defaultValue
      default:
        guard let severity = Severity(rawValue: value) else {
          throw fail(
            node, "'\(value)' is not a severity for '\(name)'; use error, warning, info, on or off")
        }
        return severity
      }
    }
    func relative(_ path: String) -> String {
      path.hasPrefix("/") || folder == "." ? path : folder + "/" + path
    }
    var seen: Set<String> = []
    for (keyNode, value) in mapping {
      guard case .scalar(let keyScalar) = keyNode else {
        throw fail(keyNode, "setting names must be strings")
      }
      let key = keyScalar.string
      guard seen.insert(key).inserted else { throw fail(keyNode, "'\(key)' appears twice") }
      switch key {
      case "glossary": configuration.glossary = try list(value, key).map(relative)
      case "language":
        let text = try scalar(value, key)
        guard let tag = LanguageTag(text) else {
          throw fail(value, "'\(text)' is not a BCP 47 language tag")
        }
        configuration.language = tag
      case "include": configuration.include = try list(value, key).map(Glob.init)
      case "exclude": configuration.exclude = try list(value, key).map(Glob.init)
      case "fail-on":
        let text = try scalar(value, key)
        guard ["error", "warning", "info", "never"].contains(text) else {
          throw fail(value, "'\(text)' is not a fail-on level; use error, warning, info or never")
        }
        configuration.failOn = text
      case "format":
        let text = try scalar(value, key)
        guard OutputFormat(rawValue: text) != nil else {
          throw fail(
            value,
            "'\(text)' is not a format; use \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))"
          )
        }
        configuration.format = text
      case "date":
        let text = try scalar(value, key)
        guard TermCellParser.isDate(text) else {
          throw fail(value, "'\(text)' is not a date; write YYYY-MM-DD")
        }
        configuration.date = text
      case "baseline": configuration.baseline = relative(try scalar(value, key))
      case "extensions": configuration.extensions = try list(value, key).map { $0.lowercased() }
      case "max-file-size":
        let text = try scalar(value, key)
        guard let size = Int(text), size > 0 else {
          throw fail(value, "'\(text)' is not a size in bytes")
        }
        configuration.maxFileSize = size
      case "rules":
        guard case .mapping(let rules) = value else {
          throw fail(value, "'rules' maps rule names to severities")
        }
        for (ruleNode, setting) in rules {
          let id = try scalar(ruleNode, "rules")
          guard let rule = RuleRegistry.allDescriptions.first(where: { $0.id == id }) else {
            throw fail(
              ruleNode,
              "unknown rule '\(id)'; rules are \(RuleRegistry.allDescriptions.map(\.id).joined(separator: ", "))"
            )
          }
          configuration.rules[id] = .some(
            try level(setting, for: id, defaultValue: rule.defaultSeverity))
        }
      case "folds":
        guard case .mapping(let folds) = value else {
          throw fail(value, "'folds' maps fold names to severities")
        }
        for (foldNode, setting) in folds {
          let name = try scalar(foldNode, "folds")
          guard let fold = Fold(rawValue: name) else {
            throw fail(
              foldNode,
              "unknown fold '\(name)'; folds are \(Fold.allCases.map(\.rawValue).joined(separator: ", "))"
            )
          }
          configuration.folds[fold] = .some(
            try level(
              setting, for: name, defaultValue: LintConfiguration.defaultFoldSeverities[fold]))
        }
      default:
        throw fail(keyNode, "unknown key '\(key)'; known keys are \(keys.joined(separator: ", "))")
      }
    }
    return configuration
  }

  private static func error(_ error: YamlError, file: String) -> InputError {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return InputError(
        file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(problem)")
    default:
      return InputError(file: file, message: "invalid YAML: \(error)")
    }
  }
}
