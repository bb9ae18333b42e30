#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte counts: the machine's physical memory and a readable form for messages.
public enum MemorySize {
    /// The machine's physical memory in bytes (`sysconf`), or `Int.max` when it cannot be read.
    public static var physical: Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return .max }
        let (bytes, overflow) = Int(pages).multipliedReportingOverflow(by: Int(size))
        return overflow ? .max : bytes
    }

    /// `"512 B"`, `"3.2 MB"`, `"80.0 GB"` (powers of 1000); `"more than 9.2 EB"` for `Int.max`.
    public static func text(_ bytes: Int) -> String {
        if bytes == .max { return "more than 9.2 EB" }
        let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
        var value = Double(bytes), unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let tenths = (value * 10).rounded()
        return "\(Int(tenths) / 10).\(Int(tenths) % 10) \(units[unit])"
    }
}

/// Sums and products of element counts that saturate at `Int.max` instead of trapping.
struct SaturatingCount {
    private(set) var value = 0

    mutating func add(_ terms: Int...) {
        var product = 1
        for t in terms {
            let (p, overflow) = product.multipliedReportingOverflow(by: max(0, t))
            product = overflow ? .max : p
        }
        let (sum, overflow) = value.addingReportingOverflow(product)
        value = overflow ? .max : sum
    }

    /// `a · b`, or `Int.max` when it overflows.
    static func product(_ a: Int, _ b: Int) -> Int {
        let (p, overflow) = max(0, a).multipliedReportingOverflow(by: max(0, b))
        return overflow ? .max : p
    }

    var bytes: Int {
        let (b, overflow) = value.multipliedReportingOverflow(by: MemoryLayout<Double>.stride)
        return overflow ? .max : b
    }
}

extension GaussianMixture {
    /// An upper estimate, in bytes, of the memory a fit of an n×d data set needs beyond the data
    /// itself: the parameters in their working copies, the M-step's statistics (per chunk of
    /// 2,048 rows, merged), each running thread's block scratch, and the k-means start — sized by
    /// what the covariance type needs (a d×d matrix per component only for full, one for tied, none
    /// for diag and spherical). `Int.max` when it does not fit in an `Int`; sizes beyond 2⁴⁰ count
    /// as 2⁴⁰.
    ///
    /// ```swift
    /// GaussianMixture(components: 2, covarianceType: .diag).memoryRequired(rows: 10, features: 100_000)  // ≈ 40 MB
    /// GaussianMixture(components: 2, covarianceType: .full).memoryRequired(rows: 10, features: 100_000)  // ≈ 1.4 TB
    /// ```
    /// - Complexity: O(1).
    public func memoryRequired(rows n: Int, features d: Int) -> Int {
        // Sizes beyond 2⁴⁰ are counted as 2⁴⁰: the estimate is then far beyond any machine anyway,
        // and the arithmetic below cannot overflow.
        let limit = 1 << 40
        let k = min(max(1, components), limit), n = min(max(0, n), limit), d = min(max(0, d), limit)
        let type = covarianceType
        let dd = SaturatingCount.product(d, d)
        // One covariance array, and the second moments of one component.
        let p = switch type {
        case .full: SaturatingCount.product(k, dd)
        case .tied: dd
        case .diag: SaturatingCount.product(k, d)
        case .spherical: k
        }
        let scatter = type.needsFullScatter ? dd : d
        let chunks = max(1, n / EStepKernel.chunkRows + 1)
        let threads = parallel ? max(1, activeProcessorCount) : 1
        var count = SaturatingCount()
        // Parameters: covariances, precisions' factors and precisions in the current, new, best and
        // kernel copies; the M-step's scatter; Cholesky temporaries (three d×d) for full and tied.
        count.add(8, p)
        count.add(8, k, d)
        count.add(k, scatter)
        if type.needsFullScatter { count.add(3, dd) }
        // Statistics: one accumulator per chunk and the merged one (tied pools its scatter: d² once).
        var perChunk = SaturatingCount()
        if type == .tied {
            perChunk.add(k, 1 + d)
            perChunk.add(1 + d)
            perChunk.add(dd)
        } else {
            perChunk.add(k, 1 + d)
            perChunk.add(k, scatter)
        }
        count.add(chunks + 1, perChunk.value)
        // Per running thread: the block scratch (log-probabilities and distances, the block
        // transposed and centred, tied's pooled projection), the statistics' block scratch,
        // far-row scratch.
        let b = EStepKernel.blockRows
        count.add(threads, b, 3 * k + 10)
        count.add(threads, 2 * k, d)
        count.add(threads, b, type == .tied ? 5 : 4, d)
        count.add(threads, d, k + 3)
        count.add(threads, k)
        // The k-means start: centres and their per-chunk sums, labels and distances per row (or
        // k-means++'s minima, held before them).
        count.add(chunks + 2, k, d)
        count.add(max(4, KMeans.plusPlusRowBuffers(count: k, features: d)), n)
        return count.bytes
    }

    /// Throws `.insufficientMemory` when `memoryRequired` (plus a copy of the data when it is to be
    /// scaled) exceeds `memoryLimit` (default: physical memory).
    func checkMemory(rows n: Int, features d: Int, copiesData: Bool) throws(MixtureError) {
        var count = SaturatingCount()
        if copiesData { count.add(n, d) }
        let (total, overflow) = memoryRequired(rows: n, features: d).addingReportingOverflow(count.bytes)
        let need = overflow ? Int.max : total
        let limit = memoryLimit ?? MemorySize.physical
        if need > limit { throw .insufficientMemory(bytes: need, limit: limit) }
    }
}

/// The number of processors the E-step's chunks can run on.
var activeProcessorCount: Int {
    let count = sysconf(Int32(_SC_NPROCESSORS_ONLN))
    return count > 0 ? Int(count) : 1
}
