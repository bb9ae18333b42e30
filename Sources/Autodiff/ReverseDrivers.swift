import RealModule

/// `∇f(x)` by one reverse sweep: records `f` on a fresh ``Tape`` and sweeps it once.
///
/// Pass a generic function `func f<T: Real>(_ x: [T]) -> T` and Swift instantiates it at
/// ``Variable``.
///
/// - Complexity: one evaluation of `f` recording O(ops) tape entries, then one O(ops) sweep.
///
/// ```swift
/// gradient(of: { x in x[0] * x[1] + Variable.sin(x[0]) }, at: [3, 4])   // [4 + cos 3, 3]
/// ```
@inlinable
public func gradient(of f: ([Variable]) -> Variable, at x: [Double]) -> [Double] {
    valueWithGradient(of: f, at: x).gradient
}

/// `(f(x), ∇f(x))` by one recording and one reverse sweep.
/// - Complexity: as ``gradient(of:at:)``.
///
/// ```swift
/// let (v, g) = valueWithGradient(of: { x in x[0] * x[0] }, at: [3])   // (9, [6])
/// ```
@inlinable
public func valueWithGradient(
    of f: ([Variable]) -> Variable, at x: [Double]
) -> (value: Double, gradient: [Double]) {
    let tape = Tape(capacity: Swift.max(1 << 12, 16 * x.count))
    return tape.valueWithGradient(of: f, at: x)
}

/// Vector–Jacobian product `(f(x), uᵀJ_f(x))` by one recording and one reverse sweep.
/// - Precondition: `u.count` equals the number of outputs.
/// - Complexity: one recording plus one sweep, independent of the number of outputs.
///
/// ```swift
/// vjp(of: { x in [x[0] * x[1], x[0]] }, at: [3, 4], cotangent: [2, 5])   // ([12, 3], [13, 6])
/// ```
@inlinable
public func vjp(
    of f: ([Variable]) -> [Variable], at x: [Double], cotangent u: [Double]
) -> (value: [Double], vjp: [Double]) {
    let tape = Tape(capacity: Swift.max(1 << 12, 16 * x.count))
    let xs = tape.variables(x)
    let y = f(xs)
    precondition(y.count == u.count, "vjp: cotangent has \(u.count) entries, f has \(y.count) outputs")
    let adj = tape.adjoints(seeds: (0..<y.count).map { (y[$0], u[$0]) })
    let g = xs.map { adj[$0.nodeIndex] }
    return withExtendedLifetime(tape) { (y.map(\.value), g) }
}

/// The Jacobian of `f: ℝⁿ → ℝᵐ` by reverse mode: one recording, then `m` sweeps of the same
/// tape (one row each).
/// - Complexity: one recording plus m sweeps.
///
/// ```swift
/// reverseJacobian(of: { x in [x[0] * x[1], x[0]] }, at: [3, 4])   // [[4, 3], [1, 0]]
/// ```
@inlinable
public func reverseJacobian(of f: ([Variable]) -> [Variable], at x: [Double]) -> [[Double]] {
    let tape = Tape(capacity: Swift.max(1 << 12, 16 * x.count))
    let xs = tape.variables(x)
    let y = f(xs)
    let rows = y.map { yi -> [Double] in
        let adj = tape.adjoints(seeds: [(yi, 1)])
        return xs.map { adj[$0.nodeIndex] }
    }
    return withExtendedLifetime(tape) { rows }
}

extension ReverseTape {
    /// Records `f` at `x` on this tape (after emptying it, keeping its buffers) and returns the
    /// value and gradient. Reusing one tape across calls avoids re-allocating its buffers. Works
    /// for any tape scalar (`Tape` for `Double`, `ReverseTape<Float>`, …).
    /// - Complexity: one recording plus one sweep.
    ///
    /// ```swift
    /// let tape = Tape()
    /// for x in points { let (v, g) = tape.valueWithGradient(of: f, at: x) }
    /// ```
    @inlinable
    public func valueWithGradient(
        of f: ([ReverseVariable<T>]) -> ReverseVariable<T>, at x: [T]
    ) -> (value: T, gradient: [T]) {
        reset()
        let xs = variables(x)
        let y = f(xs)
        guard y.tape == storage else { return (y.value, [T](repeating: 0, count: x.count)) }
        y.checkLive()
        let n = count
        precondition(Int(y.index) < n,
                     "Autodiff: the output is not of this recording (a variable from before reset())")
        // `variables(_:)` gave the inputs the consecutive nodes 0 ..< x.count, so the gradient is
        // the first x.count adjoints: when the tape is short, sweep into the result array itself
        // and truncate it (no copy); otherwise copy that prefix out of a scratch buffer.
        checkInvariants()   // before the sweep writes through the recorded indices
        var adj = [T](repeating: 0, count: n)
        adj.withUnsafeMutableBufferPointer { a in
            a[Int(y.index)] = 1
            storage.pointee.backward(a.baseAddress!)
            // The gradient (the first x.count adjoints) may hold a NaN from 0·∞: sweep again
            // with the exact-zero convention (exact; see TapeStorage.backward).
            if TapeStorage<T>.containsNaN(a.baseAddress!, x.count) {
                a.baseAddress!.update(repeating: 0, count: n)
                a[Int(y.index)] = 1
                storage.pointee.backward(a.baseAddress!, careful: true)
            }
        }
        let g: [T]
        if n - x.count <= x.count {
            adj.removeLast(n - x.count)
            g = adj
        } else {
            g = Array(adj[0..<x.count])
        }
        return (y.value, g)
    }
}
