// Times Mixtape's ODE integrators on Robertson, van der Pol (μ = 1000) and Lotka–Volterra
// sensitivities. Usage: ode-bench [--quick]
// One line per case:
//   case <name>: steps=… accepted=… rejected=… fevals=… jac=… jac_fevals=… lu=… time_s=… error=…
// `error` is the largest relative error against the reference named in the case's comment
// (the same references as Tests/ODETests), or `failed:<reason>` for a typed failure (expected
// for the explicit method on the long stiff runs, which stop at their step cap).
import Foundation
import ODE

/// The best wall time of `body` over at least `reps` runs and `minTime` seconds (one warm-up).
func bestTime(reps: Int, minTime: Double, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var best = Double.infinity, total = 0.0, runs = 0
    while runs < reps || total < minTime {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        let s = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        best = min(best, s)
        total += s
        runs += 1
        if runs >= 1000 { break }
    }
    return best
}

func maxRelativeError(_ a: [[Double]], _ b: [[Double]]) -> Double {
    var worst = 0.0
    for (x, y) in zip(a, b) {
        for (u, v) in zip(x, y) { worst = max(worst, abs(u - v) / max(abs(v), 1e-300)) }
    }
    return worst
}

let quick = CommandLine.arguments.contains("--quick")
let reps = quick ? 1 : 5
let minTime = quick ? 0.0 : 0.5

func report<S>(_ name: String, _ run: () throws(ODEFailure) -> ODESolution<S>,
               error: (ODESolution<S>) -> Double) {
    do {
        let sol = try run()
        let time = try bestTime(reps: reps, minTime: minTime) { _ = try run() }
        let s = sol.statistics
        print("case \(name): steps=\(s.steps) accepted=\(s.acceptedSteps) rejected=\(s.rejectedSteps) "
              + "fevals=\(s.functionEvaluations) jac=\(s.jacobianEvaluations) "
              + "jac_fevals=\(s.jacobianFunctionEvaluations) lu=\(s.luDecompositions) "
              + "time_s=\(String(format: "%.4g", time)) error=\(String(format: "%.2e", error(sol)))")
    } catch {
        let f = error as! ODEFailure
        let s = f.statistics
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try? run()
        let time = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print("case \(name): steps=\(s.steps) accepted=\(s.acceptedSteps) rejected=\(s.rejectedSteps) "
              + "fevals=\(s.functionEvaluations) jac=\(s.jacobianEvaluations) "
              + "jac_fevals=\(s.jacobianFunctionEvaluations) lu=\(s.luDecompositions) "
              + "time_s=\(String(format: "%.4g", time)) error=failed:\(f.reason)@t=\(f.time)")
    }
}

// Robertson, rtol 1e-8, atol (1e-10, 1e-14, 1e-10): reference y(40) from Hairer & Wanner's test
// set, y(1e11) from SciPy's Radau at rtol 1e-12 (scripts/ode_references.py).
typealias Rob = ODEProblems.Robertson
var robertsonOptions = ODEOptions(relativeTolerance: 1e-8, absoluteTolerance: 1e-10)
robertsonOptions.absoluteTolerances = [1e-10, 1e-14, 1e-10]
let rob1e11 = [2.0833401495859864e-08, 8.333360769873551e-14, 0.9999999791665154]
for method in ODEMethod.allCases {
    var options = robertsonOptions
    options.maximumSteps = 1_000_000
    report("robertson_t40_\(method.rawValue)", { () throws(ODEFailure) in
        try solveODE(Rob(), from: 0, initialValue: Rob.initialValue, parameters: Rob.parameters,
                     at: [40], method: method, options: options)
    }, error: { maxRelativeError($0.values, [Rob.referenceAt40]) })
}
for method in ODEMethod.allCases {
    var options = robertsonOptions
    options.maximumSteps = quick ? 20_000 : 200_000
    report("robertson_t1e11_\(method.rawValue)", { () throws(ODEFailure) in
        try solveODE(Rob(), from: 0, initialValue: Rob.initialValue, parameters: Rob.parameters,
                     at: [1e11], method: method, options: options)
    }, error: { maxRelativeError($0.values, [rob1e11]) })
}

// Van der Pol μ = 1000 on [0, 3000], rtol = atol = 1e-6; reference y(3000) from SciPy's Radau
// at rtol 1e-12 (scripts/ode_references.py).
typealias VdP = ODEProblems.VanDerPol
let vdp3000 = [-1.5106069367440011, 0.0011783800007311427]
for method in ODEMethod.allCases {
    var options = ODEOptions(relativeTolerance: 1e-6, absoluteTolerance: 1e-6)
    options.maximumSteps = quick ? 20_000 : 200_000
    report("vdp1000_\(method.rawValue)", { () throws(ODEFailure) in
        try solveODE(VdP(), from: 0, initialValue: VdP.initialValue, parameters: [1000],
                     at: [3000], method: method, options: options)
    }, error: { maxRelativeError($0.values, [vdp3000]) })
}

// Lotka–Volterra on [0, 10], rtol 1e-8: the plain solve and the solve with the 2×4 Jacobian
// with respect to the rates (one MultiDual<4> sweep through the integrator); error: relative
// to the Dormand–Prince solve at rtol 1e-12.
typealias LV = ODEProblems.LotkaVolterra
let lvOptions = ODEOptions(relativeTolerance: 1e-8, absoluteTolerance: 1e-10)
let lvTimes = (1...10).map(Double.init)
let lvReference = try! solveODE(LV(), from: 0, initialValue: LV.initialValue, parameters: LV.parameters,
                                at: lvTimes, method: .dormandPrince,
                                options: ODEOptions(relativeTolerance: 1e-12, absoluteTolerance: 1e-14)).values
for method in ODEMethod.allCases {
    report("lotka_volterra_\(method.rawValue)", { () throws(ODEFailure) in
        try solveODE(LV(), from: 0, initialValue: LV.initialValue, parameters: LV.parameters,
                     at: lvTimes, method: method, options: lvOptions)
    }, error: { maxRelativeError($0.values, lvReference) })
    var sensitivity: ODESensitivitySolution?
    let time = try! bestTime(reps: reps, minTime: minTime) {
        sensitivity = try solveODEWithSensitivities(LV(), from: 0, initialValue: LV.initialValue,
                                                    parameters: LV.parameters, at: lvTimes,
                                                    method: method, options: lvOptions)
    }
    let s = sensitivity!.statistics
    print("case lotka_volterra_sensitivities_\(method.rawValue): steps=\(s.steps) "
          + "accepted=\(s.acceptedSteps) rejected=\(s.rejectedSteps) fevals=\(s.functionEvaluations) "
          + "jac=\(s.jacobianEvaluations) jac_fevals=\(s.jacobianFunctionEvaluations) "
          + "lu=\(s.luDecompositions) time_s=\(String(format: "%.4g", time)) "
          + "error=\(String(format: "%.2e", maxRelativeError(sensitivity!.values, lvReference)))")
}
