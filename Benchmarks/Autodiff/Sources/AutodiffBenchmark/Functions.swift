import Autodiff

// The benchmarked functions, written once over `T: Real` exactly as a user would.


func rosenbrock<T: Real>(_ x: [T]) -> T {
    var s: T = 0
    for i in 0..<(x.count - 1) {
        let a = x[i + 1] - x[i] * x[i]
        let b = 1 - x[i]
        s += 100 * a * a + b * b
    }
    return s
}

/// Σᵢ log Σₖ wₖ N(xᵢ; μₖ, diag σₖ²), parameters [α (k) | μ (k·d) | log σ (k·d)], w = softmax(α).

func gmmLogLikelihood<T: Real>(_ p: [T], data: [Double], n: Int, d: Int, k: Int) -> T {
    let alpha = Array(p[0..<k])
    let lse = logSumExp(alpha)
    let halfLog2Pi: T = lift(0.5 * Double.log(2 * Double.pi))
    var comp = [T](repeating: 0, count: k)
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

/// A seeded uniform generator (SplitMix64) so every run uses the same inputs.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func randomVector(_ n: Int, _ r: ClosedRange<Double>, seed: UInt64) -> [Double] {
    var g = SplitMix64(state: seed)
    return (0..<n).map { _ in Double.random(in: r, using: &g) }
}

/// Rosenbrock's term 100(b − a²)² + (1 − a)², for the fused vector-node form.
struct RosenbrockTerm: ElementwiseTerm {
    @inline(__always)
    func callAsFunction<T: Real>(_ i: Int, _ a: T, _ b: T) -> T {
        let u = b - a * a
        let v = 1 - a
        return 100 * u * u + v * v
    }
}

/// The same Rosenbrock, written with the fused map-sum (one vector node pair on a tape).

func rosenbrockVector<T: Real>(_ x: [T]) -> T {
    sumOfTerms(RosenbrockTerm(), x[..<(x.count - 1)], x[1...])
}

/// ((xᵢ − μ)·s)² for one row of data: the GMM's Mahalanobis term as an elementwise term.
struct MahalanobisTerm: ElementwiseTerm {
    let row: UnsafePointer<Double>
    @inline(__always)
    func callAsFunction<T: Real>(_ i: Int, _ mu: T, _ s: T) -> T {
        let z = (lift(row[i]) - mu) * s
        return z * z
    }
}

/// The GMM log-likelihood with the inner d-loop as a fused map-sum.

func gmmLogLikelihoodVector<T: Real>(_ p: [T], data: [Double], n: Int, d: Int, k: Int) -> T {
    let alpha = Array(p[0..<k])
    let lse = logSumExp(alpha)
    let halfLog2Pi: T = lift(0.5 * Double.log(2 * Double.pi))
    var comp = [T](repeating: 0, count: k)
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
func gmmLogLikelihoodMatrix<T: Real>(_ p: [T], features: [Double], n: Int, d: Int, k: Int) -> T {
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
func gmmFeatures(_ data: [Double], n: Int, d: Int) -> [Double] {
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
