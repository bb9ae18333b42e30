import Autodiff
import RealModule
import Testing
import TestSupport

/// What an inner derivative's closure returns, relative to the captured outer variable `x` (a
/// `Dual<Double>` of the outer differentiation) and the inner variable `y` (same type).
enum CapturedResult: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// `max(x, y)` with y below x: returns x itself.
    case maximumPicksOuter
    /// `min(x, y)` with y above x: returns x itself.
    case minimumPicksOuter
    /// A branch on the inner variable that returns a function of x only.
    case branchReturnsOuterFunction
    /// `sin(x)·3`: never touches y.
    case outerOnly
    /// A constant.
    case constant

    var testDescription: String { rawValue }

    /// The inner function of y (x = 2, y = 1 at the evaluation point).
    func callAsFunction(_ x: Dual<Double>, _ y: Dual<Double>) -> Dual<Double> {
        switch self {
        case .maximumPicksOuter: Dual.maximum(x, y)
        case .minimumPicksOuter: Dual.minimum(x, y + 5)
        case .branchReturnsOuterFunction: y.value < 0 ? y : Dual.exp(x)
        case .outerOnly: Dual.sin(x) * 3
        case .constant: Dual(constant: 7)
        }
    }
}

@Suite("Perturbation tags: the drivers' tag discipline")
struct PerturbationTagTests {
    /// The issue-7 case and its class: an inner derivative whose result is a captured outer dual
    /// (or a function of it, or a constant) that never met the inner variable is 0 with respect
    /// to the inner variable — by every forward driver — and the outer derivative of
    /// `x·(inner derivative)` is then 0 too (ForwardDiff.jl gives the same). Before, the drivers
    /// returned the outer tangent (1 for max(x, y)) as if it were the inner derivative.
    @Test(arguments: CapturedResult.allCases)
    func innerDerivativeOfCapturedOuterDualIsZero(_ g: CapturedResult) {
        var inner: [Double] = []
        let outer = derivative(of: { (x: Dual<Double>) -> Dual<Double> in
            let d = derivative(of: { (y: Dual<Double>) in g(x, y) }, at: 1.0)
            let vd = valueWithDerivative(of: { (y: Dual<Double>) in g(x, y) }, at: 1.0).derivative
            let curve = derivative(of: { (y: Dual<Double>) in [g(x, y), y] }, at: 1.0)
            let j = jvp(of: { (v: [Dual<Double>]) in g(x, v[0]) }, at: [1.0], direction: [3]).tangent
            let jv = jvp(of: { (v: [Dual<Double>]) in [g(x, v[0])] }, at: [1.0], direction: [3]).tangent
            inner = [d, vd, curve[0], j, jv[0]]
            #expect(curve[1] == 1)   // the inner variable itself keeps its derivative
            return x * Dual(constant: d)
        }, at: 2.0)
        #expect(inner == [0, 0, 0, 0, 0], "\(g): \(inner)")
        #expect(outer == 0)
    }

    /// The chunked forward drivers apply the same rule to a `MultiDual` result of another
    /// differentiation (captured from an outer chunk).
    @Test func chunkedDriversIgnoreForeignTags() {
        let outer = MultiDual<2, Double>.variables([2, 5])
        let g = forwardGradient(of: { (v: [MultiDual<2, Double>]) in
            MultiDual.maximum(outer[0], v[0]) }, at: [1.0, 0.5])
        #expect(g == [0, 0])
        let j = forwardJacobian(of: { (v: [MultiDual<2, Double>]) in
            [outer[1], v[1] * 2] }, at: [1.0, 0.5])
        #expect(j == [[0, 0], [0, 2]])
    }

    /// A result that does combine the inner variable with the captured outer dual of the same
    /// type is still perturbation confusion, and traps (the tag check of the operators).
    @Test func combiningSameTypeDualsOfTwoDifferentiationsStillTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = derivative(of: { (x: Dual<Double>) -> Dual<Double> in
                Dual(constant: derivative(of: { (y: Dual<Double>) in Dual.maximum(x, y) + y }, at: 1.0))
            }, at: 2.0)
        }
    }

    /// Nesting by type (the supported way) still carries the outer perturbation through the
    /// inner derivative: d/dx [d/dy max(x, y)·x] with the inner derivative over
    /// `Dual<Dual<Double>>` — the inner derivative of max(x, y) at y = 1 < x = 2 is 0, at y = 3
    /// it is 1, so the outer derivatives are 0 and 1.
    @Test func typedNestingIsUnaffected() {
        for (y0, expected) in [(1.0, 0.0), (3.0, 1.0)] {
            let r = derivative(of: { (x: Dual<Double>) -> Dual<Double> in
                x * derivative(of: { (y: Dual<Dual<Double>>) in Dual.maximum(Dual(constant: x), y) },
                               at: Dual(constant: y0))
            }, at: 2.0)
            #expect(r == expected)
        }
    }

    /// The `MultiDual` documentation example, as written there: two hand-seeded inputs made by
    /// `variables` share one tag and combine (before, each `init(_:partials:)` drew its own tag
    /// and the product trapped with "perturbation confusion").
    @Test func multiDualDocumentationExample() {
        let xy = MultiDual<2, Double>.variables([3, 4])
        let p = xy[0] * xy[1]
        #expect(p.value == 12)
        #expect([p.partials[0], p.partials[1]] == [4, 3])
        let w = MultiDual<2, Double>.variables([3, 4], partials: [[1, 0], [1, 1]])
        let q = w[0] * w[1]   // d/d(e₀) = 4 + 3, d/d(e₁) = 3
        #expect([q.partials[0], q.partials[1]] == [7, 3])
    }

    /// `Dual.variables` gives hand-seeded duals one tag: the `jvp` of x·y along (1, 2).
    @Test func dualVariablesShareATag() {
        let v = Dual<Double>.variables([3, 4], tangents: [1, 2])
        #expect(v[0].perturbationTag == v[1].perturbationTag && v[0].perturbationTag != 0)
        #expect((v[0] * v[1]).tangent == 10)
        let w = Dual<Double>.variables([3, 4], tangents: [1, 2])
        #expect(w[0].perturbationTag != v[0].perturbationTag)   // each call is its own differentiation
    }

    /// Duals seeded one by one each draw their own tag and trap when combined (documented).
    @Test func separatelySeededMultiDualsTrap() async {
        await #expect(processExitsWith: .failure) {
            let x = MultiDual<2, Double>(3, partials: [1, 0]), y = MultiDual<2, Double>(4, partials: [0, 1])
            _ = x * y
        }
    }

    /// Too many values for the number of directions is a precondition failure, not an overrun.
    @Test func multiDualVariablesCheckTheirCount() async {
        await #expect(processExitsWith: .failure) {
            _ = MultiDual<2, Double>.variables([1, 2, 3])
        }
    }
}
