import Autodiff
import AutodiffExamples
import RealModule
import Testing
import TestSupport

/// g(i, a, b) = Σ of one product computed by an inner map–sum over the term's own inputs, so
/// the inner call sees inputs stamped by the outer one.
struct NestedProductTerm: ElementwiseTerm {
    func callAsFunction<T: Real>(_ i: Int, _ a: T, _ b: T) -> T {
        sumOfTerms(Product(), [a][...], [b][...])
    }
}

/// 2·(Σ of the product by an inner map–sum)·a: the inner result is scaled, so it must keep the
/// inputs' perturbation rather than come back as a constant.
struct ScaledNestedTerm: ElementwiseTerm {
    func callAsFunction<T: Real>(_ i: Int, _ a: T, _ b: T) -> T {
        2 * sumOfTerms(Product(), [a][...], [b][...]) * a
    }
}

/// A term that multiplies by a captured dual (which may belong to another differentiation).
struct ScaledProductTerm: ElementwiseTerm {
    let c: Dual<Double>
    func callAsFunction<T: Real>(_ i: Int, _ a: T, _ b: T) -> T {
        unsafeBitCast(c, to: T.self) * a * b
    }
}

/// A term with literals on both sides of every operator: 3a + 2b − b/4 + (a − 1)·b + (1 − a)·2
/// + b·a·5 + exp(a)·0.5.
struct LiteralsEverywhereTerm: ElementwiseTerm {
    func callAsFunction<T: Real>(_ i: Int, _ a: T, _ b: T) -> T {
        var r = a * 3 + 2 * b - b / 4
        r += (a - 1) * b + (1 - a) * 2
        r += b * a * 5 + T.exp(a) * lift(0.5)
        return r
    }
}

@Suite("Forward-mode constants and seeding")
struct ConstantPathTests {
    /// A constant factor contributes no tangent term (a strong zero): d/dx (2x) at x = ∞ is 2,
    /// not ∞·0 = NaN, and d/dx (x/4) is exactly 1/4.
    @Test func constantFactorsAndDivisors() {
        #expect(derivative(of: { x in x * 2 }, at: Double.infinity) == 2)
        #expect(derivative(of: { x in 2 * x }, at: Double.infinity) == 2)
        #expect(derivative(of: { x in x / 4 }, at: 3.0) == 0.25)
        #expect(isClose(derivative(of: { x in 1 / x }, at: 3.0), -1.0 / 9, relative: 1e-15))
        // d/dx 3x/(x² + 1) = 3(1 − x²)/(x² + 1)²
        let q = derivative(of: { (x: Dual<Double>) -> Dual<Double> in
            let num: Dual<Double> = 3 * x
            let den: Dual<Double> = x * x + 1
            return num / den
        }, at: 0.5)
        let expected = 3.0 * (1 - 0.25) / (1.25 * 1.25)
        #expect(isClose(q, expected, relative: 1e-14))
    }

    /// A constant stays an exact constant (tag 0, tangent 0) through operations whose local
    /// derivative is infinite or NaN at its value, so it does not poison a derivative.
    @Test func constantsStayConstant() {
        let z = Dual<Double>(constant: 0)
        #expect(Dual.sqrt(z).tangent == 0)
        #expect((Dual<Double>(constant: .infinity) * z).tangent == 0)
        #expect((z / z).perturbationTag == 0)
        #expect((z / z).tangent == 0)
        #expect((Dual<Double>(constant: 1) / z).tangent == 0)
        #expect(Dual.pow(z, Dual<Double>(constant: 0.5)).tangent == 0)
        #expect(derivative(of: { x in Dual.sqrt(Dual(constant: 0)) + x }, at: 1.0) == 1)
    }

    /// `jvp` seeds every element exactly (value and tangent), for even and odd lengths and 0.
    @Test(arguments: [0, 1, 2, 3, 4, 5, 9])
    func seedingIsExact(_ n: Int) {
        var g = SplitMix64(seed: 0x5EED &+ UInt64(n))
        let x = randomVector(n, -2...2, &g)
        let v = (0..<n).map { _ in randomSeed(&g) }
        let (value, tangent) = jvp(of: { (d: [Dual<Double>]) in d }, at: x, direction: v)
        #expect(value == x)
        #expect(tangent == v)
        let tags = Set(jvpTags(x, v))
        #expect(tags.count <= 1 && !tags.contains(0))
    }

    /// A map–sum inside the term of another sees its inputs (stamped by the outer one) as
    /// non-constant: the tangent is that of the plain product sum.
    @Test func nestedMapSum() {
        let x = [0.5, -1.25, 2.0, 0.75], v = [1.0, -0.5, 0.25, 2.0]
        let nested = jvp(of: { (d: [Dual<Double>]) in
            sumOfTerms(NestedProductTerm(), d[..<3], d[1...]) }, at: x, direction: v)
        let plain = jvp(of: { (d: [Dual<Double>]) in
            sumOfTerms(Product(), d[..<3], d[1...]) }, at: x, direction: v)
        #expect(nested.value == plain.value)
        #expect(nested.tangent == plain.tangent)
    }

    /// Literals on the left and on the right of the inputs inside a map–sum term keep the
    /// inputs' tangents (a literal must not turn an input into a constant): the map–sum equals
    /// the same terms summed by a loop of duals, and the hand derivative.
    @Test(arguments: [1, 3, 4, 7])
    func literalsOnEitherSideInMapSum(_ n: Int) {
        var g = SplitMix64(seed: 0x717 &+ UInt64(n))
        let x = randomVector(n + 1, -1.5...1.5, &g)
        let v = (0..<(n + 1)).map { _ in randomSeed(&g) }
        let term = LiteralsEverywhereTerm()
        let fast = jvp(of: { (d: [Dual<Double>]) in sumOfTerms(term, d[..<n], d[1...]) },
                       at: x, direction: v)
        let loop = jvp(of: { (d: [Dual<Double>]) -> Dual<Double> in
            var s: Dual<Double> = 0
            for i in 0..<n { s += term(i, d[i], d[i + 1]) }
            return s
        }, at: x, direction: v)
        #expect(isClose(fast.value, loop.value, relative: 1e-13))
        #expect(isClose(fast.tangent, loop.tangent, relative: 1e-13))
        // ∂/∂a = 3 + b − 2 + 5b + 0.5·eᵃ, ∂/∂b = 2 − 1/4 + (a − 1) + 5a
        var hand = 0.0
        for i in 0..<n {
            let a = x[i], b = x[i + 1]
            hand += (3 + b - 2 + 5 * b + 0.5 * Double.exp(a)) * v[i]
                + (2 - 0.25 + (a - 1) + 5 * a) * v[i + 1]
        }
        #expect(isClose(fast.tangent, hand, relative: 1e-12))
    }

    /// The result of a map–sum inside a term, scaled by a literal and an input, keeps its
    /// tangent: equal to the same terms summed by a loop (hand form 2·a²·b).
    @Test func scaledNestedMapSum() {
        let x = [0.5, -1.25, 2.0, 0.75], v = [1.0, -0.5, 0.25, 2.0]
        let nested = jvp(of: { (d: [Dual<Double>]) in
            sumOfTerms(ScaledNestedTerm(), d[..<3], d[1...]) }, at: x, direction: v)
        var hand = 0.0
        for i in 0..<3 {
            let a = x[i], b = x[i + 1]
            hand += 4 * a * b * v[i] + 2 * a * a * v[i + 1]
        }
        #expect(isClose(nested.tangent, hand, relative: 1e-14))
        var value = 0.0
        for i in 0..<3 { value += 2 * (x[i] * x[i + 1]) * x[i] }
        #expect(isClose(nested.value, value, relative: 1e-14))
    }

    /// A map–sum of constants only is a constant (tag 0, tangent 0).
    @Test func mapSumOfConstantsIsConstant() {
        let a = [Dual<Double>(constant: 1.5), Dual<Double>(constant: -2)]
        let s = sumOfTerms(LiteralsEverywhereTerm(), a[...], a[...])
        #expect(s.perturbationTag == 0)
        #expect(s.tangent == 0)
    }

    /// A constant first element (the inputs' tag comes from a later one) is fine.
    @Test func constantFirstElement() {
        let tag = makePerturbationTag()
        let a = [Dual<Double>(constant: 2.0), Dual(1.5, tangent: 0.7, tag: tag)]
        let b = [Dual(3.0, tangent: -1.0, tag: tag), Dual<Double>(constant: 0.5)]
        let s = sumOfTerms(Product(), a[...], b[...])
        #expect(s.perturbationTag == tag)
        #expect(isClose(s.tangent, 2.0 * -1.0 + 0.7 * 0.5, relative: 1e-15))
    }

    /// A dual captured by the term from another differentiation than the inputs traps.
    @Test func capturedDualOfAnotherDifferentiationTraps() async {
        await #expect(processExitsWith: .failure) {
            let c = Dual(2.0, tangent: 1, tag: makePerturbationTag())
            let tag = makePerturbationTag()
            let a = [Dual(1.0, tangent: 1, tag: tag), Dual(2.0, tangent: 1, tag: tag)]
            _ = sumOfTerms(ScaledProductTerm(c: c), a[...], a[...])
        }
    }
}

@Suite("Forward-mode logSumExp")
struct ForwardLogSumExpTests {
    /// The `Dual<Double>` path's value equals the `Double` one bitwise, and its tangent equals
    /// the plain dual loop's (`logSumExpLoop`) and the softmax-weighted direction.
    @Test(arguments: [1, 2, 5, 25, 100])
    func matchesLoopAndSoftmax(_ n: Int) {
        var g = SplitMix64(seed: 0x15E &+ UInt64(n))
        let x = randomVector(n, -30...30, &g)
        let v = (0..<n).map { _ in randomSeed(&g) }
        let fast = jvp(of: { (d: [Dual<Double>]) in logSumExp(d) }, at: x, direction: v)
        let loop = jvp(of: { (d: [Dual<Double>]) in logSumExpLoop(d) }, at: x, direction: v)
        #expect(fast.value == logSumExp(x))
        #expect(isClose(fast.tangent, loop.tangent, relative: 1e-13))
        let m = x.max()!
        let w = x.map { Double.exp($0 - m) }
        let s = w.reduce(0, +)
        let hand = zip(w, v).reduce(0.0) { $0 + $1.0 * $1.1 } / s
        #expect(isClose(fast.tangent, hand, relative: 1e-13))
    }

    /// Empty: −∞, a constant. Constants only: a constant. Mixed constants and seeded duals: the
    /// seeded tag and the constants' zero tangents. Non-finite maximum: shifted by 0 as on `Double`.
    @Test func edgeCases() {
        let empty = logSumExp([Dual<Double>]())
        #expect(empty.value == -.infinity && empty.perturbationTag == 0 && empty.tangent == 0)
        let consts = logSumExp([Dual<Double>(constant: 1), Dual<Double>(constant: 2)])
        #expect(consts.perturbationTag == 0 && consts.tangent == 0)
        #expect(consts.value == logSumExp([1.0, 2.0]))
        let tag = makePerturbationTag()
        let mixed = logSumExp([Dual<Double>(constant: 0), Dual(0.0, tangent: 2, tag: tag)])
        #expect(mixed.perturbationTag == tag)
        #expect(isClose(mixed.tangent, 1, relative: 1e-15))
        let inf = logSumExp([Dual(Double.infinity, tangent: 1, tag: tag), Dual(0.0, tangent: 1, tag: tag)])
        #expect(inf.value == logSumExp([Double.infinity, 0]))
    }

    /// Duals of two different differentiations trap, as the operators do.
    @Test func mixedTagsTrap() async {
        await #expect(processExitsWith: .failure) {
            _ = logSumExp([Dual(1.0, tangent: 1, tag: makePerturbationTag()),
                           Dual(2.0, tangent: 1, tag: makePerturbationTag())])
        }
    }
}

/// The tags `jvp` stamps on its seeded duals.
private func jvpTags(_ x: [Double], _ v: [Double]) -> [PerturbationTag] {
    var tags: [PerturbationTag] = []
    _ = jvp(of: { (d: [Dual<Double>]) -> [Dual<Double>] in
        tags = d.map(\.perturbationTag)
        return d
    }, at: x, direction: v)
    return tags
}
