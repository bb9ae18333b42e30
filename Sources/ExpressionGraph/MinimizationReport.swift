import Autodiff
import Optimization

/// The minimum of an expression of several variables (`mixtape ad minimize`): one of
/// `Optimization`'s minimisers run on the graph as a ``GraphObjective``, every gradient,
/// Hessian and Hessian–vector product from `Autodiff` through the graph.
///
/// A minimiser that stops without converging (iteration or evaluation limit, no progress, a
/// non-finite value) is a result, not an error: ``converged`` is `false` and ``reasonCode`` says
/// why, with the last iterate reported as the minimiser.
///
/// - Complexity: that of the method (see `Minimizer`), each evaluation O(N) on the graph.
///
/// ```swift
/// let g = try ComputationGraph(parsing: "(1 - x)^2 + 100*(y - x^2)^2")
/// let r = try MinimizationReport(g, from: [-1.2, 1], method: .bfgs)
/// r.result.minimizer   // ≈ [1, 1]
/// r.converged          // true
/// ```
public struct MinimizationReport: Sendable {
    /// The graph.
    public let graph: ComputationGraph
    /// The starting point.
    public let start: [Double]
    /// The stopping tests used.
    public let options: MinimizationOptions
    /// The minimiser's result.
    public let result: MinimizationResult

    /// Minimises the graph's single output from `start` with `method`.
    /// - Throws: ``ExpressionError`` (usage) if the graph has several outputs or no variables,
    ///   `start` has the wrong length, or the minimiser finds its input unusable (invalid
    ///   options, a non-finite start).
    public init(_ graph: ComputationGraph, from start: [Double], method: MinimizationMethod = .lbfgs(),
                options: MinimizationOptions = MinimizationOptions()) throws(ExpressionError) {
        guard graph.outputCount == 1 else {
            throw ExpressionError(.usage, "minimize needs one output; the expression has \(graph.outputCount) (for a system F(x) = 0 use 'ad solve')",
                                  source: "expression")
        }
        guard graph.inputCount > 0 else {
            throw ExpressionError(.usage, "the expression has no variables, so there is nothing to minimise", source: "expression")
        }
        guard start.count == graph.inputCount else {
            throw ExpressionError(.usage, "\(start.count) starting values for \(graph.inputCount) variables (\(graph.variables.joined(separator: ", ")))",
                                  source: "--from")
        }
        let result = Minimizer(method: method, options: options).minimize(GraphObjective(graph), from: start)
        if case .invalidInput(let message) = result.reason {
            throw ExpressionError(.usage, message, source: "minimize")
        }
        self.graph = graph
        self.start = start
        self.options = options
        self.result = result
    }

    /// Whether the minimiser met a convergence test.
    public var converged: Bool { result.converged }

    /// Why it stopped, as a stable code: `gradient_tolerance`, `function_tolerance`,
    /// `step_tolerance` (converged), `iteration_limit`, `evaluation_limit`, `no_progress`,
    /// `non_finite_value` (not converged).
    public var reasonCode: String { result.reason.code }

    /// The evaluations made: of f, of ∇f, and for the Newton methods of the Hessian or of
    /// Hessian–vector products.
    public var evaluationsText: String {
        var parts = ["\(result.functionEvaluations) of f", "\(result.gradientEvaluations) of ∇f"]
        if result.hessianEvaluations > 0 { parts.append("\(result.hessianEvaluations) of ∇²f") }
        if result.hessianVectorProducts > 0 { parts.append("\(result.hessianVectorProducts) products ∇²f·v") }
        return parts.joined(separator: ", ")
    }

    /// One sentence: converged or stopped, and why.
    public var summary: String {
        let how = "\(result.method) after \(result.iterations) iteration\(result.iterations == 1 ? "" : "s")"
        return converged ? "converged (\(result.reason)) — \(how)"
                         : "not converged: \(result.reason) — \(how); the last iterate is shown"
    }

    /// The minimiser, minimum, gradient norm, evaluations and why it stopped, a line each.
    public var text: String {
        var out = "minimizer: \(pointText(graph.variables, result.minimizer))\n"
        out += "minimum: f = \(NumberText.format(result.value))\n"
        out += "gradient norm: ‖∇f‖∞ = \(NumberText.format(result.gradientNorm))\n"
        out += "evaluations: \(evaluationsText) (derivatives by Autodiff through the graph)\n"
        out += summary + "\n"
        return out
    }

    /// `minimizer` (by variable), `minimum`, `gradient_norm` (‖∇f‖∞), `iterations`, `evaluations`
    /// (`function`, `gradient`, `hessian`, `hessian_vector`), `converged`, `reason` (``reasonCode``).
    public var json: JSONOutput {
        .object([
            ("minimizer", .numbers(named: graph.variables, result.minimizer)),
            ("minimum", .number(result.value)),
            ("gradient_norm", .number(result.gradientNorm)),
            ("iterations", .integer(result.iterations)),
            ("evaluations", .object([
                ("function", .integer(result.functionEvaluations)),
                ("gradient", .integer(result.gradientEvaluations)),
                ("hessian", .integer(result.hessianEvaluations)),
                ("hessian_vector", .integer(result.hessianVectorProducts)),
            ])),
            ("converged", .bool(converged)),
            ("reason", .string(reasonCode)),
        ])
    }
}
