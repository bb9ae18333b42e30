import Dispatch
import LinearAlgebra
import RealModule

/// k-means clustering by Lloyd's algorithm: the hard-assignment limit of EM for a Gaussian mixture
/// (the lecture's "k-means is EM with responsibilities 0 or 1").
///
/// Matches scikit-learn's `KMeans(algorithm="lloyd")`: k-means++ seeding (greedy, 2 + ⌊ln k⌋ local
/// trials), `tolerance` relative to the mean per-feature variance of the data, a final assignment
/// step when stopping on tolerance, empty clusters re-seeded with the points farthest from their
/// centres, and the best of `restarts` runs by inertia.
///
/// ```swift
/// var rng = SeededGenerator(seed: 0)
/// let result = try KMeans(clusters: 2, restarts: 10).fit(OldFaithful.matrix, using: &rng)
/// print(result.centers, result.inertia)
/// ```
public struct KMeans: Sendable {
    /// How the first centres are chosen.
    public enum Initialization: Sendable, Equatable {
        /// k-means++ (greedy), scikit-learn's default.
        case kMeansPlusPlus
        /// k distinct data rows chosen uniformly.
        case random
        /// These centres (k×d).
        case given(Matrix<Double>)
    }

    /// k, the number of clusters.
    public var clusters: Int
    /// How the first centres are chosen.
    public var initialization: Initialization
    /// Runs from different seeds; the one with the smallest inertia is kept.
    public var restarts: Int
    /// The most Lloyd iterations per run.
    public var maxIterations: Int
    /// Stop when the total squared centre movement is at most `tolerance × mean per-feature variance`.
    public var tolerance: Double

    /// Settings; the defaults are scikit-learn's.
    public init(clusters: Int, initialization: Initialization = .kMeansPlusPlus, restarts: Int = 1,
                maxIterations: Int = 300, tolerance: Double = 1e-4) {
        self.clusters = clusters
        self.initialization = initialization
        self.restarts = restarts
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    /// Clusters `data` (n×d).
    /// - Throws: `MixtureError` for bad settings, empty or non-finite data, or fewer distinct rows than clusters.
    /// - Complexity: O(restarts · iterations · n · k · d).
    public func fit(_ data: Matrix<Double>, using generator: inout some RandomNumberGenerator) throws(MixtureError) -> KMeansResult {
        try validate(data)
        let n = data.rows, d = data.columns
        let means = (0..<d).map { j in (0..<n).reduce(0.0) { $0 + data[$1, j] } / Double(n) }
        let variance = (0..<d).map { j in (0..<n).reduce(0.0) { $0 + (data[$1, j] - means[j]) * (data[$1, j] - means[j]) } / Double(n) }
        let scaledTolerance = tolerance * variance.reduce(0, +) / Double(d)
        var best: KMeansResult?
        let runs = if case .given = initialization { 1 } else { restarts }
        for _ in 0..<runs {
            let start = initialCenters(data, using: &generator)
            let result = lloyd(data, centers: start, tolerance: scaledTolerance)
            if best == nil || result.inertia < best!.inertia { best = result }
        }
        return best!
    }

    func validate(_ data: Matrix<Double>) throws(MixtureError) {
        guard clusters >= 1 else { throw .invalidSetting(name: "n_clusters", value: "\(clusters)", rule: "must be at least 1") }
        guard restarts >= 1 else { throw .invalidSetting(name: "n_init", value: "\(restarts)", rule: "must be at least 1") }
        guard maxIterations >= 1 else { throw .invalidSetting(name: "max_iter", value: "\(maxIterations)", rule: "must be at least 1") }
        guard tolerance >= 0, tolerance.isFinite else { throw .invalidSetting(name: "tol", value: "\(tolerance)", rule: "must be finite and non-negative") }
        try checkTrainingData(data, components: clusters)
        if case let .given(c) = initialization {
            guard c.rows == clusters, c.columns == data.columns else {
                throw .invalidParameter(name: "init", reason: "expected \(clusters)×\(data.columns) centres, got \(c.rows)×\(c.columns)")
            }
            guard c.elements.allSatisfy(\.isFinite) else { throw .invalidParameter(name: "init", reason: "centres must be finite") }
        }
    }

    func initialCenters(_ data: Matrix<Double>, using generator: inout some RandomNumberGenerator) -> Matrix<Double> {
        switch initialization {
        case let .given(c): return c
        case .random:
            return data.selectingRows(Self.distinctRowIndices(data, count: clusters, using: &generator))
        case .kMeansPlusPlus:
            return data.selectingRows(Self.kMeansPlusPlus(data, count: clusters, using: &generator))
        }
    }

    /// `count` indices of pairwise different rows, chosen uniformly (the data must have that many).
    static func distinctRowIndices(_ data: Matrix<Double>, count: Int, using generator: inout some RandomNumberGenerator) -> [Int] {
        var order = Array(0..<data.rows)
        order.shuffle(using: &generator)
        var chosen: [Int] = []
        for i in order where !chosen.contains(where: { data.row($0) == data.row(i) }) {
            chosen.append(i)
            if chosen.count == count { break }
        }
        return chosen
    }

    /// Greedy k-means++ seeding (Arthur & Vassilvitskii; scikit-learn's variant with 2 + ⌊ln k⌋
    /// candidates per step, keeping the one that most reduces the potential).
    static func kMeansPlusPlus(_ data: Matrix<Double>, count k: Int, using generator: inout some RandomNumberGenerator) -> [Int] {
        let n = data.rows
        let trials = 2 + Int(Double.log(Double(k)))
        var chosen = [Int.random(in: 0..<n, using: &generator)]
        var closest = (0..<n).map { squaredDistance(data, $0, data, chosen[0]) }
        while chosen.count < k {
            var bestCandidate = -1
            var bestPotential = Double.infinity
            var bestDistances: [Double] = []
            let total = closest.reduce(0, +)
            for _ in 0..<trials {
                var candidate: Int
                if total > 0 {
                    candidate = generator.categorical(closest)
                } else {
                    candidate = Int.random(in: 0..<n, using: &generator)
                }
                candidate = min(candidate, n - 1)
                let distances = (0..<n).map { min(closest[$0], squaredDistance(data, $0, data, candidate)) }
                let potential = distances.reduce(0, +)
                if potential < bestPotential {
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

    @inline(__always)
    static func squaredDistance(_ a: Matrix<Double>, _ i: Int, _ b: Matrix<Double>, _ j: Int) -> Double {
        var s = 0.0
        for l in 0..<a.columns {
            let t = a.elements[i * a.columns + l] - b.elements[j * b.columns + l]
            s += t * t
        }
        return s
    }

    /// Labels (nearest centre) and squared distances for every row, and the per-cluster row sums
    /// and counts of that assignment, in one parallel pass (chunk sums merged in chunk order, so
    /// the result does not depend on the thread count).
    static func assign(_ data: Matrix<Double>, centers: Matrix<Double>)
        -> (labels: [Int], distances: [Double], sums: [Double], counts: [Int]) {
        let n = data.rows, k = centers.rows, d = data.columns
        let chunks = (n + EStepKernel.chunkRows - 1) / EStepKernel.chunkRows
        var labels = [Int](repeating: 0, count: n)
        var distances = [Double](repeating: 0, count: n)
        var chunkSums = [Double](repeating: 0, count: chunks * k * d)
        var chunkCounts = [Int](repeating: 0, count: chunks * k)
        labels.withUnsafeMutableBufferPointer { lb in
            distances.withUnsafeMutableBufferPointer { db in
                chunkSums.withUnsafeMutableBufferPointer { sb in
                    chunkCounts.withUnsafeMutableBufferPointer { cb in
                        data.elements.withUnsafeBufferPointer { xb in
                            centers.elements.withUnsafeBufferPointer { mb in
                                nonisolated(unsafe) let l = lb.baseAddress!, dist = db.baseAddress!
                                nonisolated(unsafe) let sums = sb.baseAddress!, counts = cb.baseAddress!
                                nonisolated(unsafe) let x = xb.baseAddress!, m = mb.baseAddress!
                                EStepKernel.forEachChunk(rows: n, work: k * d) { chunk, start, count in
                                    let s = sums + chunk * k * d, cnt = counts + chunk * k
                                    for i in start..<(start + count) {
                                        let xi = x + i * d
                                        var best = 0
                                        var bestD = Double.infinity
                                        for c in 0..<k {
                                            let mc = m + c * d
                                            var dd = 0.0
                                            for j in 0..<d {
                                                let t = xi[j] - mc[j]
                                                dd += t * t
                                            }
                                            if dd < bestD { bestD = dd; best = c }
                                        }
                                        l[i] = best
                                        dist[i] = bestD
                                        cnt[best] += 1
                                        for j in 0..<d { s[best * d + j] += xi[j] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var sums = [Double](repeating: 0, count: k * d)
        var counts = [Int](repeating: 0, count: k)
        for ch in 0..<chunks {
            for e in 0..<(k * d) { sums[e] += chunkSums[ch * k * d + e] }
            for c in 0..<k { counts[c] += chunkCounts[ch * k + c] }
        }
        return (labels, distances, sums, counts)
    }

    func lloyd(_ data: Matrix<Double>, centers start: Matrix<Double>, tolerance: Double) -> KMeansResult {
        let n = data.rows, d = data.columns, k = clusters
        var centers = start
        var labels = [Int](repeating: -1, count: n)
        var distances = [Double](repeating: 0, count: n)
        var iterations = 0
        var strict = false
        var lastShift = Double.nan
        for iteration in 1...maxIterations {
            iterations = iteration
            let previous = labels
            // Assignment and the new centres' sums in one pass; empty clusters take the farthest rows.
            var sums: [Double], counts: [Int]
            (labels, distances, sums, counts) = Self.assign(data, centers: centers)
            let empty = (0..<k).filter { counts[$0] == 0 }
            if !empty.isEmpty {
                let far = (0..<n).sorted { distances[$0] > distances[$1] }.prefix(empty.count)
                for (c, i) in zip(empty, far) {
                    let old = labels[i]
                    counts[old] -= 1
                    for j in 0..<d { sums[old * d + j] -= data[i, j] }
                    counts[c] = 1
                    for j in 0..<d { sums[c * d + j] = data[i, j] }
                    labels[i] = c
                }
            }
            var next = centers
            for c in 0..<k where counts[c] > 0 {
                for j in 0..<d { next[c, j] = sums[c * d + j] / Double(counts[c]) }
            }
            var shift = 0.0
            for e in 0..<(k * d) { shift += (next.elements[e] - centers.elements[e]) * (next.elements[e] - centers.elements[e]) }
            centers = next
            lastShift = shift
            if labels == previous { strict = true; break }
            if shift <= tolerance { break }
        }
        if !strict {
            // Labels must match the final centres.
            (labels, distances, _, _) = Self.assign(data, centers: centers)
        } else {
            // Labels are unchanged; the distances must be to the final centres.
            distances = (0..<n).map { Self.squaredDistance(data, $0, centers, labels[$0]) }
        }
        return KMeansResult(centers: centers, labels: labels, inertia: distances.reduce(0, +),
                            iterations: iterations, converged: strict || lastShift <= tolerance)
    }
}

/// A fitted k-means clustering.
public struct KMeansResult: Sendable, Equatable {
    /// The cluster centres, k×d.
    public let centers: Matrix<Double>
    /// The cluster of every training row.
    public let labels: [Int]
    /// Σ ‖x − centre(x)‖² over the training rows.
    public let inertia: Double
    /// Lloyd iterations run.
    public let iterations: Int
    /// Whether the run stopped on the tolerance or on unchanged labels (not on `maxIterations`).
    public let converged: Bool

    /// The number of training rows in each cluster.
    public var clusterSizes: [Int] {
        var sizes = [Int](repeating: 0, count: centers.rows)
        for l in labels { sizes[l] += 1 }
        return sizes
    }

    /// The nearest centre of every row of `data`.
    /// - Throws: `MixtureError` for a column count other than the centres' or non-finite values.
    public func predict(_ data: Matrix<Double>) throws(MixtureError) -> [Int] {
        guard data.columns == centers.columns else { throw .dimensionMismatch(expected: centers.columns, got: data.columns) }
        try checkFinite(data)
        return KMeans.assign(data, centers: centers).labels
    }
}
