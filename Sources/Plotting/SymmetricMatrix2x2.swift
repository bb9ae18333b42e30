/// A symmetric 2 × 2 matrix `[[xx, xy], [xy, yy]]`, e.g. the covariance of two plotted columns.
///
/// ```swift
/// let sigma = SymmetricMatrix2x2(xx: 0.069, xy: 0.435, yy: 33.7)
/// sigma.eigen.largest // ≈ 33.7056
/// ```
@frozen
public struct SymmetricMatrix2x2: Sendable, Hashable {
    /// The (1, 1) entry: variance of x for a covariance.
    public var xx: Double
    /// The (1, 2) = (2, 1) entry: covariance of x and y.
    public var xy: Double
    /// The (2, 2) entry: variance of y.
    public var yy: Double

    /// The matrix `[[xx, xy], [xy, yy]]`.
    public init(xx: Double, xy: Double, yy: Double) {
        self.xx = xx
        self.xy = xy
        self.yy = yy
    }

    /// A diagonal matrix `[[x, 0], [0, y]]` (a `diag` covariance restricted to two columns).
    public init(diagonal x: Double, _ y: Double) {
        self.init(xx: x, xy: 0, yy: y)
    }

    /// `variance · I` (a `spherical` covariance).
    public init(spherical variance: Double) {
        self.init(xx: variance, xy: 0, yy: variance)
    }

    /// The 2 × 2 block of rows/columns `i` and `j` of a square matrix given as rows, e.g. a
    /// `d × d` covariance plotted on columns `i`, `j` (0-based). The off-diagonal entry is the mean
    /// of `m[i][j]` and `m[j][i]`. Returns `nil` if an index is out of range.
    ///
    /// ```swift
    /// SymmetricMatrix2x2(selecting: 0, 2, from: sigma3x3)
    /// ```
    public init?(selecting i: Int, _ j: Int, from rows: [[Double]]) {
        guard i >= 0, j >= 0, i < rows.count, j < rows.count,
            i < rows[i].count, j < rows[j].count, j < rows[i].count, i < rows[j].count
        else { return nil }
        self.init(xx: rows[i][i], xy: (rows[i][j] + rows[j][i]) / 2, yy: rows[j][j])
    }

    /// `xx · yy − xy²`.
    public var determinant: Double { xx * yy - xy * xy }

    /// Whether all entries are finite.
    public var isFinite: Bool { xx.isFinite && xy.isFinite && yy.isFinite }

    /// The eigenvalues and eigenvectors, in closed form (see ``SymmetricEigen2x2``).
    public var eigen: SymmetricEigen2x2 { SymmetricEigen2x2(self) }

    /// The squared Mahalanobis distance `[dx dy] · M⁻¹ · [dx dy]ᵀ` of the offset (`dx`, `dy`), or
    /// `nil` when the matrix is not positive definite (then no distance is defined).
    ///
    /// ```swift
    /// SymmetricMatrix2x2(diagonal: 4, 9).mahalanobisSquared(2, 3) // 2.0
    /// ```
    public func mahalanobisSquared(_ dx: Double, _ dy: Double) -> Double? {
        let det = determinant
        guard xx > 0, det > 0, det.isFinite else { return nil }
        return (yy * dx * dx - 2 * xy * dx * dy + xx * dy * dy) / det
    }
}
