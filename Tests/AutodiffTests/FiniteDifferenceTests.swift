import Autodiff
import RealModule
import Testing
import TestSupport

@Suite("Finite differences")
struct FiniteDifferenceTests {
    /// With the default steps (√ε and ∛ε, scaled by max(1,|x|)) the forward difference of sin at
    /// 1 is accurate to about √ε ≈ 1e-8 and the central one to about ε^(2/3) ≈ 4e-11; the bounds
    /// below are 10× those estimates.
    @Test func defaultStepsReachTheirAccuracy() {
        let exact = Double.cos(1)
        let fwd = FiniteDifference.forward(of: { Double.sin($0) }, at: 1)
        let cen = FiniteDifference.central(of: { Double.sin($0) }, at: 1)
        #expect(abs(fwd - exact) < 1e-7)
        #expect(abs(cen - exact) < 4e-10)
        #expect(abs(cen - exact) < abs(fwd - exact))
    }

    /// In the truncation-dominated regime, halving h halves the forward error (O(h)) and
    /// quarters the central error (O(h²)); ratios checked within ±15%.
    @Test func errorOrders() {
        let exact = Double.exp(0.5)
        func errs(_ h: Double) -> (Double, Double) {
            (abs(FiniteDifference.forward(of: { Double.exp($0) }, at: 0.5, step: h) - exact),
             abs(FiniteDifference.central(of: { Double.exp($0) }, at: 0.5, step: h) - exact))
        }
        let (f1, c1) = errs(1e-2), (f2, c2) = errs(5e-3)
        #expect(abs(f1 / f2 - 2) < 0.3)
        #expect(abs(c1 / c2 - 4) < 0.6)
    }

    /// The step rule: (x + h) − x is exact and the step scales with |x|.
    @Test func stepRule() {
        for x in [0.0, 1.0, -3.5, 1e6] {
            let h = FiniteDifference.step(at: x, central: true)
            #expect((x + h) - x == h)
            #expect(h >= Double.root(Double.ulpOfOne, 3) * max(1, abs(x)) * 0.5)
        }
    }

    /// The case: the central difference of sin at 10⁶ with the default step was −0.035
    /// (the fixed rule took h ≈ 6); the adaptive step gives cos 10⁶ to 1e-9 (the noise floor
    /// there is ε^(2/3) ≈ 4e-11 per unit of |sin|), and the forward difference to 1e-6. The same
    /// at a kink-free point of large scale (log at 10⁶, whose scale is |x|) keeps its accuracy.
    @Test func defaultStepAtLargeArguments() {
        for x in [1e6, -3e5, 1e8] {
            let exact = Double.cos(x)
            #expect(abs(FiniteDifference.central(of: { Double.sin($0) }, at: x) - exact) < 1e-9, "at \(x)")
            #expect(abs(FiniteDifference.forward(of: { Double.sin($0) }, at: x) - exact) < 1e-6, "at \(x)")
        }
        #expect(isClose(FiniteDifference.central(of: { Double.log($0) }, at: 1e6), 1e-6, relative: 1e-9))
        #expect(isClose(FiniteDifference.central(of: { Double.exp($0 / 1e6) }, at: 1e6),
                        Double.exp(1) / 1e6, relative: 1e-9))
    }

    /// A first step that leaves the domain (log at 10⁻¹⁰ with h ≈ 6e-6 evaluates log of a
    /// negative number) is shrunk past: the estimate is 10¹⁰ to 1e-6.
    @Test func stepLeavingTheDomainIsShrunk() {
        #expect(isClose(FiniteDifference.central(of: { Double.log($0) }, at: 1e-10), 1e10, relative: 1e-6))
    }

    /// Functions that are flat at the first steps or exactly linear stop at once with the right
    /// value (a constant: 0 after two steps, 4 evaluations; x ↦ 3x: 3 to its rounding noise).
    @Test func constantAndLinearFunctions() {
        var calls = 0
        let c = FiniteDifference.central(of: { (_: Double) -> Double in calls += 1; return 5 }, at: 2)
        #expect(c == 0 && calls == 4)
        // rounding of f(x ± h) alone: ε·|f|/h ≈ 8e-11
        #expect(isClose(FiniteDifference.central(of: { 3 * $0 }, at: 0.7), 3, relative: 1e-9))
    }
}

