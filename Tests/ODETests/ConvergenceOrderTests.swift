@testable import ODE
import Testing
import TestSupport

/// Fixed-step global errors at `t = 2` on the limit-cycle problem (exact solution known), for
/// step sizes 2/N: halving the step must divide the error by 2^p.
@Suite("Convergence order on a problem with a known solution")
struct ConvergenceOrderTests {
    static let tEnd = 2.0

    /// The max-norm error at `tEnd` of `method` with `N` fixed steps, on the limit cycle or
    /// (`linear`) on `y′ = y`, `y(0) = 1`.
    func error(_ method: ODEMethod, steps: Int, linear: Bool = false) throws -> Double {
        // Tight tolerances only govern the Newton iterations here (no error control with a
        // fixed step): Newton must converge far below the truncation error.
        let options = ODEOptions(relativeTolerance: 1e-13, absoluteTolerance: 1e-15,
                                 fixedStepSize: Self.tEnd / Double(steps))
        let values: [Double], exact: [Double]
        let sol: ODESolution<Double>
        if linear {
            sol = try solveODE(LinearDecay(), from: 0, initialValue: [1.0], parameters: [1],
                               at: [Self.tEnd], method: method, options: options)
            exact = [Double.exp(Self.tEnd)]
        } else {
            sol = try solveODE(LimitCycle(), from: 0, initialValue: LimitCycle.exact(0),
                               at: [Self.tEnd], method: method, options: options)
            exact = LimitCycle.exact(Self.tEnd)
        }
        values = sol.values[0]
        #expect(sol.statistics.acceptedSteps == steps)
        #expect(sol.statistics.rejectedSteps == 0)
        return zip(values, exact).map { Swift.abs($0 - $1) }.max()!
    }

    /// Dormand–Prince and 3-stage Radau IIA are of order 5 at step ends. On `y′ = y` the
    /// leading error term is clean (`(1/720 − 1/600)z⁶` per step for DP5, the (2,3)-Padé
    /// error for Radau), so halving the step divides the error by 2⁵ = 32: window ±0.3.
    @Test(arguments: [ODEMethod.dormandPrince, .radau5])
    func oneStepMethodsHaveOrderFiveOnALinearProblem(method: ODEMethod) throws {
        let errors = try [10, 20, 40, 80].map { try error(method, steps: $0, linear: true) }
        try #require(errors.count == 4)
        for k in 1..<errors.count {
            let p = observedOrder(errors[k - 1], errors[k])
            #expect(abs(p - 5) < 0.3, "observed order \(p), errors \(errors)")
        }
    }

    /// On the nonlinear limit cycle the observed order is at least 5 (all nonlinear order
    /// conditions hold; a method of order 4 would show ≈ 4). DP5's fifth-order error
    /// constants are small, so its slope approaches 5 from above (≈ 5.9 → 5.3 here): the
    /// window is [4.7, 6.3].
    @Test(arguments: [ODEMethod.dormandPrince, .radau5])
    func oneStepMethodsHaveOrderFiveOnTheLimitCycle(method: ODEMethod) throws {
        let errors = try [20, 40, 80, 160].map { try error(method, steps: $0) }
        try #require(errors.count == 4)
        for k in 1..<errors.count {
            let p = observedOrder(errors[k - 1], errors[k])
            #expect(p > 4.7 && p < 6.3, "observed order \(p), errors \(errors)")
        }
    }

    /// The constant-step NDF/BDF of order k started from the exact history on the grid is of
    /// order k (k = 1…5). Window ±0.3.
    @Test(arguments: 1...5)
    func bdfOfOrderKHasOrderK(order k: Int) throws {
        var errors: [Double] = []
        for steps in [40, 80, 160, 320] {
            let h = Self.tEnd / Double(steps)
            // The exact solution runs backward too (r₀ = 0.5 stays inside (0, 1)).
            let history = (0...k).map { LimitCycle.exact(-Double($0) * h) }
            let options = ODEOptions(relativeTolerance: 1e-13, absoluteTolerance: 1e-15,
                                     maximumOrder: k, fixedStepSize: h)
            var bdf = try BDF(LimitCycle(), from: 0, history: history, toward: Self.tEnd,
                              options: options)
            while bdf.time < Self.tEnd { try bdf.step(toward: Self.tEnd) }
            #expect(bdf.currentOrder == k)
            #expect(bdf.statistics.acceptedSteps == steps)
            errors.append(zip(bdf.state, LimitCycle.exact(Self.tEnd)).map { Swift.abs($0 - $1) }.max()!)
        }
        try #require(errors.count == 4)
        for i in 1..<errors.count {
            let p = observedOrder(errors[i - 1], errors[i])
            #expect(abs(p - Double(k)) < 0.3, "order \(k): observed \(p), errors \(errors)")
        }
    }

    /// With error control, the error falls with the tolerance and stays within a small multiple
    /// of it (tolerance proportionality), for every method.
    @Test(arguments: ODEMethod.allCases)
    func errorFollowsTolerance(method: ODEMethod) throws {
        var errors: [Double] = []
        for rtol in [1e-4, 1e-6, 1e-8] {
            let options = ODEOptions(relativeTolerance: rtol, absoluteTolerance: rtol)
            let sol = try solveODE(LimitCycle(), from: 0, initialValue: LimitCycle.exact(0),
                                   at: [1, 2, 3], method: method, options: options)
            let e = (0..<3).map { k in
                zip(sol.values[k], LimitCycle.exact(Double(k + 1))).map { Swift.abs($0 - $1) }.max()!
            }.max()!
            // BDF's global error grows over many low-order steps; 100·rtol bounds all three here.
            #expect(e < 100 * rtol, "\(method) rtol=\(rtol): error \(e)")
            errors.append(e)
        }
        try #require(errors.count == 3)
        #expect(errors[0] > errors[1] && errors[1] > errors[2], "\(errors)")
    }
}
