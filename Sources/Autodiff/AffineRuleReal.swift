import RealModule

/// A `Real` scalar carrying derivative information whose `FloatingPoint` bookkeeping — constants,
/// comparisons, rounding, `magnitude`, remainders, `maximum`/`minimum`, `significand` — is derived
/// from an **affine** rule: on each piece these operations are `a + b·x` (or `a + b·x + c·y`), so
/// propagating the slope is exact at every order of differentiation.
///
/// ``Dual``, ``MultiDual``, ``ReverseVariable`` (through ``ChainRuleReal``) and ``Taylor`` conform.
/// Taylor mode conforms to this protocol only, not to ``DifferentiableReal``: a first-order
/// user rule (`applyingRule(value:derivative:)`) would be silently wrong from the second
/// derivative on, so Taylor refuses it at compile time (see ``Taylor/applyingRule(value:derivative:)``
/// for the full-order form).
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
/// - `T.maximum`/`T.minimum` at a tie give the **mean** of the two derivatives. Swift's generic
///   `max(x, y)` (from `Comparable`) returns its **second** argument at a tie and `min(x, y)` its
///   **first**, so at a tie `max` carries `y`'s derivative and `min` carries `x`'s.
///
/// - Complexity: every operation is O(1) on top of the same operation on `Primal` (O(order) for
///   ``Taylor``).
public protocol AffineRuleReal: Real
where Magnitude == Self, Stride == Self, Exponent == Primal.Exponent {
    /// The scalar one differentiation level down (`Double` for `Dual<Double>`).
    associatedtype Primal: Real
    /// The value with this level's derivative information dropped.
    var primal: Primal { get }
    /// A constant: derivative zero at this level (and every higher order).
    init(constant: Primal)
    /// `value + slope·(self − primal)`: an affine function of `self`, exact at every order.
    ///
    /// - Complexity: O(1) (O(order) for ``Taylor``).
    func applyingAffineRule(value: Primal, slope: Primal) -> Self
    /// `value + dx·(x − x.primal) + dy·(y − y.primal)`: an affine function of two scalars.
    ///
    /// - Complexity: O(1) (O(order) for ``Taylor``).
    static func applyingAffineRule(_ x: Self, _ y: Self, value: Primal, dx: Primal, dy: Primal) -> Self
}

extension AffineRuleReal {
    // MARK: Conversions and constants (derivative zero)

    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``AffineRuleReal``.
    @inlinable public init(_ value: Int) { self.init(constant: Primal(value)) }
    @inlinable public init<Source: BinaryInteger>(_ value: Source) {
        self.init(constant: Primal(value))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``AffineRuleReal``.
    @inlinable public init?<Source: BinaryInteger>(exactly value: Source) {
        guard let p = Primal(exactly: value) else { return nil }
        self.init(constant: p)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``AffineRuleReal``.
    @inlinable public init(integerLiteral value: Int) { self.init(constant: Primal(value)) }

    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``AffineRuleReal``.
    @inlinable public static var radix: Int { Primal.radix }
    @inlinable public static var nan: Self { Self(constant: .nan) }
    @inlinable public static var signalingNaN: Self { Self(constant: .signalingNaN) }
    @inlinable public static var infinity: Self { Self(constant: .infinity) }
    @inlinable public static var greatestFiniteMagnitude: Self {
        Self(constant: .greatestFiniteMagnitude)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``AffineRuleReal``.
    @inlinable public static var pi: Self { Self(constant: .pi) }
    @inlinable public static var ulpOfOne: Self { Self(constant: .ulpOfOne) }
    @inlinable public static var leastNormalMagnitude: Self { Self(constant: .leastNormalMagnitude) }
    @inlinable public static var leastNonzeroMagnitude: Self {
        Self(constant: .leastNonzeroMagnitude)
    }

    // MARK: Value-only queries

    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``AffineRuleReal``.
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
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``AffineRuleReal``.
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

    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``AffineRuleReal``.
    @inlinable public var significand: Self {
        let s = primal.significand
        return applyingAffineRule(value: s, slope: primal.isZero ? 1 : s / primal)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``AffineRuleReal``.
    @inlinable public init(sign: FloatingPointSign, exponent: Primal.Exponent, significand: Self) {
        let v = Primal(sign: sign, exponent: exponent, significand: significand.primal)
        let scale = Primal(sign: sign, exponent: exponent, significand: 1)
        self = significand.applyingAffineRule(value: v, slope: scale)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``AffineRuleReal``.
    @inlinable public init(signOf s: Self, magnitudeOf m: Self) {
        let v = Primal(signOf: s.primal, magnitudeOf: m.primal)
        self = m.applyingAffineRule(value: v, slope: v.sign == m.primal.sign ? 1 : -1)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``AffineRuleReal``.
    @inlinable public var magnitude: Self {
        let p = primal
        return applyingAffineRule(value: p.magnitude, slope: p > 0 ? 1 : (p < 0 ? -1 : (p.isNaN ? .nan : 0)))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``AffineRuleReal``.
    @inlinable public mutating func round(_ rule: FloatingPointRoundingRule) {
        self = Self(constant: primal.rounded(rule))
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``AffineRuleReal``.
    @inlinable public var nextUp: Self { applyingAffineRule(value: primal.nextUp, slope: 1) }
    @inlinable public mutating func formRemainder(dividingBy other: Self) {
        let n = (primal / other.primal).rounded(.toNearestOrEven)
        self = Self.applyingAffineRule(
            self, other, value: primal.remainder(dividingBy: other.primal), dx: 1, dy: -n)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``AffineRuleReal``.
    @inlinable public mutating func formTruncatingRemainder(dividingBy other: Self) {
        let n = (primal / other.primal).rounded(.towardZero)
        self = Self.applyingAffineRule(
            self, other, value: primal.truncatingRemainder(dividingBy: other.primal), dx: 1, dy: -n)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``AffineRuleReal``.
    @inlinable public mutating func formSquareRoot() { self = Self.sqrt(self) }
    @inlinable public mutating func addProduct(_ lhs: Self, _ rhs: Self) { self += lhs * rhs }
    @inlinable public static func maximum(_ x: Self, _ y: Self) -> Self {
        if x.isNaN || y.isNaN { return x.isNaN ? (y.isNaN ? x : y) : x }
        if x.primal > y.primal { return x }
        if y.primal > x.primal { return y }
        return applyingAffineRule(x, y, value: x.primal, dx: 1 / 2, dy: 1 / 2)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``AffineRuleReal``.
    @inlinable public static func minimum(_ x: Self, _ y: Self) -> Self {
        if x.isNaN || y.isNaN { return x.isNaN ? (y.isNaN ? x : y) : x }
        if x.primal < y.primal { return x }
        if y.primal < x.primal { return y }
        return applyingAffineRule(x, y, value: x.primal, dx: 1 / 2, dy: 1 / 2)
    }
    /// Part of the `Real` conformance; derivative by the chain rule, conventions in ``AffineRuleReal``.
    @inlinable public func distance(to other: Self) -> Self { other - self }
    @inlinable public func advanced(by n: Self) -> Self { self + n }

    /// The sign of `Γ(x)` (from the value).
    @inlinable public static func signGamma(_ x: Self) -> FloatingPointSign {
        Primal.signGamma(x.primal)
    }
}
