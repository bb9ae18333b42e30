import Autodiff
import LinearAlgebra

/// Levenberg–Marquardt for nonlinear least squares: minimise ½‖r(x)‖², r: ℝⁿ → ℝᵐ (m ≥ n usual),
/// with the residual Jacobian J from `Autodiff` (forward mode when n ≤ m, reverse otherwise).
///
/// Each trial step δ solves the damped linear least-squares problem
///
///     min ‖J·δ + r‖² + μ‖D·δ‖²
///
/// by Householder QR of the stacked matrix [J; √μ·D] (never forming JᵀJ, whose condition number
/// is the square of J's). D is Moré's scaling: the running maximum of J's column norms, so the
/// method is invariant to rescaling the variables (Moré 1978, "The Levenberg–Marquardt
/// algorithm: implementation and theory"). The gain ratio ρ = actual / predicted reduction
/// accepts a step when ρ > 10⁻⁴ and updates the damping as Nielsen (1999) does:
/// μ ← μ·max(⅓, 1 − (2ρ − 1)³) after a success, μ ← μ·ν, ν ← 2ν after a failure.
///
/// - Complexity: per trial O((m + n)·n²) for the QR; per accepted step one Jacobian.
///
/// ```swift
/// let fit = LevenbergMarquardt().minimize(residuals, from: [1, 1])
/// fit.parameters, fit.sumOfSquares, fit.reason
/// ```
public struct LevenbergMarquardt: Sendable {
    /// Converged when ‖Jᵀr‖∞ ≤ this (the gradient of ½‖r‖²).
    public var gradientTolerance: Double = 1e-10
    /// Converged when an accepted step reduces ½‖r‖² by at most this relative amount.
    public var functionTolerance: Double = 1e-12
    /// Converged when ‖D·δ‖ ≤ tol·(‖D·x‖ + tol).
    public var stepTolerance: Double = 1e-12
    /// The most iterations (accepted steps).
    public var maxIterations: Int = 1000
    /// The most residual evaluations.
    public var maxEvaluations: Int = 10_000
    /// The initial damping μ₀, relative to the scaled JᵀJ's largest diagonal entry (which is 1
    /// with Moré's scaling).
    public var initialDamping: Double = 1e-3
    /// How the Jacobian is taken.
    public var jacobianMode: DifferentiationMode = .automatic

    /// The defaults.
    public init() {}

    /// Minimises ½‖r(x)‖² from `x0`, the Jacobian of `r` from `Autodiff`. `@inlinable` so `r` is
    /// specialised in the caller's module.
    @inlinable
    public func minimize<R: VectorFunction>(_ r: R, from x0: [Double]) -> LeastSquaresResult {
        minimize(DifferentiableSystem(r, mode: jacobianMode), from: x0)
    }

    /// Minimises ½‖r(x)‖² for a residual map given by its routines.
    public func minimize(_ system: DifferentiableSystem, from x0: [Double]) -> LeastSquaresResult {
        var state = LeastSquaresResult(parameters: x0, residuals: [], sumOfSquares: .nan, gradientNorm: .nan,
                                       iterations: 0, residualEvaluations: 0, jacobianEvaluations: 0,
                                       reason: .iterationLimit, jacobian: Matrix(rows: 0, columns: 0, elements: []))
        func stop(_ reason: StopReason) -> LeastSquaresResult {
            var s = state
            s.reason = reason
            return s
        }
        if let message = validationMessage { return stop(.invalidInput(message)) }
        if x0.isEmpty { return stop(.invalidInput("the starting point is empty")) }
        if let i = x0.firstIndex(where: { !$0.isFinite }) {
            return stop(.invalidInput("the starting point's entry \(i) is \(x0[i])"))
        }
        let n = x0.count
        var x = x0
        var r = system.value(x)
        state.residualEvaluations = 1
        state.residuals = r
        let m = r.count
        if m == 0 { return stop(.invalidInput("the residual map has no outputs")) }
        if (m + n) * n > 100_000_000 {
            return stop(.invalidInput("m = \(m) residuals in n = \(n) unknowns: the dense (m + n)×n QR per step would exceed 10⁸ entries"))
        }
        var cost = 0.5 * dotProduct(r, r)
        state.sumOfSquares = 2 * cost
        guard allFinite(r), cost.isFinite else { return stop(.nonFiniteValue) }
        var j = system.jacobian(x)
        state.jacobianEvaluations = 1
        guard j.rows == m, j.columns == n else {
            return stop(.invalidInput("the Jacobian is \(j.rows)×\(j.columns), expected \(m)×\(n)"))
        }
        guard allFinite(j.elements) else { return stop(.nonFiniteValue) }
        state.jacobian = j
        var scale = [Double](repeating: 0, count: n)
        updateScale(&scale, j)
        var gradient = transposedTimes(j, r)
        state.gradientNorm = maxNorm(gradient)
        if state.gradientNorm <= gradientTolerance { return stop(.gradientTolerance) }
        if maxIterations == 0 { return stop(.iterationLimit) }
        var mu = initialDamping
        var nu = 2.0
        while true {
            // Trial step from the damped problem [J; √μ D] δ ≈ [−r; 0].
            var stacked = [Double](repeating: 0, count: (m + n) * n)
            for i in 0..<(m * n) { stacked[i] = j.elements[i] }
            let root = mu.squareRoot()
            for k in 0..<n { stacked[(m + k) * n + k] = root * scale[k] }
            var rhs = r.map { -$0 }
            rhs.append(contentsOf: [Double](repeating: 0, count: n))
            let qr = QR.factor(Matrix(rows: m + n, columns: n, elements: stacked))
            guard case .success(let delta) = qr.solveLeastSquares(rhs), allFinite(delta) else {
                // Only when μD vanishes (a zero column of J from the start): raise the damping.
                mu = Swift.max(mu * nu, 1e-8); nu *= 2
                if !mu.isFinite || mu > 1e300 { return stop(.noProgress) }
                continue
            }
            var scaledStep = 0.0, scaledX = 0.0
            for k in 0..<n {
                scaledStep += (scale[k] * delta[k]) * (scale[k] * delta[k])
                scaledX += (scale[k] * x[k]) * (scale[k] * x[k])
            }
            scaledStep = scaledStep.squareRoot(); scaledX = scaledX.squareRoot()
            if scaledStep <= stepTolerance * (scaledX + stepTolerance) { return stop(.stepTolerance) }
            let trial = moved(x, by: 1, along: delta)
            guard state.residualEvaluations < maxEvaluations else { return stop(.evaluationLimit) }
            let rt = system.value(trial)
            state.residualEvaluations += 1
            guard rt.count == m else {
                return stop(.invalidInput("the residual map returned \(rt.count) values at an iterate, \(m) at the start"))
            }
            let trialCost = allFinite(rt) ? 0.5 * dotProduct(rt, rt) : .infinity
            // Predicted reduction of the linear model: ½‖r‖² − ½‖r + Jδ‖².
            let jd = j * delta
            var model = 0.0
            for i in 0..<m { let v = r[i] + jd[i]; model += v * v }
            let predicted = cost - 0.5 * model
            let rho = trialCost.isFinite && predicted > 0 ? (cost - trialCost) / predicted : -1
            if rho > 1e-4 {
                let previous = cost
                x = trial; r = rt; cost = trialCost
                state.iterations += 1
                state.parameters = x
                state.residuals = r
                state.sumOfSquares = 2 * cost
                j = system.jacobian(x)
                state.jacobianEvaluations += 1
                guard j.rows == m, j.columns == n else {
                    return stop(.invalidInput("the Jacobian is \(j.rows)×\(j.columns), expected \(m)×\(n)"))
                }
                guard allFinite(j.elements) else { return stop(.nonFiniteValue) }
                state.jacobian = j
                updateScale(&scale, j)
                gradient = transposedTimes(j, r)
                state.gradientNorm = maxNorm(gradient)
                if state.gradientNorm <= gradientTolerance { return stop(.gradientTolerance) }
                if previous - cost <= functionTolerance * previous { return stop(.functionTolerance) }
                if state.iterations >= maxIterations { return stop(.iterationLimit) }
                let t = 2 * rho - 1
                mu *= Swift.max(1.0 / 3, 1 - t * t * t)
                nu = 2
            } else {
                mu *= nu
                nu *= 2
                if !mu.isFinite || mu > 1e300 { return stop(.noProgress) }
                if predicted <= 0 && scaledStep <= 1e-15 * (scaledX + 1e-15) { return stop(.noProgress) }
            }
        }
    }

    /// The first invalid setting as a one-line message, or `nil`.
    public var validationMessage: String? {
        for (name, v) in [("gradientTolerance", gradientTolerance), ("functionTolerance", functionTolerance),
                          ("stepTolerance", stepTolerance)] where !(v >= 0 && v.isFinite) {
            return "\(name) must be finite and ≥ 0, got \(v)"
        }
        if maxIterations < 0 { return "maxIterations must be ≥ 0, got \(maxIterations)" }
        if maxEvaluations < 1 { return "maxEvaluations must be ≥ 1, got \(maxEvaluations)" }
        if !(initialDamping > 0 && initialDamping.isFinite) { return "initialDamping must be finite and > 0, got \(initialDamping)" }
        return nil
    }
}

/// Moré's scaling: dₖ ← max(dₖ, ‖J·eₖ‖), a zero column keeping dₖ = 1.
func updateScale(_ d: inout [Double], _ j: Matrix<Double>) {
    let m = j.rows, n = j.columns
    for k in 0..<n {
        var s = 0.0
        for i in 0..<m { s += j.elements[i * n + k] * j.elements[i * n + k] }
        let norm = s.squareRoot()
        d[k] = Swift.max(d[k], norm)
        if d[k] == 0 { d[k] = 1 }
    }
}

/// Jᵀ·r.
func transposedTimes(_ j: Matrix<Double>, _ r: [Double]) -> [Double] {
    let m = j.rows, n = j.columns
    var g = [Double](repeating: 0, count: n)
    for i in 0..<m {
        let ri = r[i]
        for k in 0..<n { g[k] += j.elements[i * n + k] * ri }
    }
    return g
}

/// What ``LevenbergMarquardt`` returns: the fitted parameters, the residuals and Jacobian there,
/// and why it stopped (a ``StopReason``, as the minimisers report).
public struct LeastSquaresResult: Sendable {
    /// The final parameters x.
    public var parameters: [Double]
    /// r(x).
    public var residuals: [Double]
    /// ‖r(x)‖² (the MGH f; twice SciPy's `cost`).
    public var sumOfSquares: Double
    /// ‖J(x)ᵀr(x)‖∞, the gradient of ½‖r‖².
    public var gradientNorm: Double
    /// Accepted steps.
    public var iterations: Int
    /// Evaluations of r (including rejected trials).
    public var residualEvaluations: Int
    /// Jacobian evaluations.
    public var jacobianEvaluations: Int
    /// Why it stopped.
    public var reason: StopReason
    /// J(x), m×n, at the final parameters.
    public var jacobian: Matrix<Double>

    /// Whether ``reason`` is a convergence test.
    public var converged: Bool { reason.isConvergence }

    /// Standard errors of the parameters from the Gauss–Newton covariance s²(JᵀJ)⁻¹ with
    /// s² = ‖r‖²/(m − n); `nil` when m ≤ n or JᵀJ is singular.
    /// - Complexity: O(m·n² + n³).
    public var standardErrors: [Double]? {
        let m = jacobian.rows, n = jacobian.columns
        guard m > n, n > 0 else { return nil }
        let jtj = jacobian.transposed * jacobian
        guard case .success(let chol) = jtj.cholesky() else { return nil }
        let s2 = sumOfSquares / Double(m - n)
        let inverse = chol.inverse
        return (0..<n).map { (s2 * inverse[$0, $0]).squareRoot() }
    }
}
