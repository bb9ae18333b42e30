import Foundation
import ODE
import Plotting

/// The van der Pol oscillator with μ = 1000 on [0, 3000] by Radau IIA and BDF, against the
/// reference y(3000) and against explicit Dormand–Prince on the first 10 time units.
enum VanDerPolExample {
    typealias P = ODEProblems.VanDerPol

    /// y(3000) from SciPy's Radau at rtol 1e-12 (`scripts/ode_references.py`, as in the ODE tests).
    static let reference = [-1.5106069367440011, 0.0011783800007311427]

    static func run() throws(ExampleError) -> ExampleReport {
        let options = ODEOptions(relativeTolerance: 1e-6, absoluteTolerance: 1e-6)
        let times = (0...600).map { 5 * Double($0) }
        var lines = [
            "van der Pol y″ − μ(1 − y²)y′ + y = 0, μ = 1000, y(0) = (2, 0) on [0, 3000], rtol = atol = 1e-6",
            "  method          y₁(3000)           rel. error  steps   accepted  f evals  AD Jacobians  LU",
        ]
        var trajectory: ODESolution<Double>? = nil
        for method in [ODEMethod.radau5, .bdf] {
            let sol: ODESolution<Double>
            do {
                sol = try solveODE(P(), from: 0, initialValue: P.initialValue, parameters: [1000], at: times,
                                   method: method, options: options)
            } catch { throw ExampleError("vanderpol: \(method.rawValue): \(error)") }
            if trajectory == nil { trajectory = sol }
            let y = sol.values[sol.values.count - 1]
            let s = sol.statistics
            lines.append("  " + padded(method.rawValue, 14)
                         + String(format: "  %.10f   %.1e", y[0], abs(y[0] - reference[0]) / abs(reference[0]))
                         + padded("\(s.steps)", 9, right: true) + padded("\(s.acceptedSteps)", 10, right: true)
                         + padded("\(s.functionEvaluations)", 9, right: true)
                         + padded("\(s.jacobianEvaluations)", 14, right: true) + padded("\(s.luDecompositions)", 5, right: true))
        }
        // Dormand–Prince: stability, not accuracy, bounds its step (|λ| ≈ 2μ on the slow branches).
        do {
            let explicit = try solveODE(P(), from: 0, initialValue: P.initialValue, parameters: [1000], at: [10],
                                        method: .dormandPrince, options: options)
            let s = explicit.statistics
            lines.append("  dormandPrince on [0, 10] alone: \(s.steps) steps, \(s.functionEvaluations) f evals "
                         + String(format: "(≈ %.1e steps for all 3000 at that rate)", Double(s.steps) * 300))
        } catch { throw ExampleError("vanderpol: dormandPrince: \(error)") }
        let sol = trajectory!
        var chart = LineChart(series: [LineChart.Series(name: "y₁ (Radau IIA)", x: times, y: sol.component(0))])
        chart.title = "van der Pol oscillator, μ = 1000"
        chart.subtitle = "Radau IIA, \(sol.statistics.steps) steps over [0, 3000]: slow drift, then a jump in O(1/μ)"
        chart.xTitle = "t"
        chart.yTitle = "y₁"
        chart.markerLimit = 0
        return ExampleReport(example: .vanderpol, lines: lines, figure: chart.svg())
    }
}
