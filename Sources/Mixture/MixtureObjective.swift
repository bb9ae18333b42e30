import LinearAlgebra
import RealModule

/// The log-likelihood of a full-covariance Gaussian mixture as ordinary generic code, in the
/// unconstrained parameters GradBench's `gmm` eval uses — so the same function runs on `Double`
/// and on automatic-differentiation scalars (the lecture's meeting point of the two halves).
///
/// Parameters θ = (α, μ, q, l) for k components in d dimensions:
/// - α (k): unnormalised log-weights, wₖ = softmax(α)ₖ;
/// - μ (k×d): means;
/// - q (k×d): log of the diagonal of Qₖ;
/// - l (k × d(d−1)/2): Qₖ's strictly lower entries, column by column;
///
/// where Qₖ is lower triangular and QₖᵀQₖ = Σₖ⁻¹. Then
///
///     L(θ) = Σᵢ logsumexpₖ(αₖ + Σⱼ qₖⱼ − ½‖Qₖ(xᵢ − μₖ)‖²) − n·logsumexp(α) − n·d/2·log 2π.
///
/// ```swift
/// let theta = MixtureObjective.parameters(of: model)                 // [Double]
/// let objective = MixtureObjective(data: data, components: 2)
/// let ll = objective.logLikelihood(theta)                             // == model.logLikelihood(data)
/// let g = gradient(of: { objective.logLikelihood($0) }, at: theta)    // with Autodiff
/// ```
@frozen
public struct MixtureObjective<T: Real> {
    /// The data, n×d, in the scalar type.
    public let data: Matrix<T>
    /// k.
    public let components: Int

    /// An objective over `data`.
    @inlinable
    public init(data: Matrix<T>, components: Int) {
        self.data = data
        self.components = components
    }

    /// The number of parameters: k + k·d + k·d + k·d(d−1)/2.
    @inlinable
    public var parameterCount: Int {
        let d = data.columns
        return components * (1 + 2 * d + d * (d - 1) / 2)
    }

    /// L(θ), the total log-likelihood. `theta` is laid out α, μ, q, l as in the type's description.
    /// - Complexity: O(n·k·d²).
    @inlinable
    public func logLikelihood(_ theta: [T]) -> T {
        precondition(theta.count == parameterCount, "MixtureObjective: expected \(parameterCount) parameters, got \(theta.count)")
        let n = data.rows, d = data.columns, k = components
        let alpha = 0, mu = k, q = k + k * d, l = k + 2 * k * d
        let lowerCount = d * (d - 1) / 2
        // αₖ + Σⱼ qₖⱼ, per component.
        var constant = [T]()
        constant.reserveCapacity(k)
        for c in 0..<k {
            var s = theta[alpha + c]
            for j in 0..<d { s = s + theta[q + c * d + j] }
            constant.append(s)
        }
        var total = T.zero
        var terms = [T](repeating: .zero, count: k)
        var diff = [T](repeating: .zero, count: d)
        for i in 0..<n {
            for c in 0..<k {
                for j in 0..<d { diff[j] = data[i, j] - theta[mu + c * d + j] }
                // ‖Q(x − μ)‖² with Q lower triangular: row j is exp(q_j) on the diagonal and the
                // lower entries of the columns before it.
                var norm = T.zero
                for j in 0..<d {
                    var y = T.exp(theta[q + c * d + j]) * diff[j]
                    for p in 0..<j {
                        // Column p's entries start at offset p·d − p(p+1)/2; row j is (j − p − 1) in.
                        let index = p * d - p * (p + 1) / 2 + (j - p - 1)
                        y = y + theta[l + c * lowerCount + index] * diff[p]
                    }
                    norm = norm + y * y
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
    /// θ for a fitted full-covariance model: α = log w, μ, and Qₖ = Uₖᵀ from the model's
    /// upper-triangular precision factor (UₖUₖᵀ = Σₖ⁻¹, so QₖᵀQₖ = Σₖ⁻¹).
    /// - Precondition: the model's covariance type is `full`.
    public static func parameters(of model: GaussianMixtureModel) -> [Double] {
        precondition(model.covarianceType == .full, "MixtureObjective.parameters needs a full-covariance model")
        let k = model.components, d = model.features
        let u = model.precisionsCholesky
        var alpha = [Double](), q = [Double](), lower = [Double]()
        for c in 0..<k {
            alpha.append(Double.log(model.weights[c]))
            for j in 0..<d { q.append(Double.log(u[c * d * d + j * d + j])) }
            for p in 0..<d {
                // Q[j, p] = U[p, j] for j > p, column p of Q.
                for j in (p + 1)..<max(p + 1, d) { lower.append(u[c * d * d + p * d + j]) }
            }
        }
        return alpha + model.means.elements + q + lower
    }
}
