import LinearAlgebra
@testable import Mixture
import RealModule
import Testing

/// Invariants of a fitted mixture that hold for any data, checked on Old Faithful and on random data.
struct GaussianMixturePropertyTests {
    static let data = OldFaithful.matrix

    /// Three well-separated 3-D blobs with distinct covariances.
    static func blobs(n: Int, seed: UInt64) -> Matrix<Double> {
        var rng = SeededGenerator(seed: seed)
        let centres: [[Double]] = [[0, 0, 0], [6, 2, -3], [-4, 5, 4]]
        var values: [Double] = []
        for i in 0..<n {
            let c = centres[i % 3]
            let z = (0..<3).map { _ in rng.standardNormal() }
            values += [c[0] + z[0], c[1] + 0.5 * z[0] + z[1], c[2] + 0.3 * z[2] * Double(i % 3 + 1)]
        }
        return Matrix(rows: n, columns: 3, elements: values)
    }

    @Test(arguments: CovarianceType.allCases)
    func boundNeverDecreasesWithoutRegularisation(_ type: CovarianceType) throws {
        let x = Self.blobs(n: 300, seed: 4)
        let model = try GaussianMixture(components: 3, covarianceType: type, tolerance: 0, regularization: 0,
                                        maxIterations: 40, initialization: .random).fit(x, seed: 11)
        #expect(model.lowerBounds.count == 40)
        // EM's bound is monotone; rounding in the mean of 300 log-densities is ~1e-15.
        for (a, b) in zip(model.lowerBounds, model.lowerBounds.dropFirst()) { #expect(b >= a - 1e-12, "\(a) -> \(b)") }
    }

    @Test(arguments: CovarianceType.allCases)
    func predictionsAreConsistent(_ type: CovarianceType) throws {
        let model = try GaussianMixture(components: 3, covarianceType: type).fit(Self.data, seed: 5)
        let proba = try model.predictProbabilities(Self.data)
        let labels = try model.predict(Self.data)
        let samples = try model.scoreSamples(Self.data)
        for i in 0..<proba.rows {
            let row = proba.row(i)
            #expect((row.reduce(0, +)).isApproximatelyEqual(to: 1, absoluteTolerance: 1e-12))
            #expect(labels[i] == row.indices.max { row[$0] < row[$1] }!)
        }
        #expect((try model.score(Self.data)).isApproximatelyEqual(to: samples.reduce(0, +) / Double(samples.count), absoluteTolerance: 1e-12))
        var rng = SeededGenerator(seed: 5)
        let (_, fitLabels) = try GaussianMixture(components: 3, covarianceType: type).fitPredict(Self.data, using: &rng)
        #expect(fitLabels == labels)
    }

    @Test func parameterCountsForFiveFeaturesTwoComponents() {
        let counts = [CovarianceType.spherical, .diag, .tied, .full].map { $0.parameterCount(components: 2, features: 5) }
        #expect(counts == [13, 21, 26, 41])
    }

    @Test func oneComponentBICIsTheSameForFullAndTied() throws {
        let full = try GaussianMixture(components: 1, covarianceType: .full).fit(Self.data)
        let tied = try GaussianMixture(components: 1, covarianceType: .tied).fit(Self.data)
        #expect((try full.bic(Self.data)).isApproximatelyEqual(to: try tied.bic(Self.data), absoluteTolerance: 1e-9))
    }

    /// 20,000 draws: weights within 4 binomial standard errors, means within 4 standard errors,
    /// covariances within 5% (their sampling error at n·w ≈ 7,000 is ~1.7%).
    @Test(arguments: CovarianceType.allCases)
    func samplesReproduceTheModel(_ type: CovarianceType) throws {
        let model = try GaussianMixture(components: 2, covarianceType: type).fit(Self.data, seed: 1)
        var rng = SeededGenerator(seed: 99)
        let n = 20_000
        let (x, comps) = try model.sample(n, using: &rng)
        #expect(x.rows == n && comps.count == n)
        let refit = try GaussianMixture(components: 2, covarianceType: type).fitSupervised(x, labels: comps)
        for c in 0..<2 {
            let w = model.weights[c]
            #expect(refit.weights[c].isApproximatelyEqual(to: w, absoluteTolerance: 4 * (w * (1 - w) / Double(n)).squareRoot()))
            let cov = model.covarianceMatrix(component: c)
            for j in 0..<2 {
                let se = (cov[j, j] / (w * Double(n))).squareRoot()
                #expect(refit.means[c, j].isApproximatelyEqual(to: model.means[c, j], absoluteTolerance: 4 * se))
            }
            let refCov = refit.covarianceMatrix(component: c)
            for j in 0..<2 { #expect((refCov[j, j] / cov[j, j]).isApproximatelyEqual(to: 1, absoluteTolerance: 0.05)) }
        }
    }

    @Test func maxIterationsZeroReturnsTheInitialParameters() throws {
        let means = Matrix([[2.0, 55.0], [4.0, 80.0]])
        let precisions = [1.0, 0, 0, 0.01, 1.0, 0, 0, 0.01]
        let settings = GaussianMixture(components: 2, maxIterations: 0, initialWeights: [0.4, 0.6],
                                       initialMeans: means, initialPrecisions: precisions)
        let model = try settings.fit(Self.data)
        #expect(model.iterations == 0 && !model.converged && model.lowerBound == -.infinity)
        #expect(model.weights == [0.4, 0.6] && model.means == means)
        for (a, b) in zip(model.precisions, precisions) { #expect(a.isApproximatelyEqual(to: b, absoluteTolerance: 1e-14)) }
    }

    @Test func restartsKeepTheBestBound() throws {
        let one = try GaussianMixture(components: 3, covarianceType: .full, initialization: .random).fit(Self.data, seed: 3)
        let many = try GaussianMixture(components: 3, covarianceType: .full, restarts: 8, initialization: .random).fit(Self.data, seed: 3)
        #expect(many.lowerBound >= one.lowerBound)
    }

    @Test(arguments: GaussianMixture.Initialization.allCases)
    func everyInitialisationReachesTheTwoClusterOptimum(_ initialization: GaussianMixture.Initialization) throws {
        let model = try GaussianMixture(components: 2, tolerance: 1e-8, maxIterations: 500, restarts: 3,
                                        initialization: initialization).fit(Self.data, seed: 8)
        #expect((try model.logLikelihood(Self.data)).isApproximatelyEqual(to: -1130.264, absoluteTolerance: 1e-2))
    }

    @Test func warmStartContinuesFromTheGivenModel() throws {
        let coarse = try GaussianMixture(components: 2, tolerance: 0, maxIterations: 2).fit(Self.data, seed: 2)
        let resumed = try GaussianMixture(components: 2, tolerance: 0, maxIterations: 3)
            .fit(Self.data, warmStart: GaussianMixtureModel(parameters: coarse.parameters))
        let straight = try GaussianMixture(components: 2, tolerance: 0, maxIterations: 5).fit(Self.data, seed: 2)
        // Two iterations then three more are five iterations from the same start.
        for (a, b) in zip(resumed.means.elements, straight.means.elements) { #expect(a.isApproximatelyEqual(to: b, absoluteTolerance: 1e-12)) }
        #expect(resumed.lowerBounds[0].isApproximatelyEqual(to: straight.lowerBounds[2], absoluteTolerance: 1e-12))
    }

    /// The lecture's simple example: 1-D, k = 2, σ = 1 known, uniform weights; EM learns the means.
    @Test func learnMeansOnly() throws {
        var rng = SeededGenerator(seed: 21)
        let x = Matrix(rows: 2000, columns: 1, elements: (0..<2000).map { i in (i % 2 == 0 ? -2.0 : 3.0) + rng.standardNormal() })
        let settings = GaussianMixture(components: 2, tolerance: 1e-10, regularization: 0, maxIterations: 500,
                                       initialWeights: [0.5, 0.5], initialMeans: Matrix([[-0.5], [0.5]]),
                                       initialPrecisions: [1, 1], fixed: [.weights, .covariances])
        let model = try settings.fit(x)
        #expect(model.weights == [0.5, 0.5])
        #expect(model.covariances.allSatisfy { $0.isApproximatelyEqual(to: 1, absoluteTolerance: 1e-12) })
        let means = model.means.elements.sorted()
        // Each mean is estimated from ~1000 points: standard error ~0.03.
        #expect(means[0].isApproximatelyEqual(to: -2, absoluteTolerance: 0.15) && means[1].isApproximatelyEqual(to: 3, absoluteTolerance: 0.15))
    }

    @Test func supervisedFitIsTheMaximumLikelihoodEstimate() throws {
        let x = Matrix([[0.0, 1], [2, 3], [0, 3], [10, 10], [12, 14], [12, 10], [10, 14]])
        let p = try GaussianMixture(components: 2, regularization: 0).fitSupervised(x, labels: [0, 0, 0, 1, 1, 1, 1])
        #expect(p.weights[0].isApproximatelyEqual(to: 3.0 / 7, absoluteTolerance: 1e-12) && p.weights[1].isApproximatelyEqual(to: 4.0 / 7, absoluteTolerance: 1e-12))
        #expect(p.means[0, 0].isApproximatelyEqual(to: 2.0 / 3, absoluteTolerance: 1e-12) && p.means[0, 1].isApproximatelyEqual(to: 7.0 / 3, absoluteTolerance: 1e-12))
        #expect(p.means[1, 0].isApproximatelyEqual(to: 11, absoluteTolerance: 1e-12) && p.means[1, 1].isApproximatelyEqual(to: 12, absoluteTolerance: 1e-12))
        // Biased (1/n) covariance of {(10,10),(12,14),(12,10),(10,14)}: diag(1, 4).
        let cov = p.covarianceMatrix(component: 1).elements
        for (a, b) in zip(cov, [1.0, 0, 0, 4]) { #expect(a.isApproximatelyEqual(to: b, absoluteTolerance: 1e-10)) }
        // Two points make a singular covariance: a named error, not NaN.
        #expect(throws: MixtureError.illDefinedCovariance(component: 0)) {
            _ = try GaussianMixture(components: 2, regularization: 0).fitSupervised(x, labels: [0, 0, 1, 1, 1, 1, 1])
        }
        #expect(throws: MixtureError.self) {
            _ = try GaussianMixture(components: 2).fitSupervised(x, labels: [0, 0, 0, 0, 0, 0, 2])
        }
    }

    /// Chunks are merged in a fixed order, so the thread count cannot change a single bit.
    @Test func resultsDoNotDependOnThreading() throws {
        let x = Self.blobs(n: 9_000, seed: 12) // 5 chunks of 2,048 rows
        var settings = GaussianMixture(components: 3, tolerance: 0, maxIterations: 5)
        settings.parallel = true
        let parallel = try settings.fit(x, seed: 4)
        settings.parallel = false
        let serial = try settings.fit(x, seed: 4)
        #expect(parallel == serial)
        #expect(parallel.lowerBounds == serial.lowerBounds)
    }
}
