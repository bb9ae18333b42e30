import RealModule

/// A forward-mode dual number `value + tangent·ε` with `ε² = 0`.
///
/// Every arithmetic operator and `Real` function applies the chain rule to the tangent, so running
/// generic code `f<T: Real>` on `Dual(x, tangent: v)` yields `f(x)` and the directional derivative
/// `f′(x)·v`. Duals nest (`Dual<Dual<Double>>`) for higher derivatives; see ``PerturbationTag`` for
/// how nesting levels are kept apart. Comparisons look at `value` only.
///
/// - Complexity: each operation costs a small constant multiple of the same operation on `T`.
///
/// ```swift
/// let y = Dual<Double>.sin(Dual(1.0, tangent: 1))   // y.tangent == cos(1)
/// ```
@frozen
public struct Dual<T: Real>: ChainRuleReal {
    /// The scalar one level down.
    public typealias Primal = T
    /// `magnitude` has the same type (FloatingPoint requirement).
    public typealias Magnitude = Dual<T>
    /// Distances have the same type (Strideable requirement).
    public typealias Stride = Dual<T>
    /// The exponent type of the value.
    public typealias Exponent = T.Exponent

    /// The primal value.
    public var value: T
    /// The directional derivative carried alongside `value`.
    public var tangent: T
    /// The differentiation this tangent belongs to (0 for constants).
    ///
    /// Tag 0 marks a constant, whose tangent is exactly zero: products, quotients and the chain
    /// rules skip its tangent term instead of multiplying a zero (so a literal such as the `100`
    /// in `100 * a` costs one multiplication of the tangent, and a constant stays a constant
    /// even where `0 · ∞` would give NaN, e.g. `sqrt` of a constant 0). Every operation keeps
    /// the tangent of a tag-0 result zero.
    @usableFromInline internal var tag: PerturbationTag

    /// A dual with an explicit tangent and tag (drivers use this). Tag 0 marks a constant: pass
    /// a tangent of 0 with it (a nonzero tangent on tag 0 is ignored by products and functions).
    @inlinable
    public init(_ value: T, tangent: T, tag: PerturbationTag) {
        // Checked in debug builds (every test run): a constant's tangent must be zero.
        assert(tag != 0 || tangent == 0 || tangent.isNaN, "Autodiff: a Dual with tag 0 (a constant) must have tangent 0")
        self.value = value
        self.tangent = tangent
        self.tag = tag
    }

    /// A dual with a tangent, drawing a fresh ``PerturbationTag``.
    @inlinable
    public init(_ value: T, tangent: T) {
        self.init(value, tangent: tangent, tag: makePerturbationTag())
    }

    /// A constant (tangent zero).
    @inlinable
    public init(constant value: T) { self.init(value, tangent: 0, tag: 0) }

    /// A constant (tangent zero).
    @inlinable
    public init(_ value: T) { self.init(value, tangent: 0, tag: 0) }

    /// The value with this level's derivative dropped.
    @inlinable public var primal: T { value }

    /// The perturbation tag of this dual (0 for a constant).
    @inlinable public var perturbationTag: PerturbationTag { tag }

    /// Chain rule for a unary function: see ``DifferentiableReal``.
    @inlinable @inline(__always)
    public func applyingRule(value v: T, derivative d: T) -> Dual {
        Dual(v, tangent: tag == 0 ? 0 : d * tangent, tag: tag)
    }

    /// Chain rule for a binary function: see ``DifferentiableReal``.
    @inlinable @inline(__always)
    public static func applyingRule(_ x: Dual, _ y: Dual, value v: T, dx: T, dy: T) -> Dual {
        let t: T
        if y.tag == 0 { t = x.tag == 0 ? 0 : dx * x.tangent }
        else if x.tag == 0 { t = dy * y.tangent }
        else { t = dx * x.tangent + dy * y.tangent }
        return Dual(v, tangent: t, tag: mergeTags(x.tag, y.tag))
    }
}

extension Dual {
    /// The constant 0.
    @inlinable public static var zero: Dual { Dual(constant: 0) }

    /// Sum rule.
    @inlinable @inline(__always)
    public static func + (a: Dual, b: Dual) -> Dual {
        Dual(a.value + b.value, tangent: a.tangent + b.tangent, tag: mergeTags(a.tag, b.tag))
    }
    /// Difference rule.
    @inlinable @inline(__always)
    public static func - (a: Dual, b: Dual) -> Dual {
        Dual(a.value - b.value, tangent: a.tangent - b.tangent, tag: mergeTags(a.tag, b.tag))
    }
    /// Product rule; a constant factor (tag 0) contributes no tangent term, so `c * a` costs
    /// one multiplication of the tangent (see ``perturbationTag``).
    @inlinable @inline(__always)
    public static func * (a: Dual, b: Dual) -> Dual {
        let v = a.value * b.value
        if _fastPath(a.tag == b.tag) {
            // Both of one differentiation (no merge needed), or both constants.
            if a.tag == 0 { return Dual(v, tangent: 0, tag: 0) }
            return Dual(v, tangent: a.tangent * b.value + a.value * b.tangent, tag: a.tag)
        }
        let tag = mergeTags(a.tag, b.tag)   // traps on perturbation confusion
        let t: T
        if b.tag == 0 { t = a.tangent * b.value }
        else if a.tag == 0 { t = a.value * b.tangent }
        else { t = a.tangent * b.value + a.value * b.tangent }
        return Dual(v, tangent: t, tag: tag)
    }
    /// Quotient rule.
    @inlinable @inline(__always)
    public static func / (a: Dual, b: Dual) -> Dual {
        let q = a.value / b.value
        let t: T
        if b.tag == 0 { t = a.tag == 0 ? 0 : a.tangent / b.value }   // constant divisor: a′/b
        else if a.tag == 0 { t = -(q * b.tangent) / b.value }
        else { t = (a.tangent - q * b.tangent) / b.value }
        return Dual(q, tangent: t, tag: mergeTags(a.tag, b.tag))
    }
    /// Negation.
    @inlinable @inline(__always)
    public static prefix func - (a: Dual) -> Dual { Dual(-a.value, tangent: -a.tangent, tag: a.tag) }
    /// Negates in place.
    @inlinable @inline(__always)
    public mutating func negate() { value.negate(); tangent.negate() }
    /// Adds in place.
    @inlinable public static func += (a: inout Dual, b: Dual) { a = a + b }
    @inlinable public static func -= (a: inout Dual, b: Dual) { a = a - b }
    @inlinable public static func *= (a: inout Dual, b: Dual) { a = a * b }
    @inlinable public static func /= (a: inout Dual, b: Dual) { a = a / b }
}

extension Dual: CustomStringConvertible {
    /// A readable rendering.
    public var description: String { "\(value) + \(tangent)ε" }
}

extension Dual: Sendable where T: Sendable {}
