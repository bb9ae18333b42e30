import Autodiff
import RealModule
import Testing
import TestSupport

/// Rosenbrock written as a map–sum (the forward fast path on `Dual<Double>`).
func rosenbrockMapSum<T: Real>(_ x: [T]) -> T {
    sumOfTerms(Quartic(), x[..<(x.count - 1)], x[1...]) + sumOfTerms(RosenbrockTerm(), x[..<(x.count - 1)], x[1...])
}

/// 100(b − a²)² + (1 − a)².
struct RosenbrockTerm: ElementwiseTerm {
    func callAsFunction<T: Real>(_ i: Int, _ a: T, _ b: T) -> T {
        let u = b - a * a, v = 1 - a
        return 100 * u * u + v * v
    }
}

/// A term that uses its index and a captured dual: g(i, a, b) = c·(i+1)·a·sin b.
struct CapturingTerm<S: Real>: ElementwiseTerm {
    let c: S
    func callAsFunction<T: Real>(_ i: Int, _ a: T, _ b: T) -> T {
        // `c` reaches `T` only when T == S (the tests use one scalar type throughout).
        let cc = unsafeBitCast(c, to: T.self)
        return cc * T(i + 1) * a * T.sin(b)
    }
}

@Suite("Forward-mode map–sum")
struct ForwardSumOfTermsTests {
    /// The `Dual<Double>` map–sum's value and tangent equal those of the same terms summed by a
    /// scalar loop of duals (1e-13 relative: only the summation order differs), the reverse
    /// gradient projected on the direction, and the `Double` map–sum's value bitwise (same order).
    /// Lengths cover the 4-way unrolled body and every remainder.
    @Test(arguments: [1, 2, 3, 4, 5, 8, 11, 64])
    func tangentEqualsLoopAndReverse(_ n: Int) {
        var g = SplitMix64(seed: 0xD0 &+ UInt64(n))
        let x = randomVector(n + 1, -1.5...1.5, &g)
        let v = (0..<(n + 1)).map { _ in randomSeed(&g) }
        let (value, tangent) = jvp(of: { rosenbrockMapSum($0) }, at: x, direction: v)
        let loop = jvp(of: { (d: [Dual<Double>]) -> Dual<Double> in
            var s: Dual<Double> = 0
            for i in 0..<n { s += Quartic()(i, d[i], d[i + 1]) }
            var r: Dual<Double> = 0
            for i in 0..<n { r += RosenbrockTerm()(i, d[i], d[i + 1]) }
            return s + r
        }, at: x, direction: v)
        #expect(isClose(value, loop.value, relative: 1e-13))
        #expect(isClose(tangent, loop.tangent, relative: 1e-13))
        let grad = gradient(of: { rosenbrockMapSum($0) }, at: x)
        #expect(isClose(tangent, zip(grad, v).reduce(0) { $0 + $1.0 * $1.1 }, relative: 1e-12))
        #expect(value == rosenbrockMapSum(x))
    }

    /// Index-dependent terms and a captured dual of the same differentiation: the captured
    /// tangent is carried (d/dt of Σ c(t)(i+1)·a(t)·sin b(t) along a seed that moves c too),
    /// compared with a central difference (1e-7: step ~1e-5, rounding ~1e-11).
    @Test func capturedDualOfSameDifferentiation() {
        let a = [0.3, -0.7, 1.1, 0.2, 0.9], b = [1.2, 0.4, -0.5, 0.8, -1.3]
        let (va, vb, vc) = (0.6, -1.7, 2.3)
        let d = derivative(of: { (t: Dual<Double>) -> Dual<Double> in
            let c = Dual(constant: 0.9) + Dual(constant: vc) * t
            let xa = a.map { Dual(constant: $0) + Dual(constant: va) * t }
            let xb = b.map { Dual(constant: $0) + Dual(constant: vb) * t }
            return sumOfTerms(CapturingTerm(c: c), xa[...], xb[...])
        }, at: 0.0)
        let fd = FiniteDifference.central(of: { (t: Double) -> Double in
            sumOfTerms(CapturingTerm(c: 0.9 + vc * t), a.map { $0 + va * t }[...],
                       b.map { $0 + vb * t }[...])
        }, at: 0.0)
        #expect(isClose(d, fd, relative: 1e-7))
    }

    /// Constants (tag 0) mixed with seeded elements are fine; the result carries the seed's tag
    /// (it combines with another dual of that differentiation without trapping) and its tangent
    /// ignores the constants (hand formula for Σ a·b with b constant: Σ vₐ·b).
    @Test func constantsMixWithSeededDuals() {
        let tag = makePerturbationTag()
        let a = [Dual(1.5, tangent: 0.7, tag: tag), Dual(-2.0, tangent: -1.3, tag: tag)]
        let b = [Dual<Double>(constant: 3.0), Dual<Double>(constant: 0.5)]
        let s = sumOfTerms(Product(), a[...], b[...])
        #expect(s.perturbationTag == tag)
        #expect(isClose(s.tangent, 0.7 * 3.0 + -1.3 * 0.5, relative: 1e-15))
        #expect((s + a[0]).tangent == s.tangent + 0.7)
    }

    /// Elements from two different differentiations trap (perturbation confusion), as the
    /// operators do, instead of silently adding unrelated tangents.
    @Test func mixedTagsTrap() async {
        await #expect(processExitsWith: .failure) {
            let a = [Dual(1.0, tangent: 1, tag: makePerturbationTag())]
            let b = [Dual(2.0, tangent: 1, tag: makePerturbationTag())]
            _ = sumOfTerms(Product(), a[...], b[...])
        }
    }
}

struct Product: ElementwiseTerm {
    func callAsFunction<T: Real>(_ i: Int, _ a: T, _ b: T) -> T { a * b }
}
