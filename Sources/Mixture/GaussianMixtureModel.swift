import LinearAlgebra
import RealModule

/// A fitted Gaussian mixture: its parameters, how the fit went, and what it can compute.
///
/// Property names follow scikit-learn's fitted attributes (`weights_`, `means_`, `covariances_`,
/// `precisions_`, `precisions_cholesky_`, `converged_`, `n_iter_`, `lower_bound_`).
///
/// ```swift
/// let model = try GaussianMixture(components: 2).fit(OldFaithful.matrix)
/// let labels = try model.predict(OldFaithful.matrix)
/// let bic = try model.bic(OldFaithful.matrix)
/// ```
public struct GaussianMixtureModel: Sendable, Equatable {
    /// The fitted parameters.
    public let parameters: MixtureParameters
    /// Whether the last start stopped on the tolerance rather than on `maxIterations`.
    public let converged: Bool
    /// EM iterations of the kept start (`n_iter_`).
    public let iterations: Int
    /// The kept start's final bound: mean log-likelihood per sample at the E-step of its last
    /// iteration (`lower_bound_`); −∞ when no iteration ran.
    public let lowerBound: Double
    /// The bound after every iteration of the kept start; never decreases (up to rounding) when
    /// `regularization` is 0.
    public let lowerBounds: [Double]
    /// The change of the bound at the last iteration (compare with the tolerance when not converged).
    public let finalChange: Double

    /// A model from parameters and a fit's record.
    public init(parameters: MixtureParameters, converged: Bool = false, iterations: Int = 0,
                lowerBound: Double = -.infinity, lowerBounds: [Double] = [], finalChange: Double = .nan) {
        self.parameters = parameters
        self.converged = converged
        self.iterations = iterations
        self.lowerBound = lowerBound
        self.lowerBounds = lowerBounds
        self.finalChange = finalChange
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.parameters == b.parameters && a.converged == b.converged && a.iterations == b.iterations
            && a.lowerBounds == b.lowerBounds
    }

    /// The covariance type.
    public var covarianceType: CovarianceType { parameters.covarianceType }
    /// k.
    public var components: Int { parameters.components }
    /// d.
    public var features: Int { parameters.features }
    /// Mixing weights (k).
    public var weights: [Double] { parameters.weights }
    /// Means (k×d).
    public var means: Matrix<Double> { parameters.means }
    /// Covariances in scikit-learn's shape for the type, flattened.
    public var covariances: [Double] { parameters.covariances }
    /// Precisions in scikit-learn's shape, flattened.
    public var precisions: [Double] { parameters.precisions }
    /// Cholesky factors of the precisions in scikit-learn's shape, flattened.
    public var precisionsCholesky: [Double] { parameters.precisionsCholesky }
    /// The number of free parameters.
    public var parameterCount: Int { parameters.parameterCount }

    /// Component `c`'s covariance as a d×d matrix, whatever the type.
    public func covarianceMatrix(component c: Int) -> Matrix<Double> { parameters.covarianceMatrix(component: c) }

    // MARK: - Scoring

    /// log p(xᵢ) for every row (`score_samples`).
    /// - Complexity: O(n·k·d²) for full/tied.
    public func scoreSamples(_ data: Matrix<Double>) throws(MixtureError) -> [Double] {
        try checkScoringData(data, features: features)
        var out = [Double](repeating: 0, count: data.rows)
        out.withUnsafeMutableBufferPointer { o in
            nonisolated(unsafe) let o = o.baseAddress!
            EStepKernel(parameters).forEachBlock(data) { _, first, rows, _, logNorm, _ in
                for i in 0..<rows { o[first + i] = logNorm[i] }
            }
        }
        return out
    }

    /// The mean log-likelihood per row (`score`).
    public func score(_ data: Matrix<Double>) throws(MixtureError) -> Double {
        let s = try scoreSamples(data)
        return s.reduce(0, +) / Double(s.count)
    }

    /// The total log-likelihood of the rows.
    public func logLikelihood(_ data: Matrix<Double>) throws(MixtureError) -> Double {
        try scoreSamples(data).reduce(0, +)
    }

    /// Responsibilities p(k | xᵢ), n×k, each row summing to 1 (`predict_proba`).
    public func predictProbabilities(_ data: Matrix<Double>) throws(MixtureError) -> Matrix<Double> {
        try checkScoringData(data, features: features)
        let k = components
        var out = Matrix<Double>(rows: data.rows, columns: k, repeating: 0)
        out.elements.withUnsafeMutableBufferPointer { o in
            nonisolated(unsafe) let o = o.baseAddress!
            EStepKernel(parameters).forEachBlock(data) { _, first, rows, resp, _, _ in
                for i in 0..<(rows * k) { o[first * k + i] = resp[i] }
            }
        }
        return out
    }

    /// The most probable component of every row (`predict`): the argmax of `predictProbabilities`.
    public func predict(_ data: Matrix<Double>) throws(MixtureError) -> [Int] {
        try checkScoringData(data, features: features)
        let k = components
        var out = [Int](repeating: 0, count: data.rows)
        out.withUnsafeMutableBufferPointer { o in
            nonisolated(unsafe) let o = o.baseAddress!
            EStepKernel(parameters).forEachBlock(data) { _, first, rows, resp, _, _ in
                for i in 0..<rows {
                    var best = 0
                    for c in 1..<max(1, k) where resp[i * k + c] > resp[i * k + best] { best = c }
                    o[first + i] = best
                }
            }
        }
        return out
    }

    /// Bayesian information criterion, smaller is better: −2·log L + p·ln n.
    public func bic(_ data: Matrix<Double>) throws(MixtureError) -> Double {
        -2 * (try logLikelihood(data)) + Double(parameterCount) * Double.log(Double(data.rows))
    }

    /// Akaike information criterion, smaller is better: −2·log L + 2p.
    public func aic(_ data: Matrix<Double>) throws(MixtureError) -> Double {
        -2 * (try logLikelihood(data)) + 2 * Double(parameterCount)
    }

    // MARK: - Sampling

    /// Draws `count` rows from the mixture; rows come grouped by component, as scikit-learn's
    /// `sample` returns them, with the component of each.
    /// - Throws: `.invalidSetting(name: "n_samples", …)` when `count` < 1 (scikit-learn's rule);
    ///   `.insufficientMemory` when `count` × (d + 1) numbers exceed `memoryLimit` (default: the
    ///   machine's physical memory).
    /// - Complexity: O(count · d²) for full and tied, O(count · d) otherwise.
    public func sample(_ count: Int, memoryLimit: Int? = nil,
                       using generator: inout some RandomNumberGenerator) throws(MixtureError)
        -> (samples: Matrix<Double>, components: [Int]) {
        guard count >= 1 else {
            throw .invalidSetting(name: "n_samples", value: "\(count)", rule: "must be at least 1")
        }
        let k = components, d = features
        var need = SaturatingCount()
        need.add(count, d + 1)
        let limit = memoryLimit ?? MemorySize.physical
        guard need.bytes <= limit else { throw .insufficientMemory(bytes: need.bytes, limit: limit) }
        var counts = [Int](repeating: 0, count: k)
        for _ in 0..<count { counts[generator.categorical(weights)] += 1 }
        var values: [Double] = []
        values.reserveCapacity(count * d)
        var labels: [Int] = []
        labels.reserveCapacity(count)
        var z = [Double](repeating: 0, count: d)
        for c in 0..<k where counts[c] > 0 {
            switch covarianceType {
            case .full, .tied:
                // The factor exists: the covariance was factored when the parameters were made.
                let l = (try? covarianceMatrix(component: c).cholesky().get())?.lower
                    ?? lowerTriangularInverse(Matrix(rows: d, columns: d, elements: Array(
                        precisionsCholesky[(covarianceType == .full ? c * d * d : 0)..<((covarianceType == .full ? c + 1 : 1) * d * d)])).transposed)
                for _ in 0..<counts[c] {
                    for j in 0..<d { z[j] = generator.standardNormal() }
                    for j in 0..<d {
                        var v = means[c, j]
                        for p in 0...j { v += l[j, p] * z[p] }
                        values.append(v)
                    }
                    labels.append(c)
                }
            case .diag, .spherical:
                let sd = (0..<d).map { j in (covarianceType == .diag ? covariances[c * d + j] : covariances[c]).squareRoot() }
                for _ in 0..<counts[c] {
                    for j in 0..<d { values.append(means[c, j] + sd[j] * generator.standardNormal()) }
                    labels.append(c)
                }
            }
        }
        return (Matrix(rows: labels.count, columns: d, elements: values), labels)
    }
}
