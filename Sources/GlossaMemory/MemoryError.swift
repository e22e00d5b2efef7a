/// Why the translation memory could not do what was asked.
public struct MemoryError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The memory file.
  public var file: String
  /// What went wrong, starting in lowercase.
  public var message: String

  /// Creates an error.
  public init(file: String, message: String) {
    self.file = file
    self.message = message
  }

  /// `file: message`.
  public var description: String { "\(file): \(message)" }
}
