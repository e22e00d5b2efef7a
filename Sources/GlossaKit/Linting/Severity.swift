/// How serious a finding is.
public enum Severity: String, CaseIterable, Sendable, Codable, Comparable {
  /// Informational: typographic variants an editor may want to see.
  case info
  /// Probably wrong: a miscased or misspelled term.
  case warning
  /// Wrong: a forbidden form.
  case error

  private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

  /// Orders severities from info to error.
  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
