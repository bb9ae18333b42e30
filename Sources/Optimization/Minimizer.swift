/// Minimises a function from a starting point with one of the ``MinimizationMethod``s; every
/// derivative comes from `Autodiff` through a ``DifferentiableObjective``.
///
/// Nothing a caller passes makes it trap: an empty or non-finite start, invalid options, a
/// missing derivative routine, or f turning NaN or infinite come back as a
/// ``MinimizationResult`` whose ``MinimizationResult/reason`` says so.
///
/// - Complexity: per iteration, one or a few evaluations of f and ∇f (each about 3× f), plus
///   O(n) (gradient descent, L-BFGS with memory m: O(m·n)), O(n²) (BFGS), or one Hessian and an
///   O(n³) Cholesky factorisation (Newton); trust-region Newton costs one Hessian–vector product
///   per inner conjugate-gradient step.
///
/// ```swift
/// let result = Minimizer(method: .lbfgs()).minimize(Rosenbrock(), from: [-1.2, 1])
/// result.minimizer       // ≈ [1, 1]
/// result.reason          // .gradientTolerance
/// ```
public struct Minimizer: Sendable {
    /// The algorithm.
    public var method: MinimizationMethod
    /// Stopping tests and line-search parameters.
    public var options: MinimizationOptions

    /// A minimiser; the default options stop at ‖∇f‖∞ ≤ 10⁻⁸ or after 1000 iterations.
    public init(method: MinimizationMethod = .lbfgs(), options: MinimizationOptions = MinimizationOptions()) {
        self.method = method
        self.options = options
    }

    /// Minimises `f` from `x0`, differentiating it with `Autodiff` (a fresh, reused-per-run set
    /// of tapes). `@inlinable` so `f` is specialised in the caller's module.
    @inlinable
    public func minimize<F: ObjectiveFunction>(_ f: F, from x0: [Double]) -> MinimizationResult {
        minimize(DifferentiableObjective(f), from: x0)
    }

    /// Minimises an objective given by its derivative routines from `x0`.
    public func minimize(_ objective: DifferentiableObjective, from x0: [Double]) -> MinimizationResult {
        switch MinimizationRun.start(objective, at: x0, method: method, options: options) {
        case .failure(let stop):
            return stop.result
        case .success(var run):
            switch method {
            case .gradientDescent: return run.runGradientDescent()
            case .bfgs: return run.runBFGS()
            case .lbfgs(let memory): return run.runLBFGS(memory: memory)
            case .newton: return run.runNewton()
            case .trustRegionNewton: return run.runTrustRegionNewton()
            }
        }
    }
}

/// Minimises `f` from `x0` with `method` (see ``Minimizer``).
///
/// ```swift
/// let r = minimize(Rosenbrock(), from: [-1.2, 1], method: .newton)
/// ```
@inlinable
public func minimize<F: ObjectiveFunction>(
    _ f: F, from x0: [Double], method: MinimizationMethod = .lbfgs(),
    options: MinimizationOptions = MinimizationOptions()
) -> MinimizationResult {
    Minimizer(method: method, options: options).minimize(f, from: x0)
}
