import InverseProblems
import LinearAlgebra
import ODE
import Optimization
import Testing
import TestSupport

/// The Lotka–Volterra inverse problem: rates recovered by Levenberg–Marquardt with the residual
/// Jacobian by forward-mode AD through the Dormand–Prince integrator.
@Suite("Lotka–Volterra inverse problem")
struct LotkaVolterraInverseTests {
    static let truth = ODEProblems.LotkaVolterra.parameters   // (α, β, γ, δ) = (1.5, 1, 3, 1)
    /// Every rate off by 13–20 %, in both directions.
    static let start = [1.2, 1.2, 2.6, 0.8]

    /// Noise σ = 0.05 on 30 observations of each population over two periods (populations range
    /// 0.3 … 4.5): the recovered rates are within 2 % of the truth (Gauss–Newton standard errors
    /// here are about 0.3–0.5 %, so 2 % is about four of them), and each within four of its own
    /// standard errors. (SciPy's `least_squares` with `solve_ivp` on data of this kind recovers
    /// the rates to 0.3 % from the same start.)
    @Test(arguments: [UInt64(1), 2])
    func noisyObservationsGiveRatesWithinTolerance(seed: UInt64) throws {
        var rng = SplitMix64(seed: 0x9E37_79B9_0000 &+ seed)
        let problem = try LotkaVolterraInverseProblem(noise: 0.05, using: &rng)
        let recovery = try problem.recover(from: Self.start)
        #expect(recovery.result.converged, "stopped: \(recovery.result.reason)")
        #expect(recovery.maxRelativeError < 0.02, "rates \(recovery.rates), errors \(recovery.relativeErrors)")
        let errors = try #require(recovery.standardErrors)
        for j in 0..<4 {
            #expect(abs(recovery.rates[j] - Self.truth[j]) < 4 * errors[j],
                    "rate \(j): \(recovery.rates[j]) ± \(errors[j]) vs \(Self.truth[j])")
        }
        // The residual at the optimum is the noise: ‖r‖²/(m − n) ≈ σ² (within a factor 2 for m = 60).
        let variance = recovery.result.sumOfSquares / Double(60 - 4)
        #expect(variance > 0.5 * 0.05 * 0.05 && variance < 2 * 0.05 * 0.05, "residual variance \(variance)")
    }

    /// Without noise the data are the model's own solution at rtol 1e-10, fitted at rtol 1e-8: the
    /// rates come back to 1e-6 relative (the integration error, not the optimiser, sets it).
    @Test func noiseFreeObservationsGiveTheRatesBack() throws {
        var rng = SplitMix64(seed: 7)
        let problem = try LotkaVolterraInverseProblem(noise: 0, using: &rng)
        let recovery = try problem.recover(from: Self.start)
        #expect(recovery.result.converged, "stopped: \(recovery.result.reason)")
        #expect(recovery.maxRelativeError < 1e-6, "rates \(recovery.rates)")
        #expect(recovery.result.sumOfSquares < 1e-12)
    }

    /// The residual Jacobian by AD through the integrator against central differences of the
    /// residuals solved at rtol 1e-12 (δ = 1e-5·|pⱼ|: truncation O(δ²) ≈ 1e-10, integration noise
    /// ≈ 1e-12/δ ≈ 1e-7), at a point away from the truth: 1e-5 relative (scale max(1, |J|)).
    @Test func jacobianThroughTheIntegratorMatchesCentralDifferences() throws {
        var rng = SplitMix64(seed: 11)
        let problem = try LotkaVolterraInverseProblem(noise: 0.05, using: &rng)
        let fit = problem.fit
        var tight = fit
        tight.options = ODEOptions(relativeTolerance: 1e-12, absoluteTolerance: 1e-14)
        let p = [1.3, 0.9, 3.2, 1.1]
        let jacobian = fit.residualJacobian(p)
        try #require(jacobian.rows == 60 && jacobian.columns == 4)
        for j in 0..<4 {
            let delta = 1e-5 * abs(p[j])
            var plus = p, minus = p
            plus[j] += delta
            minus[j] -= delta
            let up = tight.residuals(plus), down = tight.residuals(minus)
            for i in 0..<60 {
                let fd = (up[i] - down[i]) / (2 * delta)
                #expect(abs(jacobian[i, j] - fd) / max(1, abs(fd)) < 1e-5,
                        "∂r\(i)/∂p\(j): AD \(jacobian[i, j]), FD \(fd)")
            }
        }
        // Not all zero: the rates do move the trajectory.
        #expect(jacobian.elements.map(abs).max()! > 1)
    }

    /// The residuals are the solution minus the data, time-major.
    @Test func residualsAreSolutionMinusObservations() throws {
        var rng = SplitMix64(seed: 5)
        let problem = try LotkaVolterraInverseProblem(noise: 0.1, using: &rng)
        let r = problem.fit.residuals(Self.truth)
        for k in problem.times.indices {
            for i in 0..<2 {
                #expect(abs(r[2 * k + i] - (problem.exact[k][i] - problem.observations[k][i])) < 1e-6)
            }
        }
    }

    /// Bad input is a typed error naming what is wrong, never a trap.
    @Test func badInputThrowsNamedErrors() throws {
        var rng = SplitMix64(seed: 1)
        #expect(throws: ParameterFitError.self) { try LotkaVolterraInverseProblem(noise: -1, using: &rng) }
        #expect(throws: ParameterFitError.self) {
            try LotkaVolterraInverseProblem(trueRates: [1, 2], noise: 0.1, using: &rng)
        }
        let problem = try LotkaVolterraInverseProblem(noise: 0.1, using: &rng)
        #expect(throws: ParameterFitError.self) { try problem.recover(from: [1, 1, .nan, 1]) }
        var fit = problem.fit
        fit.observations.removeLast()
        do {
            _ = try fit.fit(from: Self.start)
            Issue.record("mismatched observations were accepted")
        } catch {
            #expect(error.description.contains("29 observations for 30 times"), "\(error)")
        }
    }
}
