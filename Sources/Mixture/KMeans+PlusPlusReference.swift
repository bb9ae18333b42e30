import LinearAlgebra
import RealModule

extension KMeans {
    /// Greedy k-means++ seeding written plainly — one candidate and one row at a time, every sum a
    /// `reduce(0, +)` in row order — as Mixtape seeded before the vectorised passes
    /// (``kMeansPlusPlusSeeds(_:count:threads:using:)``), which must choose the same rows from the
    /// same draws. The baseline of the tests and of `Benchmarks/kmeans-seeding.sh`; not for fits
    /// (it is many times slower).
    ///
    /// `data` must be validated (finite, at least `k` ≥ 1 rows); it is scaled as the seeding scales it.
    /// - Complexity: O(n·d·k·(2 + ln k)), single-threaded.
    @_spi(Reference)
    public static func kMeansPlusPlusRowByRow(_ data: Matrix<Double>, count k: Int, using generator: inout SeededGenerator) -> [Int] {
        let data = DataScale.forKMeans(data).scaled(data)
        let n = data.rows
        func distance(_ i: Int, _ j: Int) -> Double { rowByRowDistance(data, i, j) }
        let trials = 2 + Int(Double.log(Double(k)))
        var chosen = [Int.random(in: 0..<n, using: &generator)]
        var closest = (0..<n).map { distance($0, chosen[0]) }
        while chosen.count < k {
            var bestCandidate = -1
            var bestPotential = Double.infinity
            var bestDistances: [Double] = []
            let total = closest.reduce(0, +)
            for _ in 0..<trials {
                var candidate = total > 0 ? generator.categorical(closest) : Int.random(in: 0..<n, using: &generator)
                candidate = Swift.min(candidate, n - 1)
                let distances = (0..<n).map { Swift.min(closest[$0], distance($0, candidate)) }
                let potential = distances.reduce(0, +)
                // The first trial always counts, so a candidate is chosen even if a potential is not finite.
                if bestCandidate < 0 || potential < bestPotential {
                    bestPotential = potential
                    bestCandidate = candidate
                    bestDistances = distances
                }
            }
            chosen.append(bestCandidate)
            closest = bestDistances
        }
        return chosen
    }

    /// D(xᵢ, xⱼ) = Σₗ (xᵢₗ − xⱼₗ)² between rows i and j of `data`, summed in feature order: the
    /// squared distance of ``kMeansPlusPlusRowByRow(_:count:using:)``.
    @_spi(Reference)
    public static func rowByRowDistance(_ data: Matrix<Double>, _ i: Int, _ j: Int) -> Double {
        let d = data.columns
        var s = 0.0
        for l in 0..<d {
            let t = data.elements[i * d + l] - data.elements[j * d + l]
            s += t * t
        }
        return s
    }
}
