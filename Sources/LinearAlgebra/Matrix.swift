import RealModule

/// A dense matrix stored row-major in one contiguous array.
///
/// Generic over the scalar so the same code runs on `Double`, `Float` and automatic-differentiation
/// scalars (anything conforming to swift-numerics' `Real`, or just `Numeric` for the arithmetic).
///
/// ```swift
/// let a = Matrix<Double>(rows: 2, columns: 2, elements: [4, 2, 2, 3])
/// let x = try a.cholesky().get().solve([1, 2])
/// ```
@frozen
public struct Matrix<Scalar> {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// The elements, row-major: element (i, j) is `elements[i * columns + j]`.
    public var elements: [Scalar]

    /// A matrix from row-major elements.
    /// - Precondition: `elements.count == rows * columns`, both dimensions non-negative.
    @inlinable
    public init(rows: Int, columns: Int, elements: [Scalar]) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        precondition(elements.count == rows * columns,
                     "Matrix(rows: \(rows), columns: \(columns)) needs \(rows * columns) elements, got \(elements.count)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix with every element equal to `value`.
    @inlinable
    public init(rows: Int, columns: Int, repeating value: Scalar) {
        self.init(rows: rows, columns: columns, elements: Array(repeating: value, count: rows * columns))
    }

    /// A matrix from an array of equally long rows.
    /// - Precondition: every row has the same length.
    @inlinable
    public init(_ rowArrays: [[Scalar]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "Matrix rows must all have the same length")
        self.init(rows: rowArrays.count, columns: columns, elements: rowArrays.flatMap { $0 })
    }

    /// Element (i, j).
    @inlinable
    public subscript(row: Int, column: Int) -> Scalar {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// Row `i` as a new array.
    @inlinable
    public func row(_ i: Int) -> [Scalar] {
        Array(elements[(i * columns)..<((i + 1) * columns)])
    }

    /// Column `j` as a new array.
    @inlinable
    public func column(_ j: Int) -> [Scalar] {
        (0..<rows).map { self[$0, j] }
    }

    /// The rows as arrays.
    @inlinable
    public var rowArrays: [[Scalar]] { (0..<rows).map(row) }

    /// The transpose.
    @inlinable
    public var transposed: Matrix {
        var out = [Scalar]()
        out.reserveCapacity(elements.count)
        for j in 0..<columns {
            for i in 0..<rows { out.append(self[i, j]) }
        }
        return Matrix(rows: columns, columns: rows, elements: out)
    }

    /// `true` when the matrix has as many rows as columns.
    @inlinable
    public var isSquare: Bool { rows == columns }

    /// The matrix made of the given rows, in that order.
    @inlinable
    public func selectingRows<S: Sequence>(_ indices: S) -> Matrix where S.Element == Int {
        var out = [Scalar]()
        var count = 0
        for i in indices {
            out.append(contentsOf: elements[(i * columns)..<((i + 1) * columns)])
            count += 1
        }
        return Matrix(rows: count, columns: columns, elements: out)
    }
}

extension Matrix: Equatable where Scalar: Equatable {}
extension Matrix: Hashable where Scalar: Hashable {}
extension Matrix: Sendable where Scalar: Sendable {}

extension Matrix where Scalar: Numeric {
    /// The n×n identity.
    @inlinable
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n, repeating: 0)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// A square matrix with `diagonal` on its diagonal and zeros elsewhere.
    @inlinable
    public static func diagonal(_ diagonal: [Scalar]) -> Matrix {
        var m = Matrix(rows: diagonal.count, columns: diagonal.count, repeating: 0)
        for i in diagonal.indices { m[i, i] = diagonal[i] }
        return m
    }

    /// The diagonal elements.
    @inlinable
    public var diagonal: [Scalar] { (0..<Swift.min(rows, columns)).map { self[$0, $0] } }

    /// The matrix product `lhs · rhs`.
    /// - Complexity: O(lhs.rows · lhs.columns · rhs.columns).
    @inlinable
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.columns == rhs.rows, "Matrix product needs lhs.columns == rhs.rows")
        var out = Matrix(rows: lhs.rows, columns: rhs.columns, repeating: 0)
        for i in 0..<lhs.rows {
            for l in 0..<lhs.columns {
                let a = lhs[i, l]
                for j in 0..<rhs.columns { out[i, j] += a * rhs[l, j] }
            }
        }
        return out
    }

    /// The matrix-vector product `m · v`.
    @inlinable
    public static func * (m: Matrix, v: [Scalar]) -> [Scalar] {
        precondition(m.columns == v.count, "Matrix-vector product needs columns == vector length")
        return (0..<m.rows).map { i in
            var s: Scalar = 0
            for j in 0..<m.columns { s += m[i, j] * v[j] }
            return s
        }
    }

    /// Elementwise sum.
    @inlinable
    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "Matrix sum needs equal shapes")
        return Matrix(rows: lhs.rows, columns: lhs.columns, elements: zip(lhs.elements, rhs.elements).map { $0 + $1 })
    }

    /// Elementwise difference.
    @inlinable
    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "Matrix difference needs equal shapes")
        return Matrix(rows: lhs.rows, columns: lhs.columns, elements: zip(lhs.elements, rhs.elements).map { $0 - $1 })
    }

    /// Every element times `s`.
    @inlinable
    public static func * (s: Scalar, m: Matrix) -> Matrix {
        Matrix(rows: m.rows, columns: m.columns, elements: m.elements.map { s * $0 })
    }
}
