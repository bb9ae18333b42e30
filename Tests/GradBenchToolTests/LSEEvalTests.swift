import Testing
@testable import GradBenchTool

/// `lse`: value and gradient against the softmax written out independently here.
@Suite struct LSEEvalTests {
    /// Softmax from its definition, shifted by the maximum.
    func softmax(_ x: [Double]) -> [Double] {
        let m = x.max()!
        let e = x.map { Double.exp($0 - m) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }

    @Test(arguments: [1, 2, 7, 1000])
    func conversationMatchesSoftmax(_ n: Int) throws {
        let x = randomNumbers(n, in: -100...100, seed: UInt64(n))
        let r = try converse([
            #"{"id": 0, "kind": "start"}"#, #"{"id": 1, "kind": "define", "module": "lse"}"#,
            evaluate(2, "lse", "primal", #"{"x": \#(jsonNumbers(x)), "min_runs": 2, "min_seconds": 0}"#),
            evaluate(3, "lse", "gradient", #"{"x": \#(jsonNumbers(x)), "min_runs": 2, "min_seconds": 0}"#),
        ])
        let m = x.max()!
        let lse = m + Double.log(x.map { Double.exp($0 - m) }.reduce(0, +))
        let value = try #require(r[2]["output"]?.number)
        #expect(abs(value - lse) <= 1e-13 * max(1, abs(lse)))
        // Softmax entries are in [0, 1]; the AD sweep and the direct formula differ by rounding
        // of the 1 − Σ softmax term routed to the maximum (a few ulps of 1).
        expectClose(flatNumbers(r[3]["output"]), softmax(x), tolerance: 1e-13, "∇lse")
        #expect(r[3]["timings"]?.array?.count == 2)
    }

    /// Ties, a single element, huge spreads: the gradient still sums to 1 and matches.
    @Test(arguments: [[0.0, 0.0], [5.0], [-1e300, 1e300], [700, 700, -700], [1e-320, -1e-320, 0]])
    func edgeInputs(_ x: [Double]) {
        let g = LSEEval.gradient(x, tape: .init()).gradient
        expectClose(g, softmax(x), tolerance: 1e-15, "∇lse \(x)")
        #expect(abs(g.reduce(0, +) - 1) < 1e-15)
    }
}
