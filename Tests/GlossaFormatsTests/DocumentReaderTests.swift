import Foundation
import GlossaFormats
import GlossaKit
import Testing

@Suite struct DocumentReaderTests {
  /// The prose of a document, as a string.
  func prose(_ source: String, _ format: Document.Format) throws -> String {
    let document = try DocumentReader.read(Array(source.utf8), path: "x", format: format)
    return String(decoding: document.text, as: UTF8.self)
  }

  /// The text of each heading.
  func headings(_ source: String, _ format: Document.Format) throws -> [String] {
    let document = try DocumentReader.read(Array(source.utf8), path: "x", format: format)
    return document.headings.map {
      String(decoding: document.text[$0], as: UTF8.self).trimmingCharacters(
        in: .whitespacesAndNewlines)
    }
  }

  @Test func markdownSkipsCodeURLsAndMarkup() throws {
    let source = """
      ---
      title: Chongqing
      date: 2024-05-01
      ---
      # The *Two Sessions* Open

      Delegates in **Chongqing** met `Chungking` at <https://example.com/chungking> and
      [the Belt and Road](https://example.com/Chungking "Chungking") see www.chungking.com.

      ```
      Chungking code
      ```

          Chungking indented code

      > Quoted Chen Min\\'er &amp; friends
      - Item one
      <!-- Chungking in a comment -->
      Snake_case_word and _emphasis_.
      """
    let text = try prose(source, .markdown)
    #expect(!text.contains("Chungking"))
    #expect(!text.contains("Chungking code"))
    #expect(text.contains("The Two Sessions Open"))
    #expect(
      text.contains(
        "Delegates in Chongqing met \u{FFFC} at \u{FFFC} and\nthe Belt and Road see \u{FFFC}."))
    #expect(text.contains("Quoted Chen Min'er & friends"))
    #expect(text.contains("Item one"))
    #expect(text.contains("Snake_case_word and emphasis."))
    #expect(try headings(source, .markdown) == ["The Two Sessions Open"])
    let document = try DocumentReader.read(Array(source.utf8), path: "x.md")
    #expect(document.metadata["date"] == "2024-05-01")
  }

  @Test func setextHeadingsAreHeadings() throws {
    #expect(
      try headings("Chongqing Sets New Goal\n===\n\nBody text.\n", .markdown) == [
        "Chongqing Sets New Goal"
      ])
  }

  @Test func htmlDropsTagsScriptsAndDecodesEntities() throws {
    let source = """
      <!DOCTYPE html><html><head><title>Chen Min&rsquo;er Speaks</title>
      <meta name="date" content="2024-05-01"><style>.chungking{}</style></head>
      <body><h1>Two&nbsp;Sessions</h1><p>Delegates in <b>Chong</b>qing met<br>the <a href="/chungking">Belt and Road</a>.</p>
      <script>var x = "Chungking";</script><p>Code: <code>Chungking</code> &#8212; &#x2019; &bogus;</p></body></html>
      """
    let document = try DocumentReader.read(Array(source.utf8), path: "x.html")
    let text = String(decoding: document.text, as: UTF8.self)
    #expect(!text.contains("Chungking"))
    #expect(!text.contains("chungking"))
    #expect(text.contains("Delegates in Chongqing met\nthe Belt and Road."))
    #expect(text.contains("Code: \u{FFFC} \u{2014} \u{2019} &bogus;"))
    #expect(document.metadata["date"] == "2024-05-01")
    #expect(try headings(source, .html) == ["Chen Min\u{2019}er Speaks", "Two\u{00A0}Sessions"])
  }

  @Test func htmlPositionsPointAtTheSource() throws {
    let source = "<p>Chen Min&rsquo;er</p>"
    let document = try DocumentReader.read(Array(source.utf8), path: "x.html")
    let text = String(decoding: document.text, as: UTF8.self)
    let start = try #require(text.utf8.firstIndex(of: UInt8(ascii: "C")))
    let prose = text.utf8.distance(from: text.utf8.startIndex, to: start)
    #expect(document.sourceRange(forText: prose..<(prose + 13)) == 3..<20)
  }

  @Test func titleLinesInPlainText() throws {
    let source = """
      iChongqing Title

      The 6th CPC Chongqing Municipal Congress Opens, Set Plans for the Next Five Years

      High-quality development in multiple facets of life
      New Era, New Journey, New Chongqing
      The city held a meeting.
      """
    #expect(
      try headings(source, .plain) == [
        "The 6th CPC Chongqing Municipal Congress Opens, Set Plans for the Next Five Years",
        "New Era, New Journey, New Chongqing",
      ])
  }
}
