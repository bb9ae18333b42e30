import LinearAlgebra
import RealModule

/// The log-likelihood of a Gaussian mixture as ordinary generic code, in unconstrained
/// parameters — so the same function runs on `Double` and on automatic-differentiation scalars
/// (the lecture's meeting point of the two halves), and a gradient method can fit a mixture on
/// it without constraints. Full covariance uses exactly GradBench's `gmm` parameters.
///
/// Parameters θ = (α, μ, q, l) for k components in d dimensions:
/// - α (k): unnormalised log-weights, wₖ = softmax(α)ₖ;
/// - μ (k×d): means;
/// - q: log of the diagonal of the precision factor Q (QᵀQ = Σ⁻¹, Q lower triangular) —
///   k×d for `full` and `diag`, d for `tied` (one Q shared), k for `spherical` (Qₖ = e^{qₖ}·I);
/// - l: Q's strictly lower entries, column by column — k × d(d−1)/2 for `full`, d(d−1)/2 for
///   `tied`, none for `diag` and `spherical`.
///
/// Then, with log|Qₖ| = Σⱼ qₖⱼ (d·qₖ for spherical),
///
///     L(θ) = Σᵢ logsumexpₖ(αₖ + log|Qₖ| − ½‖Qₖ(xᵢ − μₖ)‖²) − n·logsumexp(α) − n·d/2·log 2π.
///
/// Q is computed once per evaluation (not per point), so on a tape the exponentials are k·d nodes.
///
/// ```swift
/// let theta = MixtureObjective.parameters(of: model)                 // [Double], any type
/// let objective = MixtureObjective(data: data, components: 2, covarianceType: .diag)
/// let ll = objective.logLikelihood(theta)                             // == model.logLikelihood(data)
/// let g = gradient(of: { objective.logLikelihood($0) }, at: theta)    // with Autodiff
/// ```
@frozen
public struct MixtureObjective<T: Real> {
    /// The data, n×d, in the scalar type.
    public let data: Matrix<T>
    /// k.
    public let components: Int
    /// How the covariances are parameterised (see the type's description).
    public let covarianceType: CovarianceType

    /// A full-covariance objective over `data`.
    @inlinable
    public init(data: Matrix<T>, components: Int) {
        self.init(data: data, components: components, covarianceType: .full)
    }

    /// An objective over `data` for mixtures of the given covariance type.
    @inlinable
    public init(data: Matrix<T>, components: Int, covarianceType: CovarianceType) {
        self.data = data
        self.components = components
        self.covarianceType = covarianceType
    }

    /// The number of parameters: k + k·d + (the q and l counts of the covariance type).
    @inlinable
    public var parameterCount: Int {
        Self.parameterCount(components: components, features: data.columns, covarianceType: covarianceType)
    }

    /// The number of unconstrained parameters for k components in d dimensions.
    @inlinable
    public static func parameterCount(components k: Int, features d: Int, covarianceType: CovarianceType) -> Int {
        let lower = d * (d - 1) / 2
        switch covarianceType {
        case .full: return k * (1 + 2 * d + lower)
        case .tied: return k * (1 + d) + d + lower
        case .diag: return k * (1 + 2 * d)
        case .spherical: return k * (2 + d)
        }
    }

    /// L(θ), the total log-likelihood. `theta` is laid out α, μ, q, l as in the type's description.
    /// - Precondition: `theta.count == parameterCount`.
    /// - Complexity: O(n·k·d²) for full and tied, O(n·k·d) for diag and spherical.
    @inlinable
    public func logLikelihood(_ theta: [T]) -> T {
        precondition(theta.count == parameterCount, "MixtureObjective: expected \(parameterCount) parameters, got \(theta.count)")
        let n = data.rows, d = data.columns, k = components
        let alpha = 0, mu = k, q = k + k * d
        let lowerCount = d * (d - 1) / 2
        let factors = covarianceType == .full ? k : covarianceType == .tied ? 1 : 0
        let l = q + (covarianceType == .full || covarianceType == .diag ? k * d : covarianceType == .tied ? d : k)
        // The factors' diagonals exp(q) and αₖ + log|Qₖ|, once per evaluation.
        var constant = [T]()
        constant.reserveCapacity(k)
        var diagonal = [T]()   // full/diag: k×d; tied: d; spherical: k
        switch covarianceType {
        case .full, .diag:
            diagonal.reserveCapacity(k * d)
            for c in 0..<k {
                var s = theta[alpha + c]
                for j in 0..<d {
                    s = s + theta[q + c * d + j]
                    diagonal.append(T.exp(theta[q + c * d + j]))
                }
                constant.append(s)
            }
        case .tied:
            var logDet = T.zero
            for j in 0..<d {
                logDet = logDet + theta[q + j]
                diagonal.append(T.exp(theta[q + j]))
            }
            for c in 0..<k { constant.append(theta[alpha + c] + logDet) }
        case .spherical:
            for c in 0..<k {
                constant.append(theta[alpha + c] + T(d) * theta[q + c])
                let s = T.exp(theta[q + c])
                diagonal.append(s * s)
            }
        }
        var total = T.zero
        var terms = [T](repeating: .zero, count: k)
        var diff = [T](repeating: .zero, count: d)
        for i in 0..<n {
            for c in 0..<k {
                for j in 0..<d { diff[j] = data[i, j] - theta[mu + c * d + j] }
                var norm = T.zero
                switch covarianceType {
                case .full, .tied:
                    // ‖Q(x − μ)‖² with Q lower triangular: row j is exp(q_j) on the diagonal and the
                    // lower entries of the columns before it.
                    let f = factors == 1 ? 0 : c
                    let dOffset = factors == 1 ? 0 : c * d
                    for j in 0..<d {
                        var y = diagonal[dOffset + j] * diff[j]
                        for p in 0..<j {
                            // Column p's entries start at offset p·d − p(p+1)/2; row j is (j − p − 1) in.
                            let index = p * d - p * (p + 1) / 2 + (j - p - 1)
                            y = y + theta[l + f * lowerCount + index] * diff[p]
                        }
                        norm = norm + y * y
                    }
                case .diag:
                    for j in 0..<d {
                        let y = diagonal[c * d + j] * diff[j]
                        norm = norm + y * y
                    }
                case .spherical:
                    for j in 0..<d { norm = norm + diff[j] * diff[j] }
                    norm = diagonal[c] * norm
                }
                terms[c] = constant[c] - norm / 2
            }
            total = total + Self.logSumExp(terms)
        }
        let normaliser = Self.logSumExp(Array(theta[alpha..<(alpha + k)]))
        return total - T(n) * normaliser - T(n * d) / 2 * T.log(2 * T.pi)
    }

    /// log Σ exp(xᵢ), shifted by the maximum so nothing overflows; −∞ when every term is −∞ (a
    /// row whose every density underflows), +∞ when one is +∞.
    @inlinable
    public static func logSumExp(_ x: [T]) -> T {
        var m = x[0]
        for v in x.dropFirst() where v > m { m = v }
        guard m.isFinite else { return m }
        var s = T.zero
        for v in x { s = s + T.exp(v - m) }
        return m + T.log(s)
    }
}

extension MixtureObjective where T == Double {
    /// θ for a fitted model of any covariance type: α = log w, μ, and Q = Uᵀ from the model's
    /// upper-triangular precision factor U (UUᵀ = Σ⁻¹, so QᵀQ = Σ⁻¹); for diag and spherical,
    /// q = log(1/σ).
    /// - Complexity: O(k·d²).
    public static func parameters(of model: GaussianMixtureModel) -> [Double] {
        parameters(of: model.parameters)
    }

    /// θ for mixture parameters of any covariance type (as for a fitted model).
    public static func parameters(of parameters: MixtureParameters) -> [Double] {
        let k = parameters.components, d = parameters.features
        let u = parameters.precisionsCholesky
        var alpha = [Double](), q = [Double](), lower = [Double]()
        // A zero weight becomes the most negative finite log-weight (θ stays finite).
        for c in 0..<k { alpha.append(Double.log(max(parameters.weights[c], .leastNormalMagnitude))) }
        switch parameters.covarianceType {
        case .full, .tied:
            for b in 0..<(parameters.covarianceType == .full ? k : 1) {
                for j in 0..<d { q.append(Double.log(u[b * d * d + j * d + j])) }
                for p in 0..<d {
                    // Q[j, p] = U[p, j] for j > p, column p of Q.
                    for j in (p + 1)..<max(p + 1, d) { lower.append(u[b * d * d + p * d + j]) }
                }
            }
        case .diag, .spherical:
            q = u.map { Double.log($0) }
        }
        return alpha + parameters.means.elements + q + lower
    }

    /// The mixture parameters θ describes: weights softmax(α), the means, and precisions QᵀQ
    /// (e^{2q} for diag and spherical).
    /// - Throws: `MixtureError` when θ has the wrong length or is not finite, or a precision is not
    ///   positive definite in floating point (`.invalidParameter` named `parameters`: a component
    ///   collapsing, as a likelihood maximised without `reg_covar` may).
    /// - Complexity: O(k·d³).
    public func mixtureParameters(from theta: [Double]) throws(MixtureError) -> MixtureParameters {
        guard theta.count == parameterCount else {
            throw .invalidParameter(name: "theta", reason: "expected \(parameterCount) values, got \(theta.count)")
        }
        guard theta.allSatisfy(\.isFinite) else {
            throw .invalidParameter(name: "theta", reason: "parameters must be finite")
        }
        let k = components, d = data.columns
        let alpha = Array(theta[0..<k])
        let m = alpha.max()!
        let e = alpha.map { Double.exp($0 - m) }
        let s = e.reduce(0, +)
        let weights = e.map { $0 / s }
        let means = Matrix(rows: k, columns: d, elements: Array(theta[k..<(k + k * d)]))
        let q = k + k * d
        var precisions: [Double] = []
        switch covarianceType {
        case .full, .tied:
            let blocks = covarianceType == .full ? k : 1
            let lowerCount = d * (d - 1) / 2
            let l = q + blocks * d
            for b in 0..<blocks {
                var factor = Matrix<Double>(rows: d, columns: d, repeating: 0)
                for j in 0..<d {
                    factor[j, j] = Double.exp(theta[q + b * d + j])
                    for p in 0..<j {
                        factor[j, p] = theta[l + b * lowerCount + p * d - p * (p + 1) / 2 + (j - p - 1)]
                    }
                }
                precisions += (factor.transposed * factor).elements
            }
        case .diag:
            precisions = theta[q..<(q + k * d)].map { Double.exp(2 * $0) }
        case .spherical:
            precisions = theta[q..<(q + k)].map { Double.exp(2 * $0) }
        }
        do {
            return try MixtureParameters(covarianceType: covarianceType, weights: weights, means: means, precisions: precisions)
        } catch .invalidParameter("precisions", let reason) {
            // Positive definite in exact arithmetic (LᵀL with L's diagonal exp(·) > 0): only a
            // precision so large or ill-conditioned that rounding breaks it — a component collapsing.
            throw .invalidParameter(name: "parameters", reason: "\(reason) in floating point: a component has collapsed onto too few "
                                    + "distinct rows, where the likelihood grows without bound; use fewer components, or fit by EM with reg_covar > 0")
        }
    }
}
