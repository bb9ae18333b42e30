import Synchronization

/// The identity of one forward-mode differentiation: every driver call (``derivative(of:at:)->T``,
/// ``jvp(of:at:direction:)->(T,_)``, …) draws a fresh tag and stamps it on the duals it seeds.
///
/// **How levels are kept apart.** Nesting is by type: the inner derivative of a function whose
/// outer variable is a `Dual<Double>` is taken over `Dual<Dual<Double>>`, with the outer value
/// lifted by `Dual(constant:)`; the new perturbation is then the outermost layer and cannot mix
/// with the outer one. Tags are the guard for the case types cannot catch: two duals of the *same*
/// type carrying perturbations from *different* driver calls (an outer variable captured by an
/// inner closure of the same scalar type). Combining them would silently add unrelated
/// perturbations (giving 2 instead of 1 in the classic `d/dx[x·(d/dy(x+y))]` check), so it traps
/// with a message instead. Constants carry tag 0 and combine with anything.
///
/// **What a driver returns** (ForwardDiff.jl's discipline): every forward driver reads the
/// derivative only from a result that carries its own tag. A result with another tag — a
/// captured outer dual that never met the inner variable, returned by `max`, a branch or as is —
/// does not depend on the inner variable, so its derivative there is 0; its tangent belongs to
/// the other differentiation and is never reported as this one's.
///
/// **Seeding by hand.** Duals that belong to one differentiation must share a tag: make them
/// with ``Dual/variables(_:tangents:)`` or ``MultiDual/variables(_:)``, or draw one tag with
/// ``makePerturbationTag()`` and pass it to each `init(_:tangent:tag:)`. Duals made one by one
/// with `init(_:tangent:)` / `init(_:partials:)` are independent differentiations.
public typealias PerturbationTag = UInt32

/// A tag that combines with any other like a constant's 0 does, but marks a dual that is not a
/// constant (its tangent counts). ``Dual/sumOfTerms(_:_:_:)`` evaluates its terms on inputs
/// restamped with it, so the tag merges inside the term fold away at compile time while the
/// constant fast paths of tag 0 stay reserved for true constants. Never drawn as a fresh tag.
/// A literal (not a stored global), so that comparisons with it fold.
@inlinable @inline(__always)
var wildcardPerturbationTag: PerturbationTag { ~0 }   // a literal, so comparisons fold away

@usableFromInline
let perturbationTagCounter = Atomic<UInt32>(0)

/// The bit of a tag that asks ``Dual`` to apply the exact-zero convention (a product with an
/// exact-zero factor is 0, never the NaN of `0·∞`) in every operation. Tags handed out to users
/// (``makePerturbationTag()``, ``Dual/init(_:tangent:)``, ``Dual/variables(_:tangents:)``) carry
/// it. The drivers (`derivative`, `jvp`, …) first evaluate with the plain tag (the same number
/// without this bit: plain products, no per-operation test) and evaluate again with this bit
/// only if the derivative came out NaN — which gives exactly the checked result, since a NaN
/// reaches the result unless a comparison on values discards it (and then the checked
/// evaluation discards it too). The wildcard has it set.
@inlinable @inline(__always)
var carefulTagBit: PerturbationTag { 1 << 31 }

/// A fresh plain tag (no ``carefulTagBit``): nonzero, and never `0x7FFF_FFFF` (whose careful
/// form would be the wildcard). Thread-safe.
@inlinable
func makePlainPerturbationTag() -> PerturbationTag {
    while true {
        let t = perturbationTagCounter.add(1, ordering: .relaxed).newValue & ~carefulTagBit
        if t != 0 && t != ~carefulTagBit { return t }
    }
}

/// A fresh tag for duals seeded by hand (thread-safe): nonzero, distinct from every other
/// differentiation's, and asking for the exact-zero convention in every operation (see
/// ``PerturbationTag``).
@inlinable
public func makePerturbationTag() -> PerturbationTag {
    makePlainPerturbationTag() | carefulTagBit
}

/// The tag of `a ∘ b`; traps on perturbation confusion. Tag 0 (constants) and the wildcard
/// combine with anything.
@inlinable @inline(__always)
func mergeTags(_ a: PerturbationTag, _ b: PerturbationTag) -> PerturbationTag {
    if _fastPath(a == b) { return a }
    // A constant yields to anything, the wildcard to any real tag (never to a constant).
    // `t &+ 1 <= 1` is `t == 0 || t == wildcardPerturbationTag` in one comparison.
    let neutralA = a &+ 1 <= 1, neutralB = b &+ 1 <= 1
    if neutralA && neutralB { return a | b }   // 0 and the wildcard: the wildcard
    if neutralA { return b }
    if neutralB { return a }
    perturbationConfusion(a, b)
}

@usableFromInline @inline(never)
func perturbationConfusion(_ a: PerturbationTag, _ b: PerturbationTag) -> Never {
    fatalError("""
        Autodiff: perturbation confusion — two duals of the same type from different \
        differentiations (tags \(a), \(b)) were combined. Take the inner derivative over \
        Dual<T> and lift the outer value with Dual(constant:).
        """)
}
