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

    /// Writes log wₖ + log N(xᵢ | μₖ, Σₖ) for `rows` rows starting at `x` into `out` (rows × k).
    /// `diff` and `y` are scratch of length d.
    @inline(__always)
    func weightedLogProbabilities(_ x: UnsafePointer<Double>, rows: Int, into out: UnsafeMutablePointer<Double>,
                                  diff: UnsafeMutablePointer<Double>, y: UnsafeMutablePointer<Double>) {
        means.withUnsafeBufferPointer { mu in
            factors.withUnsafeBufferPointer { f in
                let mu = mu.baseAddress!, f = f.baseAddress!
                switch type {
                case .full, .tied:
                    for c in 0..<k {
                        let u = f + (type == .full ? c * d * d : 0)
                        let m = mu + c * d
                        for i in 0..<rows {
                            let xi = x + i * d
                            for l in 0..<d { diff[l] = xi[l] - m[l]; y[l] = 0 }
                            // y = diffᵀ U, row-wise: U is upper triangular.
                            for l in 0..<d {
                                let a = diff[l]
                                let ul = u + l * d
                                for j in l..<d { y[j] += a * ul[j] }
                            }
                            var s = 0.0
                            for j in 0..<d { s += y[j] * y[j] }
                            out[i * k + c] = offsets[c] - 0.5 * s
                        }
                    }
                case .diag, .spherical:
                    for c in 0..<k {
                        let p = f + c * d
                        let m = mu + c * d
                        for i in 0..<rows {
                            let xi = x + i * d
                            var s = 0.0
                            for j in 0..<d {
                                let t = (xi[j] - m[j]) * p[j]
                                s += t * t
                            }
                            out[i * k + c] = offsets[c] - 0.5 * s
                        }
                    }
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

    /// For every block of rows: the weighted log-probabilities and their log-sum-exp per row are
    /// handed to `body(firstRow, rowCount, logProb (rows×k), logNorm (rows))`, which may overwrite
    /// `logProb` (e.g. with responsibilities). Runs chunks in parallel; `body` gets the chunk index first.
    func forEachBlock(_ data: Matrix<Double>,
                      _ body: (_ chunk: Int, _ firstRow: Int, _ rows: Int,
                               _ logProb: UnsafeMutablePointer<Double>, _ logNorm: UnsafeMutablePointer<Double>) -> Void) {
        let n = data.rows
        let k = self.k, d = self.d
        data.elements.withUnsafeBufferPointer { xAll in
            nonisolated(unsafe) let x = xAll.baseAddress!
            Self.forEachChunk(rows: n, work: k * d * (type.needsFullScatter ? d : 1)) { chunk, start, count in
                let block = Self.blockRows
                let scratch = UnsafeMutablePointer<Double>.allocate(capacity: block * k + block + 2 * d)
                defer { scratch.deallocate() }
                let logProb = scratch, logNorm = scratch + block * k
                let diff = logNorm + block, y = diff + d
                var r = start
                while r < start + count {
                    let rows = min(block, start + count - r)
                    weightedLogProbabilities(x + r * d, rows: rows, into: logProb, diff: diff, y: y)
                    for i in 0..<rows {
                        let row = logProb + i * k
                        var mx = -Double.infinity
                        for c in 0..<k where row[c] > mx { mx = row[c] }
                        var s = 0.0
                        if mx.isFinite {
                            for c in 0..<k { s += Double.exp(row[c] - mx) }
                            logNorm[i] = mx + Double.log(s)
                        } else {
                            logNorm[i] = mx
                        }
                    }
                    body(chunk, r, rows, logProb, logNorm)
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

    /// Adds `weight · (x − shift)` terms for one row into the flat accumulator of one component.
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
        data.elements.withUnsafeBufferPointer { xAll in
            shift.withUnsafeBufferPointer { sh in
                nonisolated(unsafe) let x = xAll.baseAddress!
                nonisolated(unsafe) let shiftBase = sh.baseAddress!
                forEachBlock(data) { chunk, first, rows, logProb, logNorm in
                    let centred = UnsafeMutablePointer<Double>.allocate(capacity: d)
                    defer { centred.deallocate() }
                    var ll = 0.0
                    for i in 0..<rows {
                        ll += logNorm[i]
                        let xi = x + (first + i) * d
                        for c in 0..<k {
                            let r = Double.exp(logProb[i * k + c] - logNorm[i])
                            SufficientStatistics.accumulate(accBase + (chunk * k + c) * st, weight: r, x: xi,
                                                            shift: shiftBase + c * d, d: d, fullScatter: full,
                                                            centred: centred)
                        }
                    }
                    llBase[chunk] += ll
                }
            }
        }
        _ = n
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
