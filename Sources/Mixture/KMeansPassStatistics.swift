import LinearAlgebra

/// One Lloyd pass of k-means over a block of rows, as statistics that add up: run it on every
/// block, `merge` in a fixed order, and `update` gives the next centres as `KMeans.fit`'s
/// iteration does from the whole data — to rounding of the sums' order.
///
/// The pass assigns every row to its nearest centre and keeps, per cluster, the row count and the
/// sum of its rows, the total squared distance (the inertia of the centres it ran with), and the
/// k rows farthest from their centres — what Lloyd's update needs to re-seed an empty cluster
/// (scikit-learn's rule: an empty cluster takes the farthest row). O(k·d) numbers per block.
///
/// Data whose squared distances would overflow or underflow is clustered at a power-of-two scale,
/// as `KMeans.fit` does: every block of one fit uses the `scaleExponent(for:)` of the whole data.
///
/// ```swift
/// var pass = try KMeansPassStatistics(centers: centres, rows: firstHalf)
/// try pass.merge(KMeansPassStatistics(centers: centres, rows: secondHalf))
/// let (next, movement) = try pass.update()
/// ```
public struct KMeansPassStatistics: Sendable, Equatable {
    /// A row far from its centre, kept to re-seed an empty cluster.
    public struct FarRow: Sendable, Equatable {
        /// Its squared distance to its nearest centre (scaled units).
        public let distance: Double
        /// Its cluster.
        public let cluster: Int
        /// Its values (d, scaled units).
        public let values: [Double]

        /// A far row from its parts.
        public init(distance: Double, cluster: Int, values: [Double]) {
            self.distance = distance
            self.cluster = cluster
            self.values = values
        }
    }

    /// k.
    public let clusters: Int
    /// d.
    public let features: Int
    /// The rows and centres were multiplied by 2^scaleExponent (0 for ordinary data).
    public let scaleExponent: Int
    /// The centres the pass ran with (k×d, row-major, scaled units); statistics merge only with equal centres.
    public let centers: [Double]
    /// The number of rows.
    public private(set) var rows: Int
    /// Rows assigned to each cluster (k).
    public private(set) var counts: [Int]
    /// The sum of each cluster's rows (k×d, row-major, scaled units).
    public private(set) var sums: [Double]
    /// Σ of every row's squared distance to its nearest centre (scaled units).
    public private(set) var inertia: Double
    /// The (at most k) rows farthest from their centres, farthest first; among equal distances
    /// the earlier row (earlier block) first.
    public private(set) var farthest: [FarRow]

    /// The pass of `centers` (k×d, data units) over a block of rows (n×d; n may be 0).
    /// - Parameters:
    ///   - centers: the centres of this Lloyd iteration.
    ///   - block: the rows.
    ///   - scaleExponent: the fit's power-of-two scale (see `scaleExponent(for:)`).
    ///   - parallel: whether the assignment runs its chunks on all cores (the same bits either way).
    /// - Throws: `MixtureError.dimensionMismatch` for a block with other than d columns,
    ///   `.nonFiniteValue` for a NaN or ±∞ in the rows or centres.
    /// - Complexity: O(n·k·d).
    public init(centers: Matrix<Double>, rows block: Matrix<Double>, scaleExponent: Int = 0,
                parallel: Bool = true) throws(MixtureError) {
        guard centers.rows >= 1, centers.columns >= 1 else { throw .invalidParameter(name: "centers", reason: "need at least one centre and one feature") }
        try checkFinite(centers)
        try checkScoringData(block, features: centers.columns)
        let scale = DataScale(exponent: scaleExponent)
        let k = centers.rows, d = centers.columns, n = block.rows
        let scaledCenters = scale.scaled(centers)
        clusters = k
        features = d
        self.scaleExponent = scaleExponent
        self.centers = scaledCenters.elements
        rows = n
        guard n > 0 else {
            counts = [Int](repeating: 0, count: k)
            sums = [Double](repeating: 0, count: k * d)
            inertia = 0
            farthest = []
            return
        }
        let data = scale.scaled(block)
        let assigned = KMeans.assign(data, centers: scaledCenters, threads: parallel ? activeProcessorCount : 1)
        counts = assigned.counts
        sums = assigned.sums
        inertia = assigned.distances.reduce(0, +)
        var top: [(distance: Double, row: Int)] = []
        for i in 0..<n { Self.insert((assigned.distances[i], i), into: &top, keeping: k) }
        farthest = top.map { FarRow(distance: $0.distance, cluster: assigned.labels[$0.row], values: data.row($0.row)) }
    }

    /// Statistics from their parts (as read back from a file).
    /// - Throws: `MixtureError.invalidParameter` naming the part (by its statistics-file key:
    ///   `centers`, `counts`, `sums`, `n_samples`, `scale_exponent`, `farthest`) that is wrong: a
    ///   length other than k and d give, a non-finite number, counts that do not add up to the rows,
    ///   far rows that are not at most min(k, n) rows of their clusters, farthest first.
    public init(clusters: Int, features: Int, scaleExponent: Int, centers: [Double], rows: Int, counts: [Int],
                sums: [Double], inertia: Double, farthest: [FarRow]) throws(MixtureError) {
        let k = clusters, d = features
        guard k >= 1, d >= 1, rows >= 0 else {
            throw .invalidParameter(name: "statistics", reason: "need k ≥ 1, d ≥ 1 and rows ≥ 0")
        }
        guard (-GaussianMixturePassStatistics.scaleExponentLimit...GaussianMixturePassStatistics.scaleExponentLimit).contains(scaleExponent) else {
            throw .invalidParameter(name: "scale_exponent",
                                    reason: "is \(scaleExponent); a scale is within ±\(GaussianMixturePassStatistics.scaleExponentLimit)")
        }
        let kd = k.multipliedReportingOverflow(by: d)
        guard counts.count == k else { throw .invalidParameter(name: "counts", reason: "has \(counts.count) values; k=\(k) needs \(k)") }
        for (name, values) in [("centers", centers), ("sums", sums)] {
            guard !kd.overflow, values.count == kd.partialValue else {
                throw .invalidParameter(name: name, reason: "has \(values.count) values; k=\(k), d=\(d) needs "
                                        + (kd.overflow ? "more than any array holds" : "\(kd.partialValue)"))
            }
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw .invalidParameter(name: name, reason: "entry \(bad) is \(values[bad]); every value must be finite")
            }
        }
        var total = 0
        for (c, count) in counts.enumerated() {
            let sum = total.addingReportingOverflow(count)
            guard count >= 0, !sum.overflow else {
                throw .invalidParameter(name: "counts", reason: "entry \(c) is \(count); counts are ≥ 0 and add up to the rows")
            }
            total = sum.partialValue
        }
        guard total == rows else {
            throw .invalidParameter(name: "counts", reason: "add up to \(total), but the statistics are of \(rows) rows (n_samples)")
        }
        guard inertia >= 0, !inertia.isNaN else { throw .invalidParameter(name: "inertia", reason: "is \(inertia); it must be ≥ 0") }
        guard farthest.count <= min(k, rows) else {
            throw .invalidParameter(name: "farthest", reason: "has \(farthest.count) rows; at most min(k, n_samples) = \(min(k, rows)) are kept")
        }
        var perCluster = [Int](repeating: 0, count: k)
        for (i, row) in farthest.enumerated() {
            guard row.values.count == d, row.values.allSatisfy(\.isFinite), (0..<k).contains(row.cluster),
                  row.distance >= 0, row.distance.isFinite else {
                throw .invalidParameter(name: "farthest", reason: "row \(i) must have \(d) finite values, a cluster from 0 to \(k - 1) "
                                        + "and a finite distance ≥ 0")
            }
            guard i == 0 || !(row.distance > farthest[i - 1].distance) else {
                throw .invalidParameter(name: "farthest", reason: "row \(i) is farther than row \(i - 1); the rows are kept farthest first")
            }
            perCluster[row.cluster] += 1
            guard perCluster[row.cluster] <= counts[row.cluster] else {
                throw .invalidParameter(name: "farthest", reason: "row \(i) is of cluster \(row.cluster), which counts \(counts[row.cluster]) rows")
            }
        }
        self.clusters = k
        self.features = d
        self.scaleExponent = scaleExponent
        self.centers = centers
        self.rows = rows
        self.counts = counts
        self.sums = sums
        self.inertia = inertia
        self.farthest = farthest
    }

    /// Inserts `entry` into `top` (farthest first, at most `limit`), after any of equal distance.
    static func insert<T>(_ entry: (distance: Double, row: T), into top: inout [(distance: Double, row: T)], keeping limit: Int) {
        if top.count == limit, !(entry.distance > top[limit - 1].distance) { return }
        var position = top.count
        while position > 0 && entry.distance > top[position - 1].distance { position -= 1 }
        top.insert(entry, at: position)
        if top.count > limit { top.removeLast() }
    }

    /// The power-of-two scale k-means of the data `summary` describes works at (what `KMeans.fit`
    /// chooses): 0 for ordinary data.
    public static func scaleExponent(for summary: DataSummary) -> Int {
        scaleExponent(largestMagnitude: summary.largestMagnitude, count: summary.count)
    }

    /// `scaleExponent(for:)` from the data's largest magnitude and number of values (n·d).
    public static func scaleExponent(largestMagnitude: Double, count: Int) -> Int {
        let e = largestMagnitude > 0 && largestMagnitude.isFinite ? Int(largestMagnitude.exponent) : nil
        return DataScale.forKMeans(maximumExponent: e, count: count).exponent
    }

    /// `KMeans`' stopping threshold for the data `summary` describes: `tolerance` × the mean
    /// per-feature variance, at the scale `scaleExponent(for: summary)` (the units of `update`'s
    /// movement).
    public static func movementThreshold(tolerance: Double, for summary: DataSummary) -> Double {
        tolerance * summary.variances(scaledBy: scaleExponent(for: summary)).reduce(0, +) / Double(summary.features)
    }

    /// Adds the statistics of further rows, from the same centres and scale. Merging the blocks in
    /// the same order always gives the same bits.
    /// - Throws: `MixtureError.invalidParameter` when `other` ran with other centres or scale, or
    ///   when the rows add up to more than an `Int` holds.
    public mutating func merge(_ other: KMeansPassStatistics) throws(MixtureError) {
        guard other.clusters == clusters, other.features == features else {
            throw .invalidParameter(name: "statistics", reason: "they are of k=\(other.clusters), d=\(other.features) and "
                                    + "k=\(clusters), d=\(features): different centres")
        }
        rows = try PassStatisticsMerge.rows(rows, other.rows, scales: (scaleExponent, other.scaleExponent),
                                            anchors: (centers, other.centers), what: "centres")
        for c in counts.indices { counts[c] += other.counts[c] }
        for e in sums.indices { sums[e] += other.sums[e] }
        inertia += other.inertia
        var top = farthest.map { (distance: $0.distance, row: $0) }
        for entry in other.farthest { Self.insert((entry.distance, entry), into: &top, keeping: clusters) }
        farthest = top.map(\.row)
    }

    /// The statistics of `parts` merged in order.
    /// - Throws: `MixtureError.noSamples` for no parts; `merge`'s errors.
    public static func merged(_ parts: [KMeansPassStatistics]) throws(MixtureError) -> KMeansPassStatistics {
        guard var total = parts.first else { throw .noSamples }
        for part in parts.dropFirst() { try total.merge(part) }
        return total
    }

    /// The inertia of the centres the pass ran with, in the data's units (+∞ or 0 when beyond the
    /// range of a `Double`).
    public var totalInertia: Double { DataScale.scale(inertia, by: -2 * scaleExponent) }

    /// The centres the pass ran with, in the data's units.
    public var startingCenters: Matrix<Double> {
        DataScale(exponent: -scaleExponent).scaled(Matrix(rows: clusters, columns: features, elements: centers))
    }

    /// Lloyd's update from the whole data's pass: each centre the mean of its rows; an empty
    /// cluster (in order) takes the farthest remaining row from its cluster, as `KMeans.fit` does.
    /// - Returns: the next centres (data units) and the total squared movement of the centres
    ///   (scaled units, like `movementThreshold`, which `KMeans` compares it with).
    /// - Throws: `MixtureError.noSamples` for statistics of no rows.
    public func update() throws(MixtureError) -> (centers: Matrix<Double>, movement: Double) {
        guard rows > 0 else { throw .noSamples }
        let (counts, sums) = reseeded()
        let k = clusters, d = features
        var next = centers
        for c in 0..<k where counts[c] > 0 {
            for j in 0..<d { next[c * d + j] = sums[c * d + j] / Double(counts[c]) }
        }
        var movement = 0.0
        for e in 0..<(k * d) { movement += (next[e] - centers[e]) * (next[e] - centers[e]) }
        let unscale = DataScale(exponent: -scaleExponent)
        return (unscale.scaled(Matrix(rows: k, columns: d, elements: next)), movement)
    }

    /// Counts and sums after moving the farthest rows into the empty clusters.
    func reseeded() -> (counts: [Int], sums: [Double]) {
        var counts = self.counts, sums = self.sums
        let d = features
        let empty = (0..<clusters).filter { counts[$0] == 0 }
        for (c, row) in zip(empty, farthest) {
            let old = row.cluster
            counts[old] -= 1
            for j in 0..<d { sums[old * d + j] -= row.values[j] }
            counts[c] = 1
            for j in 0..<d { sums[c * d + j] = row.values[j] }
        }
        return (counts, sums)
    }
}
