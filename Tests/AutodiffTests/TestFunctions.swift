import Autodiff
import RealModule
import TestSupport

// Generic test functions shared by the feature tests: written once over `T: Real`, as a user
// would, and evaluated on every scalar type.

func rosenbrock<T: Real>(_ x: [T]) -> T {
    var s: T = 0
    for i in 0..<(x.count - 1) {
        let a = x[i + 1] - x[i] * x[i]
        let b = 1 - x[i]
        s += 100 * a * a + b * b
    }
    return s
}

func ackley<T: Real>(_ x: [T]) -> T {
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

func logSumExpLoop<T: Real>(_ x: [T]) -> T {
    var m = x[0]
    for v in x where v > m { m = v }
    var s: T = 0
    for v in x { s += T.exp(v - m) }
    return m + T.log(s)
}

/// det of an n×n row-major matrix by expansion in minors along the first row (n! terms).
func determinantByMinors<T: Real>(_ a: [T]) -> T {
    let n = Int(Double(a.count).squareRoot().rounded())
    return minorDeterminant(a, n: n, rows: Array(0..<n), columns: Array(0..<n))
}

func minorDeterminant<T: Real>(_ a: [T], n: Int, rows: [Int], columns: [Int]) -> T {
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
func matrixProduct<T: Real>(_ x: [T], p: Int, q: Int, r: Int) -> [T] {
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

/// Log-likelihood of a diagonal-covariance Gaussian mixture, Σᵢ log Σₖ wₖ N(xᵢ; μₖ, diag σₖ²),
/// with parameters packed as [logits α (k) | means μ (k·d) | log σ (k·d)], w = softmax(α).
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

/// A small ℝ³ → ℝ⁴ map for Jacobian tests (polar-like, with a product and a log).
struct TestMap: VectorFunction {
    func callAsFunction<T: Real>(_ x: [T]) -> [T] {
        [x[0] * T.cos(x[1]), x[0] * T.sin(x[1]) * x[2], T.log(1 + x[2] * x[2]), T.exp(x[0] - x[2])]
    }
}

/// A wide map ℝ⁵ → ℝ² (reverse is chosen automatically).
struct WideMap: VectorFunction {
    func callAsFunction<T: Real>(_ x: [T]) -> [T] {
        [x[0] * x[1] + T.sin(x[2]) * x[3], T.sqrt(1 + x[4] * x[4]) * x[0]]
    }
}

/// Uniform random numbers in a range from a seeded generator.
func uniform(_ r: ClosedRange<Double>, _ g: inout SplitMix64) -> Double {
    Double.random(in: r, using: &g)
}

/// A random seed/cotangent with |s| in [0.5, 3], never ±1, so rules that ignore it fail.
func randomSeed(_ g: inout SplitMix64) -> Double {
    var s = uniform(0.5...3, &g)
    if abs(s - 1) < 0.05 { s += 0.3 }
    return Bool.random(using: &g) ? s : -s
}

func randomVector(_ n: Int, _ r: ClosedRange<Double>, _ g: inout SplitMix64) -> [Double] {
    (0..<n).map { _ in uniform(r, &g) }
}

func allClose(_ a: [Double], _ b: [Double], relative tol: Double) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { isClose($0, $1, relative: tol) }
}
