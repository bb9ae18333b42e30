import LinearAlgebra
import ODE
import Optimization
import RealModule

/// The Lotka–Volterra inverse problem: simulate predator–prey counts with known rates
/// `(α, β, γ, δ)`, add seeded Gaussian noise, and recover the rates from the noisy observations by
/// Levenberg–Marquardt, the residual Jacobian taken by forward-mode AD through the integrator
/// (``ODEParameterFit``).
///
///     x′ = αx − βxy,   y′ = δxy − γy   (``/ODE/ODEProblems/LotkaVolterra``)
///
/// ```swift
/// let problem = try LotkaVolterraInverseProblem(noise: 0.05, seed: 0)
/// let recovery = try problem.recover(from: [1.2, 1.2, 2.6, 0.8])
/// recovery.rates                // ≈ [1.5, 1, 3, 1]
/// recovery.maxRelativeError     // against the true rates
/// ```
public struct LotkaVolterraInverseProblem: Sendable {
    /// The rates that generated the data, `(α, β, γ, δ)`.
    public var trueRates: [Double]
    /// The known initial populations `(x, y)(0)`.
    public var initialValue: [Double]
    /// The observation times.
    public var times: [Double]
    /// The standard deviation of the additive Gaussian noise on every observation.
    public var noise: Double
    /// The noisy observations, `observations[k] = (x, y)(times[k]) + noise`.
    public var observations: [[Double]]
    /// The noise-free trajectory at ``times``.
    public var exact: [[Double]]

    /// Simulates the data: integrates with `trueRates` from `initialValue` (Dormand–Prince,
    /// rtol 1e-10) and adds independent N(0, noise²) draws from `generator` to every value.
    ///
    /// The defaults: rates (1.5, 1, 3, 1), start (1, 1), 30 observations at t = 0.2, 0.4, …, 6
    /// (about two periods; over more periods a wrong period fits better than it should and the
    /// least-squares landscape has more local minima).
    /// - Throws: ``ParameterFitError/invalidData(_:)`` for a non-finite or negative noise, no
    ///   times or rates not four; ``ParameterFitError/simulationFailed(_:)`` if the integration fails.
    public init(trueRates: [Double] = ODEProblems.LotkaVolterra.parameters,
                initialValue: [Double] = ODEProblems.LotkaVolterra.initialValue,
                times: [Double] = (1...30).map { 0.2 * Double($0) }, noise: Double,
                using generator: inout some RandomNumberGenerator) throws(ParameterFitError) {
        guard trueRates.count == 4, trueRates.allSatisfy(\.isFinite) else {
            throw .invalidData("the rates must be four finite numbers (α, β, γ, δ), got \(trueRates)")
        }
        guard initialValue.count == 2, initialValue.allSatisfy(\.isFinite) else {
            throw .invalidData("the initial value must be two finite numbers (x, y), got \(initialValue)")
        }
        guard !times.isEmpty else { throw .invalidData("no observation times") }
        guard noise >= 0, noise.isFinite else { throw .invalidData("noise must be finite and ≥ 0, got \(noise)") }
        let solution: ODESolution<Double>
        do {
            solution = try solveODE(ODEProblems.LotkaVolterra(), from: 0, initialValue: initialValue,
                                    parameters: trueRates, at: times, method: .dormandPrince,
                                    options: ODEOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-12))
        } catch {
            throw .simulationFailed(error.description)
        }
        self.trueRates = trueRates
        self.initialValue = initialValue
        self.times = times
        self.noise = noise
        exact = solution.values
        observations = exact.map { row in row.map { $0 + noise * standardNormal(using: &generator) } }
    }

    /// Levenberg–Marquardt with its defaults but at most 200 iterations (a good start converges in
    /// about ten).
    public static var solver: LevenbergMarquardt {
        var s = LevenbergMarquardt()
        s.maxIterations = 200
        return s
    }

    /// The default problem with the noise drawn from a SplitMix64 generator seeded by `seed`
    /// (reproducible: the same seed gives the same observations everywhere).
    /// - Throws: as ``init(trueRates:initialValue:times:noise:using:)``.
    public init(noise: Double, seed: UInt64) throws(ParameterFitError) {
        var generator = SplitMix64(seed: seed)
        try self.init(noise: noise, using: &generator)
    }

    /// The least-squares problem on these observations.
    public var fit: ODEParameterFit<ODEProblems.LotkaVolterra> {
        ODEParameterFit(ODEProblems.LotkaVolterra(), initialValue: initialValue, times: times,
                        observations: observations)
    }

    /// Recovers the rates from `start` by Levenberg–Marquardt (at most 200 iterations by default).
    ///
    /// Like every fit of an oscillation, this one converges to the truth only from a start close
    /// enough to have about the right period: from every rate 13–20 % off it does; from 20–30 %
    /// off it can stop in a local minimum with a different period.
    /// - Throws: ``ParameterFitError/invalidData(_:)`` when `start` is not four finite rates.
    /// - Complexity: per iteration one solve on 4-direction duals and one or a few plain solves.
    public func recover(from start: [Double], solver: LevenbergMarquardt = Self.solver)
        throws(ParameterFitError) -> LotkaVolterraRecovery {
        guard start.count == 4, start.allSatisfy(\.isFinite) else {
            throw .invalidData("the starting rates must be four finite numbers (α, β, γ, δ), got \(start)")
        }
        return LotkaVolterraRecovery(trueRates: trueRates, start: start, result: try fit.fit(from: start, solver: solver))
    }
}

/// The outcome of ``LotkaVolterraInverseProblem/recover(from:solver:)``: the least-squares
/// result and how far the recovered rates are from the truth.
public struct LotkaVolterraRecovery: Sendable {
    /// The rates that generated the data.
    public var trueRates: [Double]
    /// Where the fit started.
    public var start: [Double]
    /// The Levenberg–Marquardt result (``/Optimization/LeastSquaresResult/parameters`` are the
    /// recovered rates).
    public var result: LeastSquaresResult

    /// The recovered `(α, β, γ, δ)`.
    public var rates: [Double] { result.parameters }

    /// `|recovered − true| / |true|` per rate.
    public var relativeErrors: [Double] {
        zip(rates, trueRates).map { abs($0 - $1) / abs($1) }
    }

    /// The largest of ``relativeErrors``.
    public var maxRelativeError: Double { relativeErrors.max() ?? .nan }

    /// The Gauss–Newton standard errors of the rates (`nil` when JᵀJ is singular).
    public var standardErrors: [Double]? { result.standardErrors }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a small seeded generator for reproducible noise.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
