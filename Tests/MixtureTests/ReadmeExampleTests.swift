import LinearAlgebra
import Mixture
import RealModule
import Testing

/// The README's library example computes what its comments say.
struct ReadmeExampleTests {
    @Test func libraryExample() throws {
        let data = OldFaithful.matrix
        let model = try GaussianMixture(components: 2, covarianceType: .full).fit(data, seed: 0)
        #expect(model.converged && model.weights.count == 2)
        let labels = try model.predict(data)
        #expect(labels.count == 272)
        #expect((try model.bic(data)).isApproximatelyEqual(to: 2322.19, absoluteTolerance: 0.01))
        let best = try #require(try ModelSelection(components: 1...6).run(data).best)
        #expect(best.covarianceType == .tied && best.components == 3)
        var rng = SeededGenerator(seed: 1)
        let (draws, components) = try model.sample(1000, using: &rng)
        #expect(draws.rows == 1000 && components.count == 1000)
        let kmeans = try KMeans(clusters: 2, restarts: 10).fit(data, using: &rng)
        #expect(kmeans.inertia.isApproximatelyEqual(to: 8901.7687, absoluteTolerance: 1e-3))
    }
}
