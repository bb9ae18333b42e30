import RealModule

/// A dual number with `N` tangent directions held inline: `value + Σᵢ partials[i]·dᵢ` with
/// `dᵢ·dⱼ = 0`.
///
/// One evaluation of generic code on `MultiDual<N, T>` gives `N` directional derivatives at once
/// (a chunk of a gradient or `N` columns of a Jacobian, as ForwardDiff.jl's chunks do). The
/// partials live in an `InlineArray`, so there is no heap allocation per operation.
///
/// - Complexity: each operation costs O(N) on top of the primal operation.
///
/// ```swift
/// let x = MultiDual<2, Double>(3, partials: [1, 0]), y = MultiDual<2, Double>(4, partials: [0, 1])
/// (x * y).partials  // [4, 3]
/// ```
@frozen
public struct MultiDual<let N: Int, T: Real>: ChainRuleReal {
    /// The scalar one level down.
    public typealias Primal = T
    /// `magnitude` has the same type (FloatingPoint requirement).
    public typealias Magnitude = MultiDual
    /// Distances have the same type (Strideable requirement).
    public typealias Stride = MultiDual
    /// The exponent type of the value.
    public typealias Exponent = T.Exponent

    /// The primal value.
    public var value: T
    /// The `N` directional derivatives.
    public var partials: InlineArray<N, T>
    @usableFromInline internal var tag: PerturbationTag

    /// A multi-dual with explicit partials and tag (drivers use this).
    @inlinable
    public init(_ value: T, partials: InlineArray<N, T>, tag: PerturbationTag) {
        self.value = value
        self.partials = partials
        self.tag = tag
    }

    /// A multi-dual seeded with `partials`, drawing a fresh ``PerturbationTag``.
    @inlinable
    public init(_ value: T, partials: InlineArray<N, T>) {
        self.init(value, partials: partials, tag: makePerturbationTag())
    }

    /// A constant (all partials zero).
    @inlinable
    public init(constant value: T) {
        self.init(value, partials: InlineArray(repeating: 0), tag: 0)
    }

    /// The value with this level's derivative dropped.
    @inlinable public var primal: T { value }

    /// Chain rule for a unary function: see ``DifferentiableReal``.
    @inlinable @inline(__always)
    public func applyingRule(value v: T, derivative d: T) -> MultiDual {
        var p = partials
        for i in 0..<N { p[i] = d * p[i] }
        return MultiDual(v, partials: p, tag: tag)
    }

    /// Chain rule for a binary function: see ``DifferentiableReal``.
    @inlinable @inline(__always)
    public static func applyingRule(
        _ x: MultiDual, _ y: MultiDual, value v: T, dx: T, dy: T
    ) -> MultiDual {
        var p = x.partials
        for i in 0..<N { p[i] = dx * p[i] + dy * y.partials[i] }
        return MultiDual(v, partials: p, tag: mergeTags(x.tag, y.tag))
    }
}

extension MultiDual {
    /// The constant 0.
    @inlinable public static var zero: MultiDual { MultiDual(constant: 0) }

    /// Sum rule.
    @inlinable @inline(__always)
    public static func + (a: MultiDual, b: MultiDual) -> MultiDual {
        var p = a.partials
        for i in 0..<N { p[i] += b.partials[i] }
        return MultiDual(a.value + b.value, partials: p, tag: mergeTags(a.tag, b.tag))
    }
    /// Difference rule.
    @inlinable @inline(__always)
    public static func - (a: MultiDual, b: MultiDual) -> MultiDual {
        var p = a.partials
        for i in 0..<N { p[i] -= b.partials[i] }
        return MultiDual(a.value - b.value, partials: p, tag: mergeTags(a.tag, b.tag))
    }
    /// Product rule.
    @inlinable @inline(__always)
    public static func * (a: MultiDual, b: MultiDual) -> MultiDual {
        applyingRule(a, b, value: a.value * b.value, dx: b.value, dy: a.value)
    }
    /// Quotient rule.
    @inlinable @inline(__always)
    public static func / (a: MultiDual, b: MultiDual) -> MultiDual {
        let r = 1 / b.value
        let q = a.value * r
        return applyingRule(a, b, value: q, dx: r, dy: -q * r)
    }
    /// Negation.
    @inlinable @inline(__always)
    public static prefix func - (a: MultiDual) -> MultiDual {
        a.applyingRule(value: -a.value, derivative: -1)
    }
    /// Negates in place.
    @inlinable public mutating func negate() { self = -self }
    @inlinable public static func += (a: inout MultiDual, b: MultiDual) { a = a + b }
    @inlinable public static func -= (a: inout MultiDual, b: MultiDual) { a = a - b }
    @inlinable public static func *= (a: inout MultiDual, b: MultiDual) { a = a * b }
    @inlinable public static func /= (a: inout MultiDual, b: MultiDual) { a = a / b }
}

extension MultiDual: CustomStringConvertible {
    /// A readable rendering.
    public var description: String {
        "\(value) + \((0..<N).map { "\(partials[$0])d\($0)" }.joined(separator: " + "))"
    }
}

extension MultiDual: Sendable where T: Sendable {}
