import Foundation
import GlossaKit
import GlossaText

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Compiled glossaries kept on disk, so that a large glossary read again unchanged is neither
/// parsed nor compiled again (100,000 terms: 0.4–0.5 s of every `glossa lint`).
///
/// An entry is keyed by everything its bytes depend on: the glossary files' paths and bytes, the
/// language compiled for, the executable (its size, time and inode; the tables are written as
/// this build lays them out in memory) and the system ICU's version. A changed file, language,
/// build or ICU is a new key, so a stale entry is never read; the newest ``kept`` entries stay
/// and older ones are removed. An entry holds a hash of its bytes, checked before they are read,
/// and is read only if the user owns it: a damaged, cut or foreign entry is compiled again and
/// rewritten, never trusted. The cache is an optimization: when its folder cannot be made or
/// written, Glossa compiles as without it and says nothing.
public struct GlossaryCache: Sendable {
  /// Where entries are kept.
  public let directory: String
  /// The smallest glossary cached: smaller ones compile in milliseconds.
  public var minimumConcepts: Int
  /// How many entries are kept.
  public var kept: Int

  /// The first bytes of an entry.
  static let magic = Array("GLOSSAC1".utf8)
  /// The header: the magic, the key (16 bytes), the payload's size and hash (8 bytes each).
  static let headerSize = 40

  /// A cache in `directory` of glossaries of `minimumConcepts` concepts or more, keeping the
  /// newest `kept` entries.
  public init(directory: String, minimumConcepts: Int = 5_000, kept: Int = 4) {
    self.directory = directory
    self.minimumConcepts = minimumConcepts
    self.kept = kept
  }

  /// The cache of a user: `$GLOSSA_CACHE_DIR`, else `$XDG_CACHE_HOME/glossa`, else
  /// `$HOME/.cache/glossa`; `nil` when `GLOSSA_CACHE_DIR` is set empty or no folder is known.
  public static func standard(environment: [String: String]) -> GlossaryCache? {
    if let directory = environment["GLOSSA_CACHE_DIR"] {
      return directory.isEmpty ? nil : GlossaryCache(directory: directory)
    }
    if let base = environment["XDG_CACHE_HOME"], base.hasPrefix("/") {
      return GlossaryCache(directory: base + "/glossa")
    }
    if let home = environment["HOME"], !home.isEmpty {
      return GlossaryCache(directory: home + "/.cache/glossa")
    }
    return nil
  }

  /// The key of a glossary read from `files` (paths and bytes) and compiled for `language`, or
  /// `nil` when the executable cannot be identified.
  static func key(files: [(path: String, bytes: [UInt8])], language: LanguageTag) -> Digest? {
    guard let executable = executableIdentity() else { return nil }
    var digest = Digest()
    // ICU is loaded from the system: an upgrade may fold text otherwise.
    digest.add(
      Array("glossa compiled glossary \(CompiledForm.version) ICU \(ICU.version)\u{0}".utf8))
    digest.add(executable)
    digest.add(Array("\(language.rawValue)\u{0}\(files.count)\u{0}".utf8))
    for file in files {
      digest.add(Array("\(file.path)\u{0}\(file.bytes.count)\u{0}".utf8))
      digest.add(file.bytes)
    }
    return digest
  }

  /// The size, modification time, device and inode of the running executable, as bytes.
  private static func executableIdentity() -> [UInt8]? {
    var info = stat()
    guard stat("/proc/self/exe", &info) == 0 else { return nil }
    let fields: [Int64] = [
      Int64(info.st_size), Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec),
      Int64(bitPattern: UInt64(info.st_dev)), Int64(bitPattern: UInt64(info.st_ino)),
    ]
    return fields.withUnsafeBytes { Array($0) }
  }

  /// The entry's path for `key`.
  func path(for key: Digest) -> String { "\(directory)/compiled-\(key.hex).glossa" }

  /// The matcher kept for `key`, or `nil` when there is none or it cannot be trusted.
  func load(_ key: Digest) -> TermMatcher? {
    let path = path(for: key)
    // Only the user's own entries: one another user could write is not trusted.
    var info = stat()
    guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == getuid(),
      let bytes = try? FileAccess.read(path), bytes.count >= Self.headerSize
    else { return nil }
    let matcher = bytes.withUnsafeBytes { raw -> TermMatcher? in
      guard Array(raw[0..<8]) == Self.magic,
        raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == key.a,
        raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self) == key.b,
        raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
          == UInt64(raw.count - Self.headerSize)
      else { return nil }
      let payload = UnsafeRawBufferPointer(rebasing: raw[Self.headerSize...])
      var digest = Digest()
      digest.add(payload)
      guard raw.loadUnaligned(fromByteOffset: 32, as: UInt64.self) == digest.a ^ digest.b else {
        return nil
      }
      return try? CompiledForm.matcher(from: payload)
    }
    // Read: the newest to keep.
    if matcher != nil { utimes(path, nil) }
    return matcher
  }

  /// Keeps `matcher` for `key` (best effort), then removes all but the newest ``kept`` entries.
  func store(_ matcher: TermMatcher, for key: Digest) {
    guard matcher.glossary.concepts.count >= minimumConcepts else { return }
    // The header is written into the room left before the payload, which is not copied.
    var bytes = CompiledForm.bytes(of: matcher, after: Self.headerSize)
    var digest = Digest()
    bytes.withUnsafeBytes { digest.add(UnsafeRawBufferPointer(rebasing: $0[Self.headerSize...])) }
    let size = UInt64(bytes.count - Self.headerSize)
    bytes.withUnsafeMutableBytes { header in
      header.copyBytes(from: Self.magic)
      for (index, value) in [key.a, key.b, size, digest.a ^ digest.b].enumerated() {
        header.storeBytes(of: value, toByteOffset: 8 + 8 * index, as: UInt64.self)
      }
    }
    guard makeDirectory() else { return }
    do {
      try FileAccess.writeAtomically(bytes, to: path(for: key), durable: false)
    } catch {
      return
    }
    prune()
  }

  /// Makes the cache's folder and those above it, for the user alone (entries hold the
  /// glossaries' text); whether it is there.
  private func makeDirectory() -> Bool {
    try? FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true,
      attributes: [.posixPermissions: 0o700])
    return FileAccess.kind(of: directory) == .directory
  }

  /// Removes all but the newest ``kept`` entries.
  private func prune() {
    guard let entries = try? FileAccess.files(under: directory, extensions: ["glossa"]) else {
      return
    }
    let dated = entries.filter { $0.hasPrefix(directory + "/compiled-") }.map { path in
      var info = stat()
      let time =
        stat(path, &info) == 0
        ? Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9 : 0
      return (path: path, time: time)
    }
    for entry in dated.sorted(by: { $0.time > $1.time }).dropFirst(kept) { unlink(entry.path) }
  }
}

/// A 128-bit hash of bytes, eight at a time (a cache's key and its entries' check; not meant
/// to resist someone who crafts collisions).
struct Digest: Equatable {
  private(set) var a: UInt64 = 0x243F_6A88_85A3_08D3
  private(set) var b: UInt64 = 0x1319_8A2E_0370_7344

  mutating func add(_ bytes: [UInt8]) { bytes.withUnsafeBytes { add($0) } }

  mutating func add(_ bytes: UnsafeRawBufferPointer) {
    let words = bytes.count / 8
    var a = a
    var b = b
    for index in 0..<words {
      let word = bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
      a = (a ^ word) &* 0x9E37_79B9_7F4A_7C15
      a ^= a >> 29
      b = (b &+ word) &* 0xBF58_476D_1CE4_E5B9
      b = (b << 31) | (b >> 33)
    }
    var tail = UInt64(bytes.count - words * 8) << 56
    for index in (words * 8)..<bytes.count {
      tail |= UInt64(bytes[index]) << UInt64(8 * (index - words * 8))
    }
    a = (a ^ tail) &* 0x9E37_79B9_7F4A_7C15
    b = (b &+ tail &+ UInt64(bytes.count)) &* 0xBF58_476D_1CE4_E5B9
    self.a = a ^ (a >> 31)
    self.b = b ^ (b >> 27)
  }

  var hex: String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    for value in [a, b] {
      for shift in stride(from: 60, through: 0, by: -4) {
        text.append(digits[Int((value >> UInt64(shift)) & 15)])
      }
    }
    return String(decoding: text, as: UTF8.self)
  }
}
