import LinearAlgebra
import Mixture
import MixtureGradient
import Optimization
import Testing

/// `GradientMixtureFit.fit(_:startsOf:seed:warmStart:)`: the gradient fit from the starts EM
/// would make with the same settings.
struct GradientMixtureFitStartsTests {
    /// One k-means start with seed s is the start `fit(_:seed:)` uses: the same fit, bit for bit.
    /// More starts keep the best, which is never worse than the first start alone (the first of
    /// several starts is the single start: the generator begins the same).
    @Test func startsAreEMsAndTheBestIsKept() throws {
        let data = OldFaithful.matrix
        let fit = GradientMixtureFit(components: 3, covarianceType: .diag)
        let single = try fit.fit(data, startsOf: GaussianMixture(components: 3), seed: 4)
        let direct = try fit.fit(data, seed: 4)
        #expect(single.logLikelihood == direct.logLikelihood)
        #expect(single.model.means == direct.model.means)
        let several = try fit.fit(data, startsOf: GaussianMixture(components: 3, restarts: 4), seed: 4)
        #expect(several.logLikelihood >= single.logLikelihood)
        // The settings' k and type are replaced by the fit's own.
        let other = try fit.fit(data, startsOf: GaussianMixture(components: 5, covarianceType: .full), seed: 4)
        #expect(other.model.weights.count == 3 && other.model.covarianceType == .diag)
    }

    /// A warm start and given initial means are the (only) start, as for EM.
    @Test func warmStartAndInitialMeans() throws {
        let data = OldFaithful.matrix
        let fit = GradientMixtureFit(components: 2)
        let warm = try GaussianMixture(components: 2, maxIterations: 3).fit(data, seed: 1)
        let fromWarm = try fit.fit(data, startsOf: GaussianMixture(components: 2, restarts: 5), warmStart: warm)
        let direct = try fit.fit(data, from: warm.parameters)
        #expect(fromWarm.logLikelihood == direct.logLikelihood)
        var settings = GaussianMixture(components: 2)
        settings.initialMeans = Matrix(rows: 2, columns: 2, elements: [2, 55, 4.5, 80])
        let fromMeans = try fit.fit(data, startsOf: settings)
        #expect(fromMeans.minimization.converged)
        #expect(abs(fromMeans.model.means[0, 0] - 2.04) < 0.05 && abs(fromMeans.model.means[1, 0] - 4.29) < 0.05)
        settings.initialMeans = Matrix(rows: 1, columns: 2, elements: [2, 55])
        #expect(throws: MixtureError.self) { try fit.fit(data, startsOf: settings) }
    }
}
