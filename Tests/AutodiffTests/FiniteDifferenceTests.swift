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
}
