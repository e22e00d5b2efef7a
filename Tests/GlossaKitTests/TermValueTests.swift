import Foundation
import GlossaKit
import Testing

/// A term is a value: its fields are shared between copies only until one of them changes.
@Suite struct TermValueTests {
  @Test func copiesChangeIndependently() {
    let original = Term(
      "Chen Min'er", status: .preferred, note: "party secretary", exceptions: ["Chen Min'er Road"],
      properties: ["source": "Xinhua"])
    var copy = original
    #expect(copy == original && copy.hashValue == original.hashValue)
    copy.text = "Chen Miner"
    copy.status = .deprecated
    copy.properties["source"] = "CGTN"
    copy.exceptions.append("x")
    #expect(original.text == "Chen Min'er" && original.status == .preferred)
    #expect(original.properties == ["source": "Xinhua"] && original.exceptions.count == 1)
    #expect(copy.text == "Chen Miner" && copy.properties["source"] == "CGTN")
    #expect(copy != original)
    var same = copy
    same.note = copy.note
    #expect(same == copy)
  }

  @Test func jsonKeepsEveryField() throws {
    let term = Term(
      "两会", status: .admitted, type: .acronym, partOfSpeech: "noun", caseMode: .sensitive,
      note: "n", effectiveDate: "2024-03-01", exceptions: ["e"], properties: ["k": "v"])
    let data = try JSONEncoder().encode(term)
    #expect(try JSONDecoder().decode(Term.self, from: data) == term)
    let bare = try JSONDecoder().decode(Term.self, from: JSONEncoder().encode(Term("x")))
    #expect(bare == Term("x") && bare.note == nil)
  }
}
