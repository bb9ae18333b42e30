import Dispatch
import LinearAlgebra
import RealModule

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

    /// Rows per chunk: the unit of parallel work and of the fixed-order merge.
    static let chunkRows = 2048
    /// Run chunks one after another (tests use it to show the result does not depend on threading).
    nonisolated(unsafe) static var forceSerial = false

    /// Rows per block inside a chunk: the log-probability scratch is `blockRows × k`.
    static let blockRows = 64

    init(_ p: MixtureParameters) {
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
    }

    /// Writes log wₖ + log N(xᵢ | μₖ, Σₖ) for the `rows` rows of a block into `out` (rows × k).
    ///
    /// The block arrives transposed (`xt`, d × `blockRows`), so every inner loop runs along the
    /// rows of the block and vectorises: for full/tied, Y = (X_B − 1μₖᵀ)·Uₖ is built one column
    /// at a time as a sum of scaled centred columns, and ‖yᵢ‖² accumulates alongside.
    /// `centred`, `column` and `distance` are scratch of d×blockRows, blockRows and blockRows.
    @inline(__always)
    func weightedLogProbabilities(transposed xt: UnsafePointer<Double>, rows: Int, into out: UnsafeMutablePointer<Double>,
                                  centred dt: UnsafeMutablePointer<Double>, column y: UnsafeMutablePointer<Double>,
                                  distance m: UnsafeMutablePointer<Double>) {
        let b = Self.blockRows
        means.withUnsafeBufferPointer { mu in
            factors.withUnsafeBufferPointer { f in
                let mu = mu.baseAddress!, f = f.baseAddress!
                for c in 0..<k {
                    for i in 0..<rows { m[i] = 0 }
                    for l in 0..<d {
                        let ml = mu[c * d + l]
                        for i in 0..<rows { dt[l * b + i] = xt[l * b + i] - ml }
                    }
                    switch type {
                    case .full, .tied:
                        let u = f + (type == .full ? c * d * d : 0)
                        for j in 0..<d {
                            for i in 0..<rows { y[i] = 0 }
                            // U is upper triangular: column j has rows 0...j.
                            for l in 0...j {
                                let a = u[l * d + j]
                                for i in 0..<rows { y[i] = Relaxed.multiplyAdd(a, dt[l * b + i], y[i]) }
                            }
                            for i in 0..<rows { m[i] = Relaxed.multiplyAdd(y[i], y[i], m[i]) }
                        }
                    case .diag, .spherical:
                        for j in 0..<d {
                            let p = f[c * d + j]
                            for i in 0..<rows {
                                let t = dt[j * b + i] * p
                                m[i] = Relaxed.multiplyAdd(t, t, m[i])
                            }
                        }
                    }
                    let offset = offsets[c]
                    for i in 0..<rows { out[i * k + c] = offset - 0.5 * m[i] }
                }
            }
        }
    }

    /// Runs `body(chunkIndex, firstRow, rowCount)` for every chunk of `n` rows, in parallel when it pays.
    static func forEachChunk(rows n: Int, work perRow: Int, _ body: (Int, Int, Int) -> Void) {
        let chunks = (n + chunkRows - 1) / chunkRows
        withoutActuallyEscaping(body) { body in
            let run = { (c: Int) in
                let start = c * chunkRows
                body(c, start, min(chunkRows, n - start))
            }
            if chunks > 1 && n * perRow > 200_000 && !forceSerial {
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
            Self.forEachChunk(rows: n, work: k * d * (type.needsFullScatter ? d : 1)) { chunk, start, count in
                let block = Self.blockRows
                let scratch = UnsafeMutablePointer<Double>.allocate(capacity: block * (k + 3 + 2 * d))
                defer { scratch.deallocate() }
                let logProb = scratch, logNorm = scratch + block * k
                let xt = logNorm + block, dt = xt + d * block
                let y = dt + d * block, m = y + block
                var r = start
                while r < start + count {
                    let rows = min(block, start + count - r)
                    for i in 0..<rows {
                        for l in 0..<d { xt[l * block + i] = x[(r + i) * d + l] }
                    }
                    weightedLogProbabilities(transposed: xt, rows: rows, into: logProb, centred: dt, column: y, distance: m)
                    for i in 0..<rows {
                        let row = logProb + i * k
                        var mx = -Double.infinity
                        for c in 0..<k where row[c] > mx { mx = row[c] }
                        var s = 0.0
                        if mx.isFinite {
                            for c in 0..<k {
                                row[c] = Double.exp(row[c] - mx)
                                s += row[c]
                            }
                            logNorm[i] = mx + Double.log(s)
                            let inverse = 1 / s
                            for c in 0..<k { row[c] *= inverse }
                        } else {
                            // Every component has zero density (or the data is not finite): no
                            // responsibility is meaningful; spread it evenly so sums stay 1.
                            logNorm[i] = mx
                            for c in 0..<k { row[c] = 1 / Double(k) }
                        }
                    }
                    body(chunk, r, rows, logProb, logNorm, xt)
                    r += rows
                }
            }
        }
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

    /// Adds a block's terms into one component's flat accumulator: `r` holds the block's
    /// responsibilities for the component, `xt` the block transposed (d × `stride`). Every sum
    /// runs along the rows (`Relaxed` so it vectorises): S2[l][j] += Σᵢ rᵢ·(xᵢₗ−cₗ)·(xᵢⱼ−cⱼ).
    @inline(__always)
    static func accumulateBlock(_ acc: UnsafeMutablePointer<Double>, r: UnsafePointer<Double>,
                                transposed xt: UnsafePointer<Double>, rows: Int, stride b: Int,
                                shift: UnsafePointer<Double>, d: Int, fullScatter: Bool,
                                centred dt: UnsafeMutablePointer<Double>, weighted rdt: UnsafeMutablePointer<Double>) {
        var total = 0.0
        for i in 0..<rows { total = Relaxed.sum(total, r[i]) }
        acc[0] += total
        let s1 = acc + 1, s2 = acc + 1 + d
        for l in 0..<d {
            let cl = shift[l]
            var s = 0.0
            for i in 0..<rows {
                let t = xt[l * b + i] - cl
                dt[l * b + i] = t
                let w = r[i] * t
                rdt[l * b + i] = w
                s = Relaxed.sum(s, w)
            }
            s1[l] += s
        }
        if fullScatter {
            for l in 0..<d {
                for j in l..<d {
                    var s = 0.0
                    for i in 0..<rows { s = Relaxed.multiplyAdd(rdt[l * b + i], dt[j * b + i], s) }
                    s2[l * d + j] += s
                }
            }
        } else {
            for l in 0..<d {
                var s = 0.0
                for i in 0..<rows { s = Relaxed.multiplyAdd(rdt[l * b + i], dt[l * b + i], s) }
                s2[l] += s
            }
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
    /// One E-step over all rows that also accumulates the M-step's statistics around `shift` (k×d).
    /// - Complexity: O(n·k·d²) for full/tied, O(n·k·d) otherwise; memory O(chunks·k·d²).
    func statistics(_ data: Matrix<Double>, shift: [Double]) -> SufficientStatistics {
        let n = data.rows, k = self.k, d = self.d
        let full = type.needsFullScatter
        let st = SufficientStatistics.stride(d: d, fullScatter: full)
        let chunks = (n + Self.chunkRows - 1) / Self.chunkRows
        let acc = UnsafeMutableBufferPointer<Double>.allocate(capacity: chunks * k * st)
        acc.initialize(repeating: 0)
        let lls = UnsafeMutableBufferPointer<Double>.allocate(capacity: chunks)
        lls.initialize(repeating: 0)
        defer { acc.deallocate(); lls.deallocate() }
        nonisolated(unsafe) let accBase = acc.baseAddress!
        nonisolated(unsafe) let llBase = lls.baseAddress!
        shift.withUnsafeBufferPointer { sh in
            nonisolated(unsafe) let shiftBase = sh.baseAddress!
            forEachBlock(data) { chunk, _, rows, resp, logNorm, xt in
                let b = Self.blockRows
                let scratch = UnsafeMutablePointer<Double>.allocate(capacity: b * (1 + 2 * d))
                defer { scratch.deallocate() }
                let r = scratch, dt = r + b, rdt = dt + d * b
                var ll = 0.0
                for i in 0..<rows { ll += logNorm[i] }
                for c in 0..<k {
                    for i in 0..<rows { r[i] = resp[i * k + c] }
                    SufficientStatistics.accumulateBlock(accBase + (chunk * k + c) * st, r: r, transposed: xt, rows: rows,
                                                         stride: b, shift: shiftBase + c * d, d: d, fullScatter: full,
                                                         centred: dt, weighted: rdt)
                }
                llBase[chunk] += ll
            }
        }
        return SufficientStatistics.merge(UnsafeBufferPointer(acc), logLikelihoods: UnsafeBufferPointer(lls),
                                          chunks: chunks, k: k, d: d, fullScatter: full)
    }
}

/// Carries a value into a `@Sendable` closure where the caller guarantees the concurrent uses are
/// disjoint (see `EStepKernel.forEachChunk`).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
