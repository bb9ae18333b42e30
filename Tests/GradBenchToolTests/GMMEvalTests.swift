import Testing
@testable import GradBenchTool

/// `gmm`: the objective against a direct transcription of the definition (densities, the
/// Wishart prior, determinants from the precision matrices), and the jacobian against central
/// differences of that independent objective.
@Suite struct GMMEvalTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let d: Int, k: Int, n: Int, m: Int, gamma: Double, seed: UInt64
        var testDescription: String { "d=\(d) k=\(k) n=\(n) m=\(m)" }
        var x: [Double] { randomNumbers(n * d, in: -2...2, seed: seed) }
        var alpha: [Double] { randomNumbers(k, seed: seed + 1) }
        var mu: [Double] { randomNumbers(k * d, seed: seed + 2) }
        var q: [Double] { randomNumbers(k * d, in: -0.5...0.5, seed: seed + 3) }
        var l: [Double] { randomNumbers(k * d * (d - 1) / 2, in: -0.5...0.5, seed: seed + 4) }
        var parameters: [Double] { alpha + mu + q + l }
    }

    static let cases = [
        Case(d: 1, k: 1, n: 1, m: 0, gamma: 1, seed: 1), Case(d: 2, k: 3, n: 5, m: 0, gamma: 1, seed: 2),
        Case(d: 3, k: 2, n: 4, m: 2, gamma: 0.7, seed: 3), Case(d: 5, k: 4, n: 6, m: 1, gamma: 1.3, seed: 4),
    ]

    /// log p(X | θ, φ) + log p(θ) straight from the definitions.
    static func naiveLogPosterior(_ c: Case, _ p: [Double]) -> Double {
        let d = c.d, k = c.k, ld = d * (d - 1) / 2
        let alpha = Array(p[0..<k]), mu = Array(p[k..<(k + k * d)])
        let q = Array(p[(k + k * d)..<(k + 2 * k * d)]), l = Array(p[(k + 2 * k * d)...])
        let x = c.x
        // Precision P = QᵀQ with Q lower triangular: exp(q) on the diagonal, l column by column.
        var precisions: [[Double]] = []
        var logDets: [Double] = []
        var frobenius: [Double] = []
        for j in 0..<k {
            var Q = [Double](repeating: 0, count: d * d)
            var idx = 0
            for col in 0..<d {
                Q[col * d + col] = Double.exp(q[j * d + col])
                for row in (col + 1)..<max(d, col + 1) { Q[row * d + col] = l[j * ld + idx]; idx += 1 }
            }
            var P = [Double](repeating: 0, count: d * d)
            for a in 0..<d { for b in 0..<d { for t in 0..<d { P[a * d + b] += Q[t * d + a] * Q[t * d + b] } } }
            precisions.append(P)
            logDets.append(2 * (0..<d).map { q[j * d + $0] }.reduce(0, +))
            frobenius.append(Q.map { $0 * $0 }.reduce(0, +))
        }
        let weights = alpha.map { Double.exp($0) }
        let total = weights.reduce(0, +)
        var likelihood = 0.0
        for i in 0..<c.n {
            var s = 0.0
            for j in 0..<k {
                var quad = 0.0
                for a in 0..<d { for b in 0..<d {
                    quad += (x[i * d + a] - mu[j * d + a]) * precisions[j][a * d + b] * (x[i * d + b] - mu[j * d + b])
                } }
                let logDensity = -Double(d) / 2 * Double.log(2 * .pi) + logDets[j] / 2 - quad / 2
                s += weights[j] / total * Double.exp(logDensity)
            }
            likelihood += Double.log(s)
        }
        let nu = Double(d + c.m + 1)
        var logMultiGamma = Double(d * (d - 1)) / 4 * Double.log(.pi)
        for j in 1...d { logMultiGamma += Double.logGamma(nu / 2 + Double(1 - j) / 2) }
        var prior = 0.0
        for j in 0..<k {
            prior += (nu - Double(d) - 1) / 2 * logDets[j] - c.gamma * c.gamma / 2 * frobenius[j]
                - nu * Double(d) / 2 * Double.log(2) + nu / 2 * 2 * Double(d) * Double.log(c.gamma) - logMultiGamma
        }
        return likelihood + prior
    }

    static func input(_ c: Case) -> String {
        let ld = c.d * (c.d - 1) / 2
        return #"{"d": \#(c.d), "k": \#(c.k), "n": \#(c.n), "m": \#(c.m), "gamma": \#(c.gamma), "x": \#(jsonRows(c.x, columns: c.d)), "alpha": \#(jsonNumbers(c.alpha)), "mu": \#(jsonRows(c.mu, columns: c.d)), "q": \#(jsonRows(c.q, columns: c.d)), "l": \#(ld == 0 ? "[" + Array(repeating: "[]", count: c.k).joined(separator: ",") + "]" : jsonRows(c.l, columns: ld)), "min_runs": 1, "min_seconds": 0}"#
    }

    @Test(arguments: cases)
    func conversationMatchesDefinition(_ c: Case) throws {
        let r = try converse([
            #"{"id": 0, "kind": "start", "eval": "gmm"}"#, #"{"id": 1, "kind": "define", "module": "gmm"}"#,
            evaluate(2, "gmm", "objective", Self.input(c)), evaluate(3, "gmm", "jacobian", Self.input(c)),
        ])
        try #require(r.count == 4)
        let expected = Self.naiveLogPosterior(c, c.parameters)
        let value = try #require(r[2]["output"]?.number)
        // The naive form exponentiates densities; at these sizes it loses ~1e-13 relative.
        #expect(abs(value - expected) <= 1e-10 * max(1, abs(expected)), "\(value) vs \(expected)")
        let out = try #require(r[3]["output"])
        #expect(out["alpha"]?.array?.count == c.k)
        #expect(out["mu"]?.array?.count == c.k && out["mu"]?.array?.first?.array?.count == c.d)
        #expect(out["q"]?.array?.count == c.k && out["q"]?.array?.first?.array?.count == c.d)
        #expect(out["l"]?.array?.count == c.k && out["l"]?.array?.first?.array?.count == c.d * (c.d - 1) / 2)
        let gradient = flatNumbers(out["alpha"]) + flatNumbers(out["mu"]) + flatNumbers(out["q"]) + flatNumbers(out["l"])
        // Central differences with h = 1e-5: truncation ~h²·f‴ ≈ 1e-9, rounding ~1e-16·|f|/h.
        let fd = centralDifferences({ Self.naiveLogPosterior(c, $0) }, at: c.parameters, step: 1e-5)
        expectClose(gradient, fd, tolerance: 1e-6, "∇F \(c.testDescription)")
    }
}
