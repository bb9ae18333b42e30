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
        let (s, anyTag, commonTag) = a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp -> (Dual, PerturbationTag, PerturbationTag) in
                var anyTag: PerturbationTag = 0        // OR of every tag
                var commonTag: PerturbationTag = ~0    // AND of every nonzero tag
                let s = sumOfTermsLoop(g, ap, bp) { (x: Dual) -> Dual in
                    // The wildcard (an input made by an enclosing sumOfTerms) counts as 0.
                    let tag = x.tag == wildcardPerturbationTag ? 0 : x.tag
                    anyTag |= tag
                    commonTag &= tag == 0 ? ~0 : tag
                    return Dual(x.value, tangent: x.tangent, tag: wildcardPerturbationTag)
                }
                return (s, anyTag, commonTag)
            }
        }
        // Nonzero tags are all equal exactly when their OR equals their AND.
        if anyTag != 0 && anyTag != commonTag { perturbationConfusion(anyTag, commonTag) }
        let termTag = s.tag == wildcardPerturbationTag ? 0 : s.tag
        return Dual(s.value, tangent: s.tangent, tag: mergeTags(anyTag, termTag))
    }
}
