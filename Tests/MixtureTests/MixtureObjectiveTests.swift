import Autodiff
import LinearAlgebra
import Mixture
import RealModule
import Testing

/// `MixtureObjective` for all four covariance types: its value is the model's log-likelihood,
/// θ round-trips through the model's parameters, and its reverse-mode gradient vanishes at the
/// EM fixed point of each type.
struct MixtureObjectiveTests {
    static func lifted<T: Real>(_ m: Matrix<Double>) -> Matrix<T> {
        Matrix(rows: m.rows, columns: m.columns, elements: m.elements.map { lift($0) })
    }

    /// The log-likelihood equals the EM engine's (an independent implementation through the
    /// Cholesky factors), 1e-9 relative; θ → parameters → θ is the identity to 1e-12; the
    /// parameter count is k + kd + the covariance type's q and l counts.
    @Test(arguments: CovarianceType.allCases)
    func valueAndRoundTripMatchTheModel(_ type: CovarianceType) throws {
        let data = OldFaithful.matrix
        let model = try GaussianMixture(components: 3, covarianceType: type, maxIterations: 4).fit(data, seed: 5)
        let theta = MixtureObjective.parameters(of: model)
        let objective = MixtureObjective(data: data, components: 3, covarianceType: type)
        let counts: [CovarianceType: Int] = [.full: 3 * (1 + 4 + 1), .tied: 3 * 3 + 2 + 1, .diag: 3 * 5, .spherical: 3 * 4]
        #expect(theta.count == objective.parameterCount && theta.count == counts[type])
        let expected = try model.logLikelihood(data)
        #expect(abs(objective.logLikelihood(theta) - expected) <= 1e-9 * abs(expected))
        let back = try objective.mixtureParameters(from: theta)
        let again = MixtureObjective.parameters(of: back)
        for (a, b) in zip(again, theta) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) }
        for (a, b) in zip(back.covariances, model.covariances) { #expect(abs(a - b) <= 1e-10 * max(1, abs(b))) }
    }

    /// At the EM fixed point (reg_covar 0, tolerance 1e-13) the reverse-mode gradient of every
    /// type vanishes (relative to its size one step away); reverse equals forward mode there.
    @Test(arguments: CovarianceType.allCases)
    func gradientVanishesAtTheEMFixedPoint(_ type: CovarianceType) throws {
        let data = OldFaithful.matrix
        let model = try GaussianMixture(components: 2, covarianceType: type, tolerance: 1e-13, regularization: 0,
                                        maxIterations: 10_000).fit(data, seed: 1)
        let theta = MixtureObjective.parameters(of: model)
        let objective = MixtureObjective<Variable>(data: Self.lifted(data), components: 2, covarianceType: type)
        let g = gradient(of: { objective.logLikelihood($0) }, at: theta)
        #expect(g.map(abs).max()! < 1e-4, "\(type): \(g)")
        var moved = theta
        moved[2] += 0.1
        let away = gradient(of: { objective.logLikelihood($0) }, at: moved).map(abs).max()!
        #expect(away > 0.1 && away > 1000 * g.map(abs).max()!, "\(type): \(away)")
        let forward = MixtureObjective<Dual<Double>>(data: Self.lifted(data), components: 2, covarianceType: type)
        let v = theta.indices.map { Double($0 % 3) - 1 }
        let (_, t) = jvp(of: { forward.logLikelihood($0) }, at: moved, direction: v)
        let gm = gradient(of: { objective.logLikelihood($0) }, at: moved)
        let projected = zip(gm, v).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(t - projected) <= 1e-9 * max(1, abs(projected)))
    }

    @Test func badThetaIsAnError() {
        let objective = MixtureObjective(data: OldFaithful.matrix, components: 2, covarianceType: .diag)
        #expect(throws: MixtureError.self) { try objective.mixtureParameters(from: [1, 2]) }
        let nan = [Double](repeating: .nan, count: objective.parameterCount)
        #expect(throws: MixtureError.self) { try objective.mixtureParameters(from: nan) }
    }

    /// A precision factor so large that LᵀL is not positive definite in floating point (a component
    /// collapsing under a gradient fit) is named as such, not as a user's bad `precisions`.
    @Test(arguments: [[0, 1, 2, 400, 0, 0], [0, 1, 2, 0, 0, 1e200]])
    func collapsingPrecisionIsNamed(theta: [Double]) throws {
        let objective = MixtureObjective(data: OldFaithful.matrix, components: 1, covarianceType: .full)
        try #require(objective.parameterCount == theta.count)
        do {
            _ = try objective.mixtureParameters(from: theta)
            Issue.record("accepted")
        } catch {
            guard case let .invalidParameter(name, reason) = error else { Issue.record("\(error)"); return }
            #expect(name == "parameters" && reason.contains("collapsed"), "\(reason)")
        }
    }

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
