import RealModule

/// A scalar term `g(i, aᵢ, bᵢ)` written once, generically, for ``sumOfTerms(_:_:_:)``.
///
/// ```swift
/// struct RosenbrockTerm: ElementwiseTerm {
///     func callAsFunction<T: Real>(_ i: Int, _ a: T, _ b: T) -> T {
///         let u = b - a * a, v = 1 - a
///         return 100 * u * u + v * v
///     }
/// }
/// ```
public protocol ElementwiseTerm {
    /// The `i`-th term (`i` counts from 0) of inputs `a` and `b`.
    func callAsFunction<T: Real>(_ i: Int, _ a: T, _ b: T) -> T
}

/// `Σᵢ g(i, a[i], b[i])` — an elementwise map fused with a sum.
///
/// On ``Variable`` (and the `Float`, `Dual<Double>` and `MultiDual<8, Double>` tapes) this is
/// recorded as **two vector nodes** instead of one scalar record per operation inside `g`: each
/// term's two local partials are computed on the fly by a 2-direction dual and stored as the
/// weights of a linear node over `a` and one over `b`, whose backward steps are vectorised
/// `axpy` loops. (The dual is first one without the exact-zero convention, so that the term loop
/// vectorises; a term whose weights come out NaN is evaluated again on `MultiDual<2, T>`, which
/// gives exactly the checked weights.) On `Dual<Double>` the perturbation tags are checked once per element
/// outside `g` and `g` runs on duals restamped with a wildcard tag, so its arithmetic has no tag checks (see
/// ``Dual/sumOfTerms(_:_:_:)``). On any other scalar it is a plain loop. Off the tapes, the terms
/// are summed in one fixed order — four interleaved partial sums `(s₀ + s₁) + (s₂ + s₃)`, so
/// consecutive additions do not wait on each other — hence `Double` and `Dual<Double>` values
/// agree bitwise; the recording path sums with `Relaxed.sum` (order left to the compiler).
/// Slices (`x[..<(n-1)]`, `x[1...]`) avoid copies.
///
/// - Precondition: `a.count == b.count`.
/// - Complexity: O(n) evaluations of `g` (on 2-direction duals when recording); 24 bytes of tape
///   per element instead of 24 per operation inside `g`.
///
/// ```swift
/// let f = sumOfTerms(RosenbrockTerm(), x[..<(x.count - 1)], x[1...])
/// ```
@inlinable
public func sumOfTerms<T: Real, G: ElementwiseTerm>(
    _ g: G, _ a: ArraySlice<T>, _ b: ArraySlice<T>
) -> T {
    precondition(a.count == b.count, "sumOfTerms: lengths differ")
    if let r = recordedSumOfTerms(g, a, b, on: Double.self)
        ?? recordedSumOfTerms(g, a, b, on: Float.self)
        ?? recordedSumOfTerms(g, a, b, on: Dual<Double>.self)
        ?? recordedSumOfTerms(g, a, b, on: MultiDual<8, Double>.self) {
        return r
    }
    if T.self == Dual<Double>.self {
        return unsafeBitCast(
            Dual<Double>.sumOfTerms(g, unsafeBitCast(a, to: ArraySlice<Dual<Double>>.self),
                                    unsafeBitCast(b, to: ArraySlice<Dual<Double>>.self)),
            to: T.self)
    }
    return a.withUnsafeBufferPointer { ap in
        b.withUnsafeBufferPointer { bp in sumOfTermsLoop(g, ap, bp) { $0 } }
    }
}

/// `Σᵢ g(i, a[i], b[i])` as two vector nodes if `T` is `ReverseVariable<U>`.
@inlinable @inline(__always)
func recordedSumOfTerms<T: Real, U: Real, G: ElementwiseTerm>(
    _ g: G, _ a: ArraySlice<T>, _ b: ArraySlice<T>, on _: U.Type
) -> T? {
    guard T.self == ReverseVariable<U>.self else { return nil }
    typealias V = ReverseVariable<U>
    return unsafeBitCast(
        V.sumOfTerms(g, unsafeBitCast(a, to: ArraySlice<V>.self),
                     unsafeBitCast(b, to: ArraySlice<V>.self)), to: T.self)
}

/// `Σᵢ g(i, a[i], b[i])` with four interleaved partial sums `(s₀ + s₁) + (s₂ + s₃)` (so the
/// additions of consecutive terms do not wait on each other), after mapping each element through
/// `input` (which forward mode uses to strip the perturbation tag). Every scalar type sums in
/// this same order, so `Double` and `Dual<Double>` values agree bitwise.
@inlinable @inline(__always)
func sumOfTermsLoop<T: Real, U, G: ElementwiseTerm>(
    _ g: G, _ a: UnsafeBufferPointer<U>, _ b: UnsafeBufferPointer<U>, _ input: (U) -> T
) -> T {
    let n = a.count
    var s0: T = 0, s1: T = 0, s2: T = 0, s3: T = 0
    var i = 0
    while i + 4 <= n {
        s0 += g(i, input(a[i]), input(b[i]))
        s1 += g(i + 1, input(a[i + 1]), input(b[i + 1]))
        s2 += g(i + 2, input(a[i + 2]), input(b[i + 2]))
        s3 += g(i + 3, input(a[i + 3]), input(b[i + 3]))
        i += 4
    }
    while i < n {
        s0 += g(i, input(a[i]), input(b[i]))
        i += 1
    }
    return (s0 + s1) + (s2 + s3)
}

extension ReverseVariable {
    /// The recording form of ``sumOfTerms(_:_:_:)``.
    @inlinable
    public static func sumOfTerms<G: ElementwiseTerm>(
        _ g: G, _ a: ArraySlice<ReverseVariable>, _ b: ArraySlice<ReverseVariable>
    ) -> ReverseVariable {
        let n = a.count
        #if AUTODIFF_INTERNAL_CHECKS
        for x in a { x.checkLive() }
        for x in b { x.checkLive() }
        #endif
        // The tape: that of the first recorded element (a constant-only input records nothing).
        var tape: UnsafeMutablePointer<TapeStorage<T>>? = nil
        for x in a where x.tape != nil { tape = x.tape; break }
        if tape == nil { for x in b where x.tape != nil { tape = x.tape; break } }
        guard let t = tape else {
            var s: T = 0
            for i in 0..<n { s += g(i, a[a.startIndex + i].value, b[b.startIndex + i].value) }
            return ReverseVariable(constant: s)
        }
        let offA = t.pointee.reserveExt(n)
        let offB = t.pointee.reserveExt(n)
        let wa = t.pointee.extWeight + offA, wb = t.pointee.extWeight + offB
        // Pass 1 (integer only, branch-free), skipped when both sides are slices of runs the tape
        // made itself (O(1) check): is each side a run of consecutive nodes on this tape? Only
        // if not, look closer (constants are fine, another tape traps).
        let known = knownContiguousStart(a, t) != nil && knownContiguousStart(b, t) != nil
        var contiguousA = true, contiguousB = true
        if !known { a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                let tt = UInt(bitPattern: t)
                let a0 = n > 0 ? ap[0].index : 0, b0 = n > 0 ? bp[0].index : 0
                var da: UInt = 0, db: UInt = 0
                for i in 0..<n {
                    let k = Int32(truncatingIfNeeded: i)
                    da |= (UInt(bitPattern: ap[i].tape) ^ tt)
                        | UInt(UInt32(bitPattern: ap[i].index &- (a0 &+ k)))
                    db |= (UInt(bitPattern: bp[i].tape) ^ tt)
                        | UInt(UInt32(bitPattern: bp[i].index &- (b0 &+ k)))
                }
                contiguousA = da == 0
                contiguousB = db == 0
                if !contiguousA || !contiguousB {
                    for i in 0..<n where (ap[i].tape != nil && ap[i].tape != t)
                        || (bp[i].tape != nil && bp[i].tape != t) {
                        fatalError("Autodiff: variables from two different tapes were combined")
                    }
                }
            }
        } }
        // Pass 2: each term on a 2-direction dual; its partials become the weights. The duals
        // carry the wildcard tag: only these two seeds and constants meet inside `g`, so no
        // perturbation of another differentiation can be present, and equal tags let the checks
        // fold away. They are unchecked duals (no exact-zero convention), so that this loop
        // vectorises; a term whose partials came out NaN is evaluated again on checked
        // `MultiDual`s below, which gives exactly the checked result (see UncheckedDuals.swift).
        var total: T = 0
        let w = wildcardPerturbationTag
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                // `check` sums all weights: NaN iff a weight is NaN (or ∞ − ∞, which only costs a
                // needless recheck).
                var check: T = 0
                for i in 0..<n {
                    let y = g(i, UncheckedMultiDual<2, T>(ap[i].value, partials: [1, 0], tag: w),
                              UncheckedMultiDual<2, T>(bp[i].value, partials: [0, 1], tag: w))
                    total = Relaxed.sum(total, y.value)
                    check = Relaxed.sum(check, Relaxed.sum(y.partials[0], y.partials[1]))
                    (wa + i).initialize(to: y.partials[0])
                    (wb + i).initialize(to: y.partials[1])
                }
                if _slowPath(check.isNaN) { recheckTermWeights(g, ap, bp, wa, wb) }
            }
        }
        let na = recordLinear(a, t, weightsAt: offA, value: total, contiguous: contiguousA)
        let nb = recordLinear(b, t, weightsAt: offB, value: 0, contiguous: contiguousB)
        return na + nb
    }
}

/// Re-evaluates on checked `MultiDual`s (the exact-zero convention) every map–sum term whose
/// unchecked weights came out NaN, overwriting them. Out of line, so that it does not weigh on
/// the register allocation and vectorisation of the main loop.
@inlinable @inline(never)
func recheckTermWeights<T: Real, G: ElementwiseTerm>(
    _ g: G, _ ap: UnsafeBufferPointer<ReverseVariable<T>>, _ bp: UnsafeBufferPointer<ReverseVariable<T>>,
    _ wa: UnsafeMutablePointer<T>, _ wb: UnsafeMutablePointer<T>
) {
    let w = wildcardPerturbationTag
    for i in 0..<ap.count where (wa[i] + wb[i]).isNaN {
        let y = g(i, MultiDual<2, T>(ap[i].value, partials: [1, 0], tag: w),
                  MultiDual<2, T>(bp[i].value, partials: [0, 1], tag: w))
        wa[i] = y.partials[0]
        wb[i] = y.partials[1]
    }
}
