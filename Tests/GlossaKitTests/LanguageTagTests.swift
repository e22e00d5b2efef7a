import GlossaKit
import Testing

@Suite struct LanguageTagTests {
  @Test(arguments: [
    ("en", "en"), ("EN-gb", "en-GB"), ("zh-hans", "zh-Hans"), ("zh-Hant-TW", "zh-Hant-TW"),
    ("sr-Latn-RS", "sr-Latn-RS"), ("es-419", "es-419"), ("de-CH-1901", "de-CH-1901"),
    ("zh-yue", "zh-yue"), ("en-US-x-newsroom", "en-US-x-newsroom"), ("x-private", "x-private"),
    ("en-a-bbb-x-a-ccc", "en-a-bbb-x-a-ccc"),
  ])
  func wellFormedTagsAreCanonicalized(text: String, canonical: String) {
    #expect(LanguageTag(text)?.rawValue == canonical)
  }

  @Test(arguments: [
    "", "e", "english1", "en_US", "en--US", "zh-Hans-", "123", "en-US-US", "en-a", "de-1901-1901",
    "x",
  ])
  func malformedTagsAreRefused(text: String) {
    #expect(LanguageTag(text) == nil)
  }

  @Test func coverageFollowsThePrimaryLanguage() throws {
    let hant = try #require(LanguageTag("zh-Hant"))
    #expect(hant.covers(.simplifiedChinese))
    #expect(LanguageTag.english.covers(try #require(LanguageTag("en-GB"))))
    #expect(!LanguageTag.english.covers(.simplifiedChinese))
    #expect(hant.script == "Hant")
    // A primary subtag is compared whole, with or without subtags after it.
    for (a, b) in [("en", "eng"), ("en-GB", "eng"), ("zh", "zh-Hant-TW"), ("de-CH", "de-AT")] {
      let x = try #require(LanguageTag(a))
      let y = try #require(LanguageTag(b))
      #expect(x.covers(y) == (x.language == y.language), "\(a) \(b)")
      #expect(y.covers(x) == x.covers(y))
    }
  }
}
