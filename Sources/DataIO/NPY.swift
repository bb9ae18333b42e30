/// NumPy's `.npy` array files: reading float64/float32 arrays, writing float64.
///
/// Reading accepts format versions 1.0, 2.0 and 3.0; element types `<f8`, `<f4`, `>f8`, `>f4`
/// (and `=`-native); C (row-major) order; shapes `(n, d)` → an n×d table and `(n,)` → an n×1
/// table (a 1-D array is read as one column). Columns are named `column1`, …, since `.npy` has
/// no names. Float32 elements are widened exactly to `Double`.
///
/// Writing produces a version 1.0 file with `'descr': '<f8'`, `'fortran_order': False` and shape
/// `(rowCount, columnCount)`, which `numpy.load` reads back as a float64 array.
///
/// ```swift
/// try NPY.write(table, to: "data.npy")
/// let back = try NPY.read(contentsOf: "data.npy")   // == table up to column names
/// ```
public enum NPY {
    /// The six bytes every `.npy` file starts with: `\x93NUMPY`.
    public static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Whether `bytes` start with ``magic``.
    public static func hasMagic(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { hasMagic($0) }
    }

    /// Whether `bytes` start with ``magic``.
    public static func hasMagic(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= magic.count && bytes.prefix(magic.count).elementsEqual(magic)
    }

    /// Reads the `.npy` file at `path` (`-` for standard input).
    ///
    /// A regular file is read with `pread` straight into the table (nothing is memory-mapped; a
    /// file truncated or rewritten during the read is ``DataIOError/changedWhileReading(path:)``);
    /// standard input, pipes and devices are read into memory up to `maxBytes`.
    /// - Throws: as ``DataFile/readBytes(_:maxBytes:)`` and ``decode(_:source:rejectNonFinite:)-(UnsafeRawBufferPointer,_,_)``,
    ///   and ``DataIOError/notEnoughMemory(source:what:needed:available:)`` when the table would not
    ///   fit in ``SystemMemory/bytes``.
    public static func read(contentsOf path: String, rejectNonFinite: Bool = true,
                            maxBytes: Int = DataFile.defaultMaxInputBytes) throws(DataIOError) -> NumericTable {
        let file = try InputFile(path: path)
        if file.isSeekable {
            guard file.size <= maxBytes else { throw .inputTooLarge(source: file.source, size: file.size, limit: maxBytes) }
            return try decode(file, rejectNonFinite: rejectNonFinite, memoryLimit: SystemMemory.bytes)
        }
        return try decode(try file.readAll(maxBytes: maxBytes), source: file.source, rejectNonFinite: rejectNonFinite)
    }

    /// Decodes the bytes of a `.npy` file; see ``decode(_:source:rejectNonFinite:)-(UnsafeRawBufferPointer,_,_)``.
    public static func decode(_ bytes: [UInt8], source: String = "<input>",
                              rejectNonFinite: Bool = true) throws(DataIOError) -> NumericTable {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(DataIOError) in try decode(raw, source: source, rejectNonFinite: rejectNonFinite) }
        }
        return try result.get()
    }

    /// Decodes the bytes of a `.npy` file; `source` names them in error messages.
    ///
    /// - Parameters:
    ///   - bytes: the whole file: magic string, header and data.
    ///   - source: the name used in error messages.
    ///   - rejectNonFinite: when `true` (the default) a NaN or infinite element is an error, as it
    ///     is in CSV input.
    /// - Complexity: O(number of elements).
    /// - Throws: ``DataIOError/malformedNPY(source:reason:)`` (no magic, unknown version, a header
    ///   that is not NumPy's dictionary), ``DataIOError/unsupportedNPYType(source:descr:)``,
    ///   ``DataIOError/fortranOrderNPY(source:)``, ``DataIOError/unsupportedNPYShape(source:shape:)``,
    ///   ``DataIOError/truncatedNPY(source:expectedBytes:actualBytes:)``,
    ///   ``DataIOError/emptyFile(source:)`` for zero rows, and
    ///   ``DataIOError/nonFiniteElement(source:row:column:)``.
    public static func decode(_ bytes: UnsafeRawBufferPointer, source: String = "<input>",
                              rejectNonFinite: Bool = true) throws(DataIOError) -> NumericTable {
        let layout = try Layout(bytes, totalBytes: bytes.count, source: source)
        let values = [Double](unsafeUninitializedCapacity: layout.elementCount) { out, initialized in
            layout.element.decode(UnsafeRawBufferPointer(rebasing: bytes[layout.dataStart ..< layout.dataStart + layout.byteCount]),
                                  count: layout.elementCount, into: out.baseAddress!)
            initialized = layout.elementCount
        }
        return try layout.table(values, source: source, rejectNonFinite: rejectNonFinite)
    }

    /// Decodes a regular `.npy` file read with `pread`, block by block straight into the table.
    static func decode(_ file: InputFile, rejectNonFinite: Bool, memoryLimit: Int) throws(DataIOError) -> NumericTable {
        let source = file.source, size = file.size
        // The preamble says how long the header is; then the header itself.
        let prefix = try file.bytes(count: Swift.min(size, 12), at: 0)
        let headerEnd = Swift.min(size, try Layout.headerEnd(prefix, source: source))
        let header = try file.bytes(count: headerEnd, at: 0)
        let layout = try header.withUnsafeBytes { bytes in
            Result { () throws(DataIOError) in try Layout(bytes, totalBytes: size, source: source) }
        }.get()
        let needed = Double(layout.elementCount) * Double(MemoryLayout<Double>.stride)
        if needed > Double(memoryLimit) {
            throw .notEnoughMemory(source: source, what: "\(layout.rows) rows × \(layout.columns) columns",
                                   needed: needed, available: memoryLimit)
        }
        var failure: DataIOError?
        let values = [Double](unsafeUninitializedCapacity: layout.elementCount) { out, initialized in
            let block = (1 << 20) / layout.element.size
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: block * layout.element.size, alignment: 16)
            defer { buffer.deallocate() }
            var done = 0
            while done < layout.elementCount {
                let count = Swift.min(block, layout.elementCount - done)
                do throws(DataIOError) {
                    try file.readExactly(into: buffer, count: count * layout.element.size,
                                         at: layout.dataStart + done * layout.element.size)
                } catch {
                    failure = error
                    initialized = 0
                    return
                }
                layout.element.decode(UnsafeRawBufferPointer(start: buffer, count: count * layout.element.size),
                                      count: count, into: out.baseAddress! + done)
                done += count
            }
            initialized = layout.elementCount
        }
        if let failure { throw failure }
        try file.checkUnchanged()
        return try layout.table(values, source: source, rejectNonFinite: rejectNonFinite)
    }

    /// What a `.npy` header says: the element type, the shape, and where the data lies.
    struct Layout {
        var element: NPYElement
        var rows: Int
        var columns: Int
        var dataStart: Int
        var elementCount: Int
        var byteCount: Int

        /// The offset where the header of a file starting with `prefix` (at least its first 12
        /// bytes, or all of a shorter file) ends.
        static func headerEnd(_ prefix: [UInt8], source: String) throws(DataIOError) -> Int {
            let (start, length) = try prefix.withUnsafeBytes { bytes in
                Result { () throws(DataIOError) in try preamble(bytes, source: source) }
            }.get()
            return start + length
        }

        /// The magic, version and header length: where the header starts and how long it is.
        static func preamble(_ bytes: UnsafeRawBufferPointer, source: String) throws(DataIOError) -> (start: Int, length: Int) {
            guard hasMagic(bytes) else {
                throw .malformedNPY(source: source, reason: "it does not start with the \\x93NUMPY magic bytes")
            }
            guard bytes.count >= 10 else {
                throw .malformedNPY(source: source, reason: "the file ends inside the preamble")
            }
            let major = bytes[6]
            let minor = bytes[7]
            switch major {
            case 1:
                return (10, Int(bytes[8]) | Int(bytes[9]) << 8)
            case 2, 3:
                guard bytes.count >= 12 else {
                    throw .malformedNPY(source: source, reason: "the file ends inside the preamble")
                }
                return (12, Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24)
            default:
                throw .malformedNPY(source: source, reason: "format version \(major).\(minor) is not 1.0, 2.0 or 3.0")
            }
        }

        /// The layout from `bytes`, which hold at least the whole header, of a file of `totalBytes`.
        init(_ bytes: UnsafeRawBufferPointer, totalBytes: Int, source: String) throws(DataIOError) {
            let (headerStart, headerLength) = try Self.preamble(bytes, source: source)
            guard headerStart + headerLength <= bytes.count else {
                throw .malformedNPY(source: source, reason: "the file ends inside the header")
            }
            let header: NPYHeader
            do {
                header = try NPYHeader(parsing: Array(bytes[headerStart ..< headerStart + headerLength]))
            } catch {
                throw .malformedNPY(source: source, reason: error.reason)
            }
            guard let element = NPYElement(descr: header.descr) else {
                throw .unsupportedNPYType(source: source, descr: header.descr)
            }
            if header.fortranOrder { throw .fortranOrderNPY(source: source) }
            let rows: Int
            let columns: Int
            switch header.shape.count {
            case 1: (rows, columns) = (header.shape[0], 1)
            case 2: (rows, columns) = (header.shape[0], header.shape[1])
            default: throw .unsupportedNPYShape(source: source, shape: header.shape)
            }
            if columns == 0 { throw .unsupportedNPYShape(source: source, shape: header.shape) }
            if rows == 0 { throw .emptyFile(source: source) }
            let (elementCount, overflow1) = rows.multipliedReportingOverflow(by: columns)
            let (byteCount, overflow2) = elementCount.multipliedReportingOverflow(by: element.size)
            let dataStart = headerStart + headerLength
            let available = totalBytes - dataStart
            if overflow1 || overflow2 || byteCount > available {
                throw .truncatedNPY(source: source, expectedBytes: overflow1 || overflow2 ? Int.max : byteCount,
                                    actualBytes: available)
            }
            self.element = element
            self.rows = rows
            self.columns = columns
            self.dataStart = dataStart
            self.elementCount = elementCount
            self.byteCount = byteCount
        }

        /// The table of decoded `values`, refusing a non-finite one when asked.
        func table(_ values: [Double], source: String, rejectNonFinite: Bool) throws(DataIOError) -> NumericTable {
            if rejectNonFinite, let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw .nonFiniteElement(source: source, row: bad / columns + 1, column: bad % columns + 1)
            }
            return NumericTable(rowCount: rows, columnCount: columns, values: values)
        }
    }

    /// The bytes of a version 1.0 `.npy` file holding `table` as a float64, C-order,
    /// `(rowCount, columnCount)` array.
    /// - Complexity: O(number of elements).
    public static func encode(_ table: NumericTable) -> [UInt8] {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(table.rowCount), \(table.columnCount)), }"
        // NumPy pads so that the data starts at a multiple of 64 bytes; the header ends in "\n".
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let headerBytes = Array(header.utf8)
        var bytes = magic + [1, 0, UInt8(headerBytes.count & 0xFF), UInt8(headerBytes.count >> 8)] + headerBytes
        bytes.reserveCapacity(bytes.count + table.values.count * 8)
        for value in table.values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Writes `table` to `path` as a float64 `.npy` file, atomically (see ``writeAtomically(_:to:)-([UInt8],_)``).
    /// - Throws: as ``writeAtomically(_:to:)-([UInt8],_)``.
    public static func write(_ table: NumericTable, to path: String) throws(DataIOError) {
        try writeAtomically(encode(table), to: path)
    }
}
