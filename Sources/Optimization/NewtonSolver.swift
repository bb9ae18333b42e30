import Autodiff
import LinearAlgebra

/// Newton's method for a square nonlinear system F(x) = 0, F: ℝⁿ → ℝⁿ.
///
/// Each iteration takes the Jacobian J from `Autodiff` (forward or reverse mode, chosen by shape
/// unless ``jacobianMode`` says otherwise), solves J·Δ = −F by LU with partial pivoting, and damps
/// the step by backtracking on the merit function ½‖F‖²: the largest λ ∈ {1, …} with
/// ‖F(x + λΔ)‖² ≤ (1 − 2cλ)·‖F(x)‖² (c = ``sufficientDecrease``), each new λ the minimiser of the
/// quadratic model of ½‖F(x + λΔ)‖², kept within [λ/10, λ/2] (Dennis & Schnabel, Algorithm A6.3.1).
/// Near a regular root the full step is taken and convergence is quadratic.
///
/// Failures are typed and carry the last iterate and its residual norm (``NewtonFailure``):
/// a singular Jacobian, divergence (iterates or residuals not finite, or growing without bound),
/// no decrease of ‖F‖ along the Newton direction, the iteration limit, invalid input.
///
/// - Complexity: per iteration one Jacobian (forward: ⌈n/8⌉ sweeps), one O(2n³/3) factorisation
///   and one or a few evaluations of F.
///
/// ```swift
/// struct Circle: VectorFunction {
///     func callAsFunction<T: Real>(_ x: [T]) -> [T] { [x[0] * x[0] + x[1] * x[1] - 4, x[0] - x[1]] }
/// }
/// let root = try NewtonSolver().solve(Circle(), from: [1, 0.5]).root   // [√2, √2]
/// ```
public struct NewtonSolver: Sendable {
    /// Converged when ‖F(x)‖∞ ≤ this.
    public var residualTolerance: Double = 1e-10
    /// Converged when the full Newton step is this small relative to x:
    /// ‖Δ‖∞ ≤ tol·max(‖x‖∞, 1) (x is then a root to working precision even if ‖F‖ cannot reach
    /// ``residualTolerance`` in floating point).
    public var stepTolerance: Double = 1e-15
    /// The most iterations.
    public var maxIterations: Int = 100
    /// How the Jacobian is taken.
    public var jacobianMode: DifferentiationMode = .automatic
    /// A pivot of the LU factorisation at most this times the largest |Jᵢⱼ| counts as zero
    /// (singular Jacobian); `nil` uses n·ε.
    public var pivotTolerance: Double? = nil
    /// The constant c of the backtracking condition.
    public var sufficientDecrease: Double = 1e-4
    /// The smallest damping λ tried before giving up with ``NewtonFailure/Kind/noDecrease``.
    public var minimumDamping: Double = 1e-10
    /// An iterate with ‖x‖∞ above this counts as diverged.
    public var divergenceLimit: Double = 1e150

    /// The defaults.
    public init() {}

    /// Solves `f(x) = 0` from `x0`, the Jacobian from `Autodiff`. `@inlinable` so `f` is
    /// specialised in the caller's module.
    /// - Throws: ``NewtonFailure`` with the last iterate and residual norm.
    @inlinable
    public func solve<F: VectorFunction>(_ f: F, from x0: [Double]) throws(NewtonFailure) -> NewtonSolution {
        try solve(DifferentiableSystem(f, mode: jacobianMode), from: x0)
    }

    /// Solves `system.value(x) = 0` from `x0`.
    /// - Throws: ``NewtonFailure`` with the last iterate and residual norm.
    public func solve(_ system: DifferentiableSystem, from x0: [Double]) throws(NewtonFailure) -> NewtonSolution {
        var functionEvaluations = 0, jacobianEvaluations = 0, iterations = 0
        var x = x0
        var residualNorm = Double.nan
        func fail(_ kind: NewtonFailure.Kind) -> NewtonFailure {
            NewtonFailure(kind: kind, iterate: x, residualNorm: residualNorm, iterations: iterations,
                          functionEvaluations: functionEvaluations, jacobianEvaluations: jacobianEvaluations)
        }
        if let message = validationMessage { throw fail(.invalidInput(message)) }
        if x0.isEmpty { throw fail(.invalidInput("the starting point is empty")) }
        if let i = x0.firstIndex(where: { !$0.isFinite }) {
            throw fail(.invalidInput("the starting point's entry \(i) is \(x0[i])"))
        }
        let n = x0.count
        guard n <= 10_000 else {
            throw fail(.invalidInput("n = \(n) unknowns: Newton's method keeps a dense n×n Jacobian; at most 10000"))
        }
        var f = system.value(x)
        functionEvaluations += 1
        guard f.count == n else {
            throw fail(.invalidInput("the system has \(f.count) equations in \(n) unknowns; Newton's method needs as many equations as unknowns"))
        }
        residualNorm = maxNorm(f)
        guard allFinite(f) else { throw fail(.diverged) }
        if residualNorm <= residualTolerance {
            return NewtonSolution(root: x, residual: f, residualNorm: residualNorm, iterations: 0,
                                  functionEvaluations: functionEvaluations, jacobianEvaluations: 0,
                                  reason: .residualTolerance)
        }
        let pivot = pivotTolerance ?? Double(n) * .ulpOfOne
        while iterations < maxIterations {
            let j = system.jacobian(x)
            jacobianEvaluations += 1
            guard j.rows == n, j.columns == n else {
                throw fail(.invalidInput("the Jacobian is \(j.rows)×\(j.columns), expected \(n)×\(n)"))
            }
            guard allFinite(j.elements) else { throw fail(.diverged) }
            let lu: LU<Double>
            switch j.lu(relativeTolerance: pivot) {
            case .success(let factor): lu = factor
            case .failure(let singular): throw fail(.singularJacobian(column: singular.column))
            }
            let step = lu.solve(f.map { -$0 })
            guard allFinite(step) else { throw fail(.singularJacobian(column: n - 1)) }
            let fullStepNorm = maxNorm(step)
            // Backtracking on ½‖F‖².
            let merit = dotProduct(f, f)
            var lambda = 1.0
            var accepted: (x: [Double], f: [Double])? = nil
            while lambda >= minimumDamping {
                let trial = moved(x, by: lambda, along: step)
                let ft = system.value(trial)
                functionEvaluations += 1
                guard ft.count == n else {
                    throw fail(.invalidInput("the system returned \(ft.count) values at an iterate, \(n) at the start"))
                }
                let trialMerit = allFinite(ft) ? dotProduct(ft, ft) : .infinity
                if trialMerit <= (1 - 2 * sufficientDecrease * lambda) * merit {
                    accepted = (trial, ft)
                    break
                }
                if trialMerit.isFinite {
                    // Minimiser of the quadratic through φ(0) = ½merit, φ′(0) = −merit, φ(λ).
                    let q = merit * lambda * lambda / (trialMerit - (1 - 2 * lambda) * merit)
                    lambda = Swift.min(Swift.max(q.isFinite ? q : 0.5 * lambda, 0.1 * lambda), 0.5 * lambda)
                } else {
                    lambda *= 0.1
                }
            }
            guard let (newX, newF) = accepted else {
                if fullStepNorm <= stepTolerance * Swift.max(maxNorm(x), 1) {
                    return NewtonSolution(root: x, residual: f, residualNorm: residualNorm, iterations: iterations,
                                          functionEvaluations: functionEvaluations,
                                          jacobianEvaluations: jacobianEvaluations, reason: .stepTolerance)
                }
                throw fail(.noDecrease)
            }
            x = newX
            f = newF
            residualNorm = maxNorm(f)
            iterations += 1
            if maxNorm(x) > divergenceLimit { throw fail(.diverged) }
            if residualNorm <= residualTolerance {
                return NewtonSolution(root: x, residual: f, residualNorm: residualNorm, iterations: iterations,
                                      functionEvaluations: functionEvaluations,
                                      jacobianEvaluations: jacobianEvaluations, reason: .residualTolerance)
            }
            if lambda == 1, fullStepNorm <= stepTolerance * Swift.max(maxNorm(x), 1) {
                return NewtonSolution(root: x, residual: f, residualNorm: residualNorm, iterations: iterations,
                                      functionEvaluations: functionEvaluations,
                                      jacobianEvaluations: jacobianEvaluations, reason: .stepTolerance)
            }
        }
        throw fail(.iterationLimit)
    }

    /// The first invalid setting as a one-line message, or `nil`.
    public var validationMessage: String? {
        if !(residualTolerance >= 0) || !residualTolerance.isFinite {
            return "residualTolerance must be finite and ≥ 0, got \(residualTolerance)"
        }
        if !(stepTolerance >= 0) || !stepTolerance.isFinite { return "stepTolerance must be finite and ≥ 0, got \(stepTolerance)" }
        if maxIterations < 0 { return "maxIterations must be ≥ 0, got \(maxIterations)" }
        if let p = pivotTolerance, !(p >= 0 && p < 1) { return "pivotTolerance must be in [0, 1), got \(p)" }
        if !(sufficientDecrease > 0 && sufficientDecrease < 0.5) {
            return "sufficientDecrease must be in (0, ½), got \(sufficientDecrease)"
        }
        if !(minimumDamping > 0 && minimumDamping <= 1) { return "minimumDamping must be in (0, 1], got \(minimumDamping)" }
        if !(divergenceLimit > 0) { return "divergenceLimit must be > 0, got \(divergenceLimit)" }
        return nil
    }
}

/// A root found by ``NewtonSolver``.
public struct NewtonSolution: Sendable {
    /// Why the iteration counted as converged.
    public enum Reason: String, Sendable, Hashable {
        /// ‖F‖∞ reached the residual tolerance.
        case residualTolerance = "residual_tolerance"
        /// The full Newton step became negligible relative to x.
        case stepTolerance = "step_tolerance"
    }
    /// The root x.
    public var root: [Double]
    /// F(x).
    public var residual: [Double]
    /// ‖F(x)‖∞.
    public var residualNorm: Double
    /// Newton iterations taken.
    public var iterations: Int
    /// Evaluations of F (including the backtracking trials).
    public var functionEvaluations: Int
    /// Jacobian evaluations.
    public var jacobianEvaluations: Int
    /// Which test was met.
    public var reason: Reason
}

/// Why ``NewtonSolver`` failed, with where it was: the last iterate, its residual norm ‖F‖∞ and
/// the work done.
///
/// ```swift
/// do { _ = try NewtonSolver().solve(f, from: x0) }
/// catch { print(error.kind, error.iterate, error.residualNorm) }
/// ```
public struct NewtonFailure: Error, Sendable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Kind: Sendable, Hashable {
        /// The Jacobian at the iterate is singular to working precision (no usable pivot in
        /// `column` of its LU factorisation).
        case singularJacobian(column: Int)
        /// F or its Jacobian became NaN or infinite, or the iterates grew past the divergence limit.
        case diverged
        /// Backtracking found no λ ≥ the minimum damping that decreases ‖F‖ along the Newton
        /// direction: typically a local minimum of ‖F‖ that is not a root.
        case noDecrease
        /// The iteration limit was reached.
        case iterationLimit
        /// The input was unusable; the message names what.
        case invalidInput(String)

        /// A stable snake_case code for JSON.
        public var code: String {
            switch self {
            case .singularJacobian: "singular_jacobian"
            case .diverged: "diverged"
            case .noDecrease: "no_decrease"
            case .iterationLimit: "iteration_limit"
            case .invalidInput: "invalid_input"
            }
        }
    }
    /// What went wrong.
    public let kind: Kind
    /// The last iterate.
    public let iterate: [Double]
    /// ‖F‖∞ at the last iterate (NaN if it could not be evaluated).
    public let residualNorm: Double
    /// Iterations completed.
    public let iterations: Int
    /// Evaluations of F.
    public let functionEvaluations: Int
    /// Jacobian evaluations.
    public let jacobianEvaluations: Int

    /// A failure of `kind` at `iterate`.
    public init(kind: Kind, iterate: [Double], residualNorm: Double, iterations: Int,
                functionEvaluations: Int, jacobianEvaluations: Int) {
        self.kind = kind
        self.iterate = iterate
        self.residualNorm = residualNorm
        self.iterations = iterations
        self.functionEvaluations = functionEvaluations
        self.jacobianEvaluations = jacobianEvaluations
    }

    /// One line naming the failure and where it happened.
    public var description: String {
        let what: String
        switch kind {
        case .singularJacobian(let c): what = "the Jacobian is singular (no usable pivot in column \(c + 1))"
        case .diverged: what = "the iteration diverged (non-finite or unbounded values)"
        case .noDecrease: what = "no step along the Newton direction decreases ‖F‖"
        case .iterationLimit: what = "no convergence within the iteration limit"
        case .invalidInput(let m): what = "invalid input: \(m)"
        }
        return "Newton's method failed after \(iterations) iterations: \(what); ‖F‖∞ = \(residualNorm)"
    }
}
