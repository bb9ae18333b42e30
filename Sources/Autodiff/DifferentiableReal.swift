import RealModule

/// A `Real` scalar that can carry derivative information, and the hook for user-defined
/// derivative rules.
///
/// `Double`, `Float`, ``Dual``, ``MultiDual`` and ``Variable`` conform, so a rule written once
/// works in every mode:
///
/// ```swift
/// func softplus<T: DifferentiableReal>(_ x: T) -> T where T.Primal == Double {
///     let p = x.primal
///     return x.applyingRule(value: Double.log(onePlus: .exp(p)), derivative: 1 / (1 + .exp(-p)))
/// }
/// ```
///
/// For nested duals (`Dual<Dual<Double>>`) `Primal` is itself a dual, so a rule used under nesting
/// computes `value` and `derivative` generically (they are then differentiated in turn).
public protocol DifferentiableReal: Real {
    /// The scalar one differentiation level down (`Double` for `Dual<Double>`; `Self` for `Double`).
    associatedtype Primal: Real
    /// The value with this level's derivative information dropped.
    var primal: Primal { get }
    /// A constant: derivative zero at this level.
    init(constant: Primal)
    /// `f(self)` for a function `f` with `f(primal) = value` and `f′(primal) = derivative`.
    ///
    /// - Complexity: O(1) (one tape record in reverse mode; one scaled tangent in forward mode).
    func applyingRule(value: Primal, derivative: Primal) -> Self
    /// `f(x, y)` for a function with `f = value`, `∂f/∂x = dx`, `∂f/∂y = dy` at the primals.
    static func applyingRule(_ x: Self, _ y: Self, value: Primal, dx: Primal, dy: Primal) -> Self
}

extension Double: DifferentiableReal {
    /// The scalar one level down.
    public typealias Primal = Double
    /// The value with this level's derivative dropped.
    @inlinable public var primal: Double { self }
    @inlinable public init(constant: Double) { self = constant }
    @inlinable public func applyingRule(value: Double, derivative: Double) -> Double { value }
    @inlinable public static func applyingRule(
        _ x: Double, _ y: Double, value: Double, dx: Double, dy: Double
    ) -> Double { value }
}

extension Float: DifferentiableReal {
    /// The scalar one level down.
    public typealias Primal = Float
    /// The value with this level's derivative dropped.
    @inlinable public var primal: Float { self }
    @inlinable public init(constant: Float) { self = constant }
    @inlinable public func applyingRule(value: Float, derivative: Float) -> Float { value }
    @inlinable public static func applyingRule(
        _ x: Float, _ y: Float, value: Float, dx: Float, dy: Float
    ) -> Float { value }
}

/// Implementation detail shared by the derivative-carrying scalars (``Dual``, ``MultiDual``,
/// ``Variable``): every `Real` requirement is derived from the two chain-rule primitives of
/// ``DifferentiableReal``.
///
/// Conventions where a `FloatingPoint` requirement has no meaningful derivative:
/// - Comparisons, `==`, hashing, classification (`isNaN`, `isZero`, …), `sign`, `exponent`, `ulp`,
///   `radix` and the constants look only at the value.
/// - `rounded`, `round`, `ulp` are piecewise constant: derivative **0**.
/// - `nextUp`/`nextDown` behave like `x + constant`: derivative **1**.
/// - `remainder`/`truncatingRemainder` are `x − n·y` with the integer `n` held constant.
/// - `significand` and `init(sign:exponent:significand:)` scale the derivative by the same
///   power of two as the value.
/// - `magnitude` (`abs`) at 0 has derivative **0** (the symmetric subgradient).
/// - `T.maximum`/`T.minimum` at a tie give the **mean** of the two derivatives; Swift's generic
///   `max`/`min` (from `Comparable`) return their second argument at a tie, so its derivative.
/// - `sqrt` at 0 has derivative **+∞** (the one-sided limit); `log` of a negative number is NaN,
///   never a trap.
public protocol ChainRuleReal: DifferentiableReal
where Magnitude == Self, Stride == Self, Exponent == Primal.Exponent {}

extension ChainRuleReal {
    // MARK: Conversions and constants (derivative zero)

    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public init(_ value: Int) { self.init(constant: Primal(value)) }
    @inlinable public init<Source: BinaryInteger>(_ value: Source) {
        self.init(constant: Primal(value))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public init?<Source: BinaryInteger>(exactly value: Source) {
        guard let p = Primal(exactly: value) else { return nil }
        self.init(constant: p)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public init(integerLiteral value: Int) { self.init(constant: Primal(value)) }

    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static var radix: Int { Primal.radix }
    @inlinable public static var nan: Self { Self(constant: .nan) }
    @inlinable public static var signalingNaN: Self { Self(constant: .signalingNaN) }
    @inlinable public static var infinity: Self { Self(constant: .infinity) }
    @inlinable public static var greatestFiniteMagnitude: Self {
        Self(constant: .greatestFiniteMagnitude)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static var pi: Self { Self(constant: .pi) }
    @inlinable public static var ulpOfOne: Self { Self(constant: .ulpOfOne) }
    @inlinable public static var leastNormalMagnitude: Self { Self(constant: .leastNormalMagnitude) }
    @inlinable public static var leastNonzeroMagnitude: Self {
        Self(constant: .leastNonzeroMagnitude)
    }

    // MARK: Value-only queries

    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public var ulp: Self { Self(constant: primal.ulp) }
    @inlinable public var sign: FloatingPointSign { primal.sign }
    @inlinable public var exponent: Primal.Exponent { primal.exponent }
    @inlinable public var isNormal: Bool { primal.isNormal }
    @inlinable public var isFinite: Bool { primal.isFinite }
    @inlinable public var isZero: Bool { primal.isZero }
    @inlinable public var isSubnormal: Bool { primal.isSubnormal }
    @inlinable public var isInfinite: Bool { primal.isInfinite }
    @inlinable public var isNaN: Bool { primal.isNaN }
    @inlinable public var isSignalingNaN: Bool { primal.isSignalingNaN }
    @inlinable public var isCanonical: Bool { primal.isCanonical }
    @inlinable public func isEqual(to other: Self) -> Bool { primal.isEqual(to: other.primal) }
    @inlinable public func isLess(than other: Self) -> Bool { primal.isLess(than: other.primal) }
    @inlinable public func isLessThanOrEqualTo(_ other: Self) -> Bool {
        primal.isLessThanOrEqualTo(other.primal)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public func isTotallyOrdered(belowOrEqualTo other: Self) -> Bool {
        primal.isTotallyOrdered(belowOrEqualTo: other.primal)
    }
    /// Equal values (derivatives are not compared).
    @inlinable public static func == (a: Self, b: Self) -> Bool { a.primal == b.primal }
    @inlinable public static func < (a: Self, b: Self) -> Bool { a.primal < b.primal }
    @inlinable public static func <= (a: Self, b: Self) -> Bool { a.primal <= b.primal }
    @inlinable public static func > (a: Self, b: Self) -> Bool { a.primal > b.primal }
    @inlinable public static func >= (a: Self, b: Self) -> Bool { a.primal >= b.primal }
    @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(primal) }

    // MARK: Piecewise functions

    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public var significand: Self {
        let s = primal.significand
        return applyingRule(value: s, derivative: primal.isZero ? 1 : s / primal)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public init(sign: FloatingPointSign, exponent: Primal.Exponent, significand: Self) {
        let v = Primal(sign: sign, exponent: exponent, significand: significand.primal)
        let scale = Primal(sign: sign, exponent: exponent, significand: 1)
        self = significand.applyingRule(value: v, derivative: scale)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public init(signOf s: Self, magnitudeOf m: Self) {
        let v = Primal(signOf: s.primal, magnitudeOf: m.primal)
        self = m.applyingRule(value: v, derivative: v.sign == m.primal.sign ? 1 : -1)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public var magnitude: Self {
        let p = primal
        return applyingRule(value: p.magnitude, derivative: p > 0 ? 1 : (p < 0 ? -1 : 0))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public mutating func round(_ rule: FloatingPointRoundingRule) {
        self = Self(constant: primal.rounded(rule))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public var nextUp: Self { applyingRule(value: primal.nextUp, derivative: 1) }
    @inlinable public mutating func formRemainder(dividingBy other: Self) {
        let n = (primal / other.primal).rounded(.toNearestOrEven)
        self = Self.applyingRule(
            self, other, value: primal.remainder(dividingBy: other.primal), dx: 1, dy: -n)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public mutating func formTruncatingRemainder(dividingBy other: Self) {
        let n = (primal / other.primal).rounded(.towardZero)
        self = Self.applyingRule(
            self, other, value: primal.truncatingRemainder(dividingBy: other.primal), dx: 1, dy: -n)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public mutating func formSquareRoot() { self = Self.sqrt(self) }
    @inlinable public mutating func addProduct(_ lhs: Self, _ rhs: Self) { self += lhs * rhs }
    @inlinable public static func maximum(_ x: Self, _ y: Self) -> Self {
        if x.isNaN || y.isNaN { return x.isNaN ? (y.isNaN ? x : y) : x }
        if x.primal > y.primal { return x }
        if y.primal > x.primal { return y }
        return applyingRule(x, y, value: x.primal, dx: 1 / 2, dy: 1 / 2)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func minimum(_ x: Self, _ y: Self) -> Self {
        if x.isNaN || y.isNaN { return x.isNaN ? (y.isNaN ? x : y) : x }
        if x.primal < y.primal { return x }
        if y.primal < x.primal { return y }
        return applyingRule(x, y, value: x.primal, dx: 1 / 2, dy: 1 / 2)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public func distance(to other: Self) -> Self { other - self }
    @inlinable public func advanced(by n: Self) -> Self { self + n }

    // MARK: Elementary functions (ElementaryFunctions)

    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func exp(_ x: Self) -> Self {
        let v = Primal.exp(x.primal); return x.applyingRule(value: v, derivative: v)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func expMinusOne(_ x: Self) -> Self {
        x.applyingRule(value: .expMinusOne(x.primal), derivative: .exp(x.primal))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func cosh(_ x: Self) -> Self {
        x.applyingRule(value: .cosh(x.primal), derivative: .sinh(x.primal))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func sinh(_ x: Self) -> Self {
        x.applyingRule(value: .sinh(x.primal), derivative: .cosh(x.primal))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func tanh(_ x: Self) -> Self {
        let v = Primal.tanh(x.primal); return x.applyingRule(value: v, derivative: 1 - v * v)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func cos(_ x: Self) -> Self {
        x.applyingRule(value: .cos(x.primal), derivative: -Primal.sin(x.primal))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func sin(_ x: Self) -> Self {
        x.applyingRule(value: .sin(x.primal), derivative: .cos(x.primal))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func tan(_ x: Self) -> Self {
        let v = Primal.tan(x.primal); return x.applyingRule(value: v, derivative: 1 + v * v)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func log(_ x: Self) -> Self {
        x.applyingRule(value: .log(x.primal), derivative: 1 / x.primal)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func log(onePlus x: Self) -> Self {
        x.applyingRule(value: .log(onePlus: x.primal), derivative: 1 / (1 + x.primal))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func acosh(_ x: Self) -> Self {
        let p = x.primal
        return x.applyingRule(value: .acosh(p), derivative: 1 / Primal.sqrt(p * p - 1))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func asinh(_ x: Self) -> Self {
        let p = x.primal
        return x.applyingRule(value: .asinh(p), derivative: 1 / Primal.sqrt(p * p + 1))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func atanh(_ x: Self) -> Self {
        let p = x.primal
        return x.applyingRule(value: .atanh(p), derivative: 1 / (1 - p * p))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func acos(_ x: Self) -> Self {
        let p = x.primal
        return x.applyingRule(value: .acos(p), derivative: -1 / Primal.sqrt(1 - p * p))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func asin(_ x: Self) -> Self {
        let p = x.primal
        return x.applyingRule(value: .asin(p), derivative: 1 / Primal.sqrt(1 - p * p))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func atan(_ x: Self) -> Self {
        let p = x.primal
        return x.applyingRule(value: .atan(p), derivative: 1 / (1 + p * p))
    }
    /// `x^y = exp(y·log x)`; at `x = 0` the `y`-derivative is taken as 0 (the limit for `y > 0`).
    @inlinable public static func pow(_ x: Self, _ y: Self) -> Self {
        let px = x.primal, py = y.primal
        let v = Primal.pow(px, py)
        let dx = py * Primal.pow(px, py - 1)
        let dy = px.isZero ? 0 : v * Primal.log(px)
        return applyingRule(x, y, value: v, dx: dx, dy: dy)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func pow(_ x: Self, _ n: Int) -> Self {
        let p = x.primal
        let d = n == 0 ? 0 : Primal(n) * Primal.pow(p, n - 1)
        return x.applyingRule(value: .pow(p, n), derivative: d)
    }
    /// Derivative `1/(2√x)`; at 0 it is `+∞`.
    @inlinable public static func sqrt(_ x: Self) -> Self {
        let v = Primal.sqrt(x.primal); return x.applyingRule(value: v, derivative: 1 / (2 * v))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func root(_ x: Self, _ n: Int) -> Self {
        let v = Primal.root(x.primal, n)
        return x.applyingRule(value: v, derivative: 1 / (Primal(n) * Primal.pow(v, n - 1)))
    }

    // MARK: RealFunctions

    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func atan2(y: Self, x: Self) -> Self {
        let py = y.primal, px = x.primal
        let r2 = px * px + py * py
        return applyingRule(y, x, value: .atan2(y: py, x: px), dx: px / r2, dy: -py / r2)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func erf(_ x: Self) -> Self {
        let p = x.primal
        let c = 2 / Primal.sqrt(.pi)
        return x.applyingRule(value: .erf(p), derivative: c * Primal.exp(-p * p))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func erfc(_ x: Self) -> Self {
        let p = x.primal
        let c = 2 / Primal.sqrt(.pi)
        return x.applyingRule(value: .erfc(p), derivative: -c * Primal.exp(-p * p))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func exp2(_ x: Self) -> Self {
        let v = Primal.exp2(x.primal)
        return x.applyingRule(value: v, derivative: v * Primal.log(2))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func exp10(_ x: Self) -> Self {
        let v = Primal.exp10(x.primal)
        return x.applyingRule(value: v, derivative: v * Primal.log(10))
    }
    /// `√(x² + y²)`; at the origin both partials are taken as 0.
    @inlinable public static func hypot(_ x: Self, _ y: Self) -> Self {
        let px = x.primal, py = y.primal
        let v = Primal.hypot(px, py)
        if v.isZero { return applyingRule(x, y, value: v, dx: 0, dy: 0) }
        return applyingRule(x, y, value: v, dx: px / v, dy: py / v)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func gamma(_ x: Self) -> Self {
        let v = Primal.gamma(x.primal)
        return x.applyingRule(value: v, derivative: v * digamma(x.primal))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func log2(_ x: Self) -> Self {
        x.applyingRule(value: .log2(x.primal), derivative: 1 / (x.primal * Primal.log(2)))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func log10(_ x: Self) -> Self {
        x.applyingRule(value: .log10(x.primal), derivative: 1 / (x.primal * Primal.log(10)))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func logGamma(_ x: Self) -> Self {
        x.applyingRule(value: .logGamma(x.primal), derivative: digamma(x.primal))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``ChainRuleReal``.
    @inlinable public static func signGamma(_ x: Self) -> FloatingPointSign {
        Primal.signGamma(x.primal)
    }
}
