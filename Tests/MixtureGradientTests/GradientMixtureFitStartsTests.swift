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

/// Data far from unit scale is fitted at a power-of-two scale, so the gradient fit does not stop
/// at its start because the gradient is small in the data's units.
struct GradientMixtureFitScaleTests {
    /// Old Faithful multiplied by 2²⁴ (≈ 1.7·10⁷) and by 2⁻³⁰: the fit is the unscaled fit moved
    /// exactly: the same optimum, its log-likelihood shifted by −n·d·e·log 2 (to 1e-9 relative,
    /// both runs stopping at ‖∇‖∞ ≤ 1e-6), and it converges (unscaled, the fit at 2²⁴ stopped after
    /// 47 iterations with no progress, 4.5 below the optimum's log-likelihood).
    @Test(arguments: [24, -30])
    func scaledDataGivesTheScaledFit(_ e: Int) throws {
        let data = OldFaithful.matrix
        let scaled = Matrix(rows: data.rows, columns: data.columns,
                            elements: data.elements.map { Double(sign: .plus, exponent: e, significand: $0) })
        #expect(GradientMixtureFit.scaleExponent(data) == 0)
        #expect(GradientMixtureFit.scaleExponent(scaled) != 0)
        let fit = GradientMixtureFit(components: 2)
        let reference = try fit.fit(data, seed: 0)
        let start = try GaussianMixture(components: 2, maxIterations: 0).fit(data, seed: 0).parameters
        let moved = try fit.fit(scaled, from: start.scaled(byPowerOfTwo: e))
        #expect(moved.minimization.converged && moved.minimization.iterations > 10)
        let expected = reference.logLikelihood - Double(data.rows * data.columns * e) * 0.6931471805599453
        #expect(abs(moved.logLikelihood - expected) <= 1e-9 * abs(expected), "\(moved.logLikelihood) vs \(expected)")
        #expect(abs(moved.model.lowerBound * Double(data.rows) - moved.logLikelihood) <= 1e-9 * abs(moved.logLikelihood))
        for (a, b) in zip(moved.model.means.elements, reference.model.means.elements) {
            let back = Double(sign: a.sign, exponent: -e, significand: a.magnitude)
            #expect(abs(back - b) <= 1e-6 * abs(b))
        }
    }
}
