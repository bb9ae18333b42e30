import VectorMath

extension ArrayTape {
    /// `Σᵢ exp(xᵢ − m)` as one `1 × 1` result, for a `1 × 1` shift `m`: the fused map–sum
    /// `mapSum(ShiftedExp(), x, m)` of a log-sum-exp, with the exponentials computed by
    /// `VectorMath`'s vectorised `exp` (within 1 ulp) instead of one scalar `exp` per element.
    ///
    /// The derivative is the elementary rule exp′ = exp applied by the tape: the exponentials are
    /// the stored partials, so the backward step is `x̄ᵢ += exp(xᵢ − m)·ȳ` and, when `m` needs an
    /// adjoint, `m̄ −= (Σᵢ exp(xᵢ − m))·ȳ`.
    ///
    /// ```swift
    /// let m = tape.stopGradient(tape.max(x))
    /// let lse = tape.map(LogPlus(), tape.sumExp(x, shift: m), m)   // log Σ exp(xᵢ − m) + m
    /// ```
    /// - Precondition: `shift` is `1 × 1`.
    /// - Complexity: O(n); n doubles of partials when `x` needs an adjoint.
    public func sumExp(_ x: ArrayVariable, shift: ArrayVariable) -> ArrayVariable {
        check(x); check(shift)
        precondition(shift.count == 1, "ArrayTape.sumExp: the shift must be 1 × 1, got \(shift.rows) × \(shift.columns)")
        let liveX = needsAdjoint(x), liveM = needsAdjoint(shift)
        let out = makeNode(rows: 1, columns: 1, needsAdjoint: liveX || liveM)
        let n = x.count
        let xs = nodes[Int(x.node)].value
        let m = nodes[Int(shift.node)].value[0]
        // The exponentials go to the partials' storage (or a temporary one when nothing is recorded).
        let live = liveX || liveM
        let p = live ? scratch(n) : UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(n, 1))
        defer { if !live { p.deallocate() } }
        for i in 0..<n { p[i] = xs[i] - m }
        VectorMath.exp(UnsafeBufferPointer(start: p, count: n), into: UnsafeMutableBufferPointer(start: p, count: n))
        var s = 0.0
        for i in 0..<n { s = Relaxed.sum(s, p[i]) }
        nodes[Int(out.node)].value[0] = s
        if live { record(.mapSumBinary, output: out, x, shift, scratch: p, value: -s) }
        return out
    }
}
