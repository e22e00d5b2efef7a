extension String {
  /// Calls `body` with the string's UTF-8 bytes where they lie (a native string: nearly always),
  /// else with a contiguous copy.
  ///
  /// `var copy = text; copy.withUTF8 { … }` retains the string and releases it again; an
  /// import's threads read strings that another thread made, and each of those counts was a
  /// write to a cache line the other core held.
  @inline(__always)
  func withBytesInPlace<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
    var copy = self
    return try copy.withUTF8(body)
  }
}
