import RealModule
/// Solves the initial-value problem `y′ = f(t, y, p)`, `y(t0) = y0`, and returns `y` at each of
/// `times` — SciPy's `solve_ivp(fun, (t0, times[-1]), y0, method, t_eval=times)`.
///
/// - ``ODEMethod/radau5`` (the default) and ``ODEMethod/bdf`` are implicit, for stiff problems:
///   their Newton iterations use `∂f/∂y` computed from `f` itself by forward-mode automatic
///   differentiation (see ``ODEFunction``). ``ODEMethod/dormandPrince`` is explicit, for
///   non-stiff problems.
/// - Outputs between step ends come from each method's dense output, unless
///   ``ODEOptions/stopAtOutputTimes`` makes every output time a step end.
/// - `S` may be `Double`, `Float`, or a forward-mode dual (`Dual<Double>`, `MultiDual<N, Double>`,
///   nested): seeding the tangents of `parameters` or `y0` then gives the derivatives of the
///   solution with respect to them, differentiated through the solver (see
///   ``solveODEWithSensitivities(_:from:initialValue:parameters:at:method:options:withRespectToInitialValue:)``).
///
/// `times` must be finite and ordered in one direction away from `t0` (ties allowed; times equal
/// to `t0` return `y0`); integrating backward (`times` below `t0`) is allowed.
///
/// - Complexity: per step O(n) evaluations-worth of arithmetic for ``ODEMethod/dormandPrince``;
///   for the implicit methods a few evaluations of `f`, and when the Jacobian or step size
///   changes, ⌈n/8⌉ evaluations on duals and O(n³) for the LU factors.
/// - Throws: ``ODEFailure`` (never traps): `.invalidInput` naming the bad time, value or option;
///   `.nonFiniteValue`, `.stepSizeTooSmall`, `.newtonFailure`, `.singularMatrix`,
///   `.maximumStepsReached` with the time reached and the cost so far.
///
/// ```swift
/// struct VanDerPol: ODEFunction {
///     func callAsFunction<T: Real>(_ t: T, _ y: [T], _ p: [T]) -> [T] {
///         [y[1], p[0] * (1 - y[0] * y[0]) * y[1] - y[0]]
///     }
/// }
/// let sol = try solveODE(VanDerPol(), from: 0, initialValue: [2.0, 0], parameters: [1000],
///                        at: [3000], method: .radau5,
///                        options: ODEOptions(relativeTolerance: 1e-6, absoluteTolerance: 1e-6))
/// ```
@inlinable
public func solveODE<F: ODEFunction, S: ODEScalar>(
    _ f: F, from t0: Double, initialValue y0: [S], parameters: [S] = [], at times: [Double],
    method: ODEMethod = .radau5, options: ODEOptions = ODEOptions()
) throws(ODEFailure) -> ODESolution<S> {
    guard let tEnd = times.last else {
        return ODESolution(times: [], values: [], statistics: ODEStatistics(), method: method)
    }
    if !t0.isFinite {
        throw ODEFailure(.invalidInput("the initial time \(t0) is not finite"), time: t0)
    }
    let direction: Double = tEnd >= t0 ? 1 : -1
    for k in times.indices {
        let tk = times[k]
        if !tk.isFinite {
            throw ODEFailure(.invalidInput("output time times[\(k)] = \(tk) is not finite"), time: t0)
        }
        if direction * (tk - t0) < 0 || (k > 0 && direction * (tk - times[k - 1]) < 0) {
            throw ODEFailure(.invalidInput(
                "output time times[\(k)] = \(tk) is out of order (times must run from t0 = \(t0) in one direction)"),
                time: t0)
        }
    }
    if let message = odeProblemMessage(t0: t0, y0: y0, parameters: parameters, tEnd: tEnd,
                                       options: options) {
        throw ODEFailure(.invalidInput(message), time: t0)
    }
    if y0.isEmpty {
        return ODESolution(times: times, values: Array(repeating: [], count: times.count),
                           statistics: ODEStatistics(), method: method)
    }
    let stop = options.stopAtOutputTimes
    switch method {
    case .dormandPrince:
        var integrator = try DormandPrince(f, from: t0, initialValue: y0, parameters: parameters,
                                           toward: tEnd, options: options)
        return try odeDrive(&integrator, times: times, stopAtOutputTimes: stop, method: method)
    case .radau5:
        var integrator = try Radau5(f, from: t0, initialValue: y0, parameters: parameters,
                                    toward: tEnd, options: options)
        return try odeDrive(&integrator, times: times, stopAtOutputTimes: stop, method: method)
    case .bdf:
        var integrator = try BDF(f, from: t0, initialValue: y0, parameters: parameters,
                                 toward: tEnd, options: options)
        return try odeDrive(&integrator, times: times, stopAtOutputTimes: stop, method: method)
    }
}

/// Steps `integrator` to the last of `times`, collecting the state at each (dense output between
/// step ends, or every time a step end when `stopAtOutputTimes`).
@inlinable
func odeDrive<I: ODEIntegrator>(
    _ integrator: inout I, times: [Double], stopAtOutputTimes: Bool, method: ODEMethod
) throws(ODEFailure) -> ODESolution<I.Scalar> {
    let t0 = integrator.time
    let tEnd = times[times.count - 1]
    let direction: Double = tEnd >= t0 ? 1 : -1
    var values: [[I.Scalar]] = []
    values.reserveCapacity(times.count)
    var k = 0
    while k < times.count {
        while k < times.count && direction * (times[k] - integrator.time) <= 0 {
            values.append(times[k] == integrator.time
                          ? integrator.state : integrator.interpolate(at: times[k]))
            k += 1
        }
        if k == times.count { break }
        do {
            try integrator.step(toward: stopAtOutputTimes ? times[k] : tEnd)
        } catch {
            var failure = error
            failure.completedOutputs = values.count
            throw failure
        }
    }
    return ODESolution(times: times, values: values, statistics: integrator.statistics, method: method)
}
