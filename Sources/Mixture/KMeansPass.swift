import Dispatch
import LinearAlgebra
import Synchronization

/// One assignment pass of k-means over all rows: every row's nearest centre, the per-cluster row
/// sums and counts of that assignment, and, on request, the squared distances.
///
/// Every squared distance is computed one way, D(x, c) = Σⱼ (xⱼ − cⱼ)² summed in feature order
/// with no fused multiply–add, and the nearest centre is the first with the smallest D; so every
/// path below (eight centres at a time in `SIMD8` lanes, or one centre alone) gives the same labels
/// to the bit. Rows far from every centre go to the centre `KMeans.nearestToFarRow` finds, as in
/// Lloyd's pass.
///
/// A *bounded* pass (Hamerly's algorithm) skips the distances of a row when triangle-inequality
/// bounds prove that its label cannot change: an upper bound u on the distance to its centre and
/// a lower bound l on the distance to every other centre, both carried from the last pass and
/// moved by how far the centres moved. Bounds are kept with a relative slack far above the
/// rounding error of D and of the bound arithmetic, and a row is skipped only when
/// u·(1 + 2·slack) < l: then the computed D to its centre is smaller than every other computed D,
/// so the label is the one a full pass computes. Rows that fail the test get the distance to their
/// centre (which may tighten u enough) and then, if needed, all k distances.
///
/// Rows are cut into chunks of `chunkRows`; each chunk accumulates its own sums and counts in row
/// order and the chunks are merged in chunk order, so the result is the same to the bit for any
/// number of threads.
struct KMeansPass {
    /// Rows per chunk: the unit of parallel work and of the fixed-order merge.
    static let chunkRows = 2048

    let k: Int
    let d: Int
    /// The centres, k×d row-major.
    let centers: [Double]
    /// A row whose smallest squared distance exceeds this is far from every centre (see
    /// `KMeans.assign`).
    let farLimit: Double
    /// The centres' mean, and the centres less it (k×d), for `KMeans.nearestToFarRow`.
    let centroid: [Double]
    let relative: [Double]

    init(centers m: Matrix<Double>) {
        k = m.rows
        d = m.columns
        centers = m.elements
        var centroid = [Double](repeating: 0, count: d)
        for c in 0..<k { for j in 0..<d { centroid[j] += m.elements[c * d + j] / Double(k) } }
        var relative = [Double](repeating: 0, count: k * d)
        var spread = 0.0
        for c in 0..<k {
            var s = 0.0
            for j in 0..<d {
                relative[c * d + j] = m.elements[c * d + j] - centroid[j]
                s += relative[c * d + j] * relative[c * d + j]
            }
            spread = max(spread, s)
        }
        farLimit = spread > 0 ? spread * 0x1p40 : .infinity
        self.centroid = centroid
        self.relative = relative
    }

    /// How far the centres moved since the bounds were set, for a bounded pass.
    struct Movement {
        /// Upper bounds on how far each centre moved.
        let moved: [Double]
        /// The largest movement, the centre that made it, and the second largest.
        let largest: Double
        let largestCentre: Int
        let secondLargest: Double
        /// Lower bounds on each centre's distance to its nearest other centre (+∞ when k = 1).
        let separation: [Double]
        /// The relative slack of the bounds for this pass.
        let slack: Double

        /// The movement from `old` to `new` (k×d), with the slack of pass number `pass` of a fit
        /// with `d` features.
        init(from old: [Double], to new: [Double], k: Int, d: Int, slack: Double) {
            self.slack = slack
            var moved = [Double](repeating: 0, count: k)
            for c in 0..<k {
                var s = 0.0
                for j in 0..<d {
                    let t = new[c * d + j] - old[c * d + j]
                    s += t * t
                }
                moved[c] = s.squareRoot() * (1 + slack)
            }
            var first = 0.0, second = 0.0, firstCentre = -1
            for c in 0..<k {
                if moved[c] > first || firstCentre < 0 {
                    second = firstCentre < 0 ? 0 : first
                    first = moved[c]
                    firstCentre = c
                } else if moved[c] > second {
                    second = moved[c]
                }
            }
            var separation = [Double](repeating: .infinity, count: k)
            for a in 0..<k {
                for b in (a + 1)..<max(a + 1, k) {
                    var s = 0.0
                    for j in 0..<d {
                        let t = new[a * d + j] - new[b * d + j]
                        s += t * t
                    }
                    let distance = s.squareRoot() * (1 - slack)
                    separation[a] = min(separation[a], distance)
                    separation[b] = min(separation[b], distance)
                }
            }
            self.moved = moved
            largest = first
            largestCentre = firstCentre
            secondLargest = second
            self.separation = separation
        }
    }

    /// The relative slack of the bounds in pass number `pass` (from 1) with `d` features: 2⁻³² plus
    /// many times the rounding error of a squared distance (about (d + 2)·2⁻⁵³) and of the bound
    /// updates of every earlier pass (2⁻⁵³ each).
    static func slack(features d: Int, pass: Int) -> Double {
        0x1p-32 + Double(d + 8) * 0x1p-50 + Double(pass) * 0x1p-50
    }

    /// The output of a pass.
    struct Totals {
        /// Per-cluster row sums (k×d) and counts.
        var sums: [Double]
        var counts: [Int]
        /// Rows whose label differs from the one they had before the pass.
        var changed: Int
    }

    /// Runs the pass over `n` rows of `x` (n×d): labels written to `labels` (read first as the
    /// labels of the last pass), squared distances to `distances` when given. With `bounds`
    /// (`upper`, `lower`: one each per row) the bounds are written for the next pass; with
    /// `movement` too they are read first and used to skip rows (a bounded pass), otherwise every
    /// distance is computed (Lloyd's pass).
    func run(_ x: UnsafePointer<Double>, rows n: Int, labels: UnsafeMutablePointer<Int>,
             distances: UnsafeMutablePointer<Double>?,
             bounds: (upper: UnsafeMutablePointer<Double>, lower: UnsafeMutablePointer<Double>)?,
             movement: Movement?, threads: Int) -> Totals {
        let chunks = (n + Self.chunkRows - 1) / Self.chunkRows
        let k = k, d = d
        var chunkSums = [Double](repeating: 0, count: chunks * k * d)
        var chunkCounts = [Int](repeating: 0, count: chunks * (k + 1))
        // Small problems run on the calling thread (the result is the same either way).
        let workers = n * k * d < 100_000 ? 1 : threads
        chunkSums.withUnsafeMutableBufferPointer { sb in
            chunkCounts.withUnsafeMutableBufferPointer { cb in
                centers.withUnsafeBufferPointer { mb in
                    nonisolated(unsafe) let sums = sb.baseAddress!, counts = cb.baseAddress!, m = mb.baseAddress!
                    nonisolated(unsafe) let x = x, labels = labels, distances = distances
                    nonisolated(unsafe) let upper = bounds?.upper, lower = bounds?.lower
                    Self.forEachChunk(chunks, threads: workers) { chunk in
                        let start = chunk * Self.chunkRows
                        self.chunk(x, rows: start..<min(n, start + Self.chunkRows), m: m, labels: labels,
                                   distances: distances, upper: upper, lower: lower, movement: movement,
                                   sums: sums + chunk * k * d, counts: counts + chunk * (k + 1))
                    }
                }
            }
        }
        var totals = Totals(sums: [Double](repeating: 0, count: k * d), counts: [Int](repeating: 0, count: k), changed: 0)
        for chunk in 0..<chunks {
            for e in 0..<(k * d) { totals.sums[e] += chunkSums[chunk * k * d + e] }
            for c in 0..<k { totals.counts[c] += chunkCounts[chunk * (k + 1) + c] }
            totals.changed += chunkCounts[chunk * (k + 1) + k]
        }
        return totals
    }

    /// Squared distances from every row of `x` (n×d) to the centre of its label, written to `out`.
    func distancesToAssigned(_ x: UnsafePointer<Double>, rows n: Int, labels: UnsafePointer<Int>,
                             into out: UnsafeMutablePointer<Double>, threads: Int) {
        let chunks = (n + Self.chunkRows - 1) / Self.chunkRows
        let d = d
        centers.withUnsafeBufferPointer { mb in
            nonisolated(unsafe) let m = mb.baseAddress!, x = x, labels = labels, out = out
            Self.forEachChunk(chunks, threads: n * d < 100_000 ? 1 : threads) { chunk in
                let start = chunk * Self.chunkRows
                for i in start..<min(n, start + Self.chunkRows) {
                    out[i] = Self.squaredDistance(x + i * d, m + labels[i] * d, d)
                }
            }
        }
    }

    /// Runs `body(chunk)` for chunks 0..<chunks on up to `threads` threads, taking chunks in
    /// turn as threads become free.
    static func forEachChunk(_ chunks: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        let workers = min(chunks, threads)
        if workers <= 1 {
            for c in 0..<chunks { body(c) }
            return
        }
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let c = next.add(1, ordering: .relaxed).oldValue
                if c >= chunks { break }
                body(c)
            }
        }
    }

    /// D(x, c) = Σⱼ (xⱼ − cⱼ)², in feature order.
    @inline(__always)
    static func squaredDistance(_ x: UnsafePointer<Double>, _ c: UnsafePointer<Double>, _ d: Int) -> Double {
        var s = 0.0
        for j in 0..<d {
            let t = x[j] - c[j]
            s += t * t
        }
        return s
    }

    /// One chunk of rows: the bound test for every row (with `movement`), the nearest centres of the
    /// rows it leaves open eight at a time, then every row's label, distance, sum and count in row
    /// order (the counts' last entry counts changed labels).
    @inline(__always)
    func chunk(_ x: UnsafePointer<Double>, rows: Range<Int>, m: UnsafePointer<Double>, labels: UnsafeMutablePointer<Int>,
               distances: UnsafeMutablePointer<Double>?, upper: UnsafeMutablePointer<Double>?,
               lower: UnsafeMutablePointer<Double>?, movement: Movement?,
               sums: UnsafeMutablePointer<Double>, counts: UnsafeMutablePointer<Int>) {
        let first = rows.lowerBound, count = rows.count
        let label = UnsafeMutablePointer<Int>.allocate(capacity: count)
        let distance = UnsafeMutablePointer<Double>.allocate(capacity: count)
        let open = UnsafeMutablePointer<Int>.allocate(capacity: count)
        let block = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: d)
        defer {
            label.deallocate()
            distance.deallocate()
            open.deallocate()
            block.deallocate()
        }
        var opened = 0
        if let movement, let upper, let lower {
            let slack = movement.slack
            let grow = 1 + 2 * slack
            // u² ≤ nearLimit keeps the computed D to the row's centre, and so the smallest, below farLimit.
            let nearLimit = farLimit / (1 + 4 * slack)
            movement.moved.withUnsafeBufferPointer { moved in
                movement.separation.withUnsafeBufferPointer { separation in
                    for r in 0..<count {
                        let i = first + r
                        let a = labels[i]
                        var u = upper[i] + moved[a]
                        let l = lower[i] - (a == movement.largestCentre ? movement.secondLargest : movement.largest)
                        lower[i] = l
                        label[r] = a
                        if u * grow < Swift.max(l, separation[a] - u) && u * u <= nearLimit {
                            upper[i] = u
                            if distances != nil { distance[r] = Self.squaredDistance(x + i * d, m + a * d, d) }
                            continue
                        }
                        // The distance to the row's own centre may tighten u enough.
                        let own = Self.squaredDistance(x + i * d, m + a * d, d)
                        u = own.squareRoot() * (1 + slack)
                        upper[i] = u
                        distance[r] = own
                        if u * grow < Swift.max(l, separation[a] - u) && own <= farLimit { continue }
                        open[opened] = r
                        opened += 1
                    }
                }
            }
        } else {
            for r in 0..<count { open[r] = r }
            opened = count
        }
        let slack = movement?.slack ?? Self.slack(features: d, pass: 1)
        var b = 0
        while b < opened {
            nearest(x, first: first, rows: open + b, count: Swift.min(8, opened - b), m: m, block: block,
                    label: label, distance: distance, upper: upper, lower: lower, slack: slack)
            b += 8
        }
        for r in 0..<count {
            let i = first + r, c = label[r]
            if labels[i] != c { counts[k] += 1 }
            labels[i] = c
            distances?[i] = distance[r]
            counts[c] += 1
            let s = sums + c * d, xi = x + i * d
            for j in 0..<d { s[j] += xi[j] }
        }
    }

    /// The nearest centre (the first of the closest), its squared distance and the second smallest
    /// (+∞ when k = 1) of up to eight rows `first + rows[0..<count]`, one row per `SIMD8` lane:
    /// lane l accumulates Σⱼ (xⱼ − cⱼ)² in feature order, which is D(x, c) to the bit. A row far
    /// from every centre goes to `KMeans.nearestToFarRow`'s centre, and its bounds force a
    /// recount next pass. Results go to `label[r]`, `distance[r]` and the bounds of row first + r.
    @inline(__always)
    func nearest(_ x: UnsafePointer<Double>, first: Int, rows: UnsafePointer<Int>, count: Int, m: UnsafePointer<Double>,
                 block: UnsafeMutablePointer<SIMD8<Double>>, label: UnsafeMutablePointer<Int>,
                 distance: UnsafeMutablePointer<Double>, upper: UnsafeMutablePointer<Double>?,
                 lower: UnsafeMutablePointer<Double>?, slack: Double) {
        // The rows transposed (feature j of lane l's row in block[j][l]); missing lanes repeat the last row.
        for l in 0..<8 {
            let xi = x + (first + rows[Swift.min(l, count - 1)]) * d
            for j in 0..<d { block[j][l] = xi[j] }
        }
        var best = SIMD8<Double>.zero
        for j in 0..<d {
            let t = block[j] - SIMD8(repeating: m[j])
            best = best + t * t
        }
        var index = SIMD8<Double>.zero
        var second = SIMD8<Double>(repeating: .infinity)
        for c in 1..<Swift.max(1, k) {
            let mc = m + c * d
            var acc = SIMD8<Double>.zero
            for j in 0..<d {
                let t = block[j] - SIMD8(repeating: mc[j])
                acc = acc + t * t
            }
            let closer = acc .< best
            second.replace(with: acc, where: acc .< second)
            second.replace(with: best, where: closer)
            best.replace(with: acc, where: closer)
            index.replace(with: Double(c), where: closer)
        }
        for l in 0..<count {
            let r = rows[l], i = first + r
            var c = Int(index[l])
            let far = best[l] > farLimit
            if far {
                c = KMeans.nearestToFarRow(x + i * d, reference: c, centers: m, centroid: centroid, relative: relative, k: k, d: d)
            }
            label[r] = c
            distance[r] = best[l]
            if let upper, let lower {
                upper[i] = far ? .infinity : best[l].squareRoot() * (1 + slack)
                lower[i] = far ? -.infinity : second[l].squareRoot() * (1 - slack)
            }
        }
    }
}
