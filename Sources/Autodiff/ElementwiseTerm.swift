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
/// On ``Variable`` this is recorded as **two vector nodes** instead of one scalar record per
/// operation inside `g`: each term's two local partials are computed on the fly by a
/// 2-direction dual (`MultiDual<2, Double>`) and stored as the weights of a linear node over
/// `a` and one over `b`, whose backward steps are vectorised `axpy` loops. On any other scalar it
/// is the plain loop. Slices (`x[..<(n-1)]`, `x[1...]`) avoid copies.
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
    if T.self == Variable.self {
        return unsafeBitCast(
            Variable.sumOfTerms(g, unsafeBitCast(a, to: ArraySlice<Variable>.self),
                                unsafeBitCast(b, to: ArraySlice<Variable>.self)), to: T.self)
    }
    var s: T = 0
    var ia = a.startIndex, ib = b.startIndex
    for i in 0..<a.count {
        s += g(i, a[ia], b[ib])
        ia += 1
        ib += 1
    }
    return s
}

extension Variable {
    /// The recording form of ``sumOfTerms(_:_:_:)``.
    @inlinable
    public static func sumOfTerms<G: ElementwiseTerm>(
        _ g: G, _ a: ArraySlice<Variable>, _ b: ArraySlice<Variable>
    ) -> Variable {
        let n = a.count
        // The tape: that of the first recorded element (a constant-only input records nothing).
        var tape: UnsafeMutablePointer<TapeStorage>? = nil
        for x in a where x.tape != nil { tape = x.tape; break }
        if tape == nil { for x in b where x.tape != nil { tape = x.tape; break } }
        guard let t = tape else {
            var s = 0.0
            for i in 0..<n { s += g(i, a[a.startIndex + i].value, b[b.startIndex + i].value) }
            return Variable(constant: s)
        }
        let offA = t.pointee.reserveExt(n)
        let offB = t.pointee.reserveExt(n)
        let wa = t.pointee.extWeight + offA, wb = t.pointee.extWeight + offB
        var total = 0.0
        let tag = makePerturbationTag()
        // One pass: evaluate each term on a 2-direction dual, store its partials, and check that
        // every element is on this tape and whether each side's indices are consecutive.
        var foreign = false
        var contiguousA = true, contiguousB = true
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                let a0 = n > 0 ? ap[0].index : 0, b0 = n > 0 ? bp[0].index : 0
                for i in 0..<n {
                    let va = ap[i], vb = bp[i]
                    foreign = foreign || (va.tape != t && va.tape != nil)
                        || (vb.tape != t && vb.tape != nil)
                    let k = Int32(truncatingIfNeeded: i)
                    contiguousA = contiguousA && va.tape == t && va.index == a0 &+ k
                    contiguousB = contiguousB && vb.tape == t && vb.index == b0 &+ k
                    let y = g(i, MultiDual<2, Double>(va.value, partials: [1, 0], tag: tag),
                              MultiDual<2, Double>(vb.value, partials: [0, 1], tag: tag))
                    total += y.value
                    wa[i] = y.partials[0]
                    wb[i] = y.partials[1]
                }
            }
        }
        if foreign { fatalError("Autodiff: variables from two different tapes were combined") }
        let na = recordLinear(a, t, weightsAt: offA, value: total, contiguous: contiguousA)
        let nb = recordLinear(b, t, weightsAt: offB, value: 0, contiguous: contiguousB)
        return na + nb
    }
}
