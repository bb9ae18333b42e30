/// Why a minimiser stopped.
///
/// ```swift
/// if result.reason == .gradientTolerance { … }
/// print(result.reason.code)   // "gradient_tolerance"
/// ```
public enum StopReason: Sendable, Hashable, CustomStringConvertible {
    /// ‖∇f‖∞ reached ``MinimizationOptions/gradientTolerance``: converged.
    case gradientTolerance
    /// The relative change of f reached ``MinimizationOptions/functionTolerance``: converged.
    case functionTolerance
    /// The relative step reached ``MinimizationOptions/stepTolerance``: converged.
    case stepTolerance
    /// ``MinimizationOptions/maxIterations`` iterations ran.
    case iterationLimit
    /// ``MinimizationOptions/maxEvaluations`` evaluations of f ran.
    case evaluationLimit
    /// No step decreased f: the line search found no acceptable point or the trust region shrank
    /// below the rounding level of x. Usually f cannot be decreased further in floating point
    /// from here (the result is then as good as this precision allows), sometimes the problem is
    /// badly scaled for the method.
    case noProgress
    /// f or ∇f was NaN or infinite at an iterate (at the start, or where the method had to
    /// evaluate it); the result holds the last finite iterate.
    case nonFiniteValue
    /// The input was unusable (empty or non-finite start, invalid options, a missing derivative
    /// routine); the message names what.
    case invalidInput(String)

    /// Whether the stop is a convergence test (gradient, function or step tolerance).
    public var isConvergence: Bool {
        switch self {
        case .gradientTolerance, .functionTolerance, .stepTolerance: true
        default: false
        }
    }

    /// A stable snake_case code for JSON (`gradient_tolerance`, `iteration_limit`, …).
    public var code: String {
        switch self {
        case .gradientTolerance: "gradient_tolerance"
        case .functionTolerance: "function_tolerance"
        case .stepTolerance: "step_tolerance"
        case .iterationLimit: "iteration_limit"
        case .evaluationLimit: "evaluation_limit"
        case .noProgress: "no_progress"
        case .nonFiniteValue: "non_finite_value"
        case .invalidInput: "invalid_input"
        }
    }

    /// A one-line human-readable reason.
    public var description: String {
        switch self {
        case .gradientTolerance: "gradient norm below tolerance"
        case .functionTolerance: "relative change of f below tolerance"
        case .stepTolerance: "relative step below tolerance"
        case .iterationLimit: "iteration limit reached"
        case .evaluationLimit: "evaluation limit reached"
        case .noProgress: "no step decreases f (line search or trust region failed)"
        case .nonFiniteValue: "f or its gradient is not finite"
        case .invalidInput(let message): "invalid input: \(message)"
        }
    }
}

/// The state after one iteration, kept when ``MinimizationOptions/recordHistory`` is on.
public struct IterationRecord: Sendable, Hashable {
    /// The iteration (0 is the starting point).
    public var iteration: Int
    /// f at the iterate.
    public var value: Double
    /// ‖∇f‖∞ at the iterate.
    public var gradientNorm: Double
    /// Evaluations of f so far.
    public var functionEvaluations: Int
    /// Evaluations of ∇f so far.
    public var gradientEvaluations: Int
    /// Seconds since the minimiser started.
    public var seconds: Double
}

/// What a minimiser returns: the best point it reached and how it got there. Failures are
/// values here too — ``reason`` says why it stopped, and ``converged`` whether that was a
/// convergence test.
///
/// ```swift
/// let r = minimize(Rosenbrock(), from: [-1.2, 1], method: .bfgs)
/// print(r.minimizer, r.value, r.gradientNorm, r.iterations, r.reason)
/// ```
public struct MinimizationResult: Sendable {
    /// The method that ran.
    public var method: MinimizationMethod
    /// The final iterate (for a stop at the start, the start itself).
    public var minimizer: [Double]
    /// f at ``minimizer`` (NaN when it could not be evaluated).
    public var value: Double
    /// ∇f at ``minimizer`` (empty when it could not be evaluated).
    public var gradient: [Double]
    /// ‖∇f‖∞ at ``minimizer``.
    public var gradientNorm: Double
    /// Iterations completed.
    public var iterations: Int
    /// Evaluations of f (including those made together with a gradient).
    public var functionEvaluations: Int
    /// Evaluations of ∇f (each one reverse sweep).
    public var gradientEvaluations: Int
    /// Evaluations of the full Hessian.
    public var hessianEvaluations: Int
    /// Hessian–vector products.
    public var hessianVectorProducts: Int
    /// Why it stopped.
    public var reason: StopReason
    /// Per-iteration records, if ``MinimizationOptions/recordHistory`` was on.
    public var history: [IterationRecord]

    /// Whether ``reason`` is a convergence test.
    public var converged: Bool { reason.isConvergence }

    /// `functionEvaluations` — the single count SciPy's `nfev` reports.
    public var evaluations: Int { functionEvaluations }
}
