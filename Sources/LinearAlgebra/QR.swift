import RealModule

/// The Householder QR factorisation `A = Q·R` of an m×n matrix with m ≥ n: `Q` orthogonal (kept as
/// n Householder reflectors `I − τ·v·vᵀ`), `R` n×n upper triangular. Used for linear least
/// squares, min ‖A·x − b‖, without forming `AᵀA` (whose condition number is the square of A's).
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
    /// `R` on and above the diagonal; below it, each reflector's vector `v` (its leading 1 not stored).
    public let factors: Matrix<Scalar>
    /// The reflector coefficients τₖ.
    public let tau: [Scalar]

    @inlinable
    init(factors: Matrix<Scalar>, tau: [Scalar]) {
        self.factors = factors
        self.tau = tau
    }

    /// Factors `a` (m×n, m ≥ n) by Householder reflections (Golub & Van Loan, Algorithm 5.2.1).
    /// - Precondition: `a.rows >= a.columns`.
    /// - Complexity: O(2n²(m − n/3)).
    @inlinable
    public static func factor(_ a: Matrix<Scalar>) -> QR {
        let m = a.rows, n = a.columns
        precondition(m >= n, "QR needs at least as many rows as columns, got \(m)×\(n)")
        var elements = a.elements
        var tau = [Scalar](repeating: 0, count: n)
        elements.withUnsafeMutableBufferPointer { buffer in
            let e = buffer.baseAddress!
            for k in 0..<n {
                // ‖x‖ for x = A[k..<m, k], scaled against overflow.
                var scale: Scalar = 0
                for i in k..<m { scale = Swift.max(scale, Swift.abs(e[i * n + k])) }
                if scale == 0 || !scale.isFinite {
                    tau[k] = 0
                    continue
                }
                var sum: Scalar = 0
                for i in k..<m { let v = e[i * n + k] / scale; sum += v * v }
                let norm = scale * Scalar.sqrt(sum)
                let x0 = e[k * n + k]
                let beta = x0 >= 0 ? -norm : norm
                tau[k] = (beta - x0) / beta
                let inv = 1 / (x0 - beta)
                for i in (k + 1)..<m { e[i * n + k] *= inv }
                e[k * n + k] = beta
                // Apply I − τ v vᵀ (v₀ = 1) to the remaining columns.
                for j in (k + 1)..<n {
                    var w = e[k * n + j]
                    for i in (k + 1)..<m { w += e[i * n + k] * e[i * n + j] }
                    w *= tau[k]
                    e[k * n + j] -= w
                    for i in (k + 1)..<m { e[i * n + j] -= w * e[i * n + k] }
                }
            }
        }
        return QR(factors: Matrix(rows: m, columns: n, elements: elements), tau: tau)
    }

    /// The n×n upper-triangular factor `R`.
    @inlinable
    public var upper: Matrix<Scalar> {
        let n = factors.columns
        var r = Matrix<Scalar>(rows: n, columns: n, repeating: 0)
        for i in 0..<n { for j in i..<n { r[i, j] = factors[i, j] } }
        return r
    }

    /// `Qᵀ·b` (length m).
    /// - Precondition: `b.count == m`.
    /// - Complexity: O(m·n).
    @inlinable
    public func transposedQTimes(_ b: [Scalar]) -> [Scalar] {
        let m = factors.rows, n = factors.columns
        precondition(b.count == m, "QR: vector has \(b.count) entries, expected \(m)")
        var y = b
        for k in 0..<n where tau[k] != 0 {
            var w = y[k]
            for i in (k + 1)..<m { w += factors[i, k] * y[i] }
            w *= tau[k]
            y[k] -= w
            for i in (k + 1)..<m { y[i] -= w * factors[i, k] }
        }
        return y
    }

    /// The least-squares solution of `A·x ≈ b`: `x` minimising ‖A·x − b‖₂, by `R·x = (Qᵀb)[0..<n]`.
    /// - Parameter relativeTolerance: a diagonal entry `|rₖₖ| ≤ relativeTolerance · maxᵢ|rᵢᵢ|`
    ///   counts as zero (rank deficiency); 0 rejects only exact zeros and non-finite entries.
    /// - Returns: `x`, or ``SingularMatrix`` naming the first rank-deficient column.
    /// - Precondition: `b.count == m`.
    /// - Complexity: O(m·n).
    @inlinable
    public func solveLeastSquares(_ b: [Scalar], relativeTolerance: Scalar = 0) -> Result<[Scalar], SingularMatrix> {
        let n = factors.columns
        var largest: Scalar = 0
        for i in 0..<n { largest = Swift.max(largest, Swift.abs(factors[i, i])) }
        for i in 0..<n {
            let r = Swift.abs(factors[i, i])
            guard r > 0, r.isFinite, r > relativeTolerance * largest else {
                return .failure(SingularMatrix(column: i))
            }
        }
        let y = transposedQTimes(b)
        var x = Array(y[0..<n])
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = x[i]
            for p in (i + 1)..<Swift.max(i + 1, n) { s -= factors[i, p] * x[p] }
            x[i] = s / factors[i, i]
        }
        return .success(x)
    }
}
