import RealModule
import Autodiff

/// The right-hand side as the integrators see it: `f` with its parameters bound, counting every
/// call, checking every result's length, and giving the Jacobian `∂f/∂y` by forward-mode AD.
///
/// Shared by ``DormandPrince``, ``Radau5`` and ``BDF``; also holds the tolerances and the norm
/// of ``ODEOptions``.
@usableFromInline
struct ODEEvaluator<F: ODEFunction, S: ODEScalar> {
    @usableFromInline let f: F
    @usableFromInline let parameters: [S]
    /// The number of equations.
    @usableFromInline let n: Int
    @usableFromInline let relativeTolerance: Double
    @usableFromInline let absoluteTolerances: [Double]
    @usableFromInline var statistics = ODEStatistics()

    @inlinable
    init(_ f: F, parameters: [S], dimension n: Int, options: ODEOptions) {
        self.f = f
        self.parameters = parameters
        self.n = n
        self.relativeTolerance = options.relativeTolerance
        self.absoluteTolerances = options.absoluteTolerances(count: n)
    }

    /// `f(t, y, p)`, counted; a result of the wrong length is ``ODEFailure/Reason/invalidInput(_:)``.
    @inlinable
    mutating func callAsFunction(_ t: Double, _ y: [S]) throws(ODEFailure) -> [S] {
        statistics.functionEvaluations += 1
        let out = f(S(odeConstant: t), y, parameters)
        guard out.count == n else { throw wrongLength(out.count, at: t) }
        return out
    }

    @inlinable
    func wrongLength(_ count: Int, at t: Double) -> ODEFailure {
        ODEFailure(.invalidInput("the right-hand side returned \(count) values for \(n) equations"),
                   time: t, statistics: statistics)
    }

    /// `∂f/∂y` at `(t, y)`, row-major `n × n`, by forward mode: ⌈n/N⌉ evaluations of `f` on
    /// `MultiDual<N, S>`, with the chunk width `N` ∈ {1, 2, 4, 8} the smallest power of two ≥ n
    /// (capped at 8), so a 3-equation system costs one evaluation with 4 directions.
    ///
    /// Forward mode is the right sweep for a square Jacobian (one sweep per column, and all
    /// columns of a small system in one chunk); reverse mode would need one sweep per row plus a
    /// recording.
    @inlinable
    mutating func jacobian(_ t: Double, _ y: [S]) throws(ODEFailure) -> [S] {
        statistics.jacobianEvaluations += 1
        switch n {
        case ...1: return try jacobian(t, y, width: MultiDual<1, S>.self)
        case 2: return try jacobian(t, y, width: MultiDual<2, S>.self)
        case 3...4: return try jacobian(t, y, width: MultiDual<4, S>.self)
        default: return try jacobian(t, y, width: MultiDual<8, S>.self)
        }
    }

    @inlinable
    mutating func jacobian<let N: Int>(
        _ t: Double, _ y: [S], width: MultiDual<N, S>.Type
    ) throws(ODEFailure) -> [S] {
        var jac = [S](repeating: 0, count: n * n)
        let tc = MultiDual<N, S>(constant: S(odeConstant: t))
        let pc = parameters.map { MultiDual<N, S>(constant: $0) }
        var start = 0
        while start < n {
            let tag = makePerturbationTag()
            var x = [MultiDual<N, S>]()
            x.reserveCapacity(n)
            for i in 0..<n {
                var partials = InlineArray<N, S>(repeating: 0)
                if i >= start && i < start + N { partials[i - start] = 1 }
                x.append(MultiDual(y[i], partials: partials, tag: tag))
            }
            statistics.jacobianFunctionEvaluations += 1
            let out = f(tc, x, pc)
            guard out.count == n else { throw wrongLength(out.count, at: t) }
            let width = Swift.min(N, n - start)
            for r in 0..<n {
                for k in 0..<width { jac[r * n + start + k] = out[r].partials[k] }
            }
            start += N
        }
        return jac
    }

    /// `scᵢ = atolᵢ + rtol·max(|yᵢ|, |ŷᵢ|)` on the values.
    @inlinable
    func scale(_ y: [S], _ yNew: [S]) -> [Double] {
        var sc = [Double](repeating: 0, count: n)
        for i in 0..<n {
            sc[i] = absoluteTolerances[i]
                + relativeTolerance * Swift.max(Swift.abs(y[i].odeValue), Swift.abs(yNew[i].odeValue))
        }
        return sc
    }

    /// `scᵢ = atolᵢ + rtol·|yᵢ|` on the values.
    @inlinable
    func scale(_ y: [S]) -> [Double] {
        var sc = [Double](repeating: 0, count: n)
        for i in 0..<n { sc[i] = absoluteTolerances[i] + relativeTolerance * Swift.abs(y[i].odeValue) }
        return sc
    }
}

/// The weighted RMS norm `√((1/n) Σᵢ Σ_c (e_{i,c}/scᵢ)²)` over values and derivative parts.
/// NaN when any part is NaN (callers treat that as a failed test). A zero weight (atol = 0 on a
/// zero component) counts as the smallest normal number: a zero error there costs nothing, any
/// other error is huge (possibly +∞), never NaN.
@inlinable
func odeNorm<S: ODEScalar>(_ e: [S], _ scale: [Double]) -> Double {
    let n = e.count
    if n == 0 { return 0 }
    var total = 0.0
    for i in 0..<n {
        let s = scale[i] > 0 ? scale[i] : Double.leastNormalMagnitude
        total += e[i].odeSquaredNorm(dividedBy: s)
    }
    return (total / Double(n)).squareRoot()
}

/// `true` when every entry and all its derivative parts are finite.
@inlinable
func odeAllFinite<S: ODEScalar>(_ y: [S]) -> Bool {
    for v in y where !v.odeIsFinite { return false }
    return true
}

/// The smallest step allowed at `t`: 10 units in the last place of `t` (as SciPy).
@inlinable
func odeMinimumStep(at t: Double, direction: Double) -> Double {
    10 * Swift.abs((direction > 0 ? t.nextUp : t.nextDown) - t)
}

/// Hairer–Nørsett–Wanner's starting step (Solving ODE I, II.4): with `d₀ = ‖y₀‖`, `d₁ = ‖f₀‖`,
/// `h₀ = 0.01·d₀/d₁`, one explicit Euler step to estimate `d₂ = ‖f₁ − f₀‖/h₀`, then
/// `h₁ = (0.01/max(d₁, d₂))^{1/(q+1)}` for an error estimator of order `q`;
/// the result is `min(100·h₀, h₁, |interval|, maxStep)`. One evaluation of `f`.
@inlinable
func odeInitialStep<F: ODEFunction, S: ODEScalar>(
    _ rhs: inout ODEEvaluator<F, S>, t0: Double, y0: [S], f0: [S], direction: Double,
    interval: Double, errorOrder q: Int, maximumStep: Double
) throws(ODEFailure) -> Double {
    let n = rhs.n
    let sc = rhs.scale(y0)
    let d0 = odeNorm(y0, sc), d1 = odeNorm(f0, sc)
    var h0 = (d0 < 1e-5 || d1 < 1e-5 || !(d0.isFinite && d1.isFinite)) ? 1e-6 : 0.01 * d0 / d1
    h0 = Swift.min(h0, interval, maximumStep)
    var y1 = y0
    for i in 0..<n { y1[i] = y0[i] + f0[i].odeScaled(by: direction * h0) }
    let f1 = try rhs(t0 + direction * h0, y1)
    var diff = f1
    for i in 0..<n { diff[i] = f1[i] - f0[i] }
    let d2 = odeNorm(diff, sc) / h0
    var h1: Double
    if !d2.isFinite { h1 = h0 * 1e-3 }
    else if d1 <= 1e-15 && d2 <= 1e-15 { h1 = Swift.max(1e-6, h0 * 1e-3) }
    else { h1 = Double.pow(0.01 / Swift.max(d1, d2), 1 / Double(q + 1)) }
    if !(h1 > 0) { h1 = h0 }
    return Swift.min(100 * h0, h1, interval, maximumStep)
}
