import Autodiff
import RealModule
import Testing
import TestSupport

/// A function with an infinite derivative at a point p (where the value is finite), for the
/// exact-zero class tests: a zero tangent/partial/adjoint times that ∞ must stay 0.
enum InfiniteSlope: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqrt, cbrt, root4, powHalf, asinAtOne, acosAtOne, acoshAtOne, logAtZero, atanhAtOne

    var testDescription: String { rawValue }

    /// Whether the infinite derivative is followed by a zero one (exp at −∞, tanh at ∞), so
    /// that the composite's derivative at the point is 0 by the exact-zero convention.
    var isComposite: Bool { self == .logAtZero || self == .atanhAtOne }

    /// The point where the derivative is infinite.
    var point: Double {
        switch self {
        case .sqrt, .cbrt, .root4, .powHalf, .logAtZero: 0
        case .asinAtOne, .acosAtOne, .acoshAtOne, .atanhAtOne: 1
        }
    }

    func callAsFunction<T: Real>(_ x: T) -> T {
        switch self {
        case .sqrt: T.sqrt(x)
        case .cbrt: T.root(x, 3)
        case .root4: T.root(x, 4)
        case .powHalf: T.pow(x, lift(0.5))
        case .asinAtOne: T.asin(x)
        case .acosAtOne: T.acos(x)
        case .acoshAtOne: T.acosh(x)
        case .logAtZero: T.exp(T.log(x))   // log 0 = −∞ (derivative ∞), exp brings it back to 0
        case .atanhAtOne: T.tanh(T.atanh(x)) // atanh 1 = ∞, tanh brings it back to 1
        }
    }
}

/// `x₀·f(x₁)` for a map–sum: the term of the issue's `x₀·√x₁` example, for every f.
struct ProductWithInfiniteSlope: ElementwiseTerm {
    let f: InfiniteSlope
    func callAsFunction<T: Real>(_ i: Int, _ a: T, _ b: T) -> T { a * f(b) }
}

/// `[f(x₀), x₁]`, the issue's `[√x₀, x₁]` example for every f.
struct InfiniteSlopeMap: VectorFunction {
    let f: InfiniteSlope
    func callAsFunction<T: Real>(_ x: [T]) -> [T] { [f(x[0]), x[1]] }
}

@Suite("Exact zeros: 0·∞ in every mode")
struct ExactZeroTests {
    /// The issue's `x₀·√x₁` at x₁ = 0, and the same with every function whose derivative is
    /// infinite at a point: ∂/∂x₀ = f(p) (finite) by reverse mode, and — before, NaN — by
    /// `forwardGradient` (`MultiDual`), `jvp` along e₀, the map–sum on the tape (its term partials
    /// come from a 2-direction `MultiDual`), the map–sum on duals, and as the gradient part of
    /// the forward-over-reverse Hessian–vector product; ∂²/∂x₀² = 0 in the Hessian and in the HVP
    /// along e₀.
    @Test(arguments: InfiniteSlope.allCases)
    func productWithInfiniteSlope(_ f: InfiniteSlope) {
        let x = [2.0, f.point]
        let fp = f(f.point)
        #expect(fp.isFinite)
        func g<T: Real>(_ v: [T]) -> T { v[0] * f(v[1]) }
        let reverse = gradient(of: { g($0) }, at: x)
        #expect(reverse[0] == fp)
        // 2·f′(p) = ±∞ (the one-sided limit), or 0 where a zero derivative follows the ∞.
        #expect(f.isComposite ? reverse[1] == 0 : reverse[1].isInfinite)
        let forward = forwardGradient(of: { (v: [MultiDual<2, Double>]) in g(v) }, at: x)
        #expect(forward[0] == fp && forward[1] == reverse[1], "\(forward)")
        #expect(jvp(of: { (v: [Dual<Double>]) in g(v) }, at: x, direction: [1, 0]).tangent == fp)
        let term = ProductWithInfiniteSlope(f: f)
        let mapSum = gradient(of: { sumOfTerms(term, $0[0..<1], $0[1..<2]) }, at: x)
        #expect(mapSum[0] == fp && mapSum[1] == reverse[1], "\(mapSum)")
        let dualMapSum = jvp(of: { (v: [Dual<Double>]) in sumOfTerms(term, v[0..<1], v[1..<2]) },
                             at: x, direction: [1, 0])
        #expect(dualMapSum.tangent == fp)
        let hvp = valueGradientAndHessianVectorProduct(of: { g($0) }, at: x, direction: [1, 0])
        #expect(hvp.gradient[0] == fp && hvp.hessianVectorProduct[0] == 0, "\(hvp)")
        let h = hessian(of: { g($0) }, at: x)
        #expect(h[0][0] == 0 && h[0][1] == reverse[1] / 2 && h[1][0] == h[0][1], "\(h)")
    }

    /// The issue's `[√x₀, x₁]` at (0, 1) and its class: the forward Jacobian equals the reverse
    /// one entry for entry — J₀₁ = 0, not NaN — and J₀₀ is the same infinity.
    @Test(arguments: InfiniteSlope.allCases)
    func jacobianModesAgreeAtInfiniteSlope(_ f: InfiniteSlope) {
        let x = [f.point, 1.0]
        let forward = jacobian(of: InfiniteSlopeMap(f: f), at: x, mode: .forward)
        let reverse = jacobian(of: InfiniteSlopeMap(f: f), at: x, mode: .reverse)
        #expect(forward == reverse, "\(f): forward \(forward), reverse \(reverse)")
        #expect(forward[0][1] == 0 && forward[1] == [0, 1])
        #expect(f.isComposite ? forward[0][0] == 0 : forward[0][0].isInfinite)
    }

    /// A zero tangent stays zero through every function at a point where its derivative is
    /// infinite (`Dual`, `MultiDual` per partial, Taylor coefficients), and a zero local
    /// derivative stops an infinite tangent (0·∞ = 0 in the product rule).
    @Test(arguments: InfiniteSlope.allCases)
    func zeroTangentsStayZero(_ f: InfiniteSlope) {
        let tag = makePerturbationTag()
        let d = f(Dual(f.point, tangent: 0, tag: tag))
        #expect(d.tangent == 0)
        let m = f(MultiDual<3, Double>(f.point, partials: [0, 1, 0], tag: tag))
        #expect(m.partials[0] == 0 && m.partials[2] == 0)
        #expect(f.isComposite ? m.partials[1] == 0 : m.partials[1].isInfinite)
        // (x·0)·f(y) along x: the local derivative f(y)·0 … the product x·w with w = 0 and an
        // infinite tangent on x: the tangent term 0·∞ is 0.
        let x = Dual(1.0, tangent: .infinity, tag: tag), w = Dual(0.0, tangent: 1, tag: tag)
        #expect((x * w).tangent == 1)
    }

    /// `MultiDual` constants (tag 0) contribute no partial terms, like `Dual`'s: ∞·(constant)
    /// does not leak NaN into the partials, and a constant stays a constant (tag 0).
    @Test func multiDualConstantsAreStrongZeros() {
        let x = MultiDual<2, Double>.variables([0, 3])
        let inf = MultiDual<2, Double>(constant: .infinity)
        let p = x[1] * inf
        #expect(p.partials[0] == 0 && p.partials[1] == .infinity)
        let c = MultiDual<2, Double>.sqrt(MultiDual(constant: 0)) * inf
        #expect(c.perturbationTag == 0 && c.partials[0] == 0 && c.partials[1] == 0)
        let q = MultiDual<2, Double>(constant: 1) / x[0]    // ∂/∂x₀ = −1/0² = −∞, ∂/∂x₁ = 0
        #expect(q.partials[0] == -.infinity && q.partials[1] == 0)
    }

    /// Division is `a/b` correctly rounded in every mode (it was a·(1/b) in `MultiDual`, so
    /// 49/49 was 0.9999999999999999): values bitwise equal to `Double` division at random and
    /// at the classic failures of a·(1/b), and x/x = 1 with partials exactly 0.
    @Test func divisionIsCorrectlyRounded() {
        var g = SplitMix64(seed: 0xD1F)
        var pairs: [(Double, Double)] = [(49, 49), (3, 3), (1, 49), (98, 49), (0.3, 0.1), (1e300, 3)]
        for _ in 0..<2000 { pairs.append((uniform(-100...100, &g), uniform(0.5...100, &g))) }
        for (a, b) in pairs {
            let v = MultiDual<2, Double>.variables([a, b])
            #expect((v[0] / v[1]).value == a / b)
            #expect((MultiDual<2, Double>(constant: a) / v[1]).value == a / b)
            #expect((v[0] / MultiDual<2, Double>(constant: b)).value == a / b)
            #expect(valueWithGradient(of: { $0[0] / $0[1] }, at: [a, b]).value == a / b)
            #expect(jvp(of: { (d: [Dual<Double>]) in d[0] / d[1] }, at: [a, b], direction: [1, 1]).value == a / b)
        }
        for x in [49.0, 3, 1e-300, 7e300, 5e-324] {
            let v = MultiDual<2, Double>.variables([x])
            let q = v[0] / v[0]
            #expect(q.value == 1 && q.partials[0] == 0)
        }
    }

    /// A branch on a quotient takes the same side in every mode, so the forward and reverse
    /// Jacobians agree (with 49/49 as a·(1/b) the forward sweep took the other branch).
    @Test func branchOnQuotientAgreesAcrossModes() {
        struct Ratio: VectorFunction {
            func callAsFunction<T: Real>(_ x: [T]) -> [T] {
                let r = x[0] / x[1]
                return [r >= 1 ? x[0] * x[1] : x[0] - x[1], r * x[1]]
            }
        }
        let forward = jacobian(of: Ratio(), at: [49, 49], mode: .forward)
        let reverse = jacobian(of: Ratio(), at: [49, 49], mode: .reverse)
        #expect(forward == reverse)
        #expect(forward[0] == [49, 49])
    }

    /// Forward and reverse Jacobians agree on random inputs of maps with infinities, zeros,
    /// quotients and branches (1e-13: the same partial products summed in another order) — the
    /// class the two examples above belong to.
    @Test(arguments: 0..<6)
    func forwardAndReverseJacobiansAgree(_ seed: Int) {
        struct Mixed: VectorFunction {
            func callAsFunction<T: Real>(_ x: [T]) -> [T] {
                let q = x[0] / (x[1] * x[1] + 1)
                let s = T.sqrt(x[2] * x[2])              // √(x²): derivative ∞·0 at x = 0
                let b = q > 0 ? T.exp(q) : T.log(onePlus: q * q)
                return [q * s + b, T.hypot(x[0], x[2]) * x[1], T.atan2(y: x[2], x: x[0] + 2), s]
            }
        }
        var g = SplitMix64(seed: UInt64(seed) &+ 0xA9)
        var x = randomVector(3, -2...2, &g)
        if seed % 2 == 0 { x[2] = 0 }                 // half the points put √(x²) at its kink
        let forward = jacobian(of: Mixed(), at: x, mode: .forward)
        let reverse = jacobian(of: Mixed(), at: x, mode: .reverse)
        for i in 0..<4 {
            for j in 0..<3 {
                let f = forward[i][j], r = reverse[i][j]
                #expect(f == r || isClose(f, r, relative: 1e-13) || (f.isNaN && r.isNaN),
                        "J[\(i)][\(j)] at \(x): forward \(f), reverse \(r)")
            }
        }
    }

    /// Reverse sweeps are plain and repeated with the exact-zero convention when a NaN comes out;
    /// the NaN is looked for among the leading inputs, or among all nodes when some node does not
    /// descend from them (inputs created after an operation): `√(z₁·z₂)` at z₂ = 0 with both
    /// created late has ∂/∂z₁ = z₂·∞ = 0, not NaN, and ∂/∂z₂ = ∞; the same through a vector node.
    @Test func lateInputsAreCoveredByTheNaNCheck() {
        let tape = Tape()
        let x = tape.variable(1)
        _ = x * x                                   // an operation: later inputs are late roots
        let z1 = tape.variable(2), z2 = tape.variable(0)
        let f = Variable.sqrt(z1 * z2)
        let adj = tape.adjoints(seeds: [(f, 1)])
        #expect(adj[z1.nodeIndex] == 0 && adj[z2.nodeIndex] == .infinity && adj[x.nodeIndex] == 0)
        let g = Variable.sqrt(dot([z1, z2], [z2, z2]))   // z₁z₂ + z₂², a vector node
        let adj2 = tape.adjoints(seeds: [(g, 3)])
        #expect(adj2[z1.nodeIndex] == 0 && adj2[z2.nodeIndex] == .infinity)
        #expect(tape.isWellFormed())
    }
}

