import LinearAlgebra
import Mixture
import RealModule
import Testing

struct MixtureObjectiveTests {
    /// The generic objective, run on Double, is the EM engine's log-likelihood (independent code:
    /// per-row loops and softmax weights against the blocked kernel).
    @Test(arguments: [1, 2, 3])
    func equalsTheModelsLogLikelihood(_ k: Int) throws {
        let data = GaussianMixturePropertyTests.blobs(n: 90, seed: 2)
        let model = try GaussianMixture(components: k).fit(data, seed: 1)
        let theta = MixtureObjective.parameters(of: model)
        let objective = MixtureObjective(data: data, components: k)
        #expect(theta.count == objective.parameterCount)
        let ll = try model.logLikelihood(data)
        #expect(objective.logLikelihood(theta).isApproximatelyEqual(to: ll, relativeTolerance: 1e-9))
    }

    @Test func unnormalisedLogWeightsAreShiftInvariant() throws {
        let model = try GaussianMixture(components: 2).fit(OldFaithful.matrix, seed: 1)
        var theta = MixtureObjective.parameters(of: model)
        let objective = MixtureObjective(data: OldFaithful.matrix, components: 2)
        let before = objective.logLikelihood(theta)
        theta[0] += 3; theta[1] += 3
        #expect((objective.logLikelihood(theta)).isApproximatelyEqual(to: before, absoluteTolerance: 1e-9))
        #expect(before.isApproximatelyEqual(to: -1130.2641, absoluteTolerance: 1e-3))
    }
}

extension MixtureObjectiveTests {
    /// log-sum-exp of all −∞ terms (a row whose every density underflows) is −∞, not NaN; the
    /// shift by the maximum keeps large terms finite.
    @Test func logSumExpAtTheEdges() {
        #expect(MixtureObjective<Double>.logSumExp([-.infinity, -.infinity]) == -.infinity)
        #expect(MixtureObjective<Double>.logSumExp([.infinity, 0]) == .infinity)
        #expect(MixtureObjective<Double>.logSumExp([1000, 1000]).isApproximatelyEqual(to: 1000 + Double.log(2), relativeTolerance: 1e-15))
        #expect(MixtureObjective<Double>.logSumExp([-1e300, 0]) == 0)
    }
}
