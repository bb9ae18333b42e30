import LinearAlgebra
import Mixture
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

    static func expectClose(_ ours: [Double], _ theirs: [Double], _ what: String, tol: Double = 1e-8,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(ours.count == theirs.count, "\(what): count", sourceLocation: sourceLocation)
        let scale = max(1e-300, theirs.map(abs).max() ?? 0)
        let worst = zip(ours, theirs).map { abs($0 - $1) / max(abs($1), scale) }.max() ?? 0
        #expect(worst <= tol, "\(what): worst relative difference \(worst)", sourceLocation: sourceLocation)
    }

    static func settings(_ f: Fixture) -> GaussianMixture {
        GaussianMixture(components: f.int("n_components"),
                        covarianceType: CovarianceType(rawValue: f.string("covariance_type"))!,
                        tolerance: f.double("tol"), regularization: f.double("reg_covar"),
                        maxIterations: f.int("max_iter"), restarts: 1,
                        initialWeights: f.flat("weights_init"), initialMeans: f.matrix("means_init"),
                        initialPrecisions: f.flat("precisions_init"))
    }

    @Test(arguments: gmmFixtures)
    func gaussianMixtureMatchesScikitLearn(_ name: String) throws {
        let f = try Fixture(name)
        let data = f.matrix("data")
        var trajectory: [MixtureParameters] = []
        let model = try Self.settings(f).fit(data, seed: 0) { if $0.iteration > 0 { trajectory.append($0.parameters) } }

        #expect(model.iterations == f.int("n_iter"))
        #expect(model.converged == f.bool("converged"))
        Self.expectClose(model.lowerBounds, f.flat("lower_bounds"), "lower_bounds")
        Self.expectClose([model.lowerBound], [f.double("lower_bound")], "lower_bound")
        Self.expectClose(model.weights, f.flat("weights"), "weights")
        Self.expectClose(model.means.elements, f.flat("means"), "means")
        Self.expectClose(model.covariances, f.flat("covariances"), "covariances")
        Self.expectClose(model.precisions, f.flat("precisions"), "precisions")
        Self.expectClose(model.precisionsCholesky, f.flat("precisions_cholesky"), "precisions_cholesky")
        Self.expectClose([try model.score(data)], [f.double("score")], "score")
        Self.expectClose(try model.scoreSamples(data), f.flat("score_samples"), "score_samples")
        Self.expectClose(try model.predictProbabilities(data).elements, f.flat("predict_proba"), "predict_proba")
        #expect(try model.predict(data) == f.ints("predict"))
        Self.expectClose([try model.bic(data)], [f.double("bic")], "bic")
        Self.expectClose([try model.aic(data)], [f.double("aic")], "aic")
        #expect(model.parameterCount == f.int("n_parameters"))

        // The iter5 files also hold the parameters after each of the 5 iterations.
        if let steps = f.object["iterations"] as? [[String: Any]] {
            #expect(steps.count == trajectory.count)
            for (step, ours) in zip(steps, trajectory) {
                let m = step["iteration"]!
                Self.expectClose(ours.weights, Fixture.flatten(step["weights"]!), "weights after \(m)")
                Self.expectClose(ours.means.elements, Fixture.flatten(step["means"]!), "means after \(m)")
                Self.expectClose(ours.covariances, Fixture.flatten(step["covariances"]!), "covariances after \(m)")
            }
        }
    }

    @Test(arguments: kmeansFixtures)
    func kMeansMatchesScikitLearn(_ name: String) throws {
        let f = try Fixture(name)
        let data = f.matrix("data")
        var rng = SeededGenerator(seed: 0)
        let result = try KMeans(clusters: f.int("n_clusters"), initialization: .given(f.matrix("init")),
                                maxIterations: f.int("max_iter"), tolerance: f.double("tol")).fit(data, using: &rng)
        // scikit-learn centres the data internally, so centres agree to ~1e-14, not bit for bit.
        Self.expectClose(result.centers.elements, f.flat("centers"), "centers", tol: 1e-10)
        #expect(result.labels == f.ints("labels"))
        #expect(result.iterations == f.int("n_iter"))
        Self.expectClose([result.inertia], [f.double("inertia")], "inertia", tol: 1e-10)
        #expect(result.clusterSizes == f.ints("sizes"))
    }

    /// The reference's k-means row: centres (2.0943, 54.7500) and (4.2979, 80.2849), inertia
    /// 8901.7687, sizes 100 / 172 — reached with our own k-means++ stream and 50 restarts.
    @Test func kMeansWithRestartsFindsTheReferenceOptimum() throws {
        var rng = SeededGenerator(seed: 7)
        let result = try KMeans(clusters: 2, restarts: 50).fit(OldFaithful.matrix, using: &rng)
        let order = (0..<2).sorted { result.centers[$0, 0] < result.centers[$1, 0] }
        let expected: [[Double]] = [[2.0943, 54.7500], [4.2979, 80.2849]]
        for (c, e) in zip(order, expected) {
            #expect(abs(result.centers[c, 0] - e[0]) < 1e-4 && abs(result.centers[c, 1] - e[1]) < 1e-4)
        }
        #expect(abs(result.inertia - 8901.7687) < 1e-3)
        #expect(order.map { result.clusterSizes[$0] } == [100, 172])
        #expect(try result.predict(OldFaithful.matrix) == result.labels)
    }
}
