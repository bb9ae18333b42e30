import Autodiff
import Optimization

/// A root of a square system `F(x) = 0` typed as an expression with one output per equation
/// (`mixtape ad solve "f1; f2"`): `Optimization`'s ``/Optimization/NewtonSolver`` on the graph as a
/// ``GraphSystem``, the Jacobian from `Autodiff` through the graph — forward mode for a square
/// system when chosen by shape, or the mode asked for.
///
/// A failure of Newton's method (a singular Jacobian, divergence, no decrease of ‖F‖, the
/// iteration limit) is a result, not an error: ``converged`` is `false`, ``reasonCode`` names
/// the failure, and ``point`` and ``residualNorm`` are those of the last iterate.
///
/// - Complexity: per iteration one Jacobian (n forward sweeps of the graph in blocks of 8, or
///   one recording and n reverse sweeps), an O(n³) LU factorisation and one or a few evaluations.
///
/// ```swift
/// let g = try ComputationGraph(parsing: "x^2 + y^2 - 4; x - y")
/// let r = try SystemSolveReport(g, from: [1, 0.5])
/// r.point   // [√2, √2]
/// ```
public struct SystemSolveReport: Sendable {
    /// The graph (one output per equation).
    public let graph: ComputationGraph
    /// The starting point.
    public let start: [Double]
    /// The solver's settings.
    public let solver: NewtonSolver
    /// The Jacobian's mode actually used (forward or reverse).
    public let jacobianMode: DifferentiationMode
    /// The root, or the last iterate when the solver failed.
    public let point: [Double]
    /// `F` at ``point`` (empty if the solver failed before evaluating it).
    public let residual: [Double]
    /// ‖F(point)‖∞.
    public let residualNorm: Double
    /// Newton iterations completed.
    public let iterations: Int
    /// Evaluations of F (including the backtracking trials).
    public let functionEvaluations: Int
    /// Evaluations of the Jacobian.
    public let jacobianEvaluations: Int
    /// Why the solver stopped: converged or the failure.
    public let outcome: Result<NewtonSolution.Reason, NewtonFailure>

    /// Solves `F(x) = 0` for the graph's outputs from `start`.
    /// - Throws: ``ExpressionError`` (usage) if the number of equations is not the number of
    ///   unknowns, there are no variables, `start` has the wrong length, or the solver finds its
    ///   input unusable (invalid settings, a non-finite start).
    public init(_ graph: ComputationGraph, from start: [Double], solver: NewtonSolver = NewtonSolver()) throws(ExpressionError) {
        guard graph.inputCount > 0 else {
            throw ExpressionError(.usage, "the expression has no variables, so there is nothing to solve for", source: "expression")
        }
        guard graph.outputCount == graph.inputCount else {
            let e = graph.outputCount, n = graph.inputCount
            throw ExpressionError(.usage, "solve needs as many equations as unknowns; the expression has \(e) equation\(e == 1 ? "" : "s") (separated by ';') in \(n) unknown\(n == 1 ? "" : "s") (\(graph.variables.joined(separator: ", ")))",
                                  source: "expression")
        }
        guard start.count == graph.inputCount else {
            throw ExpressionError(.usage, "\(start.count) starting values for \(graph.inputCount) variables (\(graph.variables.joined(separator: ", ")))",
                                  source: "--from")
        }
        self.graph = graph
        self.start = start
        self.solver = solver
        let mode = solver.jacobianMode == .automatic
            ? automaticMode(inputs: graph.inputCount, outputs: graph.outputCount) : solver.jacobianMode
        jacobianMode = mode
        var settings = solver
        settings.jacobianMode = mode
        do {
            let solution = try settings.solve(GraphSystem(graph), from: start)
            point = solution.root
            residual = solution.residual
            residualNorm = solution.residualNorm
            iterations = solution.iterations
            functionEvaluations = solution.functionEvaluations
            jacobianEvaluations = solution.jacobianEvaluations
            outcome = .success(solution.reason)
        } catch {
            if case .invalidInput(let message) = error.kind {
                throw ExpressionError(.usage, message, source: "solve")
            }
            point = error.iterate
            let f = graph.evaluate(at: error.iterate)
            residual = f
            residualNorm = error.residualNorm
            iterations = error.iterations
            functionEvaluations = error.functionEvaluations
            jacobianEvaluations = error.jacobianEvaluations
            outcome = .failure(error)
        }
    }

    /// Whether a root was found.
    public var converged: Bool {
        if case .success = outcome { return true }
        return false
    }

    /// Why it stopped, as a stable code: `residual_tolerance`, `step_tolerance` (converged),
    /// `singular_jacobian`, `diverged`, `no_decrease`, `iteration_limit` (failed).
    public var reasonCode: String {
        switch outcome {
        case .success(let reason): reason.rawValue
        case .failure(let failure): failure.kind.code
        }
    }

    /// One sentence: converged or failed, and why.
    public var summary: String {
        let steps = "\(iterations) Newton iteration\(iterations == 1 ? "" : "s")"
        switch outcome {
        case .success(.residualTolerance):
            return "converged: ‖F‖∞ ≤ \(NumberText.format(solver.residualTolerance)) after \(steps)"
        case .success(.stepTolerance):
            return "converged: the Newton step is below \(NumberText.format(solver.stepTolerance))·max(1, ‖x‖∞) after \(steps)"
        case .failure(let failure):
            let what: String
            switch failure.kind {
            case .singularJacobian(let column): what = "the Jacobian is singular (no usable pivot in column \(column + 1))"
            case .diverged: what = "the iteration diverged (non-finite or unbounded values)"
            case .noDecrease: what = "no step along the Newton direction decreases ‖F‖ (a local minimum of ‖F‖ that is not a root?)"
            case .iterationLimit: what = "no convergence within \(solver.maxIterations) iterations"
            case .invalidInput(let message): what = message
            }
            return "not converged: \(what), after \(steps); the last iterate is shown"
        }
    }

    /// The name of each equation: `f1`, `f2`, ….
    public var equationNames: [String] { (1...Swift.max(1, graph.outputCount)).map { "f\($0)" } }

    /// The root (or last iterate), the residuals, the work and why it stopped, a line each.
    public var text: String {
        var out = (converged ? "root: " : "last iterate: ") + pointText(graph.variables, point) + "\n"
        if residual.count == graph.outputCount {
            out += "residual: " + zip(equationNames, residual).map { "\($0) = \(NumberText.format($1))" }.joined(separator: ", ") + "\n"
        }
        out += "residual norm: ‖F‖∞ = \(NumberText.format(residualNorm))\n"
        let mode = jacobianMode == .reverse ? "reverse" : "forward"
        out += "evaluations: \(functionEvaluations) of F, \(jacobianEvaluations) Jacobian\(jacobianEvaluations == 1 ? "" : "s") (\(mode) mode through the graph)\n"
        out += summary + "\n"
        return out
    }

    /// `root` (by variable; the last iterate when not converged), `residual` (by equation,
    /// `f1`, `f2`, …), `residual_norm` (‖F‖∞), `iterations`, `evaluations` (`function`,
    /// `jacobian`), `jacobian_mode`, `converged`, `reason` (``reasonCode``).
    public var json: JSONOutput {
        .object([
            ("root", .numbers(named: graph.variables, point)),
            ("residual", residual.count == graph.outputCount ? .numbers(named: equationNames, residual) : .null),
            ("residual_norm", .number(residualNorm)),
            ("iterations", .integer(iterations)),
            ("evaluations", .object([
                ("function", .integer(functionEvaluations)),
                ("jacobian", .integer(jacobianEvaluations)),
            ])),
            ("jacobian_mode", .string(jacobianMode == .reverse ? "reverse" : "forward")),
            ("converged", .bool(converged)),
            ("reason", .string(reasonCode)),
        ])
    }
}
