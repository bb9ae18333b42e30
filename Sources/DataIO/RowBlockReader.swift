#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Consecutive rows of a file, as ``RowBlockReader`` hands them over.
public struct RowBlock: Sendable {
    /// The rows, row-major (`rows` × `columns`).
    public var values: [Double]
    /// The number of rows (at most the reader's block size; fewer only for the last block).
    public var rows: Int
    /// The number of columns.
    public var columns: Int
    /// The 0-based index in the file's data rows of this block's first row.
    public var firstRow: Int
}

/// A regular CSV or `.npy` file read sequentially in blocks of rows, as many times as needed, in
/// memory bounded by the block (independent of the file's size): what a fit over data larger than
/// memory reads once per pass.
///
/// Every pass cuts the same blocks (fixed by the block size, not by how the bytes are read), so
/// statistics of the blocks merged in order give the same result on every pass. CSV is parsed as
/// ``CSVReader`` parses it (the same header, delimiter and column rules and the same one-line
/// errors); `.npy` as ``NPY`` reads it, a NaN or ±∞ element being an error. The file is opened once
/// and checked unchanged (size, modification and change times) before and after every pass, so a
/// file rewritten between passes or during one is ``DataIOError/changedWhileReading(path:)``.
///
/// ```swift
/// let reader = try RowBlockReader(path: "big.csv")
/// try reader.forEachBlock(rows: 65_536) { block in print(block.firstRow, block.rows) }
/// ```
public struct RowBlockReader: Sendable {
    /// How messages name the file.
    public let source: String
    /// CSV or `.npy`.
    public let format: DataFile.Format
    /// The names of the columns read (for `.npy`, `column1`, …).
    public let columnNames: [String]
    /// The number of columns read.
    public var columnCount: Int { columnNames.count }
    /// The file's size in bytes when it was opened.
    public var byteCount: Int { file.size }

    let file: InputFile
    let kind: Kind
    /// Bytes of CSV read at a time (a record longer than this grows the window to hold it);
    /// internal, so tests can make windows tiny.
    var windowBytes = 1 << 20

    enum Kind: Sendable {
        case csv(CSVReader.CSVLayout, CSVRowParser)
        case npy(NPY.Layout, selection: [Int])
    }

    /// Opens the file at `path` and reads its header (CSV: delimiter, header line and columns;
    /// `.npy`: element type and shape).
    /// - Parameters:
    ///   - path: a regular file; standard input and other streams cannot be read twice.
    ///   - columns: the columns to read, by name or 1-based index; `nil` reads all.
    ///   - csv: delimiter and header options for a CSV file (its `columns` is replaced by
    ///     `columns` when that is not `nil`).
    /// - Throws: ``DataIOError/notRereadable(source:)`` for a stream; otherwise as
    ///   ``DataFile/read(_:columns:csv:maxBytes:)`` does for the file's header.
    public init(path: String, columns: ColumnSelection? = nil, csv: CSVReader = CSVReader()) throws(DataIOError) {
        let file = try InputFile(path: path)
        guard file.isSeekable else { throw .notRereadable(source: file.source) }
        self.file = file
        source = file.source
        let prefix = try file.bytes(count: Swift.min(file.size, NPY.magic.count), at: 0)
        format = DataFile.format(path: path, bytes: prefix)
        switch format {
        case .npy:
            let start = try file.bytes(count: Swift.min(file.size, 12), at: 0)
            let headerEnd = Swift.min(file.size, try NPY.Layout.headerEnd(start, source: source))
            let header = try file.bytes(count: headerEnd, at: 0)
            let size = file.size, name = source
            let layout = try header.withUnsafeBytes { bytes in
                Result { () throws(DataIOError) in try NPY.Layout(bytes, totalBytes: size, source: name) }
            }.get()
            let names = NumericTable.generatedColumnNames(count: layout.columns)
            let selection = try columns?.resolve(in: names, source: source) ?? Array(0..<layout.columns)
            columnNames = selection.map { names[$0] }
            kind = .npy(layout, selection: selection)
        case .csv:
            var reader = csv
            if let columns { reader.columns = columns }
            guard file.size > 0 else { throw .emptyFile(source: source) }
            let layout = try reader.layout(of: file)
            columnNames = layout.selection.map { layout.columnNames[$0] }
            kind = .csv(layout, CSVRowParser(delimiter: layout.delimiter, fieldCount: layout.fieldCount,
                                             selection: layout.selection))
        }
    }

    /// One pass over the file: calls `body` with each block of `rows` consecutive data rows, in
    /// order (the last block may be shorter). Memory: one block and one read window.
    /// - Returns: the number of data rows.
    /// - Throws: ``DataIOError`` for a file that changed since it was opened, is empty or holds a
    ///   cell that is not a finite number (naming the line and column, as ``CSVReader`` does);
    ///   whatever `body` throws, unchanged.
    @discardableResult
    public func forEachBlock(rows blockRows: Int, _ body: (RowBlock) throws -> Void) throws -> Int {
        precondition(blockRows >= 1, "a block holds at least one row")
        try file.checkUnchanged()
        var emitter = BlockEmitter(blockRows: blockRows, columns: columnCount)
        switch kind {
        case let .csv(layout, parser): try csvPass(layout, parser, &emitter, body)
        case let .npy(layout, selection): try npyPass(layout, selection, &emitter, body)
        }
        try emitter.flush(body)
        try file.checkUnchanged()
        if emitter.total == 0 {
            if case let .csv(layout, _) = kind, layout.hasHeader { throw DataIOError.headerOnly(source: source) }
            throw DataIOError.emptyFile(source: source)
        }
        return emitter.total
    }

    /// Collects rows into blocks of `blockRows` and hands each full block on.
    struct BlockEmitter {
        let blockRows: Int
        let columns: Int
        var block: [Double] = []
        var rows = 0
        var total = 0

        init(blockRows: Int, columns: Int) {
            self.blockRows = blockRows
            self.columns = columns
            block.reserveCapacity(Swift.min(blockRows, 1 << 20) * columns)
        }

        mutating func append(_ values: UnsafePointer<Double>, rows count: Int, _ body: (RowBlock) throws -> Void) throws {
            var p = values, left = count
            while left > 0 {
                let take = Swift.min(left, blockRows - rows)
                block.append(contentsOf: UnsafeBufferPointer(start: p, count: take * columns))
                rows += take
                left -= take
                p += take * columns
                if rows == blockRows { try flush(body) }
            }
        }

        mutating func flush(_ body: (RowBlock) throws -> Void) throws {
            guard rows > 0 else { return }
            try body(RowBlock(values: block, rows: rows, columns: columns, firstRow: total))
            total += rows
            rows = 0
            block.removeAll(keepingCapacity: true)
        }
    }

    /// The CSV data read window by window, each window parsed into rows (as ``CSVFileSource`` does).
    func csvPass(_ layout: CSVReader.CSVLayout, _ parser: CSVRowParser, _ emitter: inout BlockEmitter,
                 _ body: (RowBlock) throws -> Void) throws {
        let scratch = CSVRowParser.Scratch(fieldCount: parser.fieldCount, selection: parser.selection)
        defer { scratch.deallocate() }
        let end = file.size
        var window = CSVReadWindow(capacity: windowBytes, start: layout.dataStart)
        defer { window.deallocate() }
        var rowCapacity = 0
        var rowBuffer = UnsafeMutablePointer<Double>.allocate(capacity: 1)
        defer { rowBuffer.deallocate() }
        let width = parser.selection.count
        while window.end < end || window.filled > 0 {
            let complete = try window.fill(from: file, upTo: end)
            // Every row but the last in the window ends at a line end: a bound on its rows.
            let bound = CSVInput.countLineEnds(window.bytes, window.filled, followedBy: nil) + 1
            if bound * width > rowCapacity {
                rowBuffer.deallocate()
                rowCapacity = bound * width
                rowBuffer = .allocate(capacity: Swift.max(rowCapacity, 1))
            }
            switch parser.parseWindow(window.input, from: 0, to: window.filled, complete: complete, into: rowBuffer,
                                      maxRows: bound, scratch: scratch) {
            case .failure(let failure):
                throw csvError(failure.shifted(by: window.start), layout)
            case .success(let result):
                try emitter.append(rowBuffer, rows: result.rows, body)
                if complete { return }
                window.consume(result.stop)
            }
        }
    }

    /// The one-line error for a CSV failure at a file offset (a changed file is said to be one).
    func csvError(_ failure: CSVRecordFailure, _ layout: CSVReader.CSVLayout) -> Error {
        var line = 0
        if failure.needsLine {
            let lines = CSVFileSource(file: file, dataStart: layout.dataStart, dataEnd: file.size, windowBytes: windowBytes)
            switch lines.lineNumber(of: failure.offset) {
            case .success(let number): line = number
            case .failure(let error): return error
            }
        }
        do { try file.checkUnchanged() } catch { return error }
        return failure.error(line: line, source: source, columnNames: layout.columnNames, firstLine: layout.firstLine)
    }

    /// The `.npy` data read a block of rows at a time, the selected columns kept.
    func npyPass(_ layout: NPY.Layout, _ selection: [Int], _ emitter: inout BlockEmitter,
                 _ body: (RowBlock) throws -> Void) throws {
        let d = layout.columns, size = layout.element.size
        let rowsPerRead = Swift.max(1, Swift.min(emitter.blockRows, (1 << 20) / (d * size)))
        let raw = UnsafeMutableRawPointer.allocate(byteCount: rowsPerRead * d * size, alignment: 16)
        defer { raw.deallocate() }
        let decoded = UnsafeMutablePointer<Double>.allocate(capacity: rowsPerRead * d)
        defer { decoded.deallocate() }
        let kept = UnsafeMutablePointer<Double>.allocate(capacity: rowsPerRead * selection.count)
        defer { kept.deallocate() }
        let identity = selection == Array(0..<d)
        var done = 0
        while done < layout.rows {
            let count = Swift.min(rowsPerRead, layout.rows - done)
            try file.readExactly(into: raw, count: count * d * size, at: layout.dataStart + done * d * size)
            layout.element.decode(UnsafeRawBufferPointer(start: raw, count: count * d * size), count: count * d,
                                  into: decoded)
            for i in 0..<(count * d) where !decoded[i].isFinite {
                throw DataIOError.nonFiniteElement(source: source, row: done + i / d + 1, column: i % d + 1)
            }
            if identity {
                try emitter.append(decoded, rows: count, body)
            } else {
                for r in 0..<count {
                    for (j, c) in selection.enumerated() { kept[r * selection.count + j] = decoded[r * d + c] }
                }
                try emitter.append(kept, rows: count, body)
            }
            done += count
        }
    }
}
