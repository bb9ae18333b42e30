/// What went wrong in a record, by byte offset; turned into a ``DataIOError`` with line numbers
/// and column names by ``error(in:source:columnNames:firstLine:)`` (only on the error path).
enum CSVRecordFailure: Error {
    case ragged(offset: Int, fieldCount: Int, expected: Int)
    case nonNumeric(offset: Int, field: Int, text: [UInt8])
    case nonFinite(offset: Int, field: Int, text: [UInt8])
    case unterminatedQuote(offset: Int)

    var offset: Int {
        switch self {
        case let .ragged(offset, _, _), let .nonNumeric(offset, _, _), let .nonFinite(offset, _, _),
             let .unterminatedQuote(offset):
            return offset
        }
    }

    func error(in input: CSVInput, source: String, columnNames: [String], firstLine: Int) -> DataIOError {
        let line = input.lineNumber(of: offset)
        func name(_ field: Int) -> String {
            field < columnNames.count ? columnNames[field] : "column\(field + 1)"
        }
        switch self {
        case let .ragged(_, fieldCount, expected):
            return .raggedRow(source: source, line: line, fieldCount: fieldCount, expected: expected,
                              firstLine: firstLine)
        case let .nonNumeric(_, field, text):
            return .nonNumericCell(source: source, line: line, column: field + 1, columnName: name(field),
                                   text: String(decoding: text, as: UTF8.self))
        case let .nonFinite(_, field, text):
            return .nonFiniteCell(source: source, line: line, column: field + 1, columnName: name(field),
                                  text: String(decoding: text, as: UTF8.self))
        case .unterminatedQuote:
            return .unterminatedQuote(source: source, line: line)
        }
    }
}
