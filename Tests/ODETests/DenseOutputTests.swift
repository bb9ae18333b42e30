@testable import ODE
import Testing
import TestSupport

/// The interpolants between step ends: their local order, their values at the step ends, and
/// the outputs `solveODE` computes with them.
@Suite("Dense output")
struct DenseOutputTests {
    static let thetas = [0.3, 0.5, 0.85]

    /// The largest error of the interpolant over `thetas` after one step of size `h` from the
    /// exact value at 0 (limit cycle).
    func interpolationError<I: ODEIntegrator>(_ integrator: inout I, h: Double) throws -> Double
    where I.Scalar == Double {
        try integrator.step(toward: h)
        #expect(integrator.time == h)
        return Self.thetas.map { theta in
            let t = theta * h
            return zip(integrator.interpolate(at: t), LimitCycle.exact(t)).map { Swift.abs($0 - $1) }.max()!
        }.max()!
    }

    func options(_ h: Double, order: Int = 5) -> ODEOptions {
        ODEOptions(relativeTolerance: 1e-13, absoluteTolerance: 1e-15, maximumOrder: order,
                   fixedStepSize: h)
    }

    /// Observed local orders when h halves: `log₂(e(h)/e(h/2))`.
    func orders(_ errors: [Double]) -> [Double] {
        (1..<errors.count).map { observedOrder(errors[$0 - 1], errors[$0]) }
    }

    static let steps = [0.4, 0.2, 0.1, 0.05]

    /// Hairer's continuous extension of DP5 is of order 4: local error O(h⁵), so the slope is
    /// 5 (window ±0.4; an order-3 interpolant would show 4).
    @Test func dormandPrinceInterpolantIsOrderFour() throws {
        let errors = try Self.steps.map { h in
            var dp = try DormandPrince(LimitCycle(), from: 0, initialValue: LimitCycle.exact(0),
                                       toward: h, options: options(h))
            return try interpolationError(&dp, h: h)
        }
        try #require(errors.count == 4)
        for p in orders(errors) { #expect(abs(p - 5) < 0.4, "\(orders(errors)) \(errors)") }
    }

    /// Radau's collocation polynomial has stage order 3: local error O(h⁴) (window ±0.4).
    @Test func radauInterpolantIsTheCollocationPolynomial() throws {
        let errors = try Self.steps.map { h in
            var radau = try Radau5(LimitCycle(), from: 0, initialValue: LimitCycle.exact(0),
                                   toward: h, options: options(h))
            return try interpolationError(&radau, h: h)
        }
        try #require(errors.count == 4)
        for p in orders(errors) { #expect(abs(p - 4) < 0.4, "\(orders(errors)) \(errors)") }
    }

    /// BDF of order k interpolates k + 1 points: local error O(h^{k+1}) (window ±0.4). Steps
    /// from 0.2 down: from h = 0.4 the simplified Newton iteration (contraction ≈ 0.35) cannot
    /// reach the 1e-13 tolerance within its 20 iterations.
    @Test(arguments: [2, 3, 4])
    func bdfInterpolantHasOrderOfTheFormula(order k: Int) throws {
        let errors = try [0.2, 0.1, 0.05, 0.025].map { h in
            let history = (0...k).map { LimitCycle.exact(-Double($0) * h) }
            var bdf = try BDF(LimitCycle(), from: 0, history: history, toward: h,
                              options: options(h, order: k))
            return try interpolationError(&bdf, h: h)
        }
        try #require(errors.count == 4)
        for p in orders(errors) { #expect(abs(p - Double(k + 1)) < 0.4, "\(orders(errors)) \(errors)") }
    }

    /// At the ends of the last step, every interpolant returns the states it joins (to
    /// rounding: 1e-14 relative).
    @Test(arguments: ODEMethod.allCases)
    func interpolantMatchesStepEnds(method: ODEMethod) throws {
        let options = ODEOptions(relativeTolerance: 1e-6, absoluteTolerance: 1e-8)
        let y0 = LimitCycle.exact(0)
        func check<I: ODEIntegrator>(_ integrator: inout I) throws where I.Scalar == Double {
            #expect(integrator.interpolate(at: 0.1) == y0)   // before any step: the state
            for _ in 0..<5 {
                let before = integrator.state
                try integrator.step(toward: 3)
                #expect(maxRelativeError(integrator.interpolate(at: integrator.previousTime), before,
                                         floor: 1) < 1e-14)
                #expect(maxRelativeError(integrator.interpolate(at: integrator.time), integrator.state,
                                         floor: 1) < 1e-14)
            }
        }
        switch method {
        case .dormandPrince:
            var i = try DormandPrince(LimitCycle(), from: 0, initialValue: y0, toward: 3, options: options)
            try check(&i)
        case .radau5:
            var i = try Radau5(LimitCycle(), from: 0, initialValue: y0, toward: 3, options: options)
            try check(&i)
        case .bdf:
            var i = try BDF(LimitCycle(), from: 0, initialValue: y0, toward: 3, options: options)
            try check(&i)
        }
    }

    /// Output times between step ends come from the interpolant; they agree with the exact
    /// solution within a small multiple of the tolerance, as do outputs taken as step ends
    /// (`stopAtOutputTimes`), which cost more steps.
    @Test(arguments: ODEMethod.allCases)
    func interpolatedOutputsAreAccurate(method: ODEMethod) throws {
        let times = (1...40).map { Double($0) * 0.1 }
        var options = ODEOptions(relativeTolerance: 1e-8, absoluteTolerance: 1e-10)
        let interpolated = try solveODE(LimitCycle(), from: 0, initialValue: LimitCycle.exact(0),
                                        at: times, method: method, options: options)
        options.stopAtOutputTimes = true
        let stepped = try solveODE(LimitCycle(), from: 0, initialValue: LimitCycle.exact(0),
                                   at: times, method: method, options: options)
        try #require(interpolated.values.count == 40 && stepped.values.count == 40)
        // Interpolated outputs: the step-end error plus the interpolant's (order 3 for Radau),
        // within 200·rtol here; step ends: within 100·rtol.
        for (k, t) in times.enumerated() {
            let exact = LimitCycle.exact(t)
            #expect(maxRelativeError(interpolated.values[k], exact, floor: 1) < 2e-6, "t = \(t)")
            #expect(maxRelativeError(stepped.values[k], exact, floor: 1) < 1e-6, "t = \(t)")
        }
        #expect(stepped.statistics.acceptedSteps > interpolated.statistics.acceptedSteps)
    }
}
