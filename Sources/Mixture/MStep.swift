import LinearAlgebra

/// Which parameters EM holds fixed at their initial values while it learns the rest.
///
/// The lecture's "simple example: learn means only": fix weights and covariances, give them as
/// initial values, and EM updates only the means.
public struct FixedParameters: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The mixing weights.
    public static let weights = FixedParameters(rawValue: 1)
    /// The component means.
    public static let means = FixedParameters(rawValue: 2)
    /// The covariances (and so the precisions).
    public static let covariances = FixedParameters(rawValue: 4)
}

/// Starting responsibilities without an n×k matrix: hard labels (k-means, k-means++,
/// random-from-data, known labels) or uniform random rows regenerated from a seed on each pass.
enum StartingResponsibilities {
    /// Row i belongs wholly to component `labels[i]` (−1: to none).
    case hard([Int])
    /// Row i is k uniform draws normalised to sum 1, from a generator seeded with `seed`.
    case random(seed: UInt64)

    /// Calls `body(i, r)` for every row with its responsibilities `r` (k values), in row order.
    func forEachRow(rows n: Int, components k: Int, _ body: (Int, UnsafeMutableBufferPointer<Double>) -> Void) {
        let row = UnsafeMutableBufferPointer<Double>.allocate(capacity: k)
        defer { row.deallocate() }
        switch self {
        case let .hard(labels):
            for i in 0..<n {
                row.initialize(repeating: 0)
                if labels[i] >= 0 { row[labels[i]] = 1 }
                body(i, row)
            }
        case let .random(seed):
            var rng = SeededGenerator(seed: seed)
            for i in 0..<n {
                var s = 0.0
                for c in 0..<k { row[c] = rng.uniform(); s += row[c] }
                for c in 0..<k { row[c] /= s }
                body(i, row)
            }
        }
    }
}

extension SufficientStatistics {
    /// Statistics from starting responsibilities, in two passes: the responsibility-weighted means
    /// first, then the scatter accumulated around them. Memory O(k·d²), not O(n·k).
    static func fromResponsibilities(_ data: Matrix<Double>, _ resp: StartingResponsibilities, components k: Int,
                                     fullScatter: Bool) -> (SufficientStatistics, shift: [Double]) {
        let n = data.rows, d = data.columns
        var sums = [Double](repeating: 0, count: k * d)
        var counts = [Double](repeating: 0, count: k)
        resp.forEachRow(rows: n, components: k) { i, r in
            for c in 0..<k where r[c] != 0 {
                counts[c] += r[c]
                for j in 0..<d { sums[c * d + j] += r[c] * data[i, j] }
            }
        }
        let centre = (0..<(k * d)).map { counts[$0 / d] > 0 ? sums[$0] / counts[$0 / d] : 0 }
        let st = stride(d: d, fullScatter: fullScatter)
        var acc = [Double](repeating: 0, count: k * st)
        var scratch = [Double](repeating: 0, count: d)
        data.elements.withUnsafeBufferPointer { x in
            centre.withUnsafeBufferPointer { s in
                acc.withUnsafeMutableBufferPointer { a in
                    scratch.withUnsafeMutableBufferPointer { t in
                        resp.forEachRow(rows: n, components: k) { i, r in
                            for c in 0..<k where r[c] != 0 {
                                accumulate(a.baseAddress! + c * st, weight: r[c], x: x.baseAddress! + i * d,
                                           shift: s.baseAddress! + c * d, d: d, fullScatter: fullScatter,
                                           centred: t.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
        let stats = acc.withUnsafeBufferPointer { a in
            [0.0].withUnsafeBufferPointer { ll in
                merge(a, logLikelihoods: ll, chunks: 1, k: k, d: d, fullScatter: fullScatter)
            }
        }
        return (stats, centre)
    }

    /// The M-step: maximum-likelihood weights, means and covariances from the statistics, as
    /// scikit-learn's `_estimate_gaussian_parameters` computes them (Nₖ = Σ r + 10·eps, reg_covar
    /// added to the diagonal), with `fixed` parameters taken from `current`.
    /// - Throws: `MixtureError.illDefinedCovariance` when a covariance is not positive definite;
    ///   `.collapsedComponent` when, with `reg` 0, a variance is zero up to rounding.
    func maximise(shift: [Double], type: CovarianceType, regularization reg: Double,
                  fixed: FixedParameters = [], current: MixtureParameters? = nil) throws(MixtureError) -> MixtureParameters {
        let n = resp.map { $0 + 10 * Double.ulpOfOne }
        var means = [Double](repeating: 0, count: k * d)
        for c in 0..<k {
            for j in 0..<d { means[c * d + j] = (first[c * d + j] + resp[c] * shift[c * d + j]) / n[c] }
        }
        if fixed.contains(.means), let current { means = current.means.elements }

        // Tied from pooled statistics: Σₖ scatterₖ = T − Σₖ (δₖS1ₖᵀ + S1ₖδₖᵀ − Rₖδₖδₖᵀ), δₖ = μₖ − c,
        // where T = Σᵢ(xᵢ − c)(xᵢ − c)ᵀ and Σₖ rᵢₖ = 1.
        if let pooled, type == .tied {
            var total = pooled
            for c in 0..<k {
                let delta = (0..<d).map { means[c * d + $0] - shift[c * d + $0] }
                let s1 = Array(first[(c * d)..<((c + 1) * d)])
                for l in 0..<d {
                    for j in 0..<d {
                        total[l * d + j] -= delta[l] * s1[j] + s1[l] * delta[j] - resp[c] * delta[l] * delta[j]
                    }
                }
            }
            let sum = n.reduce(0, +)
            var covariances = total.map { $0 / sum }
            for j in 0..<d { covariances[j * d + j] += reg }
            if fixed.contains(.covariances), let current { covariances = current.covariances }
            var weights = n.map { $0 / sum }
            if fixed.contains(.weights), let current { weights = current.weights }
            let meanMatrix = Matrix(rows: k, columns: d, elements: means)
            if reg == 0 && !fixed.contains(.covariances) {
                try MixtureParameters.checkNotCollapsed(covariances, type: type, means: meanMatrix)
            }
            return try MixtureParameters(covarianceType: type, weights: weights, means: meanMatrix, covariances: covariances)
        }

        // Scatter about the new means: S2 − δS1ᵀ − S1δᵀ + R δδᵀ, δ = μ − c.
        let s2count = fullScatter ? d * d : d
        var scatter = [Double](repeating: 0, count: k * s2count)
        for c in 0..<k {
            let delta = (0..<d).map { means[c * d + $0] - shift[c * d + $0] }
            let s1 = Array(first[(c * d)..<((c + 1) * d)])
            let r = resp[c]
            if fullScatter {
                for l in 0..<d {
                    for j in l..<d {
                        let v = second[c * s2count + l * d + j] - delta[l] * s1[j] - s1[l] * delta[j] + r * delta[l] * delta[j]
                        scatter[c * s2count + l * d + j] = v
                        scatter[c * s2count + j * d + l] = v
                    }
                }
            } else {
                for j in 0..<d {
                    scatter[c * s2count + j] = second[c * s2count + j] - 2 * delta[j] * s1[j] + r * delta[j] * delta[j]
                }
            }
        }

        var covariances: [Double]
        switch type {
        case .full:
            covariances = scatter
            for c in 0..<k {
                for e in 0..<(d * d) { covariances[c * d * d + e] /= n[c] }
                for j in 0..<d { covariances[c * d * d + j * d + j] += reg }
            }
        case .tied:
            let total = n.reduce(0, +)
            covariances = [Double](repeating: 0, count: d * d)
            for c in 0..<k {
                for e in 0..<(d * d) { covariances[e] += scatter[c * d * d + e] }
            }
            for e in 0..<(d * d) { covariances[e] /= total }
            for j in 0..<d { covariances[j * d + j] += reg }
        case .diag:
            covariances = scatter
            for c in 0..<k {
                for j in 0..<d { covariances[c * d + j] = scatter[c * d + j] / n[c] + reg }
            }
        case .spherical:
            covariances = (0..<k).map { c in
                var s = 0.0
                for j in 0..<d { s += scatter[c * d + j] / n[c] + reg }
                return s / Double(d)
            }
        }
        if fixed.contains(.covariances), let current { covariances = current.covariances }

        let total = n.reduce(0, +)
        var weights = n.map { $0 / total }
        if fixed.contains(.weights), let current { weights = current.weights }

        let meanMatrix = Matrix(rows: k, columns: d, elements: means)
        if reg == 0 && !fixed.contains(.covariances) {
            try MixtureParameters.checkNotCollapsed(covariances, type: type, means: meanMatrix)
        }
        return try MixtureParameters(covarianceType: type, weights: weights, means: meanMatrix, covariances: covariances)
    }
}
