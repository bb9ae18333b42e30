import DataIO
import LinearAlgebra
import Mixture
import RealModule
import Testing

/// Same numbers as scikit-learn 1.9.1 from the same start (fixtures by
/// scripts/make_sklearn_fixtures.py): all four covariance types, Old Faithful, its 1-D `waiting`
/// column and a synthetic 3-component 3-D set; 5 fixed iterations and runs to convergence.
///
/// Tolerance 1e-8 relative, as the issue asks: both sides do the same arithmetic in a different
/// order (our one-pass shifted statistics against scikit-learn's two-pass NumPy), so agreement is
/// ~1e-13 in practice; 1e-8 leaves room for the conditioning of later iterations. Near-zero entries
/// are measured against the largest entry of their array, not against themselves.
struct ScikitLearnFixtureTests {
    static let gmmFixtures = Fixture.names(prefix: "gmm_")
    static let kmeansFixtures = Fixture.names(prefix: "kmeans_").filter { !$0.hasSuffix("ninit50") }

    /// The parameterised tests below run one case per file found; this fails when files are
    /// missing, so they cannot pass with zero (or too few) cases.
    @Test func everyFixtureIsPresent() throws {
        try #require(Self.gmmFixtures.count == Fixture.expectedCounts["gmm_"], "found \(Self.gmmFixtures)")
        try #require(Self.kmeansFixtures.count + 1 == Fixture.expectedCounts["kmeans_"], "found \(Self.kmeansFixtures)")
        // Old Faithful and the synthetic set, 5 iterations and converged, per type; full also 1-D.
        for type in CovarianceType.allCases {
            #expect(Self.gmmFixtures.filter { $0.contains("_\(type.rawValue)_") }.count == (type == .full ? 6 : 4), "\(type)")
        }
    }

    /// Every entry within `tol` of scikit-learn's, relative to the larger of the entry and the
    /// array's largest magnitude (near-zero entries are measured against the array).
    static func expectClose(_ ours: [Double], _ theirs: [Double], _ what: String, tol: Double = 1e-8,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(ours.count == theirs.count, "\(what): count", sourceLocation: sourceLocation)
        let scale = max(1e-300, theirs.map(abs).max() ?? 0)
        for (a, b) in zip(ours, theirs) where !a.isApproximatelyEqual(to: b, absoluteTolerance: tol * scale, relativeTolerance: tol) {
            Issue.record("\(what): \(a) against scikit-learn's \(b)", sourceLocation: sourceLocation)
            return
        }
    }

    static func settings(_ f: Fixture) throws -> GaussianMixture {
        GaussianMixture(components: try f.int("n_components"),
                        covarianceType: try #require(CovarianceType(rawValue: try f.string("covariance_type"))),
                        tolerance: try f.double("tol"), regularization: try f.double("reg_covar"),
                        maxIterations: try f.int("max_iter"), restarts: 1,
                        initialWeights: try f.flat("weights_init"), initialMeans: try f.matrix("means_init"),
                        initialPrecisions: try f.flat("precisions_init"))
    }

    @Test(arguments: gmmFixtures)
    func gaussianMixtureMatchesScikitLearn(_ name: String) throws {
        let f = try Fixture(name)
        let data = try f.matrix("data")
        var trajectory: [MixtureParameters] = []
        let model = try Self.settings(f).fit(data, seed: 0) { if $0.iteration > 0 { trajectory.append($0.parameters) } }

        #expect(model.iterations == (try f.int("n_iter")))
        #expect(model.converged == (try f.bool("converged")))
        Self.expectClose(model.lowerBounds, try f.flat("lower_bounds"), "lower_bounds")
        Self.expectClose([model.lowerBound], [try f.double("lower_bound")], "lower_bound")
        Self.expectClose(model.weights, try f.flat("weights"), "weights")
        Self.expectClose(model.means.elements, try f.flat("means"), "means")
        Self.expectClose(model.covariances, try f.flat("covariances"), "covariances")
        Self.expectClose(model.precisions, try f.flat("precisions"), "precisions")
        Self.expectClose(model.precisionsCholesky, try f.flat("precisions_cholesky"), "precisions_cholesky")
        Self.expectClose([try model.score(data)], [try f.double("score")], "score")
        Self.expectClose(try model.scoreSamples(data), try f.flat("score_samples"), "score_samples")
        Self.expectClose(try model.predictProbabilities(data).elements, try f.flat("predict_proba"), "predict_proba")
        #expect(try model.predict(data) == f.ints("predict"))
        Self.expectClose([try model.bic(data)], [try f.double("bic")], "bic")
        Self.expectClose([try model.aic(data)], [try f.double("aic")], "aic")
        #expect(model.parameterCount == (try f.int("n_parameters")))

        // The iter5 files also hold the parameters after each of the 5 iterations.
        if name.hasSuffix("iter5") {
            guard case let .array(steps) = try f.value("iterations") else { throw Fixture.Missing(description: "\(name): iterations") }
            try #require(steps.count == 5 && trajectory.count == 5)
            for (step, ours) in zip(steps, trajectory) {
                let m = step["iteration"].map { "\($0)" } ?? "?"
                Self.expectClose(ours.weights, try Fixture.flatten(try #require(step["weights"])), "weights after \(m)")
                Self.expectClose(ours.means.elements, try Fixture.flatten(try #require(step["means"])), "means after \(m)")
                Self.expectClose(ours.covariances, try Fixture.flatten(try #require(step["covariances"])), "covariances after \(m)")
            }
        }
    }

    @Test(arguments: kmeansFixtures)
    func kMeansMatchesScikitLearn(_ name: String) throws {
        let f = try Fixture(name)
        let data = try f.matrix("data")
        // Lloyd's pass and Hamerly's bounded one (the default picks by k·d) reach the same result.
        for algorithm: KMeans.Algorithm in [.lloyd, .hamerly] {
            var rng = SeededGenerator(seed: 0)
            var settings = KMeans(clusters: try f.int("n_clusters"), initialization: .given(try f.matrix("init")),
                                  maxIterations: try f.int("max_iter"), tolerance: try f.double("tol"))
            settings.algorithm = algorithm
            let result = try settings.fit(data, using: &rng)
            // scikit-learn centres the data internally, so centres agree to ~1e-14, not bit for bit.
            Self.expectClose(result.centers.elements, try f.flat("centers"), "centers", tol: 1e-10)
            #expect(try result.labels == f.ints("labels"), "\(algorithm)")
            #expect(result.iterations == (try f.int("n_iter")), "\(algorithm)")
            Self.expectClose([result.inertia], [try f.double("inertia")], "inertia", tol: 1e-10)
            #expect(try result.clusterSizes == f.ints("sizes"), "\(algorithm)")
        }
    }

    /// The reference's k-means row: centres (2.0943, 54.7500) and (4.2979, 80.2849), inertia
    /// 8901.7687, sizes 100 / 172 — reached with our own k-means++ stream and 50 restarts.
    @Test func kMeansWithRestartsFindsTheReferenceOptimum() throws {
        var rng = SeededGenerator(seed: 7)
        let result = try KMeans(clusters: 2, restarts: 50).fit(OldFaithful.matrix, using: &rng)
        let order = (0..<2).sorted { result.centers[$0, 0] < result.centers[$1, 0] }
        let expected: [[Double]] = [[2.0943, 54.7500], [4.2979, 80.2849]]
        for (c, e) in zip(order, expected) {
            #expect(result.centers[c, 0].isApproximatelyEqual(to: e[0], absoluteTolerance: 1e-4))
            #expect(result.centers[c, 1].isApproximatelyEqual(to: e[1], absoluteTolerance: 1e-4))
        }
        #expect(result.inertia.isApproximatelyEqual(to: 8901.7687, absoluteTolerance: 1e-3))
        #expect(order.map { result.clusterSizes[$0] } == [100, 172])
        #expect(try result.predict(OldFaithful.matrix) == result.labels)
    }
}
