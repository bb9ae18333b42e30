import Testing
@testable import GradBenchTool

/// `ode`: the primal against the exact solution's limit (RK4 converges as h⁴), and the
/// gradient of the last component against central differences of the primal.
@Suite struct ODEEvalTests {
    /// The exact solution at t = 2: yᵢ = x₀·x₁⋯xᵢ·2^{i+1}/(i+1)!, which RK4 reproduces exactly
    /// for i ≤ 3 (a polynomial of degree ≤ 4 in t) at any step count.
    @Test func primalIsExactForLowDegrees() throws {
        let x = [0.5, 1.5, 2.0, 0.25]
        let r = try converse([evaluate(1, "ode", "primal", #"{"x": [0.5, 1.5, 2.0, 0.25], "s": 3}"#)])
        var expected: [Double] = []
        var p = 1.0, fact = 1.0
        for i in 0..<4 { p *= x[i]; fact *= Double(i + 1); expected.append(p * Double.pow(2, i + 1) / fact) }
        expectClose(flatNumbers(r[0]["output"]), expected, tolerance: 1e-14, "y(2)")
    }

    @Test(arguments: [(1, 1), (5, 1), (8, 3), (30, 10)])
    func gradientMatchesDifferences(_ n: Int, _ s: Int) throws {
        let x = randomNumbers(n, in: 0.5...1.5, seed: UInt64(n * 10 + s))
        let r = try converse([evaluate(1, "ode", "gradient", #"{"x": \#(jsonNumbers(x)), "s": \#(s), "min_runs": 1, "min_seconds": 0}"#)])
        // y_{n−1} is a polynomial in x of modest degree: h = 1e-5 gives ~1e-10 agreement.
        let fd = centralDifferences({ ODEEval.primal($0, steps: s).last! }, at: x, step: 1e-5)
        expectClose(flatNumbers(r[0]["output"]), fd, tolerance: 1e-8, "∇y_{n−1} n=\(n) s=\(s)")
    }
}
