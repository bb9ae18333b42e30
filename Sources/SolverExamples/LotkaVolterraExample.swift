import Foundation
import InverseProblems
import ODE
import Plotting

/// The Lotka–Volterra inverse problem: noisy observations of a simulated trajectory, the four
/// rates recovered by Levenberg–Marquardt with the Jacobian by AD through the integrator.
enum LotkaVolterraExample {
    /// Every rate 13–20 % off the truth (1.5, 1, 3, 1).
    static let start = [1.2, 1.2, 2.6, 0.8]
    static let noise = 0.05

    static func run(seed: UInt64) throws(ExampleError) -> ExampleReport {
        let problem: LotkaVolterraInverseProblem
        let recovery: LotkaVolterraRecovery
        do {
            problem = try LotkaVolterraInverseProblem(noise: noise, seed: seed)
            recovery = try problem.recover(from: start)
        } catch { throw ExampleError("lotka-volterra: \(error)") }
        let r = recovery.result
        let names = ["α", "β", "γ", "δ"]
        let errors = recovery.standardErrors ?? [Double](repeating: .nan, count: 4)
        var lines = [
            "x′ = αx − βxy, y′ = δxy − γy, (x, y)(0) = (1, 1): \(problem.times.count) noisy observations of each on (0, 6], σ = \(noise), seed \(seed)",
            "Levenberg–Marquardt, residual Jacobian by forward-mode AD through Dormand–Prince (rtol 1e-8)",
            "  rate   truth    start    recovered ± standard error   relative error",
        ]
        for j in 0..<4 {
            lines.append("  " + padded(names[j], 5)
                         + String(format: "  %.4f   %.4f   %.6f ± %.6f          %.2f %%", problem.trueRates[j], start[j],
                                  recovery.rates[j], errors[j], 100 * recovery.relativeErrors[j]))
        }
        lines.append(String(format: "largest relative error %.2f %%; ‖r‖² = %.5f (%d residuals, σ² estimate %.5f)",
                            100 * recovery.maxRelativeError, r.sumOfSquares, r.residuals.count,
                            r.sumOfSquares / Double(max(1, r.residuals.count - 4)))
                     + "; \(r.iterations) iterations, \(r.residualEvaluations) solves, \(r.jacobianEvaluations) AD Jacobians, stop: \(r.reason.code)")
        // The fitted trajectory, dense, and the observations as isolated points (nil between them).
        let dense = (0...240).map { 0.025 * Double($0) }
        let fitted: ODESolution<Double>
        do {
            fitted = try solveODE(ODEProblems.LotkaVolterra(), from: 0, initialValue: problem.initialValue,
                                  parameters: recovery.rates, at: dense, method: .dormandPrince,
                                  options: ODEOptions(relativeTolerance: 1e-8, absoluteTolerance: 1e-10))
        } catch { throw ExampleError("lotka-volterra: \(error)") }
        func points(_ i: Int) -> LineChart.Series {
            var x: [Double] = [], y: [Double?] = []
            for (k, t) in problem.times.enumerated() {
                x += [t, t]
                y += [problem.observations[k][i], nil]
            }
            return LineChart.Series(name: i == 0 ? "prey x, observed" : "predator y, observed", x: x, y: y)
        }
        var chart = LineChart(series: [
            LineChart.Series(name: "prey x, fitted", x: dense, y: fitted.component(0)),
            LineChart.Series(name: "predator y, fitted", x: dense, y: fitted.component(1)),
            points(0), points(1),
        ])
        chart.title = "Lotka–Volterra: rates recovered from noisy observations"
        chart.subtitle = "recovered (α, β, γ, δ) = (" + recovery.rates.map { String(format: "%.3f", $0) }.joined(separator: ", ")
            + ") · truth (1.5, 1, 3, 1)"
        chart.xTitle = "t"
        chart.yTitle = "population"
        return ExampleReport(example: .lotkaVolterra, lines: lines, figure: chart.svg())
    }
}
