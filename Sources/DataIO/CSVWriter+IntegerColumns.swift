extension CSVWriter {
    /// The CSV text of `table` with the columns in `integerColumns` (0-based) written as integers
    /// (`3`, not `3.0`): labels and component numbers. The other columns are written as by
    /// ``encode(_:)``.
    ///
    /// ```swift
    /// let table = NumericTable(columnNames: ["x", "label"], rows: [[0.5, 1], [2.25, 0]])
    /// CSVWriter().encode(table, integerColumns: [1])   // "x,label\n0.5,1\n2.25,0\n"
    /// ```
    /// - Precondition: every value in an integer column is a whole number within ±2⁶³.
    /// - Complexity: O(rowCount · columnCount).
    public func encode(_ table: NumericTable, integerColumns: Set<Int>) -> [UInt8] {
        if integerColumns.isEmpty { return encode(table) }
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
        let integer = (0..<width).map { integerColumns.contains($0) }
        for row in 0..<table.rowCount {
            for column in 0..<width {
                if column > 0 { out.append(delimiter) }
                let value = table.values[row * width + column]
                if integer[column] {
                    precondition(value == value.rounded() && abs(value) < 0x1p63, "CSVWriter: \(value) in an integer column")
                    out.append(contentsOf: String(Int64(value)).utf8)
                } else {
                    out.append(contentsOf: value.description.utf8)
                }
            }
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }
}
