import Autodiff
import RealModule
import Testing
import TestSupport

@Suite("Conventions at non-differentiable points and domain errors")
struct ConventionTests {
    /// |x| at 0: derivative 0 in both modes (the symmetric subgradient).
    @Test func absAtZero() {
        #expect(derivative(of: { $0.magnitude }, at: 0.0) == 0)
        #expect(gradient(of: { $0[0].magnitude }, at: [0]) == [0])
        #expect(derivative(of: { $0.magnitude }, at: -2.0) == -1)
    }

    /// `T.maximum`/`T.minimum` at a tie: the mean of the two derivatives. Swift's generic `max`
    /// at a tie returns its second argument, so its derivative.
    @Test func maxAtTie() {
        let g = gradient(of: { v in Variable.maximum(v[0], v[1]) }, at: [2, 2])
        #expect(g == [0.5, 0.5])
        let h = gradient(of: { v in Variable.minimum(3 * v[0], v[1]) }, at: [1, 3])
        #expect(h == [1.5, 0.5])
        let s = gradient(of: { v in max(v[0], v[1]) }, at: [2, 2])
        #expect(s == [0, 1])
        let d = jvp(of: { v in Dual.maximum(v[0], v[1]) }, at: [2.0, 2], direction: [1, 3])
        #expect(d.tangent == 2)
        #expect(gradient(of: { v in Variable.maximum(v[0], v[1]) }, at: [3, 2]) == [1, 0])
    }

    /// √x at 0: value 0, derivative +∞ (the one-sided limit) in both modes.
    @Test func sqrtAtZero() {
        let d = valueWithDerivative(of: { Dual.sqrt($0) }, at: 0.0)
        #expect(d.value == 0 && d.derivative == .infinity)
        #expect(gradient(of: { Variable.sqrt($0[0]) }, at: [0]) == [.infinity])
    }

    /// log of a negative number: NaN value (and finite-or-NaN derivative), never a trap; log 0 is
    /// −∞ with derivative +∞.
    @Test func logOfNegativeIsNaN() {
        let d = valueWithDerivative(of: { Dual.log($0) }, at: -1.0)
        #expect(d.value.isNaN)
        let r = valueWithGradient(of: { Variable.log($0[0]) }, at: [-1])
        #expect(r.value.isNaN)
        let z = valueWithDerivative(of: { Dual.log($0) }, at: 0.0)
        #expect(z.value == -.infinity && z.derivative == .infinity)
        #expect(derivative(of: { Dual.sqrt($0) }, at: -1.0).isNaN)
    }

    /// Piecewise-constant functions have derivative 0; nextUp behaves like x + c.
    @Test func roundingAndNextUp() {
        #expect(derivative(of: { $0.rounded() * $0 }, at: 2.3) == 2)
        #expect(derivative(of: { $0.nextUp }, at: 2.3) == 1)
        #expect(derivative(of: { $0.ulp }, at: 2.3) == 0)
        #expect(derivative(of: { $0.truncatingRemainder(dividingBy: 1) }, at: 2.3) == 1)
    }

    /// A sqrt(0) branch whose result does not reach the output does not poison the gradient
    /// with 0·∞ = NaN (zero adjoints are skipped).
    @Test func unusedInfiniteDerivativeDoesNotPoison() {
        let g = gradient(of: { v in
            _ = Variable.sqrt(v[0] - v[0])
            return v[0] * 3
        }, at: [2])
        #expect(g == [3])
    }

    /// Swift's generic `max`/`min` at a tie, as documented in ``AffineRuleReal``: `max(x, y)`
    /// returns its second argument (`y >= x ? y : x`) and `min(x, y)` its first
    /// (`y < x ? y : x`), so the derivative is y's for max and x's for min — in both modes (the
    /// documentation used to say "second argument" for both).
    @Test func swiftMaxMinTieRule() {
        #expect(gradient(of: { v in max(v[0], v[1]) }, at: [2, 2]) == [0, 1])
        #expect(gradient(of: { v in min(v[0], v[1]) }, at: [2, 2]) == [1, 0])
        #expect(jvp(of: { (v: [Dual<Double>]) in max(v[0], v[1]) }, at: [2, 2], direction: [1, 3]).tangent == 3)
        #expect(jvp(of: { (v: [Dual<Double>]) in min(v[0], v[1]) }, at: [2, 2], direction: [1, 3]).tangent == 1)
    }
}

