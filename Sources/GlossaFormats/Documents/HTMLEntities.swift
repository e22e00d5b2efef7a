/// Decoding of HTML character references: `&amp;`, `&rsquo;`, `&#8217;`, `&#x2019;`.
enum HTMLEntities {
  /// The named references Glossa decodes: the HTML 4 set and the typographic HTML 5 names.
  static let named: [String: String] = [
    "amp": "\u{26}",
    "lt": "\u{3C}",
    "gt": "\u{3E}",
    "quot": "\u{22}",
    "apos": "\u{27}",
    "nbsp": "\u{A0}",
    "ensp": "\u{2002}",
    "emsp": "\u{2003}",
    "thinsp": "\u{2009}",
    "hairsp": "\u{200A}",
    "zwj": "\u{200D}",
    "zwnj": "\u{200C}",
    "shy": "\u{AD}",
    "lrm": "\u{200E}",
    "rlm": "\u{200F}",
    "ndash": "\u{2013}",
    "mdash": "\u{2014}",
    "minus": "\u{2212}",
    "hyphen": "\u{2010}",
    "dash": "\u{2010}",
    "horbar": "\u{2015}",
    "lsquo": "\u{2018}",
    "rsquo": "\u{2019}",
    "sbquo": "\u{201A}",
    "ldquo": "\u{201C}",
    "rdquo": "\u{201D}",
    "bdquo": "\u{201E}",
    "prime": "\u{2032}",
    "Prime": "\u{2033}",
    "laquo": "\u{AB}",
    "raquo": "\u{BB}",
    "lsaquo": "\u{2039}",
    "rsaquo": "\u{203A}",
    "hellip": "\u{2026}",
    "middot": "\u{B7}",
    "centerdot": "\u{B7}",
    "bull": "\u{2022}",
    "bullet": "\u{2022}",
    "copy": "\u{A9}",
    "reg": "\u{AE}",
    "trade": "\u{2122}",
    "deg": "\u{B0}",
    "plusmn": "\u{B1}",
    "times": "\u{D7}",
    "divide": "\u{F7}",
    "frac12": "\u{BD}",
    "frac14": "\u{BC}",
    "frac34": "\u{BE}",
    "sup1": "\u{B9}",
    "sup2": "\u{B2}",
    "sup3": "\u{B3}",
    "micro": "\u{B5}",
    "para": "\u{B6}",
    "sect": "\u{A7}",
    "cent": "\u{A2}",
    "pound": "\u{A3}",
    "yen": "\u{A5}",
    "euro": "\u{20AC}",
    "curren": "\u{A4}",
    "iexcl": "\u{A1}",
    "iquest": "\u{BF}",
    "ordf": "\u{AA}",
    "ordm": "\u{BA}",
    "not": "\u{AC}",
    "macr": "\u{AF}",
    "acute": "\u{B4}",
    "cedil": "\u{B8}",
    "uml": "\u{A8}",
    "brvbar": "\u{A6}",
    "dagger": "\u{2020}",
    "Dagger": "\u{2021}",
    "permil": "\u{2030}",
    "larr": "\u{2190}",
    "rarr": "\u{2192}",
    "uarr": "\u{2191}",
    "darr": "\u{2193}",
    "harr": "\u{2194}",
    "le": "\u{2264}",
    "ge": "\u{2265}",
    "ne": "\u{2260}",
    "asymp": "\u{2248}",
    "infin": "\u{221E}",
    "sum": "\u{2211}",
    "radic": "\u{221A}",
    "circ": "\u{2C6}",
    "tilde": "\u{2DC}",
    "Agrave": "\u{C0}",
    "Aacute": "\u{C1}",
    "Acirc": "\u{C2}",
    "Atilde": "\u{C3}",
    "Auml": "\u{C4}",
    "Aring": "\u{C5}",
    "AElig": "\u{C6}",
    "Ccedil": "\u{C7}",
    "Egrave": "\u{C8}",
    "Eacute": "\u{C9}",
    "Ecirc": "\u{CA}",
    "Euml": "\u{CB}",
    "Igrave": "\u{CC}",
    "Iacute": "\u{CD}",
    "Icirc": "\u{CE}",
    "Iuml": "\u{CF}",
    "ETH": "\u{D0}",
    "Ntilde": "\u{D1}",
    "Ograve": "\u{D2}",
    "Oacute": "\u{D3}",
    "Ocirc": "\u{D4}",
    "Otilde": "\u{D5}",
    "Ouml": "\u{D6}",
    "Oslash": "\u{D8}",
    "Ugrave": "\u{D9}",
    "Uacute": "\u{DA}",
    "Ucirc": "\u{DB}",
    "Uuml": "\u{DC}",
    "Yacute": "\u{DD}",
    "THORN": "\u{DE}",
    "szlig": "\u{DF}",
    "agrave": "\u{E0}",
    "aacute": "\u{E1}",
    "acirc": "\u{E2}",
    "atilde": "\u{E3}",
    "auml": "\u{E4}",
    "aring": "\u{E5}",
    "aelig": "\u{E6}",
    "ccedil": "\u{E7}",
    "egrave": "\u{E8}",
    "eacute": "\u{E9}",
    "ecirc": "\u{EA}",
    "euml": "\u{EB}",
    "igrave": "\u{EC}",
    "iacute": "\u{ED}",
    "icirc": "\u{EE}",
    "iuml": "\u{EF}",
    "eth": "\u{F0}",
    "ntilde": "\u{F1}",
    "ograve": "\u{F2}",
    "oacute": "\u{F3}",
    "ocirc": "\u{F4}",
    "otilde": "\u{F5}",
    "ouml": "\u{F6}",
    "oslash": "\u{F8}",
    "ugrave": "\u{F9}",
    "uacute": "\u{FA}",
    "ucirc": "\u{FB}",
    "uuml": "\u{FC}",
    "yacute": "\u{FD}",
    "thorn": "\u{FE}",
    "yuml": "\u{FF}",
    "OElig": "\u{152}",
    "oelig": "\u{153}",
    "Scaron": "\u{160}",
    "scaron": "\u{161}",
    "Yuml": "\u{178}",
    "fnof": "\u{192}",
    "Amacr": "\u{100}",
    "amacr": "\u{101}",
    "Emacr": "\u{112}",
    "emacr": "\u{113}",
    "Imacr": "\u{12A}",
    "imacr": "\u{12B}",
    "Omacr": "\u{14C}",
    "omacr": "\u{14D}",
    "Umacr": "\u{16A}",
    "umacr": "\u{16B}",
    "ecaron": "\u{11B}",
    "Ecaron": "\u{11A}",
    "NonBreakingSpace": "\u{A0}",
    "ThinSpace": "\u{2009}",
    "MediumSpace": "\u{205F}",
    "numsp": "\u{2007}",
    "puncsp": "\u{2008}",
    "emsp13": "\u{2004}",
    "emsp14": "\u{2005}",
    "NegativeMediumSpace": "\u{200B}",
    "ZeroWidthSpace": "\u{200B}",
    "lowbar": "\u{5F}",
    "verbar": "\u{7C}",
    "vert": "\u{7C}",
    "lpar": "\u{28}",
    "rpar": "\u{29}",
    "lsqb": "\u{5B}",
    "rsqb": "\u{5D}",
    "lbrack": "\u{5B}",
    "rbrack": "\u{5D}",
    "lcub": "\u{7B}",
    "rcub": "\u{7D}",
    "colon": "\u{3A}",
    "comma": "\u{2C}",
    "period": "\u{2E}",
    "excl": "\u{21}",
    "quest": "\u{3F}",
    "num": "\u{23}",
    "dollar": "\u{24}",
    "percnt": "\u{25}",
    "ast": "\u{2A}",
    "plus": "\u{2B}",
    "equals": "\u{3D}",
    "sol": "\u{2F}",
    "bsol": "\u{5C}",
    "commat": "\u{40}",
    "Hat": "\u{5E}",
    "grave": "\u{60}",
  ]

  /// Decodes the reference that starts at `start` (an `&`); returns its text and the offset after
  /// it, or `nil` when no known reference starts there.
  static func decode(_ source: [UInt8], at start: Int) -> (String, Int)? {
    var i = start + 1
    let n = source.count
    guard i < n else { return nil }
    if source[i] == UInt8(ascii: "#") {
      i += 1
      var hex = false
      if i < n && (source[i] == UInt8(ascii: "x") || source[i] == UInt8(ascii: "X")) {
        hex = true
        i += 1
      }
      var value: UInt32 = 0
      let digitsStart = i
      while i < n, i - digitsStart < 8, let digit = digitValue(source[i], hex: hex) {
        value = value * (hex ? 16 : 10) + digit
        i += 1
      }
      guard i > digitsStart else { return nil }
      if i < n && source[i] == UInt8(ascii: ";") { i += 1 }
      let scalar = Unicode.Scalar(value).flatMap { $0.value == 0 ? nil : $0 } ?? "\u{FFFD}"
      return (String(Character(scalar)), i)
    }
    let nameStart = i
    while i < n, i - nameStart < 32, isAlphanumeric(source[i]) { i += 1 }
    guard i < n, source[i] == UInt8(ascii: ";"), i > nameStart else { return nil }
    let name = String(decoding: source[nameStart..<i], as: UTF8.self)
    guard let text = named[name] else { return nil }
    return (text, i + 1)
  }

  private static func digitValue(_ byte: UInt8, hex: Bool) -> UInt32? {
    switch byte {
    case 0x30...0x39: UInt32(byte - 0x30)
    case 0x61...0x66 where hex: UInt32(byte - 0x61 + 10)
    case 0x41...0x46 where hex: UInt32(byte - 0x41 + 10)
    default: nil
    }
  }

  private static func isAlphanumeric(_ byte: UInt8) -> Bool {
    (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
  }
}
