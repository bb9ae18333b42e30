import Autodiff
import RealModule
import Testing
import TestSupport

/// ∛x by Newton's method on the value (branches and iteration: not differentiable by tracing),
/// with the derivative supplied by hand: d∛x/dx = 1/(3∛x²).
func newtonCubeRoot(_ a: Double) -> Double {
    var y = a > 1 ? a / 3 : 1.0
    for _ in 0..<100 {
        let next = y - (y * y * y - a) / (3 * y * y)
        if abs(next - y) <= 1e-16 * abs(y) { return next }
        y = next
    }
    return y
}

func cubeRoot<T: DifferentiableReal>(_ x: T) -> T where T.Primal == Double {
    let y = newtonCubeRoot(x.primal)
    return x.applyingRule(value: y, derivative: 1 / (3 * y * y))
}

/// A binary rule: f(x, y) = x·e^y with hand partials.
func scaledExp<T: DifferentiableReal>(_ x: T, _ y: T) -> T where T.Primal == Double {
    let e = Double.exp(y.primal)
    return T.applyingRule(x, y, value: x.primal * e, dx: e, dy: x.primal * e)
}

@Suite("User-defined derivative rules")
struct CustomRuleTests {
    /// The same rule in forward mode (random seed), reverse mode (random cotangent), on plain
    /// Double, and inside a larger expression, against the hand derivative.
    @Test func unaryRuleInBothModes() {
        var g = SplitMix64(seed: 8)
        for _ in 0..<10 {
            let x = uniform(0.2...20, &g), s = randomSeed(&g), u = randomSeed(&g)
            let exact = 1 / (3 * Double.pow(Double.root(x, 3), 2))
            #expect(isClose(cubeRoot(x), Double.root(x, 3), relative: 1e-14))
            let d = cubeRoot(Dual(x, tangent: s))
            #expect(isClose(d.tangent, s * exact, relative: 1e-12))
            let tape = Tape()
            let v = tape.variable(x)
            let adj = tape.adjoints(seeds: [(cubeRoot(v) * v, u)])
            let chain = u * (Double.root(x, 3) + x * exact)
            #expect(isClose(adj[v.nodeIndex], chain, relative: 1e-12))
        }
    }

    @Test func binaryRuleInBothModes() {
        let x = 1.3, y = -0.4
        let e = Double.exp(y)
        let tag = makePerturbationTag()
        let d = scaledExp(Dual(x, tangent: 2, tag: tag), Dual(y, tangent: -3, tag: tag))
        #expect(isClose(d.tangent, 2 * e - 3 * x * e, relative: 1e-14))
        let g = gradient(of: { v in scaledExp(v[0], v[1]) }, at: [x, y])
        #expect(isClose(g[0], e, relative: 1e-14) && isClose(g[1], x * e, relative: 1e-14))
        let c = forwardGradient(of: { (v: [MultiDual<2, Double>]) in scaledExp(v[0], v[1]) },
                                at: [x, y])
        #expect(allClose(c, g, relative: 1e-14))
    }

    /// Taylor mode refuses a first-order rule at compile time: `Taylor` is not a
    /// `DifferentiableReal`, so `softplus(Taylor(…))` written with `applyingRule(value:derivative:)`
    /// does not compile (before, it compiled and gave f″ = 0 instead of 1/4). Checked here at run
    /// time through the conformance itself; the other modes keep it.
    @Test func taylorIsNotAFirstOrderRuleScalar() {
        #expect(!(Taylor<Double>.self is any DifferentiableReal.Type))
        #expect(Dual<Double>.self is any DifferentiableReal.Type)
        #expect(MultiDual<2, Double>.self is any DifferentiableReal.Type)
        #expect(Variable.self is any DifferentiableReal.Type)
        #expect(Taylor<Double>.self is any AffineRuleReal.Type)
    }

    /// Taylor mode's own rule form carries a custom rule to every order: softplus with
    /// f′ = 1/(1 + e⁻ˣ) given as a function gives f, f′, f″, f‴, f⁗ at 0 equal to sympy's
    /// (log 2, 1/2, 1/4, 0, −1/8; AutodiffReferenceValues.swift) within 2 ulps (0 within 1e-16),
    /// and the first-order rule in the first-order modes (nested duals for f″) agrees.
    @Test func taylorCarriesACustomRuleToEveryOrder() {
        func softplusTaylor(_ x: Taylor<Double>) -> Taylor<Double> {
            x.applyingRule(value: Double.log(onePlus: .exp(x.primal))) { 1 / (1 + Taylor.exp(-$0)) }
        }
        let d = derivatives(of: softplusTaylor, at: 0.0, order: 4)
        for k in 0...4 {
            let e = softplusDerivativesAtZero[k]
            #expect(e == 0 ? d[k].magnitude < 1e-16 : ulpDistance(d[k], e) <= 2, "f^(\(k))(0) = \(d[k]), sympy \(e)")
        }
        #expect(d[2] == 0.25)
        let nested = derivative(of: { (x: Dual<Double>) in
            derivative(of: { (y: Dual<Dual<Double>>) in softplus(y) }, at: x)
        }, at: 0.0)
        #expect(nested == 0.25)
        // Away from 0, against a central difference of the hand f′ = 1/(1 + e⁻ˣ) (1e-7).
        for x in [-3.0, -0.5, 1.25, 4.0] {
            let t = derivatives(of: softplusTaylor, at: x, order: 2)
            let fd = FiniteDifference.central(of: { 1 / (1 + Double.exp(-$0)) }, at: x)
            #expect(isClose(t[2], fd, relative: 1e-7))
        }
    }

    /// The Newton cube root as a Taylor rule (f′ = x^(−2/3)/3 as a series) matches Taylor's own
    /// `root(x, 3)` to order 5.
    @Test func taylorRuleForNewtonCubeRoot() {
        func cubeRootTaylor(_ x: Taylor<Double>) -> Taylor<Double> {
            x.applyingRule(value: newtonCubeRoot(x.primal)) { Taylor.pow($0, Taylor(constant: -2.0 / 3)) / 3 }
        }
        for x in [0.3, 2.0, 27.0] {
            let custom = derivatives(of: cubeRootTaylor, at: x, order: 5)
            let builtIn = derivatives(of: { Taylor.root($0, 3) }, at: x, order: 5)
            #expect(allClose(custom, builtIn, relative: 1e-13), "\(custom) vs \(builtIn)")
        }
    }
}

/// The documented softplus rule (DifferentiableReal's example), first order, written generically
/// in `Primal` so that it also works nested (the rule is then differentiated in turn).
func softplus<T: DifferentiableReal>(_ x: T) -> T {
    let p = x.primal
    let one: T.Primal = 1
    return x.applyingRule(value: T.Primal.log(onePlus: T.Primal.exp(p)),
                          derivative: one / (one + T.Primal.exp(-p)))
}
