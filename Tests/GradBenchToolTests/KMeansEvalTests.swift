import Testing
@testable import GradBenchTool

/// `kmeans`: cost by brute force, and the Newton direction against its hand-derived form
/// `c − mean of the points nearest c` (gradient 2(n_c·c − Σp), Hessian diagonal 2n_c).
@Suite struct KMeansEvalTests {
    @Test(arguments: [(1, 1, 1), (20, 3, 2), (200, 10, 8), (57, 5, 3)])
    func conversationMatchesHandDerived(_ n: Int, _ k: Int, _ d: Int) throws {
        let points = randomNumbers(n * d, in: 0...1, seed: UInt64(n * 31 + k))
        let centroids = Array(points[((n - k) * d)...])   // the last k points: no empty cluster
        let input = #"{"points": \#(jsonRows(points, columns: d)), "centroids": \#(jsonRows(centroids, columns: d)), "min_runs": 1, "min_seconds": 0}"#
        let r = try converse([#"{"id": 0, "kind": "define", "module": "kmeans"}"#,
                              evaluate(1, "kmeans", "cost", input), evaluate(2, "kmeans", "dir", input)])
        var cost = 0.0
        var sums = [Double](repeating: 0, count: k * d), counts = [Double](repeating: 0, count: k)
        for i in 0..<n {
            var best = Double.infinity, at = 0
            for j in 0..<k {
                var s = 0.0
                for l in 0..<d { let t = points[i * d + l] - centroids[j * d + l]; s += t * t }
                if s < best { best = s; at = j }
            }
            cost += best
            counts[at] += 1
            for l in 0..<d { sums[at * d + l] += points[i * d + l] }
        }
        let dir = (0..<(k * d)).map { centroids[$0] - sums[$0] / counts[$0 / d] }
        let value = try #require(r[1]["output"]?.number)
        #expect(abs(value - cost) <= 1e-12 * max(1, cost))
        #expect(r[2]["output"]?.array?.count == k)
        expectClose(flatNumbers(r[2]["output"]), dir, tolerance: 1e-12, "dir")
    }
}
