/// What went wrong in a record, by byte offset from the start of the input; turned into a
/// ``DataIOError`` with line numbers and column names by ``error(line:source:columnNames:firstLine:)``
/// (only on the error path).
enum CSVRecordFailure: Error {
    case ragged(offset: Int, fieldCount: Int, expected: Int)
    case nonNumeric(offset: Int, field: Int, text: [UInt8])
    case nonFinite(offset: Int, field: Int, text: [UInt8])
    case unterminatedQuote(offset: Int)
    /// More rows than the line ends counted before parsing: the bytes changed between the count and
    /// the parse (another process rewrote the file).
    case moreRowsThanCounted(offset: Int)
    /// Reading the file failed or found it changed.
    case input(DataIOError)

    var offset: Int {
        switch self {
        case let .ragged(offset, _, _), let .nonNumeric(offset, _, _), let .nonFinite(offset, _, _),
             let .unterminatedQuote(offset), let .moreRowsThanCounted(offset):
            return offset
        case .input:
            return 0
        }
    }

    /// The same failure with its offset moved by `distance` (from a window's start to the input's).
    func shifted(by distance: Int) -> CSVRecordFailure {
        switch self {
        case let .ragged(offset, fieldCount, expected):
            return .ragged(offset: offset + distance, fieldCount: fieldCount, expected: expected)
        case let .nonNumeric(offset, field, text): return .nonNumeric(offset: offset + distance, field: field, text: text)
        case let .nonFinite(offset, field, text): return .nonFinite(offset: offset + distance, field: field, text: text)
        case let .unterminatedQuote(offset): return .unterminatedQuote(offset: offset + distance)
        case let .moreRowsThanCounted(offset): return .moreRowsThanCounted(offset: offset + distance)
        case .input: return self
        }
    }

    /// Whether the failure needs the line number of ``offset`` for its message.
    var needsLine: Bool {
        switch self {
        case .moreRowsThanCounted, .input: return false
        default: return true
        }
    }

    /// The error for a failure on 1-based `line` of `source`.
    func error(line: Int, source: String, columnNames: [String], firstLine: Int) -> DataIOError {
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
        case .moreRowsThanCounted:
            return .changedWhileReading(path: source)
        case .input(let error):
            return error
        }
    }

    /// The error for this failure in the in-memory `input`.
    func error(in input: CSVInput, source: String, columnNames: [String], firstLine: Int) -> DataIOError {
        error(line: needsLine ? input.lineNumber(of: offset) : 0, source: source, columnNames: columnNames,
              firstLine: firstLine)
    }
}
