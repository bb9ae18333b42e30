import LinearAlgebra
import Mixture
import MixtureGradient
import Optimization
import Testing

/// Gaussian mixtures fitted by L-BFGS on the unconstrained parameters, the gradient from reverse
/// mode through `MixtureObjective`, against EM from the same start.
struct GradientMixtureFitTests {
    /// On Old Faithful (k = 2), for each covariance type, EM (reg_covar 0, tolerance 1e-12 on the
    /// mean log-likelihood) and L-BFGS (gradient of the mean negative log-likelihood ≤ 1e-6)
    /// started from the same k-means parameters reach the same optimum: total log-likelihoods
    /// within 1e-4, and the same weights, means and covariances to 1e-4 relative.
    @Test(arguments: CovarianceType.allCases)
    func reachesTheEMOptimumFromTheSameStart(_ type: CovarianceType) throws {
        let data = OldFaithful.matrix
        let start = try GaussianMixture(components: 2, covarianceType: type, maxIterations: 0).fit(data, seed: 0).parameters
        let em = try GaussianMixture(components: 2, covarianceType: type, tolerance: 1e-12, regularization: 0,
                                     maxIterations: 100_000).fit(data, warmStart: GaussianMixtureModel(parameters: start))
        let emLogLikelihood = try em.logLikelihood(data)
        let gradient = try GradientMixtureFit(components: 2, covarianceType: type).fit(data, from: start)
        #expect(em.converged)
        #expect(gradient.minimization.converged, "\(type): \(gradient.minimization.reason)")
        #expect(abs(gradient.logLikelihood - emLogLikelihood) <= 1e-4, "\(type): \(gradient.logLikelihood) vs \(emLogLikelihood)")
        #expect(abs(try gradient.model.logLikelihood(data) - gradient.logLikelihood) <= 1e-8 * abs(gradient.logLikelihood))
        // Same optimum, component for component (k-means start: same labelling).
        for (a, b) in zip(gradient.model.weights, em.weights) { #expect(abs(a - b) <= 1e-4) }
        for (a, b) in zip(gradient.model.means.elements, em.means.elements) { #expect(abs(a - b) <= 1e-4 * max(1, abs(b))) }
        for (a, b) in zip(gradient.model.covariances, em.covariances) { #expect(abs(a - b) <= 1e-3 * max(1, abs(b))) }
    }

    /// Any minimiser works on the same objective: BFGS and trust-region Newton (Hessian–vector
    /// products forward over reverse through the same log-likelihood) reach EM's optimum too.
    @Test(arguments: [MinimizationMethod.bfgs, .trustRegionNewton, .newton])
    func otherMethodsReachTheSameOptimum(_ method: MinimizationMethod) throws {
        let data = OldFaithful.matrix
        let start = try GaussianMixture(components: 2, maxIterations: 0).fit(data, seed: 0).parameters
        let em = try GaussianMixture(components: 2, tolerance: 1e-12, regularization: 0, maxIterations: 100_000)
            .fit(data, warmStart: GaussianMixtureModel(parameters: start))
        let fit = try GradientMixtureFit(components: 2, method: method).fit(data, from: start)
        #expect(fit.minimization.converged, "\(method): \(fit.minimization.reason)")
        #expect(abs(fit.logLikelihood - (try em.logLikelihood(data))) <= 1e-4)
    }

    /// Bad input throws the Mixture errors a fit would; the history becomes the
    /// model's per-iteration mean log-likelihood, never decreasing.
    @Test func badInputAndHistory() throws {
        let data = OldFaithful.matrix
        #expect(throws: MixtureError.self) {
            try GradientMixtureFit(components: 3).fit(Matrix(rows: 2, columns: 2, elements: [1, 2, 3, 4]))
        }
        #expect(throws: MixtureError.self) {
            try GradientMixtureFit(components: 2).fit(Matrix(rows: 3, columns: 1, elements: [1, .nan, 3]))
        }
        let diagStart = try GaussianMixture(components: 2, covarianceType: .diag, maxIterations: 0).fit(data).parameters
        #expect(throws: MixtureError.self) { try GradientMixtureFit(components: 2, covarianceType: .full).fit(data, from: diagStart) }
        var invalid = MinimizationOptions()
        invalid.maxEvaluations = 0
        #expect(throws: MixtureError.self) { try GradientMixtureFit(components: 2, options: invalid).fit(data) }
        var options = MinimizationOptions()
        options.recordHistory = true
        options.gradientTolerance = 1e-6
        let fit = try GradientMixtureFit(components: 2, options: options).fit(data, seed: 3)
        #expect(fit.model.lowerBounds.count == fit.minimization.iterations)
        #expect(fit.model.lowerBounds.last == fit.model.lowerBound && fit.model.iterations == fit.minimization.iterations)
        #expect(zip(fit.model.lowerBounds, fit.model.lowerBounds.dropFirst()).allSatisfy { $1 >= $0 })
        #expect(abs(fit.model.lowerBound * Double(data.rows) - fit.logLikelihood) <= 1e-9 * abs(fit.logLikelihood))
        #expect(fit.seconds > 0)
    }
}
