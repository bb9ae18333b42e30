/// The algorithm a ``Minimizer`` runs. Every one takes its derivatives from `Autodiff`.
///
/// | method | direction | step | derivatives per iteration |
/// |---|---|---|---|
/// | ``gradientDescent`` | −∇f | backtracking to the Armijo condition | one gradient |
/// | ``bfgs`` | −H∇f, H the BFGS inverse-Hessian approximation (dense) | strong Wolfe (Moré–Thuente) | gradients at the trial points |
/// | ``lbfgs(memory:)`` | two-loop recursion over the last `memory` pairs | strong Wolfe (Moré–Thuente) | gradients at the trial points |
/// | ``newton`` | −(∇²f + τI)⁻¹∇f, τ ≥ 0 the smallest shift making the Cholesky factorisation succeed | strong Wolfe (Moré–Thuente) | one Hessian (forward over reverse) |
/// | ``trustRegionNewton`` | Steihaug–Toint conjugate gradients on ∇²f inside a trust region | the region's radius | Hessian–vector products (forward over reverse) |
///
/// ```swift
/// let method = MinimizationMethod(name: "lbfgs")   // .lbfgs(memory: 10)
/// ```
public enum MinimizationMethod: Sendable, Hashable, CustomStringConvertible {
    /// Steepest descent with backtracking (Armijo) line search. Linear convergence: for
    /// well-conditioned problems and as a baseline.
    case gradientDescent
    /// BFGS with a dense n×n inverse-Hessian approximation (Nocedal & Wright, Algorithm 6.1).
    /// O(n²) memory and work per iteration; n ≤ 5000.
    case bfgs
    /// Limited-memory BFGS keeping `memory` correction pairs (Nocedal & Wright, Algorithm 7.4).
    /// O(memory·n) memory and work per iteration.
    case lbfgs(memory: Int)
    /// Newton's method with the exact Hessian, shifted by a multiple of the identity until it is
    /// positive definite (Nocedal & Wright, Algorithm 3.3), and a line search. O(n²) memory and
    /// O(n³) work per iteration; n ≤ 5000.
    case newton
    /// Newton's method in a trust region, the step from truncated conjugate gradients on
    /// Hessian–vector products (Steihaug–Toint; Nocedal & Wright, Algorithms 4.1 and 7.2). Handles
    /// indefinite Hessians by following negative curvature to the region's boundary; never forms
    /// the Hessian.
    case trustRegionNewton

    /// L-BFGS with the usual memory of 10 pairs.
    public static func lbfgs() -> MinimizationMethod { .lbfgs(memory: 10) }

    /// The method for a short name: `gd` (or `gradient-descent`), `bfgs`, `lbfgs` (or `l-bfgs`),
    /// `newton`, `newton-tr` (or `trust-region`); `nil` for anything else.
    public init?(name: String) {
        switch name.lowercased() {
        case "gd", "gradient-descent", "gradientdescent": self = .gradientDescent
        case "bfgs": self = .bfgs
        case "lbfgs", "l-bfgs": self = .lbfgs(memory: 10)
        case "newton": self = .newton
        case "newton-tr", "trust-region", "trustregion", "trust-region-newton": self = .trustRegionNewton
        default: return nil
        }
    }

    /// The names ``init(name:)`` accepts, one per method.
    public static let names = ["gd", "bfgs", "lbfgs", "newton", "newton-tr"]

    /// The short name (`gd`, `bfgs`, `lbfgs`, `newton`, `newton-tr`).
    public var description: String {
        switch self {
        case .gradientDescent: "gd"
        case .bfgs: "bfgs"
        case .lbfgs(let m): m == 10 ? "lbfgs" : "lbfgs(m=\(m))"
        case .newton: "newton"
        case .trustRegionNewton: "newton-tr"
        }
    }
}

/// When a minimiser stops, and its line-search and trust-region parameters.
///
/// Tolerances that are 0 are off. The iteration stops at the first test met, checked in the
/// order listed: gradient, function change, step, then the limits.
///
/// ```swift
/// var options = MinimizationOptions()
/// options.gradientTolerance = 1e-10
/// options.maxIterations = 500
/// ```
public struct MinimizationOptions: Sendable, Hashable {
    /// Stop when ‖∇f(x)‖∞ ≤ this (SciPy's `gtol`; Optim.jl's `g_abstol`).
    public var gradientTolerance: Double = 1e-8
    /// Stop when an iteration changes f by at most this relative amount:
    /// `|fₖ − fₖ₊₁| ≤ tol · max(|fₖ|, |fₖ₊₁|, 1)` (SciPy L-BFGS-B's `ftol`). Off by default.
    public var functionTolerance: Double = 0
    /// Stop when an iteration moves x by at most this relative amount:
    /// `‖xₖ₊₁ − xₖ‖∞ ≤ tol · max(‖xₖ₊₁‖∞, 1)`. Off by default.
    public var stepTolerance: Double = 0
    /// The most iterations.
    public var maxIterations: Int = 1000
    /// The most evaluations of f (each gradient evaluation also evaluates f and counts).
    public var maxEvaluations: Int = 100_000
    /// Sufficient-decrease constant c₁ of the Armijo and Wolfe conditions.
    public var sufficientDecrease: Double = 1e-4
    /// Curvature constant c₂ of the strong Wolfe condition |φ′(α)| ≤ c₂|φ′(0)| (0.9 for
    /// quasi-Newton and Newton methods, as Nocedal & Wright recommend).
    public var curvature: Double = 0.9
    /// The most trial steps of one line search.
    public var maxLineSearchSteps: Int = 40
    /// The trust region's initial radius (``MinimizationMethod/trustRegionNewton``).
    public var initialTrustRadius: Double = 1
    /// The trust region's largest radius.
    public var maxTrustRadius: Double = 1e4
    /// Record the value, gradient norm, evaluation counts and elapsed time after every
    /// iteration in ``MinimizationResult/history`` (for convergence plots).
    public var recordHistory = false

    /// The defaults.
    public init() {}

    /// The first invalid setting as a one-line message naming it, or `nil`.
    public var validationMessage: String? {
        func bad(_ name: String, _ value: Double) -> Bool { !(value >= 0) || !value.isFinite }
        if bad("gradientTolerance", gradientTolerance) { return "gradientTolerance must be finite and ≥ 0, got \(gradientTolerance)" }
        if bad("functionTolerance", functionTolerance) { return "functionTolerance must be finite and ≥ 0, got \(functionTolerance)" }
        if bad("stepTolerance", stepTolerance) { return "stepTolerance must be finite and ≥ 0, got \(stepTolerance)" }
        if maxIterations < 0 { return "maxIterations must be ≥ 0, got \(maxIterations)" }
        if maxEvaluations < 1 { return "maxEvaluations must be ≥ 1, got \(maxEvaluations)" }
        if !(sufficientDecrease > 0 && sufficientDecrease < curvature && curvature < 1) {
            return "line search needs 0 < sufficientDecrease < curvature < 1, got \(sufficientDecrease) and \(curvature)"
        }
        if maxLineSearchSteps < 1 { return "maxLineSearchSteps must be ≥ 1, got \(maxLineSearchSteps)" }
        if !(initialTrustRadius > 0 && initialTrustRadius.isFinite && maxTrustRadius >= initialTrustRadius
             && maxTrustRadius.isFinite) {
            return "trust radii need 0 < initialTrustRadius ≤ maxTrustRadius < ∞, got \(initialTrustRadius) and \(maxTrustRadius)"
        }
        return nil
    }
}
