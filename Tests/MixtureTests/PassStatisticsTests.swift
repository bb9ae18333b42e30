import LinearAlgebra
import Mixture
import RealModule
import TestSupport
import Testing

/// The pass-statistics API (what a cluster's partitions compute): blocks' statistics merged equal
/// the whole data's, and EM or Lloyd iterated through it reproduces `fit` from the same start.
struct PassStatisticsTests {
    /// Three well-separated blobs in d = 3, 600 rows (seeded).
    static let blobs: Matrix<Double> = {
        var rng = SplitMix64(seed: 12)
        var values: [Double] = []
        for i in 0..<600 {
            let centre = Double(i % 3) * 4
            for j in 0..<3 {
                // A sum of uniforms: roughly normal, spread 1.
                let u = (0..<4).reduce(0.0) { s, _ in s + Double.random(in: -1...1, using: &rng) }
                values.append(centre + Double(j) + u)
            }
        }
        return Matrix(rows: 600, columns: 3, elements: values)
    }()

    static let datasets: [(name: String, data: Matrix<Double>)] = [("Old Faithful", OldFaithful.matrix), ("blobs", blobs)]

    /// Rows `range` of `data`.
    static func rows(_ data: Matrix<Double>, _ range: Range<Int>) -> Matrix<Double> {
        Matrix(rows: range.count, columns: data.columns,
               elements: Array(data.elements[(range.lowerBound * data.columns)..<(range.upperBound * data.columns)]))
    }

    /// `data` cut into blocks at `cuts` (row indices), including empty blocks when cuts repeat.
    static func blocks(_ data: Matrix<Double>, cuts: [Int]) -> [Matrix<Double>] {
        let edges = [0] + cuts + [data.rows]
        return (0..<(edges.count - 1)).map { rows(data, edges[$0]..<edges[$0 + 1]) }
    }

    /// Equal to `relative` of the larger magnitude (at least 1e-300, so zeros compare).
    static func close(_ a: [Double], _ b: [Double], relative: Double) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= relative * max(abs($0), abs($1), 1e-300) }
    }

    static func startingModel(_ data: Matrix<Double>, k: Int, type: CovarianceType) throws -> GaussianMixtureModel {
        try GaussianMixture(components: k, covarianceType: type, maxIterations: 0).fit(data, seed: 5)
    }

    // MARK: - Gaussian mixture

    /// One block is the fit's own pass (same bits); blocks merged differ only in the order of the
    /// sums, so they agree to 1e-12 relative (a few hundred rows, sums of like-signed terms).
    @Test(arguments: CovarianceType.allCases)
    func blocksMergedEqualOnePass(type: CovarianceType) throws {
        for (name, data) in Self.datasets {
            let model = try Self.startingModel(data, k: 3, type: type)
            let whole = try GaussianMixturePassStatistics(parameters: model.parameters, rows: data)
            let parts = try Self.blocks(data, cuts: [100, 100, 171, 250]).map {
                try GaussianMixturePassStatistics(parameters: model.parameters, rows: $0, parallel: false)
            }
            let merged = try GaussianMixturePassStatistics.merged(parts)
            #expect(merged.rows == data.rows, "\(name)")
            #expect(Self.close(merged.counts, whole.counts, relative: 1e-12), "\(name) \(type)")
            #expect(Self.close(merged.firstMoments, whole.firstMoments, relative: 1e-9), "\(name) \(type)")
            #expect(Self.close(merged.secondMoments, whole.secondMoments, relative: 1e-12), "\(name) \(type)")
            #expect(merged.logLikelihood.isApproximatelyEqual(to: whole.logLikelihood, relativeTolerance: 1e-12), "\(name) \(type)")
            // The bound of the pass is the model's mean log-likelihood on the data (scored independently).
            let scored = try GaussianMixtureModel(parameters: model.parameters).scoreSamples(data).reduce(0, +) / Double(data.rows)
            #expect(merged.meanLogLikelihood.isApproximatelyEqual(to: scored, relativeTolerance: 1e-12))
        }
    }

    /// EM run as pass + merge + M-step over four blocks reproduces `fit(warmStart:)` from the same
    /// start: the same number of iterations, convergence, bounds and parameters to 1e-9.
    @Test(arguments: CovarianceType.allCases)
    func iteratedPassesReproduceFit(type: CovarianceType) throws {
        for (name, data) in Self.datasets {
            let start = try Self.startingModel(data, k: 3, type: type)
            let settings = GaussianMixture(components: 3, covarianceType: type, tolerance: 1e-6, maxIterations: 40)
            let reference = try settings.fit(data, warmStart: start)
            let blocks = Self.blocks(data, cuts: [90, 91, 200])
            var model = start
            for iteration in 0..<settings.maxIterations {
                let pass = try GaussianMixturePassStatistics.merged(blocks.map {
                    try GaussianMixturePassStatistics(parameters: model.parameters, rows: $0)
                })
                model = try model.advanced(by: pass, regularization: settings.regularization, tolerance: settings.tolerance,
                                           continuingRecord: iteration > 0)
                if model.converged { break }
            }
            try Self.expectSame(model, reference, "\(name) \(type)")
        }
    }

    static func expectSame(_ a: GaussianMixtureModel, _ b: GaussianMixtureModel, _ what: String,
                           sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(a.iterations == b.iterations, "\(what)", sourceLocation: sourceLocation)
        #expect(a.converged == b.converged, "\(what)", sourceLocation: sourceLocation)
        #expect(close(a.lowerBounds, b.lowerBounds, relative: 1e-9), "\(what)", sourceLocation: sourceLocation)
        #expect(close(a.weights, b.weights, relative: 1e-9), "\(what)", sourceLocation: sourceLocation)
        #expect(close(a.means.elements, b.means.elements, relative: 1e-9), "\(what)", sourceLocation: sourceLocation)
        #expect(close(a.covariances, b.covariances, relative: 1e-9), "\(what)", sourceLocation: sourceLocation)
        #expect(close(a.precisionsCholesky, b.precisionsCholesky, relative: 1e-9), "\(what)", sourceLocation: sourceLocation)
    }

    /// Data far beyond the range where squared distances fit a Double (values ~1e180, and ~1e-100)
    /// is fitted at a power-of-two scale; the blocks use the whole data's scale (from merged
    /// summaries) and EM through the passes still reproduces `fit`.
    @Test(arguments: [500, -400])
    func scaledDataComposes(exponent: Int) throws {
        let data = Matrix(rows: 272, columns: 2, elements: OldFaithful.matrix.elements.map { Double(sign: .plus, exponent: exponent, significand: 1) * $0 })
        let blocks = Self.blocks(data, cuts: [50, 199])
        var summary = try DataSummary(blocks[0])
        for block in blocks.dropFirst() { try summary.merge(DataSummary(block)) }
        let scale = GaussianMixturePassStatistics.scaleExponent(for: summary, regularization: 1e-6)
        #expect(scale != 0)
        for type in CovarianceType.allCases {
            let start = try Self.startingModel(data, k: 2, type: type)
            let settings = GaussianMixture(components: 2, covarianceType: type, tolerance: 1e-8, maxIterations: 15)
            let reference = try settings.fit(data, warmStart: start)
            var model = start
            for iteration in 0..<settings.maxIterations {
                let pass = try GaussianMixturePassStatistics.merged(blocks.map {
                    try GaussianMixturePassStatistics(parameters: model.parameters, rows: $0, scaleExponent: scale)
                })
                model = try model.advanced(by: pass, regularization: 1e-6, tolerance: settings.tolerance, continuingRecord: iteration > 0)
                if model.converged { break }
            }
            try Self.expectSame(model, reference, "2^\(exponent) \(type)")
        }
    }

    @Test func mismatchedStatisticsAreRefused() throws {
        let data = OldFaithful.matrix
        let a = try Self.startingModel(data, k: 2, type: .full)
        let b = try Self.startingModel(data, k: 2, type: .diag)
        var pass = try GaussianMixturePassStatistics(parameters: a.parameters, rows: data)
        #expect(throws: MixtureError.self) { try pass.merge(GaussianMixturePassStatistics(parameters: b.parameters, rows: data)) }
        // Statistics of another model's pass cannot advance this one.
        let other = try GaussianMixture(components: 2, maxIterations: 0).fit(data, seed: 99)
        #expect(throws: MixtureError.self) { try other.advanced(by: pass, regularization: 1e-6, tolerance: 1e-3) }
        // Wrong width, non-finite rows, and a pass over no rows cannot be maximised.
        #expect(throws: MixtureError.dimensionMismatch(expected: 2, got: 1)) {
            try GaussianMixturePassStatistics(parameters: a.parameters, rows: Matrix(rows: 1, columns: 1, elements: [1]))
        }
        #expect(throws: MixtureError.nonFiniteValue(row: 1, column: 0)) {
            try GaussianMixturePassStatistics(parameters: a.parameters, rows: Matrix([[1, 2], [.nan, 3]]))
        }
        let empty = try GaussianMixturePassStatistics(parameters: a.parameters, rows: Matrix(rows: 0, columns: 2, elements: []))
        #expect(throws: MixtureError.noSamples) { try empty.maximise(regularization: 1e-6) }
    }

    // MARK: - Data summary

    @Test func summariesMergeToTheWholeData() throws {
        let data = Self.blobs
        let whole = try DataSummary(data)
        var merged = try DataSummary(Self.rows(data, 0..<0))
        for block in Self.blocks(data, cuts: [1, 250, 250, 599]) { try merged.merge(DataSummary(block)) }
        #expect(merged.rows == 600 && merged.largestMagnitude == whole.largestMagnitude)
        #expect(Self.close(merged.means, whole.means, relative: 1e-13))
        #expect(Self.close(merged.squaredDeviations, whole.squaredDeviations, relative: 1e-12))
        // Against the textbook two-pass formula on column 0.
        let column = (0..<600).map { data[$0, 0] }
        let mean = column.reduce(0, +) / 600
        #expect(merged.variances[0].isApproximatelyEqual(to: column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 600, relativeTolerance: 1e-12))
    }

    // MARK: - k-means

    /// Lloyd run as pass + merge + update over blocks reproduces `KMeans.fit` from the same centres:
    /// iterations, centres and inertia to 1e-9.
    @Test(arguments: [2, 3, 5])
    func iteratedKMeansPassesReproduceFit(k: Int) throws {
        for (name, data) in Self.datasets {
            let start = data.selectingRows(Array(0..<k).map { $0 * 37 })
            let settings = KMeans(clusters: k, initialization: .given(start), maxIterations: 50, tolerance: 1e-6)
            var rng = SplitMix64(seed: 0)
            let reference = try settings.fit(data, using: &rng)
            try Self.expectKMeans(data, start: start, settings: settings, reference: reference, cuts: [30, 30, 201], what: "\(name) k=\(k)")
        }
    }

    /// Runs Lloyd through the passes and compares with `reference`.
    static func expectKMeans(_ data: Matrix<Double>, start: Matrix<Double>, settings: KMeans, reference: KMeansResult,
                             cuts: [Int], what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let blocks = Self.blocks(data, cuts: cuts)
        var summary = try DataSummary(blocks[0])
        for block in blocks.dropFirst() { try summary.merge(DataSummary(block)) }
        let scale = KMeansPassStatistics.scaleExponent(for: summary)
        let threshold = KMeansPassStatistics.movementThreshold(tolerance: settings.tolerance, for: summary)
        var centres = start, iterations = 0, converged = false
        while iterations < settings.maxIterations && !converged {
            let pass = try KMeansPassStatistics.merged(blocks.map { try KMeansPassStatistics(centers: centres, rows: $0, scaleExponent: scale) })
            let (next, movement) = try pass.update()
            centres = next
            iterations += 1
            converged = movement <= threshold
        }
        let final = try KMeansPassStatistics.merged(blocks.map { try KMeansPassStatistics(centers: centres, rows: $0, scaleExponent: scale) })
        #expect(iterations == reference.iterations, "\(what)", sourceLocation: sourceLocation)
        #expect(converged == reference.converged, "\(what)", sourceLocation: sourceLocation)
        #expect(close(centres.elements, reference.centers.elements, relative: 1e-9), "\(what)", sourceLocation: sourceLocation)
        #expect(final.totalInertia.isApproximatelyEqual(to: reference.inertia, relativeTolerance: 1e-9), "\(what)", sourceLocation: sourceLocation)
        #expect(final.counts == reference.clusterSizes, "\(what)", sourceLocation: sourceLocation)
    }

    /// A centre far from every row leaves its cluster empty: the update re-seeds it with the
    /// farthest row, found across blocks, as `KMeans.fit` does (the tie between equally far rows
    /// goes to the earlier row).
    @Test func emptyClustersAreReseededAcrossBlocks() throws {
        let data = Matrix<Double>([[0, 0], [0.1, 0], [30, 30], [0, 0.1], [10, 10], [10.1, 10], [-30, -30], [10, 10.2], [30, 30]])
        let start = Matrix<Double>([[0, 0], [10, 10], [1000, 1000], [2000, -1000]])
        let settings = KMeans(clusters: 4, initialization: .given(start), maxIterations: 20)
        var rng = SplitMix64(seed: 0)
        let reference = try settings.fit(data, using: &rng)
        try Self.expectKMeans(data, start: start, settings: settings, reference: reference, cuts: [2, 5], what: "empty clusters")
        try Self.expectKMeans(data, start: start, settings: settings, reference: reference, cuts: [], what: "one block")
    }

    @Test func scaledKMeansComposes() throws {
        let data = Matrix(rows: 272, columns: 2, elements: OldFaithful.matrix.elements.map { 0x1p700 * $0 })
        let start = data.selectingRows([0, 1, 2])
        let settings = KMeans(clusters: 3, initialization: .given(start), maxIterations: 30)
        var rng = SplitMix64(seed: 0)
        let reference = try settings.fit(data, using: &rng)
        #expect(KMeansPassStatistics.scaleExponent(largestMagnitude: 0x1p706, count: 544) != 0)
        try Self.expectKMeans(data, start: start, settings: settings, reference: reference, cuts: [100], what: "2^700")
    }
}
