import RealModule

// The map–sum fast paths (`sumOfTerms` on `Dual<Double>` and on the tapes) evaluate their terms
// optimistically on these two scalars: ``Dual`` and ``MultiDual`` without the exact-zero
// convention, whose per-operation NaN check would keep the term loop from vectorising (measured:
// the tape's map–sum ran 1.9× slower with it). Their plain products give the same numbers as
// the checked ones except where a product is NaN — and a NaN is sticky: it reaches the result's
// derivative unless a comparison on values discards that operand, in which case the checked
// evaluation discards it too. So a result without NaN derivatives is exactly the checked result,
// and the callers re-evaluate with the checked scalars only when they see a NaN.

/// ``Dual`` without the exact-zero convention (same layout, tags and values); see above.
@frozen @usableFromInline
struct UncheckedDual<T: Real>: ChainRuleReal {
    @usableFromInline typealias Primal = T
    @usableFromInline typealias Magnitude = UncheckedDual
    @usableFromInline typealias Stride = UncheckedDual
    @usableFromInline typealias Exponent = T.Exponent

    @usableFromInline var value: T
    @usableFromInline var tangent: T
    @usableFromInline var tag: PerturbationTag

    @inlinable init(_ value: T, tangent: T, tag: PerturbationTag) {
        self.value = value; self.tangent = tangent; self.tag = tag
    }
    @inlinable init(constant value: T) { self.init(value, tangent: 0, tag: 0) }
    @inlinable var primal: T { value }
    @inlinable static var zero: UncheckedDual { UncheckedDual(constant: 0) }

    @inlinable @inline(__always)
    func applyingRule(value v: T, derivative d: T) -> UncheckedDual {
        UncheckedDual(v, tangent: tag == 0 ? 0 : d * tangent, tag: tag)
    }
    @inlinable @inline(__always)
    static func applyingRule(_ x: UncheckedDual, _ y: UncheckedDual, value v: T, dx: T, dy: T)
        -> UncheckedDual {
        let t: T
        if y.tag == 0 { t = x.tag == 0 ? 0 : dx * x.tangent }
        else if x.tag == 0 { t = dy * y.tangent }
        else { t = dx * x.tangent + dy * y.tangent }
        return UncheckedDual(v, tangent: t, tag: mergeTags(x.tag, y.tag))
    }
    @inlinable @inline(__always)
    static func + (a: UncheckedDual, b: UncheckedDual) -> UncheckedDual {
        UncheckedDual(a.value + b.value, tangent: a.tangent + b.tangent, tag: mergeTags(a.tag, b.tag))
    }
    @inlinable @inline(__always)
    static func - (a: UncheckedDual, b: UncheckedDual) -> UncheckedDual {
        UncheckedDual(a.value - b.value, tangent: a.tangent - b.tangent, tag: mergeTags(a.tag, b.tag))
    }
    @inlinable @inline(__always)
    static func * (a: UncheckedDual, b: UncheckedDual) -> UncheckedDual {
        let v = a.value * b.value
        if _fastPath(a.tag == b.tag) {
            if a.tag == 0 { return UncheckedDual(v, tangent: 0, tag: 0) }
            return UncheckedDual(v, tangent: a.tangent * b.value + a.value * b.tangent, tag: a.tag)
        }
        let tag = mergeTags(a.tag, b.tag)
        let t: T
        if b.tag == 0 { t = a.tangent * b.value }
        else if a.tag == 0 { t = a.value * b.tangent }
        else { t = a.tangent * b.value + a.value * b.tangent }
        return UncheckedDual(v, tangent: t, tag: tag)
    }
    @inlinable @inline(__always)
    static func / (a: UncheckedDual, b: UncheckedDual) -> UncheckedDual {
        let q = a.value / b.value
        let t: T
        if b.tag == 0 { t = a.tag == 0 ? 0 : a.tangent / b.value }
        else if a.tag == 0 { t = -(q * b.tangent) / b.value }
        else { t = (a.tangent - q * b.tangent) / b.value }
        return UncheckedDual(q, tangent: t, tag: mergeTags(a.tag, b.tag))
    }
    @inlinable @inline(__always)
    static prefix func - (a: UncheckedDual) -> UncheckedDual {
        UncheckedDual(-a.value, tangent: -a.tangent, tag: a.tag)
    }
    @inlinable mutating func negate() { value.negate(); tangent.negate() }
    @inlinable static func += (a: inout UncheckedDual, b: UncheckedDual) { a = a + b }
    @inlinable static func -= (a: inout UncheckedDual, b: UncheckedDual) { a = a - b }
    @inlinable static func *= (a: inout UncheckedDual, b: UncheckedDual) { a = a * b }
    @inlinable static func /= (a: inout UncheckedDual, b: UncheckedDual) { a = a / b }
}

/// ``MultiDual`` without the exact-zero convention (same layout, tags and values); see above.
@frozen @usableFromInline
struct UncheckedMultiDual<let N: Int, T: Real>: ChainRuleReal {
    @usableFromInline typealias Primal = T
    @usableFromInline typealias Magnitude = UncheckedMultiDual
    @usableFromInline typealias Stride = UncheckedMultiDual
    @usableFromInline typealias Exponent = T.Exponent

    @usableFromInline var value: T
    @usableFromInline var partials: InlineArray<N, T>
    @usableFromInline var tag: PerturbationTag

    @inlinable init(_ value: T, partials: InlineArray<N, T>, tag: PerturbationTag) {
        self.value = value; self.partials = partials; self.tag = tag
    }
    @inlinable init(constant value: T) { self.init(value, partials: InlineArray(repeating: 0), tag: 0) }
    @inlinable var primal: T { value }
    @inlinable static var zero: UncheckedMultiDual { UncheckedMultiDual(constant: 0) }

    @inlinable @inline(__always)
    func applyingRule(value v: T, derivative d: T) -> UncheckedMultiDual {
        var p = partials
        for i in 0..<N { p[i] = d * p[i] }
        return UncheckedMultiDual(v, partials: p, tag: tag)
    }
    @inlinable @inline(__always)
    static func applyingRule(
        _ x: UncheckedMultiDual, _ y: UncheckedMultiDual, value v: T, dx: T, dy: T
    ) -> UncheckedMultiDual {
        var p = x.partials
        for i in 0..<N { p[i] = dx * p[i] + dy * y.partials[i] }
        return UncheckedMultiDual(v, partials: p, tag: mergeTags(x.tag, y.tag))
    }
    @inlinable @inline(__always)
    static func + (a: UncheckedMultiDual, b: UncheckedMultiDual) -> UncheckedMultiDual {
        var p = a.partials
        for i in 0..<N { p[i] += b.partials[i] }
        return UncheckedMultiDual(a.value + b.value, partials: p, tag: mergeTags(a.tag, b.tag))
    }
    @inlinable @inline(__always)
    static func - (a: UncheckedMultiDual, b: UncheckedMultiDual) -> UncheckedMultiDual {
        var p = a.partials
        for i in 0..<N { p[i] -= b.partials[i] }
        return UncheckedMultiDual(a.value - b.value, partials: p, tag: mergeTags(a.tag, b.tag))
    }
    @inlinable @inline(__always)
    static func * (a: UncheckedMultiDual, b: UncheckedMultiDual) -> UncheckedMultiDual {
        applyingRule(a, b, value: a.value * b.value, dx: b.value, dy: a.value)
    }
    @inlinable @inline(__always)
    static func / (a: UncheckedMultiDual, b: UncheckedMultiDual) -> UncheckedMultiDual {
        let q = a.value / b.value
        var p = a.partials
        for i in 0..<N { p[i] = (a.partials[i] - q * b.partials[i]) / b.value }
        return UncheckedMultiDual(q, partials: p, tag: mergeTags(a.tag, b.tag))
    }
    @inlinable @inline(__always)
    static prefix func - (a: UncheckedMultiDual) -> UncheckedMultiDual {
        var p = a.partials
        for i in 0..<N { p[i] = -p[i] }
        return UncheckedMultiDual(-a.value, partials: p, tag: a.tag)
    }
    @inlinable mutating func negate() { self = -self }
    @inlinable static func += (a: inout UncheckedMultiDual, b: UncheckedMultiDual) { a = a + b }
    @inlinable static func -= (a: inout UncheckedMultiDual, b: UncheckedMultiDual) { a = a - b }
    @inlinable static func *= (a: inout UncheckedMultiDual, b: UncheckedMultiDual) { a = a * b }
    @inlinable static func /= (a: inout UncheckedMultiDual, b: UncheckedMultiDual) { a = a / b }
}
