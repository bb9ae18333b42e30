#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a data file of either kind Mixtape accepts, choosing the reader by content.
///
/// A file is NumPy `.npy` when its name ends in `.npy` or its first bytes are NumPy's magic
/// (`\x93NUMPY`, so standard input works too); anything else is read as CSV.
///
/// ```swift
/// let table = try DataFile.read("faithful.csv", columns: ColumnSelection(parsing: "eruptions,waiting"))
/// let same = try DataFile.read("faithful.npy")
/// ```
public enum DataFile {
    /// The kinds of data file.
    public enum Format: Equatable, Sendable {
        /// Delimited text, read by ``CSVReader``.
        case csv
        /// A NumPy array file, read by ``NPY``.
        case npy
    }

    /// The format of a file named `path` whose content starts with `bytes`.
    public static func format(path: String, bytes: [UInt8]) -> Format {
        bytes.withUnsafeBytes { format(path: path, bytes: $0) }
    }

    /// The format of a file named `path` whose content starts with `bytes`.
    public static func format(path: String, bytes: UnsafeRawBufferPointer) -> Format {
        if path.lowercased().hasSuffix(".npy") || NPY.hasMagic(bytes) { return .npy }
        return .csv
    }

    /// The largest input read by default: 4 GiB (4,294,967,296 bytes). A regular file larger than
    /// this is refused before it is read, a stream (standard input, a pipe, `/dev/zero`) as soon as
    /// it goes past it; every reader takes a `maxBytes` to raise or lower it.
    public static let defaultMaxInputBytes = 4 << 30

    /// Reads the table in `path` (`-` for standard input), CSV or `.npy`.
    ///
    /// A regular file is read with `pread` (CSV in windows, `.npy` straight into the table), never
    /// memory-mapped: a file truncated or rewritten by another process while it is read gives
    /// ``DataIOError/changedWhileReading(path:)``, never a crash. Standard input, pipes and devices
    /// are read into memory up to `maxBytes`.
    ///
    /// - Parameters:
    ///   - path: the file to read; `-` reads standard input.
    ///   - columns: the columns to keep; for `.npy` files the names are `column1`, … so entries are
    ///     usually 1-based indices.
    ///   - csv: delimiter, header, thread and memory options used when the file is CSV (its own
    ///     `columns` is replaced by `columns` when that is not `nil`); its ``CSVReader/memoryLimit``
    ///     also bounds a `.npy` table.
    ///   - maxBytes: the largest input accepted (default ``defaultMaxInputBytes``).
    /// - Throws: ``DataIOError`` from reading the file (including
    ///   ``DataIOError/inputTooLarge(source:size:limit:)``), from ``CSVReader``, from ``NPY``, or
    ///   from resolving `columns`.
    /// - Complexity: O(file size).
    public static func read(_ path: String, columns: ColumnSelection? = nil, csv: CSVReader = CSVReader(),
                            maxBytes: Int = defaultMaxInputBytes) throws(DataIOError) -> NumericTable {
        let file = try InputFile(path: path)
        let source = file.source
        var reader = csv
        if let columns { reader.columns = columns }
        func selected(_ table: NumericTable) throws(DataIOError) -> NumericTable {
            guard let columns else { return table }
            return table.selectingColumns(try columns.resolve(in: table.columnNames, source: source))
        }
        if file.isSeekable {
            guard file.size <= maxBytes else { throw .inputTooLarge(source: source, size: file.size, limit: maxBytes) }
            if format(path: path, bytes: try file.bytes(count: Swift.min(file.size, NPY.magic.count), at: 0)) == .npy {
                return try selected(NPY.decode(file, rejectNonFinite: true, memoryLimit: reader.memoryLimit))
            }
            return try reader.read(file, maxBytes: maxBytes)
        }
        let bytes = try file.readAll(maxBytes: maxBytes)
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(DataIOError) -> NumericTable in
                switch format(path: path, bytes: buffer) {
                case .npy: return try selected(NPY.decode(buffer, source: source))
                case .csv: return try reader.read(buffer, source: source)
                }
            }
        }
        return try result.get()
    }

    /// Calls `body` with all bytes of the file at `path` (`-`: standard input), read into memory.
    ///
    /// A regular file is read with `pread` at the size it had when opened and checked unchanged
    /// afterwards; a stream is read until it ends. Nothing is memory-mapped, so no other process can
    /// change the bytes while `body` runs. The buffer is valid only during `body`.
    ///
    /// - Throws: as ``readBytes(_:maxBytes:)``, and whatever `body` throws.
    public static func withContents<Value>(
        of path: String, maxBytes: Int = defaultMaxInputBytes, _ body: (UnsafeRawBufferPointer) throws(DataIOError) -> Value
    ) throws(DataIOError) -> Value {
        let bytes = try readBytes(path, maxBytes: maxBytes)
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(DataIOError) in try body(buffer) }
        }
        return try result.get()
    }

    /// How error messages name `path`: itself, or `<stdin>` for `-`.
    public static func sourceName(_ path: String) -> String {
        path == "-" ? "<stdin>" : path
    }

    /// All bytes of the file at `path`, or of standard input when `path` is `-`.
    ///
    /// - Throws: ``DataIOError/fileNotFound(path:)``, ``DataIOError/notAFile(path:)`` for a
    ///   directory, ``DataIOError/unreadable(path:reason:)`` when opening or reading fails,
    ///   ``DataIOError/inputTooLarge(source:size:limit:)`` past `maxBytes`,
    ///   ``DataIOError/changedWhileReading(path:)`` when a regular file changes during the read.
    public static func readBytes(_ path: String, maxBytes: Int = defaultMaxInputBytes) throws(DataIOError) -> [UInt8] {
        try InputFile(path: path).readAll(maxBytes: maxBytes)
    }

    /// The C library's message for an `errno` value.
    static func systemMessage(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
