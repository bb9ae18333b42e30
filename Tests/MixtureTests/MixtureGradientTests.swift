import Autodiff
import LinearAlgebra
import Mixture
import RealModule
import Testing

/// Where the two halves meet: the GMM log-likelihood is ordinary generic code (`MixtureObjective`)
/// and Autodiff differentiates it.
struct MixtureGradientTests {
    static func lifted<T: Real>(_ m: Matrix<Double>) -> Matrix<T> {
        Matrix(rows: m.rows, columns: m.columns, elements: m.elements.map { lift($0) })
    }

    /// An EM fixed point is a stationary point of the likelihood: at the converged EM fit
    /// (reg_covar 0, tolerance 1e-12) the reverse-mode gradient vanishes, while at a point off it
    /// the gradient is large. The scale of the data (waiting ~ 70) makes 1e-4 a strict bound.
    @Test func gradientVanishesAtTheEMFixedPoint() throws {
        let data = OldFaithful.matrix
        let model = try GaussianMixture(components: 2, tolerance: 1e-12, regularization: 0, maxIterations: 5000)
            .fit(data, seed: 1)
        let theta = MixtureObjective.parameters(of: model)
        let objective = MixtureObjective<Variable>(data: Self.lifted(data), components: 2)
        let (value, g) = valueWithGradient(of: { objective.logLikelihood($0) }, at: theta)
        #expect(value.isApproximatelyEqual(to: (try model.logLikelihood(data)), absoluteTolerance: 1e-8))
        #expect(g.map(abs).max()! < 1e-4, "gradient at the EM optimum: \(g)")
        var moved = theta
        moved[2] += 0.1 // first mean's eruptions coordinate
        let away = gradient(of: { objective.logLikelihood($0) }, at: moved)
        #expect(away.map(abs).max()! > 1)
    }

    /// Reverse mode against forward mode (a JVP along a random direction must equal gᵀv) and
    /// against central differences, at a random point, for k = 3 in 3-D.
    @Test func reverseEqualsForwardAndDividedDifferences() throws {
        let data = GaussianMixturePropertyTests.blobs(n: 60, seed: 8)
        let model = try GaussianMixture(components: 3).fit(data, seed: 2)
        var rng = SeededGenerator(seed: 5)
        let theta = MixtureObjective.parameters(of: model).map { $0 + Double.random(in: -0.05...0.05, using: &rng) }
        let direction = theta.map { _ in Double.random(in: -1...1, using: &rng) }

        let reverse = gradient(of: { MixtureObjective<Variable>(data: Self.lifted(data), components: 3).logLikelihood($0) },
                               at: theta)
        let forwardObjective = MixtureObjective<Dual<Double>>(data: Self.lifted(data), components: 3)
        let (_, tangent) = jvp(of: { forwardObjective.logLikelihood($0) }, at: theta, direction: direction)
        let projected = zip(reverse, direction).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(tangent.isApproximatelyEqual(to: projected, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))

        let plain = MixtureObjective<Double>(data: data, components: 3)
        let differences = FiniteDifference.gradient(of: { plain.logLikelihood($0) }, at: theta)
        for (a, b) in zip(reverse, differences) {
            // Central differences with the cube-root step: error ~ eps^(2/3) · |f| ≈ 1e-7 relative.
            #expect(a.isApproximatelyEqual(to: b, absoluteTolerance: 1e-5, relativeTolerance: 1e-5), "reverse \(a) vs difference \(b)")
        }
    }

    /// The mean gradient by hand: ∂L/∂μₖ = Σᵢ rᵢₖ Σₖ⁻¹(xᵢ − μₖ), with responsibilities from the
    /// EM engine — three independent pieces of code agreeing.
    @Test func meanGradientEqualsTheResponsibilityFormula() throws {
        let data = OldFaithful.matrix
        let model = try GaussianMixture(components: 2, tolerance: 0, maxIterations: 2).fit(data, seed: 4)
        var theta = MixtureObjective.parameters(of: model)
        theta[2] += 0.05; theta[5] -= 1.0 // move the means off the M-step's values
        let means = Matrix(rows: 2, columns: 2, elements: Array(theta[2..<6]))
        let shifted = try MixtureParameters(covarianceType: .full, weights: model.weights, means: means,
                                            covariances: model.covariances)
        let resp = try GaussianMixtureModel(parameters: shifted).predictProbabilities(data)
        let g = gradient(of: { MixtureObjective<Variable>(data: Self.lifted(data), components: 2).logLikelihood($0) }, at: theta)
        for c in 0..<2 {
            let precision = try shifted.covarianceMatrix(component: c).cholesky().get().inverse
            var expected = [0.0, 0.0]
            for i in 0..<data.rows {
                let diff = [data[i, 0] - means[c, 0], data[i, 1] - means[c, 1]]
                let p = precision * diff
                expected[0] += resp[i, c] * p[0]
                expected[1] += resp[i, c] * p[1]
            }
            for j in 0..<2 {
                let ours = g[2 + c * 2 + j]
                #expect(ours.isApproximatelyEqual(to: expected[j], absoluteTolerance: 1e-8, relativeTolerance: 1e-8), "component \(c) feature \(j)")
            }
        }
    }
}
