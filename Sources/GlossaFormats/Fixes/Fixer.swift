public import GlossaKit
import GlossaText

/// Applies the fixes of findings to a file, keeping every other byte as it was.
///
/// Only findings with a ``GlossaKit/Finding/fix`` are applied. Two fixes of the same span with
/// the same text are one; fixes whose spans overlap otherwise are both skipped, since no single
/// rewrite is unambiguous. The file keeps its encoding, byte-order mark and line endings.
public enum Fixer {
  /// What fixing a file does.
  public struct Result: Sendable {
    /// The new bytes of the file, in its original encoding.
    public var bytes: [UInt8]
    /// The new text, UTF-8.
    public var text: [UInt8]
    /// The findings whose fixes were applied.
    public var applied: [Finding]
    /// The findings with fixes that were skipped because they overlap another.
    public var skipped: [Finding]
  }

  /// Applies the fixes in `findings` to `document`.
  public static func apply(_ findings: [Finding], to document: Document) -> Result {
    struct Edit {
      var range: Range<Int>
      var text: String
      var findings: [Finding]
    }
    var edits: [Edit] = []
    for finding in findings {
      guard let fix = finding.fix else { continue }
      let start = finding.offset - document.byteOffsetBase
      let range = start..<(start + finding.length)
      if let index = edits.firstIndex(where: { $0.range == range && $0.text == fix }) {
        edits[index].findings.append(finding)
      } else {
        edits.append(Edit(range: range, text: fix, findings: [finding]))
      }
    }
    edits.sort { $0.range.lowerBound < $1.range.lowerBound }
    var keep = [Bool](repeating: true, count: edits.count)
    for index in edits.indices.dropFirst() where edits[index].range.overlaps(edits[index - 1].range)
    {
      keep[index] = false
      keep[index - 1] = false
    }
    var text = document.source
    var applied: [Finding] = []
    var skipped: [Finding] = []
    for index in edits.indices.reversed() {
      let edit = edits[index]
      guard keep[index], edit.range.upperBound <= text.count else {
        skipped.append(contentsOf: edit.findings)
        continue
      }
      text.replaceSubrange(edit.range, with: Array(edit.text.utf8))
      applied.append(contentsOf: edit.findings)
    }
    return Result(
      bytes: encode(text, as: document.encoding), text: text, applied: applied.reversed(),
      skipped: skipped.reversed())
  }

  /// Fixes `document` until nothing fixable is left, at most `passes` times.
  ///
  /// A fix can change what other rules see (a capitalized name can turn a line into a title line),
  /// so the document is read and linted again after each pass, as ESLint does.
  /// - Parameters:
  ///   - document: the document as read from its file.
  ///   - passes: the most passes to make.
  ///   - lint: the findings of a document (the linter, less any baseline).
  /// - Returns: the last pass's text and bytes, and the findings fixed in every pass.
  public static func fixAll(
    _ document: Document, passes: Int = 5, lint: (Document) -> [Finding]
  ) -> Result {
    var current = document
    var total = Result(
      bytes: encode(document.source, as: document.encoding), text: document.source, applied: [],
      skipped: [])
    for _ in 0..<passes {
      let result = apply(lint(current), to: current)
      total.skipped = result.skipped
      guard !result.applied.isEmpty else { break }
      total.applied += result.applied
      total.text = result.text
      total.bytes = result.bytes
      guard
        let next = try? DocumentReader.read(
          result.bytes, path: current.path, format: current.format)
      else { break }
      current = next
    }
    return total
  }

  /// UTF-8 text in `encoding`, with its byte-order mark.
  static func encode(_ text: [UInt8], as encoding: SourceEncoding) -> [UInt8] {
    switch encoding {
    case .utf8: return text
    case .utf8BOM: return [0xEF, 0xBB, 0xBF] + text
    case .utf16LE, .utf16BE:
      var bytes: [UInt8] = encoding == .utf16LE ? [0xFF, 0xFE] : [0xFE, 0xFF]
      for unit in String(decoding: text, as: UTF8.self).utf16 {
        let high = UInt8(unit >> 8)
        let low = UInt8(unit & 0xFF)
        bytes += encoding == .utf16LE ? [low, high] : [high, low]
      }
      return bytes
    case .utf32LE, .utf32BE:
      var bytes: [UInt8] = encoding == .utf32LE ? [0xFF, 0xFE, 0, 0] : [0, 0, 0xFE, 0xFF]
      for scalar in String(decoding: text, as: UTF8.self).unicodeScalars {
        let value = scalar.value
        let big = [
          UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF),
          UInt8(value & 0xFF),
        ]
        bytes += encoding == .utf32BE ? big : big.reversed()
      }
      return bytes
    }
  }
}
