import Autodiff
@_exported import AutodiffExamples
import RealModule
import TestSupport

// Generic test functions shared by the feature tests: written once over `T: Real`, as a user
// would, and evaluated on every scalar type.

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
