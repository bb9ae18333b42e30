import RealModule

/// The reverse-mode scalar whose partials carry 8 forward directions: what ``hessian(of:at:)``
/// runs `f` on (forward over reverse, 8 Hessian columns per recording).
///
/// ```swift
/// hessian(of: { (x: [HessianVariable]) in x[0] * x[0] * x[1] }, at: [1, 2])
/// ```
public typealias HessianVariable = ReverseVariable<MultiDual<8, Double>>

/// The reverse-mode scalar whose partials are dual numbers: what
/// ``hessianVectorProduct(of:at:direction:)`` runs `f` on (forward over reverse).
public typealias HessianVectorVariable = ReverseVariable<Dual<Double>>

/// The Hessian `H[i][j] = ∂²f/∂xᵢ∂xⱼ` of a scalar field, **forward over reverse**.
///
/// `f` runs on a tape whose scalar is `MultiDual<8, Double>`: the inputs are seeded with 8 unit
/// tangents `eⱼ … eⱼ₊₇`, so every recorded local partial carries its own directional
/// derivatives, and one reverse sweep of that tape gives the gradient *and* its derivative along
/// each seed — 8 columns `H·eⱼ` per recording. Pass a generic `func f<T: Real>(_ x: [T]) -> T`.
/// Entries agree with ``reverseOverForwardHessian(of:at:)`` to rounding; `H` is symmetric up to
/// rounding (it is not symmetrised).
///
/// - Complexity: ⌈n/8⌉ recordings and sweeps, each O(8·cost f); memory 168 bytes per recorded
///   operation (two 80-byte partials and the links).
///
/// ```swift
/// hessian(of: { x in x[0] * x[0] * x[1] }, at: [1, 2])   // [[4, 2], [2, 0]]
/// ```
@inlinable
public func hessian(of f: ([HessianVariable]) -> HessianVariable, at x: [Double]) -> [[Double]] {
    let n = x.count
    var h = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    let tape = ReverseTape<MultiDual<8, Double>>(capacity: Swift.max(1 << 12, 32 * n))
    var start = 0
    while start < n {
        tape.reset()
        let tag = makePerturbationTag()
        let width = Swift.min(8, n - start)
        let seeded = (0..<n).map { i -> MultiDual<8, Double> in
            var p = InlineArray<8, Double>(repeating: 0)
            if i >= start && i < start + width { p[i - start] = 1 }
            return MultiDual(x[i], partials: p, tag: tag)
        }
        let xs = tape.variables(seeded)
        let y = f(xs)
        let adj = tape.adjoints(seeds: [(y, 1)])
        for i in 0..<n {
            // Only partials of this chunk's differentiation are Hessian entries (a gradient
            // entry that does not depend on the seeds is constant along them).
            let a = adj[xs[i].nodeIndex]
            if a.tag == tag { for k in 0..<width { h[i][start + k] = a.partials[k] } }
        }
        start += 8
    }
    return withExtendedLifetime(tape) { h }
}

/// Hessian–vector product `H(x)·v` **forward over reverse**, without forming `H`: one recording
/// of `f` on a tape whose scalar is `Dual<Double>` (inputs `xᵢ + vᵢε`) and one reverse sweep,
/// whose adjoints are `∇f(x) + (H·v)ε`.
///
/// - Precondition: `v.count == x.count`.
/// - Complexity: O(cost f) (about 2–3× a gradient); memory 56 bytes per recorded operation
///   (two 24-byte dual partials and the links) plus a 24-byte adjoint per node.
///
/// ```swift
/// hessianVectorProduct(of: { x in x[0] * x[0] * x[1] }, at: [1, 2], direction: [1, 0])  // [4, 2]
/// ```
@inlinable
public func hessianVectorProduct(
    of f: ([HessianVectorVariable]) -> HessianVectorVariable, at x: [Double],
    direction v: [Double]
) -> [Double] {
    valueGradientAndHessianVectorProduct(of: f, at: x, direction: v).hessianVectorProduct
}

/// `(f(x), ∇f(x), H(x)·v)` from one forward-over-reverse recording and sweep (see
/// ``hessianVectorProduct(of:at:direction:)``): the gradient comes for free.
///
/// - Precondition: `v.count == x.count`.
/// - Complexity: O(cost f).
///
/// ```swift
/// valueGradientAndHessianVectorProduct(of: { x in x[0] * x[0] * x[1] }, at: [1, 2],
///                                      direction: [1, 0])   // (2, [4, 1], [4, 2])
/// ```
@inlinable
public func valueGradientAndHessianVectorProduct(
    of f: ([HessianVectorVariable]) -> HessianVectorVariable, at x: [Double],
    direction v: [Double]
) -> (value: Double, gradient: [Double], hessianVectorProduct: [Double]) {
    ReverseTape<Dual<Double>>(capacity: Swift.max(1 << 12, 16 * x.count))
        .valueGradientAndHessianVectorProduct(of: f, at: x, direction: v)
}

extension ReverseTape where T == Dual<Double> {
    /// `(f(x), ∇f(x), H(x)·v)` forward over reverse, recorded on this tape (emptied first, its
    /// buffers kept): reuse one tape across calls (a Newton–CG loop) to avoid re-allocating and
    /// re-faulting its memory. See ``valueGradientAndHessianVectorProduct(of:at:direction:)``.
    ///
    /// - Precondition: `v.count == x.count`.
    /// - Complexity: O(cost f).
    ///
    /// ```swift
    /// let tape = ReverseTape<Dual<Double>>()
    /// let hv = tape.valueGradientAndHessianVectorProduct(of: f, at: x, direction: v)
    /// ```
    @inlinable
    public func valueGradientAndHessianVectorProduct(
        of f: ([HessianVectorVariable]) -> HessianVectorVariable, at x: [Double],
        direction v: [Double]
    ) -> (value: Double, gradient: [Double], hessianVectorProduct: [Double]) {
        precondition(x.count == v.count, "hessianVectorProduct: direction length differs")
        func run(_ tag: PerturbationTag) -> (Double, [Double], [Double]) {
            reset()
            let xs = variables(seededDuals(x, v, tag: tag))
            let y = f(xs)
            let adj = adjoints(seeds: [(y, 1)])
            return (y.value.value, xs.map { adj[$0.nodeIndex].value },
                    xs.map { adj[$0.nodeIndex].tangent(for: tag) })
        }
        // Plain products first; again with the exact-zero convention if a NaN came out (see
        // ``PerturbationTag``).
        let tag = makePlainPerturbationTag()
        let r = run(tag)
        if _fastPath(!r.1.contains(where: \.isNaN) && !r.2.contains(where: \.isNaN)) { return r }
        return run(tag | carefulTagBit)
    }
}

/// The Hessian by **reverse over forward** (the alternative to ``hessian(of:at:)``, kept for
/// cross-checks): each column `H·eⱼ` is a reverse sweep of a forward directional derivative —
/// `f` runs on `Dual<Variable>` with tangent `eⱼ`, so the output's tangent is the variable
/// `∇f·eⱼ`, and one reverse sweep of it gives `H·eⱼ`.
///
/// - Complexity: n recordings and n sweeps, each O(cost f): O(n·cost f).
///
/// ```swift
/// reverseOverForwardHessian(of: { x in x[0] * x[0] * x[1] }, at: [1, 2])   // [[4, 2], [2, 0]]
/// ```
@inlinable
public func reverseOverForwardHessian(
    of f: ([Dual<Variable>]) -> Dual<Variable>, at x: [Double]
) -> [[Double]] {
    let n = x.count
    let tape = Tape(capacity: Swift.max(1 << 12, 32 * n))
    var h = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for j in 0..<n {
        let column = tape.reverseOverForwardHessianVectorProduct(
            of: f, at: x, direction: unitVector(n, j))
        for i in 0..<n { h[i][j] = column[i] }
    }
    return h
}

/// Hessian–vector product by **reverse over forward**: the reverse derivative of the forward
/// directional derivative `∇f·v` (one recording on `Dual<Variable>`, one sweep). The alternative
/// to ``hessianVectorProduct(of:at:direction:)``, kept for cross-checks.
/// - Complexity: O(cost f).
///
/// ```swift
/// reverseOverForwardHessianVectorProduct(of: { x in x[0] * x[0] * x[1] }, at: [1, 2],
///                                        direction: [1, 0])   // [4, 2]
/// ```
@inlinable
public func reverseOverForwardHessianVectorProduct(
    of f: ([Dual<Variable>]) -> Dual<Variable>, at x: [Double], direction v: [Double]
) -> [Double] {
    Tape(capacity: Swift.max(1 << 12, 32 * x.count))
        .reverseOverForwardHessianVectorProduct(of: f, at: x, direction: v)
}

extension Tape {
    /// Hessian–vector product by reverse over forward, recorded on this tape (emptied first, its
    /// buffers kept). See ``reverseOverForwardHessianVectorProduct(of:at:direction:)``.
    /// - Precondition: `v.count == x.count`.
    /// - Complexity: O(cost f).
    ///
    /// ```swift
    /// let tape = Tape()
    /// let hv = tape.reverseOverForwardHessianVectorProduct(of: f, at: x, direction: v)
    /// ```
    @inlinable
    public func reverseOverForwardHessianVectorProduct(
        of f: ([Dual<Variable>]) -> Dual<Variable>, at x: [Double], direction v: [Double]
    ) -> [Double] {
        precondition(x.count == v.count, "hessianVectorProduct: direction length differs")
        func run(_ tag: PerturbationTag) -> [Double] {
            reset()
            let xs = variables(x)
            let y = f((0..<x.count).map { Dual(xs[$0], tangent: Variable(constant: v[$0]), tag: tag) })
            // A result without this call's tag does not depend on the direction: H·v = 0.
            let adj = adjoints(seeds: [(y.tangent(for: tag), 1)])
            return xs.map { adj[$0.nodeIndex] }
        }
        // Plain products first; again with the exact-zero convention if a NaN came out.
        let tag = makePlainPerturbationTag()
        let r = run(tag)
        if _fastPath(!r.contains(where: \.isNaN)) { return r }
        return run(tag | carefulTagBit)
    }
}

@inlinable
func unitVector(_ n: Int, _ j: Int) -> [Double] {
    var e = [Double](repeating: 0, count: n)
    e[j] = 1
    return e
}
