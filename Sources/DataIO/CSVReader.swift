/// Reads delimited text (CSV, semicolon-separated, TSV) of numbers into a ``NumericTable``.
///
/// What it accepts:
/// - a header line or none: with ``Header-swift.enum/detect`` the first row is a header when it
///   has a non-empty cell that is not a number in a column where the second row has a number (so
///   `eruptions,waiting` is a header, while a header-less file with a text column such as iris's
///   species is not mistaken for one); with one row only, any non-numeric cell makes it a header.
///   Without a header, columns are named `column1`, `column2`, …;
/// - `,` `;` or tab between fields, detected from the first lines (the one that splits every line
///   into the same number of fields, most fields first) or given;
/// - fields in double quotes, with `""` for a quote inside, and line breaks inside quotes;
/// - LF or CRLF line ends, a UTF-8 byte-order mark, a missing final line end; blank lines are
///   skipped; spaces around numbers are ignored;
/// - numbers as ``NumberParser`` reads them; `nan`/`inf` cells and empty cells are errors, as are
///   rows with another number of fields than the first row. Only the selected ``columns`` need to
///   be numeric.
///
/// Parsing works on bytes; a file without quotes larger than 1 MiB is split at line ends and parsed
/// on all cores (at most ``maxThreads``).
///
/// ```swift
/// let table = try CSVReader(columns: ColumnSelection(parsing: "waiting")).read(contentsOf: "faithful.csv")
/// ```
public struct CSVReader: Sendable {
    /// The byte between fields.
    public enum Delimiter: Equatable, Sendable {
        /// Pick `,`, `;` or tab from the first lines of the input.
        case detect
        /// `,`
        case comma
        /// `;`
        case semicolon
        /// `\t`
        case tab

        /// The delimiter byte, `nil` for ``detect``.
        public var byte: UInt8? {
            switch self {
            case .detect: return nil
            case .comma: return UInt8(ascii: ",")
            case .semicolon: return UInt8(ascii: ";")
            case .tab: return UInt8(ascii: "\t")
            }
        }
    }

    /// Whether the first row holds column names.
    public enum Header: Equatable, Sendable {
        /// Decide from the first two rows (see ``CSVReader``).
        case detect
        /// The first row is a header.
        case present
        /// The first row is data.
        case absent
    }

    /// The delimiter, or ``Delimiter-swift.enum/detect``.
    public var delimiter: Delimiter
    /// Whether there is a header line, or ``Header-swift.enum/detect``.
    public var header: Header
    /// The columns to read, in this order; `nil` reads all. Unselected columns may hold anything.
    public var columns: ColumnSelection?
    /// The most threads to parse with; `0` means one per core, `1` parses on the calling thread.
    public var maxThreads: Int

    /// A reader with the given options; the defaults detect everything and read every column.
    public init(delimiter: Delimiter = .detect, header: Header = .detect,
                columns: ColumnSelection? = nil, maxThreads: Int = 0) {
        self.delimiter = delimiter
        self.header = header
        self.columns = columns
        self.maxThreads = maxThreads
    }

    /// Reads the file at `path`, or standard input when `path` is `-`.
    ///
    /// - Complexity: O(file size), in parallel over the cores for large files.
    /// - Throws: ``DataIOError``: the file cannot be read (missing, a directory, unreadable), or its
    ///   content is not a table of numbers (see ``read(_:source:)-(UnsafeRawBufferPointer,_)``).
    public func read(contentsOf path: String) throws(DataIOError) -> NumericTable {
        try DataFile.withContents(of: path) { bytes throws(DataIOError) in
            try read(bytes, source: DataFile.sourceName(path))
        }
    }

    /// Reads CSV bytes; `source` names them in error messages.
    ///
    /// - Throws: ``DataIOError/emptyFile(source:)``, ``DataIOError/headerOnly(source:)``,
    ///   ``DataIOError/raggedRow(source:line:fieldCount:expected:firstLine:)``,
    ///   ``DataIOError/nonNumericCell(source:line:column:columnName:text:)``,
    ///   ``DataIOError/nonFiniteCell(source:line:column:columnName:text:)``,
    ///   ``DataIOError/unterminatedQuote(source:line:)``, and the column-selection errors of
    ///   ``ColumnSelection/resolve(in:source:)``.
    public func read(_ bytes: [UInt8], source: String = "<input>") throws(DataIOError) -> NumericTable {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(DataIOError) in try read(buffer, source: source) }
        }
        return try result.get()
    }

    /// Reads CSV bytes in place; `source` names them in error messages.
    /// - Throws: as ``read(_:source:)-([UInt8],_)``.
    public func read(_ bytes: UnsafeRawBufferPointer, source: String = "<input>") throws(DataIOError) -> NumericTable {
        let input = CSVInput(bytes.bindMemory(to: UInt8.self))
        guard let first = input.skipBlankLines(from: input.start) else {
            throw .emptyFile(source: source)
        }
        let delimiterByte = delimiter.byte ?? input.detectDelimiter(from: first)
        let splitter = CSVRecordSplitter(input: input, delimiter: delimiterByte)
        let located = Result { () throws(CSVRecordFailure) in
            let firstRecord = try splitter.split(at: first)
            let second = input.skipBlankLines(from: firstRecord.next)
            let secondRecord = second.flatMap { try? splitter.split(at: $0) }
            return (firstRecord, second, secondRecord)
        }
        let (firstRecord, second, secondRecord): (CSVRecord, Int?, CSVRecord?)
        switch located {
        case .success(let found): (firstRecord, second, secondRecord) = found
        case .failure(let failure): throw failure.error(in: input, source: source, columnNames: [], firstLine: 1)
        }

        let hasHeader: Bool
        switch header {
        case .present: hasHeader = true
        case .absent: hasHeader = false
        case .detect: hasHeader = Self.looksLikeHeader(firstRecord, secondRecord)
        }
        let fieldCount = firstRecord.fields.count
        let columnNames: [String]
        if hasHeader {
            columnNames = firstRecord.fields.enumerated().map { index, field in
                let name = Substring(String(decoding: field.bytes, as: UTF8.self)).trimmingSpaces()
                return name.isEmpty ? "column\(index + 1)" : name
            }
        } else {
            columnNames = NumericTable.generatedColumnNames(count: fieldCount)
        }
        let selection = try columns?.resolve(in: columnNames, source: source) ?? Array(0..<fieldCount)
        let firstLine = input.lineNumber(of: first)

        guard let dataStart = hasHeader ? second : first else {
            throw .headerOnly(source: source)
        }
        let parser = CSVRowParser(splitter: splitter, fieldCount: fieldCount, selection: selection)
        let parsed = parser.parse(from: dataStart, threads: maxThreads)
        switch parsed {
        case .failure(let failure):
            throw failure.error(in: input, source: source, columnNames: columnNames, firstLine: firstLine)
        case .success(let (values, rows)):
            if rows == 0 {
                throw hasHeader ? .headerOnly(source: source) : .emptyFile(source: source)
            }
            return NumericTable(columnNames: selection.map { columnNames[$0] }, rowCount: rows, values: values)
        }
    }

    /// The header rule of ``Header-swift.enum/detect``.
    static func looksLikeHeader(_ first: CSVRecord, _ second: CSVRecord?) -> Bool {
        func isText(_ field: CSVField) -> Bool {
            if field.bytes.allSatisfy(NumberParser.isBlank) { return false }
            return NumberParser.parse(field.bytes) == .invalid
        }
        func isNumber(_ field: CSVField) -> Bool { NumberParser.parse(field.bytes) != .invalid }
        if let second, second.fields.count == first.fields.count {
            return zip(first.fields, second.fields).contains { isText($0) && isNumber($1) }
        }
        return first.fields.contains(where: isText)
    }
}
