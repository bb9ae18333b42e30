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
        let (s, inputTag, commonTag) = a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp -> (Dual, PerturbationTag, PerturbationTag) in
                var anyTag: PerturbationTag = 0        // OR of every tag but the wildcard
                var commonTag: PerturbationTag = ~0    // AND of every nonzero tag (ditto)
                let s = sumOfTermsLoop(g, ap, bp) { (x: Dual) -> Dual in
                    // The wildcard (an input made by an enclosing sumOfTerms) is checked as 0.
                    let tag = x.tag == wildcardPerturbationTag ? 0 : x.tag
                    anyTag |= tag
                    commonTag &= tag == 0 ? ~0 : tag
                    return Dual(x.value, tangent: x.tangent, tag: wildcardPerturbationTag)
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
        let tag = s.tag == wildcardPerturbationTag ? inputTag : mergeTags(inputTag, s.tag)
        return Dual(s.value, tangent: tag == 0 ? 0 : s.tangent, tag: tag)
    }
}

/// Whether any dual in `xs` carries a nonzero tag (out of line: only for all-neutral inputs).
@inlinable @inline(never)
func hasNonzeroTag<T>(_ xs: UnsafeBufferPointer<Dual<T>>) -> Bool {
    for x in xs where x.tag != 0 { return true }
    return false
}
