/// Everything that can go wrong reading or writing a data file.
///
/// Each case carries what a person needs to fix the input: the file (`source`: the path as given,
/// `<stdin>` for standard input, or the name given to a bytes reader), the 1-based line number
/// (counting the header line, as an editor shows it), the 1-based column index and its name.
/// ``description`` renders it as one line that ends with what to do, ready for stderr:
///
/// ```
/// data.csv: line 7 has 3 fields, expected 2 (as in line 1); fix or remove that line
/// ```
public enum DataIOError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No file at `path`.
    case fileNotFound(path: String)
    /// `path` exists but is a directory.
    case notAFile(path: String)
    /// The file exists but reading it failed; `reason` is the system's message.
    case unreadable(path: String, reason: String)
    /// The input has no bytes, or only a byte-order mark and blank lines.
    case emptyFile(source: String)
    /// The input has a header line and nothing below it.
    case headerOnly(source: String)
    /// A row whose number of fields differs from the first row's.
    case raggedRow(source: String, line: Int, fieldCount: Int, expected: Int, firstLine: Int)
    /// A cell that is not a number (`text` is the cell, empty for an empty cell).
    case nonNumericCell(source: String, line: Int, column: Int, columnName: String, text: String)
    /// A cell that spells NaN or infinity, or a decimal too large for a `Double`.
    case nonFiniteCell(source: String, line: Int, column: Int, columnName: String, text: String)
    /// A `"` that opens a quoted field on `line` is never closed.
    case unterminatedQuote(source: String, line: Int)
    /// A column list such as `"eruptions,,waiting"` that cannot be parsed.
    case invalidColumnSelection(spec: String, reason: String)
    /// A column list names a column the input does not have.
    case unknownColumn(source: String, name: String, available: [String])
    /// A column list gives a 1-based index outside `1...columnCount`.
    case columnIndexOutOfRange(source: String, index: Int, columnCount: Int)
    /// A `.npy` file whose magic bytes or header dictionary cannot be read.
    case malformedNPY(source: String, reason: String)
    /// A `.npy` file whose element type is not float64 or float32 (`descr` is NumPy's dtype string).
    case unsupportedNPYType(source: String, descr: String)
    /// A `.npy` file stored in Fortran (column-major) order.
    case fortranOrderNPY(source: String)
    /// A `.npy` array that is not 1-D or 2-D.
    case unsupportedNPYShape(source: String, shape: [Int])
    /// A `.npy` file shorter than its header promises.
    case truncatedNPY(source: String, expectedBytes: Int, actualBytes: Int)
    /// A NaN or infinite element in a binary array (row and column 1-based).
    case nonFiniteElement(source: String, row: Int, column: Int)
    /// The directory an output file should go into does not exist (or is not a directory).
    case outputDirectoryMissing(path: String, directory: String)
    /// Writing the output file failed; `reason` is the system's message.
    case cannotWrite(path: String, reason: String)
    /// The input holds more than `limit` bytes (`size` is the file's size when it is known; `nil`
    /// for a stream — standard input, a pipe, a device — that went past the limit while being read).
    case inputTooLarge(source: String, size: Int?, limit: Int)
    /// Reading the input would need about `needed` bytes of memory (`what` says for what, e.g.
    /// `"500000000 rows × 10 columns"`), more than the `available` bytes (``SystemMemory/bytes``).
    case notEnoughMemory(source: String, what: String, needed: Double, available: Int)
    /// The file was truncated, extended or rewritten by another process while it was being read.
    case changedWhileReading(path: String)
    /// The input is a stream (standard input, a pipe, a device), but it has to be read more than
    /// once (a streamed fit reads the file once per pass).
    case notRereadable(source: String)
    /// An output (`role` and `output`, e.g. `--output` and `data.csv`) is the same file as an input
    /// or as another output (`otherRole`, `other`), compared by device and inode. An empty role is
    /// left out of the message; a role with an empty path (standard output) is named alone.
    case outputConflict(output: String, role: String, other: String, otherRole: String, otherIsInput: Bool)

    /// What an error is about, so a command-line tool can pick its exit status (for example 1 for
    /// ``input``, 64 for ``option``).
    public enum Category: Equatable, Sendable {
        /// The input file: missing, unreadable, or not a table of numbers.
        case input
        /// A value the user gave, such as a column list naming a column the file does not have.
        case option
        /// Writing an output file.
        case output
    }

    /// The ``Category-swift.enum`` of this error.
    public var category: Category {
        switch self {
        case .invalidColumnSelection, .unknownColumn, .columnIndexOutOfRange, .outputConflict: return .option
        case .outputDirectoryMissing, .cannotWrite: return .output
        default: return .input
        }
    }

    /// One line: the file, where in it, what is wrong, and what to do.
    public var description: String {
        switch self {
        case let .fileNotFound(path):
            return "\(path): no such file; check the path"
        case let .notAFile(path):
            return "\(path): is a directory, not a data file; give the path of a .csv or .npy file"
        case let .unreadable(path, reason):
            return "\(path): cannot be read (\(reason)); check that the file is readable"
        case let .emptyFile(source):
            return "\(source): the file is empty; give a file with at least one row of numbers"
        case let .headerOnly(source):
            return "\(source): has a header line but no data rows; add rows of numbers below the header"
        case let .raggedRow(source, line, fieldCount, expected, firstLine):
            return "\(source): line \(line) has \(fieldCount) field\(fieldCount == 1 ? "" : "s"), "
                + "expected \(expected) (as in line \(firstLine)); fix or remove that line"
        case let .nonNumericCell(source, line, column, name, text):
            let cell = "\(source): line \(line), column \(column) (\(Self.quoted(name)))"
            if text.allSatisfy({ $0 == " " || $0 == "\t" }) {
                return "\(cell) is empty; fill it in or remove the row (missing values are not supported)"
            }
            return "\(cell): \(Self.quoted(text)) is not a number; fix the cell, or select only numeric columns"
        case let .nonFiniteCell(source, line, column, name, text):
            return "\(source): line \(line), column \(column) (\(Self.quoted(name))): \(Self.quoted(text)) "
                + "is NaN or infinite; replace the value or remove the row"
        case let .unterminatedQuote(source, line):
            return "\(source): line \(line): a quoted field is never closed; add the closing \" "
                + "(a quote inside a quoted field is written \"\")"
        case let .invalidColumnSelection(spec, reason):
            return "column list \(Self.quoted(spec)): \(reason); give names or 1-based indices separated "
                + "by commas, e.g. eruptions,waiting or 1,2"
        case let .unknownColumn(source, name, available):
            let shown = available.prefix(12).map { Self.quoted($0) }.joined(separator: ", ")
            let more = available.count > 12 ? ", … (\(available.count) in all)" : ""
            return "\(source): no column named \(Self.quoted(name)); the columns are \(shown)\(more) "
                + "(or give 1-based indices)"
        case let .columnIndexOutOfRange(source, index, columnCount):
            return "\(source): column index \(index) is out of range; the file has \(columnCount) "
                + "column\(columnCount == 1 ? "" : "s"), numbered 1 to \(columnCount)"
        case let .malformedNPY(source, reason):
            return "\(source): not a readable .npy file (\(reason)); write it with numpy.save"
        case let .unsupportedNPYType(source, descr):
            return "\(source): .npy element type \(Self.quoted(descr)) is not supported; convert it with "
                + "array.astype(numpy.float64) before numpy.save"
        case let .fortranOrderNPY(source):
            return "\(source): .npy array is in Fortran order; save numpy.ascontiguousarray(array) instead"
        case let .unsupportedNPYShape(source, shape):
            let dims = shape.map(String.init).joined(separator: ", ")
            return "\(source): .npy array has shape (\(dims)); expected a 2-D array (rows × columns) "
                + "or a 1-D array (one column); reshape it before numpy.save"
        case let .truncatedNPY(source, expectedBytes, actualBytes):
            return "\(source): .npy data is truncated (\(actualBytes) of \(expectedBytes) bytes); "
                + "the file is incomplete, write it again"
        case let .nonFiniteElement(source, row, column):
            return "\(source): row \(row), column \(column) is NaN or infinite; replace the value or "
                + "remove the row"
        case let .outputDirectoryMissing(path, directory):
            return "\(path): cannot write, directory \(Self.quoted(directory)) does not exist; create it "
                + "or choose another output path"
        case let .cannotWrite(path, reason):
            return "\(path): cannot write (\(reason)); choose a writable output path"
        case let .inputTooLarge(source, size, limit):
            let amount = size.map { "is \(ByteCount($0)) (\($0) bytes)" } ?? "holds more"
            return "\(source): the input \(amount), more than the limit of \(ByteCount(limit)); "
                + "raise the limit if the input really is that large"
        case let .notEnoughMemory(source, what, needed, available):
            return "\(source): \(what) would need about \(ByteCount.describe(needed)) of memory, more than the "
                + "\(ByteCount(available)) available; read fewer rows or columns"
        case let .changedWhileReading(path):
            return "\(path): the file changed while it was being read (another program truncated or wrote it); "
                + "read it again once it is complete, or read a copy"
        case let .notRereadable(source):
            return "\(source): is a stream, but it is read once per pass; save it to a file and give the file's path"
        case let .outputConflict(output, role, other, otherRole, otherIsInput):
            func named(_ role: String, _ path: String) -> String {
                role.isEmpty ? path : path.isEmpty ? role : "\(role) \(path)"
            }
            let consequence = otherIsInput ? "writing it would destroy the input; choose another output path"
                                           : "one would overwrite the other; give each output its own path"
            return "\(named(role, output)) is the same file as \(named(otherRole, other)); \(consequence)"
        }
    }

    /// `"text"` shortened to 40 characters, with line breaks and control characters made visible so
    /// the description stays on one line.
    static func quoted(_ text: String) -> String {
        var shown = ""
        var count = 0
        for character in text {
            if count == 40 {
                shown += "…"
                break
            }
            switch character {
            case "\n": shown += "\\n"
            case "\r": shown += "\\r"
            case "\t": shown += "\\t"
            case "\r\n": shown += "\\r\\n"
            default:
                if let ascii = character.asciiValue, ascii < 0x20 || ascii == 0x7F {
                    shown += "\\u{\(String(ascii, radix: 16))}"
                } else {
                    shown.append(character)
                }
            }
            count += 1
        }
        return "\"" + shown + "\""
    }
}
