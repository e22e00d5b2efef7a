public import GlossaText

/// One problem found in an article: a forbidden, miscased or variant form of a term.
///
/// A finding is a value: rules return findings; they never throw or print them. Positions are
/// 1-based, columns count Unicode scalars, and the end is exclusive (the column after the last
/// character), as in SARIF.
public struct Finding: Sendable, Codable, Equatable {
  /// The rule that found it, such as `forbidden-term`.
  public var rule: String
  /// How serious it is.
  public var severity: Severity
  /// The file, as the user named it (`-` or the `--stdin-filename` for standard input).
  public var file: String
  /// The line where the occurrence starts.
  public var line: Int
  /// The column where the occurrence starts.
  public var column: Int
  /// The line where the occurrence ends.
  public var endLine: Int
  /// The column after the occurrence's last character.
  public var endColumn: Int
  /// The byte offset of the occurrence in the file.
  public var offset: Int
  /// The length of the occurrence in bytes, markup inside it included.
  public var length: Int
  /// The text found.
  public var found: String
  /// The approved form to use instead, when the glossary has one.
  public var expected: String?
  /// The identifier of the concept.
  public var concept: String?
  /// The status of the glossary form that matched.
  public var status: TermStatus?
  /// The folds the match needed.
  public var folds: [Fold]
  /// A one-line message.
  public var message: String
  /// The text that replaces the occurrence when Glossa fixes it, or `nil` when the fix is not
  /// unambiguous (several preferred forms, markup inside the occurrence).
  public var fix: String?
  /// A stable identifier of the finding.
  ///
  /// It hashes the rule, the concept, the normalized text found and the text around it, but not
  /// its line, so that it survives edits elsewhere in the file. Baselines and SARIF's `partialFingerprints` use it.
  public var fingerprint: String
  /// The translation unit concerned, for findings in bilingual files and memories (`tuid`,
  /// XLIFF `id`).
  public var unit: String?

  /// Creates a finding.
  public init(
    rule: String, severity: Severity, file: String, line: Int, column: Int, endLine: Int,
    endColumn: Int, offset: Int, length: Int, found: String, expected: String?, concept: String?,
    status: TermStatus?, folds: [Fold], message: String, fix: String? = nil,
    fingerprint: String = "", unit: String? = nil
  ) {
    self.rule = rule
    self.severity = severity
    self.file = file
    self.line = line
    self.column = column
    self.endLine = endLine
    self.endColumn = endColumn
    self.offset = offset
    self.length = length
    self.found = found
    self.expected = expected
    self.concept = concept
    self.status = status
    self.folds = folds
    self.message = message
    self.fix = fix
    self.fingerprint = fingerprint
    self.unit = unit
  }
}
