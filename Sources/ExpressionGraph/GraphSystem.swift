import Autodiff

/// All outputs of a ``ComputationGraph`` as a map `F: ℝⁿ → ℝᵐ` (`Autodiff`'s `VectorFunction`), so
/// Newton's method (`NewtonSolver`) and least squares take its Jacobian from `Autodiff`.
///
/// - Complexity: one evaluation costs O(N) operations on the scalar.
///
/// ```swift
/// let F = GraphSystem(try ComputationGraph(parsing: "x^2 + y^2 - 4; x - y"))
/// try NewtonSolver().solve(F, from: [1, 0.5]).root   // [√2, √2]
/// ```
@frozen
public struct GraphSystem: VectorFunction, Sendable {
    /// The graph.
    public let graph: ComputationGraph

    /// The outputs of `graph` as functions of its variables.
    public init(_ graph: ComputationGraph) { self.graph = graph }

    /// The outputs at `x`.
    @inlinable
    public func callAsFunction<T: Real>(_ x: [T]) -> [T] { graph.evaluate(at: x) }
}
