internal import CMixtureKernels
import LinearAlgebra

/// The data passes of k-means++ seeding (`KMeans.kMeansPlusPlus`): for a few candidate rows, every
/// row's squared distance to its nearest chosen centre as it would be with the candidate added,
/// min(closestᵢ, D(xᵢ, x_c)), and the potentials Σᵢ of those, summed in row order.
///
/// D(x, c) = Σⱼ (xⱼ − cⱼ)² is summed in feature order with no fused multiply–add, a vector of rows
/// at a time against four candidates (`cmk_kpp_minima`: two vectors of 8 rows in AVX-512, 4 in AVX2,
/// 2 otherwise),
/// which is D to the bit as a scalar loop computes it.
/// The minima are computed in parallel over chunks of `KMeansPass.chunkRows` rows; each potential
/// is then one sequential sum in row order, (((0 + v₀) + v₁) + …), taken superblock by superblock
/// as the chunks finish. So every figure is the same to the bit for any number of threads, and the
/// same as a plain row-by-row loop (`reduce(0, +)`) gives.
struct KMeansPlusPlusPass {
    /// Chunks per superblock: rows whose minima are held (one array per candidate) until summed.
    static let superblockChunks = 8

    /// The data, n×d row-major (already scaled).
    let x: UnsafePointer<Double>
    let n: Int
    let d: Int
    /// Threads for the minima (1 for small data).
    let threads: Int
    /// The instruction-set variant of the minima kernel (CMixtureKernels).
    let variant: Int32

    init(_ x: UnsafePointer<Double>, rows n: Int, columns d: Int, threads: Int, variant: Int32 = cmk_best_variant()) {
        self.x = x
        self.n = n
        self.d = d
        self.threads = n * d < 100_000 ? 1 : Swift.max(1, threads)
        self.variant = variant
    }

    /// closestᵢ ← min(closestᵢ, D(xᵢ, x_c)) for every row i (with closest all +∞, D itself).
    func update(_ closest: UnsafeMutablePointer<Double>, adding c: Int) {
        let chunks = (n + KMeansPass.chunkRows - 1) / KMeansPass.chunkRows
        let candidate = [c], n = n
        nonisolated(unsafe) let closest = closest, pass = self
        KMeansPass.forEachChunk(chunks, threads: threads) { chunk in
            let start = chunk * KMeansPass.chunkRows
            pass.minima(rows: start..<Swift.min(n, start + KMeansPass.chunkRows), candidates: candidate,
                        closest: closest, out: closest + start, stride: 0)
        }
    }

    /// For each candidate row c, the potential Σᵢ min(closestᵢ, D(xᵢ, x_c)), summed in row order.
    /// With `kept` (t·n doubles), the minima are left there too, candidate t's at `kept[t·n + i]`;
    /// without, they are held one superblock at a time.
    func potentials(_ closest: UnsafePointer<Double>, candidates: [Int], keepingIn kept: UnsafeMutablePointer<Double>? = nil) -> [Double] {
        let t = candidates.count
        let blockRows = Swift.min(n, Self.superblockChunks * KMeansPass.chunkRows)
        let scratch = kept == nil ? UnsafeMutablePointer<Double>.allocate(capacity: t * blockRows) : nil
        defer { scratch?.deallocate() }
        // Candidate c's minimum of row blockStart + r is at block(blockStart)[c·stride + r].
        let stride = kept == nil ? blockRows : n
        var sums = [Double](repeating: 0, count: t)
        nonisolated(unsafe) let closest = closest, pass = self
        var blockStart = 0
        while blockStart < n {
            let rows = Swift.min(blockRows, n - blockStart)
            let chunks = (rows + KMeansPass.chunkRows - 1) / KMeansPass.chunkRows
            let first = blockStart
            nonisolated(unsafe) let out = kept.map { $0 + first } ?? scratch!
            KMeansPass.forEachChunk(chunks, threads: threads) { chunk in
                let start = chunk * KMeansPass.chunkRows
                pass.minima(rows: (first + start)..<(first + Swift.min(rows, start + KMeansPass.chunkRows)),
                            candidates: candidates, closest: closest, out: out + start, stride: stride)
            }
            // Up to four candidates' sums at once: independent chains, each in row order.
            var c = 0
            while c + 4 <= t {
                let p0 = out + c * stride, p1 = p0 + stride, p2 = p1 + stride, p3 = p2 + stride
                var s0 = sums[c], s1 = sums[c + 1], s2 = sums[c + 2], s3 = sums[c + 3]
                for r in 0..<rows {
                    s0 += p0[r]
                    s1 += p1[r]
                    s2 += p2[r]
                    s3 += p3[r]
                }
                sums[c] = s0; sums[c + 1] = s1; sums[c + 2] = s2; sums[c + 3] = s3
                c += 4
            }
            while c < t {
                let p = out + c * stride
                var s = sums[c]
                for r in 0..<rows { s += p[r] }
                sums[c] = s
                c += 1
            }
            blockStart += rows
        }
        return sums
    }

    /// min(closestᵢ, D(xᵢ, x_c)) for the rows `rows` and each candidate c (the t-th's row i at
    /// `out[t·stride + i − rows.lowerBound]`): the CMixtureKernels kernel, in the machine's widest
    /// vectors, on the candidates' coordinates copied together.
    func minima(rows: Range<Int>, candidates: [Int], closest: UnsafePointer<Double>,
                out: UnsafeMutablePointer<Double>, stride: Int) {
        let d = d, x = x
        var coordinates = [Double](repeating: 0, count: candidates.count * d)
        for (t, c) in candidates.enumerated() {
            for j in 0..<d { coordinates[t * d + j] = x[c * d + j] }
        }
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 16 * d)
        defer { scratch.deallocate() }
        cmk_kpp_minima(x + rows.lowerBound * d, d, rows.count, coordinates, candidates.count, closest + rows.lowerBound,
                       out, stride, scratch, variant)
    }
}
