public import GlossaText

/// A table read from RFC 4180 CSV (or TSV), with the place of every field.
///
/// Fields may be quoted with `"`; a quote inside a quoted field is doubled; quoted fields may
/// hold separators and line breaks. Records end at CR LF, LF or CR.
///
/// Related standard: RFC 4180, *Common Format and MIME Type for CSV Files*.
public struct CSVTable: Sendable {
  /// One record.
  public struct Record: Sendable {
    /// The fields, unquoted.
    public var fields: [String]
    /// The 1-based line and column where each field starts.
    public var positions: [LineIndex.Position]
    /// Whether each field was quoted (a quoted field keeps its spaces).
    public var quoted: [Bool]
    /// The line where the record starts.
    public var line: Int { positions.first?.line ?? 0 }
  }

  /// The records, header included.
  public var records: [Record]

  /// Parses `text`, decoded UTF-8, read from `file`.
  /// - Throws: `InputError` at an unterminated quoted field, a quote inside an unquoted field, or
  ///   text after a closing quote.
  public init(utf8 text: [UInt8], file: String, separator: UInt8 = UInt8(ascii: ","))
    throws(InputError)
  {
    var records: [Record] = []
    var fields: [String] = []
    var positions: [LineIndex.Position] = []
    var quoted: [Bool] = []
    var fieldQuoted = false
    var field: [UInt8] = []
    var line = 1
    var column = 1
    var fieldStart = LineIndex.Position(line: 1, column: 1)
    var i = 0
    let n = text.count
    let quote = UInt8(ascii: "\"")

    func endField() {
      fields.append(String(decoding: field, as: UTF8.self))
      positions.append(fieldStart)
      quoted.append(fieldQuoted)
      field.removeAll(keepingCapacity: true)
    }
    func endRecord() {
      endField()
      records.append(Record(fields: fields, positions: positions, quoted: quoted))
      fields.removeAll(keepingCapacity: true)
      positions.removeAll(keepingCapacity: true)
      quoted.removeAll(keepingCapacity: true)
    }
    /// Moves past the byte at `i`, counting lines and columns.
    func advance() {
      let byte = text[i]
      if byte == 0x0A || (byte == 0x0D && !(i + 1 < n && text[i + 1] == 0x0A)) {
        line += 1
        column = 1
      } else if UTF8Scalars.isLeading(byte) && byte != 0x0D {
        column += 1
      }
      i += 1
    }

    while i < n {
      fieldStart = LineIndex.Position(line: line, column: column)
      fieldQuoted = text[i] == quote
      if text[i] == quote {
        let opened = fieldStart
        advance()
        var closed = false
        while i < n {
          if text[i] == quote {
            if i + 1 < n && text[i + 1] == quote {
              field.append(quote)
              advance()
              advance()
              continue
            }
            advance()
            closed = true
            break
          }
          field.append(text[i])
          advance()
        }
        guard closed else {
          throw InputError(
            file: file, line: opened.line, column: opened.column,
            message: "unterminated quoted field: the quote opened here is never closed")
        }
        if i < n && text[i] != separator && text[i] != 0x0A && text[i] != 0x0D {
          throw InputError(
            file: file, line: line, column: column,
            message:
              "unexpected text after a closing quote; a quote inside a quoted field must be doubled (\"\")"
          )
        }
      } else {
        while i < n && text[i] != separator && text[i] != 0x0A && text[i] != 0x0D {
          if text[i] == quote {
            throw InputError(
              file: file, line: line, column: column,
              message:
                "a quote inside an unquoted field; quote the whole field and double the quote (\"\")"
            )
          }
          field.append(text[i])
          advance()
        }
      }
      if i >= n {
        endRecord()
        break
      }
      if text[i] == separator {
        endField()
        advance()
        if i >= n { endRecord() }
      } else {
        if text[i] == 0x0D && i + 1 < n && text[i + 1] == 0x0A { i += 1 }
        advance()
        endRecord()
      }
    }
    self.records = records
  }
}
