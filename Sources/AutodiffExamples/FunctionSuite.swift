import Autodiff

// The function suite that the Autodiff tests and the benchmark harness share: each written once
// over `T: Real`, exactly as a user would, and evaluated on every scalar type. Public and
// `@inlinable` so the benchmark specialises them as it would its own code.

/// Rosenbrock's function Σᵢ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², minimum 0 at (1, …, 1).
@inlinable
public func rosenbrock<T: Real>(_ x: [T]) -> T {
    var s: T = 0
    for i in 0..<(x.count - 1) {
        let a = x[i + 1] - x[i] * x[i]
        let b = 1 - x[i]
        s += 100 * a * a + b * b
    }
    return s
}

/// Ackley's function −20·exp(−0.2·√(mean x²)) − exp(mean cos 2πx) + 20 + e, minimum 0 at 0.
@inlinable
public func ackley<T: Real>(_ x: [T]) -> T {
    let n = T(x.count)
    var sq: T = 0
    var cs: T = 0
    for v in x {
        sq += v * v
        cs += T.cos(2 * T.pi * v)
    }
    let e = T.exp(1)
    return -20 * T.exp(-lift(0.2) * T.sqrt(sq / n)) - T.exp(cs / n) + 20 + e
}

/// log Σ exp(xᵢ) as a plain loop (shifted by the maximum), to compare with the `logSumExp` vector node.
@inlinable
public func logSumExpLoop<T: Real>(_ x: [T]) -> T {
    var m = x[0]
    for v in x where v > m { m = v }
    var s: T = 0
    for v in x { s += T.exp(v - m) }
    return m + T.log(s)
}

/// det of an n×n row-major matrix by expansion in minors along the first row (n! terms).
@inlinable
public func determinantByMinors<T: Real>(_ a: [T]) -> T {
    let n = Int(Double(a.count).squareRoot().rounded())
    return minorDeterminant(a, n: n, rows: Array(0..<n), columns: Array(0..<n))
}

/// The minor of `a` on `rows` × `columns`, expanded along its first row.
@inlinable
public func minorDeterminant<T: Real>(_ a: [T], n: Int, rows: [Int], columns: [Int]) -> T {
    if rows.count == 1 { return a[rows[0] * n + columns[0]] }
    var s: T = 0
    let r = rows[0]
    for (k, c) in columns.enumerated() {
        var rest = columns
        rest.remove(at: k)
        let term = a[r * n + c] * minorDeterminant(a, n: n, rows: Array(rows.dropFirst()), columns: rest)
        if k % 2 == 0 { s += term } else { s -= term }
    }
    return s
}

/// C = A·B for A (p×q) and B (q×r) packed one after the other in `x`; returns C row-major.
@inlinable
public func matrixProduct<T: Real>(_ x: [T], p: Int, q: Int, r: Int) -> [T] {
    var c = [T](repeating: 0, count: p * r)
    for i in 0..<p {
        for j in 0..<r {
            var s: T = 0
            for k in 0..<q { s += x[i * q + k] * x[p * q + k * r + j] }
            c[i * r + j] = s
        }
    }
    return c
}

/// The per-component constants of the diagonal GMM: log wₖ − Σ log σₖ − d/2·log 2π, and 1/σₖ (k×d).
@inlinable
public func gmmComponentConstants<T: Real>(_ p: [T], d: Int, k: Int) -> (logNorm: [T], invSigma: [T]) {
    let alpha = Array(p[0..<k])
    let lse = logSumExp(alpha)
    let halfLog2Pi: T = lift(0.5 * Double.log(2 * Double.pi))
    var invSigma = [T](repeating: 0, count: k * d)
    var logNorm = [T](repeating: 0, count: k)
    for j in 0..<k {
        var s = alpha[j] - lse
        for c in 0..<d {
            let ls = p[k + k * d + j * d + c]
            invSigma[j * d + c] = T.exp(-ls)
            s -= ls + halfLog2Pi
        }
        logNorm[j] = s
    }
    return (logNorm, invSigma)
}

/// Log-likelihood of a diagonal-covariance Gaussian mixture, Σᵢ log Σₖ wₖ N(xᵢ; μₖ, diag σₖ²),
/// with parameters packed as [logits α (k) | means μ (k·d) | log σ (k·d)], w = softmax(α).
@inlinable
public func gmmLogLikelihood<T: Real>(_ p: [T], data: [Double], n: Int, d: Int, k: Int) -> T {
    let (logNorm, invSigma) = gmmComponentConstants(p, d: d, k: k)
    var comp = [T](repeating: 0, count: k)
    var total: T = 0
    for i in 0..<n {
        for j in 0..<k {
            var q: T = 0
            for c in 0..<d {
                let z = (lift(data[i * d + c]) - p[k + j * d + c]) * invSigma[j * d + c]
                q += z * z
            }
            comp[j] = logNorm[j] - q / 2
        }
        total += logSumExp(comp)
    }
    return total
}

/// Rosenbrock's term 100(b − a²)² + (1 − a)², for the fused vector-node form.
@frozen
public struct RosenbrockTerm: ElementwiseTerm {
    /// The term (it has no parameters).
    @inlinable public init() {}
    @inlinable @inline(__always)
    public func callAsFunction<T: Real>(_ i: Int, _ a: T, _ b: T) -> T {
        let u = b - a * a
        let v = 1 - a
        return 100 * u * u + v * v
    }
}

/// The same Rosenbrock, written with the fused map-sum (one vector node pair on a tape).

@inlinable
public func rosenbrockVector<T: Real>(_ x: [T]) -> T {
    sumOfTerms(RosenbrockTerm(), x[..<(x.count - 1)], x[1...])
}

/// ((xᵢ − μ)·s)² for one row of data: the GMM's Mahalanobis term as an elementwise term.
@frozen
public struct MahalanobisTerm: ElementwiseTerm {
    /// The data row `x`, read at index `i` for the `i`-th term; it must stay valid during the
    /// `sumOfTerms` call that evaluates the term (a tape keeps the partials, not the term).
    public let row: UnsafePointer<Double>
    /// The term for the data row at `row`.
    @inlinable public init(row: UnsafePointer<Double>) { self.row = row }
    @inlinable @inline(__always)
    public func callAsFunction<T: Real>(_ i: Int, _ mu: T, _ s: T) -> T {
        let z = (lift(row[i]) - mu) * s
        return z * z
    }
}

/// The GMM log-likelihood with the inner d-loop as a fused map-sum.

@inlinable
public func gmmLogLikelihoodVector<T: Real>(_ p: [T], data: [Double], n: Int, d: Int, k: Int) -> T {
    let (logNorm, invSigma) = gmmComponentConstants(p, d: d, k: k)
    var comp = [T](repeating: 0, count: k)
    var total: T = 0
    data.withUnsafeBufferPointer { rows in
        for i in 0..<n {
            let term = MahalanobisTerm(row: rows.baseAddress! + i * d)
            for j in 0..<k {
                let q = sumOfTerms(term, p[(k + j * d)..<(k + j * d + d)],
                                   invSigma[(j * d)..<(j * d + d)])
                comp[j] = logNorm[j] - q / 2
            }
            total += logSumExp(comp)
        }
    }
    return total
}

/// The GMM log-likelihood with the Mahalanobis terms of all rows for one component as one
/// matrix–vector product with the constant data: Σ_c ((x_c − μ_c)s_c)² =
/// Σ_c x_c²·s_c² − 2x_c·μ_c s_c² + μ_c² s_c², so with features [x∘x | x] (n × 2d, row-major) and
/// v = [−s²/2 | μ∘s²] the log-density of every row is (log w − Σ log σ − d/2 log 2π − Σ μ²s²/2) + (F·v)ᵢ.
@inlinable
public func gmmLogLikelihoodMatrix<T: Real>(_ p: [T], features: [Double], n: Int, d: Int, k: Int) -> T {
    let alpha = Array(p[0..<k])
    let lse = logSumExp(alpha)
    let halfLog2Pi: T = lift(0.5 * Double.log(2 * Double.pi))
    var m = [[T]]()
    var base = [T](repeating: 0, count: k)
    for j in 0..<k {
        var s = alpha[j] - lse
        var v = [T](repeating: 0, count: 2 * d)
        var c: T = 0
        for i in 0..<d {
            let ls = p[k + k * d + j * d + i]
            let mu = p[k + j * d + i]
            let inv2 = T.exp(-2 * ls)
            v[i] = -inv2 / 2
            v[d + i] = mu * inv2
            c += mu * mu * inv2
            s -= ls + halfLog2Pi
        }
        base[j] = s - c / 2
        m.append(matrixVector(features, rows: n, columns: 2 * d, v))
    }
    var total: T = 0
    var comp = [T](repeating: 0, count: k)
    for i in 0..<n {
        for j in 0..<k { comp[j] = base[j] + m[j][i] }
        total += logSumExp(comp)
    }
    return total
}

/// The features [x∘x | x] of each row, row-major n × 2d, for `gmmLogLikelihoodMatrix`.
@inlinable
public func gmmFeatures(_ data: [Double], n: Int, d: Int) -> [Double] {
    var f = [Double](repeating: 0, count: n * 2 * d)
    for i in 0..<n {
        for c in 0..<d {
            let x = data[i * d + c]
            f[i * 2 * d + c] = x * x
            f[i * 2 * d + d + c] = x
        }
    }
    return f
}
