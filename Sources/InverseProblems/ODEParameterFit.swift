import LinearAlgebra
import ODE
import Optimization

/// Estimates the parameters `p` of an initial-value problem `y′ = f(t, y, p)`, `y(t0) = y0`, from
/// observations `ŷₖ ≈ y(tₖ; p)` by nonlinear least squares:
///
///     min_p ½ Σₖ Σᵢ (yᵢ(tₖ; p) − ŷₖᵢ)²
///
/// solved by ``/Optimization/LevenbergMarquardt``. The residual Jacobian `∂yᵢ(tₖ)/∂pⱼ` is taken by
/// forward-mode automatic differentiation *through the integrator*
/// (``/ODE/solveODEWithSensitivities(_:from:initialValue:parameters:at:method:options:withRespectToInitialValue:)``:
/// the solver runs on dual numbers seeded in the parameters), so neither the variational
/// equations nor finite differences are written or tuned.
///
/// A parameter vector at which the integrator fails (stiffness, blow-up) gives non-finite
/// residuals; Levenberg–Marquardt rejects such a trial step and raises its damping.
///
/// - Complexity: per residual evaluation one solve; per Jacobian one solve on `MultiDual` states
///   of width ≥ the number of parameters (about `1 + m` times a plain solve).
///
/// ```swift
/// let fit = ODEParameterFit(ODEProblems.LotkaVolterra(), initialValue: [1, 1],
///                           times: times, observations: observed)
/// let result = fit.fit(from: [1, 1, 2, 1.5])
/// result.parameters, result.standardErrors
/// ```
public struct ODEParameterFit<F: ODEFunction> {
    /// The right-hand side.
    public var function: F
    /// The initial time `t0`.
    public var initialTime: Double
    /// The known initial value `y0`.
    public var initialValue: [Double]
    /// The observation times, ordered away from `t0`.
    public var times: [Double]
    /// `observations[k]` is the observed state at `times[k]` (one entry per equation).
    public var observations: [[Double]]
    /// The integrator.
    public var method: ODEMethod
    /// Its tolerances: tight enough that the integration error is well below the noise.
    public var options: ODEOptions

    /// A fit of `function`'s parameters to `observations` at `times`.
    public init(_ function: F, from initialTime: Double = 0, initialValue: [Double], times: [Double],
                observations: [[Double]], method: ODEMethod = .dormandPrince,
                options: ODEOptions = ODEOptions(relativeTolerance: 1e-8, absoluteTolerance: 1e-10)) {
        self.function = function
        self.initialTime = initialTime
        self.initialValue = initialValue
        self.times = times
        self.observations = observations
        self.method = method
        self.options = options
    }

    /// The number of residuals, `times.count × initialValue.count`.
    public var residualCount: Int { times.count * initialValue.count }

    /// The residuals `yᵢ(tₖ; p) − ŷₖᵢ`, time-major (`k·n + i`); all NaN when the integration fails.
    /// - Complexity: one solve.
    @inlinable
    public func residuals(_ parameters: [Double]) -> [Double] {
        guard let solution = try? solveODE(function, from: initialTime, initialValue: initialValue,
                                           parameters: parameters, at: times, method: method,
                                           options: options) else {
            return [Double](repeating: .nan, count: residualCount)
        }
        return residuals(of: solution.values)
    }

    /// The `residualCount × parameters.count` Jacobian of ``residuals(_:)``, by forward-mode AD
    /// through the integrator; all NaN when the integration fails.
    /// - Complexity: one solve on dual numbers (⌈m/8⌉ when m > 8).
    @inlinable
    public func residualJacobian(_ parameters: [Double]) -> Matrix<Double> {
        let n = initialValue.count, m = parameters.count
        guard let s = try? solveODEWithSensitivities(function, from: initialTime, initialValue: initialValue,
                                                     parameters: parameters, at: times, method: method,
                                                     options: options) else {
            return Matrix(rows: residualCount, columns: m, repeating: .nan)
        }
        var elements = [Double]()
        elements.reserveCapacity(residualCount * m)
        for k in times.indices {
            for i in 0..<n {
                for j in 0..<m { elements.append(s.jacobians[k][i, j]) }
            }
        }
        return Matrix(rows: residualCount, columns: m, elements: elements)
    }

    /// The residual map with its AD Jacobian, for ``/Optimization/LevenbergMarquardt`` or
    /// ``/Optimization/NewtonSolver``.
    public var system: DifferentiableSystem {
        DifferentiableSystem(value: { residuals($0) }, jacobian: { residualJacobian($0) }, mode: .forward)
    }

    /// The first problem with the data as a one-line message (observation shapes, non-finite
    /// observations), or `nil`.
    public var validationMessage: String? {
        if times.count != observations.count {
            return "\(observations.count) observations for \(times.count) times"
        }
        for (k, row) in observations.enumerated() {
            if row.count != initialValue.count {
                return "observation \(k) has \(row.count) values for \(initialValue.count) equations"
            }
            if let i = row.firstIndex(where: { !$0.isFinite }) {
                return "observation \(k), component \(i) is \(row[i])"
            }
        }
        return nil
    }

    /// Fits the parameters from `start` by Levenberg–Marquardt (why it stopped is the result's
    /// ``/Optimization/LeastSquaresResult/reason``: a non-finite start is
    /// ``/Optimization/StopReason/invalidInput(_:)`` there).
    /// - Throws: ``ParameterFitError/invalidData(_:)`` when the observations do not match the
    ///   times or the equations, or are not finite.
    /// - Complexity: per iteration one Jacobian (a dual solve) and one or a few plain solves.
    public func fit(from start: [Double], solver: LevenbergMarquardt = LevenbergMarquardt())
        throws(ParameterFitError) -> LeastSquaresResult {
        if let message = validationMessage { throw .invalidData(message) }
        return solver.minimize(system, from: start)
    }

    /// `values − observations`, flattened time-major.
    @inlinable
    func residuals(of values: [[Double]]) -> [Double] {
        var r = [Double]()
        r.reserveCapacity(residualCount)
        for k in times.indices {
            for i in initialValue.indices { r.append(values[k][i] - observations[k][i]) }
        }
        return r
    }
}

/// Why a parameter fit could not start.
public enum ParameterFitError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The observations do not fit the problem; the message names the observation.
    case invalidData(String)
    /// The simulation of the data failed (an ``/ODE/ODEFailure``'s description).
    case simulationFailed(String)

    /// A one-line message.
    public var description: String {
        switch self {
        case .invalidData(let message): "invalid data: \(message)"
        case .simulationFailed(let message): "simulation failed: \(message)"
        }
    }
}
