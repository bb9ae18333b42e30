/// A rectangular table of `Double`s with named columns: what every reader returns.
///
/// Storage is one contiguous row-major array, so `values[i * columnCount + j]` is row `i`,
/// column `j` (both 0-based) — the layout `Matrix<Double>` in LinearAlgebra uses, so a caller can
/// hand `values` over without copying element by element. DataIO itself depends on nothing.
///
/// Invariant: `values.count == rowCount * columnCount`. The initialisers check it; code that
/// assigns the stored properties directly must keep it (``isWellFormed`` tells).
///
/// ```swift
/// let table = NumericTable(columnNames: ["x", "y"], rowCount: 2, values: [1, 2, 3, 4])
/// table[1, 0]   // 3
/// ```
public struct NumericTable: Equatable, Sendable {
    /// One name per column: the header's field, or `column1`, `column2`, … when there is none.
    public var columnNames: [String]
    /// The number of data rows (the header is not counted).
    public var rowCount: Int
    /// All cells, row after row.
    public var values: [Double]

    /// The number of columns, `columnNames.count`.
    @inlinable
    public var columnCount: Int { columnNames.count }

    /// A table from its parts.
    /// - Precondition: `values.count == rowCount * columnNames.count`.
    public init(columnNames: [String], rowCount: Int, values: [Double]) {
        precondition(rowCount >= 0 && values.count == rowCount * columnNames.count,
                     "NumericTable: \(values.count) values do not fill \(rowCount) × \(columnNames.count)")
        self.columnNames = columnNames
        self.rowCount = rowCount
        self.values = values
    }

    /// A table with generated column names `column1` … `columnN`.
    /// - Precondition: `values.count == rowCount * columnCount`.
    public init(rowCount: Int, columnCount: Int, values: [Double]) {
        self.init(columnNames: NumericTable.generatedColumnNames(count: columnCount),
                  rowCount: rowCount, values: values)
    }

    /// A table from rows of equal length.
    /// - Precondition: every row has `columnNames.count` values.
    public init(columnNames: [String], rows: [[Double]]) {
        precondition(rows.allSatisfy { $0.count == columnNames.count },
                     "NumericTable: every row needs \(columnNames.count) values")
        self.init(columnNames: columnNames, rowCount: rows.count, values: rows.flatMap { $0 })
    }

    /// `["column1", …, "column\(count)"]`: the names given to columns of a file without a header.
    public static func generatedColumnNames(count: Int) -> [String] {
        (0..<count).map { "column\($0 + 1)" }
    }

    /// Whether `values.count == rowCount * columnCount` (an invariant check for tests).
    public var isWellFormed: Bool { rowCount >= 0 && values.count == rowCount * columnCount }

    /// The cell at 0-based `row`, `column`.
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columnCount + column] }
        set { values[row * columnCount + column] = newValue }
    }

    /// Row `index` (0-based) as a slice of ``values``.
    @inlinable
    public func row(_ index: Int) -> ArraySlice<Double> {
        values[index * columnCount ..< (index + 1) * columnCount]
    }

    /// Column `index` (0-based) copied out.
    /// - Complexity: O(rowCount).
    public func column(_ index: Int) -> [Double] {
        let stride = columnCount
        return (0..<rowCount).map { values[$0 * stride + index] }
    }

    /// A table of the given 0-based columns, in the order given (repeats allowed).
    /// - Precondition: every index is in `0..<columnCount`.
    /// - Complexity: O(rowCount · indices.count).
    public func selectingColumns(_ indices: [Int]) -> NumericTable {
        if indices == Array(0..<columnCount) { return self }
        let stride = columnCount
        var selected: [Double] = []
        selected.reserveCapacity(rowCount * indices.count)
        for i in 0..<rowCount {
            for j in indices { selected.append(values[i * stride + j]) }
        }
        return NumericTable(columnNames: indices.map { columnNames[$0] }, rowCount: rowCount, values: selected)
    }
}
