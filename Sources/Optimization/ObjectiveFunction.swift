import Autodiff

/// A scalar objective `f: ℝⁿ → ℝ` written once, generically over the scalar, so that every
/// derivative the minimisers need comes from ``/Autodiff``: the solvers evaluate it on `Double`
/// (values), on ``/Autodiff/Variable`` (gradients, one reverse sweep), on `ReverseVariable<MultiDual<8, Double>>`
/// (Hessians, forward over reverse) and on `ReverseVariable<Dual<Double>>` (Hessian–vector products).
///
/// Swift closures cannot be generic, so an objective is a type with one generic method. Use the
/// vector functions of `Autodiff` (`sum`, `dot`, `logSumExp`) for array code: on a tape they are
/// single vector nodes.
///
/// ```swift
/// struct Rosenbrock: ObjectiveFunction {
///     func callAsFunction<T: Real>(_ x: [T]) -> T {
///         let a = x[1] - x[0] * x[0], b = 1 - x[0]
///         return 100 * a * a + b * b
///     }
/// }
/// let result = minimize(Rosenbrock(), from: [-1.2, 1], method: .bfgs)
/// ```
public protocol ObjectiveFunction {
    /// `f(x)` on any `Real` scalar.
    func callAsFunction<T: Real>(_ x: [T]) -> T
}

/// The sum of squares `f(x) = Σᵢ rᵢ(x)²` of a residual map `r: ℝⁿ → ℝᵐ` (the form of the
/// Moré–Garbow–Hillstrom problems and of every nonlinear least-squares fit) as an objective.
///
/// - Complexity: one evaluation of `r` plus O(m); on a tape the final `Σ rᵢ²` is one vector node.
///
/// ```swift
/// minimize(SumOfSquares(residuals), from: x0, method: .lbfgs())
/// ```
@frozen
public struct SumOfSquares<Residuals: VectorFunction>: ObjectiveFunction {
    /// The residual map.
    public let residuals: Residuals

    /// The sum of squares of `residuals`.
    @inlinable
    public init(_ residuals: Residuals) { self.residuals = residuals }

    /// `Σᵢ rᵢ(x)²`.
    @inlinable
    public func callAsFunction<T: Real>(_ x: [T]) -> T {
        let r = residuals(x)
        return dot(r, r)
    }
}

extension SumOfSquares: Sendable where Residuals: Sendable {}
