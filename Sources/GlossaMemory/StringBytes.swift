extension String {
  /// Calls `body` with the string's UTF-8 bytes where they lie (a native string: nearly always),
  /// else with a contiguous copy.
  ///
  /// `var copy = text; copy.withUTF8 { … }` retains the string and releases it again: two
  /// atomic writes to its count, on strings that an import's reading thread made and its other
  /// threads read.
  @inline(__always)
  func withBytesInPlace<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
    var copy = self
    return try copy.withUTF8(body)
  }
}
