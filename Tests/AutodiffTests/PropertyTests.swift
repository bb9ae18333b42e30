import Autodiff
import PropertyBased
import RealModule
import Testing
import TestSupport

/// A random expression tree over three inputs, built from a seed; every node keeps values finite
/// (divisions by 1 + u², logs of 1 + u², exp of tanh).
indirect enum Expr: Sendable {
    case input(Int)
    case constant(Double)
    case add(Expr, Expr), sub(Expr, Expr), mul(Expr, Expr), div(Expr, Expr)
    case sin(Expr), cos(Expr), expTanh(Expr), logSq(Expr), sqrtSq(Expr), atan(Expr)
    case powInt(Expr), hypot(Expr, Expr), lse(Expr, Expr)

    static func random(depth: Int, _ g: inout SplitMix64) -> Expr {
        if depth == 0 || Int.random(in: 0..<5, using: &g) == 0 {
            return Bool.random(using: &g) ? .input(Int.random(in: 0..<3, using: &g))
                : .constant(Double.random(in: -2...2, using: &g))
        }
        let a = random(depth: depth - 1, &g)
        switch Int.random(in: 0..<13, using: &g) {
        case 0: return .add(a, random(depth: depth - 1, &g))
        case 1: return .sub(a, random(depth: depth - 1, &g))
        case 2: return .mul(a, random(depth: depth - 1, &g))
        case 3: return .div(a, random(depth: depth - 1, &g))
        case 4: return .sin(a)
        case 5: return .cos(a)
        case 6: return .expTanh(a)
        case 7: return .logSq(a)
        case 8: return .sqrtSq(a)
        case 9: return .atan(a)
        case 10: return .powInt(a)
        case 11: return .hypot(a, random(depth: depth - 1, &g))
        default: return .lse(a, random(depth: depth - 1, &g))
        }
    }

    func eval<T: Real>(_ x: [T]) -> T {
        switch self {
        case .input(let i): x[i]
        case .constant(let c): lift(c)
        case .add(let a, let b): a.eval(x) + b.eval(x)
        case .sub(let a, let b): a.eval(x) - b.eval(x)
        case .mul(let a, let b): a.eval(x) * b.eval(x)
        case .div(let a, let b): a.eval(x) / (1 + b.eval(x) * b.eval(x))
        case .sin(let a): T.sin(a.eval(x))
        case .cos(let a): T.cos(a.eval(x))
        case .expTanh(let a): T.exp(T.tanh(a.eval(x)))
        case .logSq(let a): T.log(1 + a.eval(x) * a.eval(x))
        case .sqrtSq(let a): T.sqrt(1 + a.eval(x) * a.eval(x))
        case .atan(let a): T.atan(a.eval(x))
        case .powInt(let a): T.pow(T.tanh(a.eval(x)), 3)
        case .hypot(let a, let b): T.hypot(1 + a.eval(x) * a.eval(x), b.eval(x))
        case .lse(let a, let b): logSumExp([a.eval(x), b.eval(x)])
        }
    }
}

@Suite("Property-based: random expression trees")
struct PropertyTests {
    /// For random trees, points, directions and cotangents: forward directional derivative =
    /// reverse gradient · direction (1e-9 relative, same arithmetic reassociated), both ≈ central
    /// difference along the direction (1e-5, floored at 1e-7 absolute through `isClose`).
    @Test func forwardReverseAndDifferencesAgree() async {
        await propertyCheck(count: 150, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var g = SplitMix64(seed: seed)
            let e = Expr.random(depth: 5, &g)
            let x = randomVector(3, -1.5...1.5, &g)
            let v = randomVector(3, -1...1, &g)
            let u = randomSeed(&g)
            let fwd = jvp(of: { (p: [Dual<Double>]) in e.eval(p) }, at: x, direction: v)
            let tape = Tape()
            let xs = tape.variables(x)
            let y = e.eval(xs)
            let adj = tape.adjoints(seeds: [(y, u)])
            let rev = (0..<3).reduce(0.0) { $0 + adj[xs[$1].nodeIndex] * v[$1] } / u
            #expect(isClose(fwd.value, y.value, relative: 1e-14))
            #expect(isClose(fwd.tangent, rev, relative: 1e-9), "seed \(seed)")
            let fd = FiniteDifference.central(of: { (t: Double) -> Double in
                e.eval((0..<3).map { x[$0] + t * v[$0] })
            }, at: 0)
            #expect(isClose(fd, fwd.tangent, relative: 1e-5), "seed \(seed)")
        }
    }

    /// Second directional derivatives of random trees: nested duals vs the forward-over-reverse
    /// and the reverse-over-forward Hessian-vector products projected on the direction (1e-8
    /// relative), and the two products agree entrywise (1e-8).
    @Test func secondOrderModesAgree() async {
        await propertyCheck(count: 60, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var g = SplitMix64(seed: seed)
            let e = Expr.random(depth: 4, &g)
            let x = randomVector(3, -1.5...1.5, &g)
            let v = randomVector(3, -1...1, &g)
            let nested = derivative(of: { (t: Dual<Double>) in
                derivative(of: { (s: Dual<Dual<Double>>) in
                    e.eval((0..<3).map { Dual(Dual(constant: x[$0])) + s * Dual(Dual(constant: v[$0])) })
                }, at: t)
            }, at: 0.0)
            let hv = hessianVectorProduct(of: { e.eval($0) }, at: x, direction: v)
            let vhv = zip(hv, v).reduce(0.0) { $0 + $1.0 * $1.1 }
            #expect(isClose(nested, vhv, relative: 1e-8), "seed \(seed)")
            let rof = reverseOverForwardHessianVectorProduct(of: { e.eval($0) }, at: x, direction: v)
            #expect(allClose(hv, rof, relative: 1e-8), "seed \(seed)")
        }
    }
}
