import RealModule

/// Why a Cholesky factorisation failed: the matrix is not (numerically) symmetric positive definite.
public struct NotPositiveDefinite: Error, Equatable, Sendable, CustomStringConvertible {
    /// The 0-based index of the pivot that was not positive (or not finite).
    public let pivot: Int

    /// A failure at the 0-based `pivot`.
    @inlinable
    public init(pivot: Int) { self.pivot = pivot }

    public var description: String {
        "matrix is not positive definite (pivot \(pivot + 1) is not positive)"
    }
}

/// The Cholesky factorisation `A = L·Lᵀ` of a symmetric positive-definite matrix, `L` lower triangular.
///
/// Failure is a value, never a trap: `Cholesky.factor` returns `.failure(NotPositiveDefinite)` for a
/// matrix that is not positive definite (including one holding NaN).
///
/// ```swift
/// let chol = try Cholesky.factor(a).get()
/// let x = chol.solve(b)            // A x = b
/// let logDet = chol.logDeterminant // log det A
/// ```
@frozen
public struct Cholesky<Scalar: Real> {
    /// The lower-triangular factor `L` (the strict upper triangle is zero).
    public let lower: Matrix<Scalar>

    @inlinable
    init(lower: Matrix<Scalar>) { self.lower = lower }

    /// Factor a symmetric matrix; only its lower triangle is read.
    /// - Parameters:
    ///   - a: the symmetric n×n matrix `A`.
    ///   - relativeTolerance: a pivot `dⱼ ≤ relativeTolerance · Aⱼⱼ` counts as zero, so a matrix
    ///     that is singular up to rounding (e.g. collinear columns) fails instead of giving a
    ///     factor with a meaningless ~1/eps inverse. 0 (the default) only rejects pivots ≤ 0.
    /// - Returns: the factor, or `NotPositiveDefinite` naming the failing pivot.
    /// - Complexity: O(n³/3).
    @inlinable
    public static func factor(_ a: Matrix<Scalar>, relativeTolerance: Scalar = 0) -> Result<Cholesky, NotPositiveDefinite> {
        precondition(a.isSquare, "Cholesky needs a square matrix")
        let n = a.rows
        var elements = [Scalar](repeating: 0, count: n * n)
        var failure: Int? = nil
        // Row-major L through one buffer pointer: the inner products run along contiguous rows,
        // summed with `Relaxed` arithmetic so they vectorise (reassociated: the rounding differs
        // from a left-to-right sum by a few ulps of the row norms).
        elements.withUnsafeMutableBufferPointer { buffer in
            a.elements.withUnsafeBufferPointer { source in
                let l = buffer.baseAddress!, aa = source.baseAddress!
                for j in 0..<n {
                    let rowJ = l + j * n
                    var squares: Scalar = 0
                    for p in 0..<j { squares = Relaxed.multiplyAdd(rowJ[p], rowJ[p], squares) }
                    let d = aa[j * n + j] - squares
                    // `!(d > 0)` also catches NaN.
                    guard d > 0, d.isFinite, d > relativeTolerance * aa[j * n + j] else { failure = j; return }
                    let ljj = Scalar.sqrt(d)
                    rowJ[j] = ljj
                    for i in (j + 1)..<max(j + 1, n) {
                        let rowI = l + i * n
                        var products: Scalar = 0
                        for p in 0..<j { products = Relaxed.multiplyAdd(rowI[p], rowJ[p], products) }
                        rowI[j] = (aa[i * n + j] - products) / ljj
                    }
                }
            }
        }
        if let failure { return .failure(NotPositiveDefinite(pivot: failure)) }
        let l = Matrix(rows: n, columns: n, elements: elements)
        return .success(Cholesky(lower: l))
    }

    /// The dimension n.
    @inlinable
    public var dimension: Int { lower.rows }

    /// `log det A = 2 Σ log Lᵢᵢ`.
    @inlinable
    public var logDeterminant: Scalar {
        var s: Scalar = 0
        for i in 0..<dimension { s += Scalar.log(lower[i, i]) }
        return 2 * s
    }

    /// Solves `A x = b`.
    /// - Complexity: O(n²).
    @inlinable
    public func solve(_ b: [Scalar]) -> [Scalar] {
        solveUpperTriangular(transposedLower: lower, solveLowerTriangular(lower, b))
    }

    /// `A⁻¹`.
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

    /// `L⁻¹`, lower triangular.
    /// - Complexity: O(n³).
    @inlinable
    public var lowerInverse: Matrix<Scalar> { lowerTriangularInverse(lower) }
}

extension Matrix where Scalar: Real {
    /// The Cholesky factorisation of this symmetric matrix (see `Cholesky.factor`).
    @inlinable
    public func cholesky(relativeTolerance: Scalar = 0) -> Result<Cholesky<Scalar>, NotPositiveDefinite> {
        Cholesky.factor(self, relativeTolerance: relativeTolerance)
    }
}

/// Solves `L x = b` for lower-triangular `L` by forward substitution.
/// - Complexity: O(n²).
@inlinable
public func solveLowerTriangular<T: Real>(_ l: Matrix<T>, _ b: [T]) -> [T] {
    precondition(l.isSquare && l.rows == b.count, "solveLowerTriangular: shape mismatch")
    var x = b
    for i in 0..<b.count {
        var s = x[i]
        for p in 0..<i { s -= l[i, p] * x[p] }
        x[i] = s / l[i, i]
    }
    return x
}

/// Solves `Lᵀ x = b` given the lower-triangular `L` (back substitution on its transpose).
/// - Complexity: O(n²).
@inlinable
public func solveUpperTriangular<T: Real>(transposedLower l: Matrix<T>, _ b: [T]) -> [T] {
    precondition(l.isSquare && l.rows == b.count, "solveUpperTriangular: shape mismatch")
    var x = b
    for i in stride(from: b.count - 1, through: 0, by: -1) {
        var s = x[i]
        for p in (i + 1)..<max(i + 1, b.count) { s -= l[p, i] * x[p] }
        x[i] = s / l[i, i]
    }
    return x
}

/// Solves `U x = b` for upper-triangular `U` by back substitution.
/// - Complexity: O(n²).
@inlinable
public func solveUpperTriangular<T: Real>(_ u: Matrix<T>, _ b: [T]) -> [T] {
    precondition(u.isSquare && u.rows == b.count, "solveUpperTriangular: shape mismatch")
    var x = b
    for i in stride(from: b.count - 1, through: 0, by: -1) {
        var s = x[i]
        for p in (i + 1)..<max(i + 1, b.count) { s -= u[i, p] * x[p] }
        x[i] = s / u[i, i]
    }
    return x
}

/// The inverse of a lower-triangular matrix, itself lower triangular.
/// - Complexity: O(n³).
@inlinable
public func lowerTriangularInverse<T: Real>(_ l: Matrix<T>) -> Matrix<T> {
    precondition(l.isSquare, "lowerTriangularInverse needs a square matrix")
    let n = l.rows
    var inv = Matrix<T>(rows: n, columns: n, repeating: 0)
    for j in 0..<n {
        inv[j, j] = 1 / l[j, j]
        for i in (j + 1)..<max(j + 1, n) {
            var s: T = 0
            for p in j..<i { s -= l[i, p] * inv[p, j] }
            inv[i, j] = s / l[i, i]
        }
    }
    return inv
}
