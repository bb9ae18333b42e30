import ODE
import Testing
import TestSupport

/// Robertson's stiff chemical kinetics (``ODEProblems/Robertson``) against the published
/// reference, over eleven decades of time, and against an explicit method.
@Suite("Robertson")
struct RobertsonTests {
    typealias P = ODEProblems.Robertson

    /// Tolerances at which both implicit methods resolve y₂ ≈ 1e-5 to 1e-6 relative: y₂'s
    /// absolute tolerance must sit well below 1e-11.
    static var options: ODEOptions {
        var o = ODEOptions(relativeTolerance: 1e-8, absoluteTolerance: 1e-10)
        o.absoluteTolerances = [1e-10, 1e-14, 1e-10]
        return o
    }

    /// y(40) matches Hairer & Wanner's test-set values (0.7158270687, 9.185534765e-6,
    /// 0.2841637457; given to 10 digits, confirmed by `scripts/ode_references.py` with SciPy's
    /// Radau at rtol 1e-12) to 1e-6 relative in every component.
    @Test(arguments: [ODEMethod.radau5, .bdf])
    func matchesReferenceAtForty(method: ODEMethod) throws {
        let sol = try solveODE(P(), from: 0, initialValue: P.initialValue, parameters: P.parameters,
                               at: [40], method: method, options: Self.options)
        for i in 0..<3 {
            let rel = abs(sol.values[0][i] - P.referenceAt40[i]) / P.referenceAt40[i]
            #expect(rel < 1e-6, "\(method) y\(i + 1)(40) = \(sol.values[0][i]), relative error \(rel)")
        }
        #expect(sol.statistics.steps == sol.statistics.acceptedSteps + sol.statistics.rejectedSteps)
        #expect(sol.statistics.jacobianEvaluations > 0 && sol.statistics.luDecompositions > 0)
    }

    /// Reference at t = 1e11: SciPy's Radau at rtol 1e-12 (`scripts/ode_references.py`; LSODA at
    /// the same tolerance agrees to 1.3e-8).
    static let referenceAt1e11 = [2.0833401495859864e-08, 8.333360769873551e-14, 0.9999999791665154]

    /// From t = 1e-5 to 1e11, one output per decade: y₁ + y₂ + y₃ = 1 to 1e-10 at every one
    /// (the right-hand side sums to zero, and both methods keep linear invariants up to
    /// rounding), no component goes below −1e-12, and y(1e11) matches the reference (Radau
    /// to 1e-5 relative; BDF, whose global error grows over the long run, to 1e-2).
    @Test(arguments: [ODEMethod.radau5, .bdf])
    func runsToTenToTheElevenConservingMass(method: ODEMethod) throws {
        let times = (-5...11).map { Double.pow(10, Double($0)) }
        let sol = try solveODE(P(), from: 0, initialValue: P.initialValue, parameters: P.parameters,
                               at: times, method: method, options: Self.options)
        try #require(sol.values.count == 17)
        for (k, y) in sol.values.enumerated() {
            #expect(abs(y[0] + y[1] + y[2] - 1) <= 1e-10, "t = \(times[k]): sum − 1 = \(y[0] + y[1] + y[2] - 1)")
            #expect(y.allSatisfy { $0 > -1e-12 }, "t = \(times[k]): \(y)")
        }
        let last = sol.values[16]
        let tolerance = method == .radau5 ? 1e-5 : 1e-2
        for i in 0..<3 {
            let rel = abs(last[i] - Self.referenceAt1e11[i]) / Self.referenceAt1e11[i]
            #expect(rel < tolerance, "\(method) y\(i + 1)(1e11) = \(last[i]), relative error \(rel)")
        }
        // Stiff solvers take steps that grow with t: a few hundred to a couple of thousand
        // for eleven decades.
        #expect(sol.statistics.acceptedSteps < 5000, "\(sol.statistics)")
    }

    /// Dormand–Prince on the same problem over [0, 40] at the same tolerances: stability, not
    /// accuracy, limits its step (|hλ| ≲ 3.3 with λ ≈ −10³…−10⁴), so it needs two orders of
    /// magnitude more steps than Radau (measured: 34,850 against 251) and more than 50× the
    /// evaluations (209,102 against 2,170, Radau's counting its Jacobian sweeps).
    @Test func dormandPrinceNeedsFarMoreSteps() throws {
        var options = Self.options
        options.maximumSteps = 1_000_000
        let dp = try solveODE(P(), from: 0, initialValue: P.initialValue, parameters: P.parameters,
                              at: [40], method: .dormandPrince, options: options)
        let radau = try solveODE(P(), from: 0, initialValue: P.initialValue, parameters: P.parameters,
                                 at: [40], method: .radau5, options: options)
        let dpSteps = dp.statistics.steps, radauSteps = radau.statistics.steps
        let radauEvaluations = radau.statistics.functionEvaluations + radau.statistics.jacobianFunctionEvaluations
        #expect(dpSteps > 100 * radauSteps, "DP \(dp.statistics) vs Radau \(radau.statistics)")
        #expect(dp.statistics.functionEvaluations > 50 * radauEvaluations)
        // It is not inaccurate, only slow: y(40) still matches to 1e-5.
        #expect(maxRelativeError(dp.values[0], P.referenceAt40) < 1e-5)
    }

    /// Asked to go to 1e11, Dormand–Prince stops with a typed failure at its step cap, having
    /// reached only a small t — it does not run for ages.
    @Test func dormandPrinceStopsAtTheStepCap() throws {
        var options = Self.options
        options.maximumSteps = 20_000
        do {
            _ = try solveODE(P(), from: 0, initialValue: P.initialValue, parameters: P.parameters,
                             at: [1, 1e11], method: .dormandPrince, options: options)
            Issue.record("Dormand–Prince reached 1e11")
        } catch {
            #expect(error.reason == .maximumStepsReached(20_000))
            #expect(error.statistics.steps == 20_000)
            #expect(error.time > 1 && error.time < 100, "stopped at \(error.time)")
            #expect(error.completedOutputs == 1)
        }
    }
}
