import Autodiff
@testable import Optimization
import Testing

/// The Moré–Thuente line search on the test functions of Moré & Thuente, "Line search algorithms
/// with guaranteed sufficient decrease", ACM TOMS 20(3), 286–307 (1994), Section 5, from the
/// paper's initial steps 10⁻³, 10⁻¹, 10 and 10³ with its (c₁, c₂): every search must end at a
/// point satisfying both strong Wolfe conditions (checked here independently), after exactly the
/// number of function evaluations the paper's Tables 1–6 report for its implementation. The
/// derivatives φ′ come from forward-mode Autodiff.
struct LineSearchTests {
    /// φ written once over `Real`.
    struct Phi: Sendable, CustomStringConvertible {
        let name: String
        let c1: Double, c2: Double
        /// Evaluations for the initial steps 10⁻³, 10⁻¹, 10, 10³ (the paper's "info" tables).
        let published: [Int]
        let f: @Sendable (Dual<Double>) -> Dual<Double>
        var description: String { name }
        func valueAndSlope(_ a: Double) -> (Double, Double) {
            let y = f(Dual(a, tangent: 1))
            return (y.value, y.tangent)
        }
    }

    static func psi(_ b1: Double, _ b2: Double) -> @Sendable (Dual<Double>) -> Dual<Double> {
        let g1 = (1 + b1 * b1).squareRoot() - b1, g2 = (1 + b2 * b2).squareRoot() - b2
        return { a in
            Dual(constant: g1) * Dual.sqrt((1 - a) * (1 - a) + Dual(constant: b2 * b2))
                + Dual(constant: g2) * Dual.sqrt(a * a + Dual(constant: b1 * b1))
        }
    }

    static let functions: [Phi] = [
        Phi(name: "φ1: −α/(α² + 2)", c1: 1e-3, c2: 0.1, published: [6, 3, 1, 4], f: { a in -a / (a * a + 2) }),
        Phi(name: "φ2: (α + 0.004)⁵ − 2(α + 0.004)⁴", c1: 1e-3, c2: 0.1, published: [12, 8, 8, 11], f: { a in
            let s = a + Dual(constant: 0.004)
            return Dual.pow(s, 5) - 2 * Dual.pow(s, 4)
        }),
        Phi(name: "φ3: wiggly, β = 0.01, l = 39", c1: 0.1, c2: 0.1, published: [12, 12, 10, 13], f: { a in
            let beta = 0.01, l = 39.0
            let base: Dual<Double>
            if a.value <= 1 - beta { base = 1 - a }
            else if a.value >= 1 + beta { base = a - 1 }
            else { base = (a - 1) * (a - 1) / Dual(constant: 2 * beta) + Dual(constant: beta / 2) }
            return base + Dual(constant: 2 * (1 - beta) / (l * .pi)) * Dual.sin(Dual(constant: l * .pi / 2) * a)
        }),
        Phi(name: "φ4: ψ(0.001, 0.001)", c1: 1e-3, c2: 1e-3, published: [4, 1, 3, 4], f: psi(0.001, 0.001)),
        Phi(name: "φ5: ψ(0.01, 0.001)", c1: 1e-3, c2: 1e-3, published: [6, 3, 7, 8], f: psi(0.01, 0.001)),
        Phi(name: "φ6: ψ(0.001, 0.01)", c1: 1e-3, c2: 1e-3, published: [13, 11, 8, 11], f: psi(0.001, 0.01)),
    ]

    static var cases: [(Phi, Int)] { functions.flatMap { f in (0..<4).map { (f, $0) } } }

    @Test(arguments: cases)
    func endsAtAStrongWolfePoint(_ phi: Phi, _ start: Int) throws {
        let initialStep = [1e-3, 1e-1, 10, 1000][start]
        try #require(Self.cases.count == 24)
        var search = MoreThuenteLineSearch()
        search.sufficientDecrease = phi.c1
        search.curvature = phi.c2
        let (f0, g0) = phi.valueAndSlope(0)
        try #require(g0 < 0)
        var evaluations = 0
        let (point, status) = search.search(start: LineSearchPoint(step: 0, value: f0, slope: g0, payload: ()),
                                            initialStep: initialStep) { a in
            evaluations += 1
            let (f, g) = phi.valueAndSlope(a)
            return (f, g, ())
        }
        #expect(status == .satisfied, "\(phi) from \(initialStep)")
        let (f, g) = phi.valueAndSlope(point.step)
        #expect(f <= f0 + phi.c1 * point.step * g0)
        #expect(abs(g) <= phi.c2 * abs(g0))
        #expect(f == point.value && g == point.slope)
        #expect(evaluations == phi.published[start], "\(phi) from \(initialStep): \(evaluations) evaluations")
    }

    /// A trial where φ is NaN (beyond α = 4 here) is not interpolated: the search backs off and
    /// still finds the Wolfe point near the minimiser α = 2.
    @Test func backsOffFromNonFiniteValues() {
        let search = MoreThuenteLineSearch()
        let phi = { (a: Double) -> (Double, Double) in a > 4 ? (.nan, .nan) : ((a - 2) * (a - 2), 2 * (a - 2)) }
        let (point, status) = search.search(start: LineSearchPoint(step: 0, value: 4, slope: -4, payload: ()),
                                            initialStep: 100) { a in let (f, g) = phi(a); return (f, g, ()) }
        #expect(status == .satisfied)
        #expect(point.step > 0 && point.step <= 4)
        #expect(abs(2 * (point.step - 2)) <= 0.9 * 4)
    }

    /// Backtracking returns a point with sufficient decrease, by quadratic interpolation.
    @Test(arguments: [0.5, 3.0, 1e3, 1e8])
    func armijoBacktrackingGivesSufficientDecrease(_ initialStep: Double) {
        let search = ArmijoBacktracking()
        let phi = { (a: Double) -> Double in Double.exp(a) - 3 * a }   // φ′(0) = −2, minimum at log 3
        let (point, status) = search.search(start: LineSearchPoint(step: 0, value: 1, slope: -2, payload: ()),
                                            initialStep: initialStep) { a in (phi(a), ()) }
        #expect(status == .satisfied)
        #expect(point.value <= 1 - 1e-4 * 2 * point.step)
        #expect(point.value == phi(point.step))
        #expect(point.step <= initialStep)
    }

    /// A direction that is not a descent direction (slope ≥ 0, e.g. ‖g‖² underflowed to 0) is a
    /// failed search, not a trap.
    @Test func nonDescentDirectionsFail() {
        let (_, a) = MoreThuenteLineSearch().search(start: LineSearchPoint(step: 0, value: 1, slope: -0.0, payload: ()),
                                                   initialStep: 1) { _ in (0, 0, ()) }
        let (_, b) = ArmijoBacktracking().search(start: LineSearchPoint(step: 0, value: 1, slope: 1, payload: ()),
                                                 initialStep: 1) { _ in (0, ()) }
        #expect(a == .failed && b == .failed)
    }

    /// With the budget exhausted before any decrease, the search says so.
    @Test func reportsAnExhaustedBudget() {
        let search = MoreThuenteLineSearch()
        let (_, status) = search.search(start: LineSearchPoint(step: 0, value: 0, slope: -1, payload: ()),
                                        initialStep: 1) { _ -> (value: Double, slope: Double, payload: Void)? in nil }
        #expect(status == .budgetExhausted)
    }
}
