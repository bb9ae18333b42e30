import RealModule

extension ReverseVariable {
    /// The tape of a list of variables (nil if all are constants); traps if two tapes are mixed.
    @inlinable
    static func commonTape(_ xs: ArraySlice<ReverseVariable>) -> UnsafeMutablePointer<TapeStorage<T>>? {
        var t: UnsafeMutablePointer<TapeStorage<T>>? = nil
        for x in xs where x.tape != nil {
            x.checkLive()
            if t == nil { t = x.tape } else if t != x.tape {
                fatalError("Autodiff: variables from two different tapes were combined")
            }
        }
        return t
    }

    /// Whether the node indices of `xs` are consecutive and all on the tape.
    @inlinable
    static func contiguousStart(_ xs: ArraySlice<ReverseVariable>,
                                _ t: UnsafeMutablePointer<TapeStorage<T>>) -> Int32? {
        if let s = knownContiguousStart(xs, t) { return s }
        guard let first = xs.first, first.tape == t else { return nil }
        let s = first.index &- Int32(truncatingIfNeeded: xs.startIndex)
        for k in xs.indices where xs[k].tape != t || xs[k].index != s &+ Int32(truncatingIfNeeded: k) {
            return nil
        }
        return first.index
    }

    @inlinable
    static func commonTape(_ xs: [ReverseVariable]) -> UnsafeMutablePointer<TapeStorage<T>>? {
        commonTape(xs[...])
    }

    /// O(1): the first node index of `xs` if its storage lies inside one of the tape's retained
    /// runs of consecutive variables (so its elements are that run's, unmodified: a run is
    /// retained by the tape, so mutating any copy or slice of it reallocates). `nil` means
    /// "not known", not "not contiguous".
    @inlinable
    static func knownContiguousStart(_ xs: ArraySlice<ReverseVariable>,
                                     _ t: UnsafeMutablePointer<TapeStorage<T>>) -> Int32? {
        if xs.isEmpty || t.pointee.contiguousRuns.isEmpty { return nil }
        return xs.withUnsafeBufferPointer { xb -> Int32? in
            let p = Int(bitPattern: xb.baseAddress!)
            let stride = MemoryLayout<ReverseVariable>.stride
            for r in t.pointee.contiguousRuns.indices {
                let found = t.pointee.contiguousRuns[r].withUnsafeBufferPointer { rb -> Int32? in
                    let off = p - Int(bitPattern: rb.baseAddress!)
                    guard off >= 0, off % stride == 0 else { return nil }
                    let k = off / stride
                    guard k + xb.count <= rb.count else { return nil }
                    return rb[0].index &+ Int32(truncatingIfNeeded: k)
                }
                if let found { return found }
            }
            return nil
        }
    }

    @inlinable
    static func contiguousStart(_ xs: [ReverseVariable], _ t: UnsafeMutablePointer<TapeStorage<T>>) -> Int32? {
        contiguousStart(xs[...], t)
    }

    /// Records `Σₖ w[k]·xs[k]` as one vector node, the weights `w` having already been written to
    /// the tape's extension buffer at `off ..< off + xs.count`.
    @inlinable
    static func recordLinear(_ xs: ArraySlice<ReverseVariable>, _ t: UnsafeMutablePointer<TapeStorage<T>>,
                             weightsAt off: Int, value: T,
                             contiguous known: Bool? = nil) -> ReverseVariable {
        let n = xs.count
        let kind: VectorNode.Kind
        var input: Int32 = -1
        let start = known == false ? nil
            : (known == true ? (n > 0 ? xs.first!.index : 0) : contiguousStart(xs, t))
        if let start, n > 0 {
            kind = .linearContiguous
            input = start
        } else {
            kind = .linearGather
            let idx = t.pointee.extIndex + off
            var k = 0, anyInput = false
            for x in xs { idx[k] = x.index; anyInput = anyInput || x.index >= 0; k += 1 }
            if !anyInput { t.pointee.hasLateRoots = true }
        }
        let out = t.pointee.reserve(1)
        t.pointee.vectorNodes.append(VectorNode(
            kind: kind, output: out, outputCount: 1, input: input, inputCount: Int32(n), ext: off))
        return ReverseVariable(value, index: out, tape: t)
    }

    /// Records `Σₖ weights[k]·xs[k]` (value `value`) as one vector node.
    @inlinable
    static func recordLinear(_ xs: [ReverseVariable], weights: UnsafeBufferPointer<T>,
                             value: T) -> ReverseVariable {
        guard let t = commonTape(xs) else { return ReverseVariable(constant: value) }
        let n = xs.count
        let off = t.pointee.reserveExt(n)
        let s = t.pointee
        (s.extWeight + off).initialize(from: weights.baseAddress!, count: n)
        let kind: VectorNode.Kind
        var input: Int32 = -1
        if let start = contiguousStart(xs, t) {
            kind = .linearContiguous
            input = start
        } else {
            kind = .linearGather
            var anyInput = false
            for k in 0..<n { s.extIndex[off + k] = xs[k].index; anyInput = anyInput || xs[k].index >= 0 }
            if !anyInput { t.pointee.hasLateRoots = true }
        }
        let out = t.pointee.reserve(1)
        t.pointee.vectorNodes.append(VectorNode(
            kind: kind, output: out, outputCount: 1, input: input, inputCount: Int32(n), ext: off))
        return ReverseVariable(value, index: out, tape: t)
    }

    /// `Σ xs` recorded as a single tape node whose backward step is one vectorised loop.
    /// - Complexity: O(n) time; 12 bytes of tape per element.
    ///
    /// ```swift
    /// Variable.sum(xs)
    /// ```
    @inlinable
    public static func sum(_ xs: [ReverseVariable]) -> ReverseVariable {
        var v: T = 0
        for x in xs { v += x.value }
        return withUnsafeTemporaryAllocation(of: T.self, capacity: xs.count) { w in
            w.initialize(repeating: 1)
            return recordLinear(xs, weights: UnsafeBufferPointer(w), value: v)
        }
    }

    /// `Σ xs[k]·ys[k]` recorded as a single tape node.
    /// - Precondition: `xs.count == ys.count`.
    /// - Complexity: O(n).
    @inlinable
    public static func dot(_ xs: [ReverseVariable], _ ys: [ReverseVariable]) -> ReverseVariable {
        precondition(xs.count == ys.count, "dot: lengths differ")
        let n = xs.count
        var v: T = 0
        for k in 0..<n { v += xs[k].value * ys[k].value }
        return withUnsafeTemporaryAllocation(of: T.self, capacity: 2 * n) { w in
            for k in 0..<n {
                (w.baseAddress! + k).initialize(to: ys[k].value)
                (w.baseAddress! + n + k).initialize(to: xs[k].value)
            }
            return recordLinear(xs + ys, weights: UnsafeBufferPointer(w), value: v)
        }
    }

    /// `Σ xs[k]·c[k]` with constant coefficients, recorded as a single tape node.
    /// - Complexity: O(n).
    @inlinable
    public static func dot(_ xs: [ReverseVariable], _ c: [T]) -> ReverseVariable {
        precondition(xs.count == c.count, "dot: lengths differ")
        var v: T = 0
        for k in 0..<xs.count { v += xs[k].value * c[k] }
        return c.withUnsafeBufferPointer { recordLinear(xs, weights: $0, value: v) }
    }

    /// `log Σ exp(xs)`, computed stably (shifted by the maximum) and recorded as a single node
    /// whose partials are the softmax weights.
    /// - Complexity: O(n).
    @inlinable
    public static func logSumExp(_ xs: [ReverseVariable]) -> ReverseVariable {
        if xs.isEmpty { return ReverseVariable(constant: -.infinity) }
        var m = -T.infinity
        for x in xs where x.value > m { m = x.value }
        // (A NaN element is looked for only in the rare case of an infinite maximum.)
        let infiniteMaximum = m.isInfinite && !xs.contains { $0.value.isNaN }
        if !m.isFinite { m = 0 }
        return withUnsafeTemporaryAllocation(of: T.self, capacity: xs.count) { w in
            var s: T = 0
            for k in xs.indices {
                let e = T.exp(xs[k].value - m)
                (w.baseAddress! + k).initialize(to: e)
                s += e
            }
            let inv = 1 / s
            for k in xs.indices { w[k] *= inv }
            let value = m + T.log(s)
            if infiniteMaximum {
                // The softmax at ±∞ is the limit along the maximal elements: equal weights on
                // them (the elements equal to +∞, or all of them when every one is −∞).
                let top = value   // +∞ or −∞
                var c: T = 0
                for x in xs where x.value == top { c += 1 }
                for k in xs.indices { w[k] = xs[k].value == top ? 1 / c : 0 }
            }
            return recordLinear(xs, weights: UnsafeBufferPointer(w), value: value)
        }
    }

    /// `A·x` for a constant row-major `rows × columns` matrix `A`, recorded as one node with
    /// `rows` outputs; the backward step is `x̄ += Aᵀȳ` as `rows` vectorised row updates.
    /// The tape keeps a reference to `a` (no copy).
    /// - Complexity: O(rows·columns).
    @inlinable
    public static func matrixVector(_ a: [Double], rows: Int, columns: Int,
                                    _ x: [ReverseVariable]) -> [ReverseVariable] {
        precondition(a.count == rows * columns && x.count == columns,
                     "matrixVector: shape mismatch")
        let y = [T](unsafeUninitializedCapacity: rows) { yb, initialized in
            withUnsafeTemporaryAllocation(of: T.self, capacity: Swift.max(columns, 1)) { xv in
                for c in 0..<columns { (xv.baseAddress! + c).initialize(to: x[c].value) }
                a.withUnsafeBufferPointer { ab in
                    for r in 0..<rows {
                        let row = ab.baseAddress! + r * columns
                        var s: T = 0
                        for c in 0..<columns { s = Relaxed.multiplyAdd(lift(row[c]), xv[c], s) }
                        (yb.baseAddress! + r).initialize(to: s)
                    }
                }
            }
            initialized = rows
        }
        guard let t = commonTape(x) else { return y.map { ReverseVariable(constant: $0) } }
        var kind = VectorNode.Kind.matrixVectorGather
        var input: Int32 = -1
        var off = 0
        if let start = contiguousStart(x, t) {
            kind = .matrixVectorContiguous
            input = start
        } else {
            off = t.pointee.reserveExt(columns)
            var anyInput = false
            for k in 0..<columns { t.pointee.extIndex[off + k] = x[k].index; anyInput = anyInput || x[k].index >= 0 }
            if !anyInput { t.pointee.hasLateRoots = true }
        }
        let out = t.pointee.reserve(rows)
        t.pointee.vectorNodes.append(VectorNode(
            kind: kind, output: out, outputCount: Int32(rows), input: input,
            inputCount: Int32(columns), ext: off, matrix: a))
        let outputs = [ReverseVariable](unsafeUninitializedCapacity: rows) { ob, initialized in
            for r in 0..<rows {
                (ob.baseAddress! + r).initialize(
                    to: ReverseVariable(y[r], index: out &+ Int32(truncatingIfNeeded: r), tape: t))
            }
            initialized = rows
        }
        if rows > 0 { t.pointee.contiguousRuns.append(outputs) }
        return outputs
    }
}

// MARK: - Generic vector functions (vector nodes when the scalar is a tape variable)
//
// The tape scalars whose vector functions record vector nodes: `Variable`,
// `ReverseVariable<Float>` and the two forward-over-reverse scalars (`HessianVectorVariable`,
// `HessianVariable`). The type tests fold away when specialised; any other scalar runs the
// plain loop.

/// `Σ xs` as a vector node if `T` is `ReverseVariable<U>`.
@inlinable @inline(__always)
func recordedSum<T: Real, U: Real>(_ xs: [T], on _: U.Type) -> T? {
    guard T.self == ReverseVariable<U>.self else { return nil }
    return unsafeBitCast(
        ReverseVariable<U>.sum(unsafeBitCast(xs, to: [ReverseVariable<U>].self)), to: T.self)
}

/// `Σ xs·ys` as a vector node if `T` is `ReverseVariable<U>`.
@inlinable @inline(__always)
func recordedDot<T: Real, U: Real>(_ xs: [T], _ ys: [T], on _: U.Type) -> T? {
    guard T.self == ReverseVariable<U>.self else { return nil }
    return unsafeBitCast(
        ReverseVariable<U>.dot(unsafeBitCast(xs, to: [ReverseVariable<U>].self),
                               unsafeBitCast(ys, to: [ReverseVariable<U>].self)), to: T.self)
}

/// `log Σ exp(xs)` as a vector node if `T` is `ReverseVariable<U>`.
@inlinable @inline(__always)
func recordedLogSumExp<T: Real, U: Real>(_ xs: [T], on _: U.Type) -> T? {
    guard T.self == ReverseVariable<U>.self else { return nil }
    return unsafeBitCast(
        ReverseVariable<U>.logSumExp(unsafeBitCast(xs, to: [ReverseVariable<U>].self)),
        to: T.self)
}

/// `A·x` as a vector node if `T` is `ReverseVariable<U>`.
@inlinable @inline(__always)
func recordedMatrixVector<T: Real, U: Real>(
    _ a: [Double], _ rows: Int, _ columns: Int, _ x: [T], on _: U.Type
) -> [T]? {
    guard T.self == ReverseVariable<U>.self else { return nil }
    return unsafeBitCast(
        ReverseVariable<U>.matrixVector(a, rows: rows, columns: columns,
                                        unsafeBitCast(x, to: [ReverseVariable<U>].self)),
        to: [T].self)
}

/// `Σ xs`. On ``Variable`` (and the `Float`, `Dual<Double>` and `MultiDual<8, Double>` tapes)
/// this is one vector tape node; on other scalars a plain loop.
/// - Complexity: O(n).
///
/// ```swift
/// sum([1.0, 2, 3])  // 6
/// ```
@inlinable
public func sum<T: Real>(_ xs: [T]) -> T {
    if let r = recordedSum(xs, on: Double.self) ?? recordedSum(xs, on: Float.self)
        ?? recordedSum(xs, on: Dual<Double>.self) ?? recordedSum(xs, on: MultiDual<8, Double>.self) {
        return r
    }
    var s: T = 0
    for x in xs { s += x }
    return s
}

/// `Σ xs[k]·ys[k]`. On ``Variable`` (and the other tapes listed at ``sum(_:)``) this is one
/// vector tape node.
/// - Precondition: equal lengths. - Complexity: O(n).
///
/// ```swift
/// dot([1.0, 2], [3.0, 4])  // 11
/// ```
@inlinable
public func dot<T: Real>(_ xs: [T], _ ys: [T]) -> T {
    precondition(xs.count == ys.count, "dot: lengths differ")
    if let r = recordedDot(xs, ys, on: Double.self) ?? recordedDot(xs, ys, on: Float.self)
        ?? recordedDot(xs, ys, on: Dual<Double>.self)
        ?? recordedDot(xs, ys, on: MultiDual<8, Double>.self) {
        return r
    }
    var s: T = 0
    for k in xs.indices { s += xs[k] * ys[k] }
    return s
}

/// `log Σ exp(xs)`, shifted by the maximum so it never overflows; `−∞` for an empty list.
/// On ``Variable`` (and the other tapes listed at ``sum(_:)``) this is one vector tape node
/// (partials: the softmax). Where the maximum is +∞ (or every element is −∞) the partials are
/// the limit of the softmax there: equal weights on the maximal elements, 0 elsewhere.
/// - Complexity: O(n).
///
/// ```swift
/// logSumExp([0.0, 0.0])  // log 2
/// ```
@inlinable
public func logSumExp<T: Real>(_ xs: [T]) -> T {
    if let r = recordedLogSumExp(xs, on: Double.self) ?? recordedLogSumExp(xs, on: Float.self)
        ?? recordedLogSumExp(xs, on: Dual<Double>.self)
        ?? recordedLogSumExp(xs, on: MultiDual<8, Double>.self) {
        return r
    }
    if T.self == Dual<Double>.self {
        return unsafeBitCast(forwardLogSumExp(unsafeBitCast(xs, to: [Dual<Double>].self)),
                             to: T.self)
    }
    guard var m = xs.first else { return -T.infinity }
    for x in xs where x > m { m = x }
    if m.isInfinite && !xs.contains(where: { $0.isNaN }) {
        // ±∞ (the same value as below), with the derivative of the limit along the maximal
        // elements: the mean of those equal to m.
        var s: T = 0, c: T = 0
        for x in xs where x == m { s += x; c += 1 }
        return s / c
    }
    if !m.isFinite { m = 0 }
    var s: T = 0
    for x in xs { s += T.exp(x - m) }
    return m + T.log(s)
}

/// `A·x` for a constant row-major `rows × columns` matrix. On ``Variable`` (and the other tapes
/// listed at ``sum(_:)``) this is one vector node with `rows` outputs (backward `x̄ += Aᵀȳ`,
/// vectorised); on other scalars a plain loop.
/// - Precondition: `a.count == rows * columns`, `x.count == columns`.
/// - Complexity: O(rows·columns).
///
/// ```swift
/// matrixVector([1, 2, 3, 4], rows: 2, columns: 2, [1.0, 1])   // [3, 7]
/// ```
@inlinable
public func matrixVector<T: Real>(_ a: [Double], rows: Int, columns: Int, _ x: [T]) -> [T] {
    if let r = recordedMatrixVector(a, rows, columns, x, on: Double.self)
        ?? recordedMatrixVector(a, rows, columns, x, on: Float.self)
        ?? recordedMatrixVector(a, rows, columns, x, on: Dual<Double>.self)
        ?? recordedMatrixVector(a, rows, columns, x, on: MultiDual<8, Double>.self) {
        return r
    }
    precondition(a.count == rows * columns && x.count == columns, "matrixVector: shape mismatch")
    return (0..<rows).map { r in
        var s: T = 0
        for c in 0..<columns { s += lift(a[r * columns + c]) * x[c] }
        return s
    }
}

/// ``logSumExp(_:)`` on forward-mode duals: the value computed exactly as on `Double` (same
/// shift, same order, so bitwise equal), the tangent as `Σᵢ softmaxᵢ · ẋᵢ` accumulated in the
/// same pass as the sum of exponentials — instead of a dual `exp` and subtraction per element
/// and a dual maximum. The tags merge as the operators would (perturbation confusion traps).
/// - Complexity: O(n), one `exp` per element.
@inlinable
func forwardLogSumExp(_ xs: [Dual<Double>]) -> Dual<Double> {
    guard var m = xs.first?.value else { return Dual(constant: -.infinity) }
    var tag: PerturbationTag = 0
    for x in xs {
        if x.value > m { m = x.value }
        tag = mergeTags(tag, x.tag)
    }
    if _slowPath(m.isInfinite) { return forwardLogSumExpRare(xs, m, tag) }
    if !m.isFinite { m = 0 }
    var s = 0.0, t = 0.0
    for x in xs {
        let e = Double.exp(x.value - m)
        s += e
        t += e * x.tangent
    }
    if _slowPath(tag & carefulTagBit != 0) && t.isNaN { return forwardLogSumExpRare(xs, m, tag) }
    return Dual(m + Double.log(s), tangent: tag == 0 ? 0 : t / s, tag: tag)
}

/// The rare cases of ``forwardLogSumExp(_:)``, out of line so that the common path stays small
/// enough to inline: an infinite maximum (the value ±∞ with the mean tangent of the maximal
/// elements, the limit of the softmax there, unless a NaN is present), and a NaN tangent under
/// a careful tag (recomputed with the exact-zero convention: an underflowed weight times an
/// infinite tangent contributes 0).
@inlinable @inline(never)
func forwardLogSumExpRare(_ xs: [Dual<Double>], _ m: Double, _ tag: PerturbationTag) -> Dual<Double> {
    if m.isInfinite && !xs.contains(where: { $0.value.isNaN }) {
        var t = 0.0, c = 0.0
        for x in xs where x.value == m { t += x.tangent; c += 1 }
        return Dual(m, tangent: tag == 0 ? 0 : t / c, tag: tag)
    }
    let shift = m.isFinite ? m : 0
    var s = 0.0, t = 0.0
    for x in xs {
        let e = Double.exp(x.value - shift)
        s += e
        t += tag & carefulTagBit != 0 ? strongZeroProduct(e, x.tangent) : e * x.tangent
    }
    return Dual(shift + Double.log(s), tangent: tag == 0 ? 0 : t / s, tag: tag)
}
