import GlossaFormats
import GlossaText
import Testing

@Suite struct CSVTableTests {
  func table(_ text: String) throws -> CSVTable {
    try CSVTable(utf8: Array(text.utf8), file: "t.csv")
  }

  @Test func quotedFieldsHoldSeparatorsQuotesAndLineBreaks() throws {
    let records = try table("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x,\n").records
    #expect(records.map(\.fields) == [["a", "b,c", "say \"hi\""], ["two\nlines", "x", ""]])
    #expect(records[1].positions.map(\.line) == [2, 3, 3])
    #expect(records[0].positions.map(\.column) == [1, 3, 9])
  }

  @Test func aMissingFinalLineBreakIsFine() throws {
    #expect(try table("a,b\nc,d").records.map(\.fields) == [["a", "b"], ["c", "d"]])
    #expect(try table("a,b\nc,").records.map(\.fields) == [["a", "b"], ["c", ""]])
  }

  @Test func unterminatedQuotesNameWhereTheyOpened() {
    #expect(
      throws: InputError(
        file: "t.csv", line: 2, column: 3,
        message: "unterminated quoted field: the quote opened here is never closed")
    ) {
      try table("a,b\nc,\"d,e\nf,g\n")
    }
  }

  @Test func strayQuotesAreErrors() {
    #expect(throws: InputError.self) { try table("a,b\"c\n") }
    #expect(throws: InputError.self) { try table("a,\"b\"c\n") }
  }

  @Test func tabsSeparateTSV() throws {
    let records = try CSVTable(utf8: Array("a\tb,c\n".utf8), file: "t.tsv", separator: 0x09).records
    #expect(records.map(\.fields) == [["a", "b,c"]])
  }
}
