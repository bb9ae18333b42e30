import LinearAlgebra
@testable import Mixture
import RealModule
import Testing

/// Where users rely on scikit-learn's behaviour of `GaussianMixture`.
struct ScikitLearnBehaviourTests {
    static let data = OldFaithful.matrix

    /// scikit-learn's `warm_start` carries `lower_bound_`, so fitting one iteration at a time
    /// converges exactly when one long fit does — with the same parameters, to the bit, since each
    /// step does the same arithmetic. Before, every warm start began its bound at −∞, the first
    /// change was infinite, and the loop never converged.
    @Test(arguments: CovarianceType.allCases)
    func oneIterationAtATimeConvergesLikeOneFit(_ type: CovarianceType) throws {
        let settings = GaussianMixture(components: 2, covarianceType: type)
        let straight = try settings.fit(Self.data, seed: 0)
        #expect(straight.converged && straight.iterations >= 2)
        var step = settings
        step.maxIterations = 1
        var model = try step.fit(Self.data, seed: 0)
        var calls = 1
        while !model.converged && calls < 100 {
            model = try step.fit(Self.data, warmStart: model)
            calls += 1
        }
        #expect(model.converged)
        #expect(calls == straight.iterations)
        #expect(model.parameters == straight.parameters)
        #expect(model.lowerBound == straight.lowerBound)
        #expect(model.finalChange == straight.finalChange)
    }

    /// A warm start from parameters alone (no previous bound) starts at −∞, as scikit-learn's first fit.
    @Test func warmStartFromParametersAloneHasNoPreviousBound() throws {
        let first = try GaussianMixture(components: 2, maxIterations: 1).fit(Self.data, seed: 0)
        let next = try GaussianMixture(components: 2, maxIterations: 1).fit(Self.data, warmStart: GaussianMixtureModel(parameters: first.parameters))
        #expect(next.finalChange == .infinity && !next.converged)
    }

    /// More components than distinct rows: scikit-learn (1.9.1, `GaussianMixture(5, random_state=0)`
    /// on these 20 rows of 3 distinct points) fits, with log-likelihood 218.454266 for every type
    /// (each row at its point with covariance reg_covar·I). With reg_covar 0 a component would
    /// collapse: a named error that says what to change.
    @Test(arguments: CovarianceType.allCases)
    func moreComponentsThanDistinctRows(_ type: CovarianceType) throws {
        let x = Matrix<Double>(Array(repeating: [[1.0, 2], [1, 2], [3, 4], [3, 4], [5, 6]], count: 4).flatMap { $0 })
        let model = try GaussianMixture(components: 5, covarianceType: type).fit(x, seed: 0)
        #expect(model.converged)
        #expect(try model.logLikelihood(x).isApproximatelyEqual(to: 218.454266, absoluteTolerance: 1e-5))
        #expect((model.weights.reduce(0, +)).isApproximatelyEqual(to: 1, absoluteTolerance: 1e-12))
        #expect(throws: MixtureError.tooFewDistinctSamples(distinct: 3, components: 5)) {
            try GaussianMixture(components: 5, covarianceType: type, regularization: 0).fit(x, seed: 0)
        }
        #expect(throws: MixtureError.tooFewSamples(samples: 20, components: 21)) {
            try GaussianMixture(components: 21, covarianceType: type).fit(x, seed: 0)
        }
    }

    /// scikit-learn: "Invalid value for 'n_samples': 0 . The sampling requires at least one sample."
    @Test(arguments: [0, -1, Int.min])
    func sampleNeedsAtLeastOneRow(_ n: Int) throws {
        let model = try GaussianMixture(components: 2).fit(Self.data, seed: 0)
        var rng = SeededGenerator(seed: 0)
        #expect(throws: MixtureError.invalidSetting(name: "n_samples", value: "\(n)", rule: "must be at least 1")) {
            try model.sample(n, using: &rng)
        }
    }

    /// With reg_covar 0, a component that collapses names itself, the feature and what to change.
    @Test func collapsedComponentNamesItselfAndTheFix() throws {
        // Rows 0…39: a blob; rows 40…59: one repeated point far away.
        var rng = SeededGenerator(seed: 4)
        var values: [Double] = []
        for _ in 0..<40 { values += [rng.standardNormal(), rng.standardNormal()] }
        for _ in 0..<20 { values += [30, 30] }
        let x = Matrix(rows: 60, columns: 2, elements: values)
        do {
            _ = try GaussianMixture(components: 2, regularization: 0).fit(x, seed: 0)
            Issue.record("a collapsed component was accepted")
        } catch {
            guard case let .collapsedComponent(component, _, regularization) = error else { Issue.record("\(error)"); return }
            #expect(component != nil && regularization == 0)
            let text = "\(error)"
            #expect(text.contains("component \(component! + 1) collapsed") && text.contains("set reg_covar above 0"), "\(text)")
        }
        // With scikit-learn's default reg_covar the same data fits, the point's covariance reg_covar·I.
        let model = try GaussianMixture(components: 2).fit(x, seed: 0)
        let point = model.means[0, 0] > 29 ? 0 : 1
        #expect(model.covarianceMatrix(component: point).elements.isApproximatelyEqual(to: [1e-6, 0, 0, 1e-6]))
    }

    /// `parallel` is a setting, not a global: fits and k-means give the same bits either way.
    @Test func kMeansDoesNotDependOnThreading() throws {
        let x = GaussianMixturePropertyTests.blobs(n: 9_000, seed: 3)
        var rng1 = SeededGenerator(seed: 1), rng2 = SeededGenerator(seed: 1)
        let parallel = try KMeans(clusters: 4, parallel: true).fit(x, using: &rng1)
        let serial = try KMeans(clusters: 4, parallel: false).fit(x, using: &rng2)
        #expect(parallel == serial)
    }
}

extension Array where Element == Double {
    /// Elementwise `isApproximatelyEqual` with an absolute tolerance of 1e-12 (for values near 1e-6
    /// that are reg_covar plus rounding-level noise).
    func isApproximatelyEqual(to other: [Double]) -> Bool {
        count == other.count && zip(self, other).allSatisfy { $0.isApproximatelyEqual(to: $1, absoluteTolerance: 1e-12) }
    }
}
