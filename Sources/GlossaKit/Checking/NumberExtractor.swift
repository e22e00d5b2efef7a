/// Finds the numbers a segment states, in English or Chinese notation, as values.
///
/// English: digits with thousands separators and decimals (`1,200.5`), ordinals (`20th`),
/// percentages, scale words (`4 trillion` = 4 × 10¹², `35 million`), number words from two to
/// ninety, and month names (`May` = 5). Chinese: Arabic or full-width digits with 万, 亿 and 万亿
/// (`1.2万亿` = 1.2 × 10¹², `3500万` = 3.5 × 10⁷), Chinese numerals (`三十` = 30, `两千` = 2000,
/// `二〇二七` = 2027, `百分之二十八` = 28), years with 年 and dates with 月 and 日. A lone
/// `一` or `两` is a number only before a measure word, and one is never counted from words
/// (it is as often "a" as "1").
public enum NumberExtractor {
  /// A number stated in a text.
  public struct Number: Sendable, Equatable {
    /// Its value (`3500万` is 35,000,000).
    public var value: Double
    /// Where it is, in Unicode scalars of the text.
    public var range: Range<Int>
    /// Whether it is written in words (`two`, `May`, `两`), which are as often part of a name
    /// (`Two Sessions`, 两会) as a figure: such a number can match one on the other side but is
    /// never reported as missing.
    public var isWord = false
  }

  /// The numbers of `text`, in order.
  public static func numbers(in text: String) -> [Double] { scan(text).map(\.value) }

  /// The numbers of `text` with their places, in order.
  public static func scan(_ text: String) -> [Number] {
    let original = Array(text.unicodeScalars)
    let scalars = original.map { folded($0) }
    var result: [Number] = []
    var i = 0
    let n = scalars.count
    while i < n {
      let c = scalars[i]
      if isDigit(c) && i > 0 && scalars[i - 1].isASCII && scalars[i - 1].properties.isAlphabetic {
        // Digits glued to letters are a code or a name (R0, H1N1, B814), not a figure.
        var j = i
        while j < n
          && (isDigit(scalars[j]) || (scalars[j].isASCII && scalars[j].properties.isAlphabetic))
        { j += 1 }
        i = j
        continue
      }
      if isDigit(c)
        || (c == "." && i + 1 < n && isDigit(scalars[i + 1])
          && (i == 0 || !isDigit(scalars[i - 1])))
      {
        // Arabic digits, with separators and decimals (`.08` too).
        var text = c == "." ? "0" : ""
        var j = i
        var sawDot = false
        while j < n {
          let d = scalars[j]
          if isDigit(d) {
            text.unicodeScalars.append(d)
          } else if d == "." && !sawDot && j + 1 < n && isDigit(scalars[j + 1]) {
            text.append(".")
            sawDot = true
          } else if d == "," && !sawDot
            && (1...3).allSatisfy({ j + $0 < n && isDigit(scalars[j + $0]) })
            && (j + 4 >= n || !isDigit(scalars[j + 4]))
          {
            // A thousands separator: exactly three digits follow.
          } else {
            break
          }
          j += 1
        }
        guard var value = Double(text) else {
          i = j
          continue
        }
        // Ordinal suffixes and Chinese or English scale words.
        var k = j
        var isScaled = false
        let rest = String(String.UnicodeScalarView(scalars[k..<min(n, k + 12)])).lowercased()
        for suffix in ["st", "nd", "rd", "th"] where rest.hasPrefix(suffix) { k += suffix.count }
        var m = k
        while m < n && (scalars[m] == " " || scalars[m] == "\u{A0}") { m += 1 }
        if let decade = decade(scalars, century: value, at: m) {
          // 20世纪60年代: the 1960s.
          result.append(Number(value: decade.value, range: i..<decade.end))
          i = decade.end
          continue
        }
        if m < n, chineseScale[scalars[m]] != nil {
          // 3500万, 1.2万亿, 3千万, 10 万.
          while m < n, let scale = chineseScale[scalars[m]] {
            value *= scale
            m += 1
          }
          k = m
          isScaled = true
        } else {
          let words = String(String.UnicodeScalarView(scalars[m..<min(n, m + 9)])).lowercased()
          for (word, scale) in englishScales where words.hasPrefix(word) {
            value *= scale
            k = m + word.unicodeScalars.count
            isScaled = true
            break
          }
        }
        // A range sharing one scale (2.6 至 3.2 万, 26 to 32 million): the first number can
        // also carry it.
        if isScaled, let previous = result.last, !previous.isWord,
          previous.range.upperBound <= i, i - previous.range.upperBound <= 4,
          scalars[previous.range.upperBound..<i].allSatisfy({
            rangeConnectors.contains($0) || $0 == " " || ("a"..."z").contains($0)
          }),
          let unscaled = Double(
            String(
              String.UnicodeScalarView(scalars[previous.range].filter { isDigit($0) || $0 == "." }))
          ),
          let own = Double(text), own != 0, previous.value == unscaled
        {
          result[result.count - 1].value = unscaled * value / own
        }
        // A span of years written short (2010–11, 1957-58): the second is a year too.
        if !isScaled, text.count == 2, let previous = result.last, !previous.isWord,
          (1000..<3000).contains(previous.value), previous.value == previous.value.rounded(),
          previous.range.upperBound < i, i - previous.range.upperBound == 1,
          ["-", "–", "/"].contains(scalars[previous.range.upperBound])
        {
          value = (previous.value / 100).rounded(.down) * 100 + value
        }
        result.append(Number(value: value, range: i..<max(k, j)))
        i = max(k, j)
        continue
      }
      if chineseDigits[c] != nil || chineseScale[c] != nil {
        var j = i
        while j < n && (chineseDigits[scalars[j]] != nil || chineseScale[scalars[j]] != nil) {
          j += 1
        }
        let run = Array(scalars[i..<j])
        let before = i > 0 ? scalars[i - 1] : " "
        let after = j < n ? scalars[j] : " "
        if let value = chineseValue(run), isCounted(run, value: value, before: before, after: after)
        {
          // 数十万, 几百: an approximate amount, only a word.
          let approximate =
            before == "数" || before == "几" || before == "上" || run[0] == "百" || run[0] == "千"
          if let decade = chineseDecade(scalars, century: value, at: j) {
            result.append(Number(value: decade.value, range: i..<decade.end))
            i = decade.end
            continue
          }
          result.append(Number(value: value, range: i..<j, isWord: run.count == 1 || approximate))
        }
        i = j
        continue
      }
      if c.properties.isAlphabetic && c.isASCII {
        var j = i
        while j < n && scalars[j].isASCII && scalars[j].properties.isAlphabetic { j += 1 }
        let word = String(String.UnicodeScalarView(scalars[i..<j])).lowercased()
        if var value = englishWords[word] {
          // twenty-four, twenty four.
          var end = j
          if value >= 20 && value.truncatingRemainder(dividingBy: 10) == 0, j + 1 < n,
            scalars[j] == "-" || scalars[j] == " "
          {
            var e = j + 1
            while e < n && scalars[e].isASCII && scalars[e].properties.isAlphabetic { e += 1 }
            let next = String(String.UnicodeScalarView(scalars[(j + 1)..<e])).lowercased()
            if let unit = englishWords[next], unit < 10 {
              value += unit
              end = e
            }
          }
          result.append(Number(value: value, range: i..<end, isWord: true))
          i = end
          continue
        }
        if let value = months[word] ?? monthAbbreviations[word] {
          result.append(Number(value: value, range: i..<j, isWord: true))
        } else if word == "may" && original[i] == "M" && startsWithDigit(scalars, after: j) {
          // The month, not the verb: `May 5`.
          result.append(Number(value: 5, range: i..<j, isWord: true))
        } else if let scale = englishScales.first(where: { $0.0 == word })?.1 {
          // two million, a million, half a million.
          let before = String(String.UnicodeScalarView(scalars[max(0, i - 8)..<i])).lowercased()
          if let last = result.last, last.isWord, last.range.upperBound < i,
            scalars[last.range.upperBound..<i].allSatisfy({ $0 == " " || $0 == "-" })
          {
            result[result.count - 1] = Number(
              value: last.value * scale, range: last.range.lowerBound..<j, isWord: true)
          } else if before.hasSuffix("half a ") {
            result.append(Number(value: scale / 2, range: i..<j, isWord: true))
          } else if before.hasSuffix("a ") || before.hasSuffix("one ") {
            result.append(Number(value: scale, range: i..<j, isWord: true))
          }
        }
        i = j
        continue
      }
      i += 1
    }
    return result
  }

  /// The figures of one side that the other never states.
  ///
  /// The values stated in figures in `a` that `b` never states, and those in `b` that `a` never
  /// states, each once. Numbers in words match but are never reported (`Two Sessions`).
  public static func difference(_ a: [Number], _ b: [Number]) -> (
    missing: [Double], extra: [Double]
  ) {
    func unmatched(_ mine: [Number], _ theirs: [Number]) -> [Double] {
      let known = Set(theirs.map { rounded($0.value) })
      var reported: Set<Double> = []
      var result: [Double] = []
      for number in mine where !number.isWord {
        let value = rounded(number.value)
        if !known.contains(value) && reported.insert(value).inserted { result.append(value) }
      }
      return result
    }
    return (unmatched(a, b), unmatched(b, a))
  }

  /// The decade `二十世纪九十年代` written from `index`, where the century is already read.
  private static func chineseDecade(_ scalars: [Unicode.Scalar], century: Double, at index: Int)
    -> (value: Double, end: Int)?
  {
    let n = scalars.count
    guard index + 1 < n, scalars[index] == "世", scalars[index + 1] == "纪" else { return nil }
    var k = index + 2
    var run: [Unicode.Scalar] = []
    while k < n && (chineseDigits[scalars[k]] != nil || chineseScale[scalars[k]] != nil) {
      run.append(scalars[k])
      k += 1
    }
    guard let years = chineseValue(run), k + 1 < n, scalars[k] == "年", scalars[k + 1] == "代" else {
      return nil
    }
    return ((century - 1) * 100 + years, k + 2)
  }

  /// The decade `N世纪M年代` written from `index`, where the century `N` is already read.
  private static func decade(_ scalars: [Unicode.Scalar], century: Double, at index: Int)
    -> (value: Double, end: Int)?
  {
    let n = scalars.count
    guard index + 1 < n, scalars[index] == "世", scalars[index + 1] == "纪" else { return nil }
    var k = index + 2
    while k < n && scalars[k] == " " { k += 1 }
    var digits = ""
    while k < n && isDigit(scalars[k]) {
      digits.unicodeScalars.append(scalars[k])
      k += 1
    }
    while k < n && scalars[k] == " " { k += 1 }
    guard let years = Double(digits), k + 1 < n, scalars[k] == "年", scalars[k + 1] == "代" else {
      return nil
    }
    return ((century - 1) * 100 + years, k + 2)
  }

  /// A number as a person writes it: `35000000` → `35,000,000`, `1.2e12` → `1,200,000,000,000`.
  public static func format(_ value: Double) -> String {
    if value == value.rounded() && abs(value) < 1e18 {
      let digits = String(Int64(value))
      var output = ""
      for (index, character) in digits.reversed().enumerated() {
        if index > 0 && index % 3 == 0 && character != "-" { output.append(",") }
        output.append(character)
      }
      return String(output.reversed())
    }
    return String(value)
  }

  /// Whether two values are the same number, to eight significant digits.
  public static func sameValue(_ a: Double, _ b: Double) -> Bool { rounded(a) == rounded(b) }

  /// The value to eight significant digits, so that `1.2 × 10¹²` and `1200000000000` agree.
  private static func rounded(_ value: Double) -> Double {
    guard value != 0, value.isFinite else { return value }
    var exponent = 0
    var scale = 1.0
    let magnitude = abs(value)
    while magnitude >= scale * 10 && exponent < 300 {
      scale *= 10
      exponent += 1
    }
    // Powers of ten up to 10²² are exact in a Double; dividing by one rounds once.
    let digits = exponent - 8
    if digits >= 0 {
      let power = power(of: digits)
      return (value / power).rounded() * power
    }
    let power = power(of: -digits)
    return (value * power).rounded() / power
  }

  private static func power(of exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<exponent { result *= 10 }
    return result
  }

  private static func startsWithDigit(_ scalars: [Unicode.Scalar], after index: Int) -> Bool {
    var k = index
    while k < scalars.count && scalars[k] == " " { k += 1 }
    return k < scalars.count && isDigit(scalars[k])
  }

  private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }

  /// Full-width digits and punctuation as ASCII.
  private static func folded(_ c: Unicode.Scalar) -> Unicode.Scalar {
    if c.value >= 0xFF10 && c.value <= 0xFF19 {
      return Unicode.Scalar(c.value - 0xFF10 + 0x30) ?? c
    }
    switch c.value {
    case 0xFF0C: return ","
    case 0xFF0E: return "."
    case 0xFF05: return "%"
    default: return c
    }
  }

  private static let chineseDigits: [Unicode.Scalar: Double] = [
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
  ]
  private static let chineseScale: [Unicode.Scalar: Double] = [
    "十": 10, "百": 100, "千": 1_000, "万": 1e4, "亿": 1e8,
  ]
  private static let measureWords: Set<Unicode.Scalar> = [
    "个", "年", "月", "日", "号", "岁", "元", "名", "项", "次", "家", "位", "条", "种", "倍", "天", "周", "批", "座",
    "所",
    "件", "人", "亿", "万", "千", "百", "%", "届", "轮", "类", "大", "点",
  ]
  private static let englishScales: [(String, Double)] = [
    ("trillion", 1e12), ("billion", 1e9), ("million", 1e6), ("thousand", 1e3), ("hundred", 100),
  ]
  private static let rangeConnectors: Set<Unicode.Scalar> = [
    "至", "到", "-", "~", "〜", "～", "–", "—", "－",
  ]
  private static let englishWords: [String: Double] = [
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "second": 2, "third": 3, "fourth": 4,
    "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "twentieth": 20, "twice": 2,
  ]
  private static let months: [String: Double] = [
    "january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
  ]

  private static let monthAbbreviations: [String: Double] = [
    "jan": 1, "feb": 2, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sept": 9, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
  ]

  /// The value of a run of Chinese numerals: positional with 十百千万亿, digit by digit without.
  static func chineseValue(_ run: [Unicode.Scalar]) -> Double? {
    guard !run.isEmpty else { return nil }
    if !run.contains(where: { chineseScale[$0] != nil }) {
      // 二〇二七 → 2027.
      var value = 0.0
      for c in run {
        guard let digit = chineseDigits[c] else { return nil }
        value = value * 10 + digit
      }
      return value
    }
    var total = 0.0
    var section = 0.0
    var digit: Double?
    for c in run {
      if let d = chineseDigits[c] {
        digit = d
      } else if let scale = chineseScale[c] {
        switch scale {
        case 1e8:
          // 五万亿: what came before, in hundred millions.
          total = (total + section + (digit ?? 0)) * scale
          section = 0
        case 1e4:
          total += (section + (digit ?? (section == 0 ? 1 : 0))) * scale
          section = 0
        default:
          section += (digit ?? 1) * scale
        }
        digit = nil
      }
    }
    return total + section + (digit ?? 0)
  }

  /// Whether a run of Chinese numerals states a number here, rather than being part of a word
  /// (`一带一路`, `统一`).
  private static func isCounted(
    _ run: [Unicode.Scalar], value: Double, before: Unicode.Scalar, after: Unicode.Scalar
  ) -> Bool {
    // 万一 (in case), 亿万 (countless) are words; a number never starts with 万 or 亿.
    if let first = run.first, first == "万" || first == "亿" { return false }
    if run.count >= 2 && run.contains(where: { chineseScale[$0] != nil || $0 == "〇" || $0 == "零" })
    {
      return value >= 2
    }
    if run.count >= 2 { return measureWords.contains(after) || before == "第" }
    // A single numeral: before a measure word, or after 第, and not one.
    guard value >= 2 else { return false }
    return measureWords.contains(after) || before == "第" || before == "之"
  }
}
