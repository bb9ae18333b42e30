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
public typealias PerturbationTag = UInt32

/// A tag that combines with any other like a constant's 0 does, but marks a dual that is not a
/// constant (its tangent counts). ``Dual/sumOfTerms(_:_:_:)`` evaluates its terms on inputs
/// restamped with it, so the tag merges inside the term fold away at compile time while the
/// constant fast paths of tag 0 stay reserved for true constants. Never drawn as a fresh tag.
@usableFromInline
let wildcardPerturbationTag: PerturbationTag = ~0

@usableFromInline
let perturbationTagCounter = Atomic<UInt32>(0)

/// A fresh, nonzero tag (thread-safe).
@inlinable
public func makePerturbationTag() -> PerturbationTag {
    var t = perturbationTagCounter.add(1, ordering: .relaxed).newValue
    while t == 0 || t == wildcardPerturbationTag {
        t = perturbationTagCounter.add(1, ordering: .relaxed).newValue
    }
    return t
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
