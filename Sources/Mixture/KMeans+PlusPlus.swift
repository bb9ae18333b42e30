import LinearAlgebra
import RealModule

extension KMeans {
    /// The row indices of greedy k-means++ seeds: scikit-learn's `kmeans_plusplus` (Arthur &
    /// Vassilvitskii's seeding with 2 + ⌊ln k⌋ candidates per step, keeping the one that most
    /// reduces the potential), as ``KMeans`` and ``GaussianMixture`` start from it.
    ///
    /// The first seed is a uniform row; each further step draws 2 + ⌊ln k⌋ candidate rows with
    /// probability proportional to the squared distance to the nearest seed so far, and keeps the
    /// candidate whose addition leaves the smallest sum of those squared distances. The result is
    /// the same to the bit for any `threads`.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 0)
    /// let rows = try KMeans.kMeansPlusPlusSeeds(OldFaithful.matrix, count: 2, using: &rng)  // two row indices
    /// ```
    /// - Parameters:
    ///   - data: n×d finite rows.
    ///   - k: How many seeds, 1...n.
    ///   - threads: The most threads the distance passes run on; `0` means one per core.
    ///   - generator: The source of the random draws.
    /// - Returns: `k` row indices, in the order they were chosen.
    /// - Throws: ``MixtureError`` for empty or non-finite data, fewer than `k` rows, or `k < 1`.
    /// - Complexity: O(n·d·k·(2 + ln k)) arithmetic in k to 2k passes over the data; n doubles of
    ///   memory, or (3 + ⌊ln k⌋)·n when that is at most max(4, d)·n (then one pass per step).
    public static func kMeansPlusPlusSeeds(_ data: Matrix<Double>, count k: Int, threads: Int = 0,
                                           using generator: inout some RandomNumberGenerator) throws(MixtureError) -> [Int] {
        guard k >= 1 else { throw .invalidSetting(name: "n_clusters", value: "\(k)", rule: "must be at least 1") }
        guard threads >= 0 else { throw .invalidSetting(name: "threads", value: "\(threads)", rule: "must be 0 (one per core) or more") }
        try checkTrainingData(data, components: k, distinct: false)
        return kMeansPlusPlus(data, count: k, threads: threads > 0 ? threads : activeProcessorCount, using: &generator)
    }

    /// Greedy k-means++ seeding (see ``kMeansPlusPlusSeeds(_:count:threads:using:)``) of validated
    /// data on `threads` threads. Data whose squared distances would overflow or underflow is
    /// seeded scaled by a power of two (the same rows are chosen as in exact arithmetic).
    ///
    /// The random draws are scikit-learn's order: a step draws all its candidates first (they
    /// depend only on the distances before the step), then one pass computes every candidate's
    /// potential (`KMeansPlusPlusPass`). Every figure is the one a plain row-by-row loop computes —
    /// the same distances, minima and sums in row order — so the seeds are those of that loop.
    static func kMeansPlusPlus(_ data: Matrix<Double>, count k: Int, threads: Int = 1,
                               using generator: inout some RandomNumberGenerator) -> [Int] {
        let scale = DataScale.forKMeans(data)
        let data = scale.scaled(data)
        let n = data.rows
        let trials = 2 + Int(Double.log(Double(k)))
        var chosen = [Int.random(in: 0..<n, using: &generator)]
        guard k > 1 else { return chosen }
        // closest, then (when kept) each candidate's minima: the chosen one's are copied over
        // closest instead of computed again.
        let keep = plusPlusKeepsMinima(count: k, features: data.columns)
        var buffers = [Double](repeating: .infinity, count: (keep ? 1 + trials : 1) * n)
        data.elements.withUnsafeBufferPointer { xb in
            buffers.withUnsafeMutableBufferPointer { bb in
                let pass = KMeansPlusPlusPass(xb.baseAddress!, rows: n, columns: data.columns, threads: threads)
                let near = bb.baseAddress!, kept = keep ? near + n : nil
                pass.update(near, adding: chosen[0])
                var total = 0.0
                for i in 0..<n { total += near[i] }
                while chosen.count < k {
                    var candidates: [Int]
                    if total > 0 {
                        let draws = (0..<trials).map { _ in generator.uniform() * total }
                        candidates = categoricalDraws(draws, weights: UnsafeBufferPointer(start: near, count: n))
                    } else {
                        candidates = (0..<trials).map { _ in Int.random(in: 0..<n, using: &generator) }
                    }
                    candidates = candidates.map { Swift.min($0, n - 1) }
                    let potentials = pass.potentials(near, candidates: candidates, keepingIn: kept)
                    // The first trial always counts, so a candidate is chosen even if a potential is not finite.
                    var best = 0
                    for t in 1..<trials where potentials[t] < potentials[best] { best = t }
                    if let kept {
                        near.update(from: kept + best * n, count: n)
                    } else {
                        pass.update(near, adding: candidates[best])
                    }
                    chosen.append(candidates[best])
                    total = potentials[best]
                }
            }
        }
        return chosen
    }

    /// Whether k-means++ seeding keeps every candidate's minima (1 + t arrays of n doubles, t =
    /// 2 + ⌊ln k⌋ candidates per step) and so reads the data once per step, or keeps one array and
    /// computes the chosen candidate's minima again (twice). Kept when that memory is no more than
    /// max(4n, n·d) doubles: what k-means' own pass holds per row, or the data itself.
    static func plusPlusKeepsMinima(count k: Int, features d: Int) -> Bool {
        3 + Int(Double.log(Double(Swift.max(1, k)))) <= Swift.max(4, d)
    }

    /// Doubles per row k-means++ seeding holds (see ``plusPlusKeepsMinima(count:features:)``).
    static func plusPlusRowBuffers(count k: Int, features d: Int) -> Int {
        plusPlusKeepsMinima(count: k, features: d) ? 3 + Int(Double.log(Double(Swift.max(1, k)))) : 1
    }

    /// For each draw u (u = U·Σw, U uniform in [0, 1)), the first index i with u − w₀ − w₁ − … − wᵢ < 0,
    /// the subtractions made in that order (the last positive weight's index when rounding leaves
    /// u ≥ 0 to the end): what `categorical` returns for that draw.
    ///
    /// Up to eight draws share one sweep over the weights, one per `SIMD8` lane (the same
    /// subtractions, lane by lane). Rounding is monotonic, so a lane that starts lower stays lower
    /// (or equal) after every subtraction, and the lanes go below 0 in the order of their draws:
    /// the sweep watches only the next lane to go, as a scalar that repeats that lane's subtractions.
    static func categoricalDraws(_ draws: [Double], weights w: UnsafeBufferPointer<Double>) -> [Int] {
        var result = [Int](repeating: -1, count: draws.count)
        var start = 0
        while start < draws.count {
            let lanes = Swift.min(8, draws.count - start)
            let order = (0..<lanes).sorted { draws[start + $0] < draws[start + $1] }
            var u = SIMD8<Double>(repeating: draws[start + order[lanes - 1]])
            for l in 0..<lanes { u[l] = draws[start + l] }
            var next = 0
            var watched = u[order[0]]
            var i = 0
            while i < w.count {
                let wi = w[i]
                u = u - SIMD8(repeating: wi)
                watched -= wi
                if watched < 0 {
                    result[start + order[next]] = i
                    next += 1
                    while next < lanes && u[order[next]] < 0 {
                        result[start + order[next]] = i
                        next += 1
                    }
                    if next == lanes { break }
                    watched = u[order[next]]
                }
                i += 1
            }
            if next < lanes {
                let last = w.lastIndex(where: { $0 > 0 }) ?? 0
                for l in order[next...] { result[start + l] = last }
            }
            start += lanes
        }
        return result
    }
}
