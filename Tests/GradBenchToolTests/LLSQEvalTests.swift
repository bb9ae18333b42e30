import Testing
@testable import GradBenchTool

/// `llsq`: the value from the definition and the gradient from its hand-derived form
/// `∂y/∂xⱼ = −Σᵢ rᵢ·tᵢʲ` with `rᵢ = sᵢ − Σⱼ xⱼ tᵢʲ`.
@Suite struct LLSQEvalTests {
    @Test(arguments: [(2, 1), (3, 4), (16, 8), (1000, 128)])
    func conversationMatchesHandDerived(_ n: Int, _ m: Int) throws {
        let x = randomNumbers(m, in: 0...1, seed: UInt64(n + m))
        let input = #"{"x": \#(jsonNumbers(x)), "n": \#(n), "min_runs": 1, "min_seconds": 0}"#
        let r = try converse([#"{"id": 0, "kind": "define", "module": "llsq"}"#,
                              evaluate(1, "llsq", "primal", input), evaluate(2, "llsq", "gradient", input)])
        var value = 0.0
        var gradient = [Double](repeating: 0, count: m)
        for i in 0..<n {
            let t = -1 + 2 * Double(i) / Double(n - 1)
            let powers = (0..<m).map { Double.pow(t, $0) }
            let residual = (t > 0 ? 1.0 : (t < 0 ? -1 : 0)) - zip(x, powers).map(*).reduce(0, +)
            value += residual * residual / 2
            for j in 0..<m { gradient[j] -= residual * powers[j] }
        }
        let v = try #require(r[1]["output"]?.number)
        #expect(abs(v - value) <= 1e-11 * max(1, value))
        // Sums of up to n·m products of order 1: a few ulps each.
        expectClose(flatNumbers(r[2]["output"]), gradient, tolerance: 1e-11, "∇y")
    }
}
