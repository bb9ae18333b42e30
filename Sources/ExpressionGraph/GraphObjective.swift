import Autodiff
import Optimization

/// One output of a ``ComputationGraph`` as an `Optimization` objective: the graph evaluated on
/// any `Real` scalar, so the minimisers' gradients, Hessians and Hessian–vector products all come
/// from `Autodiff` (reverse mode, forward over reverse) running through the graph — never from a
/// hand-written formula.
///
/// - Complexity: one evaluation costs O(N) operations on the scalar (N the graph's nodes).
///
/// ```swift
/// let f = GraphObjective(try ComputationGraph(parsing: "(1 - x)^2 + 100*(y - x^2)^2"))
/// minimize(f, from: [-1.2, 1], method: .bfgs).minimizer   // ≈ [1, 1]
/// ```
@frozen
public struct GraphObjective: ObjectiveFunction, Sendable {
    /// The graph.
    public let graph: ComputationGraph
    /// The output minimised.
    public let output: Int

    /// Output `output` of `graph` as an objective of its variables (in ``ComputationGraph/variables`` order).
    /// - Precondition: `0 ≤ output < graph.outputCount`.
    public init(_ graph: ComputationGraph, output: Int = 0) {
        precondition(output >= 0 && output < graph.outputCount, "GraphObjective: output \(output) of \(graph.outputCount)")
        self.graph = graph
        self.output = output
    }

    /// The output's value at `x`.
    @inlinable
    public func callAsFunction<T: Real>(_ x: [T]) -> T {
        graph.outputValue(graph.outputs[output], graph.values(at: x))
    }
}
