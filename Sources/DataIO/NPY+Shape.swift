extension NPY {
    /// The array shape a `.npy` file's header declares, as NumPy has it: `[k]` for a 1-D array,
    /// `[rows, columns]` for a 2-D one. ``decode(_:source:rejectNonFinite:)-([UInt8],_,_)`` reads
    /// both as a table with one column for 1-D, so a caller that must tell `(k,)` from `(k, 1)` —
    /// scikit-learn's `weights_init` takes only the first — asks here.
    ///
    /// ```swift
    /// try NPY.shape(of: bytes, source: "weights.npy")   // [3]
    /// ```
    /// - Throws: ``DataIOError/malformedNPY(source:reason:)`` when the magic, version or header
    ///   dictionary cannot be read.
    /// - Complexity: O(header length).
    public static func shape(of bytes: [UInt8], source: String = "<input>") throws(DataIOError) -> [Int] {
        guard bytes.starts(with: magic) else {
            throw .malformedNPY(source: source, reason: "it does not start with the \\x93NUMPY magic bytes")
        }
        guard bytes.count >= 10 else { throw .malformedNPY(source: source, reason: "the file ends inside the preamble") }
        let headerStart: Int, headerLength: Int
        switch bytes[6] {
        case 1:
            (headerStart, headerLength) = (10, Int(bytes[8]) | Int(bytes[9]) << 8)
        case 2, 3:
            guard bytes.count >= 12 else { throw .malformedNPY(source: source, reason: "the file ends inside the preamble") }
            (headerStart, headerLength) = (12, Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24)
        default:
            throw .malformedNPY(source: source, reason: "format version \(bytes[6]).\(bytes[7]) is not 1.0, 2.0 or 3.0")
        }
        guard headerStart + headerLength <= bytes.count else {
            throw .malformedNPY(source: source, reason: "the file ends inside the header")
        }
        do {
            return try NPYHeader(parsing: Array(bytes[headerStart ..< headerStart + headerLength])).shape
        } catch {
            throw .malformedNPY(source: source, reason: error.reason)
        }
    }
}
