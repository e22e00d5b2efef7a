/// Maps byte offsets of a text to 1-based lines and columns.
///
/// Columns count Unicode scalars, as SARIF and most editors do for UTF-8 text. A line ends
/// at LF, CR LF or a lone CR.
public struct LineIndex: Sendable {
  /// The byte offset where each line starts.
  public let lineStarts: [Int]
  private let bytes: [UInt8]
  /// The number of scalars before each 64-byte block, so that a column is found without
  /// counting a whole long line.
  private let scalarsBeforeBlock: [Int]
  private static let blockShift = 6

  /// Indexes the lines of valid UTF-8 text.
  public init(utf8 bytes: [UInt8]) {
    self.bytes = bytes
    var starts = [0]
    var counts: [Int] = []
    let n = bytes.count
    counts.reserveCapacity(n >> Self.blockShift + 1)
    bytes.withUnsafeBufferPointer { bytes in
      let raw = UnsafeRawBufferPointer(bytes)
      var i = 0
      while i < n {
        // Eight bytes at a time while none is a line feed or a carriage return.
        if i + 8 <= n, !Self.holdsLineEnd(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
          i += 8
          continue
        }
        let byte = bytes[i]
        if byte == 0x0A {
          starts.append(i + 1)
        } else if byte == 0x0D {
          if i + 1 < n && bytes[i + 1] == 0x0A { i += 1 }
          starts.append(i + 1)
        }
        i += 1
      }
      var total = 0
      var block = 0
      while block < n {
        counts.append(total)
        let end = min(n, block + (1 << Self.blockShift))
        total += Self.leadingBytes(UnsafeBufferPointer(rebasing: bytes[block..<end]))
        block = end
      }
      counts.append(total)
    }
    lineStarts = starts
    scalarsBeforeBlock = counts
  }

  /// Whether any of the eight bytes of `word` is a line feed or a carriage return.
  @inline(__always)
  static func holdsLineEnd(_ word: UInt64) -> Bool {
    UTF8Scalars.bytes(0x0A, in: word) | UTF8Scalars.bytes(0x0D, in: word) != 0
  }

  /// The number of scalars in `bytes[0..<offset]`.
  private func scalars(before offset: Int) -> Int {
    let offset = min(offset, bytes.count)
    let block = offset >> Self.blockShift
    return scalarsBeforeBlock[block]
      + bytes.withUnsafeBufferPointer {
        Self.leadingBytes(UnsafeBufferPointer(rebasing: $0[(block << Self.blockShift)..<offset]))
      }
  }

  /// The number of bytes of `bytes` that begin a scalar (that are not `10xxxxxx`), eight at a
  /// time.
  static func leadingBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard let base = bytes.baseAddress else { return 0 }
    let raw = UnsafeRawPointer(base)
    var continuations = 0
    var i = 0
    while i + 8 <= bytes.count {
      let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      // Bit 7 set and bit 6 clear: a continuation byte.
      continuations += (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
      i += 8
    }
    while i < bytes.count {
      if bytes[i] & 0xC0 == 0x80 { continuations += 1 }
      i += 1
    }
    return bytes.count - continuations
  }

  /// A position in the text.
  public struct Position: Sendable, Equatable, Comparable {
    /// The 1-based line.
    public var line: Int
    /// The 1-based column, in Unicode scalars.
    public var column: Int

    /// Creates a position.
    public init(line: Int, column: Int) {
      self.line = line
      self.column = column
    }

    /// Orders positions by line, then column.
    public static func < (lhs: Position, rhs: Position) -> Bool {
      (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
  }

  /// The 0-based line that holds byte `offset`.
  public func lineIndex(ofByte offset: Int) -> Int {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    return low
  }

  /// The line and column of byte `offset`.
  public func position(ofByte offset: Int) -> Position {
    let line = lineIndex(ofByte: offset)
    let column = scalars(before: offset) - scalars(before: lineStarts[line]) + 1
    return Position(line: line + 1, column: column)
  }

  /// The bytes of the 0-based line `index`, without its line ending.
  public func line(_ index: Int) -> ArraySlice<UInt8> {
    let start = lineStarts[index]
    var end = index + 1 < lineStarts.count ? lineStarts[index + 1] : bytes.count
    while end > start && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D) { end -= 1 }
    return bytes[start..<end]
  }

  /// The number of lines.
  public var lineCount: Int { lineStarts.count }
}
