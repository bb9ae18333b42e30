import RealModule

extension ArrayTape {
    /// `L·B` for a lower-triangular `d × d` matrix `L` (its entries above the diagonal are
    /// ignored and get adjoint 0) and a `d × n` matrix `B` — BLAS's `trmm`. The forward and
    /// backward loops run along the rows of `B` (length `n`), so they vectorise.
    ///
    /// Backward: `L̄ += tril(Ȳ·Bᵀ)`, `B̄ += Lᵀ·Ȳ`.
    /// - Precondition: `l` is `d × d` and `b` has `d` rows.
    /// - Complexity: O(d²·n/2) forward; the same per operand needing an adjoint backward.
    ///
    /// ```swift
    /// let y = tape.triangularProduct(l, data)   // d × n
    /// ```
    @inlinable
    public func triangularProduct(_ l: ArrayVariable, _ b: ArrayVariable) -> ArrayVariable {
        check(l); check(b)
        let d = l.rows
        precondition(l.columns == d && b.rows == d,
                     "ArrayTape.triangularProduct: \(l.rows) × \(l.columns) times \(b.rows) × \(b.columns)")
        let n = b.columns
        let live = needsAdjoint(l, b)
        let out = makeNode(rows: d, columns: n, needsAdjoint: live)
        lowerTriangularTimes(nodes[Int(l.node)].value, d, nodes[Int(b.node)].value, n,
                             into: nodes[Int(out.node)].value)
        if live { record(.triangularProduct, output: out, l, b) }
        return out
    }

    /// `Σ_r x[r][c]²` for each column (`1 × columns`). Backward: `x̄[r][c] += 2·x[r][c]·ȳ[c]`.
    /// - Complexity: O(n).
    @inlinable
    public func sumOfSquares(_ x: ArrayVariable, over axis: ArrayAxis) -> ArrayVariable {
        check(x)
        precondition(axis == .rows, "ArrayTape.sumOfSquares(over:): only .rows is supported")
        let live = needsAdjoint(x)
        let columns = x.columns
        let out = makeNode(rows: 1, columns: columns, needsAdjoint: live)
        let xs = nodes[Int(x.node)].value, os = nodes[Int(out.node)].value
        os.initialize(repeating: 0, count: columns)
        for r in 0..<x.rows {
            let xr = xs + r * columns
            for c in 0..<columns { os[c] = Relaxed.multiplyAdd(xr[c], xr[c], os[c]) }
        }
        if live { record(.sumOfSquaresRows, output: out, x) }
        return out
    }

    /// `Σ_r (x[r][c] − w[r])²` for each column (`1 × columns`): the squared distance of every
    /// column of `x` to the column vector `w` — the fusion of a broadcast subtraction and
    /// ``sumOfSquares(_:over:)``, without storing the differences. Backward:
    /// `x̄[r][c] += 2(x[r][c] − w[r])·ȳ[c]`, `w̄[r] −= Σ_c 2(x[r][c] − w[r])·ȳ[c]`.
    /// - Precondition: `w` is `x.rows × 1`. - Complexity: O(n).
    @inlinable
    public func sumOfSquaredDifferences(_ x: ArrayVariable, _ w: ArrayVariable, over axis: ArrayAxis) -> ArrayVariable {
        check(x); check(w)
        precondition(axis == .rows, "ArrayTape.sumOfSquaredDifferences(over:): only .rows is supported")
        precondition(w.rows == x.rows && w.columns == 1,
                     "ArrayTape.sumOfSquaredDifferences: \(w.rows) × \(w.columns) against \(x.rows) × \(x.columns)")
        let live = needsAdjoint(x, w)
        let columns = x.columns
        let out = makeNode(rows: 1, columns: columns, needsAdjoint: live)
        let xs = nodes[Int(x.node)].value, ws = nodes[Int(w.node)].value, os = nodes[Int(out.node)].value
        os.initialize(repeating: 0, count: columns)
        for r in 0..<x.rows {
            let xr = xs + r * columns, wr = ws[r]
            for c in 0..<columns { let t = xr[c] - wr; os[c] = Relaxed.multiplyAdd(t, t, os[c]) }
        }
        if live { record(.sumOfSquaredDifferencesRows, output: out, x, w) }
        return out
    }

    /// The `d × d` lower-triangular matrix with `diagonal` (`d` entries) on its diagonal and
    /// `strictlyLower` (`d(d−1)/2` entries) below it, filled column by column
    /// (`L[1][0], L[2][0], …, L[d−1][0], L[2][1], …`); zeros above. Backward scatters `L̄` back.
    /// - Precondition: the counts match. - Complexity: O(d²).
    @inlinable
    public func lowerTriangular(diagonal: ArrayVariable, strictlyLower: ArrayVariable) -> ArrayVariable {
        check(diagonal); check(strictlyLower)
        let d = diagonal.count
        precondition(strictlyLower.count == d * (d - 1) / 2,
                     "ArrayTape.lowerTriangular: \(strictlyLower.count) entries below a \(d) × \(d) diagonal")
        let live = needsAdjoint(diagonal, strictlyLower)
        let out = makeNode(rows: d, columns: d, needsAdjoint: live)
        let m = nodes[Int(out.node)].value
        let dg = nodes[Int(diagonal.node)].value, sl = nodes[Int(strictlyLower.node)].value
        m.initialize(repeating: 0, count: d * d)
        var k = 0
        for c in 0..<d {
            m[c * d + c] = dg[c]
            for r in (c + 1)..<Swift.max(d, c + 1) { m[r * d + c] = sl[k]; k += 1 }
        }
        if live { record(.lowerTriangular, output: out, diagonal, strictlyLower) }
        return out
    }

    /// `yᵢ = Σⱼ xⱼ·tᵢʲ`: the polynomial with coefficients `x` (lowest degree first) at the
    /// constant points `t` — a Vandermonde product computed without forming the matrix.
    /// Backward: `x̄ⱼ += Σᵢ ȳᵢ·tᵢʲ`.
    /// - Precondition: `t` is a constant. - Complexity: O(n·m) forward and backward.
    ///
    /// ```swift
    /// let p = tape.polynomial(coefficients: x, at: tape.constant(t))
    /// ```
    @inlinable
    public func polynomial(coefficients x: ArrayVariable, at t: ArrayVariable) -> ArrayVariable {
        check(x); check(t)
        precondition(!nodes[Int(t.node)].needsAdjoint, "ArrayTape.polynomial: the points must be constants")
        let live = needsAdjoint(x)
        let n = t.count, m = x.count
        let out = makeNode(rows: n, columns: 1, needsAdjoint: live)
        let ys = nodes[Int(out.node)].value, ts = nodes[Int(t.node)].value, xs = nodes[Int(x.node)].value
        let power = scratch(n)
        power.initialize(repeating: 1, count: n)
        ys.initialize(repeating: 0, count: n)
        for j in 0..<m {
            let c = xs[j]
            for i in 0..<n {
                ys[i] = Relaxed.multiplyAdd(c, power[i], ys[i])
                power[i] *= ts[i]
            }
        }
        if live { record(.polynomial, output: out, x, t, scratch: power) }
        return out
    }
}

/// `out (d × n) = L·B` with `L` lower triangular (row-major `d × d`), `B` row-major `d × n`:
/// row `j` of the result is `Σ_{c ≤ j} L[j][c]·B[c]`, accumulated four rows of `B` at a time.
@inlinable
func lowerTriangularTimes(_ l: UnsafeMutablePointer<Double>, _ d: Int,
                          _ b: UnsafeMutablePointer<Double>, _ n: Int,
                          into out: UnsafeMutablePointer<Double>) {
    for j in 0..<d {
        let o = out + j * n, lj = l + j * d
        var c = 0
        if j + 1 >= 4 {
            let (l0, l1, l2, l3) = (lj[0], lj[1], lj[2], lj[3])
            let b0 = b, b1 = b + n, b2 = b + 2 * n, b3 = b + 3 * n
            for i in 0..<n { o[i] = l0 * b0[i] + l1 * b1[i] + l2 * b2[i] + l3 * b3[i] }
            c = 4
        } else {
            let l0 = lj[0]
            for i in 0..<n { o[i] = l0 * b[i] }
            c = 1
        }
        while c + 4 <= j + 1 {
            let (l0, l1, l2, l3) = (lj[c], lj[c + 1], lj[c + 2], lj[c + 3])
            let b0 = b + c * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n
            for i in 0..<n { o[i] += l0 * b0[i] + l1 * b1[i] + l2 * b2[i] + l3 * b3[i] }
            c += 4
        }
        while c <= j {
            let lc = lj[c], bc = b + c * n
            for i in 0..<n { o[i] += lc * bc[i] }
            c += 1
        }
    }
}

extension ArrayTape {
    /// The backward step of one entry: adds its contribution to its inputs' adjoints.
    @usableFromInline
    func backward(_ e: ArrayTapeEntry) {
        let out = nodes[Int(e.output)]
        let ybar = out.adjoint
        switch e.kind {
        case .mapUnary:
            let (xbar, overwrite) = adjointForWriting(e.a)
            let p = e.scratch!, n = out.count
            if overwrite { for i in 0..<n { xbar[i] = p[i] * ybar[i] } }
            else { for i in 0..<n { xbar[i] = Relaxed.multiplyAdd(p[i], ybar[i], xbar[i]) } }
        case .mapBinary:
            let p = e.scratch!, n = out.count
            accumulateBroadcast(e.a, ybar, weights: p, rows: out.rows, columns: out.columns)
            accumulateBroadcast(e.b, ybar, weights: p + n, rows: out.rows, columns: out.columns)
        case .mapSumUnary:
            let (xbar, overwrite) = adjointForWriting(e.a)
            let p = e.scratch!, s = ybar[0], n = nodes[Int(e.a)].count
            if overwrite { for i in 0..<n { xbar[i] = p[i] * s } }
            else { for i in 0..<n { xbar[i] = Relaxed.multiplyAdd(p[i], s, xbar[i]) } }
        case .mapSumBinary:
            let s = ybar[0]
            let (rows, columns) = broadcastShape(variable(e.a), variable(e.b))
            let p = e.scratch!, n = rows * columns
            if nodes[Int(e.a)].needsAdjoint {
                accumulateBroadcast(e.a, nil, scalar: s, weights: p, rows: rows, columns: columns)
            }
            if nodes[Int(e.b)].needsAdjoint {
                if nodes[Int(e.b)].count == 1 {
                    let bb = adjointForAccumulation(e.b)
                    bb[0] += s * e.value
                } else {
                    accumulateBroadcast(e.b, nil, scalar: s, weights: p + n, rows: rows, columns: columns)
                }
            }
        case .add, .subtract:
            accumulateBroadcast(e.a, ybar, weights: nil, rows: out.rows, columns: out.columns)
            accumulateBroadcast(e.b, ybar, weights: nil, rows: out.rows, columns: out.columns,
                                sign: e.kind == .add ? 1 : -1)
        case .scale:
            let (xbar, overwrite) = adjointForWriting(e.a)
            let c = e.value, n = out.count
            if overwrite { for i in 0..<n { xbar[i] = c * ybar[i] } }
            else { for i in 0..<n { xbar[i] = Relaxed.multiplyAdd(c, ybar[i], xbar[i]) } }
        case .sumAll:
            let (xbar, overwrite) = adjointForWriting(e.a)
            let s = ybar[0], n = nodes[Int(e.a)].count
            if overwrite { xbar.initialize(repeating: s, count: n) }
            else { for i in 0..<n { xbar[i] += s } }
        case .sumRows:
            let x = nodes[Int(e.a)]
            let xbar = adjointForAccumulation(e.a)
            for r in 0..<x.rows {
                let xr = xbar + r * x.columns
                for c in 0..<x.columns { xr[c] += ybar[c] }
            }
        case .sumColumns:
            let x = nodes[Int(e.a)]
            let xbar = adjointForAccumulation(e.a)
            for r in 0..<x.rows {
                let xr = xbar + r * x.columns, s = ybar[r]
                for c in 0..<x.columns { xr[c] += s }
            }
        case .maxAll:
            adjointForAccumulation(e.a)[e.extra] += ybar[0]
        case .maxRows:
            let x = nodes[Int(e.a)]
            let xbar = adjointForAccumulation(e.a)
            for c in 0..<x.columns { xbar[indices[e.extra + c] * x.columns + c] += ybar[c] }
        case .slice:
            let xbar = adjointForAccumulation(e.a) + e.extra
            for i in 0..<out.count { xbar[i] += ybar[i] }
        case .stack:
            let parts = indices[e.extra]
            var offset = 0
            for k in 0..<parts {
                let node = Int32(indices[e.extra + 1 + k])
                let n = nodes[Int(node)].count
                if nodes[Int(node)].needsAdjoint {
                    let (pbar, overwrite) = adjointForWriting(node)
                    if overwrite { pbar.update(from: ybar + offset, count: n) }
                    else { for i in 0..<n { pbar[i] += ybar[offset + i] } }
                }
                offset += n
            }
        case .shift:
            let n = out.count, k = e.extra
            if n > k {
                let xbar = adjointForAccumulation(e.a)
                for i in k..<n { xbar[i - k] += ybar[i] }
            }
        case .triangularProduct:
            triangularProductBackward(e)
        case .gatherRows:
            let columns = out.columns
            let xbar = adjointForAccumulation(e.a)
            for i in 0..<out.rows {
                let row = xbar + indices[e.extra + i] * columns, yi = ybar + i * columns
                for c in 0..<columns { row[c] += yi[c] }
            }
        case .sumOfSquaresRows:
            let x = nodes[Int(e.a)]
            let (xbar, overwrite) = adjointForWriting(e.a)
            let columns = x.columns
            for r in 0..<x.rows {
                let xr = x.value + r * columns, br = xbar + r * columns
                if overwrite { for c in 0..<columns { br[c] = 2 * xr[c] * ybar[c] } }
                else { for c in 0..<columns { br[c] = Relaxed.multiplyAdd(2 * xr[c], ybar[c], br[c]) } }
            }
        case .sumOfSquaredDifferencesRows:
            let x = nodes[Int(e.a)], w = nodes[Int(e.b)]
            let columns = x.columns
            let liveX = x.needsAdjoint
            let (xbar, overwrite) = liveX ? adjointForWriting(e.a) : (x.adjoint, false)
            let wbar: UnsafeMutablePointer<Double>? = w.needsAdjoint ? adjointForAccumulation(e.b) : nil
            for r in 0..<x.rows {
                let xr = x.value + r * columns, br = xbar + r * columns, wr = w.value[r]
                var sum = 0.0
                if liveX {
                    if overwrite {
                        for c in 0..<columns {
                            let g = 2 * (xr[c] - wr) * ybar[c]
                            br[c] = g
                            sum = Relaxed.sum(sum, g)
                        }
                    } else {
                        for c in 0..<columns {
                            let g = 2 * (xr[c] - wr) * ybar[c]
                            br[c] += g
                            sum = Relaxed.sum(sum, g)
                        }
                    }
                } else {
                    for c in 0..<columns { sum = Relaxed.multiplyAdd(2 * (xr[c] - wr), ybar[c], sum) }
                }
                if let wbar { wbar[r] -= sum }
            }
        case .lowerTriangular:
            let d = out.rows
            if nodes[Int(e.a)].needsAdjoint {
                let db = adjointForAccumulation(e.a)
                for c in 0..<d { db[c] += ybar[c * d + c] }
            }
            if nodes[Int(e.b)].needsAdjoint && d > 1 {
                let sb = adjointForAccumulation(e.b)
                var k = 0
                for c in 0..<d {
                    for r in (c + 1)..<d { sb[k] += ybar[r * d + c]; k += 1 }
                }
            }
        case .polynomial:
            let t = nodes[Int(e.b)].value, n = out.count
            let xbar = adjointForAccumulation(e.a)
            let power = e.scratch!
            power.initialize(repeating: 1, count: n)
            for j in 0..<nodes[Int(e.a)].count {
                var s = 0.0
                for i in 0..<n {
                    s = Relaxed.multiplyAdd(ybar[i], power[i], s)
                    power[i] *= t[i]
                }
                xbar[j] += s
            }
        }
    }

    /// A handle for node `i` (used inside backward steps).
    @inlinable
    func variable(_ i: Int32) -> ArrayVariable {
        let n = nodes[Int(i)]
        return ArrayVariable(node: i, rows: n.rows, columns: n.columns, generation: generation)
    }

    /// `x̄ += reduce(w ∘ ȳ)` (or `sign·ȳ` without weights, or `scalar·w` without `ȳ`) summed over
    /// the dimensions along which `x` was broadcast to `rows × columns`.
    @inlinable
    func accumulateBroadcast(_ xi: Int32, _ ybar: UnsafeMutablePointer<Double>?, scalar: Double = 1,
                             weights w: UnsafeMutablePointer<Double>?, rows: Int, columns: Int,
                             sign: Double = 1) {
        let x = nodes[Int(xi)]
        guard x.needsAdjoint else { return }
        if x.rows == rows && x.columns == columns {
            let (xbar, overwrite) = adjointForWriting(xi)
            let n = rows * columns
            switch (ybar, w) {
            case let (y?, w?):
                if overwrite { for i in 0..<n { xbar[i] = w[i] * y[i] } }
                else { for i in 0..<n { xbar[i] = Relaxed.multiplyAdd(w[i], y[i], xbar[i]) } }
            case let (y?, nil):
                if overwrite { for i in 0..<n { xbar[i] = sign * y[i] } }
                else { for i in 0..<n { xbar[i] += sign * y[i] } }
            case let (nil, w?):
                if overwrite { for i in 0..<n { xbar[i] = scalar * w[i] } }
                else { for i in 0..<n { xbar[i] = Relaxed.multiplyAdd(scalar, w[i], xbar[i]) } }
            case (nil, nil):
                if overwrite { xbar.initialize(repeating: scalar, count: n) }
                else { for i in 0..<n { xbar[i] += scalar } }
            }
            return
        }
        let layout = BroadcastLayout(variable(xi), rows: rows, columns: columns)
        let xbar = adjointForAccumulation(xi)
        // g[e] = (ȳ present ? sign·ȳ[e] : scalar) · (w present ? w[e] : 1), summed over the
        // broadcast dimension; one loop per case so each vectorises.
        let factor = ybar == nil ? scalar : sign
        for r in 0..<rows {
            let base = r * columns
            let xr = xbar + r * layout.rowStride
            if layout.columnStride == 0 {
                var acc = 0.0
                switch (ybar, w) {
                case let (y?, w?): for c in 0..<columns { acc = Relaxed.multiplyAdd(w[base + c], y[base + c], acc) }
                case let (y?, nil): for c in 0..<columns { acc = Relaxed.sum(acc, y[base + c]) }
                case let (nil, w?): for c in 0..<columns { acc = Relaxed.sum(acc, w[base + c]) }
                case (nil, nil): acc = Double(columns)
                }
                xr[0] += factor * acc
            } else {
                switch (ybar, w) {
                case let (y?, w?): for c in 0..<columns { xr[c] = Relaxed.multiplyAdd(factor * w[base + c], y[base + c], xr[c]) }
                case let (y?, nil): for c in 0..<columns { xr[c] = Relaxed.multiplyAdd(factor, y[base + c], xr[c]) }
                case let (nil, w?): for c in 0..<columns { xr[c] = Relaxed.multiplyAdd(factor, w[base + c], xr[c]) }
                case (nil, nil): for c in 0..<columns { xr[c] += factor }
                }
            }
        }
    }

    @usableFromInline
    func triangularProductBackward(_ e: ArrayTapeEntry) {
        let lnode = nodes[Int(e.a)], bnode = nodes[Int(e.b)]
        let d = lnode.rows, n = bnode.columns
        let ybar = nodes[Int(e.output)].adjoint
        let l = lnode.value, b = bnode.value
        if lnode.needsAdjoint {
            // L̄[j][c] += ⟨Ȳ_j, B_c⟩ for c ≤ j, four dot products per pass over Ȳ_j.
            let lbar = adjointForAccumulation(e.a)
            for j in 0..<d {
                let yj = ybar + j * n, lj = lbar + j * d
                var c = 0
                while c + 4 <= j + 1 {
                    let b0 = b + c * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n
                    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                    for i in 0..<n {
                        let y = yj[i]
                        s0 = Relaxed.multiplyAdd(y, b0[i], s0)
                        s1 = Relaxed.multiplyAdd(y, b1[i], s1)
                        s2 = Relaxed.multiplyAdd(y, b2[i], s2)
                        s3 = Relaxed.multiplyAdd(y, b3[i], s3)
                    }
                    lj[c] += s0; lj[c + 1] += s1; lj[c + 2] += s2; lj[c + 3] += s3
                    c += 4
                }
                while c <= j {
                    let bc = b + c * n
                    var s = 0.0
                    for i in 0..<n { s = Relaxed.multiplyAdd(yj[i], bc[i], s) }
                    lj[c] += s
                    c += 1
                }
            }
        }
        if bnode.needsAdjoint {
            // B̄_c += Σ_{j ≥ c} L[j][c]·Ȳ_j.
            let bbar = adjointForAccumulation(e.b)
            for c in 0..<d {
                let bc = bbar + c * n
                for j in c..<d {
                    let w = l[j * d + c], yj = ybar + j * n
                    for i in 0..<n { bc[i] = Relaxed.multiplyAdd(w, yj[i], bc[i]) }
                }
            }
        }
    }
}
