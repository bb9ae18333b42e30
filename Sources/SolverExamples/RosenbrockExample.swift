import Autodiff
import Foundation
import Optimization
import Plotting

/// Rosenbrock's function `100(y − x²)² + (1 − x)²`, minimum 0 at (1, 1).
struct Rosenbrock: ObjectiveFunction {
    func callAsFunction<T: Real>(_ v: [T]) -> T {
        let a = v[1] - v[0] * v[0], b = 1 - v[0]
        return 100 * a * a + b * b
    }
}

/// Every minimiser on Rosenbrock's function from the standard start (−1.2, 1): iterations and
/// evaluations to ‖∇f‖∞ ≤ 1e-8, and f against the iteration.
enum RosenbrockExample {
    static let start = [-1.2, 1.0]
    static let methods: [MinimizationMethod] = [.gradientDescent, .bfgs, .lbfgs(), .newton, .trustRegionNewton]

    static func run() -> ExampleReport {
        var lines = [
            "f(x, y) = 100(y − x²)² + (1 − x)² from (−1.2, 1), minimum 0 at (1, 1); ∇f by reverse mode, ∇²f forward over reverse",
            "  method      iterations  f evals  ∇f evals  ∇²f evals  f final     x final                    stop",
        ]
        var series: [LineChart.Series] = []
        for method in methods {
            var options = MinimizationOptions()
            options.recordHistory = true
            options.maxIterations = method == .gradientDescent ? 50_000 : 1000
            let r = Minimizer(method: method, options: options).minimize(Rosenbrock(), from: start)
            let second = method == .trustRegionNewton ? r.hessianVectorProducts : r.hessianEvaluations
            lines.append("  " + padded("\(method)", 10) + padded("\(r.iterations)", 12, right: true)
                         + padded("\(r.functionEvaluations)", 9, right: true)
                         + padded("\(r.gradientEvaluations)", 10, right: true)
                         + padded(method == .trustRegionNewton ? "\(second) Hv" : "\(second)", 11, right: true)
                         + String(format: "  %.3e   (%.10f, %.10f)  ", r.value, r.minimizer[0], r.minimizer[1])
                         + r.reason.code)
            // Iteration 0 cannot sit on a log axis (x is the iteration + 1); f + 1e-30 keeps an
            // exact zero on it.
            series.append(LineChart.Series(name: "\(method) (\(r.iterations))",
                                           x: r.history.map { Double($0.iteration + 1) },
                                           y: r.history.map { $0.value + 1e-30 }))
        }
        lines.append("gradient descent zig-zags along the curved valley; the curvature-aware methods need tens of steps")
        var chart = LineChart(series: series)
        chart.title = "Rosenbrock from (−1.2, 1): f against iteration"
        chart.subtitle = "every derivative by Autodiff · iterations in the legend"
        chart.yTitle = "f(xₖ) (log scale)"
        chart.xAxisScale = .logarithmic
        chart.yAxisScale = .logarithmic
        chart.xTitle = "iteration + 1 (log scale)"
        return ExampleReport(example: .rosenbrock, lines: lines, figure: chart.svg())
    }
}

/// `text` padded with spaces to `width` characters (on the left when `right`).
func padded(_ text: String, _ width: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return right ? fill + text : text + fill
}
