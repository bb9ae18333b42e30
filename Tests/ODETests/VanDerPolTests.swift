import ODE
import Testing
import TestSupport

/// The van der Pol oscillator with μ = 1000 on [0, 3000] (MATLAB's `vdp1000`), against an
/// independent reference.
@Suite("Van der Pol, μ = 1000")
struct VanDerPolTests {
    typealias P = ODEProblems.VanDerPol

    /// (t, y₁, y₂) from SciPy 1.17.1's Radau at rtol 1e-12, atol 1e-14 with the exact Jacobian,
    /// `scripts/ode_references.py`; LSODA at rtol 1e-12 agrees to 7.2e-10 (y₁) and 5.3e-9 (y₂)
    /// relative, SciPy's Radau at 1e-10 to 1.2e-11 and 1.3e-10. The times avoid the jumps (near
    /// t ≈ 807 + 1614k), where any phase error would be amplified.
    static let reference: [(t: Double, y1: Double, y2: Double)] = [
        (200, 1.858205952214115, -0.0007575454153870156),
        (400, 1.6932094268310567, -0.0009069343138541247),
        (800, 1.0839233646425972, -0.006195233865021234),
        (1200, -1.699714003460371, 0.0008997819505954534),
        (1600, -1.1208132536132094, 0.004373791062838815),
        (2000, 1.7061677321705848, -0.0008928097010252237),
        (2400, 1.1491721451497088, -0.0035842275826309345),
        (2800, -1.7125718824611584, 0.0008860100247098803),
        (3000, -1.5106069367440011, 0.0011783800007311427),
    ]

    /// Radau at rtol = atol = 1e-8 is within 1e-6 relative of the reference in y₁ and 1e-5 in
    /// y₂ (measured ~1e-8) at every time; BDF, whose global error grows faster (measured 9e-6
    /// at 1e-8), at rtol = atol = 1e-10 within 1e-5 and 1e-4.
    @Test(arguments: [(ODEMethod.radau5, 1e-8, 1e-6), (.bdf, 1e-10, 1e-5)])
    func matchesReference(method: ODEMethod, tolerance: Double, allowed: Double) throws {
        let times = Self.reference.map(\.t)
        try #require(times.count == 9)
        let options = ODEOptions(relativeTolerance: tolerance, absoluteTolerance: tolerance)
        let sol = try solveODE(P(), from: 0, initialValue: P.initialValue, parameters: [1000],
                               at: times, method: method, options: options)
        for (k, r) in Self.reference.enumerated() {
            let e1 = abs(sol.values[k][0] - r.y1) / abs(r.y1)
            let e2 = abs(sol.values[k][1] - r.y2) / abs(r.y2)
            #expect(e1 < allowed, "\(method) y1(\(r.t)) = \(sol.values[k][0]), relative error \(e1)")
            #expect(e2 < 10 * allowed, "\(method) y2(\(r.t)) = \(sol.values[k][1]), relative error \(e2)")
        }
        // A stiff solver needs thousands of steps here, not millions.
        #expect(sol.statistics.acceptedSteps < 20_000, "\(sol.statistics)")
    }

    /// The explicit method, bounded by stability (|λ| ≈ 2000 on the slow branches), cannot cover
    /// even [0, 100] within 10,000 steps and stops with a typed failure.
    @Test func dormandPrinceStopsAtTheStepCap() throws {
        let options = ODEOptions(relativeTolerance: 1e-6, absoluteTolerance: 1e-6, maximumSteps: 10_000)
        do {
            _ = try solveODE(P(), from: 0, initialValue: P.initialValue, parameters: [1000],
                             at: [100], method: .dormandPrince, options: options)
            Issue.record("Dormand–Prince covered [0, 100] in 10,000 steps")
        } catch {
            #expect(error.reason == .maximumStepsReached(10_000))
            #expect(error.time < 100)
        }
    }
}
