import LinearAlgebra
import Mixture
import Testing

/// Hamerly's bounded passes against a plain Lloyd written here: the same labels, centres,
/// iterations and inertia to the bit, on data with duplicates, exact ties, k = 1 and k = n, and
/// the same bits for any thread count.
struct KMeansAlgorithmTests {
    /// A shape of test data: `integers` draws small integers (many duplicate rows and exactly tied
    /// distances; every sum is exact, so the centres do not depend on the order rows are added).
    struct Shape: CustomTestStringConvertible, Sendable {
        let n: Int, d: Int, k: Int
        var integers = false
        var tolerance = 0.0
        var maxIterations = 300
        var testDescription: String { "n=\(n) d=\(d) k=\(k)\(integers ? " integers" : "") tol=\(tolerance) max=\(maxIterations)" }
    }

    static let shapes: [Shape] = [
        Shape(n: 500, d: 2, k: 5),
        Shape(n: 1000, d: 10, k: 8, tolerance: 1e-4),
        Shape(n: 300, d: 50, k: 10),
        Shape(n: 2000, d: 3, k: 40),
        Shape(n: 1500, d: 2, k: 12, maxIterations: 3),
        Shape(n: 200, d: 4, k: 1),
        Shape(n: 12, d: 2, k: 12),
        Shape(n: 600, d: 2, k: 6, integers: true),
        Shape(n: 400, d: 3, k: 9, integers: true),
        Shape(n: 50, d: 1, k: 5, integers: true),
    ]

    /// Overlapping Gaussian-ish blobs (sums of uniforms), or integers in 0...4 (so k distinct rows
    /// exist for the integer shapes above).
    static func data(_ s: Shape, seed: UInt64) -> Matrix<Double> {
        var rng = SeededGenerator(seed: seed)
        let centres = (0..<(s.k * s.d)).map { _ in Double.random(in: -6...6, using: &rng) }
        var x = [Double]()
        for _ in 0..<s.n {
            let c = Int.random(in: 0..<s.k, using: &rng)
            for j in 0..<s.d {
                if s.integers {
                    x.append(Double(Int.random(in: 0...4, using: &rng)))
                } else {
                    let noise = (0..<3).reduce(0.0) { t, _ in t + Double.random(in: -1...1, using: &rng) }
                    x.append(centres[c * s.d + j] + 1.5 * noise)
                }
            }
        }
        return Matrix(rows: s.n, columns: s.d, elements: x)
    }

    /// k distinct rows of `x`, chosen at random.
    static func start(_ x: Matrix<Double>, k: Int, seed: UInt64) -> Matrix<Double> {
        var rng = SeededGenerator(seed: seed)
        var rows: [[Double]] = []
        for i in (0..<x.rows).shuffled(using: &rng) where !rows.contains(x.row(i)) {
            rows.append(x.row(i))
            if rows.count == k { break }
        }
        return Matrix(rows)
    }

    /// Lloyd's algorithm as scikit-learn's `_kmeans_single_lloyd` states it, in plain loops: squared
    /// distances Σⱼ (xⱼ − cⱼ)² in feature order, the first nearest centre, cluster sums in row order,
    /// empty clusters re-seeded with the farthest rows (ties: lowest row first), stop on unchanged
    /// labels or a total squared shift ≤ `tolerance`, then a last assignment.
    static func referenceLloyd(_ x: Matrix<Double>, start: Matrix<Double>, maxIterations: Int, tolerance: Double)
        -> (labels: [Int], centers: [Double], inertia: Double, iterations: Int) {
        let n = x.rows, d = x.columns, k = start.rows
        var centers = start.elements
        var labels = [Int](repeating: -1, count: n)
        func distance(_ i: Int, _ c: Int) -> Double {
            var s = 0.0
            for j in 0..<d { s += (x[i, j] - centers[c * d + j]) * (x[i, j] - centers[c * d + j]) }
            return s
        }
        func assign() -> [Double] {
            var distances = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var best = 0
                for c in 1..<max(1, k) where distance(i, c) < distance(i, best) { best = c }
                labels[i] = best
                distances[i] = distance(i, best)
            }
            return distances
        }
        var iterations = 0, strict = false
        for iteration in 1...maxIterations {
            iterations = iteration
            let previous = labels
            let distances = assign()
            var counts = [Int](repeating: 0, count: k)
            for l in labels { counts[l] += 1 }
            let empty = (0..<k).filter { counts[$0] == 0 }
            let farthest = (0..<n).sorted { (distances[$0], -$0) > (distances[$1], -$1) }
            for (c, i) in zip(empty, farthest) { labels[i] = c }
            var sums = [Double](repeating: 0, count: k * d)
            counts = [Int](repeating: 0, count: k)
            for i in 0..<n {
                counts[labels[i]] += 1
                for j in 0..<d { sums[labels[i] * d + j] += x[i, j] }
            }
            var next = centers
            for c in 0..<k where counts[c] > 0 { for j in 0..<d { next[c * d + j] = sums[c * d + j] / Double(counts[c]) } }
            let shift = zip(next, centers).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            centers = next
            if labels == previous { strict = true; break }
            if shift <= tolerance { break }
        }
        let distances = strict ? (0..<n).map { distance($0, labels[$0]) } : assign()
        return (labels, centers, distances.reduce(0, +), iterations)
    }

    @Test(arguments: shapes)
    func everyAlgorithmGivesTheReferenceLloydToTheBit(_ s: Shape) throws {
        let x = Self.data(s, seed: UInt64(s.n * 31 + s.d * 7 + s.k))
        let start = Self.start(x, k: s.k, seed: 5)
        try #require(start.rows == s.k)
        let reference = Self.referenceLloyd(x, start: start, maxIterations: s.maxIterations, tolerance: s.tolerance)
        for algorithm: KMeans.Algorithm in [.lloyd, .hamerly, .automatic] {
            var settings = KMeans(clusters: s.k, initialization: .given(start), maxIterations: s.maxIterations, tolerance: 0)
            settings.algorithm = algorithm
            var rng = SeededGenerator(seed: 0)
            // `tolerance` is relative to the data's variance in `fit`; the shapes use 0 or pass
            // the reference the same absolute value.
            if s.tolerance > 0 {
                let n = Double(s.n)
                var meanVariance = 0.0
                for j in 0..<s.d {
                    let mean = (0..<s.n).reduce(0.0) { $0 + x[$1, j] } / n
                    meanVariance += (0..<s.n).reduce(0.0) { $0 + (x[$1, j] - mean) * (x[$1, j] - mean) } / n
                }
                settings.tolerance = s.tolerance
                let scaled = Self.referenceLloyd(x, start: start, maxIterations: s.maxIterations,
                                                 tolerance: s.tolerance * meanVariance / Double(s.d))
                let result = try settings.fit(x, using: &rng)
                #expect(result.labels == scaled.labels, "\(algorithm)")
                #expect(result.centers.elements == scaled.centers, "\(algorithm)")
                #expect(result.iterations == scaled.iterations, "\(algorithm)")
                #expect(result.inertia.bitPattern == scaled.inertia.bitPattern, "\(algorithm) \(result.inertia) \(scaled.inertia)")
                continue
            }
            let result = try settings.fit(x, using: &rng)
            #expect(result.labels == reference.labels, "\(algorithm)")
            #expect(result.centers.elements == reference.centers, "\(algorithm)")
            #expect(result.iterations == reference.iterations, "\(algorithm)")
            #expect(result.inertia.bitPattern == reference.inertia.bitPattern, "\(algorithm) \(result.inertia) \(reference.inertia)")
        }
    }

    /// Six chunks of rows: 1, 2 and 7 threads (and no parallelism) give the same bits, and Hamerly
    /// gives Lloyd's.
    @Test func threadCountAndAlgorithmDoNotChangeTheResult() throws {
        let s = Shape(n: 12_000, d: 3, k: 10)
        let x = Self.data(s, seed: 77)
        let start = Self.start(x, k: s.k, seed: 3)
        var results: [KMeansResult] = []
        for algorithm: KMeans.Algorithm in [.lloyd, .hamerly] {
            for threads in algorithm == .lloyd ? [2] : [1, 2, 7] {
                var settings = KMeans(clusters: s.k, initialization: .given(start), tolerance: 0)
                settings.algorithm = algorithm
                settings.threads = threads
                var rng = SeededGenerator(seed: 0)
                results.append(try settings.fit(x, using: &rng))
            }
        }
        var serial = KMeans(clusters: s.k, initialization: .given(start), tolerance: 0, parallel: false)
        serial.algorithm = .hamerly
        var rng = SeededGenerator(seed: 0)
        results.append(try serial.fit(x, using: &rng))
        #expect(results[0].iterations > 5)
        for r in results.dropFirst() { #expect(r == results[0]) }
    }

    /// A start with a centre far from every row and two equal centres: Hamerly's bounds must be
    /// reset for the re-seeded rows, and it still follows Lloyd (and the reference) to the bit.
    @Test func emptyClustersUnderBoundsFollowLloyd() throws {
        let x = Self.data(Shape(n: 900, d: 2, k: 4), seed: 11)
        let start = Matrix<Double>([x.row(0), x.row(1), x.row(1), [500, 500], x.row(2), [-400, 0]])
        let reference = Self.referenceLloyd(x, start: start, maxIterations: 300, tolerance: 0)
        for algorithm: KMeans.Algorithm in [.lloyd, .hamerly] {
            var settings = KMeans(clusters: 6, initialization: .given(start), tolerance: 0)
            settings.algorithm = algorithm
            var rng = SeededGenerator(seed: 0)
            let result = try settings.fit(x, using: &rng)
            #expect(result.labels == reference.labels, "\(algorithm)")
            #expect(result.centers.elements == reference.centers, "\(algorithm)")
            #expect(result.inertia.bitPattern == reference.inertia.bitPattern, "\(algorithm)")
            #expect(result.clusterSizes.allSatisfy { $0 > 0 })
        }
    }
}
