import LinearAlgebra
import RealModule

/// One EM pass over a block of rows, as sufficient statistics that add up: run it on every block
/// (a file's chunks, a cluster's partitions), `merge` the results in a fixed order, and the
/// M-step (`maximise`) gives what `GaussianMixture.fit`'s iteration gives from the whole data — to
/// rounding of the sums' order (the same bits when there is one block).
///
/// For each component k the pass accumulates, around a shift cₖ fixed by the model (its mean, or
/// for tied the common centre Σ wₖμₖ), Nₖ = Σᵢ rᵢₖ, Σᵢ rᵢₖ(xᵢ − cₖ) and the scatter Σᵢ rᵢₖ(xᵢ − cₖ)(xᵢ − cₖ)ᵀ
/// (its upper triangle for full; the diagonal for diag and spherical; for tied one pooled
/// Σᵢ (xᵢ − c)(xᵢ − c)ᵀ), with the rows' total log-likelihood Σᵢ log p(xᵢ). Only these travel,
/// never the rows: O(k·d²) numbers whatever the block's size.
///
/// Data whose squared distances would overflow or underflow is fitted at a power-of-two scale
/// (as `fit` does); every block of one fit must use the same `scaleExponent`, the one
/// `scaleExponent(for:regularization:)` gives for the whole data's `DataSummary`. The statistics
/// are then in scaled units, and `maximise` and `meanLogLikelihood` give the data's units.
///
/// ```swift
/// var total = try GaussianMixturePassStatistics(parameters: model.parameters, rows: firstHalf)
/// try total.merge(GaussianMixturePassStatistics(parameters: model.parameters, rows: secondHalf))
/// let next = try total.maximise(regularization: 1e-6)      // the M-step
/// print(total.meanLogLikelihood)                            // the E-step's bound
/// ```
public struct GaussianMixturePassStatistics: Sendable, Equatable {
    /// The covariance type of the model the pass ran with.
    public let covarianceType: CovarianceType
    /// k.
    public let components: Int
    /// d.
    public let features: Int
    /// The rows were multiplied by 2^scaleExponent before accumulating (0 for ordinary data).
    public let scaleExponent: Int
    /// The shifts cₖ (k×d, row-major, scaled units) the sums are accumulated around: the model's
    /// means, or for tied the common centre repeated k times. Statistics merge only with equal shifts.
    public let shift: [Double]
    /// The number of rows.
    public private(set) var rows: Int
    /// Nₖ = Σᵢ rᵢₖ (k).
    public private(set) var counts: [Double]
    /// Σᵢ rᵢₖ(xᵢ − cₖ) (k×d, row-major).
    public private(set) var firstMoments: [Double]
    /// The scatter: full, k×d×d with the upper triangle filled (l ≤ j) and zeros below; diag and
    /// spherical, the diagonal Σᵢ rᵢₖ(xᵢⱼ − cₖⱼ)² (k×d); tied, the pooled Σᵢ (xᵢ − c)(xᵢ − c)ᵀ (d×d, symmetric).
    public private(set) var secondMoments: [Double]
    /// Σᵢ log p(xᵢ) of the scaled rows.
    public private(set) var logLikelihood: Double

    /// The pass of `parameters` over a block of rows (n×d; n may be 0), in scaled units.
    /// - Parameters:
    ///   - parameters: the model of this EM iteration, in the data's units.
    ///   - block: the rows.
    ///   - scaleExponent: the fit's power-of-two scale (see `scaleExponent(for:regularization:)`).
    ///   - parallel: whether the pass runs its chunks of rows on all cores (the same bits either way).
    /// - Throws: `MixtureError.dimensionMismatch` for a block with other than d columns,
    ///   `.nonFiniteValue` naming the first NaN or ±∞ (its row in the block), `.covarianceOutOfRange`
    ///   when the model does not fit a `Double` at this scale.
    /// - Complexity: O(n·k·d²) for full, O(n·(d² + k·d)) for tied, O(n·k·d) otherwise.
    public init(parameters: MixtureParameters, rows block: Matrix<Double>, scaleExponent: Int = 0,
                parallel: Bool = true) throws(MixtureError) {
        try checkScoringData(block, features: parameters.features)
        let scale = DataScale(exponent: scaleExponent)
        let kernel = EStepKernel(try parameters.scaled(by: scale), parallel: parallel)
        covarianceType = parameters.covarianceType
        components = parameters.components
        features = parameters.features
        self.scaleExponent = scaleExponent
        shift = kernel.statisticsShift
        rows = block.rows
        let k = components, d = features
        let scatterCount = Self.scatterCount(covarianceType, components: k, features: d)!
        guard block.rows > 0 else {
            counts = [Double](repeating: 0, count: k)
            firstMoments = [Double](repeating: 0, count: k * d)
            secondMoments = [Double](repeating: 0, count: scatterCount)
            logLikelihood = 0
            return
        }
        let stats = kernel.statistics(scale.scaled(block))
        counts = stats.resp
        firstMoments = stats.first
        secondMoments = stats.pooled ?? stats.second
        logLikelihood = stats.logLikelihood
    }

    /// The largest |scale exponent| a pass or summary may carry: beyond every power of two a
    /// `Double`'s range calls for (about ±2100), so that a larger value is a corrupt file, never a scale.
    public static let scaleExponentLimit = 4096

    /// Statistics from their parts (as read back from a file); the shapes must fit the type.
    /// - Throws: `MixtureError.invalidParameter` naming the part (by its statistics-file key:
    ///   `shift`, `counts`, `first_moments`, `second_moments`, `n_samples`, `scale_exponent`) that
    ///   is wrong: a length other than k, d and the type give, a non-finite number, a negative count
    ///   or scatter diagonal, counts that do not add up to the rows, a scale beyond
    ///   ±`scaleExponentLimit`.
    public init(covarianceType: CovarianceType, components: Int, features: Int, scaleExponent: Int,
                shift: [Double], rows: Int, counts: [Double], firstMoments: [Double],
                secondMoments: [Double], logLikelihood: Double) throws(MixtureError) {
        guard components >= 1, features >= 1, rows >= 0 else {
            throw .invalidParameter(name: "statistics", reason: "need k ≥ 1, d ≥ 1 and rows ≥ 0")
        }
        guard (-Self.scaleExponentLimit...Self.scaleExponentLimit).contains(scaleExponent) else {
            throw .invalidParameter(name: "scale_exponent", reason: "is \(scaleExponent); a scale is within ±\(Self.scaleExponentLimit)")
        }
        let k = components, d = features
        // The expected lengths, or nil when k and d are too large for any array (the product overflows).
        let kd = k.multipliedReportingOverflow(by: d)
        let scatter = Self.scatterCount(covarianceType, components: k, features: d)
        for (name, values, expected) in [("shift", shift, kd.overflow ? nil : kd.partialValue), ("counts", counts, k),
                                         ("first_moments", firstMoments, kd.overflow ? nil : kd.partialValue),
                                         ("second_moments", secondMoments, scatter)] {
            guard values.count == expected else {
                let needed = expected.map { "needs \($0)" } ?? "needs more than any array holds"
                throw .invalidParameter(name: name, reason: "has \(values.count) values; k=\(k), d=\(d), \(covarianceType) \(needed)")
            }
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw .invalidParameter(name: name, reason: "entry \(bad) is \(values[bad]); every value must be finite")
            }
        }
        if let bad = counts.firstIndex(where: { $0 < 0 }) {
            throw .invalidParameter(name: "counts", reason: "entry \(bad) is \(counts[bad]); a component's weight of rows is ≥ 0")
        }
        // Σₖ Nₖ = n: every row's responsibilities add up to 1 (to rounding, far inside 1e-6 relative).
        let total = counts.reduce(0, +)
        guard abs(total - Double(rows)) <= 1e-6 * max(Double(rows), 1) else {
            throw .invalidParameter(name: "counts", reason: "add up to \(total), but the statistics are of \(rows) rows (n_samples)")
        }
        for index in Self.scatterDiagonal(covarianceType, components: k, features: d) where secondMoments[index] < 0 {
            throw .invalidParameter(name: "second_moments", reason: "entry \(index) is \(secondMoments[index]); a sum of squares is ≥ 0")
        }
        self.covarianceType = covarianceType
        self.components = k
        self.features = d
        self.scaleExponent = scaleExponent
        self.shift = shift
        self.rows = rows
        self.counts = counts
        self.firstMoments = firstMoments
        self.secondMoments = secondMoments
        self.logLikelihood = logLikelihood
    }

    /// The indices in `secondMoments` of sums of squares (the scatters' diagonals), which are never negative.
    static func scatterDiagonal(_ type: CovarianceType, components k: Int, features d: Int) -> [Int] {
        switch type {
        case .full: (0..<k).flatMap { c in (0..<d).map { j in c * d * d + j * d + j } }
        case .tied: (0..<d).map { j in j * d + j }
        case .diag, .spherical: Array(0..<(k * d))
        }
    }

    /// The length of `secondMoments` for a type.
    /// (`nil` when it overflows an `Int`: k and d too large for any array).
    static func scatterCount(_ type: CovarianceType, components k: Int, features d: Int) -> Int? {
        let dd = d.multipliedReportingOverflow(by: d), kd = k.multipliedReportingOverflow(by: d)
        switch type {
        case .full:
            if dd.overflow { return nil }
            let kdd = k.multipliedReportingOverflow(by: dd.partialValue)
            return kdd.overflow ? nil : kdd.partialValue
        case .tied: return dd.overflow ? nil : dd.partialValue
        case .diag, .spherical: return kd.overflow ? nil : kd.partialValue
        }
    }

    /// The power-of-two scale a fit of the data `summary` describes works at (what
    /// `GaussianMixture.fit` chooses for that data): 0 for ordinary data (largest magnitude
    /// between about 1e-77 and 1e144).
    public static func scaleExponent(for summary: DataSummary, regularization: Double) -> Int {
        scaleExponent(largestMagnitude: summary.largestMagnitude, count: summary.count, regularization: regularization)
    }

    /// `scaleExponent(for:regularization:)` from the data's largest magnitude and number of values (n·d).
    public static func scaleExponent(largestMagnitude: Double, count: Int, regularization: Double) -> Int {
        let e = largestMagnitude > 0 && largestMagnitude.isFinite ? Int(largestMagnitude.exponent) : nil
        return DataScale.forMixture(maximumExponent: e, count: count, regularization: regularization).exponent
    }

    /// Adds the statistics of further rows from the same model and scale. Merging the blocks in the
    /// same order always gives the same bits.
    /// - Throws: `MixtureError.invalidParameter` when `other` comes from another model (type, shape,
    ///   scale or shift differ), or when the rows add up to more than an `Int` holds.
    public mutating func merge(_ other: GaussianMixturePassStatistics) throws(MixtureError) {
        guard other.covarianceType == covarianceType, other.components == components, other.features == features else {
            throw .invalidParameter(name: "statistics", reason: "they are of k=\(other.components), d=\(other.features), "
                                    + "\(other.covarianceType) and k=\(components), d=\(features), \(covarianceType): different models")
        }
        rows = try PassStatisticsMerge.rows(rows, other.rows, scales: (scaleExponent, other.scaleExponent),
                                            anchors: (shift, other.shift), what: "shifts")
        for i in counts.indices { counts[i] += other.counts[i] }
        for i in firstMoments.indices { firstMoments[i] += other.firstMoments[i] }
        for i in secondMoments.indices { secondMoments[i] += other.secondMoments[i] }
        logLikelihood += other.logLikelihood
    }

    /// The statistics of `parts` merged in order.
    /// - Throws: `MixtureError.noSamples` for no parts; `merge`'s errors.
    public static func merged(_ parts: [GaussianMixturePassStatistics]) throws(MixtureError) -> GaussianMixturePassStatistics {
        guard var total = parts.first else { throw .noSamples }
        for part in parts.dropFirst() { try total.merge(part) }
        return total
    }

    /// The E-step's bound in the data's units: the mean log-likelihood per row of the model the
    /// pass ran with (`GaussianMixtureModel.lowerBound` after this iteration); −∞ for no rows.
    public var meanLogLikelihood: Double {
        guard rows > 0 else { return -.infinity }
        return logLikelihood / Double(rows) + Double(features) * Double(scaleExponent) * Double.log(2)
    }

    /// The total log-likelihood Σᵢ log p(xᵢ) in the data's units.
    public var totalLogLikelihood: Double {
        logLikelihood + Double(rows) * Double(features) * Double(scaleExponent) * Double.log(2)
    }

    /// Whether these statistics are of a pass of `parameters` at this scale (the shift matches to the bit).
    public func belong(to parameters: MixtureParameters) -> Bool {
        guard parameters.covarianceType == covarianceType, parameters.components == components,
              parameters.features == features,
              let scaled = try? parameters.scaled(by: DataScale(exponent: scaleExponent)) else { return false }
        return zip(EStepKernel(scaled).statisticsShift, shift).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    /// The M-step: maximum-likelihood weights, means and covariances from the statistics, in the
    /// data's units, exactly as `GaussianMixture.fit`'s M-step computes them (scikit-learn's
    /// `_estimate_gaussian_parameters`: Nₖ + 10·eps, `regularization` added to the diagonal).
    /// - Throws: `MixtureError.noSamples` for statistics of no rows; `.illDefinedCovariance` when
    ///   a covariance is not positive definite; `.collapsedComponent` when, with `regularization`
    ///   0, a variance is zero up to rounding; `.covarianceOutOfRange` when a covariance of
    ///   scaled data does not fit a `Double` in the data's units.
    /// - Complexity: O(k·d³) for full, O(k·d) for diag and spherical.
    public func maximise(regularization: Double) throws(MixtureError) -> MixtureParameters {
        guard rows > 0 else { throw .noSamples }
        guard regularization >= 0, regularization.isFinite else {
            throw .invalidSetting(name: "reg_covar", value: "\(regularization)", rule: "must be finite and non-negative")
        }
        let reg = DataScale.scale(regularization, by: 2 * scaleExponent)
        var stats = SufficientStatistics(k: components, d: features, fullScatter: covarianceType.needsFullScatter)
        stats.resp = counts
        stats.first = firstMoments
        if covarianceType == .tied {
            stats.second = []
            stats.pooled = secondMoments
        } else {
            stats.second = secondMoments
        }
        stats.logLikelihood = logLikelihood
        let scaled = try stats.maximise(shift: shift, type: covarianceType, regularization: reg)
        if scaleExponent == 0 { return scaled }
        do {
            return try scaled.scaled(by: DataScale(exponent: -scaleExponent))
        } catch {
            // As in `fit`: a covariance that overflows because it is only rounding noise of a huge
            // mean is a collapsed component.
            if case .covarianceOutOfRange(_, true) = error {
                try MixtureParameters.checkNotCollapsed(scaled.covariances, type: covarianceType, means: scaled.means,
                                                        regularization: reg, reported: regularization)
            }
            throw error
        }
    }
}

extension GaussianMixtureModel {
    /// The model after one EM iteration whose pass statistics (of this model's parameters over all
    /// the rows) are `statistics`: the M-step's parameters, with the fit's record carried on as
    /// `GaussianMixture.fit` keeps it — one more iteration, the pass's bound appended to
    /// `lowerBounds`, the change from this model's `lowerBound`, and converged when that change is
    /// below `tolerance`. Iterating this from a model reproduces `fit(warmStart:)` from it.
    /// - Parameters:
    ///   - statistics: the merged pass over every row.
    ///   - regularization: `reg_covar`.
    ///   - tolerance: `tol`.
    ///   - continuingRecord: `false` for the first iteration of a fit that starts from this model
    ///     (as a warm start does: its record starts empty, the first change is measured from this
    ///     model's `lowerBound`); `true` to continue this model's record.
    /// - Throws: `MixtureError.invalidParameter` when the statistics are not of this model's
    ///   parameters; `GaussianMixturePassStatistics.maximise`'s errors.
    public func advanced(by statistics: GaussianMixturePassStatistics, regularization: Double, tolerance: Double,
                         continuingRecord: Bool = true) throws(MixtureError) -> GaussianMixtureModel {
        guard statistics.belong(to: parameters) else {
            throw .invalidParameter(name: "statistics", reason: "they are not of a pass of this model's parameters")
        }
        let next = try statistics.maximise(regularization: regularization)
        let bound = statistics.meanLogLikelihood
        let change = bound - lowerBound
        let bounds = (continuingRecord ? lowerBounds : []) + [bound]
        return GaussianMixtureModel(parameters: next, converged: abs(change) < tolerance, iterations: bounds.count,
                                    lowerBound: bound, lowerBounds: bounds, finalChange: change)
    }
}
