import RealModule

extension Dual {
    /// The forward-mode form of ``sumOfTerms(_:_:_:)``: `Σᵢ g(i, a[i], b[i])` on duals, with the
    /// perturbation tags taken out of the inner loop.
    ///
    /// Every term is evaluated on duals carrying the wildcard tag (`wildcardPerturbationTag`,
    /// which merges with any tag like a constant's but is not a constant), so the tag checks
    /// inside `g` fold away and its arithmetic is plain value/tangent code, while literals
    /// inside `g` keep tag 0 and their cheap constant paths; the tags of the inputs are folded
    /// into two integers per element instead — their OR and the AND of the nonzero ones — and
    /// checked once at the end: the nonzero tags must all be equal, else this traps with the
    /// same perturbation-confusion message as the operators. The result carries that common tag.
    /// (A dual captured by `g` keeps its own tag, which the sum of the terms merges by the usual
    /// rule and which must agree with the inputs' tag too.)
    ///
    /// The terms are first evaluated on duals without the exact-zero convention (its per-operation
    /// check would slow this loop down); if the tangent comes out NaN the sum is evaluated again
    /// on ``Dual`` itself, which gives exactly the result the checked duals give (a NaN is sticky,
    /// so a NaN-free result had no 0·∞ in it). `g` therefore sees a scalar type with `Dual`'s
    /// layout that is not always `Dual<T>` itself.
    ///
    /// - Precondition: `a.count == b.count`.
    /// - Complexity: O(n) evaluations of `g`.
    ///
    /// ```swift
    /// Dual.sumOfTerms(RosenbrockTerm(), x[..<(x.count - 1)], x[1...])
    /// ```
    @inlinable @inline(__always)
    public static func sumOfTerms<G: ElementwiseTerm>(
        _ g: G, _ a: ArraySlice<Dual>, _ b: ArraySlice<Dual>
    ) -> Dual {
        precondition(a.count == b.count, "sumOfTerms: lengths differ")
        // Optimistically on unchecked duals (no exact-zero convention, so that the term loop
        // keeps its speed), again on checked duals if the tangent came out NaN: that gives
        // exactly the checked result (see UncheckedDuals.swift).
        let fast = sumOfTermsPass(g, a, b, UncheckedDual<T>.self)
        if _fastPath(!fast.tangent.isNaN) { return Dual(fast.value, tangent: fast.tangent, tag: fast.tag) }
        return checkedSumOfTerms(g, a, b)
    }

    /// ``sumOfTerms(_:_:_:)`` on checked duals (out of line: only after a NaN tangent).
    @inlinable @inline(never)
    static func checkedSumOfTerms<G: ElementwiseTerm>(
        _ g: G, _ a: ArraySlice<Dual>, _ b: ArraySlice<Dual>
    ) -> Dual {
        let checked = sumOfTermsPass(g, a, b, Dual<T>.self)
        return Dual(checked.value, tangent: checked.tangent, tag: checked.tag)
    }

    /// One pass of ``sumOfTerms(_:_:_:)`` with the terms evaluated on `D` (``Dual`` or
    /// `UncheckedDual`), returning (value, tangent, tag).
    @inlinable @inline(__always)
    static func sumOfTermsPass<G: ElementwiseTerm, D: ForwardPairScalar>(
        _ g: G, _ a: ArraySlice<Dual>, _ b: ArraySlice<Dual>, _: D.Type
    ) -> (value: T, tangent: T, tag: PerturbationTag) where D.Primal == T {
        let (s, inputTag, commonTag) = a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp -> (D, PerturbationTag, PerturbationTag) in
                var anyTag: PerturbationTag = 0        // OR of every tag but the wildcard
                var commonTag: PerturbationTag = ~0    // AND of every nonzero tag (ditto)
                let s = sumOfTermsLoop(g, ap, bp) { (x: Dual) -> D in
                    // The wildcard (an input made by an enclosing sumOfTerms) is checked as 0.
                    let tag = x.tag == wildcardPerturbationTag ? 0 : x.tag
                    anyTag |= tag
                    commonTag &= tag == 0 ? ~0 : tag
                    return D(x.value, tangent: x.tangent, tag: wildcardPerturbationTag)
                }
                // The tag the inputs carry together: their common tag, else the wildcard if an
                // enclosing map-sum stamped any (looked for only in that rare case), else 0.
                if anyTag == 0 && (hasNonzeroTag(ap) || hasNonzeroTag(bp)) {
                    return (s, wildcardPerturbationTag, commonTag)
                }
                return (s, anyTag, commonTag)
            }
        }
        // Nonzero tags are all equal exactly when their OR equals their AND.
        if inputTag != 0 && inputTag != wildcardPerturbationTag && inputTag != commonTag {
            perturbationConfusion(inputTag, commonTag)
        }
        // A sum that depends on the inputs (wildcard) carries their tag; one that does not,
        // its own (0, or a captured dual's, which must agree with the inputs').
        let tag = s.pairTag == wildcardPerturbationTag ? inputTag : mergeTags(inputTag, s.pairTag)
        return (s.pairValue, tag == 0 ? 0 : s.pairTangent, tag)
    }
}

/// A value–tangent–tag scalar (``Dual`` or `UncheckedDual`), for the map–sum passes.
@usableFromInline
protocol ForwardPairScalar: Real {
    associatedtype Primal: Real
    init(_ value: Primal, tangent: Primal, tag: PerturbationTag)
    var pairValue: Primal { get }
    var pairTangent: Primal { get }
    var pairTag: PerturbationTag { get }
}

extension Dual: ForwardPairScalar {
    @inlinable var pairValue: T { value }
    @inlinable var pairTangent: T { tangent }
    @inlinable var pairTag: PerturbationTag { tag }
}

extension UncheckedDual: ForwardPairScalar {
    @inlinable var pairValue: T { value }
    @inlinable var pairTangent: T { tangent }
    @inlinable var pairTag: PerturbationTag { tag }
}

/// Whether any dual in `xs` carries a nonzero tag (out of line: only for all-neutral inputs).
@inlinable @inline(never)
func hasNonzeroTag<T>(_ xs: UnsafeBufferPointer<Dual<T>>) -> Bool {
    for x in xs where x.tag != 0 { return true }
    return false
}
