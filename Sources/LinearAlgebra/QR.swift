import RealModule

/// The Householder QR factorisation `A = Q·R` of an m×n matrix with m ≥ n: `Q` orthogonal (kept as
/// n Householder reflectors `I − τ·v·vᵀ`), `R` n×n upper triangular. Used for linear least
/// squares, min ‖A·x − b‖, without forming `AᵀA` (whose condition number is the square of A's).
///
/// The factorisation works on a column-major copy of A, so every reflector is applied along
/// contiguous memory (a dot product and an axpy per column, both vectorised).
///
/// Non-finite input is not rejected here; ``solveLeastSquares(_:relativeTolerance:)`` reports a
/// rank-deficient or non-finite `R` as ``SingularMatrix``.
///
/// - Complexity: factoring O(2n²(m − n/3)); each least-squares solve O(m·n).
///
/// ```swift
/// let a = Matrix<Double>([[1, 0], [0, 1], [1, 1]])
/// let x = try QR.factor(a).solveLeastSquares([1, 2, 3]).get()   // [1, 2]
/// ```
@frozen
public struct QR<Scalar: Real> {
    /// m.
    public let rows: Int
    /// n.
    public let columns: Int
    /// Column-major m×n: `R` on and above the diagonal, each reflector's vector `v` below it
    /// (its leading 1 not stored).
    @usableFromInline let columnMajor: [Scalar]
    /// The reflector coefficients τₖ.
    public let tau: [Scalar]

    @inlinable
    init(rows: Int, columns: Int, columnMajor: [Scalar], tau: [Scalar]) {
        self.rows = rows
        self.columns = columns
        self.columnMajor = columnMajor
        self.tau = tau
    }

    /// Factors `a` (m×n, m ≥ n) by Householder reflections (Golub & Van Loan, Algorithm 5.2.1).
    /// - Precondition: `a.rows >= a.columns`.
    /// - Complexity: O(2n²(m − n/3)).
    @inlinable
    public static func factor(_ a: Matrix<Scalar>) -> QR {
        let m = a.rows, n = a.columns
        precondition(m >= n, "QR needs at least as many rows as columns, got \(m)×\(n)")
        var storage = [Scalar](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { storage[j * m + i] = a.elements[i * n + j] } }
        var tau = [Scalar](repeating: 0, count: n)
        storage.withUnsafeMutableBufferPointer { buffer in
            let e = buffer.baseAddress!
            for k in 0..<n {
                let column = e + k * m
                // ‖x‖ for x = A[k..<m, k], scaled against overflow.
                var scale: Scalar = 0
                for i in k..<m { scale = Swift.max(scale, Swift.abs(column[i])) }
                if scale == 0 || !scale.isFinite { continue }
                var sum: Scalar = 0
                for i in k..<m { let v = column[i] / scale; sum += v * v }
                let norm = scale * Scalar.sqrt(sum)
                let x0 = column[k]
                let beta = x0 >= 0 ? -norm : norm
                tau[k] = (beta - x0) / beta
                let inverse = 1 / (x0 - beta)
                for i in (k + 1)..<m { column[i] *= inverse }
                column[k] = beta
                // Apply I − τ v vᵀ (v₀ = 1) to the remaining columns.
                let t = tau[k]
                for j in (k + 1)..<n {
                    let target = e + j * m
                    var w = target[k]
                    for i in (k + 1)..<m { w += column[i] * target[i] }
                    w *= t
                    target[k] -= w
                    for i in (k + 1)..<m { target[i] -= w * column[i] }
                }
            }
        }
        return QR(rows: m, columns: n, columnMajor: storage, tau: tau)
    }

    /// `R` on and above the diagonal and the reflectors below, as an m×n row-major matrix.
    @inlinable
    public var factors: Matrix<Scalar> {
        var out = Matrix<Scalar>(rows: rows, columns: columns, repeating: 0)
        for i in 0..<rows { for j in 0..<columns { out[i, j] = columnMajor[j * rows + i] } }
        return out
    }

    /// The n×n upper-triangular factor `R`.
    @inlinable
    public var upper: Matrix<Scalar> {
        let n = columns
        var r = Matrix<Scalar>(rows: n, columns: n, repeating: 0)
        for i in 0..<n { for j in i..<n { r[i, j] = columnMajor[j * rows + i] } }
        return r
    }

    /// `Qᵀ·b` (length m).
    /// - Precondition: `b.count == m`.
    /// - Complexity: O(m·n).
    @inlinable
    public func transposedQTimes(_ b: [Scalar]) -> [Scalar] {
        let m = rows, n = columns
        precondition(b.count == m, "QR: vector has \(b.count) entries, expected \(m)")
        var y = b
        columnMajor.withUnsafeBufferPointer { e in
            for k in 0..<n where tau[k] != 0 {
                let v = e.baseAddress! + k * m
                var w = y[k]
                for i in (k + 1)..<m { w += v[i] * y[i] }
                w *= tau[k]
                y[k] -= w
                for i in (k + 1)..<m { y[i] -= w * v[i] }
            }
        }
        return y
    }

    /// The least-squares solution of `A·x ≈ b`: `x` minimising ‖A·x − b‖₂, by `R·x = (Qᵀb)[0..<n]`.
    /// - Parameters:
    ///   - b: the right-hand side, `m` entries.
    ///   - relativeTolerance: a diagonal entry `|rₖₖ| ≤ relativeTolerance · maxᵢ|rᵢᵢ|` counts as
    ///     zero (rank deficiency); 0 rejects only exact zeros and non-finite entries.
    /// - Returns: `x`, or ``SingularMatrix`` naming the first rank-deficient column.
    /// - Precondition: `b.count == m`.
    /// - Complexity: O(m·n).
    @inlinable
    public func solveLeastSquares(_ b: [Scalar], relativeTolerance: Scalar = 0) -> Result<[Scalar], SingularMatrix> {
        let m = rows, n = columns
        var largest: Scalar = 0
        for i in 0..<n { largest = Swift.max(largest, Swift.abs(columnMajor[i * m + i])) }
        for i in 0..<n {
            let r = Swift.abs(columnMajor[i * m + i])
            guard r > 0, r.isFinite, r > relativeTolerance * largest else {
                return .failure(SingularMatrix(column: i))
            }
        }
        let y = transposedQTimes(b)
        var x = Array(y[0..<n])
        // Back substitution by columns: x[i] final, then removed from the rows above.
        columnMajor.withUnsafeBufferPointer { e in
            for i in stride(from: n - 1, through: 0, by: -1) {
                let column = e.baseAddress! + i * m
                x[i] /= column[i]
                let xi = x[i]
                for p in 0..<i { x[p] -= column[p] * xi }
            }
        }
        return .success(x)
    }
}
