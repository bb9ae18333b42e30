import RealModule

/// Why an LU factorisation failed: a pivot column had no entry large enough to divide by.
public struct SingularMatrix: Error, Equatable, Sendable, CustomStringConvertible {
    /// The 0-based column whose best pivot was zero, not finite, or below the tolerance.
    public let column: Int

    /// A failure at `column`.
    @inlinable
    public init(column: Int) { self.column = column }

    /// One line naming the column.
    public var description: String {
        "matrix is singular to working precision (no usable pivot in column \(column + 1))"
    }
}

/// The LU factorisation with partial pivoting `P·A = L·U` of a square matrix: `L` unit lower
/// triangular, `U` upper triangular, `P` the row permutation that brings the entry of largest
/// magnitude in each column onto the diagonal (Golub & Van Loan, Algorithm 3.4.1).
///
/// Failure is a value, never a trap: ``factor(_:relativeTolerance:)`` returns
/// `.failure(SingularMatrix)` naming the column when a pivot is zero, not finite (NaN or ∞ in the
/// input), or below `relativeTolerance · max|aᵢⱼ|`.
///
/// - Complexity: factoring O(2n³/3); each solve O(n²).
///
/// ```swift
/// let a = Matrix<Double>([[0, 2], [3, 1]])
/// let lu = try LU.factor(a).get()
/// lu.solve([2, 4])          // [1, 1]
/// lu.determinant            // −6
/// ```
@frozen
public struct LU<Scalar: Real> {
    /// `L` below the diagonal (its unit diagonal not stored) and `U` on and above it, row-major.
    public let factors: Matrix<Scalar>
    /// The row permutation: row `i` of `P·A` is row `permutation[i]` of `A`.
    public let permutation: [Int]
    /// The number of row swaps made (odd: `det P = −1`).
    public let swapCount: Int

    @inlinable
    init(factors: Matrix<Scalar>, permutation: [Int], swapCount: Int) {
        self.factors = factors
        self.permutation = permutation
        self.swapCount = swapCount
    }

    /// Factors a square matrix with partial (row) pivoting.
    /// - Parameters:
    ///   - a: the square matrix `A`.
    ///   - relativeTolerance: a best pivot `|uₖₖ| ≤ relativeTolerance · max|aᵢⱼ|` counts as zero,
    ///     so a matrix singular up to rounding fails instead of giving a factor whose solves are
    ///     ~1/eps. 0 (the default) rejects only exactly zero (and non-finite) pivots; a Newton
    ///     solver typically passes `n·eps`.
    /// - Returns: the factorisation, or ``SingularMatrix`` naming the failing column.
    /// - Precondition: `a` is square.
    /// - Complexity: O(2n³/3).
    @inlinable
    public static func factor(_ a: Matrix<Scalar>, relativeTolerance: Scalar = 0) -> Result<LU, SingularMatrix> {
        precondition(a.isSquare, "LU needs a square matrix, got \(a.rows)×\(a.columns)")
        let n = a.rows
        var scale: Scalar = 0
        for v in a.elements {
            guard v.isFinite else { return .failure(SingularMatrix(column: firstNonFiniteColumn(a))) }
            scale = Swift.max(scale, Swift.abs(v))
        }
        let threshold = relativeTolerance * scale
        var elements = a.elements
        var permutation = Array(0..<n)
        var swaps = 0
        var failure: Int? = nil
        elements.withUnsafeMutableBufferPointer { buffer in
            let m = buffer.baseAddress!
            for k in 0..<n {
                // The largest entry of column k on or below the diagonal.
                var p = k
                var best = Swift.abs(m[k * n + k])
                for i in (k + 1)..<Swift.max(k + 1, n) {
                    let v = Swift.abs(m[i * n + k])
                    if v > best { best = v; p = i }
                }
                guard best > 0, best > threshold, best.isFinite else { failure = k; return }
                if p != k {
                    for j in 0..<n { let t = m[k * n + j]; m[k * n + j] = m[p * n + j]; m[p * n + j] = t }
                    permutation.swapAt(k, p)
                    swaps += 1
                }
                let pivot = m[k * n + k]
                let rowK = m + k * n
                for i in (k + 1)..<Swift.max(k + 1, n) {
                    let rowI = m + i * n
                    let l = rowI[k] / pivot
                    rowI[k] = l
                    if l == 0 { continue }
                    // Row update along contiguous memory (vectorises).
                    for j in (k + 1)..<n { rowI[j] -= l * rowK[j] }
                }
            }
        }
        if let failure { return .failure(SingularMatrix(column: failure)) }
        return .success(LU(factors: Matrix(rows: n, columns: n, elements: elements),
                           permutation: permutation, swapCount: swaps))
    }

    @inlinable
    static func firstNonFiniteColumn(_ a: Matrix<Scalar>) -> Int {
        for (i, v) in a.elements.enumerated() where !v.isFinite { return i % Swift.max(a.columns, 1) }
        return 0
    }

    /// The dimension n.
    @inlinable
    public var dimension: Int { factors.rows }

    /// The unit lower-triangular factor `L`.
    /// - Complexity: O(n²).
    @inlinable
    public var lower: Matrix<Scalar> {
        let n = dimension
        var l = Matrix<Scalar>(rows: n, columns: n, repeating: 0)
        for i in 0..<n {
            for j in 0..<i { l[i, j] = factors[i, j] }
            l[i, i] = 1
        }
        return l
    }

    /// The upper-triangular factor `U`.
    /// - Complexity: O(n²).
    @inlinable
    public var upper: Matrix<Scalar> {
        let n = dimension
        var u = Matrix<Scalar>(rows: n, columns: n, repeating: 0)
        for i in 0..<n { for j in i..<n { u[i, j] = factors[i, j] } }
        return u
    }

    /// `det A = (−1)^swaps · Πᵢ uᵢᵢ` (may overflow for large n; see ``logAbsDeterminant``).
    @inlinable
    public var determinant: Scalar {
        var d: Scalar = swapCount % 2 == 0 ? 1 : -1
        for i in 0..<dimension { d *= factors[i, i] }
        return d
    }

    /// `log |det A| = Σᵢ log|uᵢᵢ|`, which does not overflow.
    @inlinable
    public var logAbsDeterminant: Scalar {
        var s: Scalar = 0
        for i in 0..<dimension { s += Scalar.log(Swift.abs(factors[i, i])) }
        return s
    }

    /// Solves `A x = b`: `L y = P b` forward, then `U x = y` backward.
    /// - Precondition: `b.count == n`.
    /// - Complexity: O(n²).
    @inlinable
    public func solve(_ b: [Scalar]) -> [Scalar] {
        let n = dimension
        precondition(b.count == n, "LU.solve: right-hand side has \(b.count) entries, expected \(n)")
        var x = permutation.map { b[$0] }
        factors.elements.withUnsafeBufferPointer { f in
            x.withUnsafeMutableBufferPointer { xb in
                for i in 0..<n {
                    var s = xb[i]
                    for p in 0..<i { s -= f[i * n + p] * xb[p] }
                    xb[i] = s
                }
                for i in stride(from: n - 1, through: 0, by: -1) {
                    var s = xb[i]
                    for p in (i + 1)..<Swift.max(i + 1, n) { s -= f[i * n + p] * xb[p] }
                    xb[i] = s / f[i * n + i]
                }
            }
        }
        return x
    }

    /// Solves `Aᵀ x = b`: `Uᵀ z = b`, `Lᵀ w = z`, then `x = Pᵀ w`.
    /// - Precondition: `b.count == n`.
    /// - Complexity: O(n²).
    @inlinable
    public func solveTransposed(_ b: [Scalar]) -> [Scalar] {
        let n = dimension
        precondition(b.count == n, "LU.solveTransposed: right-hand side has \(b.count) entries, expected \(n)")
        var z = b
        for i in 0..<n {
            var s = z[i]
            for p in 0..<i { s -= factors[p, i] * z[p] }
            z[i] = s / factors[i, i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = z[i]
            for p in (i + 1)..<Swift.max(i + 1, n) { s -= factors[p, i] * z[p] }
            z[i] = s
        }
        var x = [Scalar](repeating: 0, count: n)
        for i in 0..<n { x[permutation[i]] = z[i] }
        return x
    }

    /// `A⁻¹`, column by column.
    /// - Complexity: O(n³).
    @inlinable
    public var inverse: Matrix<Scalar> {
        let n = dimension
        var out = Matrix<Scalar>(rows: n, columns: n, repeating: 0)
        for j in 0..<n {
            var e = [Scalar](repeating: 0, count: n)
            e[j] = 1
            let x = solve(e)
            for i in 0..<n { out[i, j] = x[i] }
        }
        return out
    }
}

extension Matrix where Scalar: Real {
    /// The LU factorisation with partial pivoting of this square matrix (see ``LU/factor(_:relativeTolerance:)``).
    ///
    /// ```swift
    /// let x = try a.lu().get().solve(b)
    /// ```
    @inlinable
    public func lu(relativeTolerance: Scalar = 0) -> Result<LU<Scalar>, SingularMatrix> {
        LU.factor(self, relativeTolerance: relativeTolerance)
    }
}
