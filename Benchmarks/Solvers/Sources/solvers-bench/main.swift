import Foundation
import Mixture
import MixtureGradient
import Optimization
import OptimizationProblems

// Usage:
//   solvers-bench mgh                 markdown table: every minimiser on MGHProblem.standardSet
//   solvers-bench lm                  Levenberg–Marquardt on the same problems
//   solvers-bench roots               Newton's method on MGHProblem.squareSystems
//   solvers-bench gmm-gradient [R]    Old Faithful, EM vs L-BFGS from the same start, best of R runs
//   solvers-bench trace PROBLEM METHOD [ITERATIONS] [GTOL]   per-iteration f, ‖g‖, evaluations

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }

func reached(_ f: Double, _ p: MGHProblem) -> Bool {
    ([p.minimum] + p.otherMinima).contains { m in m == 0 ? f <= 1e-10 : abs(f - m) <= 1e-5 * abs(m) }
}

func mghTable() {
    let methods: [MinimizationMethod] = [.gradientDescent, .bfgs, .lbfgs(), .newton, .trustRegionNewton]
    let clock = ContinuousClock()
    print("| # | problem | n | m | method | f reached | ok | iterations | f evals | ∇f evals | ∇²f / ∇²f·v | stop | ms |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for p in MGHProblem.standardSet {
        for method in methods {
            var o = MinimizationOptions()
            o.maxIterations = method == .gradientDescent ? 20_000 : 2000
            if p == .powellBadlyScaled { o.gradientTolerance = 1e-13 }
            let start = clock.now
            let r = Minimizer(method: method, options: o).minimize(SumOfSquares(p), from: p.start)
            let ms = seconds(clock.now - start) * 1000
            let second = method == .newton ? "\(r.hessianEvaluations)" : method == .trustRegionNewton ? "\(r.hessianVectorProducts)" : "–"
            print("| \(p.number) | \(p) | \(p.variables) | \(p.residualCount) | \(method) | \(String(format: "%.6e", r.value)) | \(reached(r.value, p) ? "yes" : "**no**") | \(r.iterations) | \(r.functionEvaluations) | \(r.gradientEvaluations) | \(second) | \(r.reason.code) | \(String(format: "%.2f", ms)) |")
        }
        let start = clock.now
        let lm = LevenbergMarquardt().minimize(p, from: p.start)
        let ms = seconds(clock.now - start) * 1000
        print("| \(p.number) | \(p) | \(p.variables) | \(p.residualCount) | lm | \(String(format: "%.6e", lm.sumOfSquares)) | \(reached(lm.sumOfSquares, p) ? "yes" : "**no**") | \(lm.iterations) | \(lm.residualEvaluations) | \(lm.jacobianEvaluations) (J) | – | \(lm.reason.code) | \(String(format: "%.2f", ms)) |")
    }
}

func roots() {
    for p in MGHProblem.squareSystems {
        do {
            let r = try NewtonSolver().solve(p, from: p.start)
            print("case newton_\(p): residual=\(r.residualNorm) iterations=\(r.iterations) f_evals=\(r.functionEvaluations) jacobians=\(r.jacobianEvaluations) reason=\(r.reason.rawValue)")
        } catch {
            print("case newton_\(p): failed \(error)")
        }
    }
}

func gmmGradient(repeats: Int) throws {
    let data = OldFaithful.matrix
    let clock = ContinuousClock()
    for k in [2, 3] {
        for type in CovarianceType.allCases {
            let start = try GaussianMixture(components: k, covarianceType: type, maxIterations: 0).fit(data, seed: 0).parameters
            var emBest = Double.infinity, gradientBest = Double.infinity
            var em: GaussianMixtureModel? = nil
            var fit: GradientMixtureResult? = nil
            for _ in 0..<repeats {
                let t0 = clock.now
                em = try GaussianMixture(components: k, covarianceType: type, tolerance: 1e-12, regularization: 0,
                                         maxIterations: 100_000).fit(data, warmStart: start)
                emBest = min(emBest, seconds(clock.now - t0))
                let t1 = clock.now
                fit = try GradientMixtureFit(components: k, covarianceType: type).fit(data, from: start)
                gradientBest = min(gradientBest, seconds(clock.now - t1))
            }
            let emLL = try em!.logLikelihood(data)
            let r = fit!.minimization
            print("case gmm_gradient_faithful_k\(k)_\(type): em_iterations=\(em!.iterations) em_ll_evals=\(em!.iterations) em_s=\(String(format: "%.3g", emBest)) lbfgs_iterations=\(r.iterations) lbfgs_ll_evals=\(r.functionEvaluations) lbfgs_s=\(String(format: "%.3g", gradientBest)) ratio=\(String(format: "%.1f", gradientBest / emBest)) ll_em=\(String(format: "%.6f", emLL)) ll_diff=\(String(format: "%.1e", abs(fit!.logLikelihood - emLL))) lbfgs_stop=\(r.reason.code)")
        }
    }
}

func trace(_ args: [String]) {
    guard args.count >= 2, let p = MGHProblem.standardSet.first(where: { "\($0)" == args[0] }),
          let m = MinimizationMethod(name: args[1]) else {
        print("usage: solvers-bench trace PROBLEM METHOD [ITERATIONS] [GTOL]"); exit(64)
    }
    var o = MinimizationOptions()
    o.recordHistory = true
    o.maxIterations = args.count > 2 ? Int(args[2]) ?? 100 : 100
    if args.count > 3, let g = Double(args[3]) { o.gradientTolerance = g }
    let r = Minimizer(method: m, options: o).minimize(SumOfSquares(p), from: p.start)
    for h in r.history { print(h.iteration, h.value, h.gradientNorm, h.functionEvaluations) }
    print(r.reason, r.minimizer)
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first ?? "mgh" {
case "mgh": mghTable()
case "roots": roots()
case "gmm-gradient": try gmmGradient(repeats: arguments.count > 1 ? Int(arguments[1]) ?? 20 : 20)
case "trace": trace(Array(arguments.dropFirst()))
default:
    FileHandle.standardError.write("usage: solvers-bench mgh | roots | gmm-gradient [REPEATS] | trace PROBLEM METHOD\n".data(using: .utf8)!)
    exit(64)
}
