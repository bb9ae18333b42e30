import LinearAlgebra
@_spi(Reference) @testable import Mixture
import RealModule
import Testing
import CVectorMath

/// The k-means++ seeding's vectorised, parallel passes against a plain row-by-row implementation
/// of the same greedy seeding (`KMeans.kMeansPlusPlusRowByRow`, the code the passes replaced:
/// scikit-learn's `_kmeans_plusplus`, 2 + ⌊ln k⌋ candidates per step, each drawn in proportion to
/// the squared distance, the one with the smallest potential kept).
/// Every comparison is exact: the passes compute the same distances, minima and row-order sums, so
/// the same random draws must choose the same rows, and the potentials must agree to the bit.
struct KMeansPlusPlusTests {
    /// Seeded blobs: `clusters` centres spread by 5, unit noise, with `duplicates` of the rows
    /// repeated at the end (ties in the distances and zero weights in the draws).
    static func blobs(rows n: Int, columns d: Int, clusters: Int, duplicates: Int = 0, seed: UInt64) -> Matrix<Double> {
        var rng = SeededGenerator(seed: seed)
        let centres = (0..<(clusters * d)).map { _ in 5 * rng.standardNormal() }
        var values: [Double] = []
        for _ in 0..<n {
            let c = Int.random(in: 0..<clusters, using: &rng)
            for j in 0..<d { values.append(centres[c * d + j] + rng.standardNormal()) }
        }
        for i in 0..<duplicates { values += values[(i % n) * d..<(i % n + 1) * d] }
        return Matrix(rows: n + duplicates, columns: d, elements: values)
    }

    /// (rows, columns, k, duplicated rows, seed): rows not a multiple of 8; more rows than one
    /// superblock of the potentials (16,384) and enough work for several threads; k = 1; k = n
    /// (every row a seed, the last steps drawing among mostly zero weights); k = n ≥ 1,097, whose
    /// 2 + ⌊ln k⌋ = 9 candidates take two sweeps of eight draws; many duplicated rows.
    static let shapes: [(Int, Int, Int, Int, UInt64)] = [
        (1, 1, 1, 0, 1), (13, 2, 1, 0, 2), (13, 2, 13, 0, 3), (9, 3, 9, 20, 4), (200, 1, 8, 0, 5),
        (1001, 5, 16, 0, 6), (40_003, 3, 8, 0, 7), (1100, 2, 1100, 0, 8), (500, 4, 10, 2000, 9),
    ]

    @Test(arguments: shapes)
    func seedsAreTheReferenceSeeds(_ shape: (Int, Int, Int, Int, UInt64)) {
        let (n, d, k, duplicates, seed) = shape
        let x = Self.blobs(rows: n, columns: d, clusters: Swift.max(1, Swift.min(k, 5)), duplicates: duplicates, seed: seed)
        var a = SeededGenerator(seed: seed &* 31), b = a
        let expected = KMeans.kMeansPlusPlusRowByRow(x, count: k, using: &b)
        let seeds = KMeans.kMeansPlusPlus(x, count: k, threads: 2, using: &a)
        #expect(seeds == expected)
        // The same draws were taken: the generators are in the same state.
        #expect(a.next() == b.next())
    }

    /// All rows equal: every distance is 0, so each step draws its candidates uniformly.
    @Test func identicalRowsDrawUniformlyAsTheReference() {
        let x = Matrix(rows: 50, columns: 2, elements: [Double](repeating: 3.5, count: 100))
        var a = SeededGenerator(seed: 77), b = a
        #expect(KMeans.kMeansPlusPlus(x, count: 4, threads: 1, using: &a) == KMeans.kMeansPlusPlusRowByRow(x, count: 4, using: &b))
        #expect(a.next() == b.next())
    }

    /// Data scaled past where its squares overflow is seeded as the reference seeds it (both scale).
    @Test func hugeDataSeedsAreTheReferenceSeeds() {
        let small = Self.blobs(rows: 300, columns: 2, clusters: 3, seed: 11)
        let x = Matrix(rows: 300, columns: 2, elements: small.elements.map { Double(sign: $0.sign, exponent: 600, significand: $0.magnitude) })
        var a = SeededGenerator(seed: 12), b = a
        #expect(KMeans.kMeansPlusPlus(x, count: 5, threads: 2, using: &a) == KMeans.kMeansPlusPlusRowByRow(x, count: 5, using: &b))
    }

    /// Which shapes keep every candidate's minima (one pass over the data per step) and which
    /// compute the chosen one's again: the cases above and below run both ways.
    @Test func minimaAreKeptWithinTheMemoryOfTheDataOrOfKMeans() {
        #expect(KMeans.plusPlusKeepsMinima(count: 16, features: 5))       // 1 + 4 arrays ≤ 5·n
        #expect(KMeans.plusPlusKeepsMinima(count: 8, features: 6))
        #expect(KMeans.plusPlusKeepsMinima(count: 2, features: 1))        // 1 + 2 ≤ 4·n
        #expect(!KMeans.plusPlusKeepsMinima(count: 8, features: 4))       // 5 > 4
        #expect(!KMeans.plusPlusKeepsMinima(count: 1100, features: 2))    // 1 + 9 > 4
        #expect(KMeans.plusPlusRowBuffers(count: 8, features: 6) == 5 && KMeans.plusPlusRowBuffers(count: 8, features: 4) == 1)
    }

    /// The same seeds on 1, 2, 3 or 8 threads, with the minima kept (d = 6) or computed again (d = 4).
    @Test(arguments: [1, 2, 3, 8], [4, 6])
    func seedsDoNotDependOnTheThreadCount(_ threads: Int, _ d: Int) {
        let x = Self.blobs(rows: 60_001, columns: d, clusters: 6, seed: 21)
        var one = SeededGenerator(seed: 5), many = one
        #expect(KMeans.kMeansPlusPlus(x, count: 8, threads: threads, using: &many)
                == KMeans.kMeansPlusPlus(x, count: 8, threads: 1, using: &one))
    }

    /// The instruction-set variants of the minima kernel this machine can run (portable always).
    static let variants = (0...2).filter { cvm_variant_available(Int32($0)) != 0 }.map { Int32($0) }

    /// The potentials themselves, to the bit, for any thread count and every kernel variant (2, 4
    /// or 8 rows per vector): Σᵢ min(closestᵢ, D(xᵢ, x_c)) summed in row order, over several
    /// superblocks (16,384 rows each) and a ragged last one; five candidates (a group of four and
    /// one alone).
    @Test(arguments: [1, 2, 5], variants)
    func potentialsAreRowOrderSums(_ threads: Int, _ variant: Int32) {
        #expect(Self.variants.first == 0)
        let x = Self.blobs(rows: 50_005, columns: 3, clusters: 4, seed: 31)
        let n = x.rows, d = x.columns
        func distance(_ i: Int, _ j: Int) -> Double { KMeans.rowByRowDistance(x, i, j) }
        let closest = (0..<n).map { distance($0, 17) }
        let candidates = [3, 40_000, 17, 9_999, 50_004]
        let expected = candidates.map { c in (0..<n).map { min(closest[$0], distance($0, c)) }.reduce(0, +) }
        var updated = closest
        var kept = [Double](repeating: .nan, count: candidates.count * n)
        let (potentials, keptPotentials) = x.elements.withUnsafeBufferPointer { xb in
            updated.withUnsafeMutableBufferPointer { cb in
                kept.withUnsafeMutableBufferPointer { kb in
                    let pass = KMeansPlusPlusPass(xb.baseAddress!, rows: n, columns: d, threads: threads, variant: variant)
                    let p = pass.potentials(cb.baseAddress!, candidates: candidates)
                    let q = pass.potentials(cb.baseAddress!, candidates: candidates, keepingIn: kb.baseAddress!)
                    pass.update(cb.baseAddress!, adding: 3)
                    return (p, q)
                }
            }
        }
        #expect(potentials.map(\.bitPattern) == expected.map(\.bitPattern))
        #expect(keptPotentials.map(\.bitPattern) == expected.map(\.bitPattern))
        for (t, c) in candidates.enumerated() {
            #expect(Array(kept[(t * n)..<((t + 1) * n)]) == (0..<n).map { min(closest[$0], distance($0, c)) })
        }
        #expect(updated == (0..<n).map { min(closest[$0], distance($0, 3)) })
        #expect(updated.reduce(0, +).bitPattern == expected[0].bitPattern)
    }

    /// Several draws in one sweep pick what `categorical` picks for each: zero weights skipped, a
    /// draw of 0 taking the first positive weight, a draw of the whole total (u never below 0) the
    /// last positive weight, and more than eight draws.
    @Test func categoricalDrawsMatchOneAtATime() {
        let w: [Double] = [0, 0.5, 0, 2, 1e-300, 0.25, 3, 0, 0]
        let total = w.reduce(0, +)
        func one(_ u0: Double) -> Int {
            var u = u0
            for (i, x) in w.enumerated() {
                u -= x
                if u < 0 { return i }
            }
            return w.lastIndex(where: { $0 > 0 }) ?? 0
        }
        var rng = SeededGenerator(seed: 3)
        let draws = [0, total, 0.5, 0.4999, 2.5, 2.75] + (0..<11).map { _ in rng.uniform() * total }
        let picked = w.withUnsafeBufferPointer { KMeans.categoricalDraws(draws, weights: $0) }
        #expect(picked == draws.map(one))
        #expect(picked[0] == 1 && picked[1] == 6)
    }

    @Test func publicSeedsValidateTheirInput() throws {
        var rng = SeededGenerator(seed: 1)
        let x = Self.blobs(rows: 10, columns: 2, clusters: 2, seed: 2)
        #expect(throws: MixtureError.self) { try KMeans.kMeansPlusPlusSeeds(x, count: 0, using: &rng) }
        #expect(throws: MixtureError.self) { try KMeans.kMeansPlusPlusSeeds(x, count: 11, using: &rng) }
        #expect(throws: MixtureError.self) { try KMeans.kMeansPlusPlusSeeds(x, count: 2, threads: -1, using: &rng) }
        let bad = Matrix(rows: 2, columns: 1, elements: [1, .nan])
        #expect(throws: MixtureError.self) { try KMeans.kMeansPlusPlusSeeds(bad, count: 1, using: &rng) }
        var a = SeededGenerator(seed: 4), b = a
        #expect(try KMeans.kMeansPlusPlusSeeds(x, count: 3, using: &a) == KMeans.kMeansPlusPlusRowByRow(x, count: 3, using: &b))
    }
}
