import Dispatch
import Foundation
public import GlossaKit
import GlossaText

/// Loads the glossary named on the command line: a CSV file, or every `*.csv` file in a folder.
public enum GlossaryLoader {
  /// Loads and merges the glossaries at `paths`, in order.
  /// - Throws: `InputError` for a missing path, an unreadable or malformed file, or a concept id
  ///   that two files share. Nothing is returned from a glossary with any error.
  public static func load(_ paths: [String]) throws(InputError) -> Glossary {
    try load(paths, each: { _ in })
  }

  /// Loads and merges the glossaries at `paths`, calling `each` with every concept as it is
  /// read, in the order of the glossary returned (when an error is then thrown, the concepts
  /// given before it are not a glossary).
  /// - Throws: as ``load(_:)``.
  public static func load(
    _ paths: [String], each: (Concept) -> Void
  ) throws(InputError) -> Glossary {
    try load(
      files(paths).map { file throws(InputError) in (file, try FileAccess.read(file)) }, each: each)
  }

  /// The glossary files that `paths` name: each file, and the `*.csv` files of each folder.
  /// - Throws: `InputError` for a missing path, or a folder with no glossary.
  static func files(_ paths: [String]) throws(InputError) -> [String] {
    var files: [String] = []
    for path in paths {
      switch FileAccess.kind(of: path) {
      case .directory:
        let found = try FileAccess.files(under: path, extensions: ["csv"])
        guard !found.isEmpty else {
          throw InputError(file: path, message: "the folder holds no *.csv glossary")
        }
        files += found
      case .file:
        files.append(path)
      case .missing:
        throw InputError(
          file: path, message: "no such glossary file or folder (pass --glossary PATH)")
      case .other:
        throw InputError(file: path, message: "not a file or folder")
      }
    }
    return files
  }

  /// Loads and merges the glossaries read from `files` (paths and bytes), in order.
  static func load(
    _ files: [(path: String, bytes: [UInt8])], each: (Concept) -> Void
  ) throws(InputError) -> Glossary {
    var concepts: [Concept] = []
    var seen: [String: SourceLocation] = [:]
    for (file, bytes) in files {
      let glossary = try GlossaryCSVReader(file: file).read(bytes, each: each)
      seen.reserveCapacity(seen.count + glossary.concepts.count)
      concepts.reserveCapacity(concepts.count + glossary.concepts.count)
      for concept in glossary.concepts {
        if let first = seen[concept.id] {
          throw InputError(
            file: file, line: concept.origin?.line, column: 1, field: "id",
            message: "duplicate concept id '\(concept.id)' (first in \(first))")
        }
        seen[concept.id] = concept.origin ?? SourceLocation(file: file, line: 0)
        concepts.append(concept)
      }
    }
    return Glossary(concepts: concepts)
  }

  /// Loads the glossaries at `paths` and compiles them for text in `language`, the compiling on
  /// a thread of its own that takes the concepts as they are read: the two overlap (a
  /// 100,000-term glossary: 0.22 s to read, 0.27 s to compile).
  ///
  /// With a `cache`, a glossary compiled before from the same files' bytes, for the same
  /// language, by the same executable, is read from it instead, and one compiled now is kept
  /// there (see ``GlossaryCache``).
  /// - Throws: as ``load(_:)``, or `ICUError` when ICU cannot be loaded.
  public static func loadCompiled(
    _ paths: [String], language: LanguageTag, cache: GlossaryCache? = nil
  ) throws -> (glossary: Glossary, matcher: TermMatcher) {
    let files = try files(paths).map { file throws(InputError) in
      (path: file, bytes: try FileAccess.read(file))
    }
    let key = cache.flatMap { _ in GlossaryCache.key(files: files, language: language) }
    if let cache, let key, let matcher = cache.load(key) { return (matcher.glossary, matcher) }
    let compiled = try compile(files, language: language)
    if let cache, let key { cache.store(compiled.matcher, for: key) }
    return compiled
  }

  /// Reads the glossaries of `files` and compiles them, the two on threads of their own.
  static func compile(
    _ files: [(path: String, bytes: [UInt8])], language: LanguageTag
  ) throws -> (glossary: Glossary, matcher: TermMatcher) {
    let pipe = ConceptPipe()
    let chunkSize = 512
    let compiling = CompilingThread(language: language, pipe: pipe)
    let glossary: Glossary
    do {
      var chunk: [Concept] = []
      chunk.reserveCapacity(chunkSize)
      glossary = try load(files) { concept in
        chunk.append(concept)
        if chunk.count == chunkSize {
          pipe.put(chunk)
          chunk.removeAll(keepingCapacity: true)
        }
      }
      pipe.put(chunk)
      pipe.close()
    } catch {
      pipe.abandon()
      _ = try? compiling.result()
      throw error
    }
    let compiler = try compiling.result()
    let matcher = TermMatcher(glossary: glossary, compiled: compiler)
    // The compiler's scratch tables (a dictionary entry per word and per node) are freed on a
    // thread of their own while the caller goes on: freeing them piece by piece took 0.5 s of
    // a 1,000,000-term glossary's 6.8 s on the caller's.
    let scrap = Scrap(compiler)
    compiling.drop()
    Thread.detachNewThread { scrap.drop() }
    return (glossary, matcher)
  }
}

/// Chunks of concepts from the thread that reads a glossary to the one that compiles it.
typealias ConceptPipe = ChunkPipe<Concept>

/// Compiles the concepts of a ``ConceptPipe`` on a thread of its own.
final class CompilingThread: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  private var outcome: Result<TermMatcher.Compiler, ICUError>?

  init(language: LanguageTag, pipe: ConceptPipe) {
    let thread = Thread { [self] in
      do throws(ICUError) {
        var compiler = try TermMatcher.Compiler(language: language)
        while let chunk = pipe.take() {
          for concept in chunk { compiler.add(concept) }
        }
        outcome = .success(compiler)
      } catch {
        pipe.abandon()
        outcome = .failure(error)
      }
      done.signal()
    }
    thread.stackSize = 8 << 20
    thread.start()
  }

  /// Waits for the thread; its compiler, with every concept the pipe gave.
  func result() throws(ICUError) -> TermMatcher.Compiler {
    done.wait()
    guard let outcome else { preconditionFailure("the compiling thread ended without a result") }
    return try outcome.get()
  }

  /// Lets go of the compiler, once ``result()`` has returned.
  func drop() { outcome = nil }
}

/// A value whose last reference is dropped on another thread.
final class Scrap: @unchecked Sendable {
  private var value: Any?
  init(_ value: Any) { self.value = value }
  func drop() { value = nil }
}
