import Foundation
public import GlossaKit

/// A record of known findings, so that an archive can adopt Glossa and gate only new ones.
///
/// Findings are matched by file and fingerprint, as a multiset: a baseline with two findings
/// of the same fingerprint hides two.
public struct Baseline: Sendable, Equatable {
  /// One known finding.
  public struct Entry: Codable, Sendable, Equatable {
    /// The file, as linted.
    public var file: String
    /// The rule.
    public var rule: String
    /// The concept.
    public var concept: String?
    /// The text found, for people reading the baseline.
    public var found: String
    /// The finding's fingerprint.
    public var fingerprint: String
  }

  /// The known findings.
  public var entries: [Entry]

  private struct File: Codable {
    var version: Int
    var tool: String
    var findings: [Entry]
  }

  /// A baseline of `findings`.
  public init(findings: [Finding]) {
    entries = findings.map {
      Entry(
        file: $0.file, rule: $0.rule, concept: $0.concept, found: $0.found,
        fingerprint: $0.fingerprint)
    }
  }

  /// Reads a baseline file.
  /// - Throws: `InputError` when the file is missing or not a Glossa baseline.
  public init(contentsOf path: String) throws(InputError) {
    let bytes = try FileAccess.read(path, limit: 1 << 30)
    do {
      let file = try JSONDecoder().decode(File.self, from: Data(bytes))
      guard file.version == 1 else {
        throw InputError(
          file: path, message: "baseline version \(file.version) is not supported (expected 1)")
      }
      entries = file.findings
    } catch let error as InputError {
      throw error
    } catch {
      throw InputError(file: path, message: "not a Glossa baseline: \(error.localizedDescription)")
    }
  }

  /// The baseline as JSON, one finding per line, sorted for stable diffs.
  public var json: String {
    let sorted = entries.sorted { ($0.file, $0.fingerprint) < ($1.file, $1.fingerprint) }
    let lines = sorted.map { entry in
      JSON.fields([
        ("file", JSON.string(entry.file)), ("rule", JSON.string(entry.rule)),
        ("concept", entry.concept.map(JSON.string) ?? "null"), ("found", JSON.string(entry.found)),
        ("fingerprint", JSON.string(entry.fingerprint)),
      ])
    }
    return "{\n  \"version\": 1,\n  \"tool\": \"glossa\",\n  \"findings\": [\n    "
      + lines.joined(separator: ",\n    ") + (lines.isEmpty ? "" : "\n  ") + "]\n}\n"
  }

  /// Counts of known findings by file and fingerprint.
  public func counts() -> [String: [String: Int]] {
    var result: [String: [String: Int]] = [:]
    for entry in entries { result[entry.file, default: [:]][entry.fingerprint, default: 0] += 1 }
    return result
  }
}
