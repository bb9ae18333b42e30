internal import CMixtureKernels
import Dispatch
import LinearAlgebra
import RealModule
import VectorMath

/// The E-step in one pass over blocks of rows: log p(x, k) for every row of a block and every
/// component, log-sum-exp over k, and — when fitting — the sufficient statistics of the M-step,
/// accumulated in the same pass.
///
/// Rows are cut into chunks of a fixed size; each chunk accumulates into its own statistics and the
/// chunks are merged in order, so the result is bit-for-bit the same for any number of threads.
/// Chunks run on all cores (`DispatchQueue.concurrentPerform`). Memory is O(chunks · k · d²), never
/// O(n · k).
///
/// Hand-written rather than built on a BLAS: the per-component kernels are small (d ≲ 50) and the
/// one-pass fusion of the E-step with the statistics is what saves the memory traffic.
struct EStepKernel: Sendable {
    let type: CovarianceType
    let k: Int
    let d: Int
    /// k×d means.
    let means: [Double]
    /// Cholesky factors of the precisions (see `MixtureParameters`).
    let factors: [Double]
    /// log wₖ + log det Uₖ − ½ d log 2π, per component.
    let offsets: [Double]
    /// Tied only: the common centre c = Σ wₖμₖ that rows and means are shifted by, and the
    /// shifted means mapped by the shared factor, νₖ = (μₖ − c)ᵀU (k×d). With them the E-step
    /// computes y = (x − c)ᵀU once per row and ‖y − νₖ‖² per component: O(d² + k·d), not O(k·d²).
    let pooledCentre: [Double]
    let pooledMeans: [Double]

    /// Whether chunks run on all cores; `false` runs them one after another (the result is the
    /// same to the bit either way, which tests check).
    let parallel: Bool
    /// The largest offset: a row whose best weighted log-density is more than 2¹⁹ below it is
    /// at Mahalanobis distance² above 2²⁰ from every component (a far row, see `farRow`).
    let farLimit: Double
    /// The binary exponent of the largest |entry| of the precisions' factors (`farRow` works with
    /// the factors divided by 2^factorExponent).
    let factorExponent: Int
    /// The instruction-set variant of the kernels (CMixtureKernels), fixed for the pass.
    let variant: Int32
    /// Full: every component's Uₖ packed for `cmk_triangular` (k × `cmk_packed_upper_count(d)`);
    /// tied: the shared U packed once.
    let packedFactors: [Double]
    /// Diag and spherical: ‖(x − μₖ)∘pₖ‖² for all k as one matrix product around the common centre;
    /// tied: ‖y − νₖ‖² likewise (p = 1, y already centred).
    let quadratic: QuadraticForm

    /// Rows per chunk: the unit of parallel work and of the fixed-order merge.
    static let chunkRows = 2048

    /// Rows per block inside a chunk: the log-probability scratch is `blockRows × k`.
    static let blockRows = 64

    init(_ p: MixtureParameters, parallel: Bool = true) {
        self.parallel = parallel
        type = p.covarianceType
        k = p.components
        d = p.features
        means = p.means.elements
        if p.covarianceType == .spherical {
            // Expand to k×d so spherical shares the diagonal kernel.
            factors = p.precisionsCholesky.flatMap { [Double](repeating: $0, count: p.features) }
        } else {
            factors = p.precisionsCholesky
        }
        let logDet = p.logDetCholesky
        let half = 0.5 * Double(p.features) * Double.log(2 * Double.pi)
        offsets = (0..<p.components).map { Double.log(p.weights[$0]) + logDet[$0] - half }
        farLimit = (offsets.max() ?? 0) - 0x1p19
        let largestFactor = p.precisionsCholesky.reduce(0.0) { max($0, $1.magnitude) }
        factorExponent = largestFactor > 0 && largestFactor.isFinite ? Int(largestFactor.exponent) : 0
        variant = cmk_best_variant()
        let (k, d) = (p.components, p.features)
        let centre = (0..<d).map { j in (0..<k).reduce(0.0) { $0 + p.weights[$1] * p.means[$1, j] } }
        switch p.covarianceType {
        case .full, .tied:
            let count = cmk_packed_upper_count(d)
            let factorCount = p.covarianceType == .full ? k : 1
            var packed = [Double](repeating: 0, count: factorCount * count)
            p.precisionsCholesky.withUnsafeBufferPointer { u in
                packed.withUnsafeMutableBufferPointer { out in
                    for c in 0..<factorCount { cmk_pack_upper(u.baseAddress! + c * d * d, d, out.baseAddress! + c * count) }
                }
            }
            packedFactors = packed
        case .diag, .spherical:
            packedFactors = []
        }
        if p.covarianceType == .tied {
            var nu = [Double](repeating: 0, count: k * d)
            for c in 0..<k {
                for l in 0..<d {
                    let a = p.means[c, l] - centre[l]
                    for j in l..<d { nu[c * d + j] += a * p.precisionsCholesky[l * d + j] }
                }
            }
            pooledCentre = centre
            pooledMeans = nu
            quadratic = QuadraticForm(means: nu, scales: nil, shift: [Double](repeating: 0, count: d), components: k,
                                      features: d)
        } else {
            pooledCentre = []
            pooledMeans = []
            quadratic = p.covarianceType == .full
                ? QuadraticForm(means: [], scales: [], shift: [], components: 0, features: d)
                : QuadraticForm(means: means, scales: factors, shift: centre, components: k, features: d)
        }
    }

    /// The shift (k×d) the M-step statistics are accumulated around: the current means, or for
    /// tied the common centre c for every component (so one pooled Σ(x−c)(x−c)ᵀ serves all).
    var statisticsShift: [Double] {
        type == .tied ? (0..<k).flatMap { _ in pooledCentre } : means
    }

    /// Writes log wₖ + log N(xᵢ | μₖ, Σₖ) for the `rows` rows of a block into `out` (rows × k).
    ///
    /// The block arrives transposed (`xt`, d × `blockRows`), so the kernels (CMixtureKernels) run
    /// along the rows of the block: for full, Y = (X_B − 1μₖᵀ)·Uₖ as a register-blocked
    /// triangular product and ‖yᵢ‖²; for tied, Y = (X_B − 1cᵀ)·U once and ‖yᵢ − νₖ‖² for every
    /// component as one matrix product; for diag and spherical ‖(x − μₖ)∘pₖ‖² as one matrix
    /// product (see `QuadraticForm`). `centred` is scratch of d×blockRows, `distance` of
    /// `distanceRows`×blockRows; `pooled` (d×blockRows) is needed for tied only.
    @inline(__always)
    func weightedLogProbabilities(transposed xt: UnsafePointer<Double>, rows: Int, into out: UnsafeMutablePointer<Double>,
                                  centred dt: UnsafeMutablePointer<Double>, distance m: UnsafeMutablePointer<Double>,
                                  pooled: UnsafeMutablePointer<Double>? = nil) {
        let b = Self.blockRows, k = self.k, d = self.d
        let variant = self.variant
        switch type {
        case .full:
            means.withUnsafeBufferPointer { mu in
                packedFactors.withUnsafeBufferPointer { packed in
                    let stride = packed.count / max(1, k)
                    for c in 0..<k {
                        cmk_triangular(xt, mu.baseAddress! + c * d, packed.baseAddress! + c * stride, d, rows, b,
                                       dt, nil, m + c * b, variant)
                    }
                }
            }
        case .tied:
            pooledCentre.withUnsafeBufferPointer { centre in
                packedFactors.withUnsafeBufferPointer { packed in
                    cmk_triangular(xt, centre.baseAddress!, packed.baseAddress!, d, rows, b, dt, pooled!, m, variant)
                }
            }
            quadratic.distances(pooled!, rows: rows, into: m, variant: variant)
        case .diag, .spherical:
            quadratic.distances(xt, rows: rows, into: m, variant: variant)
        }
        offsets.withUnsafeBufferPointer { offsets in
            for c in 0..<k {
                let offset = offsets[c], mc = m + c * b
                for i in 0..<rows { out[i * k + c] = offset - 0.5 * mc[i] }
            }
        }
    }

    /// Runs `body(chunkIndex, firstRow, rowCount)` for every chunk of `n` rows, in parallel when it pays.
    static func forEachChunk(rows n: Int, work perRow: Int, parallel: Bool, _ body: (Int, Int, Int) -> Void) {
        let chunks = (n + chunkRows - 1) / chunkRows
        withoutActuallyEscaping(body) { body in
            let run = { (c: Int) in
                let start = c * chunkRows
                body(c, start, min(chunkRows, n - start))
            }
            if parallel && chunks > 1 && n * perRow > 200_000 {
                // Each chunk writes only its own accumulators and output rows, so sharing `run`
                // across threads is safe though the compiler cannot prove it.
                let shared = UncheckedSendable(run)
                DispatchQueue.concurrentPerform(iterations: chunks) { shared.value($0) }
            } else {
                for c in 0..<chunks { run(c) }
            }
        }
    }

    /// For every block of rows: the responsibilities p(k | xᵢ) and the log-sum-exp of the weighted
    /// log-probabilities (log p(xᵢ)) are handed to `body(chunk, firstRow, rowCount, resp (rows×k),
    /// logNorm (rows), xt)`, where `xt` is the block transposed (d × `blockRows`). One exp per row and
    /// component serves both. `body` may overwrite `resp`. Chunks run in parallel.
    func forEachBlock(_ data: Matrix<Double>,
                      _ body: (_ chunk: Int, _ firstRow: Int, _ rows: Int,
                               _ logProb: UnsafeMutablePointer<Double>, _ logNorm: UnsafeMutablePointer<Double>,
                               _ transposed: UnsafeMutablePointer<Double>) -> Void) {
        let n = data.rows
        let k = self.k, d = self.d
        data.elements.withUnsafeBufferPointer { xAll in
            nonisolated(unsafe) let x = xAll.baseAddress!
            Self.forEachChunk(rows: n, work: k * d * (type.needsFullScatter ? d : 1), parallel: parallel) { chunk, start, count in
                let block = Self.blockRows
                // log-probabilities, log-norms, the block transposed, centred, the distances
                // (k × block) and (tied only) the pooled projection.
                let scratch = UnsafeMutablePointer<Double>.allocate(capacity: Self.blockScratch(k: k, d: d, type: type))
                defer { scratch.deallocate() }
                // Scratch for far rows, allocated at the first one.
                var far: UnsafeMutablePointer<Double>?
                defer { far?.deallocate() }
                let logProb = scratch, logNorm = scratch + block * k
                let xt = logNorm + block, dt = xt + d * block
                let m = dt + d * block, pooled = m + k * block
                var r = start
                while r < start + count {
                    let rows = min(block, start + count - r)
                    for i in 0..<rows {
                        for l in 0..<d { xt[l * block + i] = x[(r + i) * d + l] }
                    }
                    if rows < block {
                        // The kernels run on whole vectors of rows: zeros past the last one.
                        for l in 0..<d { (xt + l * block + rows).initialize(repeating: 0, count: block - rows) }
                    }
                    weightedLogProbabilities(transposed: xt, rows: rows, into: logProb, centred: dt, distance: m,
                                             pooled: type == .tied ? pooled : nil)
                    // logNorm holds each row's largest value until the log-sum-exp replaces it.
                    var farRows = false
                    for i in 0..<rows {
                        let row = logProb + i * k
                        var mx = -Double.infinity
                        for c in 0..<k where row[c] > mx { mx = row[c] }
                        // `!(mx >= farLimit)` also catches a row whose every value is −∞ or NaN.
                        if !(mx >= farLimit) { farRows = true }
                        logNorm[i] = mx
                        for c in 0..<k { row[c] -= mx }
                    }
                    if farRows {
                        // Rare: put the values back and take the exact path row by row.
                        for i in 0..<rows {
                            let row = logProb + i * k
                            let mx = logNorm[i]
                            if mx >= farLimit {
                                var s = 0.0
                                for c in 0..<k {
                                    row[c] = Double.exp(row[c])
                                    s += row[c]
                                }
                                logNorm[i] = mx + Double.log(s)
                                let inverse = 1 / s
                                for c in 0..<k { row[c] *= inverse }
                            } else {
                                for c in 0..<k { row[c] += mx }
                                if far == nil { far = .allocate(capacity: Self.farScratch(k: k, d: d)) }
                                logNorm[i] = farRow(x + (r + i) * d, reference: row, into: row, scratch: far!)
                            }
                        }
                    } else {
                        // One vector exp per row and component, one vector log per row.
                        let values = UnsafeMutableBufferPointer(start: logProb, count: rows * k)
                        exp(UnsafeBufferPointer(values), into: values)
                        let sums = m
                        for i in 0..<rows {
                            let row = logProb + i * k
                            var s = 0.0
                            for c in 0..<k { s += row[c] }
                            sums[i] = s
                            let inverse = 1 / s
                            for c in 0..<k { row[c] *= inverse }
                        }
                        let logs = UnsafeMutableBufferPointer(start: sums, count: rows)
                        log(UnsafeBufferPointer(logs), into: logs)
                        for i in 0..<rows { logNorm[i] += sums[i] }
                    }
                    body(chunk, r, rows, logProb, logNorm, xt)
                    r += rows
                }
            }
        }
    }
}

extension EStepKernel {
    /// Doubles of scratch per chunk for a block: log-probabilities (blockRows × k), log-norms,
    /// the block transposed and centred (2 × d × blockRows), the distances (k × blockRows), and
    /// for tied the pooled projection (d × blockRows) — sized by what the covariance type needs.
    static func blockScratch(k: Int, d: Int, type: CovarianceType) -> Int {
        blockRows * (2 * k + 1 + 2 * d + (type == .tied ? d : 0))
    }

    /// Doubles of scratch per block for the statistics: the responsibilities transposed
    /// (k × blockRows), the scatter kernel's centred and weighted blocks (2 × (d + 4) × blockRows)
    /// or the moments' first and second sums (2 × k × d).
    static func statisticsScratch(k: Int, d: Int) -> Int { blockRows * (k + 2 * (d + 4)) + 2 * k * d }

    /// Doubles of scratch for `farRow`: the scaled offset z′ and mean difference (d each), the
    /// projections w (k × d) and ĝ (d), and the log-ratios (k).
    static func farScratch(k: Int, d: Int) -> Int { d * (k + 3) + k }

    /// The responsibilities and log p(x) of a row far from every component (Mahalanobis distance²
    /// above 2²⁰ from each, or so far that it overflows), from differences of log-densities.
    ///
    /// Computed directly, mₖ = ‖(x − μₖ)ᵀUₖ‖² loses the means against x once |x| ≫ |μₖ − μⱼ|/eps
    /// (x − 54 and x − 80 round to the same double at x = 1e20) and overflows once ‖y‖ > 1.3e154,
    /// so responsibilities fall to the weights or to 1/k. Here, with a reference component r,
    /// z = x − μᵣ and δₖ = μᵣ − μₖ (so x − μₖ = z + δₖ),
    ///
    ///     mₖ − mᵣ = (‖zUₖ‖² − ‖zUᵣ‖²) + 2(zUₖ)·(δₖUₖ) + ‖δₖUₖ‖²,
    ///
    /// where the means enter through δ, not through x − μ, and the first term is exactly 0 when the
    /// components share a precision (tied, or equal variances). Each term is held as a number of
    /// order 1 times a power of two (z and the factors are divided by powers of two before they are
    /// multiplied) and the three are added at the largest one's scale, so nothing overflows or
    /// underflows on the way and the sum saturates to ±∞ only when the true difference is beyond the
    /// range of a `Double`. Then log rₖ = oₖ − oᵣ − ½(mₖ − mᵣ) − log Σⱼ exp(…), and
    /// log p(x) = oᵣ − ½mᵣ + log Σⱼ exp(…) (−∞ when mᵣ itself overflows). r is moved to the most
    /// probable component and the differences recomputed, so that every log-ratio is ≤ 0 (at most k
    /// passes; one or two in practice).
    ///
    /// `reference` holds the directly computed weighted log-densities (they pick the first r);
    /// `out` (k values, may be the same memory) receives the responsibilities.
    /// - Complexity: O(k·d²) for full and tied, O(k·d) for diag and spherical, per pass.
    func farRow(_ x: UnsafePointer<Double>, reference: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>,
                scratch: UnsafeMutablePointer<Double>) -> Double {
        let k = self.k, d = self.d
        let zs = scratch, deltas = zs + d, w = deltas + d, g = w + k * d, logRatio = g + d
        var r = 0
        for c in 1..<max(1, k) where reference[c] > reference[r] { r = c }
        let ef = factorExponent
        var referenceNorm = 0.0    // ‖wᵣ‖², with ‖zUᵣ‖² = referenceNorm · 2^(2E)
        var twoE = 0
        return means.withUnsafeBufferPointer { muBuffer in
            factors.withUnsafeBufferPointer { fBuffer in
                let mu = muBuffer.baseAddress!, f = fBuffer.baseAddress!
                // Û = U·2^−ef, entries of order 1.
                @inline(__always) func factor(_ c: Int, _ l: Int, _ j: Int) -> Double {
                    switch type {
                    case .full: DataScale.scale(f[c * d * d + l * d + j], by: -ef)
                    case .tied: DataScale.scale(f[l * d + j], by: -ef)
                    case .diag, .spherical: l == j ? DataScale.scale(f[c * d + j], by: -ef) : 0
                    }
                }
                // v = a·Û_c: upper-triangular for full and tied, diagonal otherwise.
                @inline(__always) func project(_ a: UnsafePointer<Double>, _ c: Int, into v: UnsafeMutablePointer<Double>) {
                    for j in 0..<d {
                        if type == .diag || type == .spherical {
                            v[j] = a[j] * factor(c, j, j)
                        } else {
                            var s = 0.0
                            for l in 0...j { s += a[l] * factor(c, l, j) }
                            v[j] = s
                        }
                    }
                }
                let passes = max(1, k)
                for pass in 0..<passes {
                    // z′ = (x − μᵣ)·2^−ez, with 2^ez above |x − μᵣ| found without forming x − μᵣ.
                    var bound = 0.0
                    for j in 0..<d { bound = max(bound, 0.5 * x[j].magnitude + 0.5 * mu[r * d + j].magnitude) }
                    let ez = bound > 0 ? Int(bound.exponent) + 1 : 0
                    for j in 0..<d { zs[j] = DataScale.scale(x[j], by: -ez) - DataScale.scale(mu[r * d + j], by: -ez) }
                    // w_c = z′Û_c·2^−ev (order 1), so that zU_c = w_c·2^E with E = ez + ef + ev.
                    var largest = 0.0
                    for c in 0..<k {
                        project(zs, c, into: w + c * d)
                        for j in 0..<d { largest = max(largest, w[c * d + j].magnitude) }
                    }
                    let ev = largest > 0 ? Int(largest.exponent) : 0
                    for i in 0..<(k * d) { w[i] = DataScale.scale(w[i], by: -ev) }
                    let e = ez + ef + ev
                    twoE = 2 * e
                    referenceNorm = 0
                    for j in 0..<d { referenceNorm += w[r * d + j] * w[r * d + j] }
                    var best = r
                    for c in 0..<k {
                        guard c != r else { logRatio[c] = 0; continue }
                        // δU_c = ĝ·2^(ef+1) with ĝ = (½μᵣ − ½μ_c)Û_c, so no difference of means overflows.
                        for j in 0..<d { deltas[j] = 0.5 * mu[r * d + j] - 0.5 * mu[c * d + j] }
                        project(deltas, c, into: g)
                        let ge = ef + 1
                        var quadratic = 0.0, cross = 0.0, constant = 0.0
                        for j in 0..<d {
                            let wj = w[c * d + j]
                            quadratic += wj * wj
                            cross += wj * g[j]
                            constant += g[j] * g[j]
                        }
                        // mₖ − mᵣ = (‖w_c‖² − ‖wᵣ‖²)·2^2E + 2(w_c·ĝ)·2^(E+ge) + ‖ĝ‖²·2^(2ge).
                        let difference = Self.sum((quadratic - referenceNorm, 2 * e), (2 * cross, e + ge), (constant, 2 * ge))
                        logRatio[c] = (offsets[c] - offsets[r]) - 0.5 * difference
                        if logRatio[c] > logRatio[best] { best = c }
                    }
                    if best == r || pass == passes - 1 { break }
                    r = best
                }
                var largestRatio = -Double.infinity
                for c in 0..<k { largestRatio = max(largestRatio, logRatio[c]) }
                if largestRatio == .infinity {
                    // Only if k passes did not settle on the most probable component: share among
                    // those infinitely more probable than the reference.
                    let count = Double((0..<k).filter { logRatio[$0] == .infinity }.count)
                    for c in 0..<k { out[c] = logRatio[c] == .infinity ? 1 / count : 0 }
                    return offsets[r] - 0.5 * DataScale.scale(referenceNorm, by: twoE)
                }
                var sum = 0.0
                for c in 0..<k {
                    out[c] = Double.exp(logRatio[c] - largestRatio)
                    sum += out[c]
                }
                for c in 0..<k { out[c] /= sum }
                let referenceLogDensity = offsets[r] - 0.5 * DataScale.scale(referenceNorm, by: twoE)
                return referenceLogDensity + largestRatio + Double.log(sum)
            }
        }
    }

    /// Σ mᵢ·2^eᵢ for three terms, added at the scale of the largest so that no term overflows or
    /// underflows on the way (terms below 2⁻¹⁰⁷⁴ of the largest vanish); ±∞ when the sum is beyond
    /// the range of a `Double`.
    static func sum(_ a: (Double, Int), _ b: (Double, Int), _ c: (Double, Int)) -> Double {
        var top = Int.min
        for (m, _) in [a, b, c] where !m.isFinite { return a.0 + b.0 + c.0 }
        for (m, e) in [a, b, c] where m != 0 { top = max(top, Int(m.exponent) + e) }
        guard top != Int.min else { return 0 }
        var s = 0.0
        for (m, e) in [a, b, c] { s += DataScale.scale(m, by: e - top) }
        return DataScale.scale(s, by: top)
    }
}

/// The M-step's sufficient statistics, accumulated around a shift `c` (one per component, the
/// previous means) so that Σ r (x−c)(x−c)ᵀ does not cancel catastrophically:
/// Rₖ = Σᵢ rᵢₖ, S1ₖ = Σᵢ rᵢₖ(xᵢ − cₖ), S2ₖ = Σᵢ rᵢₖ(xᵢ − cₖ)(xᵢ − cₖ)ᵀ (upper triangle, or only the
/// diagonal for diag/spherical), and the total log-likelihood Σᵢ log p(xᵢ).
struct SufficientStatistics {
    let k: Int
    let d: Int
    let fullScatter: Bool
    var resp: [Double]
    var first: [Double]
    var second: [Double]
    var logLikelihood: Double
    /// Tied fast path: Σᵢ (xᵢ − c)(xᵢ − c)ᵀ over all rows (d×d, symmetric) around the common shift c;
    /// `second` is then unused. `nil` for the per-component statistics.
    var pooled: [Double]?

    init(k: Int, d: Int, fullScatter: Bool) {
        self.k = k
        self.d = d
        self.fullScatter = fullScatter
        resp = [Double](repeating: 0, count: k)
        first = [Double](repeating: 0, count: k * d)
        second = [Double](repeating: 0, count: k * (fullScatter ? d * d : d))
        logLikelihood = 0
    }

    /// Doubles per component-chunk in the flat accumulator layout.
    static func stride(d: Int, fullScatter: Bool) -> Int { 1 + d + (fullScatter ? d * d : d) }

    /// Adds one row's `weight · (x − shift)` terms into the flat accumulator of one component
    /// (used for given responsibilities; the E-step uses the blocked `accumulateBlock`).
    @inline(__always)
    static func accumulate(_ acc: UnsafeMutablePointer<Double>, weight r: Double, x: UnsafePointer<Double>,
                           shift: UnsafePointer<Double>, d: Int, fullScatter: Bool,
                           centred: UnsafeMutablePointer<Double>) {
        acc[0] += r
        let s1 = acc + 1, s2 = acc + 1 + d
        for j in 0..<d {
            centred[j] = x[j] - shift[j]
            s1[j] += r * centred[j]
        }
        if fullScatter {
            for l in 0..<d {
                let a = r * centred[l]
                let row = s2 + l * d
                for j in l..<d { row[j] += a * centred[j] }
            }
        } else {
            for j in 0..<d { s2[j] += r * centred[j] * centred[j] }
        }
    }

    /// Collects a flat per-chunk accumulator (chunks × k × stride, plus a log-likelihood per chunk)
    /// in chunk order.
    static func merge(_ acc: UnsafeBufferPointer<Double>, logLikelihoods: UnsafeBufferPointer<Double>,
                      chunks: Int, k: Int, d: Int, fullScatter: Bool) -> SufficientStatistics {
        var out = SufficientStatistics(k: k, d: d, fullScatter: fullScatter)
        let st = stride(d: d, fullScatter: fullScatter)
        let s2count = fullScatter ? d * d : d
        for ch in 0..<chunks {
            out.logLikelihood += logLikelihoods[ch]
            for c in 0..<k {
                let base = (ch * k + c) * st
                out.resp[c] += acc[base]
                for j in 0..<d { out.first[c * d + j] += acc[base + 1 + j] }
                for j in 0..<s2count { out.second[c * s2count + j] += acc[base + 1 + d + j] }
            }
        }
        return out
    }
}

extension EStepKernel {
    /// One E-step over all rows that also accumulates the M-step's statistics around
    /// `statisticsShift` (k×d), which the M-step must be given.
    /// - Complexity: O(n·k·d²) for full/tied, O(n·k·d) otherwise; memory O(chunks·k·d²).
    func statistics(_ data: Matrix<Double>) -> SufficientStatistics {
        if type == .tied { return pooledStatistics(data) }
        let shift = statisticsShift
        let n = data.rows, k = self.k, d = self.d
        let full = type.needsFullScatter
        let st = SufficientStatistics.stride(d: d, fullScatter: full)
        let chunks = (n + Self.chunkRows - 1) / Self.chunkRows
        let store = ChunkAccumulators(chunks: chunks, stride: k * st)
        let acc = store.values, lls = store.logLikelihoods
        nonisolated(unsafe) let accBase = acc.baseAddress!
        nonisolated(unsafe) let llBase = lls.baseAddress!
        shift.withUnsafeBufferPointer { sh in
            nonisolated(unsafe) let shiftBase = sh.baseAddress!
            forEachBlock(data) { chunk, _, rows, resp, logNorm, xt in
                let b = Self.blockRows
                let scratch = UnsafeMutablePointer<Double>.allocate(capacity: Self.statisticsScratch(k: k, d: d))
                defer { scratch.deallocate() }
                var ll = 0.0
                for i in 0..<rows { ll += logNorm[i] }
                // The responsibilities transposed (k × b), zero past the last row.
                let rt = scratch, work = rt + k * b
                for c in 0..<k {
                    let rc = rt + c * b
                    for i in 0..<rows { rc[i] = resp[i * k + c] }
                    for i in rows..<b { rc[i] = 0 }
                }
                if full {
                    for c in 0..<k {
                        // Rₖ, S1ₖ and S2ₖ of the block in one register-blocked pass (CMixtureKernels).
                        cmk_scatter(xt, shiftBase + c * d, rt + c * b, d, rows, b, accBase + (chunk * k + c) * st, 1, work,
                                    variant)
                    }
                } else {
                    accumulateMoments(xt, rows: rows, responsibilities: rt, shift: shiftBase,
                                      into: accBase + chunk * k * st, work: work)
                }
                llBase[chunk] += ll
            }
        }
        return withExtendedLifetime(store) {
            SufficientStatistics.merge(UnsafeBufferPointer(acc), logLikelihoods: UnsafeBufferPointer(lls),
                                       chunks: chunks, k: k, d: d, fullScatter: full)
        }
    }

    /// Diag and spherical: adds a block's Rₖ, S1ₖ = Σᵢ rᵢₖ(xᵢ − μₖ) and S2ₖ = Σᵢ rᵢₖ(xᵢ − μₖ)²
    /// (per feature) for every component into `acc` (k × stride), from the moments around the
    /// common centre s taken for all components at once (one matrix product, `cmk_moments`):
    /// with x′ = x − s, μ′ = μₖ − s, T1 = Σ r·x′, T2 = Σ r·x′²,
    ///
    ///     S1 = T1 − Rₖμ′,   S2 = T2 − 2μ′·T1 + Rₖμ′².
    ///
    /// The expansion cancels as the E-step's does (relative error about 3·eps·(1 + μ′²pₖ²)), so the
    /// components the E-step computes directly (`QuadraticForm.direct`) are summed directly here too.
    /// `rt` is the block's responsibilities transposed (k × blockRows, zero past `rows`).
    func accumulateMoments(_ xt: UnsafePointer<Double>, rows: Int, responsibilities rt: UnsafePointer<Double>,
                           shift: UnsafePointer<Double>, into acc: UnsafeMutablePointer<Double>,
                           work: UnsafeMutablePointer<Double>) {
        let b = Self.blockRows, k = self.k, d = self.d
        let st = SufficientStatistics.stride(d: d, fullScatter: false)
        let t1 = work, t2 = work + k * d
        t1.initialize(repeating: 0, count: 2 * k * d)
        let direct = quadratic.direct
        quadratic.shift.withUnsafeBufferPointer { centre in
            let s = centre.baseAddress!
            cmk_moments(xt, s, rt, d, k, rows, b, t1, t2, variant)
            for c in 0..<k where !direct.contains(c) {
                let a = acc + c * st
                var total = 0.0
                for i in 0..<rows { total += rt[c * b + i] }
                a[0] += total
                for j in 0..<d {
                    let m = shift[c * d + j] - s[j], f = t1[c * d + j]
                    a[1 + j] += f - total * m
                    a[1 + d + j] += t2[c * d + j] - 2 * m * f + total * m * m
                }
            }
        }
        for c in direct {
            cmk_scatter(xt, shift + c * d, rt + c * b, d, rows, b, acc + c * st, 0, work, variant)
        }
    }

    /// The tied E-step's statistics around the common centre c (`statisticsShift`): per component
    /// Rₖ and S1ₖ = Σᵢ rᵢₖ(xᵢ − c), and one pooled Σᵢ (xᵢ − c)(xᵢ − c)ᵀ — O(d² + k·d) per row.
    func pooledStatistics(_ data: Matrix<Double>) -> SufficientStatistics {
        let n = data.rows, k = self.k, d = self.d
        let perComponent = 1 + d, pooledSize = 1 + d + d * d
        let st = k * perComponent + pooledSize
        let chunks = (n + Self.chunkRows - 1) / Self.chunkRows
        let store = ChunkAccumulators(chunks: chunks, stride: st)
        let acc = store.values, lls = store.logLikelihoods
        nonisolated(unsafe) let accBase = acc.baseAddress!
        nonisolated(unsafe) let llBase = lls.baseAddress!
        pooledCentre.withUnsafeBufferPointer { cb in
            nonisolated(unsafe) let centre = cb.baseAddress!
            forEachBlock(data) { chunk, _, rows, resp, logNorm, xt in
                let b = Self.blockRows
                let scratch = UnsafeMutablePointer<Double>.allocate(capacity: Self.statisticsScratch(k: k, d: d))
                defer { scratch.deallocate() }
                let dt = scratch + b
                var ll = 0.0
                for i in 0..<rows { ll += logNorm[i] }
                let base = accBase + chunk * st
                // The pooled scatter (weights 1); it also leaves the centred block in `dt`.
                cmk_scatter(xt, centre, nil, d, rows, b, base + k * perComponent, 1, dt, variant)
                for c in 0..<k {
                    let a = base + c * perComponent
                    var total = 0.0
                    for i in 0..<rows { total = Relaxed.sum(total, resp[i * k + c]) }
                    a[0] += total
                    for l in 0..<d {
                        var s1 = 0.0
                        for i in 0..<rows { s1 = Relaxed.multiplyAdd(resp[i * k + c], dt[l * b + i], s1) }
                        a[1 + l] += s1
                    }
                }
                llBase[chunk] += ll
            }
        }
        var out = SufficientStatistics(k: k, d: d, fullScatter: false)
        out.second = []
        var pooled = [Double](repeating: 0, count: d * d)
        for ch in 0..<chunks {
            out.logLikelihood += lls[ch]
            let base = ch * st
            for c in 0..<k {
                out.resp[c] += acc[base + c * perComponent]
                for j in 0..<d { out.first[c * d + j] += acc[base + c * perComponent + 1 + j] }
            }
            let p = base + k * perComponent + 1 + d
            for l in 0..<d {
                for j in l..<d { pooled[l * d + j] += acc[p + l * d + j] }
            }
        }
        for l in 0..<d { for j in 0..<l { pooled[l * d + j] = pooled[j * d + l] } }
        out.pooled = pooled
        withExtendedLifetime(store) {}
        return out
    }
}

/// Carries a value into a `@Sendable` closure where the caller guarantees the concurrent uses are
/// disjoint (see `EStepKernel.forEachChunk`).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Zeroed per-chunk accumulators (`chunks × stride` doubles) and per-chunk log-likelihoods for one
/// E-step pass; each chunk writes only its own slice, and the pass merges them in chunk order.
final class ChunkAccumulators {
    let values: UnsafeMutableBufferPointer<Double>
    let logLikelihoods: UnsafeMutableBufferPointer<Double>

    init(chunks: Int, stride: Int) {
        values = .allocate(capacity: chunks * stride)
        values.initialize(repeating: 0)
        logLikelihoods = .allocate(capacity: chunks)
        logLikelihoods.initialize(repeating: 0)
    }

    deinit {
        values.deallocate()
        logLikelihoods.deallocate()
    }
}
