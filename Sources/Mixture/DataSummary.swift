import LinearAlgebra

/// What a distributed fit needs to know about the whole data before its first pass, from summaries
/// of blocks of rows merged in a fixed order: the number of rows, the largest magnitude (which
/// decides the power-of-two scale a fit works at, see `GaussianMixturePassStatistics`), and each
/// column's mean and sum of squared deviations (k-means' tolerance is relative to the variance).
///
/// ```swift
/// var summary = try DataSummary(firstBlock)
/// try summary.merge(DataSummary(secondBlock))
/// print(summary.rows, summary.variances)
/// ```
public struct DataSummary: Sendable, Equatable {
    /// d, the number of columns.
    public let features: Int
    /// The number of rows summarised.
    public private(set) var rows: Int
    /// The largest |x| over every value (0 for no rows).
    public private(set) var largestMagnitude: Double
    /// `means` and `squaredDeviations` are of the values multiplied by 2^exponent: 0 for ordinary
    /// data, minus the largest magnitude's binary exponent for data beyond 2^±200 (so that squares
    /// neither overflow nor underflow).
    public private(set) var exponent: Int
    /// Each column's mean (d; zeros for no rows), of the values × 2^exponent.
    public private(set) var means: [Double]
    /// Each column's Σ (x − mean)² (d), of the values × 2^exponent.
    public private(set) var squaredDeviations: [Double]

    /// The summary of a block of rows (n×d; n may be 0), each column's mean and squared deviations
    /// in two passes over the block.
    /// - Throws: `MixtureError.noFeatures` for d = 0, `.nonFiniteValue` naming the first NaN or ±∞.
    /// - Complexity: O(n·d).
    public init(_ block: Matrix<Double>) throws(MixtureError) {
        guard block.columns > 0 else { throw .noFeatures }
        try checkFinite(block)
        let n = block.rows, d = block.columns
        features = d
        rows = n
        largestMagnitude = block.elements.reduce(0) { max($0, $1.magnitude) }
        let top = largestMagnitude > 0 ? Int(largestMagnitude.exponent) : 0
        let e = abs(top) > 200 ? -top : 0
        exponent = e
        var sums = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { sums[j] += DataScale.scale(block.elements[i * d + j], by: e) } }
        means = sums.map { n > 0 ? $0 / Double(n) : 0 }
        var squares = [Double](repeating: 0, count: d)
        for i in 0..<n {
            for j in 0..<d {
                let t = DataScale.scale(block.elements[i * d + j], by: e) - means[j]
                squares[j] += t * t
            }
        }
        squaredDeviations = squares
    }

    /// A summary from its parts (as read back from a file).
    /// - Throws: `MixtureError.invalidParameter` naming the part (by its summary-file key:
    ///   `n_samples`, `means`, `squared_deviations`, `largest_magnitude`, `exponent`) that is wrong:
    ///   a length other than `features`, a non-finite number, a negative magnitude or squared
    ///   deviation, an exponent beyond ±`GaussianMixturePassStatistics.scaleExponentLimit` or too
    ///   large for the largest magnitude (above 2²⁰⁰ it is at most minus the magnitude's binary exponent).
    public init(features: Int, rows: Int, largestMagnitude: Double, exponent: Int = 0, means: [Double],
                squaredDeviations: [Double]) throws(MixtureError) {
        guard features > 0 else { throw .noFeatures }
        guard rows >= 0 else { throw .invalidParameter(name: "n_samples", reason: "is \(rows); it must be ≥ 0") }
        for (name, values) in [("means", means), ("squared_deviations", squaredDeviations)] {
            guard values.count == features else {
                throw .invalidParameter(name: name, reason: "has \(values.count) values; n_features \(features) needs \(features)")
            }
            if let bad = values.firstIndex(where: { !$0.isFinite || (name == "squared_deviations" && $0 < 0) }) {
                throw .invalidParameter(name: name, reason: "entry \(bad) is \(values[bad]); it must be finite"
                                        + (name == "squared_deviations" ? " and ≥ 0" : ""))
            }
        }
        guard largestMagnitude >= 0, largestMagnitude.isFinite else {
            throw .invalidParameter(name: "largest_magnitude", reason: "is \(largestMagnitude); it must be finite and ≥ 0")
        }
        guard (-GaussianMixturePassStatistics.scaleExponentLimit...GaussianMixturePassStatistics.scaleExponentLimit).contains(exponent) else {
            throw .invalidParameter(name: "exponent", reason: "is \(exponent); a scale is within ±\(GaussianMixturePassStatistics.scaleExponentLimit)")
        }
        // Values beyond 2²⁰⁰ are always summarised scaled down at least to 1 (merges only lower the exponent).
        let top = largestMagnitude > 0 ? Int(largestMagnitude.exponent) : 0
        guard top <= 200 || exponent <= -top else {
            throw .invalidParameter(name: "exponent", reason: "is \(exponent), but values up to \(largestMagnitude) (largest_magnitude) "
                                    + "are summarised at an exponent of at most \(-top), where their squares fit a Double")
        }
        self.features = features
        self.rows = rows
        self.largestMagnitude = largestMagnitude
        self.exponent = exponent
        self.means = means
        self.squaredDeviations = squaredDeviations
    }

    /// Adds the summary of further rows (Chan, Golub and LeVeque's pairwise update:
    /// M₂ = M₂ₐ + M₂ᵦ + δ²·nₐnᵦ/n). Merging the blocks' summaries in the same order always gives
    /// the same bits.
    /// - Throws: `MixtureError.dimensionMismatch` when the column counts differ;
    ///   `.invalidParameter` when the rows add up to more than an `Int` holds.
    public mutating func merge(_ other: DataSummary) throws(MixtureError) {
        guard other.features == features else { throw .dimensionMismatch(expected: features, got: other.features) }
        guard !rows.addingReportingOverflow(other.rows).overflow else {
            throw .invalidParameter(name: "summary", reason: "the rows (\(rows) and \(other.rows)) add up to more than an Int holds")
        }
        guard other.rows > 0 else { return }
        guard rows > 0 else { self = other; return }
        // Both at the smaller exponent (the larger data's); the other's values scale exactly
        // (or underflow where they are negligible).
        var other = other
        let common = min(exponent, other.exponent)
        rescale(to: common)
        other.rescale(to: common)
        let na = Double(rows), nb = Double(other.rows), n = na + nb
        for j in 0..<features {
            let delta = other.means[j] - means[j]
            squaredDeviations[j] += other.squaredDeviations[j] + delta * delta * (na * nb / n)
            means[j] += delta * (nb / n)
        }
        rows += other.rows
        largestMagnitude = max(largestMagnitude, other.largestMagnitude)
    }

    /// Expresses the means and squared deviations at `target` (≤ exponent).
    mutating func rescale(to target: Int) {
        let shift = target - exponent
        guard shift != 0 else { return }
        means = means.map { DataScale.scale($0, by: shift) }
        squaredDeviations = squaredDeviations.map { DataScale.scale($0, by: 2 * shift) }
        exponent = target
    }

    /// Each column's (population) variance, Σ (x − mean)² / n, in the data's units (±∞ or 0
    /// beyond the range of a `Double`).
    public var variances: [Double] { variances(scaledBy: 0) }

    /// Each column's variance of the values × 2^`scale`.
    public func variances(scaledBy scale: Int) -> [Double] {
        squaredDeviations.map { rows > 0 ? DataScale.scale($0 / Double(rows), by: 2 * (scale - exponent)) : 0 }
    }

    /// The number of values, n·d (what the power-of-two scale of a fit depends on, with the largest
    /// magnitude); `Int.max` when n·d is beyond an `Int` (the scale is then that of `Int.max` values).
    public var count: Int {
        let product = rows.multipliedReportingOverflow(by: features)
        return product.overflow ? Int.max : product.partialValue
    }
}
