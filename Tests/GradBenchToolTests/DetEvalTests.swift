import Testing
@testable import GradBenchTool

/// `det`: small determinants by hand, larger ones against LU with partial pivoting written
/// here, and the gradient (the cofactor matrix) against central differences — exact up to
/// rounding because the determinant is linear in each entry.
@Suite struct DetEvalTests {
    /// det by Gaussian elimination with partial pivoting (independent of expansion by minors).
    static func luDeterminant(_ a: [Double], _ n: Int) -> Double {
        var m = a, det = 1.0
        for c in 0..<n {
            var p = c
            for r in c..<n where abs(m[r * n + c]) > abs(m[p * n + c]) { p = r }
            if m[p * n + c] == 0 { return 0 }
            if p != c { for j in 0..<n { m.swapAt(c * n + j, p * n + j) }; det = -det }
            det *= m[c * n + c]
            for r in (c + 1)..<n {
                let f = m[r * n + c] / m[c * n + c]
                for j in c..<n { m[r * n + j] -= f * m[c * n + j] }
            }
        }
        return det
    }

    @Test func handValues() throws {
        let r = try converse([
            evaluate(1, "det", "primal", #"{"A": [2, 3, 5, 7], "ell": 2}"#),
            evaluate(2, "det", "gradient", #"{"A": [2, 3, 5, 7], "ell": 2}"#),
            evaluate(3, "det", "gradient", #"{"A": [1, 2, 3, 4, 5, 6, 7, 8, 10], "ell": 3}"#),
            evaluate(4, "det", "gradient", #"{"A": [4.5], "ell": 1}"#),
        ])
        #expect(r[0]["output"]?.number == -1)                         // 2·7 − 3·5
        #expect(flatNumbers(r[1]["output"]) == [7, -5, -3, 2])         // cofactors
        // Cofactors of [[1,2,3],[4,5,6],[7,8,10]]: [[2, 2, −3], [4, −11, 6], [−3, 6, −3]].
        #expect(flatNumbers(r[2]["output"]) == [2, 2, -3, 4, -11, 6, -3, 6, -3])
        #expect(flatNumbers(r[3]["output"]) == [1])
    }

    /// Sizes on both sides of the preaccumulation threshold.
    @Test(arguments: [4, 6, 7, 8])
    func gradientMatchesDifferences(_ n: Int) {
        let a = randomNumbers(n * n, in: 0...1, seed: UInt64(n))
        let value = DetEval.determinant(a, n: n)
        let lu = Self.luDeterminant(a, n)
        #expect(abs(value - lu) <= 1e-12 * max(1, abs(lu)))
        let (v, g) = DetEval.valueAndGradient(a, n: n, tapes: .init())
        #expect(abs(v - value) <= 1e-12 * max(1, abs(value)))
        let fd = centralDifferences({ DetEval.determinant($0, n: n) }, at: a, step: 1e-3)
        expectClose(g, fd, tolerance: 1e-10, "∇det n=\(n)")
    }
}
