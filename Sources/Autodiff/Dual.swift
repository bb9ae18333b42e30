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
    /// A tag from ``makePerturbationTag()`` applies the exact-zero convention in every operation
    /// (see ``PerturbationTag``); duals that are to be combined must share one tag.
    @inlinable
    public init(_ value: T, tangent: T, tag: PerturbationTag) {
        // Checked in debug builds (every test run): a constant's tangent must be zero.
        assert(tag != 0 || tangent == 0 || tangent.isNaN, "Autodiff: a Dual with tag 0 (a constant) must have tangent 0")
        self.value = value
        self.tangent = tangent
        self.tag = tag
    }

    /// A dual with a tangent, drawing a fresh ``PerturbationTag``: an independent
    /// differentiation. Several inputs of one differentiation: ``variables(_:tangents:)``.
    @inlinable
    public init(_ value: T, tangent: T) {
        self.init(value, tangent: tangent, tag: makePerturbationTag())
    }

    /// A constant (tangent zero).
    @inlinable
    public init(constant value: T) { self.init(value, tangent: 0, tag: 0) }

    /// Inputs of one differentiation: `values[i] + tangents[i]·ε`, all with one fresh tag, so
    /// that they can be combined (duals made one by one with ``init(_:tangent:)`` each draw
    /// their own tag and trap when mixed).
    ///
    /// - Precondition: `values.count == tangents.count`.
    /// - Complexity: O(values.count).
    ///
    /// ```swift
    /// let v = Dual<Double>.variables([3, 4], tangents: [1, 2])
    /// (v[0] * v[1]).tangent   // 4·1 + 3·2 = 10
    /// ```
    @inlinable
    public static func variables(_ values: [T], tangents: [T]) -> [Dual] {
        precondition(values.count == tangents.count,
                     "Dual.variables: \(values.count) values but \(tangents.count) tangents")
        return seededDuals(values, tangents, tag: makePerturbationTag())
    }

    /// A constant (tangent zero).
    @inlinable
    public init(_ value: T) { self.init(value, tangent: 0, tag: 0) }

    /// The value with this level's derivative dropped.
    @inlinable public var primal: T { value }

    /// The perturbation tag of this dual (0 for a constant).
    @inlinable public var perturbationTag: PerturbationTag { tag }

    /// Chain rule for a unary function: see ``DifferentiableReal``. Under a careful tag (see
    /// ``PerturbationTag``) the tangent `d·tangent` is 0 when either factor is an exact zero (the
    /// exact-zero convention of ``ChainRuleReal``).
    @inlinable @inline(__always)
    public func applyingRule(value v: T, derivative d: T) -> Dual {
        if tag == 0 { return Dual(v, tangent: 0, tag: 0) }
        let t = d * tangent
        if _slowPath(tag & carefulTagBit != 0) && t.isNaN {
            return Dual(v, tangent: strongZeroOfNaNProduct(d, tangent), tag: tag)
        }
        return Dual(v, tangent: t, tag: tag)
    }

    /// Chain rule for a binary function: see ``DifferentiableReal``.
    @inlinable @inline(__always)
    public static func applyingRule(_ x: Dual, _ y: Dual, value v: T, dx: T, dy: T) -> Dual {
        let tag = mergeTags(x.tag, y.tag)
        var t: T
        if y.tag == 0 { t = x.tag == 0 ? 0 : dx * x.tangent }
        else if x.tag == 0 { t = dy * y.tangent }
        else { t = dx * x.tangent + dy * y.tangent }
        if _slowPath(tag & carefulTagBit != 0) && t.isNaN {
            t = strongZeroSum(dx, x.tag == 0 ? 0 : x.tangent, dy, y.tag == 0 ? 0 : y.tangent)
        }
        return Dual(v, tangent: t, tag: tag)
    }
}

extension Dual: ExactZeroTestable {
    /// The value and the tangent (at every nested level) are zero.
    @inlinable var isExactlyZero: Bool {
        Autodiff.isExactlyZero(value) && (tag == 0 || Autodiff.isExactlyZero(tangent))
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
    /// one multiplication of the tangent (see ``perturbationTag``). Under a careful tag each tangent term is
    /// 0 when one of its factors is an exact zero (so `x·√y` at y = 0 with ẏ = 0 has tangent
    /// ẋ·0, not NaN).
    @inlinable @inline(__always)
    public static func * (a: Dual, b: Dual) -> Dual {
        let v = a.value * b.value
        if _fastPath(a.tag == b.tag) {
            // Both of one differentiation (no merge needed), or both constants.
            if a.tag == 0 { return Dual(v, tangent: 0, tag: 0) }
            let t = a.tangent * b.value + a.value * b.tangent
            if _slowPath(a.tag & carefulTagBit != 0) && t.isNaN {
                return Dual(v, tangent: strongZeroSum(a.tangent, b.value, a.value, b.tangent), tag: a.tag)
            }
            return Dual(v, tangent: t, tag: a.tag)
        }
        let tag = mergeTags(a.tag, b.tag)   // traps on perturbation confusion
        var t: T
        if b.tag == 0 { t = a.tangent * b.value }
        else if a.tag == 0 { t = a.value * b.tangent }
        else { t = a.tangent * b.value + a.value * b.tangent }
        if _slowPath(tag & carefulTagBit != 0) && t.isNaN {
            t = strongZeroSum(a.tag == 0 ? 0 : a.tangent, b.value, a.value, b.tag == 0 ? 0 : b.tangent)
        }
        return Dual(v, tangent: t, tag: tag)
    }
    /// Quotient rule: tangent `(ȧ − q·ḃ)/b` with `q = a/b` (the value, correctly rounded).
    @inlinable @inline(__always)
    public static func / (a: Dual, b: Dual) -> Dual {
        let q = a.value / b.value
        var t: T
        if b.tag == 0 { t = a.tag == 0 ? 0 : a.tangent / b.value }   // constant divisor: a′/b
        else if a.tag == 0 { t = -(q * b.tangent) / b.value }
        else { t = (a.tangent - q * b.tangent) / b.value }
        let tag = mergeTags(a.tag, b.tag)
        if _slowPath(tag & carefulTagBit != 0) && t.isNaN {
            // The partials 1/b and −q/b times the tangents, with the exact-zero convention.
            t = strongZeroSum(1 / b.value, a.tag == 0 ? 0 : a.tangent,
                              -(q / b.value), b.tag == 0 ? 0 : b.tangent)
        }
        return Dual(q, tangent: t, tag: tag)
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
