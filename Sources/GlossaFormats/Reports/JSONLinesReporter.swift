public import GlossaKit

/// One JSON object per finding, one per line, with the fields of the `json` format.
public final class JSONLinesReporter: DocumentRenderer {
  private let write: ([UInt8]) -> Void

  /// Creates a reporter writing through `write`.
  public convenience init(write: @escaping (String) -> Void) {
    self.init(writeBytes: { write(String(decoding: $0, as: UTF8.self)) })
  }

  /// Creates a reporter writing UTF-8 through `writeBytes`.
  public init(writeBytes: @escaping ([UInt8]) -> Void) { self.write = writeBytes }

  /// Writes one line per finding.
  public func report(_ findings: [Finding], in document: Document) {
    let bytes = Self.render(findings)
    if !bytes.isEmpty { write(bytes) }
  }

  /// ``render(_:)``.
  public var documentRenderer: @Sendable (consuming [Finding]) -> [UInt8] {
    { Self.render($0) }
  }

  /// The lines ``report(_:in:)`` writes for `findings`, made from them alone: a lint makes them
  /// on the thread that found them.
  ///
  /// The findings are read in place, each borrowed from the array's storage: a copy of one
  /// retained each of its strings, and released them again.
  public static func render(_ findings: borrowing [Finding]) -> [UInt8] {
    guard !findings.isEmpty else { return [] }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(findings.count * 440)
    findings.withUnsafeBufferPointer { findings in
      // The file's name as a literal, made once: all of a document's findings are in its file.
      var literal: [UInt8] = []
      JSON.append(findings[0].file, to: &literal)
      let file = (name: findings[0].file, literal: literal)
      for index in findings.indices {
        JSON.append(findings[index], to: &bytes, file: file)
        bytes.append(0x0A)
      }
    }
    return bytes
  }

  /// Does nothing: the command prints input errors on standard error.
  public func report(_ error: InputError) {}

  /// Does nothing: the lines are the report.
  public func finish(_ summary: LintSummary) {}
}
