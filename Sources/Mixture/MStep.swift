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

extension SufficientStatistics {
    /// Statistics from given responsibilities (n×k), in two passes: the shift is found first when
    /// `shift` is nil (the responsibility-weighted means), so the scatter is accumulated around them.
    static func fromResponsibilities(_ data: Matrix<Double>, _ resp: Matrix<Double>, fullScatter: Bool,
                                     shift: [Double]? = nil) -> (SufficientStatistics, shift: [Double]) {
        let n = data.rows, d = data.columns, k = resp.columns
        let centre: [Double]
        if let shift {
            centre = shift
        } else {
            var sums = [Double](repeating: 0, count: k * d)
            var counts = [Double](repeating: 0, count: k)
            for i in 0..<n {
                for c in 0..<k {
                    let r = resp[i, c]
                    guard r != 0 else { continue }
                    counts[c] += r
                    for j in 0..<d { sums[c * d + j] += r * data[i, j] }
                }
            }
            centre = (0..<(k * d)).map { counts[$0 / d] > 0 ? sums[$0] / counts[$0 / d] : 0 }
        }
        let st = stride(d: d, fullScatter: fullScatter)
        var acc = [Double](repeating: 0, count: k * st)
        var scratch = [Double](repeating: 0, count: d)
        data.elements.withUnsafeBufferPointer { x in
            centre.withUnsafeBufferPointer { s in
                acc.withUnsafeMutableBufferPointer { a in
                    scratch.withUnsafeMutableBufferPointer { t in
                        for i in 0..<n {
                            for c in 0..<k where resp[i, c] != 0 {
                                accumulate(a.baseAddress! + c * st, weight: resp[i, c], x: x.baseAddress! + i * d,
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
    /// - Throws: `MixtureError.illDefinedCovariance` when a covariance is not positive definite.
    func maximise(shift: [Double], type: CovarianceType, regularization reg: Double,
                  fixed: FixedParameters = [], current: MixtureParameters? = nil) throws(MixtureError) -> MixtureParameters {
        let n = resp.map { $0 + 10 * Double.ulpOfOne }
        var means = [Double](repeating: 0, count: k * d)
        for c in 0..<k {
            for j in 0..<d { means[c * d + j] = (first[c * d + j] + resp[c] * shift[c * d + j]) / n[c] }
        }
        if fixed.contains(.means), let current { means = current.means.elements }

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

        return try MixtureParameters(covarianceType: type, weights: weights,
                                     means: Matrix(rows: k, columns: d, elements: means), covariances: covariances)
    }
}
