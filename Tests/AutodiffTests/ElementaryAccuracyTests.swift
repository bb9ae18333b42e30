import Autodiff
import RealModule
import Testing
import TestSupport

// Every elementary derivative in every mode against mpmath references (correctly rounded
// Doubles, made by scripts/make_autodiff_references.py into AutodiffReferenceValues.swift).

/// The function of a reference row, generic so that every mode evaluates the same code.
func applyReference<T: Real>(_ name: String, _ x: T) -> T {
    switch name {
    case "exp": T.exp(x)
    case "expMinusOne": T.expMinusOne(x)
    case "log": T.log(x)
    case "logOnePlus": T.log(onePlus: x)
    case "sqrt": T.sqrt(x)
    case "cbrt": T.root(x, 3)
    case "sin": T.sin(x)
    case "cos": T.cos(x)
    case "tan": T.tan(x)
    case "sinh": T.sinh(x)
    case "cosh": T.cosh(x)
    case "tanh": T.tanh(x)
    case "asin": T.asin(x)
    case "acos": T.acos(x)
    case "atan": T.atan(x)
    case "asinh": T.asinh(x)
    case "acosh": T.acosh(x)
    case "atanh": T.atanh(x)
    case "erf": T.erf(x)
    case "erfc": T.erfc(x)
    case "exp2": T.exp2(x)
    case "exp10": T.exp10(x)
    case "log2": T.log2(x)
    case "log10": T.log10(x)
    case "gamma": T.gamma(x)
    case "logGamma": T.logGamma(x)
    case "digamma": digamma(x)
    case "reciprocal": 1 / x
    case "square": x * x
    case "cube": T.pow(x, 3)
    case "powHalf": T.pow(x, lift(0.5))
    case "abs": x.magnitude
    default: fatalError("unknown reference function \(name)")
    }
}

/// The function of a binary reference row (`atan2`'s first argument is the ordinate).
func applyBinaryReference<T: Real>(_ name: String, _ x: T, _ y: T) -> T {
    switch name {
    case "multiply": x * y
    case "divide": x / y
    case "pow": T.pow(x, y)
    case "atan2": T.atan2(y: x, x: y)
    case "hypot": T.hypot(x, y)
    default: fatalError("unknown binary reference function \(name)")
    }
}

/// A map–sum term applying one reference function to `a` (and ignoring `b`).
struct ReferenceTerm: ElementwiseTerm {
    let name: String
    func callAsFunction<T: Real>(_ i: Int, _ a: T, _ b: T) -> T { applyReference(name, a) }
}

/// The ways a first derivative is computed.
enum FirstDerivativeMode: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case dual, multiDual, reverse, taylor, mapSum, jvp
    var testDescription: String { rawValue }

    func derivative(_ name: String, at x: Double) -> Double {
        switch self {
        case .dual: Autodiff.derivative(of: { applyReference(name, $0) }, at: x)
        case .multiDual:
            forwardGradient(of: { (v: [MultiDual<2, Double>]) in applyReference(name, v[0]) }, at: [x])[0]
        case .reverse: gradient(of: { applyReference(name, $0[0]) }, at: [x])[0]
        case .taylor: derivatives(of: { applyReference(name, $0) }, at: x, order: 1)[1]
        case .mapSum:
            gradient(of: { sumOfTerms(ReferenceTerm(name: name), $0[0..<1], $0[1..<2]) }, at: [x, 0])[0]
        case .jvp:   // a non-unit direction scaled back exactly (powers of two)
            Autodiff.jvp(of: { (v: [Dual<Double>]) in applyReference(name, v[0]) }, at: [x], direction: [0.5]).tangent * 2
        }
    }
}

/// The ways a second derivative is computed.
enum SecondDerivativeMode: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case nestedDuals, taylor, hessian, hessianVectorProduct, reverseOverForward
    var testDescription: String { rawValue }

    func secondDerivative(_ name: String, at x: Double) -> Double {
        switch self {
        case .nestedDuals:
            derivative(of: { (y: Dual<Double>) in
                derivative(of: { (z: Dual<Dual<Double>>) in applyReference(name, z) }, at: y)
            }, at: x)
        case .taylor: derivatives(of: { applyReference(name, $0) }, at: x, order: 2)[2]
        case .hessian: Autodiff.hessian(of: { applyReference(name, $0[0]) }, at: [x])[0][0]
        case .hessianVectorProduct:
            Autodiff.hessianVectorProduct(of: { applyReference(name, $0[0]) }, at: [x], direction: [1])[0]
        case .reverseOverForward:
            reverseOverForwardHessian(of: { applyReference(name, $0[0]) }, at: [x])[0][0]
        }
    }
}

/// How far `actual` may be from the reference `expected` (a correctly rounded Double): NaN and
/// infinities must match exactly, finite values within `ulps`.
func matchesReference(_ actual: Double, _ expected: Double, ulps: Double) -> Bool {
    if expected.isNaN { return actual.isNaN }
    if expected.isInfinite { return actual == expected }
    return ulpDistance(actual, expected) <= ulps
}

/// The first-derivative budget in ulps: 3 — each formula is a few correctly rounded operations
/// on glibc results within an ulp (measured: at most 2 ulps over the whole table in every mode).
/// The library's own ψ is differentiated through a 61-term Horner evaluation: 8 (measured 5).
func firstDerivativeBudget(_ name: String) -> Double {
    name == "digamma" ? 8 : 3
}

@Suite("Elementary derivatives against mpmath")
struct ElementaryAccuracyTests {
    /// The reference table is complete (a missing or truncated generated file fails here).
    @Test func referenceTableIsComplete() throws {
        try #require(unaryReferences.count == unaryReferenceCount && unaryReferenceCount >= 1700)
        try #require(binaryReferences.count == binaryReferenceCount && binaryReferenceCount >= 140)
        let functions = Set(unaryReferences.map(\.function))
        try #require(functions.count == 32)
    }

    /// f′(x) in every first-order mode within a few ulps of the correctly rounded value at every
    /// reference point where that is a finite Double; ±∞ and NaN exactly where the derivative
    /// overflows or is undefined. Values are bitwise those of the `Double` function.
    @Test(arguments: FirstDerivativeMode.allCases)
    func firstDerivatives(_ mode: FirstDerivativeMode) throws {
        try #require(unaryReferences.count == unaryReferenceCount)
        var checked = 0
        for r in unaryReferences {
            guard let expected = r.first else { continue }
            let d = mode.derivative(r.function, at: r.x)
            let budget = firstDerivativeBudget(r.function)
            #expect(matchesReference(d, expected, ulps: budget),
                    "\(r.function)′(\(r.x)) by \(mode): \(d), mpmath \(expected) (\(ulpDistance(d, expected)) ulps)")
            checked += 1
        }
        try #require(checked >= 1200)
    }

    /// The value carried by a dual equals the `Double` function's (bitwise, NaN as NaN).
    @Test func dualValuesEqualPrimal() {
        for r in unaryReferences where !r.x.isNaN {
            let y = valueWithDerivative(of: { applyReference(r.function, $0) }, at: r.x).value
            let p = applyReference(r.function, r.x)
            #expect(y == p || (y.isNaN && p.isNaN), "\(r.function)(\(r.x)): \(y) vs \(p)")
        }
    }

    /// ψ itself (the library's own function) within 4 ulps of mpmath wherever it is finite,
    /// except next to its negative roots (where the reflection cancels: stated in its doc).
    @Test func digammaValues() throws {
        let rows = unaryReferences.filter { $0.function == "digamma" }
        try #require(rows.count >= 60)
        for r in rows {
            guard let expected = r.value, !r.x.isNaN else { continue }
            let v = digamma(r.x)
            // The negative roots of ψ lie at −0.504, −1.573, −2.611, …; none of the points is
            // within 0.01 of one, where ψ(1 − x)/ψ(x) stays below 300.
            let budget: Double = r.x < 0 ? max(4, (digamma(1 - r.x) / expected).magnitude * 2) : 4
            #expect(matchesReference(v, expected, ulps: budget),
                    "ψ(\(r.x)) = \(v), mpmath \(expected) (\(ulpDistance(v, expected)) ulps)")
        }
    }

    /// f″(x) by every second-order route (nested duals, Taylor, forward-over-reverse Hessian
    /// and HVP, reverse over forward) against mpmath, where it is finite and of normal size.
    /// Budget 8 ulps: the second derivative differentiates the first-derivative formula, a
    /// composition of up to ~8 operations whose errors add (measured: at most 4).
    @Test(arguments: SecondDerivativeMode.allCases)
    func secondDerivatives(_ mode: SecondDerivativeMode) throws {
        var checked = 0
        for r in unaryReferences {
            guard let expected = r.second, expected.isFinite, expected == 0 || expected.isNormal,
                  r.x.isFinite else { continue }
            let d = mode.secondDerivative(r.function, at: r.x)
            #expect(matchesReference(d, expected, ulps: 8),
                    "\(r.function)″(\(r.x)) by \(mode): \(d), mpmath \(expected) (\(ulpDistance(d, expected)) ulps)")
            checked += 1
        }
        try #require(checked >= 800)
    }

    /// Both partials of the binary functions, forward (`Dual` with one seed per argument,
    /// `MultiDual`) and reverse, within 4 ulps of mpmath — including `x² + y²` at 1e±200 for
    /// atan2 and hypot (rescaled) and `pow` at x = 0 (∂/∂x = 1 for y = 1, 0 for y > 1).
    @Test func binaryPartials() throws {
        try #require(binaryReferences.count == binaryReferenceCount)
        for r in binaryReferences {
            let f = r.function
            let rev = gradient(of: { applyBinaryReference(f, $0[0], $0[1]) }, at: [r.x, r.y])
            let fwd = forwardGradient(of: { (v: [MultiDual<2, Double>]) in
                applyBinaryReference(f, v[0], v[1]) }, at: [r.x, r.y])
            let dx = jvp(of: { (v: [Dual<Double>]) in applyBinaryReference(f, v[0], v[1]) },
                         at: [r.x, r.y], direction: [1, 0]).tangent
            let dy = jvp(of: { (v: [Dual<Double>]) in applyBinaryReference(f, v[0], v[1]) },
                         at: [r.x, r.y], direction: [0, 1]).tangent
            // Taylor mode along each argument (the other one constant).
            let tx = derivatives(of: { applyBinaryReference(f, $0, Taylor(constant: r.y)) }, at: r.x, order: 1)[1]
            let ty = derivatives(of: { applyBinaryReference(f, Taylor(constant: r.x), $0) }, at: r.y, order: 1)[1]
            for (name, got) in [("reverse", rev), ("multiDual", fwd), ("dual", [dx, dy]), ("taylor", [tx, ty])] {
                #expect(matchesReference(got[0], r.dx, ulps: 4),
                        "∂\(f)/∂x(\(r.x), \(r.y)) by \(name): \(got[0]), mpmath \(r.dx)")
                #expect(matchesReference(got[1], r.dy, ulps: 4),
                        "∂\(f)/∂y(\(r.x), \(r.y)) by \(name): \(got[1]), mpmath \(r.dy)")
            }
        }
    }

    /// The polygamma functions as derivatives of ``digamma(_:)`` near the negative
    /// half-integers (where the reflection goes through cot(πx) → 0) and elsewhere: ψ′ by one
    /// dual and by reverse mode, ψ″ by nested duals and by Taylor mode, ψ‴ by Taylor mode, against
    /// mpmath within 8, 8 and 16 ulps (one more differentiated 61-term polynomial each).
    @Test func polygammaNearNegativeHalfIntegers() throws {
        try #require(polygammaReferences.count == polygammaReferenceCount && polygammaReferenceCount >= 19)
        for r in polygammaReferences {
            let d1 = derivative(of: { digamma($0) }, at: r.x)
            let g1 = gradient(of: { digamma($0[0]) }, at: [r.x])[0]
            let d2 = derivative(of: { (y: Dual<Double>) in derivative(of: { digamma($0) }, at: y) }, at: r.x)
            let t = derivatives(of: { digamma($0) }, at: r.x, order: 3)
            #expect(ulpDistance(d1, r.trigamma) <= 8, "ψ′(\(r.x)) = \(d1), mpmath \(r.trigamma)")
            #expect(ulpDistance(g1, r.trigamma) <= 8, "ψ′(\(r.x)) reverse = \(g1)")
            #expect(ulpDistance(t[1], r.trigamma) <= 8, "ψ′(\(r.x)) Taylor = \(t[1])")
            #expect(ulpDistance(d2, r.tetragamma) <= 8, "ψ″(\(r.x)) = \(d2), mpmath \(r.tetragamma)")
            #expect(ulpDistance(t[2], r.tetragamma) <= 8, "ψ″(\(r.x)) Taylor = \(t[2])")
            #expect(ulpDistance(t[3], r.pentagamma) <= 16, "ψ‴(\(r.x)) Taylor = \(t[3]), mpmath \(r.pentagamma)")
        }
    }
}

@Suite("Vector-node derivatives at the edges")
struct VectorNodeEdgeTests {
    /// logSumExp's partials (the softmax) where the maximum is +∞ or every element is −∞: the
    /// limit there — equal weights on the maximal elements — in every mode (vector node on the
    /// `Double` and `Dual<Double>` tapes, `Dual` forward path, generic path on `MultiDual`); they
    /// were NaN (∞/∞). Values stay those of the `Double` function. And at 1e±300 the weights of a
    /// plain softmax (exact here: the differences are exact).
    @Test func logSumExpAtInfiniteMaximum() {
        let cases: [([Double], [Double])] = [
            ([.infinity, 0, 1], [1, 0, 0]),
            ([.infinity, .infinity, 3], [0.5, 0.5, 0]),
            ([-.infinity, -.infinity], [0.5, 0.5]),
            ([-.infinity, 2, -.infinity], [0, 1, 0]),
            ([1e300, 1e300, -1e300], [0.5, 0.5, 0]),
            ([-1e300, -1e300], [0.5, 0.5]),
        ]
        for (x, expected) in cases {
            let n = x.count
            let (value, g) = valueWithGradient(of: { logSumExp($0) }, at: x)
            #expect(value == logSumExp(x) && g == expected, "reverse at \(x): \(g)")
            let fwd = (0..<n).map { j in
                jvp(of: { (v: [Dual<Double>]) in logSumExp(v) }, at: x,
                    direction: (0..<n).map { $0 == j ? 1 : 0 }).tangent
            }
            #expect(fwd == expected, "dual at \(x): \(fwd)")
            let multi = forwardGradient(of: { (v: [MultiDual<4, Double>]) in logSumExp(v) }, at: x)
            #expect(multi == expected, "multiDual at \(x): \(multi)")
            let hvp = valueGradientAndHessianVectorProduct(of: { logSumExp($0) }, at: x,
                                                           direction: [Double](repeating: 0, count: n))
            #expect(hvp.gradient == expected, "Dual tape at \(x): \(hvp.gradient)")
        }
        // A NaN element keeps the NaN (no limit is taken).
        let nanGradient = gradient(of: { logSumExp($0) }, at: [.infinity, .nan])
        #expect(nanGradient[0].isNaN && nanGradient[1].isNaN)
    }
}

