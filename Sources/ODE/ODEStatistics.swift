import RealModule
/// What an integration cost: counts kept by every integrator.
///
/// `functionEvaluations` counts calls of the right-hand side on the state's scalar;
/// the Jacobian by forward-mode AD costs ⌈n/N⌉ further calls on `N`-direction duals
/// (`N` = 1, 2, 4 or 8, chosen by the dimension `n`), counted in `jacobianFunctionEvaluations`.
public struct ODEStatistics: Sendable, Equatable, CustomStringConvertible {
    /// Steps attempted (accepted + rejected).
    public var steps = 0
    /// Steps accepted.
    public var acceptedSteps = 0
    /// Steps rejected by the error test or by a Newton failure.
    public var rejectedSteps = 0
    /// Right-hand-side evaluations on the state's scalar.
    public var functionEvaluations = 0
    /// Jacobians `∂f/∂y` computed (by forward-mode AD).
    public var jacobianEvaluations = 0
    /// Right-hand-side evaluations on dual numbers spent on those Jacobians.
    public var jacobianFunctionEvaluations = 0
    /// LU decompositions of iteration matrices (Radau's real and complex pair counts as one).
    public var luDecompositions = 0
    /// Newton iterations (each solves with the current LU factors).
    public var newtonIterations = 0
    /// Newton iterations that failed to converge (each leads to a new Jacobian or a smaller step).
    public var newtonFailures = 0

    /// All counts zero.
    public init() {}

    /// One line: `steps=… accepted=… rejected=… fevals=… jacobians=… jac_fevals=… lu=… newton=…`.
    public var description: String {
        "steps=\(steps) accepted=\(acceptedSteps) rejected=\(rejectedSteps) " +
            "fevals=\(functionEvaluations) jacobians=\(jacobianEvaluations) " +
            "jac_fevals=\(jacobianFunctionEvaluations) lu=\(luDecompositions) " +
            "newton=\(newtonIterations) newton_failures=\(newtonFailures)"
    }
}
