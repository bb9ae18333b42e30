import RealModule
/// The right-hand side `f(t, y, p)` of an initial-value problem `y′ = f(t, y, p)`, written once,
/// generically over `Real`.
///
/// Swift closures cannot be generic, so — as `Autodiff`'s `VectorFunction` — the right-hand side
/// is a small type with one generic method. The integrators call it on the state's scalar (to
/// integrate) and on forward-mode duals of it (to take the Jacobian `∂f/∂y` for Newton's method by
/// automatic differentiation), so the same source serves both and no derivative is written by
/// hand.
///
/// `p` holds the parameters of the problem as the same scalar type. Passing them through `p`
/// rather than storing them in the type is what lets the solver differentiate the solution with
/// respect to them (see ``solveODEWithSensitivities(_:from:initialValue:parameters:at:method:options:withRespectToInitialValue:)``).
/// Numeric constants inside the body come in through `Autodiff`'s `lift` (`Real` has no float
/// literals). The result must have as many entries as `y`; the solvers report a wrong count as
/// ``ODEFailure/Reason/invalidInput(_:)`` rather than trap.
///
/// ```swift
/// import Autodiff
/// import ODE
///
/// /// Robertson's chemical kinetics: rates p = (0.04, 1e4, 3e7).
/// struct Robertson: ODEFunction {
///     func callAsFunction<T: Real>(_ t: T, _ y: [T], _ p: [T]) -> [T] {
///         let a = p[0] * y[0], b = p[1] * y[1] * y[2], c = p[2] * y[1] * y[1]
///         return [-a + b, a - b - c, c]
///     }
/// }
/// let sol = try solveODE(Robertson(), from: 0, initialValue: [1.0, 0, 0],
///                        parameters: [0.04, 1e4, 3e7], at: [40], method: .radau5)
/// ```
public protocol ODEFunction {
    /// `f(t, y, p)`: the derivative `y′` at time `t`, state `y` and parameters `p`.
    func callAsFunction<T: Real>(_ t: T, _ y: [T], _ p: [T]) -> [T]
}
