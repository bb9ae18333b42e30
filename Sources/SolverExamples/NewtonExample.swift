import Autodiff
import Foundation
import LinearAlgebra
import Optimization
import Plotting

/// `F(x, y) = (x² + y² − 4, eˣ + y − 1)`: a circle and an exponential curve.
struct CircleAndExponential: VectorFunction {
    func callAsFunction<T: Real>(_ v: [T]) -> [T] {
        [v[0] * v[0] + v[1] * v[1] - 4, T.exp(v[0]) + v[1] - 1]
    }
}

/// Newton's method on a 2×2 system from (2, 0): every iterate, its residual and its distance to
/// the root, showing the number of correct digits doubling.
enum NewtonExample {
    static let start = [2.0, 0]

    static func run() throws(ExampleError) -> ExampleReport {
        let f = CircleAndExponential()
        let system = DifferentiableSystem(f)
        // The solver takes one Jacobian per iteration, at the iterate: record them there.
        let iterates = IterateRecorder()
        let recording = DifferentiableSystem(value: system.value, jacobian: { x in
            iterates.points.append(x)
            return system.jacobian(x)
        }, mode: system.mode)
        var solver = NewtonSolver()
        solver.residualTolerance = 1e-15
        let solution: NewtonSolution
        do { solution = try solver.solve(recording, from: start) } catch {
            throw ExampleError("newton: \(error)")
        }
        let root = solution.root
        let points = iterates.points + [root]
        let residuals = points.map { maxNorm(f($0)) }
        let errors = points.map { p in zip(p, root).map { abs($0 - $1) }.max()! }
        var lines = [
            "F(x, y) = (x² + y² − 4, eˣ + y − 1) = 0 from (2, 0): Jacobian by forward-mode AD, LU with partial pivoting",
            "  k   x                     y                     ‖F‖∞        ‖x − x*‖∞",
        ]
        for (k, p) in points.enumerated() {
            lines.append(String(format: "%3d   %-20.16f  %-20.16f  %.2e    %.2e", k, p[0], p[1], residuals[k], errors[k]))
        }
        // ‖eₖ₊₁‖/‖eₖ‖² over the iterates whose errors are above rounding: bounded means quadratic.
        let ratios = (0..<(errors.count - 1)).compactMap { k -> Double? in
            errors[k + 1] > 1e-14 && errors[k] > 0 ? errors[k + 1] / (errors[k] * errors[k]) : nil
        }
        lines.append(String(format: "root (%.12f, %.12f) after %d iterations, %d F evaluations, %d Jacobians",
                            root[0], root[1], solution.iterations, solution.functionEvaluations,
                            solution.jacobianEvaluations) + " (\(solution.reason.rawValue))")
        if !ratios.isEmpty {
            lines.append("‖eₖ₊₁‖/‖eₖ‖² = " + ratios.map { String(format: "%.2f", $0) }.joined(separator: ", ")
                         + ": bounded, so convergence is quadratic")
        }
        let iterationsAxis = points.indices.map(Double.init)
        var chart = LineChart(series: [
            LineChart.Series(name: "‖F(xₖ)‖∞", x: iterationsAxis, y: residuals),
            LineChart.Series(name: "‖xₖ − x*‖∞", x: iterationsAxis, y: errors),
        ])
        chart.title = "Newton's method: x² + y² = 4, eˣ + y = 1"
        chart.subtitle = "Jacobian by forward-mode AD · the exponent of the error doubles each step"
        chart.xTitle = "iteration k"
        chart.yTitle = "size (log scale)"
        chart.yAxisScale = .logarithmic
        chart.integerXTicks = true
        return ExampleReport(example: .newton, lines: lines, figure: chart.svg())
    }
}

/// Points collected by a closure (the iterates of a solver that does not report them).
final class IterateRecorder: @unchecked Sendable {
    var points: [[Double]] = []
}

/// ‖v‖∞.
func maxNorm(_ v: [Double]) -> Double { v.map(abs).max() ?? 0 }
