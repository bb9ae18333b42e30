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
/// on all cores (at most ``maxThreads``). Files are read with `pread` in windows, never
/// memory-mapped (see ``read(contentsOf:maxBytes:)``).
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
    /// The most bytes of memory the table may take (and the reader's working memory for its
    /// columns); an input that would need more is refused with
    /// ``DataIOError/notEnoughMemory(source:what:needed:available:)`` before anything is allocated
    /// for it. The default is ``SystemMemory/bytes``.
    public var memoryLimit: Int
    /// Bytes read at a time from a file, per thread (internal, so tests can make windows tiny).
    var windowBytes = 1 << 20

    /// A reader with the given options; the defaults detect everything and read every column.
    public init(delimiter: Delimiter = .detect, header: Header = .detect,
                columns: ColumnSelection? = nil, maxThreads: Int = 0, memoryLimit: Int = SystemMemory.bytes) {
        self.delimiter = delimiter
        self.header = header
        self.columns = columns
        self.maxThreads = maxThreads
        self.memoryLimit = memoryLimit
    }

    /// Reads the file at `path`, or standard input when `path` is `-`.
    ///
    /// A regular file is read piece by piece with `pread` (one window of 1 MiB per thread besides
    /// the table; nothing is memory-mapped), so a file truncated or rewritten by another process
    /// during the read is an error, never a crash. Anything else — standard input, a pipe, a
    /// device — is read into memory, up to `maxBytes`.
    ///
    /// - Parameters:
    ///   - path: the file to read; `-` reads standard input.
    ///   - maxBytes: the largest input accepted, in bytes (a regular file larger than this is
    ///     refused before it is read; a stream as soon as it goes past it).
    /// - Complexity: O(file size), in parallel over the cores for large files.
    /// - Throws: ``DataIOError``: the file cannot be read (missing, a directory, unreadable), is
    ///   larger than `maxBytes`, changes while it is read, needs more memory than ``memoryLimit``,
    ///   or its content is not a table of numbers (see ``read(_:source:)-(UnsafeRawBufferPointer,_)``).
    public func read(contentsOf path: String, maxBytes: Int = DataFile.defaultMaxInputBytes) throws(DataIOError) -> NumericTable {
        let file = try InputFile(path: path)
        guard file.isSeekable else {
            let bytes = try file.readAll(maxBytes: maxBytes)
            return try read(bytes, source: file.source)
        }
        return try read(file, maxBytes: maxBytes)
    }

    /// Reads a regular file window by window (see ``read(contentsOf:maxBytes:)``).
    func read(_ file: InputFile, maxBytes: Int) throws(DataIOError) -> NumericTable {
        let source = file.source
        let size = file.size
        guard size <= maxBytes else { throw .inputTooLarge(source: source, size: size, limit: maxBytes) }
        let found = try layout(of: file)
        let fileSource = CSVFileSource(file: file, dataStart: found.dataStart, dataEnd: size,
                                       windowBytes: Swift.max(windowBytes, 1))
        let parser = CSVRowParser(delimiter: found.delimiter, fieldCount: found.fieldCount, selection: found.selection)
        switch parser.parse(fileSource, threads: maxThreads, memoryLimit: memoryLimit, sourceName: source) {
        case .failure(let failure):
            var line = 0
            if failure.needsLine {
                switch fileSource.lineNumber(of: failure.offset) {
                case .success(let number): line = number
                case .failure(let error): throw error
                }
            }
            // A file that changed can make any bytes look wrong: say that rather than blame a line.
            try file.checkUnchanged()
            throw failure.error(line: line, source: source, columnNames: found.columnNames, firstLine: found.firstLine)
        case .success(let (values, rows)):
            try file.checkUnchanged()
            return try table(found, values: values, rows: rows, source: source)
        }
    }

    /// The layout of a regular file: the header and delimiter come from a window at the start,
    /// doubled until it holds the first two records and the delimiter scan's 64 KiB (or the whole file).
    func layout(of file: InputFile) throws(DataIOError) -> CSVLayout {
        let size = file.size
        var length = Swift.min(size, 2 * CSVInput.delimiterWindow)
        while true {
            let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(length, 1), alignment: 16)
            defer { bytes.deallocate() }
            try file.readExactly(into: bytes.baseAddress!, count: length, at: 0)
            let input = CSVInput(UnsafeBufferPointer(start: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), count: length))
            if let layout = try self.layout(of: input, complete: length == size, source: file.source) { return layout }
            length = Swift.min(size, length * 2)
        }
    }

    /// Reads CSV bytes; `source` names them in error messages.
    ///
    /// - Throws: ``DataIOError/emptyFile(source:)``, ``DataIOError/headerOnly(source:)``,
    ///   ``DataIOError/raggedRow(source:line:fieldCount:expected:firstLine:)``,
    ///   ``DataIOError/nonNumericCell(source:line:column:columnName:text:)``,
    ///   ``DataIOError/nonFiniteCell(source:line:column:columnName:text:)``,
    ///   ``DataIOError/unterminatedQuote(source:line:)``,
    ///   ``DataIOError/notEnoughMemory(source:what:needed:available:)`` past ``memoryLimit``, and the
    ///   column-selection errors of ``ColumnSelection/resolve(in:source:)``.
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
        let found = try layout(of: input, complete: true, source: source)!
        let parser = CSVRowParser(delimiter: found.delimiter, fieldCount: found.fieldCount, selection: found.selection)
        switch parser.parse(CSVMemorySource(input: input, dataStart: found.dataStart), threads: maxThreads,
                            memoryLimit: memoryLimit, sourceName: source) {
        case .failure(let failure):
            throw failure.error(in: input, source: source, columnNames: found.columnNames, firstLine: found.firstLine)
        case .success(let (values, rows)):
            return try table(found, values: values, rows: rows, source: source)
        }
    }

    /// What the first records say about an input: its delimiter, header and columns.
    struct CSVLayout {
        var delimiter: UInt8
        var fieldCount: Int
        var columnNames: [String]
        /// 0-based indices of the columns to read.
        var selection: [Int]
        /// The line of the first record (for "as in line N").
        var firstLine: Int
        /// Offset of the first data row.
        var dataStart: Int
        var hasHeader: Bool
    }

    /// Working memory per column while the header is read: the first two records split into fields
    /// and the column names (measured at about 150 bytes; rounded up).
    static let bytesPerColumn = 256

    /// The layout of `input`, or `nil` when `input` is the start of a longer input (`complete` is
    /// false) that does not yet hold the first two records and the delimiter scan's bytes.
    func layout(of input: CSVInput, complete: Bool, source: String) throws(DataIOError) -> CSVLayout? {
        guard let first = input.skipBlankLines(from: input.start) else {
            if complete { throw .emptyFile(source: source) }
            return nil
        }
        if !complete && input.count - first < CSVInput.delimiterWindow { return nil }
        let delimiterByte = delimiter.byte ?? input.detectDelimiter(from: first, complete: complete)
        // Refuse a first line with more fields than memory allows before splitting it.
        let fieldBound = input.fieldBound(from: first, delimiter: delimiterByte)
        let needed = Double(fieldBound) * Double(Self.bytesPerColumn)
        if needed > Double(memoryLimit) {
            throw .notEnoughMemory(source: source, what: "reading \(fieldBound) columns", needed: needed,
                                   available: memoryLimit)
        }
        let splitter = CSVRecordSplitter(input: input, delimiter: delimiterByte)
        let firstRecord: CSVRecord
        do {
            firstRecord = try splitter.split(at: first)
        } catch {
            if !complete { return nil }
            throw error.error(in: input, source: source, columnNames: [], firstLine: 1)
        }
        if firstRecord.reachedEnd && !complete { return nil }
        let second = input.skipBlankLines(from: firstRecord.next)
        if second == nil && !complete { return nil }
        var secondRecord: CSVRecord?
        if let second {
            secondRecord = try? splitter.split(at: second)
            if !complete && (secondRecord == nil || secondRecord!.reachedEnd) { return nil }
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
        guard let dataStart = hasHeader ? second : first else {
            throw .headerOnly(source: source)
        }
        return CSVLayout(delimiter: delimiterByte, fieldCount: fieldCount, columnNames: columnNames,
                         selection: selection, firstLine: input.lineNumber(of: first), dataStart: dataStart,
                         hasHeader: hasHeader)
    }

    /// The table from parsed values, or the error for an input without data rows.
    func table(_ layout: CSVLayout, values: [Double], rows: Int, source: String) throws(DataIOError) -> NumericTable {
        if rows == 0 {
            throw layout.hasHeader ? .headerOnly(source: source) : .emptyFile(source: source)
        }
        return NumericTable(columnNames: layout.selection.map { layout.columnNames[$0] }, rowCount: rows, values: values)
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
