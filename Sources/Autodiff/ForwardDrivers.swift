import RealModule

/// `f′(x)`: the derivative of a scalar function by one forward sweep.
///
/// Pass a generic function and Swift instantiates it at `Dual<T>`:
/// `func f<T: Real>(_ x: T) -> T`, then `derivative(of: f, at: 2.0)`. Nested calls give higher
/// derivatives: take the inner derivative over `Dual<T>` and lift captured outer values with
/// `Dual(constant:)` (see ``PerturbationTag``).
///
/// **Tag discipline** (as ForwardDiff.jl): only a result carrying this call's tag has a
/// derivative with respect to `x`. A result that is a constant, or a dual of another
/// differentiation that never met `x` (a captured outer dual returned by `max`, a branch, …),
/// has derivative **0** here: its tangent belongs to the other differentiation, never to this one.
///
/// **Exact zeros.** `f` is evaluated with plain products; if the derivative comes out NaN it is
/// evaluated once more with the exact-zero convention (a zero factor makes a product 0, never
/// `0·∞`; see ``PerturbationTag``), which then gives the answer reverse mode gives. So `f` may be
/// called twice, and should have no side effects that matter.
///
/// - Complexity: one evaluation of `f` on duals (about 2–3× the cost of `f`).
///
/// ```swift
/// derivative(of: { x in x * x * x }, at: 2.0)   // 12
/// ```
@inlinable
public func derivative<T: Real>(of f: (Dual<T>) -> Dual<T>, at x: T) -> T {
    valueWithDerivative(of: f, at: x).derivative
}

/// `(f(x), f′(x))` in one forward sweep.
/// - Complexity: one evaluation of `f` on duals.
///
/// ```swift
/// valueWithDerivative(of: { Dual.exp($0) }, at: 0.0)   // (1, 1)
/// ```
@inlinable
public func valueWithDerivative<T: Real>(
    of f: (Dual<T>) -> Dual<T>, at x: T
) -> (value: T, derivative: T) {
    let tag = makePlainPerturbationTag()
    let y = f(Dual(x, tangent: 1, tag: tag))
    let d = y.tangent(for: tag)
    if _fastPath(!d.isNaN) { return (y.value, d) }
    let careful = tag | carefulTagBit   // again, with the exact-zero convention
    let z = f(Dual(x, tangent: 1, tag: careful))
    return (z.value, z.tangent(for: careful))
}

/// The derivative of a curve `f: ℝ → ℝᵐ` (one Jacobian column), by one forward sweep.
/// - Complexity: one evaluation of `f` on duals.
///
/// ```swift
/// derivative(of: { t in [Dual.cos(t), Dual.sin(t)] }, at: 0.0)   // [0, 1]
/// ```
@inlinable
public func derivative<T: Real>(of f: (Dual<T>) -> [Dual<T>], at x: T) -> [T] {
    let tag = makePlainPerturbationTag()
    let d = f(Dual(x, tangent: 1, tag: tag)).map { $0.tangent(for: tag) }
    if _fastPath(!d.contains(where: \.isNaN)) { return d }
    let careful = tag | carefulTagBit   // again, with the exact-zero convention
    return f(Dual(x, tangent: 1, tag: careful)).map { $0.tangent(for: careful) }
}

/// Jacobian–vector product `(f(x), J_f(x)·v)` by one forward sweep.
/// - Precondition: `v.count == x.count`.
/// - Complexity: one evaluation of `f` on duals.
///
/// ```swift
/// jvp(of: { x in [x[0] * x[1]] }, at: [3.0, 4], direction: [1, 2])   // ([12], [10])
/// ```
@inlinable
public func jvp<T: Real>(
    of f: ([Dual<T>]) -> [Dual<T>], at x: [T], direction v: [T]
) -> (value: [T], tangent: [T]) {
    precondition(x.count == v.count, "jvp: direction has \(v.count) entries, x has \(x.count)")
    let tag = makePlainPerturbationTag()
    let y = f(seededDuals(x, v, tag: tag))
    let t = y.map { $0.tangent(for: tag) }
    if _fastPath(!t.contains(where: \.isNaN)) { return (y.map(\.value), t) }
    let careful = tag | carefulTagBit   // again, with the exact-zero convention
    let z = f(seededDuals(x, v, tag: careful))
    return (z.map(\.value), z.map { $0.tangent(for: careful) })
}

/// Directional derivative `(f(x), ∇f(x)·v)` of a scalar field by one forward sweep.
/// - Complexity: one evaluation of `f` on duals.
///
/// ```swift
/// jvp(of: { x in x[0] * x[1] }, at: [3.0, 4], direction: [1, 2])   // (12, 10)
/// ```
@inlinable
public func jvp<T: Real>(
    of f: ([Dual<T>]) -> Dual<T>, at x: [T], direction v: [T]
) -> (value: T, tangent: T) {
    precondition(x.count == v.count, "jvp: direction has \(v.count) entries, x has \(x.count)")
    let tag = makePlainPerturbationTag()
    let y = f(seededDuals(x, v, tag: tag))
    let t = y.tangent(for: tag)
    if _fastPath(!t.isNaN) { return (y.value, t) }
    let careful = tag | carefulTagBit   // again, with the exact-zero convention
    let z = f(seededDuals(x, v, tag: careful))
    return (z.value, z.tangent(for: careful))
}

/// The gradient by forward mode in chunks of `N` directions (`MultiDual<N, T>`), as
/// ForwardDiff.jl does: ⌈n/N⌉ evaluations of `f`, each giving `N` partials. A result that does
/// not carry the chunk's tag (a constant, or a dual of another differentiation) contributes 0.
///
/// - Precondition: `N ≥ 1` (a chunk of 0 directions would never finish).
/// - Complexity: ⌈n/N⌉ evaluations of `f`, each O(N) times the primal cost.
///
/// ```swift
/// forwardGradient(of: { (x: [MultiDual<4, Double>]) in x[0] * x[1] }, at: [3.0, 4])  // [4, 3]
/// ```
@inlinable
public func forwardGradient<let N: Int, T: Real>(
    of f: ([MultiDual<N, T>]) -> MultiDual<N, T>, at x: [T]
) -> [T] {
    precondition(N >= 1, "forwardGradient: the chunk size N must be at least 1")
    let n = x.count
    var g = [T](repeating: 0, count: n)
    var start = 0
    while start < n {
        let tag = makePerturbationTag()
        let input = (0..<n).map { i -> MultiDual<N, T> in
            var p = InlineArray<N, T>(repeating: 0)
            if i >= start && i < start + N { p[i - start] = 1 }
            return MultiDual(x[i], partials: p, tag: tag)
        }
        let y = f(input)
        if y.tag == tag {
            for k in 0..<Swift.min(N, n - start) { g[start + k] = y.partials[k] }
        }
        start += N
    }
    return g
}

/// The Jacobian of `f: ℝⁿ → ℝᵐ` by forward mode: ⌈n/N⌉ sweeps of `MultiDual<N, T>`, each
/// giving `N` columns. Returned row-major as `m` rows of `n`.
///
/// - Precondition: `N ≥ 1`.
/// - Complexity: ⌈n/N⌉ evaluations of `f`, each O(N) times the primal cost.
///
/// ```swift
/// forwardJacobian(of: { (x: [MultiDual<2, Double>]) in [x[0] * x[1], x[0]] }, at: [3.0, 4])
/// // [[4, 3], [1, 0]]
/// ```
@inlinable
public func forwardJacobian<let N: Int, T: Real>(
    of f: ([MultiDual<N, T>]) -> [MultiDual<N, T>], at x: [T]
) -> [[T]] {
    precondition(N >= 1, "forwardJacobian: the chunk size N must be at least 1")
    let n = x.count
    var jac: [[T]] = []
    var start = 0
    while start < n || (n == 0 && jac.isEmpty && start == 0) {
        let tag = makePerturbationTag()
        let input = (0..<n).map { i -> MultiDual<N, T> in
            var p = InlineArray<N, T>(repeating: 0)
            if i >= start && i < start + N { p[i - start] = 1 }
            return MultiDual(x[i], partials: p, tag: tag)
        }
        let y = f(input)
        if jac.isEmpty { jac = Array(repeating: Array(repeating: 0, count: n), count: y.count) }
        for r in 0..<y.count where y[r].tag == tag {
            for k in 0..<Swift.min(N, n - start) { jac[r][start + k] = y[r].partials[k] }
        }
        if n == 0 { break }
        start += N
    }
    return jac
}

/// `[Dual(x[i], tangent: v[i])]` built in place (no per-element append).
@inlinable
func seededDuals<T: Real>(_ x: [T], _ v: [T], tag: PerturbationTag) -> [Dual<T>] {
    if T.self == Double.self {
        return unsafeBitCast(
            seededDoubleDuals(unsafeBitCast(x, to: [Double].self),
                              unsafeBitCast(v, to: [Double].self), tag: tag),
            to: [Dual<T>].self)
    }
    let n = x.count
    return [Dual<T>](unsafeUninitializedCapacity: n) { buf, initialized in
        x.withUnsafeBufferPointer { xp in
            v.withUnsafeBufferPointer { vp in
                for i in 0..<n {
                    (buf.baseAddress! + i).initialize(to: Dual(xp[i], tangent: vp[i], tag: tag))
                }
            }
        }
        initialized = n
    }
}

/// `seededDuals` for `Double`, written as three 16-byte stores per pair of 24-byte duals
/// (`(v₀, t₀)`, `(tag₀, v₁)`, `(t₁, tag₁)`) instead of three narrow stores per dual: the loop is
/// bound by stores, so this halves their number. The padding after each tag is written as 0.
@inlinable
func seededDoubleDuals(_ x: [Double], _ v: [Double], tag: PerturbationTag) -> [Dual<Double>] {
    assert(MemoryLayout<Dual<Double>>.stride == 24
           && MemoryLayout<Dual<Double>>.offset(of: \.tangent) == 8
           && MemoryLayout<Dual<Double>>.offset(of: \.tag) == 16)
    let n = x.count
    if n == 0 { return [] }
    return [Dual<Double>](unsafeUninitializedCapacity: n) { buf, initialized in
        x.withUnsafeBufferPointer { xp in
            v.withUnsafeBufferPointer { vp in
                let out = UnsafeMutableRawPointer(buf.baseAddress!)
                let tagBits = Double(bitPattern: UInt64(tag))
                var i = 0
                while i + 2 <= n {
                    let p = out + 24 * i
                    p.storeBytes(of: SIMD2(xp[i], vp[i]), as: SIMD2<Double>.self)
                    p.storeBytes(of: SIMD2(tagBits, xp[i + 1]), toByteOffset: 16,
                                 as: SIMD2<Double>.self)
                    p.storeBytes(of: SIMD2(vp[i + 1], tagBits), toByteOffset: 32,
                                 as: SIMD2<Double>.self)
                    i += 2
                }
                if i < n {
                    (buf.baseAddress! + i).initialize(to: Dual(xp[i], tangent: vp[i], tag: tag))
                }
            }
        }
        initialized = n
    }
}

extension Dual {
    /// The tangent with respect to the differentiation `tag`: this dual's tangent if it carries
    /// `tag`, else 0 (a constant, or a dual of another differentiation that never met it).
    @inlinable @inline(__always)
    func tangent(for tag: PerturbationTag) -> T { self.tag == tag ? tangent : 0 }
}
