/// A set of concepts: what `glossa lint` checks articles against.
public struct Glossary: Sendable, Equatable, Codable {
  /// The concepts, in the order they were read.
  public var concepts: [Concept]

  /// Creates a glossary.
  public init(concepts: [Concept] = []) { self.concepts = concepts }

  /// The concept with identifier `id`.
  public func concept(withID id: String) -> Concept? { concepts.first { $0.id == id } }

  /// Every language some concept has terms in, sorted.
  public var languages: [LanguageTag] {
    Array(Set(concepts.flatMap { $0.languages.map(\.language) })).sorted()
  }

  /// The number of terms in all languages.
  public var termCount: Int {
    concepts.reduce(0) { $0 + $1.languages.reduce(0) { $0 + $1.terms.count } }
  }
}
