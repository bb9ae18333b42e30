import Foundation
import ODE
import Plotting

/// Robertson's chemical kinetics to t = 40 by the implicit methods (whose Newton iterations take
/// ∂f/∂y by forward-mode AD) and by explicit Dormand–Prince, against the reference values, then
/// on to t = 10¹¹ keeping y₁ + y₂ + y₃ = 1.
enum RobertsonExample {
    typealias P = ODEProblems.Robertson

    /// rtol 1e-8 with atol (1e-10, 1e-14, 1e-10): y₂ is of size 1e-5.
    static var options: ODEOptions {
        var o = ODEOptions(relativeTolerance: 1e-8, absoluteTolerance: 1e-10)
        o.absoluteTolerances = [1e-10, 1e-14, 1e-10]
        o.maximumSteps = 1_000_000
        return o
    }

    static func run() throws(ExampleError) -> ExampleReport {
        func solve(_ method: ODEMethod, at times: [Double]) throws(ExampleError) -> ODESolution<Double> {
            do {
                return try solveODE(P(), from: 0, initialValue: P.initialValue, parameters: P.parameters,
                                    at: times, method: method, options: options)
            } catch { throw ExampleError("robertson: \(method.rawValue): \(error)") }
        }
        let reference = P.referenceAt40
        var lines = [
            "Robertson: y₁′ = −0.04y₁ + 1e4·y₂y₃, y₂′ = 0.04y₁ − 1e4·y₂y₃ − 3e7·y₂², y₃′ = 3e7·y₂²; y(0) = (1, 0, 0), rtol 1e-8",
            "  method          y₁(40)          y₂(40)             y₃(40)          max rel. error  steps   f evals  AD Jacobians",
            "  reference       " + String(format: "%.10f    %.9e    %.10f", reference[0], reference[1], reference[2])
                + "   (Hairer & Wanner's test set)",
        ]
        for method in [ODEMethod.radau5, .bdf, .dormandPrince] {
            let sol = try solve(method, at: [40])
            let y = sol.values[0]
            let error = zip(y, reference).map { abs($0 - $1) / abs($1) }.max()!
            let s = sol.statistics
            lines.append("  " + padded(method.rawValue, 14)
                         + String(format: "  %.10f    %.9e    %.10f    %.1e", y[0], y[1], y[2], error)
                         + padded("\(s.steps)", 10, right: true) + padded("\(s.functionEvaluations)", 10, right: true)
                         + padded("\(s.jacobianEvaluations)", 14, right: true))
        }
        // A log-spaced trajectory to 1e11 by Radau IIA.
        let times = (0...68).map { Double.pow(10, -6 + Double($0) / 4) }
        let long = try solve(.radau5, at: times)
        let end = long.values[long.values.count - 1]
        let drift = long.values.map { abs($0[0] + $0[1] + $0[2] - 1) }.max()!
        lines.append(String(format: "on to t = 1e11 (radau5): y = (%.6e, %.6e, %.10f) in %d steps; max |y₁ + y₂ + y₃ − 1| = %.1e",
                            end[0], end[1], end[2], long.statistics.steps, drift))
        var chart = LineChart(series: [
            LineChart.Series(name: "y₁", x: times, y: long.component(0)),
            LineChart.Series(name: "10⁴ · y₂", x: times, y: long.component(1).map { 1e4 * $0 }),
            LineChart.Series(name: "y₃", x: times, y: long.component(2)),
        ])
        chart.title = "Robertson's chemical kinetics to t = 10¹¹"
        chart.subtitle = "Radau IIA, \(long.statistics.steps) steps; Newton with the Jacobian by forward-mode AD"
        chart.xTitle = "t (log scale)"
        chart.yTitle = "concentration"
        chart.xAxisScale = .logarithmic
        chart.markerLimit = 0
        return ExampleReport(example: .robertson, lines: lines, figure: chart.svg())
    }
}
