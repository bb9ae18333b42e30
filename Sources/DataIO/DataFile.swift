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

    /// Reads the table in `path` (`-` for standard input), CSV or `.npy`.
    ///
    /// - Parameters:
    ///   - columns: the columns to keep; for `.npy` files the names are `column1`, … so entries are
    ///     usually 1-based indices.
    ///   - csv: delimiter, header and thread options used when the file is CSV (its own `columns`
    ///     is replaced by `columns` when that is not `nil`).
    /// - Throws: ``DataIOError`` from reading the file, from ``CSVReader``, from ``NPY``, or from
    ///   resolving `columns`.
    /// - Complexity: O(file size).
    public static func read(_ path: String, columns: ColumnSelection? = nil,
                            csv: CSVReader = CSVReader()) throws(DataIOError) -> NumericTable {
        let source = sourceName(path)
        return try withContents(of: path) { bytes throws(DataIOError) in
            switch format(path: path, bytes: bytes) {
            case .npy:
                let table = try NPY.decode(bytes, source: source)
                guard let columns else { return table }
                return table.selectingColumns(try columns.resolve(in: table.columnNames, source: source))
            case .csv:
                var reader = csv
                if let columns { reader.columns = columns }
                return try reader.read(bytes, source: source)
            }
        }
    }

    /// Calls `body` with the bytes of the file at `path` (`-`: standard input).
    ///
    /// A regular file is memory-mapped read-only (no copy; the pages come from the file cache),
    /// anything else — standard input, a pipe, an empty file, or a file that cannot be mapped — is
    /// read into memory. The buffer is valid only during `body`. (As with any mapping, a file
    /// truncated by another process while `body` runs can end the process with SIGBUS.)
    ///
    /// - Throws: as ``readBytes(_:)``, and whatever `body` throws.
    public static func withContents<Value>(
        of path: String, _ body: (UnsafeRawBufferPointer) throws(DataIOError) -> Value
    ) throws(DataIOError) -> Value {
        if path != "-" {
            var status = stat()
            if stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG && status.st_size > 0 {
                let descriptor = open(path, O_RDONLY | O_CLOEXEC)
                if descriptor >= 0 {
                    let size = Int(status.st_size)
                    #if os(Linux)
                    let flags = MAP_PRIVATE | MAP_POPULATE
                    #else
                    let flags = MAP_PRIVATE
                    #endif
                    let mapping = mmap(nil, size, PROT_READ, flags, descriptor, 0)
                    close(descriptor)
                    if let mapping, mapping != UnsafeMutableRawPointer(bitPattern: -1) {
                        defer { munmap(mapping, size) }
                        return try body(UnsafeRawBufferPointer(start: mapping, count: size))
                    }
                }
            }
        }
        let bytes = try readBytes(path)
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
    ///   directory, ``DataIOError/unreadable(path:reason:)`` when opening or reading fails.
    public static func readBytes(_ path: String) throws(DataIOError) -> [UInt8] {
        if path == "-" {
            return try readAll(fileDescriptor: 0, sizeHint: 0, path: "<stdin>")
        }
        var status = stat()
        if stat(path, &status) != 0 {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw .fileNotFound(path: path) }
            throw .unreadable(path: path, reason: systemMessage(code))
        }
        if status.st_mode & S_IFMT == S_IFDIR { throw .notAFile(path: path) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 { throw .unreadable(path: path, reason: systemMessage(errno)) }
        defer { close(descriptor) }
        let size = status.st_mode & S_IFMT == S_IFREG ? Int(status.st_size) : 0
        return try readAll(fileDescriptor: descriptor, sizeHint: size, path: path)
    }

    /// Reads until end of file; `sizeHint` (the file's size, or 0 for pipes) sizes the buffer.
    static func readAll(fileDescriptor: Int32, sizeHint: Int, path: String) throws(DataIOError) -> [UInt8] {
        var capacity = Swift.max(sizeHint + 1, 1 << 16)
        var bytes = [UInt8](repeating: 0, count: capacity)
        var count = 0
        while true {
            if count == capacity {
                capacity *= 2
                bytes.append(contentsOf: repeatElement(0, count: capacity - bytes.count))
            }
            let got = bytes.withUnsafeMutableBytes { buffer in
                readFromDescriptor(fileDescriptor, buffer.baseAddress! + count, capacity - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: systemMessage(errno))
            }
            if got == 0 { break }
            count += got
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// The C library's message for an `errno` value.
    static func systemMessage(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// POSIX `read(2)`, named apart from `DataFile.read` so the call inside it is unambiguous.
private func readFromDescriptor(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
