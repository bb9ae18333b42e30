import RealModule
/// Variable-order (1–5), variable-step backward differentiation formulas with error control, in
/// the quasi-constant-step form of Shampine & Reichelt (MATLAB's `ode15s`) that SciPy's `BDF`
/// uses, with the numerical differentiation formula (NDF) modification.
///
/// **State.** The backward differences `D₀ = y_n, D₁ = ∇y_n, …, D_{k+2}` on an equally spaced
/// grid of spacing `h`. Changing the step by a factor `ρ` maps the differences to the new grid
/// by `D ← (R(ρ)U)ᵀ D`, with `R(ρ)ᵢⱼ = Π_{m=1}^{i} (m − 1 − ρj)/m` and `U = R(1)`.
///
/// **One step of order k.** Predict `y⁰ = Σ_{j≤k} Dⱼ`; solve the NDF corrector
/// `(1 − κₖ)γₖ (y − y⁰) + Σ_{j=1}^{k} γⱼ Dⱼ = h f(t_{n+1}, y)` (`γⱼ = Σ_{i≤j} 1/i`,
/// `κ = (0, −0.185, −1/9, −0.0823, −0.0415)`) by simplified Newton with the matrix
/// `I − h/αₖ · J`, `αₖ = (1 − κₖ)γₖ`, `J = ∂f/∂y` by forward-mode AD (recomputed only when Newton
/// fails to converge, as in SciPy; up to 4 iterations). The local error is
/// `(κₖγₖ + 1/(k+1)) · (y − y⁰)`.
///
/// **Step and order.** A rejected step shrinks by `max(0.2, 0.9·err^{-1/(k+1)})`. After `k + 1`
/// steps of equal size, the errors of orders `k − 1` and `k + 1` are estimated from `D_k` and
/// `D_{k+2}`, and the order and step giving the largest step are taken (at most ×10).
///
/// **Dense output.** The backward-difference interpolating polynomial
/// `y(t) = Σ_{j≤k} Dⱼ Π_{m<j} (t − t_{n+1} + m h)/((m + 1) h)`.
///
/// - Complexity: per Newton iteration one evaluation of `f` and O(n²); per Jacobian ⌈n/8⌉
///   evaluations on duals; per LU O(n³) (after every step- or order-change).
///
/// ```swift
/// var bdf = try BDF(ODEProblems.Robertson(), from: 0, initialValue: [1.0, 0, 0],
///                   parameters: [0.04, 1e4, 3e7], toward: 1e11, options: ODEOptions())
/// while bdf.time < 1e11 { try bdf.step(toward: 1e11) }
/// ```
public struct BDF<F: ODEFunction, S: ODEScalar>: ODEIntegrator {
    /// The scalar of the state.
    public typealias Scalar = S
    @usableFromInline typealias C = BDFCoefficients

    @usableFromInline var rhs: ODEEvaluator<F, S>
    @usableFromInline var t: Double
    /// The backward differences, `C.maximumOrder + 3` vectors of `n`.
    @usableFromInline var d: [[S]]
    @usableFromInline var order: Int
    @usableFromInline let maximumOrder: Int
    @usableFromInline var equalSteps = 0
    @usableFromInline var hAbs: Double
    @usableFromInline let direction: Double
    @usableFromInline let maximumStep: Double
    @usableFromInline let maximumSteps: Int
    @usableFromInline let fixedStep: Double?
    @usableFromInline let newtonTolerance: Double
    /// `10ε/rtol`: a Newton increment this small (in the tolerance norm) is rounding noise.
    @usableFromInline let roundoffLevel: Double
    /// Newton iterations per attempt: 4 (SciPy's), 20 with a fixed step (which cannot shrink).
    @usableFromInline let newtonIterationLimit: Int
    @usableFromInline var jac: [S]
    @usableFromInline var jacobianIsCurrent = true
    @usableFromInline var lu: ODELinearSolve.RealLU<S>?
    /// The `h/αₖ` the LU factors were built for.
    @usableFromInline var luC = 0.0
    /// The last accepted step, for dense output: its start, end, signed size, order and
    /// differences `D₀ … D_k` (flat).
    @usableFromInline var tOld: Double
    @usableFromInline var hLast = 0.0
    @usableFromInline var denseOrder = 0
    @usableFromInline var denseD: [S] = []

    /// The time reached.
    @inlinable public var time: Double { t }
    /// The state at ``time``.
    @inlinable public var state: [S] { d[0] }
    /// The start of the last accepted step.
    @inlinable public var previousTime: Double { tOld }
    /// What the integration has cost so far.
    @inlinable public var statistics: ODEStatistics { rhs.statistics }
    /// The order the next step will use (1–5).
    @inlinable public var currentOrder: Int { order }

    /// Starts at `(t0, y0)` with order 1, ready to integrate toward `tEnd`: evaluates
    /// `f(t0, y0)`, its Jacobian by AD, and (unless ``ODEOptions/initialStep`` is given) one more
    /// `f` to choose the first step.
    /// - Throws: ``ODEFailure`` with `.invalidInput` for unusable input, `.nonFiniteValue` when
    ///   `f(t0, y0)` is not finite.
    @inlinable
    public init(_ f: F, from t0: Double, initialValue y0: [S], parameters: [S] = [],
                toward tEnd: Double, options: ODEOptions) throws(ODEFailure) {
        if let message = odeProblemMessage(t0: t0, y0: y0, parameters: parameters, tEnd: tEnd,
                                           options: options) {
            throw ODEFailure(.invalidInput(message), time: t0)
        }
        let n = y0.count
        rhs = ODEEvaluator(f, parameters: parameters, dimension: n, options: options)
        t = t0
        tOld = t0
        direction = tEnd >= t0 ? 1 : -1
        maximumStep = options.maximumStep
        maximumSteps = options.maximumSteps
        maximumOrder = options.maximumOrder
        fixedStep = options.fixedStepSize
        let rtol = options.relativeTolerance
        newtonTolerance = Swift.max(10 * Double.ulpOfOne / rtol, Swift.min(0.03, rtol.squareRoot()))
        roundoffLevel = 10 * Double.ulpOfOne / rtol
        newtonIterationLimit = options.fixedStepSize == nil ? C.maximumNewtonIterations : 20
        order = 1
        hAbs = 0
        jac = []
        d = Array(repeating: Array(repeating: 0, count: n), count: C.maximumOrder + 3)
        d[0] = y0
        let f0 = try rhs(t0, y0)
        guard odeAllFinite(f0) else {
            throw ODEFailure(.nonFiniteValue, time: t0, statistics: rhs.statistics)
        }
        jac = try rhs.jacobian(t0, y0)
        let interval = Swift.abs(tEnd - t0)
        if let h = options.fixedStepSize ?? options.initialStep {
            hAbs = Swift.min(h, maximumStep)
        } else if interval > 0 {
            hAbs = try odeInitialStep(&rhs, t0: t0, y0: y0, f0: f0, direction: direction,
                                      interval: interval, errorOrder: 1, maximumStep: maximumStep)
        } else {
            hAbs = Swift.min(1e-6, maximumStep)
        }
        for i in 0..<n { d[1][i] = f0[i].odeScaled(by: direction * hAbs) }
    }

    /// Starts from an exact history on the grid `t0, t0 − h, …, t0 − k·h` (`history[m]` the state
    /// at `t0 − m·h`) with order `k = history.count − 1`: for convergence studies, which need a
    /// start free of the low-order start-up steps. Use with ``ODEOptions/fixedStepSize`` `= h`.
    @inlinable
    init(_ f: F, from t0: Double, history: [[S]], parameters: [S] = [], toward tEnd: Double,
         options: ODEOptions) throws(ODEFailure) {
        try self.init(f, from: t0, initialValue: history[0], parameters: parameters,
                      toward: tEnd, options: options)
        let k = history.count - 1
        var diffs = history
        var m = 0
        // d[j] = ∇ʲ y(t0): repeated differences of the history.
        while m <= k {
            d[m] = diffs[0]
            var next = [[S]]()
            for i in 0..<(diffs.count - 1) {
                next.append(zip(diffs[i], diffs[i + 1]).map { $0 - $1 })
            }
            diffs = next
            m += 1
        }
        for j in (k + 1)..<d.count { d[j] = Array(repeating: 0, count: history[0].count) }
        order = k
    }

    /// Rescales the differences `D₀…D_k` from step `h` to `ρh`: `D ← (R(ρ)·U)ᵀ D`.
    @inlinable
    mutating func changeDifferences(factor rho: Double) {
        let k = order
        let r = C.rMatrix(order: k, factor: rho)
        let u = C.rMatrix(order: k, factor: 1)
        let size = k + 1
        var ru = [Double](repeating: 0, count: size * size)
        for i in 0..<size {
            for m in 0..<size where r[i * size + m] != 0 {
                for j in 0..<size { ru[i * size + j] += r[i * size + m] * u[m * size + j] }
            }
        }
        let n = d[0].count
        var new = [[S]](repeating: [S](repeating: 0, count: n), count: size)
        for i in 0..<size {
            for j in 0..<size where ru[j * size + i] != 0 {
                let c = ru[j * size + i]
                for l in 0..<n { new[i][l] += d[j][l].odeScaled(by: c) }
            }
        }
        for i in 0..<size { d[i] = new[i] }
    }

    /// Takes one accepted step toward `limit` (see ``ODEIntegrator/step(toward:)``).
    @inlinable
    public mutating func step(toward limit: Double) throws(ODEFailure) {
        guard limit.isFinite, direction * (limit - t) >= 0 else {
            throw ODEFailure(.invalidInput("step limit \(limit) lies behind t = \(t)"), time: t,
                             statistics: rhs.statistics)
        }
        if limit == t { return }
        let n = d[0].count
        if let fixed = fixedStep, hAbs != fixed, Swift.abs(limit - t) >= fixed {
            changeDifferences(factor: fixed / hAbs)
            hAbs = fixed
            lu = nil
        }
        if hAbs > maximumStep {
            changeDifferences(factor: maximumStep / hAbs)
            hAbs = maximumStep
            equalSteps = 0
            lu = nil
        }
        var nonFiniteBefore = false
        var singularCount = 0
        var newtonFailureCount = 0
        while true {
            if rhs.statistics.steps >= maximumSteps {
                throw ODEFailure(.maximumStepsReached(maximumSteps), time: t, statistics: rhs.statistics)
            }
            if hAbs < odeMinimumStep(at: t, direction: direction) {
                throw ODEFailure(nonFiniteBefore ? .nonFiniteValue : .stepSizeTooSmall(stepSize: hAbs),
                                 time: t, statistics: rhs.statistics)
            }
            // Within 1% of `limit`, stretch the step to land on it (as Hairer's codes).
            var tNew = t + direction * hAbs
            if direction * (t + 1.01 * direction * hAbs - limit) > 0 {
                tNew = limit
                changeDifferences(factor: Swift.abs(tNew - t) / hAbs)
                equalSteps = 0
                lu = nil
                hAbs = Swift.abs(tNew - t)
            }
            let h = tNew - t
            rhs.statistics.steps += 1

            var yPredict = d[0]
            for j in 1...order {
                for i in 0..<n { yPredict[i] += d[j][i] }
            }
            let scale = rhs.scale(yPredict)
            var psi = [S](repeating: 0, count: n)
            for j in 1...order {
                let g = C.gamma[j] / C.alpha[order]
                for i in 0..<n { psi[i] += d[j][i].odeScaled(by: g) }
            }
            let c = h / C.alpha[order]

            // Simplified Newton on the corrector, with a fresh Jacobian once if it fails.
            var converged = false
            var nonFinite = false
            var iterations = 0
            var yNew = yPredict
            var correction = [S](repeating: 0, count: n)
            var singular = false
            while true {
                if lu == nil || luC != c {
                    var m = [S](repeating: 0, count: n * n)
                    for i in 0..<(n * n) { m[i] = jac[i].odeScaled(by: -c) }
                    for i in 0..<n { m[i * n + i] += 1 }
                    rhs.statistics.luDecompositions += 1
                    lu = ODELinearSolve.RealLU(m, dimension: n)
                    luC = c
                    if lu == nil { singular = true; break }
                }
                guard let factors = lu else { singular = true; break }
                yNew = yPredict
                correction = [S](repeating: 0, count: n)
                converged = false
                nonFinite = false
                iterations = 0
                var normOld = -1.0
                for k in 0..<newtonIterationLimit {
                    let fy = try rhs(tNew, yNew)
                    guard odeAllFinite(fy) else { nonFinite = true; break }
                    iterations += 1
                    rhs.statistics.newtonIterations += 1
                    var b = [S](repeating: 0, count: n)
                    for i in 0..<n { b[i] = fy[i].odeScaled(by: c) - psi[i] - correction[i] }
                    let dy = factors.solve(b)
                    let norm = odeNorm(dy, scale)
                    guard odeAllFinite(dy) else { nonFinite = true; break }
                    guard norm.isFinite else { break }
                    if norm <= roundoffLevel {
                        // The increment is at the level of rounding: nothing left to converge.
                        for i in 0..<n {
                            yNew[i] += dy[i]
                            correction[i] += dy[i]
                        }
                        converged = true
                        break
                    }
                    let rate: Double? = normOld >= 0 ? norm / normOld : nil
                    if let rate, rate >= 1
                        || Double.pow(rate, Double(newtonIterationLimit - k)) / (1 - rate) * norm > newtonTolerance {
                        break
                    }
                    for i in 0..<n {
                        yNew[i] += dy[i]
                        correction[i] += dy[i]
                    }
                    if norm == 0 || (rate.map { $0 / (1 - $0) * norm < newtonTolerance } ?? false) {
                        converged = true
                        break
                    }
                    normOld = norm
                }
                if converged || jacobianIsCurrent { break }
                jac = try rhs.jacobian(tNew, yPredict)
                jacobianIsCurrent = true
                lu = nil
            }
            if singular {
                rhs.statistics.rejectedSteps += 1
                singularCount += 1
                if singularCount >= 5 || fixedStep != nil {
                    throw ODEFailure(.singularMatrix, time: t, statistics: rhs.statistics)
                }
                hAbs *= 0.5
                changeDifferences(factor: 0.5)
                equalSteps = 0
                lu = nil
                continue
            }
            if !converged {
                rhs.statistics.newtonFailures += 1
                rhs.statistics.rejectedSteps += 1
                newtonFailureCount += 1
                if fixedStep != nil || newtonFailureCount > 20 {
                    throw ODEFailure(nonFinite ? .nonFiniteValue : .newtonFailure, time: t,
                                     statistics: rhs.statistics)
                }
                nonFiniteBefore = nonFinite
                hAbs *= 0.5
                changeDifferences(factor: 0.5)
                equalSteps = 0
                lu = nil
                continue
            }
            let safety = 0.9 * Double(2 * C.maximumNewtonIterations + 1)
                / Double(2 * C.maximumNewtonIterations + iterations)
            let scaleNew = rhs.scale(yNew)
            var error = correction
            for i in 0..<n { error[i] = correction[i].odeScaled(by: C.errorConstant[order]) }
            let errorNorm = odeNorm(error, scaleNew)
            if fixedStep == nil && !(errorNorm <= 1) {
                rhs.statistics.rejectedSteps += 1
                nonFiniteBefore = false
                let factor = errorNorm.isFinite
                    ? Swift.max(0.2, safety * Double.pow(errorNorm, -1 / Double(order + 1))) : 0.2
                hAbs *= factor
                changeDifferences(factor: factor)
                equalSteps = 0
                lu = nil
                continue
            }

            // Accepted: update the differences.
            rhs.statistics.acceptedSteps += 1
            equalSteps += 1
            tOld = t
            t = tNew
            hLast = h
            for i in 0..<n {
                d[order + 2][i] = correction[i] - d[order + 1][i]
                d[order + 1][i] = correction[i]
            }
            for j in stride(from: order, through: 0, by: -1) {
                for i in 0..<n { d[j][i] += d[j + 1][i] }
            }
            denseOrder = order
            denseD = Array(d[0...order].joined())
            jacobianIsCurrent = false

            if fixedStep != nil {
                if order < maximumOrder { order += 1 }
                return
            }
            if equalSteps < order + 1 { return }
            var errorLower = Double.infinity, errorHigher = Double.infinity
            if order > 1 {
                var e = d[order]
                for i in 0..<n { e[i] = d[order][i].odeScaled(by: C.errorConstant[order - 1]) }
                errorLower = odeNorm(e, scaleNew)
            }
            if order < maximumOrder {
                var e = d[order + 2]
                for i in 0..<n { e[i] = d[order + 2][i].odeScaled(by: C.errorConstant[order + 1]) }
                errorHigher = odeNorm(e, scaleNew)
            }
            let factors = [
                Double.pow(errorLower, -1 / Double(order)),
                Double.pow(errorNorm, -1 / Double(order + 1)),
                Double.pow(errorHigher, -1 / Double(order + 2)),
            ]
            var best = 0
            for i in 1..<3 where factors[i] > factors[best] { best = i }
            order += best - 1
            let factor = Swift.min(10, safety * factors[best])
            hAbs *= factor
            changeDifferences(factor: factor)
            equalSteps = 0
            lu = nil
            return
        }
    }

    /// The backward-difference interpolating polynomial of the last accepted step at `t`
    /// (order `k` between step ends).
    /// - Complexity: O(k·n).
    @inlinable
    public func interpolate(at time: Double) -> [S] {
        let n = d[0].count
        if hLast == 0 { return d[0] }
        var out = Array(denseD[0..<n])
        var product = 1.0
        for j in 0..<denseOrder {
            product *= (time - t + Double(j) * hLast) / (Double(j + 1) * hLast)
            for i in 0..<n { out[i] += denseD[(j + 1) * n + i].odeScaled(by: product) }
        }
        return out
    }
}

/// The NDF coefficients of Shampine & Reichelt ("The MATLAB ODE Suite", 1997), as in SciPy's BDF.
@usableFromInline
enum BDFCoefficients {
    @usableFromInline static let maximumOrder = 5
    @usableFromInline static let maximumNewtonIterations = 4
    /// κₖ, k = 0…5 (0 at orders 0 and 5: plain BDF there).
    @usableFromInline static let kappa: [Double] = [0, -0.1850, -1.0 / 9, -0.0823, -0.0415, 0]
    /// γₖ = Σ_{j=1}^{k} 1/j.
    @usableFromInline static let gamma: [Double] = {
        var g = [0.0]
        for k in 1...maximumOrder { g.append(g[k - 1] + 1 / Double(k)) }
        return g
    }()
    /// αₖ = (1 − κₖ) γₖ.
    @usableFromInline static let alpha: [Double] = (0...maximumOrder).map { (1 - kappa[$0]) * gamma[$0] }
    /// The local error constants κₖγₖ + 1/(k + 1).
    @usableFromInline static let errorConstant: [Double] = (0...maximumOrder).map { k -> Double in
        let g: Double = gamma[k]
        return kappa[k] * g + 1 / Double(k + 1)
    }

    /// `R(ρ)`, row-major `(k+1)²`: `R₀ⱼ = 1`, `Rᵢ₀ = 0` for `i > 0`, and
    /// `Rᵢⱼ = Π_{m=1}^{i} (m − 1 − ρj)/m`.
    @inlinable
    static func rMatrix(order k: Int, factor rho: Double) -> [Double] {
        let size = k + 1
        var r = [Double](repeating: 0, count: size * size)
        for j in 0..<size { r[j] = 1 }
        for i in 1..<Swift.max(1, size) {
            for j in 1..<size {
                r[i * size + j] = r[(i - 1) * size + j] * (Double(i) - 1 - rho * Double(j)) / Double(i)
            }
        }
        return r
    }
}
