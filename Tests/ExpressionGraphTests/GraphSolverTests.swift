import Foundation
import Autodiff
import ExpressionGraph
import Optimization
import TestSupport
import Testing

/// `MinimizationReport` and `SystemSolveReport`: `Optimization`'s minimisers and Newton solver
/// on a typed expression, every derivative from `Autodiff` through the graph.
struct GraphSolverTests {
    static let rosenbrock = "(1 - x)^2 + 100*(y - x^2)^2"

    /// The Autodiff derivatives the solvers use equal the graph's own sweeps (an independent AD
    /// implementation): the gradient to 1e-13 relative and the Hessian to 1e-12 (both only
    /// re-associate the same products), at a point with non-unit coordinates.
    @Test func derivativesThroughTheGraphMatchItsOwnSweeps() throws {
        let g = try ComputationGraph(parsing: "exp(x*y) + sin(x - z)*z^2 + log1p(y^2)/x")
        let x = [0.37, -1.3, 2.1]
        let objective = DifferentiableObjective(GraphObjective(g))
        let (value, gradient) = objective.valueAndGradient(x)
        let lin = g.linearize(at: x)
        #expect(value == lin.outputValues[0])
        for (a, b) in zip(gradient, lin.gradient()) { #expect(abs(a - b) <= 1e-13 * max(1, abs(b))) }
        let hessian = try #require(objective.hessian)
        let h = hessian(x)
        let reference = g.hessian(at: x)
        for i in 0..<3 {
            for j in 0..<3 { #expect(abs(h[i, j] - reference[i][j]) <= 1e-12 * max(1, abs(reference[i][j]))) }
        }
        let system = DifferentiableSystem(GraphSystem(try ComputationGraph(parsing: "x*y*z; sin(x*y*z) + y")))
        let j = system.jacobian(x)
        let jr = try ComputationGraph(parsing: "x*y*z; sin(x*y*z) + y").linearize(at: x).jacobian(mode: .reverse)
        for r in 0..<2 {
            for c in 0..<3 { #expect(abs(j[r, c] - jr[r][c]) <= 1e-13 * max(1, abs(jr[r][c]))) }
        }
    }

    /// Every method reaches Rosenbrock's minimum f(1, 1) = 0 from the standard start (−1.2, 1)
    /// (Moré, Garbow & Hillstrom 1981, problem 1); tolerance 1e-5 on x because ‖∇f‖∞ ≤ 1e-8
    /// allows |x − x*| up to about 1e-8·‖H⁻¹‖ ≈ 1e-6 there (gradient descent: a loose gradient
    /// tolerance, as it needs ~10⁴ iterations).
    @Test(arguments: MinimizationMethod.names)
    func rosenbrockByEveryMethod(_ name: String) throws {
        let method = try #require(MinimizationMethod(name: name))
        var options = MinimizationOptions()
        options.maxIterations = 100_000
        if method == .gradientDescent { options.gradientTolerance = 1e-4 }
        let r = try MinimizationReport(ComputationGraph(parsing: GraphSolverTests.rosenbrock), from: [-1.2, 1],
                                       method: method, options: options)
        #expect(r.converged, "\(name): \(r.result.reason)")
        #expect(r.reasonCode == "gradient_tolerance")
        let tolerance = method == .gradientDescent ? 1e-3 : 1e-5
        for v in r.result.minimizer { #expect(abs(v - 1) <= tolerance, "\(name): \(r.result.minimizer)") }
        #expect(r.result.value <= (method == .gradientDescent ? 1e-6 : 1e-10))
        #expect(r.result.gradientEvaluations > 0 && r.result.functionEvaluations >= r.result.iterations)
        if method == .newton { #expect(r.result.hessianEvaluations > 0) }
        if method == .trustRegionNewton { #expect(r.result.hessianVectorProducts > 0) }
    }

    /// f = x² + 2y² + xy − 4x − 5y has ∇f = (2x + y − 4, x + 4y − 5) = 0 at (11/7, 6/7), by hand,
    /// and f there = −(4·11/7 + 5·6/7)/2 = −37/7. Newton lands on it in one step.
    @Test func quadraticWithAKnownMinimum() throws {
        let g = try ComputationGraph(parsing: "x^2 + 2*y^2 + x*y - 4*x - 5*y")
        for method in [MinimizationMethod.bfgs, .lbfgs(), .newton, .trustRegionNewton] {
            let r = try MinimizationReport(g, from: [3, -2], method: method)
            #expect(r.converged)
            #expect(abs(r.result.minimizer[0] - 11.0 / 7) <= 1e-9 && abs(r.result.minimizer[1] - 6.0 / 7) <= 1e-9)
            #expect(abs(r.result.value + 37.0 / 7) <= 1e-12)
        }
        #expect(try MinimizationReport(g, from: [3, -2], method: .newton).result.iterations == 1)
        let json = try MinimizationReport(g, from: [0, 0], method: .bfgs).json.rendered
        for key in ["\"minimizer\": {", "\"x\": ", "\"minimum\": ", "\"gradient_norm\": ", "\"iterations\": ",
                    "\"evaluations\": {", "\"function\": ", "\"gradient\": ", "\"converged\": true",
                    "\"reason\": \"gradient_tolerance\""] {
            #expect(json.contains(key), "missing \(key) in \(json)")
        }
    }

    /// Stops that are not convergence are results with their reason, and the last iterate.
    @Test func failuresAreResults() throws {
        var options = MinimizationOptions()
        options.maxIterations = 3
        let limited = try MinimizationReport(ComputationGraph(parsing: GraphSolverTests.rosenbrock), from: [-1.2, 1],
                                             method: .bfgs, options: options)
        #expect(!limited.converged && limited.reasonCode == "iteration_limit" && limited.result.iterations == 3)
        #expect(limited.text.contains("not converged: iteration limit reached"))
        #expect(limited.json.rendered.contains("\"converged\": false"))

        let nan = try MinimizationReport(ComputationGraph(parsing: "log(x) + y^2"), from: [-1, 1], method: .lbfgs())
        #expect(!nan.converged && nan.reasonCode == "non_finite_value")
        #expect(nan.result.minimizer == [-1, 1])

        // f = x is unbounded below: no method may report convergence.
        for method in [MinimizationMethod.gradientDescent, .bfgs, .lbfgs(), .newton, .trustRegionNewton] {
            let r = try MinimizationReport(ComputationGraph(parsing: "x + y^2"), from: [0, 1], method: method)
            #expect(!r.converged, "\(method): \(r.result.reason)")
        }
    }

    @Test func unusableInputThrowsUsageErrors() throws {
        let two = try ComputationGraph(parsing: "x; x^2")
        #expect(throws: ExpressionError.self) { try MinimizationReport(two, from: [1]) }
        #expect(throws: ExpressionError.self) { try MinimizationReport(ComputationGraph(parsing: "2 + 3"), from: []) }
        #expect(throws: ExpressionError.self) { try MinimizationReport(ComputationGraph(parsing: "x*y"), from: [1]) }
        var bad = MinimizationOptions()
        bad.gradientTolerance = -1
        do {
            _ = try MinimizationReport(ComputationGraph(parsing: "x^2"), from: [1], options: bad)
            Issue.record("negative tolerance accepted")
        } catch {
            #expect(error.category == .usage && error.message.contains("gradientTolerance"))
        }
        #expect(throws: ExpressionError.self) { try SystemSolveReport(ComputationGraph(parsing: "x + y"), from: [1, 1]) }
        #expect(throws: ExpressionError.self) { try SystemSolveReport(ComputationGraph(parsing: "x; x^2"), from: [1]) }
        #expect(throws: ExpressionError.self) { try SystemSolveReport(ComputationGraph(parsing: "3"), from: []) }
        #expect(throws: ExpressionError.self) { try SystemSolveReport(ComputationGraph(parsing: "x; y"), from: [1]) }
    }

    /// x² + y² = 4 and x = y meet at (√2, √2); forward and reverse Jacobians give the same root.
    @Test func solveASystemWithAKnownRoot() throws {
        let g = try ComputationGraph(parsing: "x^2 + y^2 - 4; x - y")
        for mode in [DifferentiationMode.automatic, .forward, .reverse] {
            var solver = NewtonSolver()
            solver.jacobianMode = mode
            let r = try SystemSolveReport(g, from: [1, 0.5], solver: solver)
            #expect(r.converged && r.reasonCode == "residual_tolerance")
            for v in r.point { #expect(abs(v - 2.0.squareRoot()) <= 1e-12) }
            #expect(r.residualNorm <= 1e-10 && r.residual.count == 2)
            #expect(r.jacobianMode == (mode == .reverse ? .reverse : .forward))
            #expect(r.jacobianEvaluations == r.iterations && r.functionEvaluations > r.iterations)
        }
        // Three unknowns: x + y + z = 6, xyz = 6, x² + y² + z² = 14 has the root (1, 2, 3) near (0.8, 2.1, 3.2).
        let three = try SystemSolveReport(ComputationGraph(parsing: "x + y + z - 6; x*y*z - 6; x^2 + y^2 + z^2 - 14"),
                                          from: [0.8, 2.1, 3.2])
        #expect(three.converged)
        for (v, e) in zip(three.point, [1.0, 2, 3]) { #expect(abs(v - e) <= 1e-10) }
    }

    /// Typed failures come back with the last iterate and its residual norm.
    @Test func solveFailuresAreResults() throws {
        // J = diag(2x, 2y) = 0 at the start.
        let singular = try SystemSolveReport(ComputationGraph(parsing: "x^2 - 1; y^2 - 1"), from: [0, 0])
        #expect(!singular.converged && singular.reasonCode == "singular_jacobian")
        #expect(singular.point == [0, 0] && singular.residualNorm == 1)
        #expect(singular.text.contains("the Jacobian is singular"))

        // log(−1) is NaN at the start: divergence, with the start as the last iterate.
        let diverged = try SystemSolveReport(ComputationGraph(parsing: "log(x); y"), from: [-1, 0])
        #expect(!diverged.converged && diverged.reasonCode == "diverged" && diverged.point == [-1, 0])
        #expect(diverged.residualNorm.isNaN && diverged.json.rendered.contains("\"residual_norm\": null"))

        // x² + 1 has no real root; ‖F‖ has its minimum 1 at x = 0, where Newton's step cannot decrease it.
        let stuck = try SystemSolveReport(ComputationGraph(parsing: "x^2 + 1"), from: [0.5])
        #expect(!stuck.converged && stuck.reasonCode == "no_decrease")
        #expect(abs(stuck.point[0]) < 1e-3 && abs(stuck.residualNorm - 1) < 1e-6)

        var solver = NewtonSolver()
        solver.maxIterations = 2
        let limited = try SystemSolveReport(ComputationGraph(parsing: "exp(x) - 1; y"), from: [10, 1], solver: solver)
        #expect(!limited.converged && limited.reasonCode == "iteration_limit" && limited.iterations == 2)
        #expect(abs(limited.residualNorm - (exp(limited.point[0]) - 1)) <= 1e-12 * limited.residualNorm)
        let json = limited.json.rendered
        for key in ["\"root\": {", "\"residual\": {", "\"f1\": ", "\"residual_norm\": ", "\"jacobian\": 2",
                    "\"converged\": false", "\"reason\": \"iteration_limit\""] {
            #expect(json.contains(key), "missing \(key) in \(json)")
        }
    }
}
