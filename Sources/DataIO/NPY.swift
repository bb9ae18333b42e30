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
    /// - Throws: as ``DataFile/readBytes(_:)`` and ``decode(_:source:rejectNonFinite:)``.
    public static func read(contentsOf path: String, rejectNonFinite: Bool = true) throws(DataIOError) -> NumericTable {
        try DataFile.withContents(of: path) { bytes throws(DataIOError) in
            try decode(bytes, source: DataFile.sourceName(path), rejectNonFinite: rejectNonFinite)
        }
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
    /// - Parameter rejectNonFinite: when `true` (the default) a NaN or infinite element is an error,
    ///   as it is in CSV input.
    /// - Complexity: O(number of elements).
    /// - Throws: ``DataIOError/malformedNPY(source:reason:)`` (no magic, unknown version, a header
    ///   that is not NumPy's dictionary), ``DataIOError/unsupportedNPYType(source:descr:)``,
    ///   ``DataIOError/fortranOrderNPY(source:)``, ``DataIOError/unsupportedNPYShape(source:shape:)``,
    ///   ``DataIOError/truncatedNPY(source:expectedBytes:actualBytes:)``,
    ///   ``DataIOError/emptyFile(source:)`` for zero rows, and
    ///   ``DataIOError/nonFiniteElement(source:row:column:)``.
    public static func decode(_ bytes: UnsafeRawBufferPointer, source: String = "<input>",
                              rejectNonFinite: Bool = true) throws(DataIOError) -> NumericTable {
        guard hasMagic(bytes) else {
            throw .malformedNPY(source: source, reason: "it does not start with the \\x93NUMPY magic bytes")
        }
        guard bytes.count >= 10 else {
            throw .malformedNPY(source: source, reason: "the file ends inside the preamble")
        }
        let major = bytes[6]
        let minor = bytes[7]
        let headerStart: Int
        let headerLength: Int
        switch major {
        case 1:
            headerStart = 10
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        case 2, 3:
            guard bytes.count >= 12 else {
                throw .malformedNPY(source: source, reason: "the file ends inside the preamble")
            }
            headerStart = 12
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        default:
            throw .malformedNPY(source: source, reason: "format version \(major).\(minor) is not 1.0, 2.0 or 3.0")
        }
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
        let available = bytes.count - dataStart
        if overflow1 || overflow2 || byteCount > available {
            throw .truncatedNPY(source: source, expectedBytes: overflow1 || overflow2 ? Int.max : byteCount,
                                actualBytes: available)
        }
        let values = element.decode(UnsafeRawBufferPointer(rebasing: bytes[dataStart ..< dataStart + byteCount]),
                                    count: elementCount)
        if rejectNonFinite, let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw .nonFiniteElement(source: source, row: bad / columns + 1, column: bad % columns + 1)
        }
        return NumericTable(rowCount: rows, columnCount: columns, values: values)
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
