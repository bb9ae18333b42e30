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

    /// How each iteration finds every row's nearest centre. All give the same labels, centres and
    /// inertia to the bit; they differ only in speed.
    public enum Algorithm: Sendable, Equatable {
        /// Lloyd's pass when k·d < 32 (a row's k distances then cost about what keeping its bounds
        /// does: measured 12% faster than Hamerly at n = 10⁶, d = 2, k = 4), Hamerly's otherwise
        /// (2.5× faster than Lloyd at n = 20,000, d = 50, k = 10).
        case automatic
        /// Lloyd's plain pass: all n·k distances every iteration.
        case lloyd
        /// Hamerly's algorithm: per row, an upper bound on the distance to its centre and a lower
        /// bound on the distance to every other one, moved by how far the centres move; a row's
        /// distances are computed only when the bounds overlap. O(n) memory beyond the data.
        case hamerly
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
    /// Whether the assignment step runs its chunks of rows on all cores; the result is the same to
    /// the bit either way.
    public var parallel: Bool
    /// How each iteration assigns rows to centres (the result is the same to the bit for each).
    public var algorithm: Algorithm = .automatic
    /// The most threads to run on when `parallel`; `0` means one per core. The result is the same
    /// to the bit for any count.
    public var threads: Int = 0

    /// The threads the passes run on.
    var threadCount: Int { parallel ? (threads > 0 ? threads : activeProcessorCount) : 1 }

    /// Settings; the defaults are scikit-learn's.
    public init(clusters: Int, initialization: Initialization = .kMeansPlusPlus, restarts: Int = 1,
                maxIterations: Int = 300, tolerance: Double = 1e-4, parallel: Bool = true) {
        self.clusters = clusters
        self.initialization = initialization
        self.restarts = restarts
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.parallel = parallel
    }

    /// Clusters `data` (n×d).
    ///
    /// Any finite data clusters: data so large that squared distances would overflow (beyond about
    /// 1e144) or so small that they would underflow (below about 1e-77) is clustered scaled by a
    /// power of two, which keeps every distance comparison and k-means++ draw exactly as it would
    /// be in exact-range arithmetic, and the centres are scaled back exactly. The inertia is then
    /// the scaled one scaled back, and is +∞ (or 0) when the true value is beyond the range of a
    /// `Double`.
    /// - Throws: `MixtureError` for bad settings, empty or non-finite data, or fewer distinct rows than clusters.
    /// - Complexity: O(restarts · iterations · n · k · d).
    public func fit(_ data: Matrix<Double>, using generator: inout some RandomNumberGenerator) throws(MixtureError) -> KMeansResult {
        try fit(data, requiringDistinctRows: true, using: &generator)
    }

    /// `fit`, optionally allowing fewer distinct rows than clusters (a Gaussian mixture with
    /// reg_covar > 0 starts from such a clustering, as scikit-learn's does; some centres coincide).
    func fit(_ data: Matrix<Double>, requiringDistinctRows: Bool,
             using generator: inout some RandomNumberGenerator) throws(MixtureError) -> KMeansResult {
        try validate(data, requiringDistinctRows: requiringDistinctRows)
        let scale = DataScale.forKMeans(data)
        if !scale.isIdentity {
            var scaled = self
            if case let .given(c) = initialization { scaled.initialization = .given(scale.scaled(c)) }
            let result = try scaled.fitScaled(scale.scaled(data), using: &generator)
            let unscale = DataScale(exponent: -scale.exponent)
            return KMeansResult(centers: unscale.scaled(result.centers), labels: result.labels,
                                inertia: DataScale.scale(result.inertia, by: 2 * unscale.exponent),
                                iterations: result.iterations, converged: result.converged, threads: threadCount)
        }
        return try fitScaled(data, using: &generator)
    }

    func fitScaled(_ data: Matrix<Double>, using generator: inout some RandomNumberGenerator) throws(MixtureError) -> KMeansResult {
        let n = data.rows, d = data.columns
        // Per column, rows summed in order (one sweep over the rows).
        var means = [Double](repeating: 0, count: d), variance = [Double](repeating: 0, count: d)
        data.elements.withUnsafeBufferPointer { x in
            for i in 0..<n { for j in 0..<d { means[j] += x[i * d + j] } }
            for j in 0..<d { means[j] /= Double(n) }
            for i in 0..<n {
                for j in 0..<d { variance[j] += (x[i * d + j] - means[j]) * (x[i * d + j] - means[j]) }
            }
            for j in 0..<d { variance[j] /= Double(n) }
        }
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

    /// Checks the settings alone (no data): what `fit` checks first. A command-line tool calls it
    /// to reject bad options before reading any data.
    /// - Throws: `MixtureError.invalidSetting` naming the setting by scikit-learn's name.
    public func validateSettings() throws(MixtureError) {
        guard clusters >= 1 else { throw .invalidSetting(name: "n_clusters", value: "\(clusters)", rule: "must be at least 1") }
        guard restarts >= 1 else { throw .invalidSetting(name: "n_init", value: "\(restarts)", rule: "must be at least 1") }
        guard maxIterations >= 1 else { throw .invalidSetting(name: "max_iter", value: "\(maxIterations)", rule: "must be at least 1") }
        guard tolerance >= 0, tolerance.isFinite else { throw .invalidSetting(name: "tol", value: "\(tolerance)", rule: "must be finite and non-negative") }
        guard threads >= 0 else { throw .invalidSetting(name: "threads", value: "\(threads)", rule: "must be 0 (one per core) or more") }
    }

    func validate(_ data: Matrix<Double>, requiringDistinctRows: Bool = true) throws(MixtureError) {
        try validateSettings()
        try checkTrainingData(data, components: clusters, distinct: requiringDistinctRows)
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

    /// `count` indices of pairwise different rows, chosen uniformly; when the data has fewer
    /// distinct rows (allowed for a mixture with reg_covar > 0), the rest are further rows in the
    /// same random order, as scikit-learn draws `count` distinct indices.
    static func distinctRowIndices(_ data: Matrix<Double>, count: Int, using generator: inout some RandomNumberGenerator) -> [Int] {
        var order = Array(0..<data.rows)
        order.shuffle(using: &generator)
        var chosen: [Int] = []
        for i in order where !chosen.contains(where: { data.row($0) == data.row(i) }) {
            chosen.append(i)
            if chosen.count == count { break }
        }
        if chosen.count < count {
            let taken = Set(chosen)
            chosen += order.lazy.filter { !taken.contains($0) }.prefix(count - chosen.count)
        }
        return chosen
    }

    /// Greedy k-means++ seeding (Arthur & Vassilvitskii; scikit-learn's variant with 2 + ⌊ln k⌋
    /// candidates per step, keeping the one that most reduces the potential). Data whose squared
    /// distances would overflow or underflow is seeded scaled by a power of two (the same rows are
    /// chosen as in exact arithmetic).
    static func kMeansPlusPlus(_ data: Matrix<Double>, count k: Int, using generator: inout some RandomNumberGenerator) -> [Int] {
        let scale = DataScale.forKMeans(data)
        let data = scale.scaled(data)
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
    /// and counts of that assignment, in one parallel pass (`KMeansPass`: chunk sums merged in
    /// chunk order, so the result does not depend on the thread count).
    ///
    /// A row far from every centre (squared distance above 2⁴⁰ times the centres' spread R²,
    /// R² = maxₖ ‖cₖ − c̄‖²) would see its distances round to the same value (x − 54 and x − 80 are
    /// both x at x = 1e20); its nearest centre is found instead from ‖cₖ − c̄‖² − 2(x − c̄)·(cₖ − c̄),
    /// the distance less the common ‖x − c̄‖², which keeps the centres' differences.
    static func assign(_ data: Matrix<Double>, centers: Matrix<Double>, threads: Int)
        -> (labels: [Int], distances: [Double], sums: [Double], counts: [Int]) {
        let n = data.rows
        var labels = [Int](repeating: -1, count: n)
        var distances = [Double](repeating: 0, count: n)
        let totals = labels.withUnsafeMutableBufferPointer { lb in
            distances.withUnsafeMutableBufferPointer { db in
                data.elements.withUnsafeBufferPointer { xb in
                    KMeansPass(centers: centers).run(xb.baseAddress!, rows: n, labels: lb.baseAddress!, distances: db.baseAddress!,
                                                     bounds: nil, movement: nil, threads: threads)
                }
            }
        }
        return (labels, distances, totals.sums, totals.counts)
    }

    /// The nearest centre of a row far from all of them. With x̃ = x − c̄ and c̃ = c − c̄, the squared
    /// distance to cₖ less that to a reference cᵣ (the directly nearest) is
    /// ‖c̃ₖ‖² − ‖c̃ᵣ‖² − 2x̃·(cₖ − cᵣ): the common ‖x̃‖² is gone and the centres enter through their
    /// differences, which round to nothing only when they are nothing. Where a product overflows
    /// (a NaN from ∞ − ∞), the comparison is repeated with x̃ divided by 2^e ≈ |x̃|.
    static func nearestToFarRow(_ x: UnsafePointer<Double>, reference r: Int, centers m: UnsafePointer<Double>,
                                centroid: [Double], relative: [Double], k: Int, d: Int) -> Int {
        var referenceNorm = 0.0
        for j in 0..<d { referenceNorm += relative[r * d + j] * relative[r * d + j] }
        func nearest(exponent e: Int) -> Int? {
            var best = r, bestKey = 0.0
            for c in 0..<k where c != r {
                var norm = 0.0, cross = 0.0
                for j in 0..<d {
                    norm += relative[c * d + j] * relative[c * d + j]
                    let offset = e == 0 ? x[j] - centroid[j] : DataScale.scale(x[j], by: -e) - DataScale.scale(centroid[j], by: -e)
                    cross += offset * (m[c * d + j] - m[r * d + j])
                }
                let key = DataScale.scale(norm - referenceNorm, by: -e) - 2 * cross
                if key.isNaN { return nil }
                if key < bestKey { best = c; bestKey = key }
            }
            return best
        }
        if let best = nearest(exponent: 0) { return best }
        var largest = 0.0
        for j in 0..<d { largest = max(largest, (0.5 * x[j] - 0.5 * centroid[j]).magnitude) }
        return nearest(exponent: largest > 0 ? Int(largest.exponent) + 1 : 0) ?? r
    }

    /// Lloyd's iterations from `start`, as scikit-learn runs them: assign, re-seed empty clusters
    /// with the rows farthest from their centres, move the centres to their rows' means; stop when
    /// no label changes or the centres move by at most `tolerance` (then assign once more).
    /// With `algorithm` other than `.lloyd` the assignments come from bounded passes, which give
    /// the same labels, so the same iterations, centres and inertia.
    /// The `count` rows with the largest distances, farthest first, equal distances in row order
    /// (a sort of all rows, kept to the first `count` in one scan).
    static func farthestRows(_ distances: [Double], count: Int) -> [Int] {
        var top: [(distance: Double, row: Int)] = []
        top.reserveCapacity(count + 1)
        for (i, v) in distances.enumerated() where top.count < count || v > top[top.count - 1].distance {
            // After every kept row at least as far (those come first, being earlier rows).
            let at = top.firstIndex { $0.distance < v } ?? top.count
            top.insert((v, i), at: at)
            if top.count > count { top.removeLast() }
        }
        return top.map(\.row)
    }

    func lloyd(_ data: Matrix<Double>, centers start: Matrix<Double>, tolerance: Double) -> KMeansResult {
        let n = data.rows, d = data.columns, k = clusters
        let threads = threadCount
        let bounded = algorithm == .hamerly || (algorithm == .automatic && k * d >= 32)
        var centers = start
        var labels = [Int](repeating: -1, count: n)
        var upper = [Double](repeating: 0, count: bounded ? n : 0)
        var lower = [Double](repeating: 0, count: bounded ? n : 0)
        var movement: KMeansPass.Movement?
        var iterations = 0
        var strict = false
        var lastShift = Double.nan
        // One pass over the rows with the centres `pass`, writing labels (and distances) in place.
        func pass(_ prepared: KMeansPass, distances: UnsafeMutablePointer<Double>?, movement: KMeansPass.Movement?) -> KMeansPass.Totals {
            labels.withUnsafeMutableBufferPointer { lb in
                upper.withUnsafeMutableBufferPointer { ub in
                    lower.withUnsafeMutableBufferPointer { wb in
                        data.elements.withUnsafeBufferPointer { xb in
                            prepared.run(xb.baseAddress!, rows: n, labels: lb.baseAddress!, distances: distances,
                                         bounds: bounded ? (ub.baseAddress!, wb.baseAddress!) : nil,
                                         movement: movement, threads: threads)
                        }
                    }
                }
            }
        }
        for iteration in 1...maxIterations {
            iterations = iteration
            let prepared = KMeansPass(centers: centers)
            // Assignment and the new centres' sums in one pass; empty clusters take the farthest rows.
            var totals = pass(prepared, distances: nil, movement: movement)
            let changed = totals.changed
            let empty = (0..<k).filter { totals.counts[$0] == 0 }
            if !empty.isEmpty {
                // The distances of every row are needed: a full pass gives them (the same labels and sums).
                var distances = [Double](repeating: 0, count: n)
                totals = distances.withUnsafeMutableBufferPointer { pass(prepared, distances: $0.baseAddress!, movement: nil) }
                let far = Self.farthestRows(distances, count: empty.count)
                for (c, i) in zip(empty, far) {
                    let old = labels[i]
                    totals.counts[old] -= 1
                    for j in 0..<d { totals.sums[old * d + j] -= data[i, j] }
                    totals.counts[c] = 1
                    for j in 0..<d { totals.sums[c * d + j] = data[i, j] }
                    labels[i] = c
                    if bounded {
                        upper[i] = .infinity
                        lower[i] = -.infinity
                    }
                }
            }
            var next = centers
            for c in 0..<k where totals.counts[c] > 0 {
                for j in 0..<d { next[c, j] = totals.sums[c * d + j] / Double(totals.counts[c]) }
            }
            var shift = 0.0
            for e in 0..<(k * d) { shift += (next.elements[e] - centers.elements[e]) * (next.elements[e] - centers.elements[e]) }
            if bounded {
                movement = KMeansPass.Movement(from: centers.elements, to: next.elements, k: k, d: d,
                                               slack: KMeansPass.slack(features: d, pass: iteration + 1))
            }
            centers = next
            lastShift = shift
            // Unchanged labels (a re-seeded cluster is a change).
            if changed == 0 && empty.isEmpty { strict = true; break }
            if shift <= tolerance { break }
        }
        var distances = [Double](repeating: 0, count: n)
        let prepared = KMeansPass(centers: centers)
        distances.withUnsafeMutableBufferPointer { db in
            if !strict {
                // Labels must match the final centres.
                _ = pass(prepared, distances: db.baseAddress!, movement: movement)
            } else {
                // Labels are unchanged; the distances must be to the final centres.
                labels.withUnsafeBufferPointer { lb in
                    data.elements.withUnsafeBufferPointer { xb in
                        prepared.distancesToAssigned(xb.baseAddress!, rows: n, labels: lb.baseAddress!, into: db.baseAddress!,
                                                     threads: threads)
                    }
                }
            }
        }
        return KMeansResult(centers: centers, labels: labels, inertia: distances.reduce(0, +),
                            iterations: iterations, converged: strict || lastShift <= tolerance, threads: threads)
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
    /// The threads `predict` runs on (the fit's setting).
    let threads: Int

    /// A clustering from its parts.
    public init(centers: Matrix<Double>, labels: [Int], inertia: Double, iterations: Int, converged: Bool) {
        self.init(centers: centers, labels: labels, inertia: inertia, iterations: iterations, converged: converged,
                  threads: activeProcessorCount)
    }

    init(centers: Matrix<Double>, labels: [Int], inertia: Double, iterations: Int, converged: Bool, threads: Int) {
        self.centers = centers
        self.labels = labels
        self.inertia = inertia
        self.iterations = iterations
        self.converged = converged
        self.threads = threads
    }

    /// Equal centres, labels, inertia (bit for bit), iterations and convergence.
    public static func == (a: KMeansResult, b: KMeansResult) -> Bool {
        a.centers == b.centers && a.labels == b.labels && a.inertia.bitPattern == b.inertia.bitPattern
            && a.iterations == b.iterations && a.converged == b.converged
    }

    /// The number of training rows in each cluster.
    public var clusterSizes: [Int] {
        var sizes = [Int](repeating: 0, count: centers.rows)
        for l in labels { sizes[l] += 1 }
        return sizes
    }

    /// The nearest centre of every row of `data`.
    /// - Throws: `MixtureError` for a column count other than the centres' or non-finite values.
    ///
    /// Data and centres are compared at the centres' power-of-two scale when their squared distances
    /// would overflow or underflow, and a row far from every centre still goes to the nearest one
    /// (see `assign`).
    public func predict(_ data: Matrix<Double>) throws(MixtureError) -> [Int] {
        guard data.columns == centers.columns else { throw .dimensionMismatch(expected: centers.columns, got: data.columns) }
        try checkFinite(data)
        // The centres' scale (rows far from them are handled in `assign`), never so far up that a
        // row overflows.
        var scale = DataScale.forKMeans(maximumExponent: DataScale.maximumExponent(centers), count: data.rows * data.columns)
        if scale.exponent > 0, let top = DataScale.maximumExponent(data) {
            scale = DataScale(exponent: max(0, min(scale.exponent, 1020 - top)))
        }
        return KMeans.assign(scale.scaled(data), centers: scale.scaled(centers), threads: threads).labels
    }
}
