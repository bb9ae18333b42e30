/// Writes a ``NumericTable`` as CSV that ``CSVReader`` (and NumPy, pandas, R) reads back exactly.
///
/// Numbers are written in Swift's shortest round-trip form (`3.6`, `79.0`, `1e-05`), so reading
/// the text gives back the same `Double`s bit for bit. Header names that contain the delimiter, a
/// quote or a line break are quoted, with `""` for a quote. Lines end in `\n`.
///
/// ```swift
/// try CSVWriter().write(table, to: "labels.csv")   // atomically
/// ```
public struct CSVWriter: Sendable {
    /// The delimiter byte (`,` by default).
    public var delimiter: UInt8
    /// Whether to write the column names as the first line.
    public var includeHeader: Bool

    /// A writer with the given delimiter (`,`, `;` or tab) and header choice.
    public init(delimiter: CSVReader.Delimiter = .comma, includeHeader: Bool = true) {
        self.delimiter = delimiter.byte ?? UInt8(ascii: ",")
        self.includeHeader = includeHeader
    }

    /// The CSV text of `table` as UTF-8 bytes.
    /// - Complexity: O(rowCount · columnCount).
    public func encode(_ table: NumericTable) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(table.values.count * 12 + 64)
        if includeHeader {
            for (index, name) in table.columnNames.enumerated() {
                if index > 0 { out.append(delimiter) }
                appendField(name, to: &out)
            }
            out.append(UInt8(ascii: "\n"))
        }
        let width = table.columnCount
        for row in 0..<table.rowCount {
            for column in 0..<width {
                if column > 0 { out.append(delimiter) }
                out.append(contentsOf: table.values[row * width + column].description.utf8)
            }
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// Writes `table` to `path` atomically (see ``writeAtomically(_:to:)-([UInt8],_)``).
    /// - Throws: as ``writeAtomically(_:to:)-([UInt8],_)``.
    public func write(_ table: NumericTable, to path: String) throws(DataIOError) {
        try writeAtomically(encode(table), to: path)
    }

    func appendField(_ text: String, to out: inout [UInt8]) {
        let bytes = Array(text.utf8)
        let needsQuotes = bytes.contains { byte in
            byte == delimiter || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r")
        } || bytes.first == UInt8(ascii: " ") || bytes.last == UInt8(ascii: " ")
        if !needsQuotes {
            out.append(contentsOf: bytes)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }
}
