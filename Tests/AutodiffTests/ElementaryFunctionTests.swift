import Autodiff
import RealModule
import Testing
import TestSupport

/// Every elementary function, its hand-derived derivative and the domain we sample it on.
enum Unary: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case negate, reciprocal, square, sin, cos, tan, exp, expMinusOne, log, logOnePlus, sqrt
    case sinh, cosh, tanh, asin, acos, atan, asinh, acosh, atanh, erf, erfc, exp2, exp10
    case log2, log10, gamma, logGamma, abs, powInt, root3, digamma

    var testDescription: String { rawValue }

    func apply<T: Real>(_ x: T) -> T {
        switch self {
        case .negate: -x
        case .reciprocal: 1 / x
        case .square: x * x
        case .sin: T.sin(x)
        case .cos: T.cos(x)
        case .tan: T.tan(x)
        case .exp: T.exp(x)
        case .expMinusOne: T.expMinusOne(x)
        case .log: T.log(x)
        case .logOnePlus: T.log(onePlus: x)
        case .sqrt: T.sqrt(x)
        case .sinh: T.sinh(x)
        case .cosh: T.cosh(x)
        case .tanh: T.tanh(x)
        case .asin: T.asin(x)
        case .acos: T.acos(x)
        case .atan: T.atan(x)
        case .asinh: T.asinh(x)
        case .acosh: T.acosh(x)
        case .atanh: T.atanh(x)
        case .erf: T.erf(x)
        case .erfc: T.erfc(x)
        case .exp2: T.exp2(x)
        case .exp10: T.exp10(x)
        case .log2: T.log2(x)
        case .log10: T.log10(x)
        case .gamma: T.gamma(x)
        case .logGamma: T.logGamma(x)
        case .abs: x.magnitude
        case .powInt: T.pow(x, 3)
        case .root3: T.root(x, 3)
        case .digamma: Autodiff.digamma(x)
        }
    }

    /// f′(x), derived by hand (not by the library).
    func derivative(_ x: Double) -> Double {
        switch self {
        case .negate: -1
        case .reciprocal: -1 / (x * x)
        case .square: 2 * x
        case .sin: Double.cos(x)
        case .cos: -Double.sin(x)
        case .tan: 1 / (Double.cos(x) * Double.cos(x))
        case .exp, .expMinusOne: Double.exp(x)
        case .log: 1 / x
        case .logOnePlus: 1 / (1 + x)
        case .sqrt: 0.5 / Double.sqrt(x)
        case .sinh: Double.cosh(x)
        case .cosh: Double.sinh(x)
        case .tanh: 1 / (Double.cosh(x) * Double.cosh(x))
        case .asin: 1 / Double.sqrt(1 - x * x)
        case .acos: -1 / Double.sqrt(1 - x * x)
        case .atan: 1 / (1 + x * x)
        case .asinh: 1 / Double.sqrt(x * x + 1)
        case .acosh: 1 / Double.sqrt(x * x - 1)
        case .atanh: 1 / (1 - x * x)
        case .erf: 2 / Double.sqrt(.pi) * Double.exp(-x * x)
        case .erfc: -2 / Double.sqrt(.pi) * Double.exp(-x * x)
        case .exp2: Double.exp2(x) * Double.log(2)
        case .exp10: Double.exp10(x) * Double.log(10)
        case .log2: 1 / (x * Double.log(2))
        case .log10: 1 / (x * Double.log(10))
        case .gamma: Double.gamma(x) * trigammaFreeDigamma(x)
        case .logGamma: trigammaFreeDigamma(x)
        case .abs: x > 0 ? 1 : -1
        case .powInt: 3 * x * x
        case .root3: 1 / (3 * Double.pow(Double.root(x, 3), 2))
        case .digamma: trigamma(x)
        }
    }

    var domain: ClosedRange<Double> {
        switch self {
        case .log, .log2, .log10, .sqrt, .gamma, .logGamma, .digamma: 0.3...4
        case .logOnePlus: -0.7...3
        case .asin, .acos, .atanh: -0.9...0.9
        case .acosh: 1.2...4
        case .reciprocal, .root3: 0.4...3
        case .tan: -1.3...1.3
        case .abs: 0.2...3
        default: -2.5...2.5
        }
    }
}

/// ψ(x) by its series ψ(x) = −γ + Σₖ (1/(k+1) − 1/(k+x)) accelerated by recurrence — an
/// implementation independent of the library's (used only to check it).
func trigammaFreeDigamma(_ x: Double) -> Double {
    // ψ(x) = ψ(x + 20) − Σ_{j<20} 1/(x+j), and ψ at x+20 from the asymptotic series to 1/y⁸.
    var y = x, acc = 0.0
    for _ in 0..<20 { acc -= 1 / y; y += 1 }
    let i2 = 1 / (y * y)
    return acc + Double.log(y) - 0.5 / y - i2 * (1.0 / 12 - i2 * (1.0 / 120 - i2 / 252))
}

/// ψ′(x) = Σ 1/(x+k)², by recurrence and asymptotic series.
func trigamma(_ x: Double) -> Double {
    var y = x, acc = 0.0
    for _ in 0..<20 { acc += 1 / (y * y); y += 1 }
    let i = 1 / y, i2 = i * i
    return acc + i + i2 / 2 + i * i2 * (1.0 / 6 - i2 * (1.0 / 30 - i2 / 42))
}

@Suite("Elementary functions")
struct ElementaryFunctionTests {
    /// Forward mode with a random non-unit seed s: tangent must be s·f′(x). Tolerance 1e-12
    /// relative: both sides are a few correctly rounded operations apart.
    @Test(arguments: Unary.allCases)
    func forwardMatchesHandFormula(_ f: Unary) {
        var g = SplitMix64(seed: 0xF0 &+ UInt64(f.rawValue.count))
        for _ in 0..<20 {
            let x = uniform(f.domain, &g), s = randomSeed(&g)
            let y = f.apply(Dual(x, tangent: s))
            #expect(isClose(y.value, f.apply(x), relative: 1e-15), "\(f) value at \(x)")
            #expect(isClose(y.tangent, s * f.derivative(x), relative: 1e-11), "\(f) at \(x)")
        }
    }

    /// Reverse mode with a random non-unit cotangent u: the adjoint must be u·f′(x).
    @Test(arguments: Unary.allCases)
    func reverseMatchesHandFormula(_ f: Unary) {
        var g = SplitMix64(seed: 0xAB &+ UInt64(f.rawValue.count))
        for _ in 0..<20 {
            let x = uniform(f.domain, &g), u = randomSeed(&g)
            let tape = Tape()
            let v = tape.variable(x)
            let y = f.apply(v)
            let adj = tape.adjoints(seeds: [(y, u)])
            #expect(isClose(adj[v.nodeIndex], u * f.derivative(x), relative: 1e-11), "\(f) at \(x)")
        }
    }

    /// The hand formula itself against a central difference (step ∛ε·max(1,|x|); truncation
    /// and rounding errors are both ~1e-10 relative here, so 1e-6 leaves ample margin).
    @Test(arguments: Unary.allCases)
    func handFormulaMatchesCentralDifference(_ f: Unary) {
        var g = SplitMix64(seed: 0x77 &+ UInt64(f.rawValue.count))
        for _ in 0..<20 {
            let x = uniform(f.domain, &g)
            let fd = FiniteDifference.central(of: { f.apply($0) }, at: x)
            #expect(isClose(fd, f.derivative(x), relative: 1e-6), "\(f) at \(x)")
        }
    }

    /// The derivative rules are themselves differentiable: the second derivative by nested duals
    /// (`Dual<Dual<Double>>`), by forward over reverse (a tape of `MultiDual<8, Double>`, the
    /// default `hessian`) and by reverse over forward (`Dual<Variable>`) equals a central
    /// difference of the hand-derived first derivative.
    @Test(arguments: Unary.allCases)
    func secondDerivativeByNestingMatchesDifferenceOfFirst(_ f: Unary) {
        var g = SplitMix64(seed: 0x5EC &+ UInt64(f.rawValue.count))
        for _ in 0..<8 {
            let x = uniform(f.domain, &g)
            let expected = FiniteDifference.central(of: { f.derivative($0) }, at: x)
            let nested = derivative(of: { (x: Dual<Double>) in
                derivative(of: { (y: Dual<Dual<Double>>) in f.apply(y) }, at: x)
            }, at: x)
            #expect(isClose(nested, expected, relative: 1e-5), "\(f) nested at \(x)")
            let h = hessian(of: { (v: [HessianVariable]) in f.apply(v[0]) }, at: [x])
            #expect(isClose(h[0][0], expected, relative: 1e-5), "\(f) hessian at \(x)")
            let rof = reverseOverForwardHessian(of: { (v: [Dual<Variable>]) in f.apply(v[0]) },
                                                at: [x])
            #expect(isClose(rof[0][0], expected, relative: 1e-5), "\(f) reverse over forward")
        }
    }

    /// The same rules on `Float` (single precision: tolerance 1e-4).
    @Test(arguments: [Unary.sin, .exp, .log, .tanh, .atan, .sqrt])
    func forwardOnFloat(_ f: Unary) {
        let x: Float = 0.7
        let d = derivative(of: { (v: Dual<Float>) in f.apply(v) }, at: x)
        #expect(abs(Double(d) - f.derivative(0.7)) < 1e-4 * max(1, abs(f.derivative(0.7))))
    }
}

/// Binary operations and functions with both partials.
enum Binary: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case add, subtract, multiply, divide, pow, atan2, hypot, remainder

    var testDescription: String { rawValue }

    func apply<T: Real>(_ x: T, _ y: T) -> T {
        switch self {
        case .add: x + y
        case .subtract: x - y
        case .multiply: x * y
        case .divide: x / y
        case .pow: T.pow(x, y)
        case .atan2: T.atan2(y: x, x: y)
        case .hypot: T.hypot(x, y)
        case .remainder: x.truncatingRemainder(dividingBy: y)
        }
    }

    func partials(_ x: Double, _ y: Double) -> (Double, Double) {
        switch self {
        case .add: (1, 1)
        case .subtract: (1, -1)
        case .multiply: (y, x)
        case .divide: (1 / y, -x / (y * y))
        case .pow: (y * Double.pow(x, y - 1), Double.pow(x, y) * Double.log(x))
        case .atan2: (y / (x * x + y * y), -x / (x * x + y * y))
        case .hypot: (x / Double.hypot(x, y), y / Double.hypot(x, y))
        case .remainder: (1, -(x / y).rounded(.towardZero))
        }
    }
}

@Suite("Binary functions")
struct BinaryFunctionTests {
    /// Forward with random seeds on both inputs, reverse with a random cotangent, both against
    /// the hand partials; the hand partials against central differences.
    @Test(arguments: Binary.allCases)
    func bothModesMatchHandPartials(_ f: Binary) {
        var g = SplitMix64(seed: 0xB1 &+ UInt64(f.rawValue.count))
        for _ in 0..<20 {
            let x = uniform(0.3...3, &g), y = uniform(0.3...3, &g)
            if f == .remainder, abs((x / y) - (x / y).rounded()) < 0.05 { continue }
            let (px, py) = f.partials(x, y)
            let s = randomSeed(&g), t = randomSeed(&g), u = randomSeed(&g)
            let tag = makePerturbationTag()
            let d = f.apply(Dual(x, tangent: s, tag: tag), Dual(y, tangent: t, tag: tag))
            #expect(isClose(d.tangent, s * px + t * py, relative: 1e-12), "\(f) forward")
            let tape = Tape()
            let vx = tape.variable(x), vy = tape.variable(y)
            let adj = tape.adjoints(seeds: [(f.apply(vx, vy), u)])
            #expect(isClose(adj[vx.nodeIndex], u * px, relative: 1e-12), "\(f) reverse x")
            #expect(isClose(adj[vy.nodeIndex], u * py, relative: 1e-12), "\(f) reverse y")
            let fx = FiniteDifference.central(of: { f.apply($0, y) }, at: x)
            let fy = FiniteDifference.central(of: { f.apply(x, $0) }, at: y)
            #expect(isClose(fx, px, relative: 1e-6) && isClose(fy, py, relative: 1e-6), "\(f) fd")
        }
    }
}
