import RealModule
/// A one-step-at-a-time integrator, as SciPy's `OdeSolver` classes: ``DormandPrince``,
/// ``Radau5`` and ``BDF`` conform. ``solveODE(_:from:initialValue:parameters:at:method:options:)``
/// drives one to a list of output times; drive one yourself to watch every step.
///
/// ```swift
/// var radau = try Radau5(ODEProblems.Robertson(), from: 0, initialValue: [1.0, 0, 0],
///                        parameters: [0.04, 1e4, 3e7], toward: 1e5, options: ODEOptions())
/// while radau.time < 1e5 { try radau.step(toward: 1e5) }
/// print(radau.state, radau.statistics)
/// ```
public protocol ODEIntegrator {
    /// The scalar of the state.
    associatedtype Scalar: ODEScalar
    /// The time reached (end of the last accepted step).
    var time: Double { get }
    /// The state at ``time``.
    var state: [Scalar] { get }
    /// The start of the last accepted step (``time`` itself before the first step).
    var previousTime: Double { get }
    /// What the integration has cost so far.
    var statistics: ODEStatistics { get }
    /// Takes one accepted step (retrying rejected attempts with smaller steps), never past
    /// `limit`; does nothing when ``time`` already equals `limit`.
    /// - Throws: ``ODEFailure`` when no acceptable step can be taken, or `limit` lies behind
    ///   ``time`` in the direction of integration.
    mutating func step(toward limit: Double) throws(ODEFailure)
    /// The dense-output approximation at `t` from the last accepted step, meant for `t` between
    /// ``previousTime`` and ``time`` (outside, the interpolating polynomial is extrapolated).
    func interpolate(at t: Double) -> [Scalar]
}

/// The checks every integrator makes on its problem: finite times, the state's and the
/// options' sizes and values. `nil` when usable, else a one-line message.
@inlinable
func odeProblemMessage<S: ODEScalar>(
    t0: Double, y0: [S], parameters: [S], tEnd: Double, options: ODEOptions
) -> String? {
    if !t0.isFinite { return "the initial time \(t0) is not finite" }
    if !tEnd.isFinite { return "the final time \(tEnd) is not finite" }
    if let i = y0.firstIndex(where: { !$0.odeIsFinite }) {
        return "initial value y0[\(i)] = \(y0[i]) is not finite"
    }
    if let i = parameters.firstIndex(where: { !$0.odeIsFinite }) {
        return "parameter p[\(i)] = \(parameters[i]) is not finite"
    }
    return options.problem(forDimension: y0.count)
}
