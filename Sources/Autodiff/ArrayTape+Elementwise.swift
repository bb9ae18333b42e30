import RealModule

/// A scalar function `g(x)` written once, generically, applied elementwise by
/// ``ArrayTape/map(_:_:)``; its derivative comes from running it on a forward-mode dual.
///
/// ```swift
/// struct Square: ArrayUnaryFunction { func callAsFunction<T: Real>(_ x: T) -> T { x * x } }
/// ```
public protocol ArrayUnaryFunction {
    /// `g(x)`.
    func callAsFunction<T: Real>(_ x: T) -> T
}

/// A scalar function `g(x, y)` written once, generically, applied elementwise (with
/// broadcasting) by ``ArrayTape/map(_:_:_:)``; its two partials come from running it on a
/// two-direction dual.
///
/// ```swift
/// struct ShiftedExp: ArrayBinaryFunction {
///     func callAsFunction<T: Real>(_ x: T, _ m: T) -> T { T.exp(x - m) }
/// }
/// ```
public protocol ArrayBinaryFunction {
    /// `g(x, y)`.
    func callAsFunction<T: Real>(_ x: T, _ y: T) -> T
}

/// The dimension a reduction runs along.
public enum ArrayAxis: Sendable {
    /// Reduce over the rows: a `rows × columns` array becomes `1 × columns`.
    case rows
    /// Reduce over the columns: a `rows × columns` array becomes `rows × 1`.
    case columns
}

/// How an operand is laid over a broadcast result: element `(r, c)` is at
/// `r·rowStride + c·columnStride`.
@usableFromInline
struct BroadcastLayout {
    @usableFromInline var rowStride: Int
    @usableFromInline var columnStride: Int

    @inlinable
    init(_ v: ArrayVariable, rows: Int, columns: Int) {
        precondition((v.rows == rows || v.rows == 1) && (v.columns == columns || v.columns == 1),
                     "ArrayTape: cannot broadcast \(v.rows) × \(v.columns) to \(rows) × \(columns)")
        rowStride = v.rows == 1 ? 0 : v.columns
        columnStride = v.columns == 1 ? 0 : 1
    }
}

/// The broadcast shape of two operands.
@inlinable
func broadcastShape(_ a: ArrayVariable, _ b: ArrayVariable) -> (rows: Int, columns: Int) {
    let r = a.rows == 1 ? b.rows : a.rows
    let c = a.columns == 1 ? b.columns : a.columns
    return (r, c)
}

extension ArrayTape {
    // MARK: Elementwise maps
    //
    // The duals `g` runs on carry the wildcard tag (as `Dual.sumOfTerms`'s terms do): it merges
    // with the constants inside `g` without the constant fast paths of tag 0, which would drop
    // the seeded partials, and it asks for the exact-zero convention of every other mode.

    /// `g` applied to every element. The partials `g′(xᵢ)` are computed in the same pass (by
    /// running `g` on a dual number) and kept for the backward step `x̄ᵢ += g′(xᵢ)·ȳᵢ`.
    /// - Complexity: O(n) evaluations of `g` on a one-direction dual; n doubles of partials.
    ///
    /// ```swift
    /// let e = tape.map(Exp(), x)
    /// ```
    @inlinable
    public func map<G: ArrayUnaryFunction>(_ g: G, _ x: ArrayVariable) -> ArrayVariable {
        check(x)
        let live = needsAdjoint(x)
        let y = makeNode(rows: x.rows, columns: x.columns, needsAdjoint: live)
        let n = x.count
        let xs = nodes[Int(x.node)].value, ys = nodes[Int(y.node)].value
        if !live {
            for i in 0..<n { ys[i] = g(xs[i]) }
            return y
        }
        let p = scratch(n)
        for i in 0..<n {
            let d = g(MultiDual<1, Double>(xs[i], partials: [1], tag: wildcardPerturbationTag))
            ys[i] = d.value
            p[i] = d.partials[0]
        }
        record(.mapUnary, output: y, x, scratch: p)
        return y
    }

    /// `g(x, y)` elementwise, broadcasting a `1 × 1`, row or column operand. Both partials come
    /// from one evaluation of `g` on a two-direction dual and are kept for the backward step
    /// (summed back over broadcast dimensions).
    /// - Complexity: O(n) evaluations of `g`; up to 2n doubles of partials.
    ///
    /// ```swift
    /// let e = tape.map(ShiftedExp(), x, m)     // exp(xᵢ − m) for a scalar m
    /// ```
    @inlinable
    public func map<G: ArrayBinaryFunction>(_ g: G, _ x: ArrayVariable, _ y: ArrayVariable) -> ArrayVariable {
        check(x); check(y)
        let (rows, columns) = broadcastShape(x, y)
        let lx = BroadcastLayout(x, rows: rows, columns: columns)
        let ly = BroadcastLayout(y, rows: rows, columns: columns)
        let liveX = needsAdjoint(x), liveY = needsAdjoint(y)
        let out = makeNode(rows: rows, columns: columns, needsAdjoint: liveX || liveY)
        let xs = nodes[Int(x.node)].value, ys = nodes[Int(y.node)].value
        let os = nodes[Int(out.node)].value
        let n = rows * columns
        if !liveX && !liveY {
            for r in 0..<rows {
                for c in 0..<columns {
                    os[r * columns + c] = g(xs[r * lx.rowStride + c * lx.columnStride],
                                            ys[r * ly.rowStride + c * ly.columnStride])
                }
            }
            return out
        }
        let p = scratch(2 * n)
        if liveX && liveY {
            for r in 0..<rows {
                for c in 0..<columns {
                    let d = g(MultiDual<2, Double>(xs[r * lx.rowStride + c * lx.columnStride],
                                                   partials: [1, 0], tag: wildcardPerturbationTag),
                              MultiDual<2, Double>(ys[r * ly.rowStride + c * ly.columnStride],
                                                   partials: [0, 1], tag: wildcardPerturbationTag))
                    let e = r * columns + c
                    os[e] = d.value
                    p[e] = d.partials[0]
                    p[n + e] = d.partials[1]
                }
            }
        } else {
            // One operand is a constant: a one-direction dual for the other (its partial only).
            let live = liveX ? p : p + n
            for r in 0..<rows {
                for c in 0..<columns {
                    let a = xs[r * lx.rowStride + c * lx.columnStride]
                    let b = ys[r * ly.rowStride + c * ly.columnStride]
                    let d = liveX ? g(MultiDual<1, Double>(a, partials: [1], tag: wildcardPerturbationTag), MultiDual<1, Double>(constant: b))
                                  : g(MultiDual<1, Double>(constant: a), MultiDual<1, Double>(b, partials: [1], tag: wildcardPerturbationTag))
                    let e = r * columns + c
                    os[e] = d.value
                    live[e] = d.partials[0]
                }
            }
        }
        record(.mapBinary, output: out, x, y, scratch: p)
        return out
    }

    /// `Σᵢ g(xᵢ)` as one `1 × 1` result, without storing the mapped array: the fused map–sum.
    /// Backward: `x̄ᵢ += g′(xᵢ)·ȳ`.
    /// - Complexity: O(n) evaluations of `g` on a dual; n doubles of partials.
    ///
    /// ```swift
    /// let ss = tape.mapSum(Square(), x)        // Σ xᵢ²
    /// ```
    @inlinable
    public func mapSum<G: ArrayUnaryFunction>(_ g: G, _ x: ArrayVariable) -> ArrayVariable {
        check(x)
        let live = needsAdjoint(x)
        let out = makeNode(rows: 1, columns: 1, needsAdjoint: live)
        let n = x.count
        let xs = nodes[Int(x.node)].value
        var s = 0.0
        if !live {
            for i in 0..<n { s = Relaxed.sum(s, g(xs[i])) }
        } else {
            let p = scratch(n)
            for i in 0..<n {
                let d = g(MultiDual<1, Double>(xs[i], partials: [1], tag: wildcardPerturbationTag))
                s = Relaxed.sum(s, d.value)
                p[i] = d.partials[0]
            }
            record(.mapSumUnary, output: out, x, scratch: p)
        }
        nodes[Int(out.node)].value[0] = s
        return out
    }

    /// `Σᵢ g(xᵢ, yᵢ)` as one `1 × 1` result (`y` broadcast as in ``map(_:_:_:)``), without storing
    /// the mapped array. When `y` is a scalar its partial is accumulated in the forward pass
    /// (no array kept for it).
    /// - Complexity: O(n) evaluations of `g`; n doubles of partials per operand of full size.
    ///
    /// ```swift
    /// let s = tape.mapSum(ShiftedExp(), x, m)  // Σ exp(xᵢ − m)
    /// ```
    @inlinable
    public func mapSum<G: ArrayBinaryFunction>(_ g: G, _ x: ArrayVariable, _ y: ArrayVariable) -> ArrayVariable {
        check(x); check(y)
        let (rows, columns) = broadcastShape(x, y)
        let lx = BroadcastLayout(x, rows: rows, columns: columns)
        let ly = BroadcastLayout(y, rows: rows, columns: columns)
        let liveX = needsAdjoint(x), liveY = needsAdjoint(y)
        let out = makeNode(rows: 1, columns: 1, needsAdjoint: liveX || liveY)
        let xs = nodes[Int(x.node)].value, ys = nodes[Int(y.node)].value
        let n = rows * columns
        var s = 0.0
        if !liveX && !liveY {
            for r in 0..<rows {
                for c in 0..<columns {
                    s = Relaxed.sum(s, g(xs[r * lx.rowStride + c * lx.columnStride],
                                         ys[r * ly.rowStride + c * ly.columnStride]))
                }
            }
            nodes[Int(out.node)].value[0] = s
            return out
        }
        // Partials: x's always per element (n); y's per element unless y is a scalar, whose
        // partial is summed here (the backward step multiplies it by the scalar ȳ).
        let yScalar = y.count == 1
        let p = scratch(yScalar ? n : 2 * n)
        var sumPy = 0.0
        if liveX && !liveY {
            // A constant second operand: a one-direction dual for x alone.
            for r in 0..<rows {
                for c in 0..<columns {
                    let d = g(MultiDual<1, Double>(xs[r * lx.rowStride + c * lx.columnStride], partials: [1], tag: wildcardPerturbationTag),
                              MultiDual<1, Double>(constant: ys[r * ly.rowStride + c * ly.columnStride]))
                    s = Relaxed.sum(s, d.value)
                    p[r * columns + c] = d.partials[0]
                }
            }
            nodes[Int(out.node)].value[0] = s
            record(.mapSumBinary, output: out, x, y, scratch: p)
            return out
        }
        for r in 0..<rows {
            for c in 0..<columns {
                let d = g(MultiDual<2, Double>(xs[r * lx.rowStride + c * lx.columnStride],
                                               partials: [1, 0], tag: wildcardPerturbationTag),
                          MultiDual<2, Double>(ys[r * ly.rowStride + c * ly.columnStride],
                                               partials: [0, 1], tag: wildcardPerturbationTag))
                let e = r * columns + c
                s = Relaxed.sum(s, d.value)
                p[e] = d.partials[0]
                if yScalar { sumPy = Relaxed.sum(sumPy, d.partials[1]) } else { p[n + e] = d.partials[1] }
            }
        }
        nodes[Int(out.node)].value[0] = s
        record(.mapSumBinary, output: out, x, y, scratch: p, value: sumPy)
        return out
    }

    // MARK: Linear elementwise operations (no partials stored)

    /// `x + y`, broadcasting as ``map(_:_:_:)``.
    /// - Complexity: O(n).
    @inlinable
    public func add(_ x: ArrayVariable, _ y: ArrayVariable) -> ArrayVariable {
        linearCombination(x, y, sign: 1)
    }

    /// `x − y`, broadcasting as ``map(_:_:_:)``.
    /// - Complexity: O(n).
    @inlinable
    public func subtract(_ x: ArrayVariable, _ y: ArrayVariable) -> ArrayVariable {
        linearCombination(x, y, sign: -1)
    }

    @inlinable
    func linearCombination(_ x: ArrayVariable, _ y: ArrayVariable, sign: Double) -> ArrayVariable {
        check(x); check(y)
        let (rows, columns) = broadcastShape(x, y)
        let lx = BroadcastLayout(x, rows: rows, columns: columns)
        let ly = BroadcastLayout(y, rows: rows, columns: columns)
        let live = needsAdjoint(x, y)
        let out = makeNode(rows: rows, columns: columns, needsAdjoint: live)
        let xs = nodes[Int(x.node)].value, ys = nodes[Int(y.node)].value
        let os = nodes[Int(out.node)].value
        for r in 0..<rows {
            let xr = xs + r * lx.rowStride, yr = ys + r * ly.rowStride, o = os + r * columns
            if lx.columnStride == 1 && ly.columnStride == 1 {
                for c in 0..<columns { o[c] = xr[c] + sign * yr[c] }
            } else if lx.columnStride == 1 {
                let v = sign * yr[0]
                for c in 0..<columns { o[c] = xr[c] + v }
            } else if ly.columnStride == 1 {
                let v = xr[0]
                for c in 0..<columns { o[c] = v + sign * yr[c] }
            } else {
                let v = xr[0] + sign * yr[0]
                for c in 0..<columns { o[c] = v }
            }
        }
        if live { record(sign > 0 ? .add : .subtract, output: out, x, y) }
        return out
    }

    /// `c·x` for a constant `c`.
    /// - Complexity: O(n).
    @inlinable
    public func scale(_ x: ArrayVariable, by c: Double) -> ArrayVariable {
        check(x)
        let live = needsAdjoint(x)
        let out = makeNode(rows: x.rows, columns: x.columns, needsAdjoint: live)
        let xs = nodes[Int(x.node)].value, os = nodes[Int(out.node)].value
        for i in 0..<x.count { os[i] = c * xs[i] }
        if live { record(.scale, output: out, x, value: c) }
        return out
    }

    // MARK: Reductions

    /// `Σ x` over every element (`1 × 1`). Backward: every `x̄ᵢ += ȳ`.
    /// - Complexity: O(n).
    @inlinable
    public func sum(_ x: ArrayVariable) -> ArrayVariable {
        check(x)
        let live = needsAdjoint(x)
        let out = makeNode(rows: 1, columns: 1, needsAdjoint: live)
        let xs = nodes[Int(x.node)].value
        var s = 0.0
        for i in 0..<x.count { s = Relaxed.sum(s, xs[i]) }
        nodes[Int(out.node)].value[0] = s
        if live { record(.sumAll, output: out, x) }
        return out
    }

    /// Sums along one axis: over `.rows` gives `1 × columns`, over `.columns` gives `rows × 1`.
    /// - Complexity: O(n).
    @inlinable
    public func sum(_ x: ArrayVariable, over axis: ArrayAxis) -> ArrayVariable {
        check(x)
        let live = needsAdjoint(x)
        let xs = nodes[Int(x.node)].value
        let rows = x.rows, columns = x.columns
        switch axis {
        case .rows:
            let out = makeNode(rows: 1, columns: columns, needsAdjoint: live)
            let os = nodes[Int(out.node)].value
            os.initialize(repeating: 0, count: columns)
            for r in 0..<rows {
                let xr = xs + r * columns
                for c in 0..<columns { os[c] += xr[c] }
            }
            if live { record(.sumRows, output: out, x) }
            return out
        case .columns:
            let out = makeNode(rows: rows, columns: 1, needsAdjoint: live)
            let os = nodes[Int(out.node)].value
            for r in 0..<rows {
                let xr = xs + r * columns
                var s = 0.0
                for c in 0..<columns { s = Relaxed.sum(s, xr[c]) }
                os[r] = s
            }
            if live { record(.sumColumns, output: out, x) }
            return out
        }
    }

    /// The largest element (`1 × 1`; the first one at a tie). Backward: `ȳ` goes to that element
    /// (the derivative of `max` is that of its selected argument).
    /// - Precondition: `x` is not empty. - Complexity: O(n).
    @inlinable
    public func max(_ x: ArrayVariable) -> ArrayVariable {
        check(x)
        precondition(x.count > 0, "ArrayTape.max: empty array")
        let live = needsAdjoint(x)
        let out = makeNode(rows: 1, columns: 1, needsAdjoint: live)
        let xs = nodes[Int(x.node)].value
        var m = xs[0], k = 0
        for i in 1..<x.count where xs[i] > m { m = xs[i]; k = i }
        nodes[Int(out.node)].value[0] = m
        if live { record(.maxAll, output: out, x, extra: k) }
        return out
    }

    /// The largest element of each column (`1 × columns`; the first at a tie). Backward routes
    /// each `ȳ_c` to the selected element of column `c`.
    /// - Precondition: `x.rows > 0`. - Complexity: O(n).
    @inlinable
    public func max(_ x: ArrayVariable, over axis: ArrayAxis) -> ArrayVariable {
        check(x)
        precondition(axis == .rows, "ArrayTape.max(over:): only .rows is supported")
        precondition(x.rows > 0, "ArrayTape.max: no rows")
        let live = needsAdjoint(x)
        let columns = x.columns
        let out = makeNode(rows: 1, columns: columns, needsAdjoint: live)
        let xs = nodes[Int(x.node)].value, os = nodes[Int(out.node)].value
        os.update(from: xs, count: columns)
        let start = indices.count
        if live { indices.append(contentsOf: repeatElement(0, count: columns)) }
        for r in 1..<x.rows {
            let xr = xs + r * columns
            if live {
                for c in 0..<columns where xr[c] > os[c] { os[c] = xr[c]; indices[start + c] = r }
            } else {
                for c in 0..<columns where xr[c] > os[c] { os[c] = xr[c] }
            }
        }
        if live { record(.maxRows, output: out, x, extra: start) }
        return out
    }

    /// `x` with its derivative cut: the same values as a constant, so nothing flows back to `x`
    /// (JAX's `stop_gradient`). Exact where the result cancels out of the derivative, as the
    /// shift of a log-sum-exp does: `m + log Σ exp(xᵢ − m)` equals `LSE(x)` for every constant `m`.
    /// - Complexity: O(n).
    @inlinable
    public func stopGradient(_ x: ArrayVariable) -> ArrayVariable {
        check(x)
        let out = makeNode(rows: x.rows, columns: x.columns, needsAdjoint: false)
        nodes[Int(out.node)].value.update(from: nodes[Int(x.node)].value, count: x.count)
        return out
    }

    // MARK: Layout

    /// Elements `start ..< start + rows·columns` of `x` (row-major), shaped `rows × columns`.
    /// - Complexity: O(rows·columns).
    @inlinable
    public func slice(_ x: ArrayVariable, from start: Int, rows: Int, columns: Int = 1) -> ArrayVariable {
        check(x)
        precondition(start >= 0 && start + rows * columns <= x.count,
                     "ArrayTape.slice: \(start) ..< \(start + rows * columns) outside \(x.count) elements")
        let live = needsAdjoint(x)
        let out = makeNode(rows: rows, columns: columns, needsAdjoint: live)
        nodes[Int(out.node)].value.update(from: nodes[Int(x.node)].value + start, count: rows * columns)
        if live { record(.slice, output: out, x, extra: start) }
        return out
    }

    /// The arrays `parts` stacked vertically (all with the same number of columns).
    /// - Precondition: `parts` is not empty and the column counts agree.
    /// - Complexity: O(total size).
    @inlinable
    public func stack(_ parts: [ArrayVariable]) -> ArrayVariable {
        precondition(!parts.isEmpty, "ArrayTape.stack: no parts")
        let columns = parts[0].columns
        var rows = 0, live = false
        for p in parts {
            check(p)
            precondition(p.columns == columns, "ArrayTape.stack: column counts differ")
            rows += p.rows
            live = live || nodes[Int(p.node)].needsAdjoint
        }
        let out = makeNode(rows: rows, columns: columns, needsAdjoint: live)
        var o = nodes[Int(out.node)].value
        for p in parts {
            o.update(from: nodes[Int(p.node)].value, count: p.count)
            o += p.count
        }
        if live {
            let start = indices.count
            indices.append(parts.count)
            for p in parts { indices.append(Int(p.node)) }
            record(.stack, output: out, extra: start)
        }
        return out
    }

    /// The rows `x[rows[0]], x[rows[1]], …` of the matrix `x` (`rows.count × x.columns`), as
    /// `jnp.take` along the first axis. Backward: each `ȳᵢ` is added to row `rows[i]` of `x̄`
    /// (a scatter-add, so repeated rows accumulate).
    /// - Precondition: every index is in `0 ..< x.rows`. - Complexity: O(rows.count·columns).
    @inlinable
    public func gather(rows selected: [Int32], of x: ArrayVariable) -> ArrayVariable {
        check(x)
        let live = needsAdjoint(x)
        let columns = x.columns
        let out = makeNode(rows: selected.count, columns: columns, needsAdjoint: live)
        let xs = nodes[Int(x.node)].value, os = nodes[Int(out.node)].value
        for (i, r) in selected.enumerated() {
            precondition(r >= 0 && Int(r) < x.rows, "ArrayTape.gather: row \(r) outside 0 ..< \(x.rows)")
            (os + i * columns).update(from: xs + Int(r) * columns, count: columns)
        }
        if live {
            let start = indices.count
            indices.append(contentsOf: selected.lazy.map { Int($0) })
            record(.gatherRows, output: out, x, extra: start)
        }
        return out
    }

    /// The vector `x` moved down by `k ≥ 0` places: `yᵢ = x_{i−k}` for `i ≥ k`, and `fill` (a
    /// constant) before.
    /// - Complexity: O(n).
    @inlinable
    public func shift(_ x: ArrayVariable, by k: Int, fill: Double) -> ArrayVariable {
        check(x)
        precondition(k >= 0, "ArrayTape.shift: negative shift")
        let live = needsAdjoint(x)
        let out = makeNode(rows: x.rows, columns: x.columns, needsAdjoint: live)
        let n = x.count, m = Swift.min(k, n)
        let xs = nodes[Int(x.node)].value, os = nodes[Int(out.node)].value
        for i in 0..<m { os[i] = fill }
        if n > m { (os + m).update(from: xs, count: n - m) }
        if live { record(.shift, output: out, x, extra: k) }
        return out
    }
}
