import GlossaKit
import GlossaTestSupport
import Testing

@testable import GlossaFormats

@Suite struct GlossaryCSVReaderTests {
  func read(_ text: String) throws(InputError) -> Glossary {
    try GlossaryCSVReader(file: "g.csv").read(Array(text.utf8))
  }

  @Test func conceptsTermsAndAttributes() throws {
    let glossary = try read(
      """
      id,subject,zh-Hans,en,en:admitted,en:forbidden,en:superseded,note,owner
      cpc,organization,中国共产党,"Communist Party of China | CPC {type=acronym; case=sensitive}",,"Chinese Communist Party | CCP {case=sensitive; note=""foreign usage; avoid""}",,The ruling party,desk-a
      thailand,place,泰国,Thailand,,,Siam {since=1939-06-24},,

      """)
    #expect(glossary.concepts.map(\.id) == ["cpc", "thailand"])
    let cpc = glossary.concepts[0]
    #expect(cpc.subjectField == "organization")
    #expect(cpc.note == "The ruling party")
    #expect(cpc.properties == ["owner": "desk-a"])
    #expect(cpc.origin?.line == 2)
    let english = cpc.terms(in: .english)
    #expect(
      english.map(\.text) == ["Communist Party of China", "CPC", "Chinese Communist Party", "CCP"])
    #expect(english.map(\.status) == [.preferred, .preferred, .deprecated, .deprecated])
    #expect(english[1].type == .acronym)
    #expect(english[1].caseMode == .sensitive)
    #expect(english[3].note == "foreign usage; avoid")
    #expect(cpc.terms(in: .simplifiedChinese).map(\.text) == ["中国共产党"])
    let siam = glossary.concepts[1].terms(in: .english)[1]
    #expect(siam.status == .superseded)
    #expect(siam.effectiveDate == "1939-06-24")
  }

  @Test func escapedBarsStayInTheForm() throws {
    let glossary = try read("id,en\nx,A \\| B | C\n")
    #expect(glossary.concepts[0].terms(in: .english).map(\.text) == ["A | B", "C"])
  }

  /// The byte test for white space in concept ids agrees with `Character.isWhitespace` for
  /// every character of the Basic Multilingual Plane, alone and after ASCII or other letters.
  @Test func whitespaceInIdsIsToldAsCharactersTellIt() {
    for value in 0..<0x1_0000 {
      guard let scalar = Unicode.Scalar(value) else { continue }
      for text in ["a\(scalar)b", "\(scalar)", "é\(scalar)"] {
        #expect(
          GlossaryCSVReader.hasWhitespace(text) == text.contains(where: \.isWhitespace),
          "U+\(String(value, radix: 16))")
      }
    }
  }

  @Test(arguments: [
    (
      "id,en,en:forbiden\nx,a,b\n",
      "g.csv:1:7: column 'en:forbiden': 'forbiden' is not a status; use preferred, admitted, deprecated (or forbidden) or superseded"
    ),
    (
      "chongqing,重庆,Chongqing\n",
      "g.csv:1:1: missing header row: the first row must name the columns, with 'id' and at least one language such as 'en' or 'zh-Hans' (found 'chongqing,重庆,Chongqing')"
    ),
    (
      "id,en,en:deprecated\nx,,Chungking\n",
      "g.csv:2:1: concept 'x' has no preferred form; fill a language column such as 'en' or 'zh-Hans'"
    ),
    (
      "id,en\nx,\"Chongqing\ny,Chengdu\n",
      "g.csv:2:3: unterminated quoted field: the quote opened here is never closed"
    ),
    ("id,en\nx,a\nx,b\n", "g.csv:3:1: column 'id': duplicate concept id 'x' (first on line 2)"),
    ("id,en\nx,a,b\n", "g.csv:2:5: row has 3 fields but the header names 2 columns"),
    (
      "id,en\nx,a {case=loud}\n",
      "g.csv:2:3: column 'en': 'loud' is not a case mode; use sensitive, insensitive or permissive"
    ),
    (
      "id,en\nx,a {colour=red}\n",
      "g.csv:2:3: column 'en': unknown attribute 'colour' in 'a {colour=red}'; use type, case, pos, note, since, except or x-NAME"
    ),
    (
      "id,e-n\nx,a\n",
      "g.csv:1:1: the header names no language column (such as 'en', 'zh-Hans' or 'en:deprecated')"
    ),
    (
      "id,english:preferred\nx,a\n",
      "g.csv:1:4: column 'english:preferred': 'english' is not a BCP 47 language tag (such as en, en-GB, zh-Hans)"
    ),
    ("", "g.csv:1: empty glossary: expected a header row such as 'id,zh-Hans,en'"),
    (
      "id,en\nx y,a\n",
      "g.csv:2:1: column 'id': concept id 'x y' contains whitespace; use letters, digits, '-' or '.'"
    ),
    (
      "id,en\n\"x\ty\",a\n",
      "g.csv:2:1: column 'id': concept id 'x\ty' contains whitespace; use letters, digits, '-' or '.'"
    ),
    (
      "id,en\nchóngqìng\u{A0}2,a\n",
      "g.csv:2:1: column 'id': concept id 'chóngqìng\u{A0}2' contains whitespace; use letters, digits, '-' or '.'"
    ),
    (
      "id,en\n重庆\u{3000}2,a\n",
      "g.csv:2:1: column 'id': concept id '重庆\u{3000}2' contains whitespace; use letters, digits, '-' or '.'"
    ),
    (
      "id,en\nx,a {since=2024-13-01}\n",
      "g.csv:2:3: column 'en': '2024-13-01' is not a date; write YYYY-MM-DD"
    ),
  ])
  func malformedGlossariesNameThePlace(text: String, message: String) {
    do {
      _ = try read(text)
      Issue.record("no error for \(text.debugDescription)")
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func invalidUTF8IsPlaced() {
    do {
      _ = try GlossaryCSVReader(file: "g.csv").read(
        Array("id,en\nx,Chongq".utf8) + [0xFF] + Array("ing\n".utf8))
      Issue.record("no error")
    } catch {
      #expect(error.description == "g.csv:2:9: invalid UTF-8 at byte 14; save the file as UTF-8")
    }
  }

  @Test func theShippedGlossaryLoads() throws {
    let glossary = try GlossaryLoader.load([TestFiles.root + "/glossary"])
    #expect(glossary.concepts.count >= 80)
    for concept in glossary.concepts {
      #expect(concept.preferredTerm(for: .english) != nil, "\(concept.id) has no English form")
      #expect(
        concept.preferredTerm(for: .simplifiedChinese) != nil, "\(concept.id) has no Chinese form")
    }
  }
}
