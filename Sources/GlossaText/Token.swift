/// One unit of matching: a word, an ideograph, or a symbol, with the gap before it.
///
/// Terms and texts are compared token by token. Words are runs of letters, digits and marks
/// with inner apostrophes (`min'er`); characters of scripts written without spaces (Han, Kana,
/// Thai, …) are one token each, so no word boundary is needed inside Chinese; any other
/// character is a symbol. Whitespace and hyphens between tokens are the *gap*, which is how
/// `Five-Year`, `Five Year` and a line-wrapped `Five\nYear` can all be the same term.
public struct Token: Sendable, Equatable {
  /// What a token holds.
  public enum Kind: UInt8, Sendable {
    /// Letters, digits and marks of a script written with spaces.
    case word
    /// One character of a script written without spaces.
    case ideograph
    /// Any other character: punctuation, symbols.
    case symbol
  }

  /// What separates a token from the one before it.
  public enum Gap: UInt8, Sendable {
    /// Nothing: the tokens touch (`U.S`, `成渝`).
    case none
    /// Whitespace only.
    case space
    /// A single hyphen-minus.
    case hyphen
    /// Anything else made of spaces and dashes (` - `, `—`, `--`).
    case other
    /// A paragraph break, or the start of the text: matches never cross it.
    case paragraph
  }

  /// The start of the token in the normalized text (bytes).
  public var start: Int32
  /// The end of the token in the normalized text (bytes).
  public var end: Int32
  /// The kind of the token.
  public var kind: Kind
  /// The kind of the gap before it.
  public var gap: Gap

  /// The normalized byte range of the token.
  public var range: Range<Int> { Int(start)..<Int(end) }
}

/// Splits normalized text into tokens.
///
/// - Complexity: O(n) in the length of the text.
public struct Tokenizer {
  private let classify: CharacterClassifier

  /// Creates a tokenizer that reads character classes through `classifier`.
  package init(classifier: CharacterClassifier) { self.classify = classifier }

  private enum ASCIIClass: UInt8 { case word, space, newline, dash, apostrophe, symbol }

  private static let ascii: [ASCIIClass] = (0..<128).map { byte -> ASCIIClass in
    switch byte {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: .word
    case 0x20, 0x09, 0x0B, 0x0C, 0x0D: .space
    case 0x0A: .newline
    case 0x2D: .dash
    case 0x27, 0x60: .apostrophe
    default: .symbol
    }
  }

  /// The tokens of normalized UTF-8 text.
  public func tokens(in text: [UInt8]) -> [Token] {
    text.withUnsafeBufferPointer { tokens(in: $0) }
  }

  /// The tokens of normalized UTF-8 text.
  public func tokens(in text: UnsafeBufferPointer<UInt8>) -> [Token] {
    Self.ascii.withUnsafeBufferPointer { ascii in tokens(in: text, ascii: ascii) }
  }

  private func tokens(in text: UnsafeBufferPointer<UInt8>, ascii: UnsafeBufferPointer<ASCIIClass>)
    -> [Token]
  {
    var tokens: [Token] = []
    tokens.reserveCapacity(text.count / 5 + 1)
    let n = text.count
    var i = 0
    var sawSpace = false
    var sawNewline = true
    var dashes = 0
    var otherDash = false

    while i < n {
      let byte = text[i]
      var scalar = UInt32(byte)
      var length = 1
      var kind: CharacterClass = []
      var isWord = false
      if byte < 0x80 {
        switch ascii[Int(byte)] {
        case .space:
          sawSpace = true
          i += 1
          continue
        case .newline:
          sawNewline = true
          i += 1
          continue
        case .dash:
          dashes += 1
          i += 1
          continue
        case .word: isWord = true
        case .apostrophe, .symbol: break
        }
      } else {
        (scalar, length) = UTF8Scalars.decode(text, at: i)
        kind = classify(scalar)
        if kind.contains(.whitespace) {
          if scalar == 0x2029 { sawNewline = true } else { sawSpace = true }
          i += length
          continue
        }
        if kind.contains(.dash) {
          dashes += 1
          otherDash = true
          i += length
          continue
        }
        isWord = kind.contains(.word) && !kind.contains(.noSpaceScript)
      }
      let gap: Token.Gap
      if sawNewline {
        gap = .paragraph
      } else if dashes == 0 {
        gap = sawSpace ? .space : .none
      } else {
        gap = dashes == 1 && !sawSpace && !otherDash ? .hyphen : .other
      }
      sawSpace = false
      sawNewline = false
      dashes = 0
      otherDash = false
      let start = i
      i += length
      if isWord {
        // A word: letters, digits, marks, and apostrophes between two of them.
        while i < n {
          // ASCII letters and digits, most of a word's bytes, eight at a time: on to the first
          // byte that is not one.
          if i + 8 <= n {
            let word = UTF8Scalars.word(text, at: i)
            let others = ~UTF8Scalars.letterOrDigitBytes(in: word) & 0x8080_8080_8080_8080
            if others == 0 {
              i += 8
              continue
            }
            i += others.trailingZeroBitCount / 8
          }
          let next = text[i]
          if next < 0x80 {
            let nextClass = ascii[Int(next)]
            if nextClass == .word {
              i += 1
              continue
            }
            if nextClass == .apostrophe, i + 1 < n {
              let (after, afterLength) = scalarAt(text, i + 1)
              if isWordScalar(after, ascii) {
                i += 1 + afterLength
                continue
              }
            }
            break
          }
          let (scalar, nextLength) = UTF8Scalars.decode(text, at: i)
          if isWordScalar(scalar, ascii) {
            i += nextLength
            continue
          }
          if classify(scalar).contains(.apostrophe), i + nextLength < n {
            let (after, afterLength) = scalarAt(text, i + nextLength)
            if isWordScalar(after, ascii) {
              i += nextLength + afterLength
              continue
            }
          }
          break
        }
        tokens.append(
          Token(start: Int32(start), end: Int32(i), kind: .word, gap: gap))
      } else {
        // One ideograph or symbol, with the marks that follow it.
        while i < n, text[i] >= 0x80 {
          let (next, nextLength) = UTF8Scalars.decode(text, at: i)
          guard classify(next).contains(.mark) else { break }
          i += nextLength
        }
        let tokenKind: Token.Kind = kind.contains(.noSpaceScript) ? .ideograph : .symbol
        tokens.append(
          Token(start: Int32(start), end: Int32(i), kind: tokenKind, gap: gap))
      }
    }
    return tokens
  }

  @inline(__always)
  private func scalarAt(_ text: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
    let byte = text[i]
    return byte < 0x80 ? (UInt32(byte), 1) : UTF8Scalars.decode(text, at: i)
  }

  @inline(__always)
  private func isWordScalar(_ scalar: UInt32, _ ascii: UnsafeBufferPointer<ASCIIClass>) -> Bool {
    if scalar < 0x80 { return ascii[Int(scalar)] == .word }
    let kind = classify(scalar)
    return kind.contains(.word) && !kind.contains(.noSpaceScript) && !kind.contains(.whitespace)
  }
}
