import Foundation
import Optimization
import OptimizationProblems

// Prints, for every problem of MGHProblem.standardSet and every minimiser, the final f, whether it
// reached the paper's minimum (or one of the other minima it lists), iterations and evaluations.
// Usage: optimization-bench [mgh] [--tsv]

struct Row {
    var problem: MGHProblem
    var method: MinimizationMethod
    var result: MinimizationResult
    var seconds: Double
}

func reached(_ f: Double, _ p: MGHProblem) -> Bool {
    ([p.minimum] + p.otherMinima).contains { m in
        m == 0 ? f <= 1e-10 : abs(f - m) <= 1e-5 * abs(m) + 1e-12
    }
}

func run() {
    let methods: [MinimizationMethod] = [.gradientDescent, .bfgs, .lbfgs(), .newton, .trustRegionNewton]
    var options = MinimizationOptions()
    options.maxIterations = 20_000
    options.maxEvaluations = 100_000
    let clock = ContinuousClock()
    print("| problem | n | m | f* (MGH) | method | f reached | ok | iterations | f evals | ∇f evals | H evals | Hv | reason | ms |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for p in MGHProblem.standardSet {
        for method in methods {
            var o = options
            if p.variables > 100 && method == .gradientDescent { o.maxIterations = 2000 }
            let start = clock.now
            let r = Minimizer(method: method, options: o).minimize(SumOfSquares(p), from: p.start)
            let d = clock.now - start
            let ms = (Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18) * 1000
            let fStar = p.otherMinima.isEmpty ? "\(p.minimum)" : "\(p.minimum) / " + p.otherMinima.map { "\($0)" }.joined(separator: " / ")
            print("| \(p) | \(p.variables) | \(p.residualCount) | \(fStar) | \(method) | \(String(format: "%.6e", r.value)) | \(reached(r.value, p) ? "yes" : "**no**") | \(r.iterations) | \(r.functionEvaluations) | \(r.gradientEvaluations) | \(r.hessianEvaluations) | \(r.hessianVectorProducts) | \(r.reason.code) | \(String(format: "%.1f", ms)) |")
        }
    }
}

if CommandLine.arguments.count > 2 && CommandLine.arguments[1] == "trace" {
    let name = CommandLine.arguments[2]
    let p = MGHProblem.standardSet.first { "\($0)" == name }!
    let m = MinimizationMethod(name: CommandLine.arguments[3])!
    var o = MinimizationOptions(); o.recordHistory = true; o.maxIterations = Int(CommandLine.arguments[4]) ?? 100
    if CommandLine.arguments.count > 5 { o.gradientTolerance = Double(CommandLine.arguments[5])! }
    let r = Minimizer(method: m, options: o).minimize(SumOfSquares(p), from: p.start)
    for h in r.history { print(h.iteration, h.value, h.gradientNorm, h.functionEvaluations) }
    print(r.reason, r.minimizer)
} else if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "lm" {
    for p in MGHProblem.standardSet where p.variables <= 100 {
        let r = LevenbergMarquardt().minimize(p, from: p.start)
        print(p, r.sumOfSquares, reached(r.sumOfSquares, p), r.iterations, r.residualEvaluations, r.jacobianEvaluations, r.reason.code)
    }
} else if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "roots" {
    for p in MGHProblem.squareSystems {
        do {
            let r = try NewtonSolver().solve(p, from: p.start)
            print(p, r.residualNorm, r.iterations, r.functionEvaluations, r.jacobianEvaluations, r.reason)
        } catch {
            print(p, error)
        }
    }
} else {
    run()
}
