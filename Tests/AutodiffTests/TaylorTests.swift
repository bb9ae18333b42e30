import Autodiff
import RealModule
import Testing
import TestSupport

@Suite("Taylor mode and higher derivatives")
struct TaylorTests {
    /// dⁿ/dxⁿ sin x = sin(x + nπ/2) and dⁿ/dxⁿ eˣ = eˣ, for n up to 12. Each coefficient is a sum
    /// of O(n) rounded terms divided by k, and k!·cₖ amplifies relative error mildly: 1e-10.
    @Test(arguments: Array(0...12))
    func nthDerivativesOfSinAndExp(_ n: Int) {
        for x in [-1.3, 0.0, 0.4, 2.2] {
            let s = derivative(of: { Taylor.sin($0) }, at: x, order: n)
            let exact = Double.sin(x + Double(n) * Double.pi / 2)
            #expect(abs(s - exact) <= 1e-10, "sin^(\(n))(\(x)) = \(s), expected \(exact)")
            let e = derivative(of: { Taylor.exp($0) }, at: x, order: n)
            #expect(isClose(e, Double.exp(x), relative: 1e-10))
        }
    }

    /// Every elementary function's first three derivatives by Taylor mode equal those from three
    /// nested duals (an independent route): catches any function that fell back to a first-order
    /// rule. Tolerance 1e-9 relative (different association of the same derivatives).
    @Test(arguments: Unary.allCases)
    func taylorMatchesNestedDuals(_ f: Unary) {
        var g = SplitMix64(seed: 0x7A &+ UInt64(f.rawValue.count))
        for _ in 0..<4 {
            let x = uniform(f.domain, &g)
            let t = derivatives(of: { f.apply($0) }, at: x, order: 3)
            let d1 = derivative(of: { (y: Dual<Double>) in f.apply(y) }, at: x)
            let d2 = derivative(of: { (y: Dual<Double>) in
                derivative(of: { (z: Dual<Dual<Double>>) in f.apply(z) }, at: y)
            }, at: x)
            let d3 = derivative(of: { (y: Dual<Double>) in
                derivative(of: { (z: Dual<Dual<Double>>) in
                    derivative(of: { (w: Dual<Dual<Dual<Double>>>) in f.apply(w) }, at: z)
                }, at: y)
            }, at: x)
            #expect(isClose(t[0], f.apply(x), relative: 1e-14))
            #expect(isClose(t[1], d1, relative: 1e-9), "\(f)′ at \(x)")
            #expect(isClose(t[2], d2, relative: 1e-9), "\(f)″ at \(x): \(t[2]) vs \(d2)")
            #expect(isClose(t[3], d3, relative: 1e-8), "\(f)‴ at \(x): \(t[3]) vs \(d3)")
        }
    }

    /// Binary functions: the third derivative along x ↦ f(x, 2 − x²) matches triple nesting.
    @Test(arguments: Binary.allCases.filter { $0 != .remainder })
    func binaryFunctionsInTaylorMode(_ f: Binary) {
        func along<T: Real>(_ x: T) -> T { f.apply(x, 2 + x * x) }
        let x = 0.8
        let t = derivatives(of: { along($0) }, at: x, order: 3)
        let d3 = derivative(of: { (y: Dual<Double>) in
            derivative(of: { (z: Dual<Dual<Double>>) in
                derivative(of: { (w: Dual<Dual<Dual<Double>>>) in along(w) }, at: z)
            }, at: y)
        }, at: x)
        #expect(isClose(t[3], d3, relative: 1e-9), "\(f): \(t[3]) vs \(d3)")
    }

    /// A composite generic function at high order: the 8th derivative of 1/(1 − x) is
    /// 8!/(1 − x)⁹, and of exp(sin x) at 0 the known sequence 1, 1, 1, 0, −3, −8, −3, 56, 217.
    @Test func compositeHighOrder() {
        func f<T: Real>(_ x: T) -> T { 1 / (1 - x) }
        #expect(isClose(derivative(of: { f($0) }, at: 0.5, order: 8),
                        40320 * Double.pow(2, 9), relative: 1e-12))
        func g<T: Real>(_ x: T) -> T { T.exp(T.sin(x)) }
        let d = derivatives(of: { g($0) }, at: 0.0, order: 8)
        let known: [Double] = [1, 1, 1, 0, -3, -8, -3, 56, 217]
        for k in 0...8 { #expect(abs(d[k] - known[k]) <= 1e-9 * max(1, abs(known[k]))) }
    }

    /// `pow(x, p)` with a constant integer exponent at x = 0 (the recurrence divides by x₀): the
    /// exact polynomial — `x³` has derivatives 0, 0, 0, 6, 0 — for `pow(x, Taylor)` and
    /// `pow(x, Int)`, and `(x + 1)²·x⁴` at 0 has its 4th to 6th derivatives 4!, 2·5!, 6!.
    @Test(arguments: [1, 2, 3, 4, 7])
    func powOfIntegerExponentAtZero(_ n: Int) {
        let viaReal = derivatives(of: { Taylor.pow($0, Taylor(constant: Double(n))) }, at: 0.0, order: 8)
        let viaInt = derivatives(of: { Taylor.pow($0, n) }, at: 0.0, order: 8)
        var factorial = 1.0
        for k in 1...n { factorial *= Double(k) }
        for k in 0...8 {
            let expected = k == n ? factorial : 0
            #expect(viaReal[k] == expected && viaInt[k] == expected, "d^\(k) x^\(n) at 0")
        }
        let d = derivatives(of: { x in Taylor.pow(x + 1, Taylor(constant: 2.0)) * Taylor.pow(x, Taylor(constant: 4.0)) },
                            at: 0.0, order: 6)
        #expect(d == [0, 0, 0, 0, 24, 240, 720])
    }

    /// Derivatives at orders where k! overflows a Double (k ≥ 171) and where the normalised
    /// coefficients f⁽ᵏ⁾/k! underflow: exp, sin, e^(x/2) and 1/(1 − x) against mpmath
    /// (AutodiffReferenceValues.swift), within 1e-12 relative (k ≤ 300 rounded terms).
    /// Before, k! = ∞ gave ∞ or NaN from k = 171 on.
    @Test func derivativesAtHighOrder() throws {
        try #require(highOrderReferences.count == highOrderReferenceCount && highOrderReferenceCount >= 36)
        func f(_ name: String, _ x: Taylor<Double>) -> Taylor<Double> {
            switch name {
            case "exp": Taylor.exp(x)
            case "sin": Taylor.sin(x)
            case "expOfHalf": Taylor.exp(x / 2)
            case "geometric": 1 / (1 - x)
            default: fatalError(name)
            }
        }
        for r in highOrderReferences {
            let d = derivative(of: { f(r.function, $0) }, at: r.x, order: r.order)
            #expect(isClose(d, r.derivative, relative: 1e-12),
                    "\(r.function)^(\(r.order))(\(r.x)) = \(d), mpmath \(r.derivative)")
            let all = derivatives(of: { f(r.function, $0) }, at: r.x, order: r.order)
            #expect(all.count == r.order + 1 && isClose(all[r.order], r.derivative, relative: 1e-12))
        }
    }

    /// `Taylor.derivative(k)` applies k! factor by factor: finite wherever k!·cₖ is (a coefficient
    /// of 2⁻¹⁰⁰⁰ at order 200 gives 200!·2⁻¹⁰⁰⁰, about 7.3e73), and exact for small k.
    @Test func coefficientToDerivative() {
        var c = [Double](repeating: 0, count: 201)
        c[200] = 0x1p-1000
        c[5] = 0.5
        let t = Taylor(coefficients: c)
        // 200!·2⁻¹⁰⁰⁰ from the reference script (exact integers, correctly rounded): within 2 ulps.
        #expect(ulpDistance(t.derivative(200), factorial200TimesTwoToMinus1000) <= 2)
        #expect(t.derivative(5) == 60)
        #expect(t.derivative(0) == 0 && t.derivative(300) == 0)
    }

    /// The elementary functions keep full order at the edges the first-order formulas were fixed
    /// for: the second and third derivatives of tanh at 10 and 20, atan at 1e160, asinh and acosh
    /// at 1e200 — by Taylor mode against three nested duals (1e-13 relative; both carry the
    /// rescaled formulas) and against the closed forms.
    @Test func edgePointsAtHigherOrder() {
        let cases: [(String, Double, (Taylor<Double>) -> Taylor<Double>, (Dual<Dual<Dual<Double>>>) -> Dual<Dual<Dual<Double>>>)] = [
            ("tanh", 10, { Taylor.tanh($0) }, { Dual.tanh($0) }),
            ("tanh", 20, { Taylor.tanh($0) }, { Dual.tanh($0) }),
            ("atan", 1e160, { Taylor.atan($0) }, { Dual.atan($0) }),
            ("asinh", 1e200, { Taylor.asinh($0) }, { Dual.asinh($0) }),
            ("acosh", 1e200, { Taylor.acosh($0) }, { Dual.acosh($0) }),
        ]
        for (name, x, taylorF, dualF) in cases {
            let t = derivatives(of: taylorF, at: x, order: 3)
            let d3 = derivative(of: { (y: Dual<Double>) in
                derivative(of: { (z: Dual<Dual<Double>>) in
                    derivative(of: dualF, at: z)
                }, at: y)
            }, at: x)
            #expect(isClose(t[3], d3, relative: 1e-13), "\(name)‴(\(x)): \(t[3]) vs \(d3)")
            #expect(t[1] > 0, "\(name)′(\(x)) = \(t[1])")   // positive, not 0
        }
    }
}

