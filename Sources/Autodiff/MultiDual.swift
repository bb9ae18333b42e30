import RealModule

/// A dual number with `N` tangent directions held inline: `value + Σᵢ partials[i]·dᵢ` with
/// `dᵢ·dⱼ = 0`.
///
/// One evaluation of generic code on `MultiDual<N, T>` gives `N` directional derivatives at once
/// (a chunk of a gradient or `N` columns of a Jacobian, as ForwardDiff.jl's chunks do). The
/// partials live in an `InlineArray`, so there is no heap allocation per operation.
///
/// Like ``Dual``, a constant contributes no partial terms to products, quotients and functions,
/// and a partial that is an exact zero stays zero through any operation (the exact-zero
/// convention of ``ChainRuleReal``: `x₀·√x₁` at x₁ = 0 has ∂/∂x₀ = 0, not the NaN of `∞·0`);
/// duals of two different differentiations trap when combined (see
/// ``PerturbationTag``). Duals seeded by hand must share one tag: make them with
/// ``variables(_:)`` (unit seeds) or ``variables(_:partials:)``, or pass one
/// ``makePerturbationTag()`` to ``init(_:partials:tag:)``.
///
/// - Complexity: each operation costs O(N) on top of the primal operation.
///
/// ```swift
/// let xy = MultiDual<2, Double>.variables([3, 4])   // x = 3 + d₀, y = 4 + d₁, one tag
/// (xy[0] * xy[1]).partials                          // [4, 3]
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
    /// The differentiation these partials belong to (0 for constants, whose partials are zero).
    @usableFromInline internal var tag: PerturbationTag

    /// A multi-dual with explicit partials and tag (drivers use this). Tag 0 marks a constant:
    /// pass zero partials with it. Duals that are to be combined must carry the same tag.
    @inlinable
    public init(_ value: T, partials: InlineArray<N, T>, tag: PerturbationTag) {
        #if AUTODIFF_INTERNAL_CHECKS
        if tag == 0 {
            for i in 0..<N {
                precondition(partials[i] == 0 || partials[i].isNaN,
                             "Autodiff: a MultiDual with tag 0 (a constant) must have zero partials")
            }
        }
        #endif
        self.value = value
        self.partials = partials
        self.tag = tag
    }

    /// A multi-dual seeded with `partials`, drawing a fresh ``PerturbationTag``: an independent
    /// differentiation. To seed several inputs of one differentiation, use ``variables(_:)``.
    @inlinable
    public init(_ value: T, partials: InlineArray<N, T>) {
        self.init(value, partials: partials, tag: makePerturbationTag())
    }

    /// A constant (all partials zero).
    @inlinable
    public init(constant value: T) {
        self.init(value, partials: InlineArray(repeating: 0), tag: 0)
    }

    /// Inputs of one differentiation: `values[i] + dᵢ` (unit seeds), all with one fresh tag.
    ///
    /// - Precondition: `values.count <= N`.
    /// - Complexity: O(N·values.count).
    ///
    /// ```swift
    /// let v = MultiDual<2, Double>.variables([3, 4])
    /// (v[0] * v[1]).partials   // [4, 3]
    /// ```
    @inlinable
    public static func variables(_ values: [T]) -> [MultiDual] {
        precondition(values.count <= N,
                     "MultiDual.variables: \(values.count) values need at least as many directions (N = \(N))")
        let tag = makePerturbationTag()
        return values.indices.map { i in
            var p = InlineArray<N, T>(repeating: 0)
            p[i] = 1
            return MultiDual(values[i], partials: p, tag: tag)
        }
    }

    /// Inputs of one differentiation with the given partials, all with one fresh tag.
    ///
    /// - Precondition: `values.count == partials.count`.
    /// - Complexity: O(N·values.count).
    ///
    /// ```swift
    /// let v = MultiDual<2, Double>.variables([3, 4], partials: [[1, 0], [1, 1]])
    /// ```
    @inlinable
    public static func variables(_ values: [T], partials: [InlineArray<N, T>]) -> [MultiDual] {
        precondition(values.count == partials.count,
                     "MultiDual.variables: \(values.count) values but \(partials.count) partials")
        let tag = makePerturbationTag()
        return values.indices.map { MultiDual(values[$0], partials: partials[$0], tag: tag) }
    }

    /// The value with this level's derivative dropped.
    @inlinable public var primal: T { value }

    /// The perturbation tag of this dual (0 for a constant).
    @inlinable public var perturbationTag: PerturbationTag { tag }

    /// Chain rule for a unary function: see ``DifferentiableReal``. Each partial `d·pᵢ` is 0 when
    /// `d` or `pᵢ` is an exact zero.
    @inlinable @inline(__always)
    public func applyingRule(value v: T, derivative d: T) -> MultiDual {
        MultiDual(v, partials: Self.scaled(partials, by: d), tag: tag)
    }

    /// `d·p` elementwise with the exact-zero convention: the plain products, re-examined only
    /// if one of them is NaN (detected by one comparison on their sum, into which a NaN
    /// propagates; an ∞ − ∞ in the sum merely takes the careful path).
    @inlinable @inline(__always)
    static func scaled(_ p: InlineArray<N, T>, by d: T) -> InlineArray<N, T> {
        var r = p
        var sum: T = 0
        for i in 0..<N { r[i] = d * p[i]; sum += r[i] }
        if _slowPath(sum.isNaN) {
            for i in 0..<N { r[i] = strongZeroProduct(d, p[i]) }
        }
        return r
    }

    /// Chain rule for a binary function: see ``DifferentiableReal``. Each term is 0 when one of
    /// its factors is an exact zero — so a constant (tag 0, partials 0) contributes nothing even
    /// where its value or the local derivative is infinite.
    @inlinable @inline(__always)
    public static func applyingRule(
        _ x: MultiDual, _ y: MultiDual, value v: T, dx: T, dy: T
    ) -> MultiDual {
        let tag = mergeTags(x.tag, y.tag)   // traps on perturbation confusion
        var p = x.partials
        var sum: T = 0
        for i in 0..<N { p[i] = dx * x.partials[i] + dy * y.partials[i]; sum += p[i] }
        if _slowPath(sum.isNaN) {   // a NaN somewhere (see `scaled`): the careful terms
            for i in 0..<N {
                p[i] = strongZeroProduct(dx, x.partials[i]) + strongZeroProduct(dy, y.partials[i])
            }
        }
        return MultiDual(v, partials: p, tag: tag)
    }
}

extension MultiDual: ExactZeroTestable {
    /// The value and every partial (at every nested level) are zero.
    @inlinable var isExactlyZero: Bool {
        if !Autodiff.isExactlyZero(value) { return false }
        if tag == 0 { return true }
        for i in 0..<N where !Autodiff.isExactlyZero(partials[i]) { return false }
        return true
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
    /// Product rule (a constant factor contributes no partial terms, by the exact-zero
    /// convention).
    @inlinable @inline(__always)
    public static func * (a: MultiDual, b: MultiDual) -> MultiDual {
        applyingRule(a, b, value: a.value * b.value, dx: b.value, dy: a.value)
    }
    /// Quotient rule: value `a/b` (correctly rounded, as on `T`), partials `(ȧᵢ − q·ḃᵢ)/b`; where
    /// that is NaN (b = 0 or ±∞), the partials `1/b` and `−q/b` with the exact-zero convention.
    @inlinable @inline(__always)
    public static func / (a: MultiDual, b: MultiDual) -> MultiDual {
        let q = a.value / b.value
        let tag = mergeTags(a.tag, b.tag)   // traps on perturbation confusion
        var p = a.partials
        var sum: T = 0
        for i in 0..<N { p[i] = (a.partials[i] - q * b.partials[i]) / b.value; sum += p[i] }
        if _slowPath(sum.isNaN) {
            let da = 1 / b.value, db = -(q / b.value)
            for i in 0..<N {
                p[i] = strongZeroProduct(da, a.partials[i]) + strongZeroProduct(db, b.partials[i])
            }
        }
        return MultiDual(q, partials: p, tag: tag)
    }
    /// Negation.
    @inlinable @inline(__always)
    public static prefix func - (a: MultiDual) -> MultiDual {
        var p = a.partials
        for i in 0..<N { p[i] = -p[i] }
        return MultiDual(-a.value, partials: p, tag: a.tag)
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
