import Autodiff
import LinearAlgebra
import ODE
import Testing
import TestSupport

/// `yᵢ′ = −pᵢ yᵢ` for i < 10: ten equations and ten parameters, `∂yᵢ/∂pⱼ = −δᵢⱼ t yᵢ(0) e^{−pᵢt}`
/// (more directions than one 8-wide sweep holds).
struct DecoupledDecay: ODEFunction {
    func callAsFunction<T: Real>(_ t: T, _ y: [T], _ p: [T]) -> [T] {
        (0..<y.count).map { -p[$0] * y[$0] }
    }
}

/// Derivatives of the solution with respect to parameters and initial values, by forward-mode
/// AD through the integrators, against the variational equations, finite differences and
/// closed forms.
@Suite("Sensitivities through the solver")
struct SensitivityTests {
    typealias LV = ODEProblems.LotkaVolterra
    static let times = [1.0, 2.5, 5, 7.5, 10]

    /// The variational equations S′ = J S + ∂f/∂p (written by hand, see
    /// `LotkaVolterraVariational`) integrated by Dormand–Prince at rtol 1e-12: the reference.
    static func variationalReference() throws -> [[Double]] {
        let u0 = LV.initialValue + Array(repeating: 0, count: 8)
        let sol = try solveODE(LotkaVolterraVariational(), from: 0, initialValue: u0,
                               parameters: LV.parameters, at: times, method: .dormandPrince,
                               options: ODEOptions(relativeTolerance: 1e-12, absoluteTolerance: 1e-14))
        return sol.values
    }

    /// ∂(x, y)/∂(α, β, γ, δ) of Lotka–Volterra at five times, through each integrator at
    /// rtol 1e-10, matches the variational equations to 1e-7 relative (scale max(1, |S|);
    /// measured 6e-11 for DP, 6e-12 for Radau, 1.3e-8 for BDF) and the values match the
    /// variational run's to 1e-7.
    @Test(arguments: ODEMethod.allCases)
    func lotkaVolterraMatchesVariationalEquations(method: ODEMethod) throws {
        let reference = try Self.variationalReference()
        let options = ODEOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-12)
        let s = try solveODEWithSensitivities(LV(), from: 0, initialValue: LV.initialValue,
                                              parameters: LV.parameters, at: Self.times,
                                              method: method, options: options)
        try #require(s.jacobians.count == 5 && reference.count == 5)
        for k in Self.times.indices {
            #expect(maxRelativeError(s.values[k], Array(reference[k][0..<2]), floor: 1) < 1e-7)
            #expect(s.jacobians[k].rows == 2 && s.jacobians[k].columns == 4)
            for i in 0..<2 {
                for j in 0..<4 {
                    let ad = s.jacobians[k][i, j], ref = reference[k][2 + 4 * i + j]
                    #expect(abs(ad - ref) / max(1, abs(ref)) < 1e-7,
                            "\(method) t=\(Self.times[k]) ∂y\(i)/∂p\(j): AD \(ad), variational \(ref)")
                }
            }
        }
    }

    /// The same derivatives against central finite differences of plain solves at rtol 1e-12,
    /// with δ = 1e-5·|pⱼ|: truncation O(δ²) ≈ 1e-10 plus the step-sequence noise ≈ tol/δ ≈ 1e-7,
    /// so 1e-5 relative (scale max(1, |S|)).
    @Test(arguments: ODEMethod.allCases)
    func lotkaVolterraMatchesFiniteDifferences(method: ODEMethod) throws {
        let options = ODEOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-12)
        let tight = ODEOptions(relativeTolerance: 1e-12, absoluteTolerance: 1e-14)
        let s = try solveODEWithSensitivities(LV(), from: 0, initialValue: LV.initialValue,
                                              parameters: LV.parameters, at: Self.times,
                                              method: method, options: options)
        for j in 0..<4 {
            let delta = 1e-5 * abs(LV.parameters[j])
            var plus = LV.parameters, minus = LV.parameters
            plus[j] += delta
            minus[j] -= delta
            let up = try solveODE(LV(), from: 0, initialValue: LV.initialValue, parameters: plus,
                                  at: Self.times, method: .dormandPrince, options: tight)
            let down = try solveODE(LV(), from: 0, initialValue: LV.initialValue, parameters: minus,
                                    at: Self.times, method: .dormandPrince, options: tight)
            for k in Self.times.indices {
                for i in 0..<2 {
                    let fd = (up.values[k][i] - down.values[k][i]) / (2 * delta)
                    let ad = s.jacobians[k][i, j]
                    #expect(abs(ad - fd) / max(1, abs(fd)) < 1e-5,
                            "\(method) t=\(Self.times[k]) ∂y\(i)/∂p\(j): AD \(ad), FD \(fd)")
                }
            }
        }
    }

    /// `y′ = λy`, `y(0) = y₀`: `∂y/∂λ = t y₀ e^{λt}` and `∂y/∂y₀ = e^{λt}` (columns: the
    /// parameter, then the initial value), to 1e-7 relative at rtol 1e-10.
    @Test(arguments: ODEMethod.allCases)
    func linearProblemMatchesClosedForm(method: ODEMethod) throws {
        let lambda = -0.7, y0 = 2.0
        let times = [0.0, 0.5, 1, 3, 6]
        let s = try solveODEWithSensitivities(
            LinearDecay(), from: 0, initialValue: [y0], parameters: [lambda], at: times,
            method: method, options: ODEOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-12),
            withRespectToInitialValue: true)
        try #require(s.jacobians.count == times.count)
        for (k, t) in times.enumerated() {
            let e = Double.exp(lambda * t)
            #expect(s.jacobians[k].columns == 2)
            #expect(isClose(s.values[k][0], y0 * e, relative: 1e-8))
            #expect(isClose(s.jacobians[k][0, 0], t * y0 * e, relative: 1e-7), "t=\(t) ∂y/∂λ")
            #expect(isClose(s.jacobians[k][0, 1], e, relative: 1e-7), "t=\(t) ∂y/∂y0")
        }
    }

    /// Ten parameters take two sweeps (8 + 2 directions); every column lands in its place:
    /// `∂yᵢ/∂pⱼ = −δᵢⱼ t yᵢ(0) e^{−pᵢt}` (off-diagonal entries exactly 0).
    @Test func moreParametersThanOneSweepHolds() throws {
        let p = (0..<10).map { 0.1 + 0.1 * Double($0) }
        let y0 = (0..<10).map { 1 + Double($0) }
        let t = 2.0
        let s = try solveODEWithSensitivities(
            DecoupledDecay(), from: 0, initialValue: y0, parameters: p, at: [t], method: .bdf,
            options: ODEOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-12))
        let jac = s.jacobians[0]
        try #require(jac.rows == 10 && jac.columns == 10)
        for i in 0..<10 {
            for j in 0..<10 {
                let exact = i == j ? -t * y0[i] * Double.exp(-p[i] * t) : 0
                #expect(abs(jac[i, j] - exact) <= 1e-7 * max(1, abs(exact)), "(\(i), \(j))")
            }
        }
    }

    /// The integrators run on a state of plain `Dual<Double>` too (not only the `MultiDual` the
    /// driver uses): y′ = −k y with k seeded, `∂y/∂k = −t y₀ e^{−kt}`.
    @Test(arguments: ODEMethod.allCases)
    func dualStateCarriesTheDerivative(method: ODEMethod) throws {
        let k = Dual<Double>(0.5, tangent: 1)
        let sol = try solveODE(LinearDecay(), from: 0, initialValue: [Dual<Double>(constant: 3)],
                               parameters: [-k], at: [1, 4], method: method,
                               options: ODEOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-12))
        for (index, t) in [1.0, 4].enumerated() {
            let y = sol.values[index][0]
            #expect(isClose(y.value, 3 * Double.exp(-0.5 * t), relative: 1e-8))
            #expect(isClose(y.tangent, -t * 3 * Double.exp(-0.5 * t), relative: 1e-7))
        }
    }
}
