#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Reading files and walking folders, with errors that name the path and the reason.
public enum FileAccess {
  /// The kind of thing at a path.
  public enum Kind: Sendable { case file, directory, other, missing }

  /// What is at `path` (following symbolic links).
  public static func kind(of path: String) -> Kind {
    var info = stat()
    guard stat(path, &info) == 0 else { return .missing }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return .file
    case S_IFDIR: return .directory
    default: return .other
    }
  }

  /// The size of the file at `path` in bytes, or `nil` when it cannot be known.
  public static func size(of path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Int(info.st_size)
  }

  /// The bytes of the file at `path`, refusing files larger than `limit` bytes.
  /// - Throws: `InputError` naming the path and the system's reason.
  public static func read(_ path: String, limit: Int = Int.max) throws(InputError) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw InputError(file: path, message: reason(errno, reading: true))
    }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      throw InputError(file: path, message: reason(errno, reading: true))
    }
    if info.st_mode & S_IFMT == S_IFDIR {
      throw InputError(file: path, message: "is a folder, not a file")
    }
    let expected = Int(info.st_size)
    if expected > limit {
      throw InputError(
        file: path,
        message:
          "file is \(expected) bytes, over the limit of \(limit) bytes (raise it with --max-file-size)"
      )
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(max(expected, 0) + 1)
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw InputError(file: path, message: reason(errno, reading: true))
      }
      if count == 0 { break }
      bytes.append(contentsOf: chunk[0..<count])
      if bytes.count > limit {
        throw InputError(
          file: path,
          message: "input is over the limit of \(limit) bytes (raise it with --max-file-size)")
      }
    }
    return bytes
  }

  /// The first `count` bytes of the file at `path` (fewer for a shorter file).
  /// - Throws: `InputError` naming the path and the system's reason.
  public static func readPrefix(_ path: String, count: Int) throws(InputError) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw InputError(file: path, message: reason(errno, reading: true))
    }
    defer { close(descriptor) }
    var bytes = [UInt8](repeating: 0, count: count)
    var filled = 0
    while filled < count {
      let read = bytes[filled...].withUnsafeMutableBytes {
        Glibc.read(descriptor, $0.baseAddress, $0.count)
      }
      if read < 0 {
        if errno == EINTR { continue }
        throw InputError(file: path, message: reason(errno, reading: true))
      }
      if read == 0 { break }
      filled += read
    }
    return Array(bytes[..<filled])
  }

  /// All of standard input, refusing more than `limit` bytes.
  public static func readStandardInput(limit: Int = Int.max, name: String = "-") throws(InputError)
    -> [UInt8]
  {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw InputError(file: name, message: reason(errno, reading: true))
      }
      if count == 0 { break }
      bytes.append(contentsOf: chunk[0..<count])
      if bytes.count > limit {
        throw InputError(
          file: name,
          message: "input is over the limit of \(limit) bytes (raise it with --max-file-size)")
      }
    }
    return bytes
  }

  /// The files under `root` whose names end in one of `extensions` (lowercase, without the dot),
  /// sorted; hidden files and folders are skipped, symbolic links to folders are followed once.
  /// - Throws: `InputError` when `root` or a folder under it cannot be read.
  public static func files(under root: String, extensions: Set<String>) throws(InputError)
    -> [String]
  {
    var result: [String] = []
    var visited: Set<[UInt64]> = []
    try walk(root, extensions: extensions, into: &result, visited: &visited)
    return result
  }

  private static func walk(
    _ folder: String, extensions: Set<String>, into result: inout [String],
    visited: inout Set<[UInt64]>
  ) throws(InputError) {
    var info = stat()
    guard stat(folder, &info) == 0 else {
      throw InputError(file: folder, message: reason(errno, reading: true))
    }
    let identity = [UInt64(info.st_dev), UInt64(info.st_ino)]
    guard visited.insert(identity).inserted else { return }  // a symbolic link loop
    guard let directory = opendir(folder) else {
      throw InputError(file: folder, message: reason(errno, reading: true))
    }
    var names: [String] = []
    // glibc packs entries by their length (`d_reclen`), so the last one in its buffer can end
    // well before the 256 bytes `d_name` is declared with: copying the whole field reads past
    // the mapping. The name is read in place, up to its terminating zero, and no further.
    guard let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name) else {
      preconditionFailure("dirent.d_name is a stored field")
    }
    while let entry = readdir(directory) {
      let start = UnsafeRawPointer(entry).advanced(by: nameOffset)
        .assumingMemoryBound(to: CChar.self)
      let name = String(
        decoding: UnsafeRawBufferPointer(start: start, count: strlen(start)), as: UTF8.self)
      if name.hasPrefix(".") { continue }
      names.append(name)
    }
    closedir(directory)
    for name in names.sorted() {
      let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
      switch kind(of: path) {
      case .directory:
        try walk(path, extensions: extensions, into: &result, visited: &visited)
      case .file:
        let lower = name.lowercased()
        if let dot = lower.lastIndex(of: "."),
          extensions.contains(String(lower[lower.index(after: dot)...]))
        {
          result.append(path)
        }
      case .other, .missing:
        continue
      }
    }
  }

  /// Writes all of `bytes` to the open file `descriptor` (standard output, a file being
  /// written), going on after partial writes and interruptions.
  /// - Throws: `InputError` naming `name` and the system's reason (a full disk, a closed pipe).
  public static func writeAll(
    _ bytes: UnsafeRawBufferPointer, to descriptor: Int32, name: String
  ) throws(InputError) {
    var written = 0
    while written < bytes.count {
      let count = write(descriptor, bytes.baseAddress.map { $0 + written }, bytes.count - written)
      if count < 0 {
        if errno == EINTR { continue }
        throw InputError(file: name, message: reason(errno, reading: false))
      }
      written += count
    }
  }

  /// Writes all of `bytes` to the open file `descriptor`.
  /// - Throws: `InputError` naming `name` and the system's reason.
  public static func writeAll(_ bytes: [UInt8], to descriptor: Int32, name: String)
    throws(InputError)
  {
    var failure: InputError?
    bytes.withUnsafeBytes { raw in
      do throws(InputError) {
        try writeAll(raw, to: descriptor, name: name)
      } catch {
        failure = error
      }
    }
    if let failure { throw failure }
  }

  /// Writes `bytes` to `path` atomically.
  ///
  /// A temporary file in the same folder, flushed, then renamed over the target, so readers see
  /// the old file or the new one, never a mix. Not `durable`, the file is not flushed to the
  /// disk before it is renamed (a cache, which checks what it reads, needs no more).
  public static func writeAtomically(
    _ bytes: [UInt8], to path: String, durable: Bool = true
  ) throws(InputError) {
    let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
    let name = path.split(separator: "/").last.map(String.init) ?? path
    var template = Array("\(folder.isEmpty ? "/" : folder)/.\(name).XXXXXX".utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer {
      $0.baseAddress.map { mkstemp($0) } ?? -1
    }
    guard descriptor >= 0 else {
      throw InputError(file: path, message: reason(errno, reading: false))
    }
    let temporary = String(
      decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var written = 0
    while written < bytes.count {
      let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        let message = reason(errno, reading: false)
        close(descriptor)
        unlink(temporary)
        throw InputError(file: path, message: message)
      }
      written += count
    }
    var original = stat()
    if stat(path, &original) == 0 {
      fchmod(descriptor, original.st_mode & 0o7777)
    } else {
      fchmod(descriptor, 0o644)
    }
    guard !durable || fsync(descriptor) == 0, close(descriptor) == 0 else {
      let message = reason(errno, reading: false)
      unlink(temporary)
      throw InputError(file: path, message: message)
    }
    guard rename(temporary, path) == 0 else {
      let message = reason(errno, reading: false)
      unlink(temporary)
      throw InputError(file: path, message: message)
    }
  }

  /// Runs `body` holding an exclusive lock on `path + ".lock"` (created if needed).
  ///
  /// Two processes editing one file take turns. The lock is released when `body` returns or throws,
  /// and by the system if the process dies.
  /// - Throws: `InputError` when the lock file cannot be opened, or what `body` throws.
  public static func withExclusiveLock<T>(
    on path: String, _ body: () throws(InputError) -> T
  ) throws(InputError) -> T {
    let lockPath = path + ".lock"
    let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw InputError(file: lockPath, message: reason(errno, reading: false))
    }
    defer { close(descriptor) }
    while flock(descriptor, LOCK_EX) != 0 {
      guard errno == EINTR else {
        throw InputError(file: lockPath, message: reason(errno, reading: false))
      }
    }
    defer { flock(descriptor, LOCK_UN) }
    return try body()
  }

  /// A message for `errno`.
  public static func reason(_ code: Int32, reading: Bool) -> String {
    switch code {
    case ENOENT: "no such file or folder"
    case EACCES, EPERM:
      reading ? "permission denied: cannot read it" : "permission denied: cannot write it"
    case EISDIR: "is a folder, not a file"
    case ENOTDIR: "a part of the path is not a folder"
    case ELOOP: "too many levels of symbolic links"
    case ENOSPC: "no space left on the device"
    case EROFS: "the file system is read-only"
    case ENAMETOOLONG: "the path is too long"
    default: String(cString: strerror(code))
    }
  }
}
