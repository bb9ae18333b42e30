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
}
