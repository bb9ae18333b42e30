import Autodiff
import LinearAlgebra
import Mixture
import Optimization

/// The objective a gradient method minimises to fit a Gaussian mixture: the negative mean
/// log-likelihood −L(θ)/n of `MixtureObjective` (the same generic code EM's likelihood is checked
/// against), in its unconstrained parameters — softmax weights, means, log-Cholesky precision
/// factors.
///
/// The data are converted to the scalar once per type, not per evaluation: `Double` values and
/// reverse-mode ``/Autodiff/Variable`` gradients (the minimisers' hot path) use objectives built at `init`;
/// other scalars (forward mode, Hessians) lift the data on each call.
///
/// ```swift
/// let f = MixtureNegativeLogLikelihood(data: OldFaithful.matrix, components: 2, covarianceType: .diag)
/// let r = minimize(f, from: MixtureObjective.parameters(of: start), method: .lbfgs())
/// ```
public struct MixtureNegativeLogLikelihood: ObjectiveFunction {
    @usableFromInline let plain: MixtureObjective<Double>
    @usableFromInline let reverse: MixtureObjective<Variable>

    /// The objective of a k-component mixture of `covarianceType` on `data`.
    public init(data: Matrix<Double>, components: Int, covarianceType: CovarianceType) {
        plain = MixtureObjective(data: data, components: components, covarianceType: covarianceType)
        reverse = MixtureObjective(
            data: Matrix(rows: data.rows, columns: data.columns, elements: data.elements.map { Variable(constant: $0) }),
            components: components, covarianceType: covarianceType)
    }

    /// The number of parameters θ has.
    public var parameterCount: Int { plain.parameterCount }

    /// The underlying log-likelihood on `Double`.
    public var objective: MixtureObjective<Double> { plain }

    /// −L(θ)/n.
    /// - Precondition: `theta.count == parameterCount`.
    /// - Complexity: O(n·k·d²) (full, tied) or O(n·k·d).
    @inlinable
    public func callAsFunction<T: Real>(_ theta: [T]) -> T {
        let n = plain.data.rows
        if T.self == Double.self {
            let v = plain.logLikelihood(unsafeBitCast(theta, to: [Double].self))
            return unsafeBitCast(-v / Double(n), to: T.self)
        }
        if T.self == Variable.self {
            let v = reverse.logLikelihood(unsafeBitCast(theta, to: [Variable].self))
            return unsafeBitCast(-v / Variable(Double(n)), to: T.self)
        }
        let data = Matrix<T>(rows: plain.data.rows, columns: plain.data.columns, elements: plain.data.elements.map { lift($0) })
        let objective = MixtureObjective<T>(data: data, components: plain.components, covarianceType: plain.covarianceType)
        return -objective.logLikelihood(theta) / T(n)
    }
}

