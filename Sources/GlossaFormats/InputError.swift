/// Input that Glossa cannot use: a malformed glossary, an unreadable article.
///
/// Every error names the file and, where it can, the line, the column and the field, so the user
/// can go straight to it: `glossary/terms.csv:12:7: column 'en:forbiden': 'forbiden' is not a
/// status; use preferred, admitted, deprecated or superseded`.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file, as the user named it.
  public var file: String
  /// The 1-based line, when known.
  public var line: Int?
  /// The 1-based column (in Unicode scalars), when known.
  public var column: Int?
  /// The column name or field the error is about, when there is one.
  public var field: String?
  /// What is wrong, starting in lowercase, quoting the offending value.
  public var message: String

  /// Creates an error.
  public init(
    file: String, line: Int? = nil, column: Int? = nil, field: String? = nil, message: String
  ) {
    self.file = file
    self.line = line
    self.column = column
    self.field = field
    self.message = message
  }

  /// `file:line:column: message`, with the field before the message when there is one.
  public var description: String {
    var place = file
    if let line {
      place += ":\(line)"
      if let column { place += ":\(column)" }
    }
    if let field { return "\(place): column '\(field)': \(message)" }
    return "\(place): \(message)"
  }
}
