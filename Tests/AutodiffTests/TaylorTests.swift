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
}
